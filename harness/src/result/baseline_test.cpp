#include "result/baseline.hpp"

#include <boost/test/unit_test.hpp>
#include <stdexcept>
#include <string>

using namespace scimcheck::result;
using nlohmann::json;

namespace {

RunResult run_with(std::initializer_list<std::pair<const char*, Outcome>> cases,
                   bool strict = false) {
  RunResult run;
  run.strict = strict;
  SuiteResult suite;
  suite.id = "users";
  for (const auto& [id, outcome] : cases) {
    CaseResult c;
    c.id = id;
    c.outcome = outcome;
    suite.cases.push_back(c);
  }
  run.suites.push_back(suite);
  return run;
}

const CaseResult& find(const RunResult& run, const std::string& id) {
  for (const auto& c : run.suites[0].cases)
    if (c.id == id) return c;
  throw std::logic_error("no case " + id);
}

std::string rejection(const json& document) {
  try {
    parse_baseline(document);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

Baseline baseline_of(const char* text) { return parse_baseline(json::parse(text)); }

}  // namespace

BOOST_AUTO_TEST_SUITE(baseline)

BOOST_AUTO_TEST_CASE(parses_entries) {
  const Baseline b = baseline_of(R"({"entries": [
    {"id": "users.a", "reason": "ticket 1"},
    {"id": "users.b", "reason": "ticket 2", "expires": "2030-01-31"}]})");
  BOOST_REQUIRE(b.entries.size() == 2u);
  BOOST_TEST(b.entries[0].id == "users.a");
  BOOST_TEST(b.entries[0].reason == "ticket 1");
  BOOST_TEST(b.entries[0].expires == "");
  BOOST_TEST(b.entries[1].expires == "2030-01-31");
  BOOST_TEST(baseline_of(R"({"entries": []})").entries.empty());
}

BOOST_AUTO_TEST_CASE(rejects_malformed_files) {
  BOOST_TEST(rejection(json::array()) ==
             "baseline: top level: expected an object with \"entries\"");
  BOOST_TEST(rejection(json::object()) == "baseline: entries: missing");
  BOOST_TEST(rejection({{"entries", 3}}) == "baseline: entries: expected an array");
  BOOST_TEST(rejection(json::parse(R"({"entries": [{"reason": "x"}]})")) ==
             "baseline: entries[0].id: missing");
  BOOST_TEST(rejection(json::parse(R"({"entries": [{"id": "a"}]})")) ==
             "baseline: entries[0].reason: missing");
  BOOST_TEST(rejection(json::parse(
                 R"({"entries": [{"id": "a", "reason": "r", "expires": "31.01.2030"}]})")) ==
             "baseline: entries[0].expires: expected a date YYYY-MM-DD, got \"31.01.2030\"");
  BOOST_TEST(rejection(json::parse(
                 R"({"entries": [{"id": "a", "reason": "r", "expires": "2030-13-01"}]})")) ==
             "baseline: entries[0].expires: expected a date YYYY-MM-DD, got \"2030-13-01\"");
  BOOST_TEST(rejection(json::parse(R"({"entries": [{"id": "a", "reason": "r", "until": "x"}]})")) ==
             "baseline: entries[0].until: unknown key (expected id, reason, expires)");
  BOOST_TEST(rejection(json::parse(
                 R"({"entries": [{"id": "a", "reason": "r"}, {"id": "a", "reason": "s"}]})")) ==
             "baseline: entries[1].id: \"a\" listed twice");
  BOOST_TEST(rejection(json::parse(R"({"entries": [{"id": 5, "reason": "r"}]})")) ==
             "baseline: entries[0].id: expected a string");
}

BOOST_AUTO_TEST_CASE(marks_known_fixed_and_expired) {
  RunResult run = run_with({{"a", Outcome::failed},
                            {"b", Outcome::passed},
                            {"c", Outcome::failed},
                            {"d", Outcome::failed},
                            {"e", Outcome::skipped},
                            {"f", Outcome::errored}});
  const Baseline b = baseline_of(R"({"entries": [
    {"id": "a", "reason": "known a"},
    {"id": "b", "reason": "was broken"},
    {"id": "c", "reason": "until spring", "expires": "2024-04-30"},
    {"id": "e", "reason": "not run"},
    {"id": "f", "reason": "times out", "expires": "2024-05-01"},
    {"id": "zzz", "reason": "gone"}]})");
  const auto notes = apply_baseline(run, b, "2024-05-01");
  BOOST_TEST(find(run, "a").baseline == "known");
  BOOST_TEST(find(run, "a").baseline_reason == "known a");
  BOOST_TEST(find(run, "b").baseline == "fixed");
  BOOST_TEST(find(run, "c").baseline == "expired");  // expired the day before
  BOOST_TEST(find(run, "d").baseline == "");
  BOOST_TEST(find(run, "e").baseline == "");
  BOOST_TEST(find(run, "f").baseline == "known");  // the expiry day itself still holds
  BOOST_REQUIRE(notes.size() == 1u);
  BOOST_TEST(notes[0] == "baseline entry \"zzz\" matches no check of this run");

  const Totals t = totals(run);
  BOOST_TEST(t.known == 2);
  BOOST_TEST(t.fixed == 1);
  BOOST_TEST(t.failed == 2);  // an accepted failure counts once, as known
  BOOST_CHECK(find(run, "a").outcome == Outcome::failed);  // outcomes themselves are unchanged
  BOOST_TEST(t.total() == 6);
}

BOOST_AUTO_TEST_CASE(exit_code_ignores_known_failures_only) {
  RunResult run = run_with({{"a", Outcome::failed}, {"b", Outcome::passed}});
  BOOST_TEST(exit_code(run) == 1);
  apply_baseline(run, baseline_of(R"({"entries": [{"id": "a", "reason": "r"}]})"), "2024-05-01");
  BOOST_TEST(exit_code(run) == 0);

  // a new failure next to a known one fails the run
  run = run_with({{"a", Outcome::failed}, {"b", Outcome::failed}});
  apply_baseline(run, baseline_of(R"({"entries": [{"id": "a", "reason": "r"}]})"), "2024-05-01");
  BOOST_TEST(exit_code(run) == 1);

  // an expired entry excuses nothing
  run = run_with({{"a", Outcome::failed}});
  apply_baseline(
      run, baseline_of(R"({"entries": [{"id": "a", "reason": "r", "expires": "2024-01-01"}]})"),
      "2024-05-01");
  BOOST_TEST(exit_code(run) == 1);

  // a known errored case does not make the run incomplete; a known warning passes --strict
  run = run_with({{"a", Outcome::errored}, {"w", Outcome::warning}}, true);
  BOOST_TEST(exit_code(run) == 3);
  apply_baseline(
      run, baseline_of(R"({"entries": [{"id": "a", "reason": "r"}, {"id": "w", "reason": "s"}]})"),
      "2024-05-01");
  BOOST_TEST(exit_code(run) == 0);

  // aborted stays aborted
  run.aborted = true;
  BOOST_TEST(exit_code(run) == 3);
}

BOOST_AUTO_TEST_SUITE_END()
