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

/// A case's baseline state as its name ("known", "" for none).
std::string state(const RunResult& run, const std::string& id) {
  return to_string(find(run, id).baseline);
}

/// The first problem found in a baseline text, as "line:col: message"; "" when it parses.
std::string rejection(const std::string& text) {
  scimcheck::source::Diagnostics diagnostics;
  const auto file = scimcheck::source::parse_json_text("b.json", text, diagnostics);
  if (file && parse_baseline(*file, diagnostics)) return "";
  if (diagnostics.empty()) return "<no diagnostic>";
  const auto& d = diagnostics.front();
  return std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + ": " + d.message;
}

Baseline baseline_of(const std::string& text) {
  scimcheck::source::Diagnostics diagnostics;
  const auto file = scimcheck::source::parse_json_text("b.json", text, diagnostics);
  BOOST_REQUIRE(file);
  auto baseline = parse_baseline(*file, diagnostics);
  BOOST_REQUIRE(baseline);
  return *baseline;
}

/// The notes of apply_baseline as "line:col: message".
std::vector<std::string> notes_of(RunResult& run, const Baseline& b, const char* today) {
  std::vector<std::string> out;
  for (const auto& d : apply_baseline(run, b, today)) {
    BOOST_TEST((d.severity == scimcheck::source::Severity::warning));
    BOOST_TEST(d.span.file == "b.json");
    out.push_back(std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + ": " +
                  d.message);
  }
  return out;
}

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

BOOST_AUTO_TEST_CASE(rejects_malformed_files_at_their_place) {
  BOOST_TEST(rejection("[]") == "1:1: top level: expected an object with \"entries\"");
  BOOST_TEST(rejection("{}") == "1:1: entries: missing");
  BOOST_TEST(rejection(R"({"entries": 3})") == "1:13: entries: expected an array");
  BOOST_TEST(rejection(R"({"entries": [7]})") == "1:14: entries[0]: expected an object");
  BOOST_TEST(rejection(R"({"entries": [{"reason": "x"}]})") == "1:14: entries[0].id: missing");
  BOOST_TEST(rejection(R"({"entries": [{"id": "a"}]})") == "1:14: entries[0].reason: missing");
  BOOST_TEST(rejection("{\"entries\": [\n  {\"id\": \"a\", \"reason\": \"r\", \"expires\": "
                       "\"31.01.2030\"}]}") ==
             "2:41: entries[0].expires: expected a date YYYY-MM-DD, got \"31.01.2030\"");
  BOOST_TEST(rejection(R"({"entries": [{"id": "a", "reason": "r", "expires": "2030-13-01"}]})") ==
             "1:52: entries[0].expires: expected a date YYYY-MM-DD, got \"2030-13-01\"");
  BOOST_TEST(rejection(R"({"entries": [{"id": "a", "reason": "r", "until": "x"}]})") ==
             "1:41: entries[0].until: unknown key (expected id, reason, expires)");
  BOOST_TEST(rejection("{\"entries\": [\n {\"id\": \"a\", \"reason\": \"r\"},\n {\"id\": \"a\", "
                       "\"reason\": \"s\"}]}") ==
             "3:9: entries[1].id: \"a\" listed twice (first as entries[0])");
  BOOST_TEST(rejection(R"({"entries": [{"id": 5, "reason": "r"}]})") ==
             "1:21: entries[0].id: expected a string");
  BOOST_TEST(rejection(R"({"entries": [{"id": "", "reason": "r"}]})") == "1:21: entries[0].id: empty");
  // a pattern that accepts every failure is not a baseline
  BOOST_TEST(rejection(R"({"entries": [{"id": "*", "reason": "r"}]})") ==
             "1:21: entries[0].id: \"*\" would accept every failure; list checks or areas "
             "(\"groups.*\")");
  BOOST_TEST(rejection(R"({"entries": [{"id": "*.*", "reason": "r"}]})").find("would accept every") !=
             std::string::npos);
  BOOST_TEST(rejection(R"({"entries": [{"id": "groups.*", "reason": "r"}]})") == "");
}

