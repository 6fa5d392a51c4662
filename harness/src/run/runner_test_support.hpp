#pragma once
/// A fake transport, suites and contexts shared by the runner tests (runner_test.cpp: steps,
/// cleanup and reporting; runner_blocking_test.cpp: ownership and one failure per root cause).
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
#include "source/diagnostic_render.hpp"
#include "suite/loader.hpp"

using namespace scimcheck;
using suite::Json;
namespace fs = std::filesystem;

namespace {

inline fs::path root() { return testing::source_root(); }

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
