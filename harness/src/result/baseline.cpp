#include "result/baseline.hpp"

#include <cctype>
#include <map>
#include <set>
#include <stdexcept>

namespace scimcheck::result {

namespace {

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw std::runtime_error("baseline: " + where + ": " + what);
}

std::string text(const nlohmann::json& entry, const char* key, const std::string& where,
                 bool required) {
  const auto it = entry.find(key);
  if (it == entry.end()) {
    if (required) fail(where + "." + key, "missing");
    return "";
  }
  if (!it->is_string()) fail(where + "." + key, "expected a string");
  return it->get<std::string>();
}

/// "YYYY-MM-DD" with a plausible month and day.
bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const int month = std::stoi(s.substr(5, 2));
  const int day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

Baseline parse_baseline(const nlohmann::json& document) {
  if (!document.is_object()) fail("top level", "expected an object with \"entries\"");
  const auto entries = document.find("entries");
  if (entries == document.end()) fail("entries", "missing");
  if (!entries->is_array()) fail("entries", "expected an array");
  Baseline baseline;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const nlohmann::json& e = (*entries)[i];
    const std::string where = "entries[" + std::to_string(i) + "]";
    if (!e.is_object()) fail(where, "expected an object");
    for (const auto& [key, value] : e.items()) {
      (void)value;
      if (key != "id" && key != "reason" && key != "expires")
        fail(where + "." + key, "unknown key (expected id, reason, expires)");
    }
    BaselineEntry entry{text(e, "id", where, true), text(e, "reason", where, true),
                        text(e, "expires", where, false)};
    if (entry.id.empty()) fail(where + ".id", "empty");
    if (!entry.expires.empty() && !is_date(entry.expires))
      fail(where + ".expires", "expected a date YYYY-MM-DD, got \"" + entry.expires + "\"");
    if (!seen.insert(entry.id).second) fail(where + ".id", "\"" + entry.id + "\" listed twice");
    baseline.entries.push_back(std::move(entry));
  }
  return baseline;
}

const BaselineEntry* find_entry(const Baseline& baseline, const std::string& id) {
  for (const auto& e : baseline.entries)
    if (e.id == id) return &e;
  return nullptr;
}

void mark_case(CaseResult& kase, const BaselineEntry& entry, const std::string& today) {
  kase.baseline_reason = entry.reason;
  const bool expired = !entry.expires.empty() && entry.expires < today;
  switch (kase.outcome) {
    case Outcome::failed:
    case Outcome::errored:
    case Outcome::warning:
      kase.baseline = expired ? "expired" : "known";
      break;
    case Outcome::passed:
      kase.baseline = "fixed";
      break;
    case Outcome::skipped:
    case Outcome::blocked:
    case Outcome::not_evaluated:
      kase.baseline = "";  // not run to its end: the entry can be neither confirmed nor retired
      break;
  }
}

std::vector<std::string> apply_baseline(RunResult& run, const Baseline& baseline,
                                        const std::string& today) {
  std::map<std::string, const BaselineEntry*> by_id;
  for (const auto& e : baseline.entries) by_id[e.id] = &e;
  std::set<std::string> used;
  for (auto& suite : run.suites) {
    for (auto& kase : suite.cases) {
      const auto it = by_id.find(kase.id);
      if (it == by_id.end()) continue;
      used.insert(it->first);
      mark_case(kase, *it->second, today);
    }
  }
  std::vector<std::string> notes;
  for (const auto& e : baseline.entries)
    if (!used.count(e.id))
      notes.push_back("baseline entry \"" + e.id + "\" matches no check of this run");
  return notes;
}

}  // namespace scimcheck::result