BOOST_AUTO_TEST_CASE(reports_every_problem_with_a_hint) {
  scimcheck::source::Diagnostics diagnostics;
  const auto file = scimcheck::source::parse_json_text(
      "b.json", R"({"entries": [{"id": "a", "reason": "r", "expiry": "2030-01-01"}, {"id": 3}]})",
      diagnostics);
  BOOST_REQUIRE(file);
  BOOST_TEST(!parse_baseline(*file, diagnostics));
  BOOST_REQUIRE(diagnostics.size() == 3u);
  BOOST_TEST(diagnostics[0].hint == "did you mean \"expires\"?");
  BOOST_TEST(diagnostics[1].message == "entries[1].id: expected a string");
  BOOST_TEST(diagnostics[2].message == "entries[1].reason: missing");
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
  const auto notes = notes_of(run, b, "2024-05-01");
  BOOST_TEST(state(run, "a") == "known");
  BOOST_TEST(find(run, "a").baseline_reason == "known a");
  BOOST_TEST(state(run, "b") == "fixed");
  BOOST_TEST(state(run, "c") == "expired");  // expired the day before
  BOOST_TEST(state(run, "d") == "");
  BOOST_TEST(state(run, "e") == "");
  BOOST_TEST(state(run, "f") == "known");  // the expiry day itself still holds
  BOOST_REQUIRE(notes.size() == 1u);
  BOOST_TEST(notes[0] == "7:12: baseline entry \"zzz\" matches no check of this run");

  const Totals t = totals(run);
  BOOST_TEST(t.known == 2);
  BOOST_TEST(t.fixed == 1);
  BOOST_TEST(t.failed == 2);  // an accepted failure counts once, as known
  BOOST_CHECK(find(run, "a").outcome == Outcome::failed);  // outcomes themselves are unchanged
  BOOST_TEST(t.total() == 6);
}

BOOST_AUTO_TEST_CASE(patterns_accept_every_failing_check_they_match) {
  RunResult run = run_with({{"groups.create", Outcome::failed},
                            {"groups.patch.add", Outcome::errored},
                            {"groups.list", Outcome::passed},
                            {"groups.delete", Outcome::failed},
                            {"users.create", Outcome::failed},
                            {"users.patch", Outcome::passed}});
  const Baseline b = baseline_of(R"({"entries": [
    {"id": "groups.*", "reason": "groups are next quarter"},
    {"id": "groups.delete", "reason": "ticket 9", "expires": "2024-01-01"},
    {"id": "users.p*", "reason": "patch is flaky"},
    {"id": "roles.*", "reason": "gone"}]})");
  const auto notes = notes_of(run, b, "2024-05-01");
  BOOST_TEST(state(run, "groups.create") == "known");
  BOOST_TEST(find(run, "groups.create").baseline_reason == "groups are next quarter");
  BOOST_TEST(state(run, "groups.patch.add") == "known");
  // a passing check does not retire a pattern that stands for others
  BOOST_TEST(state(run, "groups.list") == "");
  BOOST_TEST(find(run, "groups.list").baseline_reason == "");
  // an exact entry comes before a pattern, even when it has expired
  BOOST_TEST(state(run, "groups.delete") == "expired");
  BOOST_TEST(find(run, "groups.delete").baseline_reason == "ticket 9");
  BOOST_TEST(state(run, "users.create") == "");
  BOOST_TEST(state(run, "users.patch") == "");
  BOOST_REQUIRE(notes.size() == 2u);
  BOOST_TEST(notes[0] ==
             "4:12: baseline pattern \"users.p*\" matches 1 checks and none of them failed: the "
             "entry can go");
  BOOST_TEST(notes[1] == "5:12: baseline pattern \"roles.*\" matches no check of this run");

  const Totals t = totals(run);
  BOOST_TEST(t.known == 2);
  BOOST_TEST(t.failed == 2);
  BOOST_TEST(t.fixed == 0);
  BOOST_TEST(exit_code(run) == 1);
  BOOST_TEST(find_entry(b, "groups.x") == &b.entries[0]);
  BOOST_TEST(find_entry(b, "groups.delete") == &b.entries[1]);
  BOOST_TEST(find_entry(b, "users.create") == nullptr);
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

