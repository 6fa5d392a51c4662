#include "run/ledger.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <nlohmann/json.hpp>

namespace scimcheck::run {
namespace {

using Json = nlohmann::json;

}  // namespace

Ledger::Ledger(std::string path, std::FILE* file, LedgerHeader header)
    : path_(std::move(path)), file_(file), header_(std::move(header)) {}

Ledger::Ledger(Ledger&& other) noexcept
    : path_(std::move(other.path_)),
      file_(other.file_),
      header_(std::move(other.header_)),
      entries_(std::move(other.entries_)),
      by_seq_(std::move(other.by_seq_)),
      by_resource_(std::move(other.by_resource_)),
      next_seq_(other.next_seq_) {
  other.file_ = nullptr;
}

Ledger::~Ledger() {
  if (file_) std::fclose(file_);
}

std::optional<Ledger> Ledger::create(const std::string& path, const LedgerHeader& header,
                                     std::string* error) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) {
    *error = "cannot write the cleanup ledger " + path;
    return std::nullopt;
  }
  Ledger ledger(path, f, header);
  ledger.append(Json{{"event", "run"},
                     {"run_id", header.run_id},
                     {"profile", header.profile},
                     {"target", header.target}}
                    .dump());
  return ledger;
}

std::optional<Ledger> Ledger::read(const std::string& path, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = "cannot read the ledger " + path;
    return std::nullopt;
  }
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (!f) {
    *error = "cannot append to the ledger " + path;
    return std::nullopt;
  }
  // A torn last line (the process died mid-write) must not swallow the next record.
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!text.empty() && text.back() != '\n') {
    std::fputc('\n', f);
    std::fflush(f);
  }
  Ledger ledger(path, f, {});
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    // A crash can leave a torn last line: skip what does not parse.
    if (!Json::accept(line)) continue;
    ledger.apply(line);
  }
  return ledger;
}

void Ledger::apply(const std::string& line) {
  Json j = Json::parse(line);
  const std::string event = j.value("event", "");
  if (event == "run") {
    header_.run_id = j.value("run_id", "");
    header_.profile = j.value("profile", "");
    header_.target = j.value("target", "");
  } else if (event == "pending") {
    LedgerEntry e;
    e.seq = j.value("seq", 0);
    e.endpoint = j.value("endpoint", "");
    e.marker_attr = j.value("marker_attr", "");
    e.marker_value = j.value("marker_value", "");
    e.case_id = j.value("case", "");
    by_seq_[e.seq] = entries_.size();
    entries_.push_back(e);
    next_seq_ = std::max(next_seq_, e.seq + 1);
  } else if (LedgerEntry* e = find(j.value("seq", 0))) {
    if (event == "created") {
      e->state = LedgerEntry::State::created;
      e->id = j.value("id", "");
      by_resource_[e->endpoint + " " + e->id] = e->seq;
    } else if (event == "unverified") {
      e->state = LedgerEntry::State::unverified;
      e->id = j.value("id", "");
    } else if (event == "not-created") {
      e->state = LedgerEntry::State::not_created;
    } else if (event == "deleted") {
      e->state = LedgerEntry::State::deleted;
      by_resource_.erase(e->endpoint + " " + e->id);
    }
  }
}

void Ledger::append(const std::string& line) {
  if (!file_) return;
  std::fputs(line.c_str(), file_);
  std::fputc('\n', file_);
  std::fflush(file_);
  ::fsync(::fileno(file_));
}

LedgerEntry* Ledger::find(int seq) {
  const auto it = by_seq_.find(seq);
  return it == by_seq_.end() ? nullptr : &entries_[it->second];
}

int Ledger::pending(const std::string& endpoint, const std::string& marker_attr,
                    const std::string& marker_value, const std::string& case_id) {
  std::lock_guard lock(mutex_);
  const int seq = next_seq_++;
  Json line{{"event", "pending"},   {"seq", seq},
            {"endpoint", endpoint}, {"marker_attr", marker_attr},
            {"marker_value", marker_value}, {"case", case_id}};
  append(line.dump());
  apply(line.dump());
  return seq;
}

void Ledger::created(int seq, const std::string& id) {
  std::lock_guard lock(mutex_);
  Json line{{"event", "created"}, {"seq", seq}, {"id", id}};
  append(line.dump());
  apply(line.dump());
}

void Ledger::unverified(int seq, const std::string& claimed_id) {
  std::lock_guard lock(mutex_);
  Json line{{"event", "unverified"}, {"seq", seq}, {"id", claimed_id}};
  append(line.dump());
  apply(line.dump());
}

void Ledger::not_created(int seq) {
  std::lock_guard lock(mutex_);
  Json line{{"event", "not-created"}, {"seq", seq}};
  append(line.dump());
  apply(line.dump());
}

void Ledger::deleted(const std::string& endpoint, const std::string& id) {
  std::lock_guard lock(mutex_);
  const auto it = by_resource_.find(endpoint + " " + id);
  if (it == by_resource_.end()) return;
  LedgerEntry* e = find(it->second);
  if (!e || e->state != LedgerEntry::State::created) return;
  Json line{{"event", "deleted"}, {"seq", e->seq}};
  append(line.dump());
  e->state = LedgerEntry::State::deleted;
  by_resource_.erase(it);
}

bool Ledger::owns(const std::string& endpoint, const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto it = by_resource_.find(endpoint + " " + id);
  if (it == by_resource_.end()) return false;
  const auto at = by_seq_.find(it->second);
  return at != by_seq_.end() && entries_[at->second].state == LedgerEntry::State::created;
}

std::vector<LedgerEntry> Ledger::outstanding(const std::string& case_id) const {
  std::lock_guard lock(mutex_);
  std::vector<LedgerEntry> out;
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->state == LedgerEntry::State::not_created || it->state == LedgerEntry::State::deleted)
      continue;
    if (!case_id.empty() && it->case_id != case_id) continue;
    out.push_back(*it);
  }
  return out;
}

int Ledger::created_count() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(std::count_if(entries_.begin(), entries_.end(), [](const LedgerEntry& e) {
    return e.state == LedgerEntry::State::created || e.state == LedgerEntry::State::deleted;
  }));
}

int Ledger::deleted_count() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(std::count_if(entries_.begin(), entries_.end(), [](const LedgerEntry& e) {
    return e.state == LedgerEntry::State::deleted;
  }));
}

}  // namespace scimcheck::run
