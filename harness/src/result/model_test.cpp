#include "result/model.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace scimcheck::result;

namespace {

CaseResult make_case(const std::string& id, Outcome outcome) {
  CaseResult c;
  c.id = id;
  c.outcome = outcome;
  return c;
}

/// A run whose single suite holds one case of each given outcome.
RunResult run_of(std::initializer_list<Outcome> outcomes, bool strict = false,
                 bool aborted = false) {
  RunResult run;
  run.strict = strict;
  run.aborted = aborted;
  SuiteResult suite;
  suite.id = "users";
  int n = 0;
  for (Outcome o : outcomes) suite.cases.push_back(make_case("c" + std::to_string(n++), o));
  run.suites.push_back(suite);
  return run;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(result_model)

BOOST_AUTO_TEST_CASE(outcome_names) {
  BOOST_TEST(std::string(to_string(Outcome::passed)) == "passed");
  BOOST_TEST(std::string(to_string(Outcome::failed)) == "failed");
  BOOST_TEST(std::string(to_string(Outcome::errored)) == "errored");
  BOOST_TEST(std::string(to_string(Outcome::skipped)) == "skipped");
  BOOST_TEST(std::string(to_string(Outcome::warning)) == "warning");
}

BOOST_AUTO_TEST_CASE(totals_count_every_outcome) {
  RunResult run = run_of({Outcome::passed, Outcome::passed, Outcome::failed, Outcome::skipped});
  SuiteResult second;
  second.cases = {make_case("a", Outcome::errored), make_case("b", Outcome::warning),
                  make_case("c", Outcome::passed)};
  run.suites.push_back(second);

  const Totals first = totals(run.suites[0]);
  BOOST_TEST(first.passed == 2);
  BOOST_TEST(first.failed == 1);
  BOOST_TEST(first.skipped == 1);
  BOOST_TEST(first.total() == 4);

  const Totals all = totals(run);
  BOOST_TEST(all.passed == 3);
  BOOST_TEST(all.failed == 1);
  BOOST_TEST(all.errored == 1);
  BOOST_TEST(all.skipped == 1);
  BOOST_TEST(all.warning == 1);
  BOOST_TEST(all.total() == 7);
}

BOOST_AUTO_TEST_CASE(totals_of_an_empty_run) {
  RunResult run;
  BOOST_TEST(totals(run).total() == 0);
  BOOST_TEST(exit_code(run) == 0);
}

BOOST_AUTO_TEST_CASE(exit_code_table) {
  struct Row {
    std::initializer_list<Outcome> outcomes;
    bool strict;
    bool aborted;
    int expected;
  };
  const Row rows[] = {
      {{Outcome::passed}, false, false, 0},
      {{Outcome::passed, Outcome::skipped}, false, false, 0},
      {{Outcome::passed, Outcome::warning}, false, false, 0},
      {{Outcome::passed, Outcome::warning}, true, false, 1},
      {{Outcome::passed, Outcome::failed}, false, false, 1},
      {{Outcome::failed, Outcome::warning}, true, false, 1},
      {{Outcome::passed, Outcome::errored}, false, false, 3},
      {{Outcome::failed, Outcome::errored}, true, false, 3},
      {{Outcome::passed}, false, true, 3},
      {{Outcome::failed}, false, true, 3},
      {{Outcome::skipped}, true, false, 0},
  };
  int i = 0;
  for (const auto& row : rows) {
    BOOST_TEST_CONTEXT("row " << i++) {
      BOOST_TEST(exit_code(run_of(row.outcomes, row.strict, row.aborted)) == row.expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(totals_of_chosen_cases_count_known_failures_once) {
  CaseResult known = make_case("k", Outcome::failed);
  known.baseline = BaselineState::known;
  CaseResult fixed = make_case("f", Outcome::passed);
  fixed.baseline = BaselineState::fixed;
  CaseResult expired = make_case("e", Outcome::warning);
  expired.baseline = BaselineState::expired;
  const CaseResult blocked = make_case("b", Outcome::blocked);
  const CaseResult unevaluated = make_case("n", Outcome::not_evaluated);
  const Totals t = totals(std::vector<const CaseResult*>{&known, &fixed, &expired, &blocked,
                                                         &unevaluated});
  BOOST_TEST(t.known == 1);
  BOOST_TEST(t.failed == 0);
  BOOST_TEST(t.passed == 1);
  BOOST_TEST(t.fixed == 1);  // an overlay on passed
  BOOST_TEST(t.warning == 1);
  BOOST_TEST(t.blocked == 2);
  BOOST_TEST(t.total() == 5);
}

BOOST_AUTO_TEST_CASE(strict_makes_warnings_fail_but_not_known_ones) {
  CaseResult warning = make_case("w", Outcome::warning);
  BOOST_TEST(!fails_run(warning, false));
  BOOST_TEST(fails_run(warning, true));
  warning.baseline = BaselineState::known;
  BOOST_TEST(!fails_run(warning, true));
  warning.baseline = BaselineState::expired;
  BOOST_TEST(fails_run(warning, true));
  for (const Outcome o : {Outcome::passed, Outcome::skipped, Outcome::blocked,
                          Outcome::not_evaluated})
    BOOST_TEST(!fails_run(make_case("x", o), true));
  BOOST_TEST(fails_run(make_case("e", Outcome::errored), false));
}

BOOST_AUTO_TEST_CASE(first_problem_prefers_the_reason_then_the_first_problem_check) {
  CheckResult passed;
  passed.description = "status is one of 200";
  CheckResult failed;
  failed.description = "path userName equals \"a\"";
  failed.outcome = Outcome::failed;
  failed.expected = "\"a\"";
  failed.actual = "\"b\"";
  StepResult get;
  get.name = "get";
  get.outcome = Outcome::failed;
  get.checks = {passed, failed};
  CaseResult kase = make_case("c", Outcome::failed);
  kase.steps = {get};
  BOOST_TEST(first_problem_check(get) == &get.checks[1]);
  BOOST_TEST(step_problem(get) ==
             "get: path userName equals \"a\" (expected \"a\", got \"b\")");
  BOOST_TEST(first_problem(kase) == "path userName equals \"a\": expected \"a\", got \"b\"");
  kase.reason = "the reason";
  BOOST_TEST(first_problem(kase) == "the reason");

  StepResult errored;
  errored.name = "post";
  errored.outcome = Outcome::errored;
  errored.error = "no response (timeout): slow";
  BOOST_TEST(first_problem_check(errored) == nullptr);
  BOOST_TEST(step_problem(errored) == "post: no response (timeout): slow");
  CaseResult no_reason = make_case("d", Outcome::errored);
  no_reason.steps = {errored};
  BOOST_TEST(first_problem(no_reason) == "no response (timeout): slow");
  BOOST_TEST(first_problem(make_case("p", Outcome::passed)) == "passed");
  BOOST_TEST(step_problem(StepResult{}).empty());
}

BOOST_AUTO_TEST_CASE(problems_are_failures_errors_and_warnings) {
  BOOST_TEST(is_problem(Outcome::failed));
  BOOST_TEST(is_problem(Outcome::errored));
  BOOST_TEST(is_problem(Outcome::warning));
  for (const Outcome o : {Outcome::passed, Outcome::skipped, Outcome::blocked,
                          Outcome::not_evaluated})
    BOOST_TEST(!is_problem(o));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(evidence)

BOOST_AUTO_TEST_CASE(bodies_kept_as_evidence_are_capped_and_their_size_noted) {
  scimcheck::http::Exchange ex;
  ex.request.body = "{}";
  ex.response.body = std::string(16u << 20, 'x');
  StepResult step;
  keep_evidence(step, ex);
  BOOST_REQUIRE(step.exchange.has_value());
  BOOST_TEST(step.exchange->response.body.size() == kEvidenceBodyBytes);
  BOOST_TEST(step.response_body_bytes == (16u << 20));
  BOOST_TEST(step.exchange->request.body == "{}");
  BOOST_TEST(step.request_body_bytes == 2u);
}

BOOST_AUTO_TEST_CASE(a_cut_never_splits_a_character) {
  // "é" is two bytes: a cut between them moves back one byte.
  const std::string text = std::string(kEvidenceBodyBytes - 1, 'a') + "\xC3\xA9" + "tail";
  BOOST_TEST(char_boundary(text, kEvidenceBodyBytes) == kEvidenceBodyBytes - 1);
  BOOST_TEST(char_boundary("short", 100) == 5u);
  // Malformed text (continuation bytes only) is still cut near the limit.
  BOOST_TEST(char_boundary(std::string(100, '\x80'), 50) >= 47u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(the_fix_shown_is_the_first_failed_expectations_own) {
  CaseResult kase;
  kase.fix = "case fix";
  BOOST_TEST(fix_of(kase) == "case fix");
  StepResult step;
  CheckResult passed;
  passed.fix = "fix of a passed check";
  CheckResult warned;
  warned.outcome = Outcome::warning;
  warned.fix = "fix of a warning";
  CheckResult failed_without_fix;
  failed_without_fix.outcome = Outcome::failed;
  step.checks = {passed, warned, failed_without_fix};
  kase.steps.push_back(step);
  BOOST_TEST(fix_of(kase) == "fix of a warning");
  CheckResult failed;
  failed.outcome = Outcome::failed;
  failed.fix = "fix of a failure";
  kase.steps.back().checks.push_back(failed);
  BOOST_TEST(fix_of(kase) == "fix of a failure");
  kase.steps.back().checks = {passed, failed_without_fix};
  BOOST_TEST(fix_of(kase) == "case fix");
}
