#include "result/model.hpp"

#include <algorithm>

namespace scimcheck::result {

const char* to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::passed:
      return "passed";
    case Outcome::failed:
      return "failed";
    case Outcome::errored:
      return "errored";
    case Outcome::skipped:
      return "skipped";
    case Outcome::warning:
      return "warning";
  }
  return "errored";
}

namespace {

void count(Totals& totals, Outcome outcome) {
  switch (outcome) {
    case Outcome::passed:
      ++totals.passed;
      break;
    case Outcome::failed:
      ++totals.failed;
      break;
    case Outcome::errored:
      ++totals.errored;
      break;
    case Outcome::skipped:
      ++totals.skipped;
      break;
    case Outcome::warning:
      ++totals.warning;
      break;
  }
}

}  // namespace

Totals totals(const SuiteResult& suite) {
  Totals t;
  for (const auto& kase : suite.cases) count(t, kase.outcome);
  return t;
}

Totals totals(const RunResult& run) {
  Totals t;
  for (const auto& suite : run.suites)
    for (const auto& kase : suite.cases) count(t, kase.outcome);
  return t;
}

int exit_code(const RunResult& run) {
  const Totals t = totals(run);
  if (run.aborted || t.errored > 0) return 3;
  if (t.failed > 0 || (run.strict && t.warning > 0)) return 1;
  return 0;
}

}  // namespace scimcheck::result
