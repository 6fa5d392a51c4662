#include "run/runner_test_support.hpp"

BOOST_AUTO_TEST_SUITE(runner)

BOOST_AUTO_TEST_CASE(cases_pass_fail_error_and_warn_and_everything_created_is_deleted) {
  Harness h;
  h.server.users["seed-1"] = {{"userName", "seed"}};
  h.add_suite(kLifecycle);
  auto run = h.run(1);
  BOOST_REQUIRE(run.suites.size() == 1u);
  const auto& cases = run.suites[0].cases;
  BOOST_REQUIRE(cases.size() == 4u);
  BOOST_TEST(std::string(result::to_string(cases[0].outcome)) == "passed");
  BOOST_TEST(std::string(result::to_string(cases[1].outcome)) == "failed");
  BOOST_TEST(cases[1].steps.size() == 1u);  // stops at the failing step
  BOOST_REQUIRE(cases[1].steps[0].exchange.has_value());
  BOOST_TEST(cases[1].steps[0].exchange->request.method == "POST");
  BOOST_TEST(std::string(result::to_string(cases[2].outcome)) == "errored");
  BOOST_TEST(cases[2].reason.find("did not create") != std::string::npos);
  BOOST_TEST(std::string(result::to_string(cases[3].outcome)) == "warning");
  // The seeded user is untouched; both created users are gone.
  BOOST_TEST(h.server.users.size() == 1u);
  BOOST_TEST(h.server.users.count("seed-1") == 1u);
  BOOST_TEST(run.cleanup.created == 2);
  BOOST_TEST(run.cleanup.deleted == 2);
  BOOST_TEST(run.cleanup.leftovers.empty());
  for (const auto& r : h.server.requests) BOOST_TEST(r.find("seed-1") == std::string::npos);
}

// A GUID the case drew itself ({{uuid}}) is no id a server issued: a DELETE of it is sent (to
// see the 404), while a PATCH of it, or a DELETE of any other unknown id, is still refused.
BOOST_AUTO_TEST_CASE(a_delete_of_a_guid_the_case_drew_is_sent) {
  Harness h;
  h.server.users["seed-1"] = {{"userName", "seed"}};
  h.add_suite(R"({"suite": "drawn", "title": "t", "cases": [
    {"id": "drawn.delete", "title": "t", "requirement": "r", "level": "MUST", "impact": "gallery",
     "capability": "errors", "steps": [{"name": "delete", "request": {"method": "DELETE", "path": "/Users/{{uuid}}"},
                                        "expect": [{"status": 404}]}]},
    {"id": "drawn.patch", "title": "t", "requirement": "r", "level": "MUST", "impact": "gallery",
     "capability": "errors", "steps": [{"name": "patch", "request": {"method": "PATCH", "path": "/Users/{{uuid}}",
                                        "body": {"Operations": []}}, "expect": [{"status": 404}]}]}]})");
  auto run = h.run(1);
  BOOST_REQUIRE(run.suites.size() == 1u);
  const auto& cases = run.suites[0].cases;
  BOOST_REQUIRE(cases.size() == 2u);
  BOOST_TEST(std::string(result::to_string(cases[0].outcome)) == "passed", cases[0].reason);
  BOOST_TEST(std::string(result::to_string(cases[1].outcome)) == "errored");
  BOOST_TEST(cases[1].reason.find("did not create") != std::string::npos);
  BOOST_TEST(h.server.users.count("seed-1") == 1u);
}

