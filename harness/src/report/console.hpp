#pragma once
/// The console: one line per case as it finishes ("PASS  users.create.returns-201  title"),
/// failure details indented under failed cases, and a summary at the end whose first line is
/// "N passed, N failed, N errored, N skipped, N warnings". Colour only when asked.
#include <ostream>

#include "report/reporter.hpp"

namespace scimcheck::report {

/// Colour on a TTY, never when NO_COLOR is set (any value) or TERM=dumb.
bool colour_wanted(int fd);

class ConsoleReporter : public Reporter {
 public:
  ConsoleReporter(std::ostream& out, bool colour, bool verbose = false);
  void on_run_start(const result::RunResult& run) override;
  void on_case_done(const result::SuiteResult& suite, const result::CaseResult& kase) override;
  void on_run_done(const result::RunResult& run) override;

 private:
  std::ostream& out_;
  bool colour_;
  bool verbose_;
};

/// The summary counts line: "12 passed, 1 failed, 0 errored, 3 skipped, 0 warnings".
std::string summary_line(const result::Totals& totals);

}  // namespace scimcheck::report
