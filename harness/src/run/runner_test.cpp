#include <boost/test/unit_test.hpp>

#include "test_support.hpp"
#include "source/strings.hpp"
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "check/schema_registry.hpp"
#include "report/reporter.hpp"
#include "http/url.hpp"
#include "result/baseline.hpp"
#include "run/runner.hpp"
#include "source/render.hpp"
#include "suite/loader.hpp"

using namespace scimcheck;
using suite::Json;
namespace fs = std::filesystem;

namespace {

fs::path root() { return testing::source_root(); }

/// An in-memory stand-in for a SCIM server: /Users create, read, delete; counts requests.
class FakeServer {
 public:
  http::Exchange handle(const http::Request& r) {
    if (delay_ms == 0) return answer(r);
    note(r, '>');
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    auto ex = answer(r);
    note(r, '<');
    return ex;
  }

  /// Records that a request started ('>') or ended ('<'): "+" for one marked `exclusive=1`.
  void note(const http::Request& r, char what) {
    std::lock_guard lock(mutex_);
    const bool exclusive = r.url.find("exclusive=1") != std::string::npos;
    events.push_back(std::string(1, what) + (exclusive ? "+" : "-"));
    in_flight += what == '>' ? 1 : -1;
    most_in_flight = std::max(most_in_flight, in_flight);
  }

  http::Exchange answer(const http::Request& r) {
    std::lock_guard lock(mutex_);
    http::Exchange ex;
    ex.request = r;
    ex.elapsed_ms = 1;
    requests.push_back(r.method + " " + r.url);
    const std::string base = "http://fake/scim";
    std::string path = r.url.substr(base.size());
    if (auto q = path.find('?'); q != std::string::npos) path = path.substr(0, q);
    if (unreachable || hanging) {
      ex.error = unreachable
                     ? http::TransportError{http::ErrorKind::connect, "connection refused"}
                     : http::TransportError{http::ErrorKind::timeout, "timed out after 5000 ms"};
      return ex;
    }
    ex.response.headers = {{"Content-Type", "application/scim+json"}};
    if (r.method == "POST" && path == "/Users") {
      Json body = Json::parse(r.body);
      if (create_answer_id) {  // claims a resource it did not create
        body["id"] = *create_answer_id;
        ex.response.status = status_on_create;
        ex.response.body = body.dump();
        return ex;
      }
      const std::string id = (numeric_ids ? "" : "u") + std::to_string(++next_);
      if (numeric_ids)
        body["id"] = next_;
      else
        body["id"] = id;
      users[id] = body;
      ex.response.status = status_on_create;
      ex.response.body = body.dump();
      if (truncated) ex.response.body.resize(ex.response.body.size() / 2);
    } else if (path == "/Users" && r.url.find("filter=") != std::string::npos) {
      // filter=userName eq "<value>", as the cleanup sends it
      const std::string filter = source::form_decode(r.url.substr(r.url.find("filter=") + 7));
      const auto open = filter.find('"');
      const std::string value = filter.substr(open + 1, filter.rfind('"') - open - 1);
      Json list = {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:ListResponse"}},
                   {"Resources", Json::array()}};
      for (const auto& [id, user] : users)
        if (user.value("userName", "") == value) list["Resources"].push_back(user);
      list["totalResults"] = list["Resources"].size();
      ex.response.status = 200;
      ex.response.body = list.dump();
    } else if (path.rfind("/Users/", 0) == 0) {
      const std::string id = path.substr(7);
      auto it = users.find(id);
      if (it == users.end()) {
        ex.response.status = 404;
        ex.response.body = R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404"})";
      } else if (r.method == "DELETE") {
        users.erase(it);
        ex.response.status = 204;
      } else {
        ex.response.status = 200;
        ex.response.body = it->second.dump();
      }
    } else {
      ex.response.status = 200;
      ex.response.body = R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]})";
    }
    return ex;
  }
  std::mutex mutex_;
  std::map<std::string, Json> users;
  std::vector<std::string> requests;
  int next_ = 0;
  int status_on_create = 201;
  bool unreachable = false;
  bool hanging = false;                         ///< every request times out
  bool numeric_ids = false;                     ///< ids answered as JSON numbers
  std::optional<std::string> create_answer_id;  ///< creates answer this id and create nothing
  int delay_ms = 0;  ///< when set, each request takes this long and is noted in `events`
  bool truncated = false;  ///< create answers are cut in half (not JSON)
  std::vector<std::string> events;
  int in_flight = 0, most_in_flight = 0;
};

class FakeTransport : public http::Transport {
 public:
  explicit FakeTransport(FakeServer& s) : server_(s) {}
  http::Exchange send(const http::Request& r) override { return server_.handle(r); }