BOOST_AUTO_TEST_CASE(parallel_runs_give_the_same_results_in_plan_order) {
  Harness h;
  h.add_suite(kLifecycle);
  std::string second = kLifecycle;
  for (std::size_t at; (at = second.find("\"life")) != std::string::npos;) second.replace(at, 5, "\"copy");
  h.add_suite(second);
  Recorder serial, parallel;
  auto a = h.run(1, &serial);
  auto b = h.run(8, &parallel);
  // Reported as they finish: the same cases, each once, whatever the order.
  std::sort(serial.ids.begin(), serial.ids.end());
  std::sort(parallel.ids.begin(), parallel.ids.end());
  BOOST_TEST(serial.ids == parallel.ids);
  BOOST_TEST(serial.ids.size() == 8u);
  // The results themselves are in plan order.
  BOOST_REQUIRE(a.suites.size() == 2u);
  BOOST_REQUIRE(b.suites.size() == 2u);
  for (std::size_t s = 0; s < a.suites.size(); ++s) {
    BOOST_REQUIRE(a.suites[s].cases.size() == 4u);
    BOOST_REQUIRE(b.suites[s].cases.size() == 4u);
    for (std::size_t c = 0; c < a.suites[s].cases.size(); ++c) {
      BOOST_TEST(a.suites[s].cases[c].id == h.suites[s].cases[c].id);
      BOOST_TEST(b.suites[s].cases[c].id == h.suites[s].cases[c].id);
      BOOST_TEST((a.suites[s].cases[c].outcome == b.suites[s].cases[c].outcome));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_case_is_reported_when_it_finishes_not_after_the_cases_planned_before_it) {
  Harness h;
  h.server.delay_ms = 50;
  // First in the plan, and the longest: three requests; the second sends one.
  h.add_suite(R"({"suite": "live", "title": "t", "cases": [
    {"id": "live.long", "title": "t", "requirement": "r", "level": "MUST", "impact": "entra",
     "capability": "protocol",
     "steps": [{"name": "a", "request": {"method": "GET", "path": "/Users"}},
               {"name": "b", "request": {"method": "GET", "path": "/Users"}},
               {"name": "c", "request": {"method": "GET", "path": "/Users"}}]},
    {"id": "live.short", "title": "t", "requirement": "r", "level": "MUST", "impact": "entra",
     "capability": "protocol",
     "steps": [{"name": "a", "request": {"method": "GET", "path": "/Users"}}]}]})");
  Recorder recorder;
  const auto run = h.run(2, &recorder);
  BOOST_TEST((recorder.ids == std::vector<std::string>{"live.short", "live.long"}));
  BOOST_REQUIRE(run.suites[0].cases.size() == 2u);
  BOOST_TEST(run.suites[0].cases[0].id == "live.long");
  BOOST_TEST(run.suites[0].cases[1].id == "live.short");
}

/// Notes every request the runner says it sent and saw answered.
class Watcher : public report::RequestWatcher {
 public:
  void on_request_sent(std::uint64_t id, std::string_view method, std::string_view path) override {
    std::lock_guard lock(mutex);
    sent.push_back(std::string(method) + " " + std::string(path));
    open.insert(id);
  }
  void on_request_done(std::uint64_t id) override {
    std::lock_guard lock(mutex);
    BOOST_TEST(open.erase(id) == 1u);
  }
  std::mutex mutex;
  std::vector<std::string> sent;
  std::set<std::uint64_t> open;
};

BOOST_AUTO_TEST_CASE(every_request_is_watched_while_it_is_in_flight_with_its_path) {
  Harness h;
  h.add_suite(kLifecycle);
  Watcher watcher;
  h.watcher = &watcher;
  const auto run = h.run(2);
  BOOST_TEST(watcher.open.empty());
  // The path only: no scheme, host or query.
  BOOST_TEST(std::count(watcher.sent.begin(), watcher.sent.end(), "POST /scim/Users") == 2);
  BOOST_TEST(std::count(watcher.sent.begin(), watcher.sent.end(), "GET /scim/Users") >= 1);
  int sent = 0;
  for (const auto& c : run.suites[0].cases) sent += c.requests;
  BOOST_TEST(watcher.sent.size() == static_cast<std::size_t>(sent));
}

BOOST_AUTO_TEST_CASE(each_case_counts_the_requests_it_sent_with_its_cleanup) {
  Harness h;
  h.add_suite(kLifecycle);
  auto run = h.run(1);
  const auto& cases = run.suites[0].cases;
  BOOST_REQUIRE(cases.size() == 4u);
  // create, its read-back, read, and the DELETE of its user after a read-back
  BOOST_TEST(cases[0].requests == 5);
  BOOST_TEST(cases[1].requests == 4);  // create (wrong status), read-back, read-back, DELETE
  BOOST_TEST(cases[2].requests == 0);  // refused before sending
  BOOST_TEST(cases[3].requests == 1);
}

