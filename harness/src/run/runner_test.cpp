#include <boost/test/unit_test.hpp>

#include "test_support.hpp"
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "check/schema_registry.hpp"
#include "report/reporter.hpp"
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
    if (unreachable) {
      ex.error = http::TransportError{http::ErrorKind::connect, "connection refused"};
      return ex;
    }
    ex.response.headers = {{"Content-Type", "application/scim+json"}};
    if (r.method == "POST" && path == "/Users") {
      Json body = Json::parse(r.body);
      const std::string id = "u" + std::to_string(++next_);
      body["id"] = id;
      users[id] = body;
      ex.response.status = status_on_create;
      ex.response.body = body.dump();
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
  int delay_ms = 0;  ///< when set, each request takes this long and is noted in `events`
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
  }
  std::vector<std::string> ids;
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
    ctx.redact_text = [](const std::string& t) { return t; };
    result::RunResult out;
    Recorder local;
    run::run_plan(plan, ctx, out, recorder ? *recorder : local);
    return out;
  }
};

const char* kLifecycle = R"({"suite": "life", "title": "t", "cases": [
  {"id": "life.create", "title": "create and read", "requirement": "RFC 7644 §3.3", "level": "MUST",
   "capability": "create-users", "fixtures": {"alice": "user"},
   "steps": [
     {"name": "create", "creates": true, "capture": {"uid": "id"},
      "request": {"method": "POST", "path": "/Users", "body": "{{alice.body}}"},
      "expect": [{"status": 201}, {"path": "userName", "equals": "{{alice.userName}}"}]},
     {"name": "read", "request": {"method": "GET", "path": "/Users/{{uid}}"},
      "expect": [{"status": 200}]}]},
  {"id": "life.wrong", "title": "a failing expectation", "requirement": "r", "level": "MUST",
   "capability": "create-users", "fixtures": {"bob": "user"},
   "steps": [
     {"name": "create", "creates": true,
      "request": {"method": "POST", "path": "/Users", "body": "{{bob.body}}"},
      "expect": [{"status": 200}]},
     {"name": "never", "request": {"method": "GET", "path": "/Users"}}]},
  {"id": "life.foreign", "title": "refuses to touch what it did not create", "requirement": "r",
   "level": "MUST", "capability": "remove-users",
   "steps": [{"name": "delete", "request": {"method": "DELETE", "path": "/Users/seed-1"}}]},
  {"id": "life.should", "title": "a SHOULD", "requirement": "r", "level": "SHOULD",
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

BOOST_AUTO_TEST_CASE(parallel_runs_report_in_plan_order_with_the_same_results) {
  Harness h;
  h.add_suite(kLifecycle);
  std::string second = kLifecycle;
  for (std::size_t at; (at = second.find("\"life")) != std::string::npos;) second.replace(at, 5, "\"copy");
  h.add_suite(second);
  Recorder serial, parallel;
  auto a = h.run(1, &serial);
  auto b = h.run(8, &parallel);
  BOOST_TEST(serial.ids == parallel.ids);
  for (std::size_t s = 0; s < a.suites.size(); ++s)
    for (std::size_t c = 0; c < a.suites[s].cases.size(); ++c)
      BOOST_TEST((a.suites[s].cases[c].outcome == b.suites[s].cases[c].outcome));
}

BOOST_AUTO_TEST_CASE(each_case_counts_the_requests_it_sent_with_its_cleanup) {
  Harness h;
  h.add_suite(kLifecycle);
  auto run = h.run(1);
  const auto& cases = run.suites[0].cases;
  BOOST_REQUIRE(cases.size() == 4u);
  BOOST_TEST(cases[0].requests == 3);  // create, read, and the DELETE of its user
  BOOST_TEST(cases[1].requests == 2);  // create (wrong status), then the DELETE
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
             R"(", "title": "t", "requirement": "r", "level": "MUST", "capability": "protocol",
      "steps": [{"name": "a", "request": {"method": "GET", "path": "/Users"}},
                {"name": "b", "request": {"method": "GET", "path": "/Users"}},
                {"name": "c", "request": {"method": "GET", "path": "/Users"}}]},)";
  };
  for (int i = 0; i < 6; ++i) shareable(i);
  cases += R"({"id": "par.alone", "title": "t", "requirement": "r", "level": "MUST",
    "capability": "protocol", "exclusive": true,
    "steps": [{"name": "a", "request": {"method": "GET", "path": "/Users", "query": {"exclusive": "1"}}},
              {"name": "b", "request": {"method": "GET", "path": "/Users", "query": {"exclusive": "1"}}},
              {"name": "c", "request": {"method": "GET", "path": "/Users", "query": {"exclusive": "1"}}}]},)";
  for (int i = 6; i < 12; ++i) shareable(i);
  cases.pop_back();
  h.add_suite(R"({"suite": "par", "title": "t", "cases": [)" + cases + "]}");
  Recorder recorder;
  auto run = h.run(8, &recorder);
  // Reported in plan order, all passed.
  BOOST_REQUIRE(recorder.ids.size() == 13u);
  BOOST_TEST(recorder.ids[6] == "par.alone");
  BOOST_TEST(recorder.ids[12] == "par.c11");
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

BOOST_AUTO_TEST_CASE(an_unreachable_server_errors_every_case_without_crashing) {
  Harness h;
  h.server.unreachable = true;
  h.add_suite(kLifecycle);
  auto run = h.run(2);
  for (const auto& c : run.suites[0].cases)
    BOOST_TEST(std::string(result::to_string(c.outcome)) == "errored");
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

BOOST_AUTO_TEST_SUITE_END()