BOOST_AUTO_TEST_CASE(state_of_one_outcome_as_of_a_fixed_day) {
  const Baseline b = baseline_of(R"({"entries": [
    {"id": "a", "reason": "r", "expires": "2024-05-01"},
    {"id": "p.*", "reason": "r"}]})");
  const BaselineEntry& exact = b.entries[0];
  const BaselineEntry& pattern = b.entries[1];
  const auto named = [](BaselineState s) { return std::string(to_string(s)); };
  for (const Outcome problem : {Outcome::failed, Outcome::errored, Outcome::warning}) {
    BOOST_TEST(named(baseline_state(problem, exact, "2024-05-01")) == "known");
    BOOST_TEST(named(baseline_state(problem, exact, "2024-05-02")) == "expired");
    BOOST_TEST(named(baseline_state(problem, pattern, "2999-12-31")) == "known");
  }
  BOOST_TEST(named(baseline_state(Outcome::passed, exact, "2024-05-02")) == "fixed");
  BOOST_TEST(named(baseline_state(Outcome::passed, pattern, "2024-05-01")).empty());
  for (const Outcome not_run : {Outcome::skipped, Outcome::blocked, Outcome::not_evaluated})
    BOOST_TEST(named(baseline_state(not_run, exact, "2024-05-01")).empty());
}

BOOST_AUTO_TEST_CASE(states_read_back_from_their_names) {
  for (const BaselineState s : {BaselineState::none, BaselineState::known, BaselineState::fixed,
                                BaselineState::expired}) {
    const auto back = parse_baseline_state(to_string(s));
    BOOST_TEST((back && *back == s));
  }
  BOOST_TEST(!parse_baseline_state("Known"));
  BOOST_TEST(!parse_baseline_state("accepted"));
}

BOOST_AUTO_TEST_CASE(marking_case_by_case_gives_the_notes_of_the_whole_run) {
  const Baseline b = baseline_of(R"({"entries": [
    {"id": "a", "reason": "ticket 1"},
    {"id": "p.*", "reason": "later"},
    {"id": "gone", "reason": "r"}]})");
  const BaselineMarking marking(b, "2024-05-01");
  RunResult run = run_with({{"a", Outcome::failed}, {"p.x", Outcome::passed}, {"z", Outcome::failed}});
  // a case the baseline does not list keeps what it carries (a saved run's own marks)
  run.suites[0].cases[2].baseline = BaselineState::fixed;
  for (auto& kase : run.suites[0].cases) marking.mark(kase);
  BOOST_TEST(state(run, "a") == "known");
  BOOST_TEST(find(run, "a").baseline_reason == "ticket 1");
  BOOST_TEST(state(run, "p.x") == "");
  BOOST_TEST(state(run, "z") == "fixed");
  // the notes read the marks already made: nothing is marked a second time
  run.suites[0].cases[0].baseline = BaselineState::none;
  std::vector<std::string> messages;
  for (const auto& d : marking.notes(run)) messages.push_back(d.message);
  BOOST_REQUIRE(messages.size() == 2u);
  BOOST_TEST(messages[0] ==
             "baseline pattern \"p.*\" matches 1 checks and none of them failed: the entry can go");
  BOOST_TEST(messages[1] == "baseline entry \"gone\" matches no check of this run");
  BOOST_TEST(state(run, "a") == "");
}

BOOST_AUTO_TEST_SUITE_END()
