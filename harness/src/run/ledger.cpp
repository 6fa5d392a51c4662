#include "run/ledger.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace scimcheck::run {
namespace {

using Json = nlohmann::json;

/// Sequence numbers a read ledger may skip ahead by (lines lost to a torn write), so that a
/// damaged file cannot make the slot table huge.
constexpr std::size_t kSeqSlack = 4096;

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

Json parse_line(std::string_view line) {
  Json j = Json::parse(line.begin(), line.end(), nullptr, false);
  return j.is_object() ? j : Json();
}

std::string text_field(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// The line parsed when it is a "created" record, else null. Only lines that mention
/// "created" are parsed; the event is then read from the JSON, whatever its spacing or key order.
Json created_record(std::string_view line) {
  if (line.find("\"created\"") == std::string_view::npos) return nullptr;
  Json j = parse_line(line);
  if (j.is_null() || text_field(j, "event") != "created") return nullptr;
  return j;
}

int seq_field(const Json& j) {
  const auto it = j.find("seq");
  if (it == j.end() || !it->is_number_integer()) return 0;
  const auto seq = it->get<std::int64_t>();
  return seq > 0 && seq <= INT32_MAX ? static_cast<int>(seq) : 0;
}

/// The directory entry of a new file must reach the disk too, or a power loss loses the file.
void sync_directory(const std::string& path) {
  const auto dir = std::filesystem::absolute(path).parent_path();
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

LineReader::LineReader(int fd, std::uint64_t from, std::uint64_t to)
    : fd_(fd), offset_(from), end_(to) {}

bool LineReader::fill() {
  if (offset_ >= end_) return false;
  buffer_.erase(0, start_);
  start_ = 0;
  const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, end_ - offset_));
  const std::size_t had = buffer_.size();
  buffer_.resize(had + want);
  ssize_t n;
  do {
    n = ::pread(fd_, buffer_.data() + had, want, static_cast<off_t>(offset_));
  } while (n < 0 && errno == EINTR);
  if (n <= 0) {
    buffer_.resize(had);
    offset_ = end_;
    return false;
  }
  buffer_.resize(had + static_cast<std::size_t>(n));
  offset_ += static_cast<std::uint64_t>(n);
  return true;
}

std::optional<std::string_view> LineReader::next() {
  for (;;) {
    const std::size_t newline = buffer_.find('\n', start_);
    if (newline != std::string::npos) {
      const std::string_view line(buffer_.data() + start_, newline - start_);
      start_ = newline + 1;
      if (skipping_ || line.size() > kMaxLine) {
        skipping_ = false;
        continue;
      }
      return line;
    }
    if (buffer_.size() - start_ > kMaxLine) {
      skipping_ = true;
      start_ = buffer_.size();
    }
    if (!fill()) return std::nullopt;
  }
}

Ledger::Ledger(std::string path, int fd, LedgerHeader header, SyncFn sync)
    : path_(std::move(path)), fd_(fd), sync_(sync ? sync : ::fdatasync), header_(std::move(header)) {}

Ledger::Ledger(Ledger&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(other.fd_),
      sync_(other.sync_),
      header_(std::move(other.header_)),
      slots_(std::move(other.slots_)),
      endpoints_(std::move(other.endpoints_)),
      by_resource_(std::move(other.by_resource_)),
      written_(other.written_),
      synced_(other.synced_),
      records_(other.records_),
      syncs_(other.syncs_) {
  other.fd_ = -1;
}

Ledger::~Ledger() {
  if (fd_ < 0) return;
  if (synced_ < written_) sync_(fd_);
  ::close(fd_);
}

std::optional<Ledger> Ledger::create(const std::string& path, const LedgerHeader& header,
                                     std::string* error, SyncFn sync) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0666);
  if (fd < 0) {
    *error = "cannot write the cleanup ledger " + path;
    return std::nullopt;
  }
  sync_directory(path);
  Ledger ledger(path, fd, header, sync);
  std::unique_lock lock(ledger.mutex_);
  ledger.write(lock, Json{{"event", "run"},
                          {"run_id", header.run_id},
                          {"profile", header.profile},
                          {"target", header.target}}
                         .dump(),
               true);
  lock.unlock();
  return ledger;
}

std::optional<Ledger> Ledger::read(const std::string& path, std::string* error) {
  const int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0) ::close(fd);
    *error = "cannot read and append to the ledger " + path;
    return std::nullopt;
  }
  Ledger ledger(path, fd, {}, nullptr);
  ledger.written_ = ledger.synced_ = static_cast<std::uint64_t>(st.st_size);
  // A torn last line (the process died mid-write) must not swallow the next record.
  char last = '\n';
  if (st.st_size > 0 && ::pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n' &&
      write_all(fd, "\n"))
    ++ledger.written_;
  LineReader lines(fd, 0, ledger.written_);
  while (const auto line = lines.next()) ledger.apply(*line);
  return ledger;
}

