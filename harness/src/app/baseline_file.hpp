#pragma once
/// Reading a baseline file (--baseline) and applying it to a finished run, for `run` and
/// `report` alike; reading the saved run that `report` and `baseline init` start from.
#include <optional>
#include <ostream>
#include <string>

#include "report/reporter.hpp"
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

/// Marks the run's cases (see result/baseline.hpp) as of today (or $SCIMCHECK_TODAY,
/// "YYYY-MM-DD", which tests use to pin the date); entries that match no check of the run, and
/// patterns none of whose checks failed, are printed on `err` as warnings at their place in
/// the file.
void apply_baseline_with_notes(result::RunResult& run, const result::Baseline& baseline,
                               std::ostream& err);

/// Passes the runner's events on with each case marked against the baseline as soon as it
/// finishes, so the console shows a known failure as KNOWN while the run goes on.
class BaselineMarkingReporter : public report::Reporter {
 public:
  BaselineMarkingReporter(report::Reporter& inner, const result::Baseline* baseline)
      : inner_(inner), baseline_(baseline), today_(today_utc()) {}
  void on_run_start(const result::RunResult& run) override { inner_.on_run_start(run); }
  void on_case_done(const result::SuiteResult& suite, const result::CaseResult& kase) override;
  void on_run_done(const result::RunResult& run) override { inner_.on_run_done(run); }
  /// The baseline accepts this failure (it would be reported as known).
  bool accepts(const result::CaseResult& kase) const;

 private:
  report::Reporter& inner_;
  const result::Baseline* baseline_;
  std::string today_;
};

}  // namespace scimcheck::app
