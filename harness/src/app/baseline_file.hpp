#pragma once
/// Reading a baseline file (--baseline) and applying it to a finished run, for `run` and
/// `report` alike; reading the saved run that `report` and `baseline init` start from.
#include <optional>
#include <ostream>
#include <string>

#include "result/baseline.hpp"

namespace scimcheck::app {

/// Today's date in UTC, "YYYY-MM-DD" ($SCIMCHECK_TODAY when set, for tests).
std::string today_utc();

/// The date `days` after `date` ("YYYY-MM-DD").
std::string days_after(const std::string& date, int days);

/// A run saved by `run --format json` (results.json), for `report` and `baseline init`;
/// problems are printed on `err` and give nullopt.
std::optional<result::RunResult> load_saved_run(const std::string& path, std::ostream& err);

/// Reads and checks a baseline file; problems are printed on `err` as `file:line:col: error:`
/// with the line quoted, and give nullopt.
std::optional<result::Baseline> load_baseline_file(const std::string& path, std::ostream& err);

/// Prints baseline notes (entries that match no check, patterns none of whose checks
/// failed) on `err` as warnings at their place in the baseline file.
void print_baseline_notes(const source::Diagnostics& notes, std::ostream& err);

/// Marks the run's cases (see result/baseline.hpp) as of today (or $SCIMCHECK_TODAY,
/// "YYYY-MM-DD", which tests use to pin the date) and prints its notes on `err`.
void apply_baseline_with_notes(result::RunResult& run, const result::Baseline& baseline,
                               std::ostream& err);

}  // namespace scimcheck::app
