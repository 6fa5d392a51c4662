#include "report/schema_drift.hpp"

#include "report/text.hpp"

namespace scimcheck::report {

std::optional<DriftSection> schema_drift(const result::RunResult& run) {
  for (const auto& suite : run.suites) {
    for (const auto& kase : suite.cases) {
      if (kase.id != kSchemaDriftCheckId) continue;
      DriftSection out;
      out.anchor_id = kase.id;
      if (kase.outcome == result::Outcome::skipped || kase.outcome == result::Outcome::errored) {
        out.note = "Not checked: " + kase.reason;
        return out;
      }
      for (const auto& step : kase.steps)
        for (const auto& check : step.checks)
          if (result::is_problem(check.outcome))
            out.rows.push_back({result::to_string(check.outcome), check.description,
                                check.expected, check.actual, step.name});
      if (out.rows.empty())
        out.note = kase.outcome == result::Outcome::passed
                       ? "None: every User and Group returned keeps to the server's own /Schemas."
                       : kase.reason;
      return out;
    }
  }
  return std::nullopt;
}

}  // namespace scimcheck::report
