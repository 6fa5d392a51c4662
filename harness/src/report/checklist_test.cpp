#include "report/checklist.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

#include "report/sample_run_test.hpp"

using namespace scimcheck;
using namespace scimcheck::report;
using result::CaseResult;
using result::Outcome;
using testing::sample_run;

namespace {

CaseResult kase(const std::string& id, const std::string& capability, Outcome outcome) {
  CaseResult k;
  k.id = id;
  k.capability = capability;
  k.outcome = outcome;
  return k;
}

result::RunResult run_of(std::vector<CaseResult> cases) {
  result::RunResult run;
  result::SuiteResult suite;
  suite.id = "s";
  suite.cases = std::move(cases);
  run.suites.push_back(suite);
  return run;
}

std::string summary(const std::vector<ChecklistRow>& rows) {
  std::string out;
  for (const auto& r : rows)
    out += r.capability + "=" + to_string(r.status) + "/" + std::to_string(r.cases.size()) + " ";
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(checklist_rows)

BOOST_AUTO_TEST_CASE(fixed_order_then_others_and_only_present_rows) {
  const auto run =
      run_of({kase("a", "protocol", Outcome::passed), kase("b", "custom", Outcome::passed),
              kase("c", "create-users", Outcome::passed), kase("d", "connection", Outcome::passed),
              kase("e", "", Outcome::failed), kase("f", "create-users", Outcome::passed)});
  const auto rows = checklist(run);
  BOOST_TEST(summary(rows) ==
             "connection=pass/1 create-users=pass/2 protocol=pass/1 custom=pass/1 ");
  BOOST_TEST(rows[1].label == "Create users");
  BOOST_TEST(rows[3].label == "custom");
  BOOST_TEST(rows[1].cases[0]->id == "c");
  BOOST_TEST(rows[1].cases[1]->id == "f");
  BOOST_TEST(rows[1].totals.passed == 2);
}

BOOST_AUTO_TEST_CASE(a_blocked_check_leaves_its_capability_unproven_not_broken) {
  const auto run = run_of({kase("a", "memberships", Outcome::passed),
                           kase("b", "memberships", Outcome::blocked),
                           kase("c", "create-users", Outcome::failed)});
  BOOST_TEST(summary(checklist(run)) == "create-users=fail/1 memberships=warn/2 ");
}

BOOST_AUTO_TEST_CASE(status_rules) {
  auto run =
      run_of({kase("a", "memberships", Outcome::passed), kase("b", "memberships", Outcome::warning),
              kase("c", "errors", Outcome::passed), kase("d", "errors", Outcome::errored),
              kase("e", "discovery", Outcome::skipped), kase("f", "remove-users", Outcome::failed),
              kase("g", "remove-users", Outcome::skipped)});
  BOOST_TEST(summary(checklist(run)) ==
             "remove-users=fail/2 memberships=warn/2 discovery=untested/1 errors=fail/2 ");
  run.strict = true;
  BOOST_TEST(summary(checklist(run)) ==
             "remove-users=fail/2 memberships=fail/2 discovery=untested/1 errors=fail/2 ");
  // a failure the baseline accepts leaves the row amber; an expired entry does not
  run.strict = false;
  run.suites[0].cases[5].baseline = result::BaselineState::known;
  run.suites[0].cases[3].baseline = result::BaselineState::expired;
  const auto rows = checklist(run);
  BOOST_TEST(summary(rows) ==
             "remove-users=warn/2 memberships=warn/2 discovery=untested/1 errors=fail/2 ");
  BOOST_TEST(rows[0].totals.known == 1);
  BOOST_TEST(rows[0].totals.failed == 0);  // counted once, as known
}

BOOST_AUTO_TEST_CASE(rfc_only_findings_leave_the_capability_alone) {
  auto rfc_case = kase("a", "connection", Outcome::failed);
  rfc_case.impact = suite::Impact::rfc;
  auto entra_case = kase("b", "memberships", Outcome::failed);
  // an Entra check whose only failed expectation is RFC-only (401 without WWW-Authenticate)
  auto mixed = kase("c", "connection", Outcome::failed);
  result::StepResult step;
  step.checks.push_back({"status is one of 401", Outcome::passed, "401", "401", "",
                         suite::Level::must});
  step.checks.push_back({"header WWW-Authenticate is present", Outcome::failed, "present",
                         "absent", "", suite::Level::must, suite::Impact::rfc});
  mixed.steps.push_back(step);
  auto gallery_case = kase("d", "discovery", Outcome::failed);
  gallery_case.impact = suite::Impact::gallery;
  auto app_case = kase("e", "create-users", Outcome::warning);
  app_case.impact = suite::Impact::app;
  auto rfc_passed = kase("f", "errors", Outcome::passed);
  rfc_passed.impact = suite::Impact::rfc;
  auto run = run_of({rfc_case, entra_case, mixed, gallery_case, app_case, rfc_passed});
  BOOST_TEST(summary(checklist(run)) ==
             "connection=pass/2 create-users=warn/1 memberships=fail/1 discovery=fail/1 "
             "errors=pass/1 ");
  BOOST_TEST(rfc_only(run.suites[0].cases[0]));
  BOOST_TEST(!rfc_only(run.suites[0].cases[1]));
  BOOST_TEST(rfc_only(run.suites[0].cases[2]));
  BOOST_TEST(!rfc_only(run.suites[0].cases[3]));
  std::string findings;
  for (const auto* k : rfc_findings(run)) findings += k->id + " ";
  BOOST_TEST(findings == "a c ");
  BOOST_TEST(finding_grade(run.suites[0].cases[2]) == "MUST, rfc");

  // the same check failing its Entra status as well is Entra-breaking
  run.suites[0].cases[2].steps[0].checks[0].outcome = Outcome::failed;
  BOOST_TEST(!rfc_only(run.suites[0].cases[2]));
  BOOST_TEST(summary(checklist(run)).find("connection=fail/2") == 0u);
}

BOOST_AUTO_TEST_CASE(a_both_run_has_a_column_per_mode) {
  auto off = kase("users.patch.flag-off.a", "sync-attributes", Outcome::passed);
  off.entra_mode = suite::EntraMode::flag_off;
  auto on = kase("users.patch.flag-on.a", "sync-attributes", Outcome::failed);
  on.entra_mode = suite::EntraMode::flag_on;
  auto on_passed = kase("users.patch.flag-on.b", "sync-attributes", Outcome::passed);
  on_passed.entra_mode = suite::EntraMode::flag_on;
  auto common = kase("users.get", "sync-attributes", Outcome::warning);
  auto only_common = kase("c", "connection", Outcome::passed);
  auto run = run_of({off, on, on_passed, common, only_common});
  run.entra_mode = "both";
  BOOST_TEST(both_modes(run));
  const auto rows = checklist(run);
  BOOST_REQUIRE_EQUAL(rows.size(), 2u);
  const auto& sync = rows[1];
  BOOST_REQUIRE_EQUAL(sync.modes.size(), 2u);
  // flag-off: the common warning and the flag-off pass; flag-on: the common warning and its
  // own failure.
  BOOST_TEST((sync.modes[0].mode == suite::EntraMode::flag_off));
  BOOST_TEST(to_string(sync.modes[0].status) == std::string("warn"));
  BOOST_TEST(sync.modes[0].totals.total() == 2);
  BOOST_TEST((sync.modes[1].mode == suite::EntraMode::flag_on));
  BOOST_TEST(to_string(sync.modes[1].status) == std::string("fail"));
  BOOST_TEST(sync.modes[1].totals.total() == 3);
  BOOST_TEST(sync.modes[1].totals.failed == 1);
  BOOST_TEST(to_string(sync.status) == std::string("fail"));
  // a row of common checks only reads the same in both columns
  BOOST_TEST(to_string(rows[0].modes[0].status) == std::string("pass"));
  BOOST_TEST(to_string(rows[0].modes[1].status) == std::string("pass"));
  BOOST_TEST(sync.other_mode_skipped == 0);
  BOOST_TEST(untested_mode_note(sync).empty());
  BOOST_TEST(mode_totals(run, suite::EntraMode::flag_on).total() == 2);
  BOOST_TEST(mode_totals(run, suite::EntraMode::flag_on).failed == 1);
}

BOOST_AUTO_TEST_CASE(a_single_mode_row_that_skipped_the_other_mode_is_partly_tested) {
  auto off = kase("users.patch.flag-off.a", "sync-attributes", Outcome::passed);
  off.entra_mode = suite::EntraMode::flag_off;
  auto on = kase("users.patch.flag-on.a", "sync-attributes", Outcome::skipped);
  on.entra_mode = suite::EntraMode::flag_on;
  auto on_b = on;
  on_b.id = "users.patch.flag-on.b";
  auto common_skipped = kase("users.get", "create-users", Outcome::skipped);
  auto created = kase("users.create", "create-users", Outcome::passed);
  auto run = run_of({off, on, on_b, common_skipped, created});
  run.entra_mode = "flag-off";
  BOOST_TEST(!both_modes(run));
  const auto rows = checklist(run);
  BOOST_REQUIRE_EQUAL(rows.size(), 2u);
  const auto& sync = rows[1];
  BOOST_TEST(sync.modes.empty());
  BOOST_TEST(to_string(sync.status) == std::string("pass"));
  BOOST_TEST(sync.other_mode_skipped == 2);
  BOOST_TEST(untested_mode_label(sync) == "flag-on not tested");
  BOOST_TEST(untested_mode_note(sync) == "2 flag-on checks not run: --entra-mode both runs them");
  // a check common to both modes skipped for another reason does not make a row partial
  BOOST_TEST(rows[0].other_mode_skipped == 0);
  BOOST_TEST(untested_mode_label(rows[0]).empty());
  // a flag-on run skipping a flag-off check
  run.entra_mode = "flag-on";
  BOOST_TEST(checklist(run)[1].other_mode_skipped == 0);  // the flag-on checks are the run's
  run.suites[0].cases[0].outcome = Outcome::skipped;
  BOOST_TEST(untested_mode_note(checklist(run)[1]) ==
             "1 flag-off check not run: --entra-mode both runs it");
}

BOOST_AUTO_TEST_CASE(display_outcome_and_verdict) {
  auto run = sample_run();
  BOOST_TEST(verdict(run) == "INCOMPLETE");
  CaseResult& failed = run.suites[0].cases[1];
  BOOST_TEST(display_outcome(failed) == "failed");
  failed.baseline = result::BaselineState::known;
  BOOST_TEST(display_outcome(failed) == "known");
  failed.baseline = result::BaselineState::expired;
  BOOST_TEST(display_outcome(failed) == "failed");
  run.suites[1].cases.erase(run.suites[1].cases.begin());  // the errored case
  BOOST_TEST(verdict(run) == "FAILED");
  failed.baseline = result::BaselineState::known;
  BOOST_TEST(verdict(run) == "PASSED");
  run.aborted = true;
  BOOST_TEST(verdict(run) == "INCOMPLETE");
}

BOOST_AUTO_TEST_SUITE_END()
