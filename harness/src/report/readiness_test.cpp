#include "report/readiness.hpp"

#include <boost/test/unit_test.hpp>
#include <sstream>
#include <string>

#include "report/html.hpp"
#include "report/json.hpp"
#include "report/junit.hpp"
#include "report/markdown.hpp"
#include "report/readiness_render.hpp"
#include "test_support.hpp"

using namespace scimcheck;
using namespace scimcheck::report;
using nlohmann::json;
using result::Outcome;

namespace {

result::CaseResult kase(const std::string& id, Outcome outcome, const std::string& reason = "") {
  result::CaseResult k;
  k.id = id;
  k.outcome = outcome;
  k.reason = reason;
  return k;
}

http::TlsAttempt attempt(http::TlsVerdict verdict, const std::string& version = "",
                         const std::string& cipher = "", const std::string& error = "") {
  return {verdict, version, cipher, error};
}

/// A conforming https run: TLS as Entra wants it, client credentials with a 1 h token, both
/// modes, and a table of one mandatory and one optional requirement.
result::RunResult ready_run() {
  result::RunResult run;
  run.profile = "gallery";
  run.entra_mode = "both";
  run.auth = result::AuthRecord{"oauth2 client credentials", 3600, 0};
  result::Readiness r;
  r.scheme = "https";
  r.tls =
      http::TlsProbe{attempt(http::TlsVerdict::refused, "", "", "tlsv1 alert protocol version"),
                     attempt(http::TlsVerdict::accepted, "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256")};
  r.requirements = {{"users.update", "Update user", "§2.6", false, {"users.patch.*"}},
                    {"hard-delete", "Hard delete", "§2.6", true, {"users.delete.lifecycle"}}};
  r.load_rules = {{"load.rate", "§2.3", true}};
  run.readiness = r;
  result::SuiteResult suite;
  suite.id = "users";
  suite.cases = {kase("users.patch.replace", Outcome::passed),
                 kase("users.patch.add", Outcome::passed),
                 kase("users.delete.lifecycle", Outcome::passed)};
  run.suites.push_back(suite);
  return run;
}

const ReadinessLine& line(const std::vector<ReadinessLine>& lines, const std::string& key) {
  for (const auto& l : lines)
    if (l.key == key) return l;
  BOOST_FAIL("no line " << key);
  return lines.front();
}

ReadinessStatus status(const result::RunResult& run, const std::string& key) {
  return line(readiness_lines(run), key).status;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_TEST_DONT_PRINT_LOG_VALUE(ReadinessStatus)

BOOST_AUTO_TEST_SUITE(readiness)

BOOST_AUTO_TEST_CASE(no_record_no_lines) {
  result::RunResult run = ready_run();
  run.readiness.reset();
  BOOST_TEST(readiness_lines(run).empty());
  std::ostringstream html, md;
  write_readiness_html(run, html);
  write_readiness_markdown(run, md);
  BOOST_TEST(html.str().empty());
  BOOST_TEST(md.str().empty());
}

BOOST_AUTO_TEST_CASE(conforming_run_is_met) {
  const auto lines = readiness_lines(ready_run());
  for (const char* key : {"gallery.https", "gallery.tls.legacy", "gallery.tls.tls12",
                          "gallery.auth", "gallery.token-lifetime", "gallery.entra-modes",
                          "gallery.onboarding.users.update", "gallery.onboarding.hard-delete"})
    BOOST_TEST((line(lines, key).status == ReadinessStatus::met), key);
  BOOST_TEST(line(lines, "gallery.tls.tls12").why ==
             "negotiated TLSv1.2 with ECDHE-RSA-AES128-GCM-SHA256");
  BOOST_TEST((line(lines, "gallery.load").status == ReadinessStatus::not_tested));
  BOOST_TEST(readiness_summary(lines) == "no blocker: 8 met, 0 blockers, 0 warnings, 1 not tested");
}

BOOST_AUTO_TEST_CASE(plain_http_is_a_blocker_and_tls_not_tested) {
  auto run = ready_run();
  run.readiness->scheme = "http";
  run.readiness->tls.reset();
  const auto lines = readiness_lines(run);
  BOOST_TEST((line(lines, "gallery.https").status == ReadinessStatus::blocker));
  BOOST_TEST(contains(line(lines, "gallery.https").why, "plain http://"));
  BOOST_TEST((line(lines, "gallery.tls.legacy").status == ReadinessStatus::not_tested));
  BOOST_TEST((line(lines, "gallery.tls.tls12").status == ReadinessStatus::not_tested));
  BOOST_TEST(contains(readiness_summary(lines), "not ready: "));
}

BOOST_AUTO_TEST_CASE(tls_verdicts) {
  auto run = ready_run();
  run.readiness->tls->legacy =
      attempt(http::TlsVerdict::accepted, "TLSv1.1", "ECDHE-RSA-AES128-SHA");
  BOOST_TEST((status(run, "gallery.tls.legacy") == ReadinessStatus::blocker));
  BOOST_TEST(contains(line(readiness_lines(run), "gallery.tls.legacy").why, "TLSv1.1"));
  run.readiness->tls->legacy = attempt(http::TlsVerdict::unreachable, "", "", "Connection refused");
  BOOST_TEST((status(run, "gallery.tls.legacy") == ReadinessStatus::not_tested));

  run.readiness->tls->tls12 = attempt(http::TlsVerdict::refused, "", "", "handshake failure");
  BOOST_TEST((status(run, "gallery.tls.tls12") == ReadinessStatus::blocker));
  // The certificate arrived but failed verification: the suite was fine, the chain was not.
  run.readiness->tls->tls12 =
      attempt(http::TlsVerdict::accepted, "", "", "self-signed certificate");
  BOOST_TEST((status(run, "gallery.tls.tls12") == ReadinessStatus::blocker));
  run.readiness->tls->tls12 = attempt(http::TlsVerdict::unreachable, "", "", "timed out");
  BOOST_TEST((status(run, "gallery.tls.tls12") == ReadinessStatus::not_tested));
}

BOOST_AUTO_TEST_CASE(auth_methods) {
  auto run = ready_run();
  for (const char* type : {"bearer", "basic", "none", "oauth2 refresh token"}) {
    run.auth = result::AuthRecord{type, std::nullopt, 0};
    BOOST_TEST((status(run, "gallery.auth") == ReadinessStatus::blocker), type);
  }
  run.auth = result::AuthRecord{"bearer", std::nullopt, 0};
  BOOST_TEST(contains(line(readiness_lines(run), "gallery.auth").why, "long-lived bearer"));
  BOOST_TEST((status(run, "gallery.token-lifetime") == ReadinessStatus::not_tested));
  run.auth.reset();
  BOOST_TEST((status(run, "gallery.auth") == ReadinessStatus::not_tested));
}

BOOST_AUTO_TEST_CASE(token_lifetime_bounds) {
  auto run = ready_run();
  auto with = [&](std::optional<long long> s) {
    run.auth = result::AuthRecord{"oauth2 client credentials", s, 0};
    return status(run, "gallery.token-lifetime");
  };
  BOOST_TEST((with(3600) == ReadinessStatus::met));
  BOOST_TEST((with(21600) == ReadinessStatus::met));
  BOOST_TEST((with(3599) == ReadinessStatus::blocker));
  BOOST_TEST((with(21601) == ReadinessStatus::blocker));
  BOOST_TEST((with(std::nullopt) == ReadinessStatus::not_tested));
}

BOOST_AUTO_TEST_CASE(entra_modes) {
  auto run = ready_run();
  run.entra_mode = "flag-off";
  BOOST_TEST((status(run, "gallery.entra-modes") == ReadinessStatus::warning));
  BOOST_TEST(
      contains(line(readiness_lines(run), "gallery.entra-modes").why, "only flag-off tested"));
}

BOOST_AUTO_TEST_CASE(requirement_status_from_check_outcomes) {
  auto run = ready_run();
  auto& cases = run.suites[0].cases;
  cases[1].outcome = Outcome::failed;
  cases[1].reason = "status 400, expected 200";
  const auto failed = line(readiness_lines(run), "gallery.onboarding.users.update");
  BOOST_TEST((failed.status == ReadinessStatus::blocker));
  BOOST_TEST(failed.why == "failed: users.patch.add (status 400, expected 200)");
  cases[1].outcome = Outcome::warning;
  BOOST_TEST((status(run, "gallery.onboarding.users.update") == ReadinessStatus::warning));
  cases[1].outcome = Outcome::blocked;
  BOOST_TEST((status(run, "gallery.onboarding.users.update") == ReadinessStatus::blocker));
  // An optional requirement's failure is a warning only.
  cases[2].outcome = Outcome::failed;
  BOOST_TEST((status(run, "gallery.onboarding.hard-delete") == ReadinessStatus::warning));
  // Checks skipped or not in the run: not tested, never met.
  cases[0].outcome = cases[1].outcome = Outcome::skipped;
  cases[0].reason = "needs capability patch";
  BOOST_TEST((status(run, "gallery.onboarding.users.update") == ReadinessStatus::not_tested));
  BOOST_TEST(contains(line(readiness_lines(run), "gallery.onboarding.users.update").why,
                      "needs capability patch"));
  cases.clear();
  const auto absent = line(readiness_lines(run), "gallery.onboarding.users.update");
  BOOST_TEST((absent.status == ReadinessStatus::not_tested));
  BOOST_TEST(absent.why == "not run: users.patch.*");
}

BOOST_AUTO_TEST_CASE(met_only_when_every_listed_check_ran) {
  auto run = ready_run();
  run.readiness->requirements[0].checks.push_back("gallery.schemas.group-schema");
  const auto partial = line(readiness_lines(run), "gallery.onboarding.users.update");
  BOOST_TEST((partial.status == ReadinessStatus::not_tested));
  BOOST_TEST(partial.why ==
             "passed: users.patch.replace, users.patch.add; not run: gallery.schemas.group-schema");
  run.suites[0].cases.push_back(kase("gallery.schemas.group-schema", Outcome::passed));
  BOOST_TEST((status(run, "gallery.onboarding.users.update") == ReadinessStatus::met));
}

BOOST_AUTO_TEST_CASE(load_thresholds) {
  auto run = ready_run();
  const json load = {{"run_id", "l1"},
                     {"throughput_rps", 40.0},
                     {"thresholds",
                      {{{"id", "load.rate"},
                        {"title", "at least 25 requests/s"},
                        {"passed", false},
                        {"expected", "at least 25 requests/s"},
                        {"actual", "12.5 requests/s"}},
                       {{"id", "load.cleanup"},
                        {"title", "cleanup"},
                        {"passed", false},
                        {"expected", "3 deleted"},
                        {"actual", "2 deleted"}},
                       {{"id", "load.timeout"},
                        {"title", "within 60 s"},
                        {"passed", true},
                        {"expected", "at most 60000 ms"},
                        {"actual", "slowest 8.0 ms"}},
                       {{"id", "load.rate-10s"},
                        {"title", "slowest 10 s window"},
                        {"passed", false},
                        {"status", "not measured"},
                        {"expected", "at least 25 requests/s"},
                        {"actual", "run of 2.0 s, shorter than 10 s"}}}}};
  BOOST_TEST(is_load_result(load));
  BOOST_TEST(!is_load_result(json{{"suites", json::array()}}));
  std::string error;
  BOOST_TEST(merge_load_result(load, *run.readiness, &error), error);
  const auto lines = readiness_lines(run);
  BOOST_TEST((line(lines, "gallery.load.rate").status == ReadinessStatus::blocker));
  BOOST_TEST(line(lines, "gallery.load.rate").why ==
             "measured 12.5 requests/s (expected at least 25 requests/s)");
  BOOST_TEST((line(lines, "gallery.load.cleanup").status == ReadinessStatus::warning));  // no rule
  BOOST_TEST((line(lines, "gallery.load.timeout").status == ReadinessStatus::met));
  // A threshold the run could not measure is not tested, never met nor a blocker.
  BOOST_TEST((line(lines, "gallery.load.rate-10s").status == ReadinessStatus::not_tested));
  BOOST_TEST(line(lines, "gallery.load.rate-10s").why ==
             "not measured: run of 2.0 s, shorter than 10 s");
  json unknown = load;
  unknown["thresholds"][3]["status"] = "skipped";
  BOOST_TEST(!merge_load_result(unknown, *run.readiness, &error));
  BOOST_TEST(error ==
             "load.thresholds[3].status: expected passed, failed, not measured or not applicable");
  json bad = load;
  bad["thresholds"][0]["passed"] = "no";
  BOOST_TEST(!merge_load_result(bad, *run.readiness, &error));
  BOOST_TEST(error == "load.thresholds[0].passed: expected true or false");
}

BOOST_AUTO_TEST_CASE(shipped_table_loads) {
  std::string error;
  const auto table = load_requirement_table(requirement_table_file(testing::source_root()), &error);
  BOOST_TEST_REQUIRE(table.has_value(), error);
  bool schemas = false, optional_delete = false;
  for (const auto& req : table->requirements) {
    if (req.id == "schemas")
      schemas = req.checks == std::vector<std::string>{"discovery.schemas",
                                                       "gallery.schemas.mapped-attributes",
                                                       "gallery.schemas.group-schema"};
    if (req.id == "hard-delete") optional_delete = req.optional;
  }
  BOOST_TEST(schemas);
  BOOST_TEST(optional_delete);
  BOOST_TEST(!table->load_rules.empty());
}

BOOST_AUTO_TEST_CASE(table_errors_name_the_member) {
  std::string error;
  const json no_checks = {
      {"requirements",
       {{{"id", "x"}, {"title", "X"}, {"citation", "c"}, {"checks", json::array()}}}}};
  BOOST_TEST(!parse_requirement_table(no_checks, "t.json", &error));
  BOOST_TEST(error == "t.json.requirements[0].checks: names no check");
  const json bad_severity = {
      {"requirements", json::array()},
      {"load", {{{"threshold", "load.rate"}, {"citation", "c"}, {"severity", "fatal"}}}}};
  BOOST_TEST(!parse_requirement_table(bad_severity, "t.json", &error));
  BOOST_TEST(contains(error, "t.json.load[0].severity"));
  BOOST_TEST(!parse_requirement_table(json::array(), "t.json", &error));
}

BOOST_AUTO_TEST_CASE(results_json_round_trip) {
  auto run = ready_run();
  run.readiness->load = {{"load.rate", "rate", "passed", "at least 25", "30.0 requests/s"}};
  run.readiness->load_run_id = "l1";
  const json saved = to_json(run);
  BOOST_TEST(saved["gallery_readiness"]["lines"][2]["status"] == "met");
  const result::RunResult back = from_json(saved);
  BOOST_TEST_REQUIRE(back.readiness.has_value());
  BOOST_TEST(back.readiness->tls->tls12.cipher == "ECDHE-RSA-AES128-GCM-SHA256");
  BOOST_TEST(back.readiness->requirements.size() == 2u);
  BOOST_TEST(back.readiness->requirements[1].optional);
  BOOST_TEST(back.readiness->load.size() == 1u);
  BOOST_TEST(to_json(back).dump() == saved.dump());
  json broken = saved;
  broken["gallery_readiness"]["tls"]["legacy"]["verdict"] = "maybe";
  BOOST_CHECK_THROW(from_json(broken), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(reports_show_the_section) {
  auto run = ready_run();
  run.readiness->scheme = "http";
  run.readiness->tls.reset();
  std::ostringstream html, md, junit;
  write_html(run, html);
  write_markdown(run, md);
  write_junit(run, junit);
  BOOST_TEST(contains(html.str(), "<h2>Gallery readiness</h2>"));
  BOOST_TEST(
      contains(html.str(), "data-key=\"gallery.https\"><td class=\"status s-fail\">blocker"));
  BOOST_TEST(contains(md.str(), "### Gallery readiness"));
  BOOST_TEST(contains(md.str(), "| \xE2\x9D\x8C blocker | HTTPS |"));
  BOOST_TEST(contains(junit.str(), "<property name=\"gallery.https\" value=\"blocker\""));
  BOOST_TEST(contains(junit.str(), "<property name=\"gallery.auth\" value=\"met\""));
}

BOOST_AUTO_TEST_SUITE_END()