BOOST_AUTO_TEST_CASE(an_exclusive_case_overlaps_no_other_and_the_rest_run_together) {
  Harness h;
  h.server.delay_ms = 5;
  // Twelve shareable cases around one exclusive case in the middle of the plan.
  std::string cases;
  auto shareable = [&](int i) {
    cases += R"({"id": "par.c)" + std::to_string(i) +
             R"(", "title": "t", "requirement": "r", "level": "MUST", "impact": "entra", "capability": "protocol",
      "steps": [{"name": "a", "request": {"method": "GET", "path": "/Users"}},
                {"name": "b", "request": {"method": "GET", "path": "/Users"}},
                {"name": "c", "request": {"method": "GET", "path": "/Users"}}]},)";
  };
  for (int i = 0; i < 6; ++i) shareable(i);
  cases += R"({"id": "par.alone", "title": "t", "requirement": "r", "level": "MUST", "impact": "entra",
    "capability": "protocol", "exclusive": true,
    "steps": [{"name": "a", "request": {"method": "GET", "path": "/Users", "query": {"exclusive": "1"}}},
              {"name": "b", "request": {"method": "GET", "path": "/Users", "query": {"exclusive": "1"}}},
              {"name": "c", "request": {"method": "GET", "path": "/Users", "query": {"exclusive": "1"}}}]},)";
  for (int i = 6; i < 12; ++i) shareable(i);
  cases.pop_back();
  h.add_suite(R"({"suite": "par", "title": "t", "cases": [)" + cases + "]}");
  Recorder recorder;
  auto run = h.run(8, &recorder);
  // The exclusive case runs (and is reported) first; the results are in plan order.
  BOOST_REQUIRE(recorder.ids.size() == 13u);
  BOOST_TEST(recorder.ids[0] == "par.alone");
  BOOST_REQUIRE(run.suites[0].cases.size() == 13u);
  BOOST_TEST(run.suites[0].cases[6].id == "par.alone");
  BOOST_TEST(run.suites[0].cases[12].id == "par.c11");
  for (const auto& c : run.suites[0].cases)
    BOOST_TEST(std::string(result::to_string(c.outcome)) == "passed");
  // From the exclusive case's first request to its last, nothing else was sent.
  const auto& ev = h.server.events;
  auto first = std::find(ev.begin(), ev.end(), ">+");
  auto last = std::find(ev.rbegin(), ev.rend(), "<+");
  BOOST_REQUIRE(first != ev.end());
  BOOST_REQUIRE(last != ev.rend());
  for (auto it = first; it != last.base(); ++it) BOOST_TEST(it->substr(1) == "+");
  // The other cases ran concurrently: 8 workers, 12 cases.
  BOOST_TEST(h.server.most_in_flight >= 4);
}

BOOST_AUTO_TEST_CASE(an_unreachable_server_stops_the_run_without_crashing) {
  Harness h;
  h.server.unreachable = true;
  h.add_suite(kLifecycle);
  auto run = h.run(1);
  const auto& cases = run.suites[0].cases;
  BOOST_REQUIRE(cases.size() == 4u);
  // life.create: its create and its cleanup's lookup fail; life.wrong's create is the third
  // request in a row with no answer: the run stops, and what is left is skipped.
  BOOST_TEST(std::string(result::to_string(cases[0].outcome)) == "errored");
  BOOST_TEST(std::string(result::to_string(cases[1].outcome)) == "errored");
  BOOST_TEST(std::string(result::to_string(cases[3].outcome)) == "skipped");
  BOOST_TEST(run.aborted);
  BOOST_TEST(run.abort_reason.find("connection refused") != std::string::npos);
  BOOST_TEST(result::exit_code(run) == 3);
}

BOOST_AUTO_TEST_CASE(an_aborted_run_skips_the_rest_and_still_cleans_up) {
  Harness h;
  h.add_suite(kLifecycle);
  h.abort = true;
  auto run = h.run(1);
  for (const auto& c : run.suites[0].cases)
    BOOST_TEST(std::string(result::to_string(c.outcome)) == "skipped");
  BOOST_TEST(h.server.requests.empty());
}

/// Every request that could change or remove what the server held before the run.
std::vector<std::string> writes_to(const FakeServer& server, const std::string& needle) {
  std::vector<std::string> out;
  for (const auto& r : server.requests)
    if (r.rfind("GET ", 0) != 0 && r.rfind("POST ", 0) != 0 && r.find(needle) != std::string::npos)
      out.push_back(r);
  return out;
}

const result::CheckResult* find_check(const result::CaseResult& c, const std::string& words) {
  for (const auto& step : c.steps)
    for (const auto& check : step.checks)
      if (check.description.find(words) != std::string::npos) return &check;
  return nullptr;
}

BOOST_AUTO_TEST_CASE(a_create_answered_with_a_preexisting_id_never_touches_that_resource) {
  Harness h;
  h.server.users["seed-1"] = {{"id", "seed-1"}, {"userName", "seed@example.com"}};
  h.server.create_answer_id = "seed-1";
  h.add_suite(kLifecycle);
  auto run = h.run(1);
  const auto& cases = run.suites[0].cases;
  BOOST_TEST(std::string(result::to_string(cases[0].outcome)) == "failed");
  const auto* check = find_check(cases[0], "reads back by its id");
  BOOST_REQUIRE(check);
  BOOST_TEST(check->actual.find("seed@example.com") != std::string::npos);
  BOOST_TEST(h.server.users.count("seed-1") == 1u);
  BOOST_TEST(writes_to(h.server, "seed-1").empty());
  // Nothing was created, so nothing is counted or left.
  BOOST_TEST(run.cleanup.created == 0);
  BOOST_TEST(run.cleanup.deleted == 0);
  BOOST_TEST(run.cleanup.leftovers.empty());
}

