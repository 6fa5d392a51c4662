#pragma once
/// Reading a baseline file (--baseline) and applying it to a finished run, for `run` and
/// `report` alike.
#include <optional>
#include <ostream>
#include <string>

#include "result/baseline.hpp"

namespace scimcheck::app {

/// Today's date in UTC, "YYYY-MM-DD".
std::string today_utc();

/// Reads and checks a baseline file; problems are printed on `err` and give nullopt.
std::optional<result::Baseline> load_baseline_file(const std::string& path, std::ostream& err);

/// Marks the run's cases (see result/baseline.hpp) as of today (or $SCIMCHECK_TODAY,
/// "YYYY-MM-DD", which tests use to pin the date); entries that match no check of the run are
/// printed on `err` as notes.
void apply_baseline_with_notes(result::RunResult& run, const result::Baseline& baseline,
                               std::ostream& err);

}  // namespace scimcheck::app
