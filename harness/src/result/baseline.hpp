#pragma once
/// The baseline of known failures (`run --baseline FILE`): a JSON file
/// {"entries": [{"id": "<check id or pattern>", "reason": "...", "expires": "YYYY-MM-DD"}]}
/// listing the checks a team already knows fail. A listed failure is reported as known and
/// does not fail the run; a listed check that passes is reported as fixed (its entry can go);
/// an entry past its expiry date no longer excuses anything. An id with `*` (any run of
/// characters, as in --only) is a pattern: it accepts every failing check it matches; a check
/// listed by its exact id takes that entry before any pattern.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "result/model.hpp"
#include "source/diagnostic.hpp"
#include "source/positions.hpp"

namespace scimcheck::result {

struct BaselineEntry {
  std::string id;       ///< exact check id, or a pattern with `*`
  std::string reason;   ///< why the failure is accepted (ticket, vendor answer, ...)
  std::string expires;  ///< "YYYY-MM-DD" (the last day it holds) or "" for no expiry
  source::Span source;  ///< where the entry's id is written in the baseline file

  /// The id holds a `*`: it stands for every check it matches.
  bool is_pattern() const { return id.find('*') != std::string::npos; }
};

struct Baseline {
  std::vector<BaselineEntry> entries;
};

/// Decodes a baseline file (read with source::read_json_file). Each problem (wrong type,
/// missing or unknown key, a date that is not YYYY-MM-DD, an id listed twice, a pattern that
/// would accept every check) is appended to `diagnostics` with the file:line:col of the
/// offending key or value; nullopt when there is any.
std::optional<Baseline> parse_baseline(const source::JsonFile& file,
                                       source::Diagnostics& diagnostics);

/// The entry for a check id: the one listing it exactly, else the first pattern matching it,
/// else nullptr.
const BaselineEntry* find_entry(const Baseline& baseline, const std::string& id);

/// The state of a case with `outcome` that `entry` lists, as of `today` ("YYYY-MM-DD"): known
/// (or expired, past the entry's date) for a failure, error or warning; fixed for a pass under
/// an exact id; none for a pass under a pattern (a pattern retires as a whole) and for a case
/// not run to its end (skipped, blocked), which can neither confirm nor retire an entry.
BaselineState baseline_state(Outcome outcome, const BaselineEntry& entry,
                             const std::string& today);

/// A baseline as of one day: the one place cases are marked against it, so every case of a
/// run is judged on the same date.
class BaselineMarking {
 public:
  BaselineMarking(const Baseline& baseline, std::string today)
      : baseline_(baseline), today_(std::move(today)) {}

  /// Sets CaseResult::baseline and baseline_reason of a case the baseline lists (a state of
  /// none clears the reason); a case it does not list is left as it is.
  void mark(CaseResult& kase) const;

  /// A warning, at the entry's place in the file, for each entry that matched no case of the
  /// (already marked) run, and for each pattern none of whose checks failed.
  source::Diagnostics notes(const RunResult& run) const;

 private:
  const Baseline& baseline_;
  std::string today_;
};

/// Marks every case of the run the baseline lists as of `today` and returns
/// BaselineMarking::notes.
source::Diagnostics apply_baseline(RunResult& run, const Baseline& baseline,
                                   const std::string& today);

}  // namespace scimcheck::result
