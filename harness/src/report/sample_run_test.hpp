#pragma once
/// Shared by the report tests: a fixed run covering every outcome across two suites, and
/// byte-for-byte comparison against the golden files in tests/golden/report/ (rewritten
/// instead when SCIMCHECK_UPDATE_GOLDEN=1).
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "result/model.hpp"

namespace scimcheck::report::testing {

using namespace scimcheck::result;

inline http::Exchange exchange(std::string method, std::string url, std::string request_body,
                               int status, std::string response_body, double elapsed_ms) {
  http::Exchange ex;
  ex.request.method = std::move(method);
  ex.request.url = std::move(url);
  ex.request.headers = {{"Authorization", "Bearer ****"}, {"Accept", "application/scim+json"}};
  if (!request_body.empty())
    ex.request.headers.push_back({"Content-Type", "application/scim+json"});
  ex.request.body = std::move(request_body);
  ex.response.status = status;
  ex.response.headers = {{"Content-Type", "application/scim+json"}};
  ex.response.body = std::move(response_body);
  ex.elapsed_ms = elapsed_ms;
  return ex;
}

inline CheckResult check(std::string description, Outcome outcome, std::string expected,
                         std::string actual, std::string message = "",
                         suite::Level level = suite::Level::must) {
  return {std::move(description), outcome, std::move(expected), std::move(actual),
          std::move(message),     level};
}

/// users: a create answered 201, its one check passed.
inline CaseResult sample_passed_case(const std::string& base) {
  CaseResult pass;
  pass.id = "users.create.returns-201";
  pass.title = "Creating a user returns 201 Created";
  pass.suite = "users";
  pass.requirement = "RFC 7644 3.3";
  pass.capability = "users";
  pass.fix = "Answer POST /Users with 201 and the created resource.";
  pass.rationale = "Clients read the id from the 201 response.";
  pass.duration_ms = 120.4;
  pass.slowest_ms = 85.25;
  pass.requests = 2;
  {
    StepResult create;
    create.name = "create";
    create.exchange = exchange("POST", base + "/Users",
                               R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],)"
                               R"("userName":"alice@example.test"})",
                               201, R"({"id":"u-1","userName":"alice@example.test"})", 85.25);
    create.checks.push_back(check("status is one of 201", Outcome::passed, "201", "201"));
    pass.steps.push_back(create);
  }
  return pass;
}

/// users: two steps with JSON bodies, the second failed on two checks.
inline CaseResult sample_failed_case(const std::string& base) {
  CaseResult fail;
  fail.id = "users.get.returns-resource";
  fail.title = "Fetching a user by id returns it (Zoë)";
  fail.suite = "users";
  fail.requirement = "RFC 7644 3.4.1";
  fail.capability = "users";
  fail.fix = "Serve GET /Users/{id} for every id returned by POST.";
  fail.rationale = "Provisioning clients re-read users before updating them.";
  fail.outcome = Outcome::failed;
  fail.reason = "step get: status is one of 200: expected 200, got 404";
  fail.duration_ms = 240.6;
  fail.slowest_ms = 150;
  {
    StepResult create;
    create.name = "create";
    create.exchange = exchange("POST", base + "/Users", R"({"userName":"bob@example.test"})", 201,
                               R"({"id":"u-2","userName":"bob@example.test"})", 90);
    create.checks.push_back(check("status is one of 201", Outcome::passed, "201", "201"));
    StepResult get;
    get.name = "get";
    get.outcome = Outcome::failed;
    get.exchange = exchange("GET", base + "/Users/u-2", "", 404,
                            R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],)"
                            R"("status":"404","detail":"not found"})",
                            150);
    get.checks.push_back(check("status is one of 200", Outcome::failed, "200", "404",
                               "the user created in step create must be readable"));
    get.checks.back().fix = "Keep the user POST created: GET /Users/{id} must find it (200).";
    get.checks.push_back(check("path userName equals \"bob@example.test\"", Outcome::failed,
                               "\"bob@example.test\"", "absent"));
    fail.steps = {create, get};
  }
  return fail;
}

/// users: skipped for a capability the profile lacks.
inline CaseResult sample_skipped_case() {
  CaseResult skip;
  skip.id = "users.patch.multi-valued";
  skip.title = "PATCH replaces a multi-valued attribute";
  skip.suite = "users";
  skip.requirement = "RFC 7644 3.5.2";
  skip.capability = "patch";
  skip.outcome = Outcome::skipped;
  skip.reason = "profile lacks capability patch";
  return skip;
}

