#pragma once
/// The console: one line per check as it finishes ("PASS  users.create.returns-201  title"),
/// failed expectations where they are written ("suites/core/users.suite.json:120:13: ..."),
/// skipped checks grouped by reason, and a summary at the end whose first line is "N passed,
/// N failed, N errored, N skipped, N warnings". Colour only when asked; on a terminal, one
/// progress line at the bottom, redrawn in place.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "report/reporter.hpp"

namespace scimcheck::report {

/// Colour on a TTY, never when NO_COLOR is set (any value) or TERM=dumb.
bool colour_wanted(int fd);

/// A live progress line on a TTY, unless TERM=dumb (which cannot erase a line).
bool live_wanted(int fd);

struct ConsoleOptions {
  bool colour = false;
  /// Every request with its time, the request and response of each failing step, and the
  /// details of known failures.
  bool verbose = false;
  /// Only failures, errors and warnings, and the summary.
  bool quiet = false;
  /// One line per skipped check instead of one per reason.
  bool show_skipped = false;
  /// A progress line at the bottom (checks done, failures, elapsed time, the oldest request
  /// in flight), redrawn in place: for a terminal only.
  bool live = false;
  /// Width of the terminal for the progress line; 0: asked of the terminal on stdout.
  int columns = 0;
};

/// A skipped check as the grouped SKIP lines see it (CaseResult's id, reason, skip_group).
struct SkippedCheck {
  std::string id;
  std::string reason;
  std::string group;  ///< what checks skipped alike need; empty: the reason is the check's own
};

class ConsoleReporter : public Reporter, public RequestWatcher {
 public:
  ConsoleReporter(std::ostream& out, ConsoleOptions options);
  ~ConsoleReporter() override;
  ConsoleReporter(const ConsoleReporter&) = delete;
  ConsoleReporter& operator=(const ConsoleReporter&) = delete;

  /// How many checks the run will report (the progress line's total).
  void expect_checks(std::size_t count);

  void on_run_start(const result::RunResult& run) override;
  void on_case_done(const result::SuiteResult& suite, const result::CaseResult& kase) override;
  void on_run_done(const result::RunResult& run) override;
  void on_request_sent(std::uint64_t id, std::string_view method, std::string_view path) override;
  void on_request_done(std::uint64_t id) override;

  /// Erases the progress line for good: called once the checks are done, before anything
  /// else (notes on stderr) may reach the terminal; on_run_done does it too.
  void end_progress();

  /// The progress line as it stands (without escapes), "" when not live.
  std::string progress() const;

 private:
  struct InFlight {
    std::string method;
    std::string path;
    std::chrono::steady_clock::time_point since;
  };
  /// Writes `text` (whole lines) above the progress line. The caller holds mutex_.
  void write(const std::string& text);
  std::string progress_locked() const;
  void draw_progress();
  void tick();

  std::ostream& out_;
  const ConsoleOptions options_;
  const std::string cwd_;  ///< source paths under it are shown relative to it
  mutable std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::size_t expected_ = 0;
  std::size_t done_ = 0;
  std::size_t failing_ = 0;
  std::map<std::uint64_t, InFlight> in_flight_;
  bool progress_shown_ = false;
  /// Skipped checks not yet listed, grouped at the end.
  std::vector<SkippedCheck> skipped_;
  std::thread ticker_;  ///< redraws the progress line; last, so it stops first
};

/// The summary counts line: "12 passed, 1 failed, 0 errored, 3 skipped, 0 warnings".
std::string summary_line(const result::Totals& totals);

/// A `both` run's lines under the summary: that both modes ran, with the number of checks
/// of each; and, when a mode's own checks failed or errored, each mode's counts. Empty for a
/// single-mode run.
std::string modes_lines(const result::RunResult& run);

/// One line per cause for the skipped checks, most frequent first, each with its count:
/// "11 checks need Entra's flag-on request shapes: ..." for a shared cause (skip_group), or
/// "1 check: <reason> (<id>)" for a reason of its own. `skipped` is in report order.
std::vector<std::string> skip_groups(const std::vector<SkippedCheck>& skipped);

}  // namespace scimcheck::report
