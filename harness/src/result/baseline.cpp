#include "result/baseline.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "source/glob.hpp"
#include "source/diagnostic_render.hpp"

namespace scimcheck::result {

namespace {

const std::vector<std::string> kKeys = {"id", "reason", "expires"};

/// "YYYY-MM-DD" with a plausible month and day.
bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const int month = std::stoi(s.substr(5, 2));
  const int day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/// A pattern of nothing but `*` and `.` matches every check: that is switching the run off,
/// not a baseline.
bool matches_everything(const std::string& id) {
  return id.find_first_not_of("*.") == std::string::npos;
}

/// Reads the entries of one file, appending a diagnostic at the offending place for each
/// problem. Messages keep the entry's index ("entries[2].expires: ...") for files written
/// on one line.
class Parser {
 public:
  Parser(const source::JsonFile& file, source::Diagnostics& diagnostics)
      : file_(file), diagnostics_(diagnostics) {}

  std::optional<Baseline> parse() {
    const nlohmann::json& doc = file_.json;
    if (!doc.is_object()) return fail("", "top level: expected an object with \"entries\"");
    const auto entries = doc.find("entries");
    if (entries == doc.end()) return fail("", "entries: missing");
    if (!entries->is_array()) return fail("/entries", "entries: expected an array");
    Baseline baseline;
    std::map<std::string, std::size_t> seen;  // id -> index of its first entry
    for (std::size_t i = 0; i < entries->size(); ++i) {
      auto entry = parse_entry((*entries)[i], i);
      if (!entry) continue;
      const auto [first, fresh] = seen.emplace(entry->id, i);
      if (!fresh) {
        error(pointer(i) + "/id", where(i) + ".id: \"" + entry->id + "\" listed twice (first as " +
                                      where(first->second) + ")");
        continue;
      }
      baseline.entries.push_back(std::move(*entry));
    }
    if (source::has_errors(diagnostics_)) return std::nullopt;
    return baseline;
  }

 private:
  const source::JsonFile& file_;
  source::Diagnostics& diagnostics_;

  static std::string pointer(std::size_t i) { return "/entries/" + std::to_string(i); }
  static std::string where(std::size_t i) { return "entries[" + std::to_string(i) + "]"; }

  void error(const std::string& ptr, std::string message, std::string hint = "",
             bool key = false) {
    diagnostics_.push_back(
        {source::Severity::error, file_.span(ptr, key), std::move(message), std::move(hint)});
  }
  std::nullopt_t fail(const std::string& ptr, std::string message) {
    error(ptr, std::move(message));
    return std::nullopt;
  }

  /// The string member `key` of entry i: "" when absent (an error when required) or not a
  /// string (always an error).
  std::string text(const nlohmann::json& e, std::size_t i, const char* key, bool required) {
    const auto it = e.find(key);
    if (it == e.end()) {
      if (required) error(pointer(i), where(i) + "." + key + ": missing");
      return "";
    }
    if (!it->is_string()) {
      error(pointer(i) + "/" + key, where(i) + "." + key + ": expected a string");
      return "";
    }
    return it->get<std::string>();
  }

  std::optional<BaselineEntry> parse_entry(const nlohmann::json& e, std::size_t i) {
    const std::size_t before = diagnostics_.size();
    if (!e.is_object()) return fail(pointer(i), where(i) + ": expected an object");
    for (const auto& [key, value] : e.items()) {
      (void)value;
      if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end())
        error(pointer(i) + "/" + source::pointer_token(key),
              where(i) + "." + key + ": unknown key (expected id, reason, expires)",
              source::did_you_mean(key, kKeys), true);
    }
    BaselineEntry entry{text(e, i, "id", true), text(e, i, "reason", true),
                        text(e, i, "expires", false), file_.span(pointer(i) + "/id")};
    const std::string id_at = pointer(i) + "/id";
    if (e.contains("id") && e["id"].is_string()) {
      if (entry.id.empty())
        error(id_at, where(i) + ".id: empty");
      else if (matches_everything(entry.id))
        error(id_at, where(i) + ".id: \"" + entry.id +
                         "\" would accept every failure; list checks or areas (\"groups.*\")");
    }
    if (!entry.expires.empty() && !is_date(entry.expires))
      error(pointer(i) + "/expires",
            where(i) + ".expires: expected a date YYYY-MM-DD, got \"" + entry.expires + "\"");
    if (diagnostics_.size() != before) return std::nullopt;
    return entry;
  }
};

/// How a run used one entry.
struct Use {
  int matched = 0;   ///< cases it was found for
  int accepted = 0;  ///< of those, cases it marked known or expired
};

source::Diagnostic warning(const BaselineEntry& entry, std::string message) {
  return {source::Severity::warning, entry.source, std::move(message), ""};
}

}  // namespace

std::optional<Baseline> parse_baseline(const source::JsonFile& file,
                                       source::Diagnostics& diagnostics) {
  return Parser(file, diagnostics).parse();
}

const BaselineEntry* find_entry(const Baseline& baseline, const std::string& id) {
  const BaselineEntry* pattern = nullptr;
  for (const auto& e : baseline.entries) {
    if (!e.is_pattern()) {
      if (e.id == id) return &e;
    } else if (!pattern && source::glob_match(e.id, id)) {
      pattern = &e;
    }
  }
  return pattern;
}

BaselineState baseline_state(Outcome outcome, const BaselineEntry& entry,
                             const std::string& today) {
  if (is_problem(outcome))
    return !entry.expires.empty() && entry.expires < today ? BaselineState::expired
                                                           : BaselineState::known;
  if (outcome == Outcome::passed && !entry.is_pattern()) return BaselineState::fixed;
  return BaselineState::none;
}

void BaselineMarking::mark(CaseResult& kase) const {
  const BaselineEntry* entry = find_entry(baseline_, kase.id);
  if (!entry) return;
  kase.baseline = baseline_state(kase.outcome, *entry, today_);
  kase.baseline_reason = kase.baseline == BaselineState::none ? "" : entry->reason;
}

source::Diagnostics BaselineMarking::notes(const RunResult& run) const {
  std::map<const BaselineEntry*, Use> uses;
  for (const auto& suite : run.suites) {
    for (const auto& kase : suite.cases) {
      const BaselineEntry* entry = find_entry(baseline_, kase.id);
      if (!entry) continue;
      Use& use = uses[entry];
      ++use.matched;
      if (kase.baseline == BaselineState::known || kase.baseline == BaselineState::expired)
        ++use.accepted;
    }
  }
  source::Diagnostics notes;
  for (const auto& e : baseline_.entries) {
    const Use use = uses.count(&e) ? uses[&e] : Use{};
    if (use.matched == 0)
      notes.push_back(warning(e, std::string("baseline ") + (e.is_pattern() ? "pattern" : "entry") +
                                     " \"" + e.id + "\" matches no check of this run"));
    else if (e.is_pattern() && use.accepted == 0)
      notes.push_back(warning(e, "baseline pattern \"" + e.id + "\" matches " +
                                     std::to_string(use.matched) +
                                     " checks and none of them failed: the entry can go"));
  }
  return notes;
}

source::Diagnostics apply_baseline(RunResult& run, const Baseline& baseline,
                                   const std::string& today) {
  const BaselineMarking marking(baseline, today);
  for (auto& suite : run.suites)
    for (auto& kase : suite.cases) marking.mark(kase);
  return marking.notes(run);
}

}  // namespace scimcheck::result