/// groups: errored on a timeout (no response).
inline CaseResult sample_errored_case(const std::string& base) {
  CaseResult error;
  error.id = "groups.create.returns-201";
  error.title = "Creating a group returns 201 Created";
  error.suite = "groups";
  error.requirement = "RFC 7644 3.3";
  error.capability = "groups";
  error.fix = "Make sure the server answers within the time limit.";
  error.outcome = Outcome::errored;
  error.reason = "step create: timeout error: no response within 30000 ms";
  error.duration_ms = 30001.5;
  error.slowest_ms = 30000;
  {
    StepResult create;
    create.name = "create";
    create.outcome = Outcome::errored;
    create.error = "timeout error: no response within 30000 ms";
    http::Exchange ex =
        exchange("POST", base + "/Groups", R"({"displayName":"Engineering"})", 0, "", 30000);
    ex.response.headers.clear();
    ex.error = http::TransportError{http::ErrorKind::timeout, "no response within 30000 ms"};
    create.exchange = ex;
    error.steps.push_back(create);
  }
  return error;
}

/// groups: a SHOULD check of impact rfc failed: a warning.
inline CaseResult sample_warning_case(const std::string& base) {
  CaseResult warn;
  warn.id = "groups.list.paging";
  warn.title = "Listing groups honours count";
  warn.suite = "groups";
  warn.requirement = "RFC 7644 3.4.2.4";
  warn.level = suite::Level::should;
  warn.impact = suite::Impact::rfc;
  warn.capability = "groups";
  warn.fix = "Return at most count resources per page.";
  warn.outcome = Outcome::warning;
  warn.reason = "step list: path itemsPerPage equals 1: expected 1, got 3";
  warn.duration_ms = 40.2;
  warn.slowest_ms = 40;
  {
    StepResult list;
    list.name = "list";
    list.outcome = Outcome::warning;
    list.exchange = exchange("GET", base + "/Groups?count=1", "", 200,
                             R"({"totalResults":3,"itemsPerPage":3,"Resources":[]})", 40);
    list.checks.push_back(check("status is one of 200", Outcome::passed, "200", "200"));
    list.checks.push_back(check("path itemsPerPage equals 1", Outcome::warning, "1", "3",
                                "paging is optional but count should be honoured",
                                suite::Level::should));
    warn.steps.push_back(list);
  }
  return warn;
}

/// Five cases: users has passed, failed (two steps, JSON bodies) and skipped; groups has
/// errored (timeout) and warning (a SHOULD check of impact rfc).
inline RunResult sample_run() {
  const std::string base = "https://scim.example.test/scim/v2";
  RunResult run;
  run.tool_version = "0.1.0";
  run.run_id = "run-20240501-0001";
  run.profile = "twingate";
  run.profile_title = "Twingate";
  run.target = base;
  run.entra_mode = "flag-off";
  run.started_at = "2024-05-01T10:00:00Z";
  run.finished_at = "2024-05-01T10:00:02Z";
  run.duration_ms = 2345.678;
  run.insecure = true;

  SuiteResult users;
  users.id = "users";
  users.title = "Users";
  users.file = "suites/core/users.suite.json";
  users.cases = {sample_passed_case(base), sample_failed_case(base), sample_skipped_case()};
  run.suites.push_back(users);

  SuiteResult groups;
  groups.id = "groups";
  groups.title = "Groups";
  groups.file = "suites/core/groups.suite.json";
  groups.cases = {sample_errored_case(base), sample_warning_case(base)};
  run.suites.push_back(groups);

  run.cleanup.created = 3;
  run.cleanup.deleted = 2;
  run.cleanup.leftovers = {"/Users/u-2: DELETE answered 500"};
  return run;
}

/// What `write(run, out)` writes, as a string.
template <typename Write>
std::string written(const RunResult& run, Write write) {
  std::ostringstream out;
  write(run, out);
  return out.str();
}

/// Root of the source tree: $SCIMCHECK_ROOT under ctest, the configured source dir otherwise.
inline std::filesystem::path source_root() {
  if (const char* root = std::getenv("SCIMCHECK_ROOT"); root && *root) return root;
  return SCIMCHECK_SOURCE_DIR;
}

/// Checks `actual` against tests/golden/report/<name> byte for byte, or rewrites the file
/// when SCIMCHECK_UPDATE_GOLDEN=1.
inline void check_golden(const std::string& name, const std::string& actual) {
  const auto path = source_root() / "tests" / "golden" / "report" / name;
  const char* update = std::getenv("SCIMCHECK_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    BOOST_TEST_MESSAGE("rewrote " << path);
    return;
  }
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in,
                        "missing golden file " << path << " (run with SCIMCHECK_UPDATE_GOLDEN=1)");
  std::ostringstream expected;
  expected << in.rdbuf();
  BOOST_TEST(actual == expected.str(), "output differs from " << path);
}

}  // namespace scimcheck::report::testing