void Ledger::write(std::unique_lock<std::mutex>& lock, const std::string& line, bool durable) {
  std::string record = line;
  record += '\n';
  if (!write_all(fd_, record)) return;
  written_ += record.size();
  ++records_;
  if (durable) wait_synced(lock, written_);
}

void Ledger::sync() {
  std::unique_lock lock(mutex_);
  wait_synced(lock, written_);
}

void Ledger::wait_synced(std::unique_lock<std::mutex>& lock, std::uint64_t offset) {
  while (synced_ < offset) {
    if (syncing_) {
      synced_cv_.wait(lock);
      continue;
    }
    // Group commit: this writer syncs everything written so far, for all who wait.
    syncing_ = true;
    const std::uint64_t target = written_;
    lock.unlock();
    sync_(fd_);  // on failure there is nothing better to do than go on
    lock.lock();
    syncing_ = false;
    ++syncs_;
    synced_ = std::max(synced_, target);
    synced_cv_.notify_all();
  }
}

Ledger::Slot* Ledger::slot(int seq) {
  if (seq < 1 || static_cast<std::size_t>(seq) > slots_.size()) return nullptr;
  Slot& s = slots_[static_cast<std::size_t>(seq) - 1];
  return s.state == SlotState::absent ? nullptr : &s;
}

const Ledger::Slot* Ledger::slot(int seq) const { return const_cast<Ledger*>(this)->slot(seq); }

std::optional<std::uint8_t> Ledger::endpoint_index(const std::string& endpoint) {
  const auto it = std::find(endpoints_.begin(), endpoints_.end(), endpoint);
  if (it != endpoints_.end()) return static_cast<std::uint8_t>(it - endpoints_.begin());
  if (endpoints_.size() > 255) return std::nullopt;
  endpoints_.push_back(endpoint);
  return static_cast<std::uint8_t>(endpoints_.size() - 1);
}

void Ledger::set_state(int seq, SlotState state) {
  if (Slot* s = slot(seq)) s->state = state;
}

void Ledger::apply(std::string_view line) {
  const Json j = parse_line(line);
  if (j.is_null()) return;
  const std::string event = text_field(j, "event");
  const int seq = seq_field(j);
  if (event == "run") {
    header_ = {text_field(j, "run_id"), text_field(j, "profile"), text_field(j, "target")};
  } else if (event == "pending") {
    if (seq == 0 || static_cast<std::size_t>(seq) > slots_.size() + kSeqSlack || slot(seq)) return;
    const auto endpoint = endpoint_index(text_field(j, "endpoint"));
    if (!endpoint) return;
    if (slots_.size() < static_cast<std::size_t>(seq)) slots_.resize(static_cast<std::size_t>(seq));
    slots_[static_cast<std::size_t>(seq) - 1] = {SlotState::pending, *endpoint};
  } else if (event == "created") {
    set_state(seq, SlotState::created);
  } else if (event == "unverified") {
    set_state(seq, SlotState::unverified);
  } else if (event == "not-created") {
    set_state(seq, SlotState::not_created);
  } else if (event == "deleted") {
    set_state(seq, SlotState::deleted);
  }
}

int Ledger::pending(const std::string& endpoint, const std::string& marker_attr,
                    const std::string& marker_value, const std::string& case_id,
                    bool durable) {
  std::unique_lock lock(mutex_);
  const int seq = static_cast<int>(slots_.size()) + 1;
  slots_.push_back({SlotState::pending, endpoint_index(endpoint).value_or(0)});
  const Json line{{"event", "pending"},   {"seq", seq},
                  {"endpoint", endpoint}, {"marker_attr", marker_attr},
                  {"marker_value", marker_value}, {"case", case_id}};
  write(lock, line.dump(), durable);
  return seq;
}

void Ledger::created(int seq, const std::string& id) {
  std::unique_lock lock(mutex_);
  const Slot* s = slot(seq);
  if (!s) return;
  set_state(seq, SlotState::created);
  if (by_resource_) (*by_resource_)[endpoints_[s->endpoint] + " " + id] = seq;
  write(lock, Json{{"event", "created"}, {"seq", seq}, {"id", id}}.dump(), false);
}

void Ledger::unverified(int seq, const std::string& claimed_id) {
  std::unique_lock lock(mutex_);
  set_state(seq, SlotState::unverified);
  write(lock, Json{{"event", "unverified"}, {"seq", seq}, {"id", claimed_id}}.dump(), false);
}

void Ledger::not_created(int seq) {
  std::unique_lock lock(mutex_);
  set_state(seq, SlotState::not_created);
  write(lock, Json{{"event", "not-created"}, {"seq", seq}}.dump(), false);
}

void Ledger::deleted(const std::string& endpoint, const std::string& id) {
  int seq = 0;
  {
    std::lock_guard lock(mutex_);
    index_resources();
    const auto it = by_resource_->find(endpoint + " " + id);
    if (it == by_resource_->end()) return;
    seq = it->second;
  }
  deleted(seq);
}

