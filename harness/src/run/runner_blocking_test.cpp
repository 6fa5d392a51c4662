#include "run/runner_test_support.hpp"

BOOST_AUTO_TEST_SUITE(ownership)

BOOST_AUTO_TEST_CASE(the_marker_is_matched_without_case_and_renames_must_carry_the_run_id) {
  run::Marker exact{"userName", "scimcheck-r1-1@example.com", "r1", run::MarkerMatch::exact};
  BOOST_TEST(run::carries_marker({{"userName", "SCIMCHECK-r1-1@example.com"}}, exact));
  BOOST_TEST(!run::carries_marker({{"userName", "scimcheck-r1-2@example.com"}}, exact));
  BOOST_TEST(!run::carries_marker({{"userName", 5}}, exact));
  BOOST_TEST(!run::carries_marker(Json::array(), exact));
  run::Marker renamed = exact;
  renamed.match = run::MarkerMatch::run;
  BOOST_TEST(run::carries_marker({{"userName", "scimcheck-r1-2@example.com"}}, renamed));
  BOOST_TEST(!run::carries_marker({{"userName", "alice@example.com"}}, renamed));
  BOOST_TEST(!run::carries_marker({{"userName", "x"}}, {"userName", "", "", run::MarkerMatch::run}));
}

BOOST_AUTO_TEST_CASE(ids_are_strings_or_integers_and_deep_bodies_are_not_parsed) {
  BOOST_TEST(*run::id_text(Json("a")) == "a");
  BOOST_TEST(*run::id_text(Json(42)) == "42");
  BOOST_TEST(!run::id_text(Json("")));
  BOOST_TEST(!run::id_text(Json(1.5)));
  BOOST_TEST(!run::id_text(Json::object()));
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  BOOST_TEST(run::parse_bounded(deep).is_discarded());
  BOOST_TEST(run::parse_bounded(R"({"a": "[[[[", "b": [[1]]})", 3).is_object());
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

const char* kBlocking = R"({"suite": "blk", "title": "t", "cases": [
  {"id": "blk.dependent", "title": "relies on blk.owner, which comes later", "requirement": "r",
   "level": "MUST", "impact": "entra", "capability": "create-users", "depends_on": "blk.owner",
   "fixtures": {"carol": "user"},
   "steps": [{"name": "create", "creates": true,
              "request": {"method": "POST", "path": "/Users", "body": "{{carol.body}}"},
              "expect": [{"status": 201}]}]},
  {"id": "blk.owner", "title": "create answers 201", "requirement": "RFC 7644 §3.3", "level": "MUST",
   "impact": "entra", "capability": "create-users", "fixtures": {"alice": "user"},
   "steps": [{"name": "create", "creates": true,
              "request": {"method": "POST", "path": "/Users", "body": "{{alice.body}}"},
              "expect": [{"status": 201}, {"path": "userName", "equals": "{{alice.userName}}"}]}]},
  {"id": "blk.user", "title": "creates its user as setup", "requirement": "r", "level": "MUST",
   "impact": "entra", "capability": "create-users", "fixtures": {"bob": "user"},
   "steps": [
     {"name": "create bob", "creates": true, "setup": "blk.owner", "capture": {"bid": "id"},
      "request": {"method": "POST", "path": "/Users", "body": "{{bob.body}}"},
      "expect": [{"status": 201}]},
     {"name": "read bob", "request": {"method": "GET", "path": "/Users/{{bid}}"},
      "expect": [{"status": 200}]}]},
  {"id": "blk.json", "title": "every body is JSON", "requirement": "RFC 7644 §3.1", "level": "MUST",
   "impact": "entra", "capability": "protocol",
   "each_response": {"body": true, "blocks": true, "expect": [{"body": "json"}]}},
  {"id": "blk.time", "title": "every answer in time", "requirement": "Entra", "level": "MUST",
   "impact": "entra", "capability": "timing", "each_response": {"expect": [{"max_ms": 60000}]}}
]})";

const result::CaseResult& case_of(const result::RunResult& run, const std::string& id) {
  for (const auto& s : run.suites)
    for (const auto& c : s.cases)
      if (c.id == id) return c;
  BOOST_FAIL("no case " + id);
  throw std::logic_error("unreachable");
}

std::string outcome(const result::RunResult& run, const std::string& id) {
  return result::to_string(case_of(run, id).outcome);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(one_root_cause)

BOOST_AUTO_TEST_CASE(a_failed_setup_step_blocks_its_case_and_names_the_owner) {
  Harness h;
  h.server.status_on_create = 200;
  h.add_suite(kBlocking);
  const auto run = h.run(1);
  BOOST_TEST(outcome(run, "blk.owner") == "failed");
  const auto& user = case_of(run, "blk.user");
  BOOST_TEST(outcome(run, "blk.user") == "blocked");
  BOOST_TEST(user.blocked_by == "blk.owner");
  BOOST_TEST(user.reason.find("setup step failed: create bob") == 0u);
  BOOST_TEST(user.steps.size() == 1u);  // the read is never sent
  BOOST_TEST(result::exit_code(run) == 1);  // the owner fails the run; the blocked case adds nothing
  const auto t = result::totals(run);
  BOOST_TEST(t.failed == 1);
  BOOST_TEST(t.blocked == 2);
}

BOOST_AUTO_TEST_CASE(a_failure_whose_dependency_failed_is_blocked_even_when_reported_first) {
  Harness h;
  h.server.status_on_create = 200;
  h.add_suite(kBlocking);
  Recorder recorder;
  const auto run = h.run(4, &recorder);
  BOOST_TEST(outcome(run, "blk.dependent") == "blocked");
  BOOST_TEST(case_of(run, "blk.dependent").blocked_by == "blk.owner");
  BOOST_TEST(case_of(run, "blk.dependent").reason.find("relies on blk.owner, which failed") == 0u);
  // The dependent waits for its dependency to be reported; the results keep plan order.
  const auto at = [&](const std::string& id) {
    return std::find(recorder.ids.begin(), recorder.ids.end(), id) - recorder.ids.begin();
  };
  BOOST_TEST(at("blk.owner") < at("blk.dependent"));
  BOOST_TEST(run.suites[0].cases.front().id == "blk.dependent");
}

// Each case is marked against the baseline once, as it is reported: after depends_on (a
// failure blocked by its dependency is neither known nor fixed), with the same marks in the
// run's results, and a failure the baseline accepts does not stop a --fail-fast run.
BOOST_AUTO_TEST_CASE(cases_are_marked_against_the_baseline_as_they_are_reported) {
  Harness h;
  h.server.users["seed-1"] = {{"userName", "seed"}};
  h.add_suite(kLifecycle);
  result::Baseline listed;
  listed.entries = {{"life.create", "was broken", "", {}},
                    {"life.wrong", "ticket 4", "2024-05-01", {}},
                    {"life.foreign", "ticket 5", "2024-05-02", {}}};
  const result::BaselineMarking marking(listed, "2024-05-02");
  h.baseline = &marking;
  h.fail_fast = true;
  Recorder recorder;
  const auto run = h.run(1, &recorder);
  BOOST_TEST(recorder.ids == (std::vector<std::string>{"life.create", "life.wrong",
                                                       "life.foreign", "life.should"}));
  // life.wrong's entry expired the day before, so it stops the run; life.foreign is never run.
  BOOST_TEST(recorder.states == (std::vector<std::string>{"fixed", "expired", "", ""}));
  BOOST_TEST(result::to_string(case_of(run, "life.create").baseline) == std::string("fixed"));
  BOOST_TEST(case_of(run, "life.create").baseline_reason == "was broken");
  BOOST_TEST(result::to_string(case_of(run, "life.wrong").baseline) == std::string("expired"));
  BOOST_TEST(outcome(run, "life.foreign") == "skipped");
  BOOST_TEST(case_of(run, "life.foreign").reason ==
             "not run: --fail-fast stopped the run after life.wrong");
  BOOST_TEST(marking.notes(run).empty());
}

BOOST_AUTO_TEST_CASE(a_failure_the_baseline_accepts_does_not_stop_a_fail_fast_run) {
  Harness h;
  h.server.users["seed-1"] = {{"userName", "seed"}};
  h.add_suite(kLifecycle);
  result::Baseline listed;
  listed.entries = {{"life.wrong", "ticket 4", "", {}}};
  const result::BaselineMarking marking(listed, "2024-05-02");
  h.baseline = &marking;
  h.fail_fast = true;
  const auto run = h.run(1);
  BOOST_TEST(result::is_known_failure(case_of(run, "life.wrong")));
  BOOST_TEST(outcome(run, "life.foreign") == "errored");  // run: the known failure stopped nothing
  BOOST_TEST(outcome(run, "life.should") == "skipped");   // the new error did
}

BOOST_AUTO_TEST_CASE(a_blocked_failure_is_marked_after_depends_on) {
  Harness h;
  h.server.status_on_create = 200;
  h.add_suite(kBlocking);
  result::Baseline listed;
  listed.entries = {{"blk.dependent", "r", "", {}}, {"blk.owner", "r", "", {}}};
  const result::BaselineMarking marking(listed, "2024-05-02");
  h.baseline = &marking;
  const auto run = h.run(4);
  BOOST_TEST(outcome(run, "blk.dependent") == "blocked");
  BOOST_TEST(result::to_string(case_of(run, "blk.dependent").baseline) == std::string(""));
  BOOST_TEST(result::is_known_failure(case_of(run, "blk.owner")));
}

// Every text a step says (its error, each check's expected, actual and message) is masked
// once, after the step is complete, whatever path it took.
BOOST_AUTO_TEST_CASE(every_text_of_a_step_is_masked_once) {
  Harness h;
  h.server.users["seed-1"] = {{"userName", "seed"}};
  h.add_suite(kLifecycle);
  h.redact_text = [](const std::string& t) { return t.empty() ? t : "<" + t + ">"; };
  const auto run = h.run(1);
  const auto& refused = case_of(run, "life.foreign").steps.at(0);
  BOOST_TEST(refused.error.find("<refusing to send DELETE /Users/seed-1: ") == 0u);
  BOOST_TEST(refused.error.find("<<") == std::string::npos);
  for (const auto& suite : run.suites)
    for (const auto& kase : suite.cases)
      for (const auto& step : kase.steps)
        for (const auto& check : step.checks)
          for (const std::string* text : {&check.expected, &check.actual, &check.message}) {
            BOOST_TEST((text->empty() || (text->front() == '<' && text->back() == '>')), *text);
            BOOST_TEST(text->find("<<") == std::string::npos, *text);
          }
}

BOOST_AUTO_TEST_CASE(a_dependency_that_passed_leaves_a_failure_as_it_is) {
  Harness h;
  h.add_suite(kBlocking);
  const auto run = h.run(1);
  BOOST_TEST(outcome(run, "blk.owner") == "passed");
  BOOST_TEST(outcome(run, "blk.dependent") == "passed");
  BOOST_TEST(outcome(run, "blk.json") == "passed");
  BOOST_TEST(outcome(run, "blk.time") == "passed");
  BOOST_TEST(case_of(run, "blk.time").steps.empty());  // no offending exchange
}

BOOST_AUTO_TEST_CASE(expectations_after_a_wrong_status_are_not_evaluated) {
  Harness h;
  h.server.status_on_create = 202;
  h.add_suite(kBlocking);
  const auto run = h.run(1);
  const auto& owner = case_of(run, "blk.owner");
  BOOST_REQUIRE(owner.steps.size() == 1u);
  BOOST_REQUIRE(owner.steps[0].checks.size() >= 2u);
  BOOST_TEST(std::string(result::to_string(owner.steps[0].checks[0].outcome)) == "failed");
  BOOST_TEST(std::string(result::to_string(owner.steps[0].checks[1].outcome)) == "not-evaluated");
}

BOOST_AUTO_TEST_CASE(a_body_that_is_not_json_fails_one_rule_and_blocks_the_rest) {
  Harness h;
  h.server.truncated = true;
  h.add_suite(kBlocking);
  const auto run = h.run(2);
  const auto& rule = case_of(run, "blk.json");
  BOOST_TEST(outcome(run, "blk.json") == "failed");
  BOOST_TEST(rule.steps.size() == 3u);  // the three creates, each as evidence
  BOOST_TEST(rule.reason.find("3 of 3 responses") == 0u);
  BOOST_TEST(rule.steps[0].name == "blk.dependent / create");  // in plan order
  BOOST_TEST(rule.steps[0].exchange.has_value());
  for (const char* id : {"blk.owner", "blk.user"}) {
    BOOST_TEST(outcome(run, id) == "blocked");
    BOOST_TEST(case_of(run, id).blocked_by == "blk.json");
    BOOST_TEST(case_of(run, id).reason.find("the response breaks blk.json: body is json") !=
               std::string::npos);
  }
  const auto t = result::totals(run);
  BOOST_TEST(t.failed == 1);
  BOOST_TEST(result::exit_code(run) == 1);
}

BOOST_AUTO_TEST_CASE(an_answer_past_the_timeout_fails_the_time_rule_not_the_run) {
  Harness h;
  h.server.hanging = true;
  h.add_suite(kBlocking);
  const auto run = h.run(1);
  BOOST_TEST(outcome(run, "blk.time") == "failed");
  // The first case's create times out; its cleanup's lookups time out too, so the run stops
  // after three requests without an answer and the other cases are skipped.
  BOOST_TEST(outcome(run, "blk.dependent") == "blocked");
  BOOST_TEST(case_of(run, "blk.dependent").blocked_by == "blk.time");
  BOOST_TEST(case_of(run, "blk.time").reason.find("no answer after") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_rule_on_resources_skips_answers_to_attributes_queries_when_told) {
  Harness h;
  h.server.users["seed-1"] = {{"userName", "seed"}};  // no meta: read only with attributes=
  h.add_suite(R"({"suite": "proj", "title": "t", "cases": [
    {"id": "proj.read", "title": "read with attributes", "requirement": "r", "level": "MUST",
     "impact": "rfc", "capability": "protocol",
     "steps": [{"name": "read", "request": {"method": "GET", "path": "/Users/seed-1",
                                            "query": {"attributes": "userName"}},
                "expect": [{"status": 200}]}]},
    {"id": "proj.meta", "title": "meta on resources", "requirement": "r", "level": "MUST",
     "impact": "rfc", "capability": "protocol",
     "each_response": {"target": "resource", "projected": false,
                       "expect": [{"path": "meta.created", "present": true}]}},
    {"id": "proj.meta-all", "title": "meta on every resource", "requirement": "r", "level": "MUST",
     "impact": "rfc", "capability": "protocol",
     "each_response": {"target": "resource", "expect": [{"path": "meta.created", "present": true}]}}
  ]})");
  const auto run = h.run(1);
  BOOST_TEST(outcome(run, "proj.read") == "passed");
  BOOST_TEST(outcome(run, "proj.meta") == "skipped");  // no response of its kind
  BOOST_TEST(outcome(run, "proj.meta-all") == "failed");
}

BOOST_AUTO_TEST_SUITE_END()