 private:
  FakeServer& server_;
};

class Recorder : public report::Reporter {
 public:
  void on_case_done(const result::SuiteResult&, const result::CaseResult& c) override {
    ids.push_back(c.id);
    states.push_back(result::to_string(c.baseline));
  }
  std::vector<std::string> ids;
  std::vector<std::string> states;  ///< each case's baseline state as the reporter saw it
};

struct Harness {
  FakeServer server;
  std::atomic<bool> abort{false};
  std::atomic<std::uint64_t> counter{0};
  fs::path dir = fs::temp_directory_path() / ("scimcheck-runner-" + std::to_string(::getpid()));
  suite::Profile profile;
  std::vector<suite::Suite> suites;
  check::SchemaRegistry schemas{root()};
  std::optional<run::Ledger> ledger;
  report::RequestWatcher* watcher = nullptr;
  const result::BaselineMarking* baseline = nullptr;
  bool fail_fast = false;
  std::function<std::string(const std::string&)> redact_text = [](const std::string& t) {
    return t;
  };

  Harness() {
    fs::create_directories(dir);
    source::Diagnostics d;
    auto p = suite::load_profile((root() / "suites/profiles/entra.profile.json").string(), {root()}, d);
    BOOST_REQUIRE_MESSAGE(p, source::render_all(d, nullptr));
    profile = *p;
    std::string error;
    auto created = run::Ledger::create((dir / "ledger.jsonl").string(),
                                       {"rtest", "entra", "http://fake/scim"}, &error);
    BOOST_REQUIRE(created);
    ledger.emplace(std::move(*created));  // Ledger is movable, not move-assignable
  }
  ~Harness() { fs::remove_all(dir); }

  void add_suite(const std::string& text) {
    const fs::path f = dir / ("s" + std::to_string(suites.size()) + ".suite.json");
    std::ofstream(f) << text;
    source::Diagnostics d;
    auto s = suite::load_suite(f.string(), {root()}, d);
    BOOST_REQUIRE_MESSAGE(s, source::render_all(d, nullptr));
    suites.push_back(*s);
  }

  result::RunResult run(int jobs, Recorder* recorder = nullptr) {
    plan::Plan plan = plan::make_plan(suites, profile, {});
    run::RunContext ctx;
    ctx.run_id = "rtest";
    ctx.base_url = "http://fake/scim";
    ctx.profile = &profile;
    ctx.variables = {{"domain", "example.com"}};
    ctx.make_transport = [this] { return std::make_unique<FakeTransport>(server); };
    ctx.jobs = jobs;
    ctx.ledger = &*ledger;
    ctx.schemas = &schemas;
    ctx.abort = &abort;
    ctx.counter = &counter;
    ctx.redact_text = redact_text;
    ctx.watcher = watcher;
    ctx.baseline = baseline;
    ctx.fail_fast = fail_fast;
    result::RunResult out;
    Recorder local;
    run::run_plan(plan, ctx, out, recorder ? *recorder : local);
    return out;
  }
};

const char* kLifecycle = R"({"suite": "life", "title": "t", "cases": [
  {"id": "life.create", "title": "create and read", "requirement": "RFC 7644 §3.3", "level": "MUST", "impact": "entra",
   "capability": "create-users", "fixtures": {"alice": "user"},
   "steps": [
     {"name": "create", "creates": true, "capture": {"uid": "id"},
      "request": {"method": "POST", "path": "/Users", "body": "{{alice.body}}"},
      "expect": [{"status": 201}, {"path": "userName", "equals": "{{alice.userName}}"}]},
     {"name": "read", "request": {"method": "GET", "path": "/Users/{{uid}}"},
      "expect": [{"status": 200}]}]},
  {"id": "life.wrong", "title": "a failing expectation", "requirement": "r", "level": "MUST", "impact": "entra",
   "capability": "create-users", "fixtures": {"bob": "user"},
   "steps": [
     {"name": "create", "creates": true,
      "request": {"method": "POST", "path": "/Users", "body": "{{bob.body}}"},
      "expect": [{"status": 200}]},
     {"name": "never", "request": {"method": "GET", "path": "/Users"}}]},
  {"id": "life.foreign", "title": "refuses to touch what it did not create", "requirement": "r",
   "level": "MUST", "impact": "entra", "capability": "remove-users",
   "steps": [{"name": "delete", "request": {"method": "DELETE", "path": "/Users/seed-1"}}]},
  {"id": "life.should", "title": "a SHOULD", "requirement": "r", "level": "SHOULD", "impact": "entra",
   "capability": "protocol",
   "steps": [{"name": "list", "request": {"method": "GET", "path": "/Users"},
              "expect": [{"header": "ETag", "present": true}]}]}
]})";

}  // namespace

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
