#pragma once
/// The result model: run > suite > case > step > check. Reporters read this and nothing
/// else. Exchanges stored here are already redacted.
#include <optional>
#include <string>
#include <vector>

#include "http/exchange.hpp"
#include "suite/model.hpp"

namespace scimcheck::result {

enum class Outcome { passed, failed, errored, skipped, warning };
const char* to_string(Outcome outcome);  ///< "passed", "failed", ...

/// One expectation evaluated against one exchange.
struct CheckResult {
  std::string description;  ///< "status is one of 201", "path userName equals \"x\""
  Outcome outcome = Outcome::passed;
  std::string expected;
  std::string actual;
  std::string message;  ///< extra explanation on failure
  suite::Level level = suite::Level::must;
};

struct StepResult {
  std::string name;
  Outcome outcome = Outcome::passed;
  std::optional<http::Exchange> exchange;  ///< redacted; absent when nothing was sent
  std::vector<CheckResult> checks;
  std::string error;  ///< why the step errored or was skipped
};

struct CaseResult {
  std::string id;
  std::string title;
  std::string suite;  ///< suite id (area)
  std::string requirement;
  suite::Level level = suite::Level::must;
  std::string capability;
  std::string fix;
  std::string rationale;
  Outcome outcome = Outcome::passed;
  std::string reason;  ///< skip reason, error message, or first failure summary
  std::vector<StepResult> steps;
  double duration_ms = 0;
  double slowest_ms = 0;  ///< slowest exchange of the case
};

struct SuiteResult {
  std::string id;
  std::string title;
  std::string file;
  std::vector<CaseResult> cases;
};

struct Cleanup {
  int created = 0;
  int deleted = 0;
  std::vector<std::string> leftovers;  ///< "/Users/<id>: <why>"
};

struct Totals {
  int passed = 0, failed = 0, errored = 0, skipped = 0, warning = 0;
  int total() const { return passed + failed + errored + skipped + warning; }
};

struct RunResult {
  std::string tool_version;
  std::string run_id;
  std::string profile;
  std::string profile_title;
  std::string target;  ///< redacted base URL, or "embedded reference server"
  std::string entra_mode;
  std::string started_at;   ///< ISO 8601 UTC
  std::string finished_at;  ///< ISO 8601 UTC
  double duration_ms = 0;
  bool strict = false;
  bool insecure = false;  ///< TLS verification was switched off
  bool aborted = false;   ///< interrupted (SIGINT/SIGTERM)
  std::string abort_reason;
  std::vector<SuiteResult> suites;
  Cleanup cleanup;
};

Totals totals(const RunResult& run);
Totals totals(const SuiteResult& suite);

/// 0 all passed (warnings allowed unless strict), 1 conformance failures, 3 errored or aborted.
int exit_code(const RunResult& run);

}  // namespace scimcheck::result