BOOST_AUTO_TEST_CASE(an_id_with_dot_segments_stays_one_segment_and_reaches_nothing_else) {
  Harness h;
  h.server.users["g1"] = {{"id", "g1"}, {"displayName", "existing group"}};
  h.server.create_answer_id = "../Users/g1";
  h.add_suite(kLifecycle);
  h.add_suite(R"({"suite": "dots", "title": "t", "cases": [
    {"id": "dots.literal", "title": "t", "requirement": "r", "level": "MUST", "impact": "entra", "capability": "remove-users",
     "steps": [{"name": "d", "request": {"method": "DELETE", "path": "/Users/x/../g1"}}]},
    {"id": "dots.collection", "title": "t", "requirement": "r", "level": "MUST", "impact": "entra", "capability": "remove-users",
     "steps": [{"name": "d", "request": {"method": "DELETE", "path": "/users"}}]}]})");
  auto run = h.run(1);
  BOOST_TEST(h.server.users.count("g1") == 1u);
  BOOST_TEST(writes_to(h.server, "g1").empty());
  bool read_back_encoded = false;
  for (const auto& r : h.server.requests)
    read_back_encoded = read_back_encoded || r == "GET http://fake/scim/Users/..%2FUsers%2Fg1";
  BOOST_TEST(read_back_encoded);
  const auto& refused = run.suites[1].cases;
  BOOST_TEST(refused[0].reason.find("dot segment") != std::string::npos);
  BOOST_TEST(refused[1].reason.find("does not name one resource") != std::string::npos);
  BOOST_TEST(refused[0].requests + refused[1].requests == 0);
}

BOOST_AUTO_TEST_CASE(ids_answered_as_numbers_fail_their_check_and_are_deleted_through_the_marker) {
  Harness h;
  h.server.numeric_ids = true;
  h.server.users["seed-1"] = {{"id", "seed-1"}, {"userName", "seed@example.com"}};
  h.add_suite(kLifecycle);
  auto run = h.run(1);
  const auto& cases = run.suites[0].cases;
  BOOST_TEST(std::string(result::to_string(cases[0].outcome)) == "failed");
  BOOST_TEST(find_check(cases[0], "id is a JSON string"));
  // Both users the run created are gone, and the summary says so.
  BOOST_TEST(h.server.users.size() == 1u);
  BOOST_TEST(h.server.users.count("seed-1") == 1u);
  BOOST_TEST(run.cleanup.created == 2);
  BOOST_TEST(run.cleanup.deleted == 2);
  BOOST_TEST(run.cleanup.leftovers.empty());
}

BOOST_AUTO_TEST_CASE(a_run_stops_after_three_requests_in_a_row_get_no_answer) {
  Harness h;
  h.server.hanging = true;
  std::string cases;
  for (int i = 0; i < 20; ++i)
    cases += R"({"id": "hang.c)" + std::to_string(i) + R"(", "title": "t", "requirement": "r",
      "level": "MUST", "impact": "entra", "capability": "create-users", "fixtures": {"u": "user"},
      "steps": [{"name": "create", "creates": true,
                 "request": {"method": "POST", "path": "/Users", "body": "{{u.body}}"}}]},)";
  cases.pop_back();
  h.add_suite(R"({"suite": "hang", "title": "t", "cases": [)" + cases + "]}");
  auto run = h.run(1);
  BOOST_TEST(run.aborted);
  BOOST_TEST(run.abort_reason.find("3 requests in a row got no answer") != std::string::npos);
  BOOST_TEST(result::exit_code(run) == 3);
  // The first case's create and its cleanup's lookup, the second case's create; then the
  // final sweep looks both up once more, and lists both.
  BOOST_TEST(h.server.requests.size() == 5u);
  BOOST_TEST(run.cleanup.leftovers.size() == 2u);
  BOOST_TEST(std::string(result::to_string(run.suites[0].cases[2].outcome)) == "skipped");
  BOOST_TEST(std::string(result::to_string(run.suites[0].cases[19].outcome)) == "skipped");
}

BOOST_AUTO_TEST_SUITE_END()
