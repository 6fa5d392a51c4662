#pragma once
/// The baseline of known failures (`run --baseline FILE`): a JSON file
/// {"entries": [{"id": "<check id>", "reason": "...", "expires": "YYYY-MM-DD"}]} listing the
/// checks a team already knows fail. A listed failure is reported as known and does not fail
/// the run; a listed check that passes is reported as fixed (its entry can go); an entry past
/// its expiry date no longer excuses anything.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "result/model.hpp"

namespace scimcheck::result {

struct BaselineEntry {
  std::string id;       ///< exact check id
  std::string reason;   ///< why the failure is accepted (ticket, vendor answer, ...)
  std::string expires;  ///< "YYYY-MM-DD" (the last day it holds) or "" for no expiry
};

struct Baseline {
  std::vector<BaselineEntry> entries;
};

/// Decodes a baseline document; throws std::runtime_error naming the offending entry
/// ("entries[2].expires: expected a date YYYY-MM-DD").
Baseline parse_baseline(const nlohmann::json& document);

/// The entry for a check id, or nullptr.
const BaselineEntry* find_entry(const Baseline& baseline, const std::string& id);

/// Marks one case with its entry as of `today`: known, fixed, expired, or nothing when the
/// case was skipped.
void mark_case(CaseResult& kase, const BaselineEntry& entry, const std::string& today);

/// Marks every case of the run the baseline lists (CaseResult::baseline and baseline_reason)
/// as of `today` ("YYYY-MM-DD"). Returns one note per entry that matched no case of the run.
std::vector<std::string> apply_baseline(RunResult& run, const Baseline& baseline,
                                        const std::string& today);

}  // namespace scimcheck::result