void Ledger::deleted(int seq) {
  std::unique_lock lock(mutex_);
  const Slot* s = slot(seq);
  if (!s || s->state != SlotState::created) return;
  set_state(seq, SlotState::deleted);
  if (by_resource_)
    std::erase_if(*by_resource_, [seq](const auto& kv) { return kv.second == seq; });
  write(lock, Json{{"event", "deleted"}, {"seq", seq}}.dump(), false);
}

void Ledger::index_resources() const {
  if (by_resource_) return;
  by_resource_.emplace();
  LineReader lines(fd_, 0, written_);
  while (const auto line = lines.next()) {
    const Json j = created_record(*line);
    if (j.is_null()) continue;
    const int seq = seq_field(j);
    const Slot* s = slot(seq);
    if (s && s->state == SlotState::created)
      (*by_resource_)[endpoints_[s->endpoint] + " " + text_field(j, "id")] = seq;
  }
}

bool Ledger::owns(const std::string& endpoint, const std::string& id) const {
  std::lock_guard lock(mutex_);
  index_resources();
  const auto it = by_resource_->find(endpoint + " " + id);
  if (it == by_resource_->end()) return false;
  const Slot* s = slot(it->second);
  return s && s->state == SlotState::created;
}

std::vector<LedgerEntry> Ledger::outstanding(const std::string& case_id) const {
  // The entries still open, as they are now; their details come from the file.
  std::unordered_map<int, LedgerEntry> open;
  std::uint64_t end = 0;
  {
    std::lock_guard lock(mutex_);
    end = written_;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      const SlotState state = slots_[i].state;
      if (state != SlotState::pending && state != SlotState::created &&
          state != SlotState::unverified)
        continue;
      LedgerEntry& e = open[static_cast<int>(i) + 1];
      e.seq = static_cast<int>(i) + 1;
      e.state = static_cast<LedgerEntry::State>(static_cast<int>(state) - 1);
    }
  }
  if (open.empty()) return {};
  LineReader lines(fd_, 0, end);
  while (const auto line = lines.next()) {
    const Json j = parse_line(*line);
    const auto it = open.find(seq_field(j));
    if (it == open.end()) continue;
    const std::string event = text_field(j, "event");
    LedgerEntry& e = it->second;
    if (event == "pending") {
      e.endpoint = text_field(j, "endpoint");
      e.marker_attr = text_field(j, "marker_attr");
      e.marker_value = text_field(j, "marker_value");
      e.case_id = text_field(j, "case");
    } else if (event == "created" || event == "unverified") {
      e.id = text_field(j, "id");
    }
  }
  std::vector<LedgerEntry> out;
  for (auto& [seq, e] : open)
    if (case_id.empty() || e.case_id == case_id) out.push_back(std::move(e));
  std::sort(out.begin(), out.end(),
            [](const LedgerEntry& a, const LedgerEntry& b) { return a.seq > b.seq; });
  return out;
}

int Ledger::created_count() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(std::count_if(slots_.begin(), slots_.end(), [](const Slot& s) {
    return s.state == SlotState::created || s.state == SlotState::deleted;
  }));
}

int Ledger::deleted_count() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(std::count_if(slots_.begin(), slots_.end(), [](const Slot& s) {
    return s.state == SlotState::deleted;
  }));
}

std::uint64_t Ledger::records() const {
  std::lock_guard lock(mutex_);
  return records_;
}

std::uint64_t Ledger::syncs() const {
  std::lock_guard lock(mutex_);
  return syncs_;
}

Ledger::Cursor Ledger::created_resources(const std::string& endpoint, bool cycle) const {
  std::lock_guard lock(mutex_);
  const auto it = std::find(endpoints_.begin(), endpoints_.end(), endpoint);
  // An endpoint with no entry gets an index no slot has.
  const auto index = static_cast<std::uint8_t>(
      it == endpoints_.end() ? std::min<std::size_t>(endpoints_.size(), 255) : it - endpoints_.begin());
  return Cursor(*this, index, cycle);
}

Ledger::Cursor::Cursor(const Ledger& ledger, std::uint8_t endpoint, bool cycle)
    : ledger_(&ledger), endpoint_(endpoint), cycle_(cycle), lines_(ledger.fd_, 0, ledger.written_) {}

std::optional<CreatedResource> Ledger::Cursor::next() {
  for (;;) {
    const auto line = lines_.next();
    if (!line) {
      if (!cycle_ || !yielded_) return std::nullopt;
      yielded_ = false;
      std::lock_guard lock(ledger_->mutex_);
      lines_ = LineReader(ledger_->fd_, 0, ledger_->written_);
      continue;
    }
    const Json j = created_record(*line);
    if (j.is_null()) continue;
    CreatedResource r{seq_field(j), text_field(j, "id")};
    {
      std::lock_guard lock(ledger_->mutex_);
      const Slot* s = ledger_->slot(r.seq);
      if (!s || s->state != SlotState::created || s->endpoint != endpoint_) continue;
    }
    yielded_ = true;
    return r;
  }
}

}  // namespace scimcheck::run
