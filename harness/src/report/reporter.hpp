#pragma once
/// Events the runner sends while a run progresses. Called from one thread at a time, in plan
/// order.
#include "result/model.hpp"

namespace scimcheck::report {

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void on_run_start(const result::RunResult& run) { (void)run; }
  virtual void on_case_done(const result::SuiteResult& suite, const result::CaseResult& kase) = 0;
  virtual void on_run_done(const result::RunResult& run) { (void)run; }
};

/// Ignores every event (for tests and `list`).
class NullReporter : public Reporter {
 public:
  void on_case_done(const result::SuiteResult&, const result::CaseResult&) override {}
};

}  // namespace scimcheck::report
