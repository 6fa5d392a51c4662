#include <boost/test/unit_test.hpp>

#include "test_support.hpp"
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "loadtest/client.hpp"
#include "loadtest/histogram.hpp"
#include "loadtest/html.hpp"
#include "loadtest/report.hpp"
#include "loadtest/workload.hpp"
#include "source/diagnostic_render.hpp"
#include "suite/loader.hpp"

using namespace scimcheck;
using loadtest::Histogram;
using suite::Json;
namespace fs = std::filesystem;

namespace {

fs::path root() { return testing::source_root(); }

/// An in-memory SCIM store behind the Transport interface: Users and Groups, thread-safe.
class FakeScim {
 public:
  http::Exchange handle(const http::Request& r) {
    std::lock_guard lock(mutex_);
    http::Exchange ex;
    ex.request = r;
    ex.elapsed_ms = 2;
    std::string path = r.url.substr(std::string("http://fake/scim").size());
    const bool filtered = path.find('?') != std::string::npos;
    path = path.substr(0, path.find('?'));
    ++calls[r.method + " " + (path.rfind("/Users", 0) == 0 ? "/Users" : "/Groups") +
            (path.find('/', 1) != std::string::npos ? "/{id}" : "")];
    if (fail_all) {
      ex.response = {500, {}, "{}"};
      return ex;
    }
    auto& store = path.rfind("/Users", 0) == 0 ? users : groups;
    const std::string id = path.find('/', 1) == std::string::npos ? "" : path.substr(path.find('/', 1) + 1);
    if (r.method == "GET" && id.empty() && filtered) {
      ex.response = {200, {}, R"({"totalResults":0,"Resources":[]})"};
    } else if (r.method == "POST") {
      if (refuse_creates-- > 0) {
        ex.response = {409, {}, "{}"};
        return ex;
      }
      Json body = Json::parse(r.body);
      body["id"] = "id" + std::to_string(++next_);
      store[body["id"]] = body;
      ex.response = {201, {}, body.dump()};
    } else if (!store.count(id)) {
      ex.response = {404, {}, "{}"};
    } else if (r.method == "PATCH") {
      const Json patch = Json::parse(r.body);
      for (const auto& op : patch["Operations"])
        if (op["path"] == "members") member_values += static_cast<int>(op["value"].size());
      ex.response = {204, {}, ""};
    } else if (r.method == "DELETE") {
      store.erase(id);
      ex.response = {204, {}, ""};
    } else {
      Json answer = store[id];
      if (wrong_reads == "id") answer["id"] = "someone-else";
      if (wrong_reads == "schema") answer["schemas"] = {"urn:ietf:params:scim:schemas:core:2.0:Group"};
      if (wrong_reads == "nested") answer = {{"user", answer}};
      ex.response = {200, {{"Content-Type", wrong_reads == "media" ? "text/html" : "application/scim+json"}},
                     answer.dump()};
      if (wrong_reads == "cut") ex.response.body.pop_back();
    }
    return ex;
  }

  std::mutex mutex_;
  std::map<std::string, Json> users, groups;
  std::map<std::string, int> calls;
  int member_values = 0;
  int refuse_creates = 0;
  bool fail_all = false;  ///< every request answered 500
  /// GET by id answers wrongly: "id" (another id), "schema" (not a User), "nested" (the
  /// user inside another object), "cut" (malformed JSON), "media" (the user as text/html);
  /// "" answers right.
  std::string wrong_reads;
  int next_ = 0;
};

class FakeTransport : public http::Transport {
 public:
  explicit FakeTransport(FakeScim& scim) : scim_(scim) {}
  http::Exchange send(const http::Request& r) override { return scim_.handle(r); }

 private:
  FakeScim& scim_;
};

struct Rig {
  Rig() {
    source::Diagnostics d;
    auto p = suite::load_profile((root() / "suites/profiles/twingate.profile.json").string(),
                                 {root()}, d);
    BOOST_REQUIRE_MESSAGE(p, source::render_all(d, nullptr));
    profile = *p;
    fs::create_directories(dir);
    std::string error;
    auto created = run::Ledger::create((dir / "ledger.jsonl").string(), {"ltest", "twingate", "x"}, &error);
    BOOST_REQUIRE(created);
    ledger.emplace(std::move(*created));
    target.base_url = "http://fake/scim";
    target.run_id = "ltest";
    target.profile = &profile;
    target.variables = {{"domain", "example.com"}};
    target.make_transport = [this] { return std::make_unique<FakeTransport>(scim); };
    target.ledger = &*ledger;
  }
  ~Rig() { fs::remove_all(dir); }

  fs::path dir = fs::temp_directory_path() / ("scimcheck-load-test-" + std::to_string(::getpid()));
  suite::Profile profile;
  FakeScim scim;
  std::optional<run::Ledger> ledger;
  loadtest::LoadTarget target;
};

const loadtest::OperationSummary* op(const loadtest::LoadResult& r, const std::string& name) {
  for (const auto& o : r.operations)
    if (o.name == name) return &o;
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(histogram)

BOOST_AUTO_TEST_CASE(quantiles_within_two_percent_and_exact_maximum) {
  Histogram h;
  for (int ms = 1; ms <= 1000; ++ms) h.record(ms);
  BOOST_TEST(h.count() == 1000u);
  BOOST_TEST(h.max_ms() == 1000.0);
  BOOST_TEST(h.mean_ms() == 500.5);
  for (double q : {0.5, 0.95, 0.99}) {
    const double truth = q * 1000;
    BOOST_TEST(h.quantile_ms(q) >= truth, "q" << q << " " << h.quantile_ms(q));
    BOOST_TEST(h.quantile_ms(q) <= truth * 1.021, "q" << q << " " << h.quantile_ms(q));
  }
  BOOST_TEST(h.quantile_ms(1.0) == 1000.0);
}

BOOST_AUTO_TEST_CASE(empty_tiny_and_huge_values) {
  Histogram h;
  BOOST_TEST(h.quantile_ms(0.5) == 0.0);
  h.record(0);
  h.record(0.0001);
  h.record(10.0 * 3600 * 1000);  // beyond the last bucket: counted there, max exact
  BOOST_TEST(h.count() == 3u);
  BOOST_TEST(h.quantile_ms(0.5) <= 0.001);
  BOOST_TEST(h.max_ms() == 36000000.0);
  BOOST_TEST(h.quantile_ms(1.0) == 36000000.0);
}

BOOST_AUTO_TEST_CASE(merge_equals_recording_everything_in_one) {
  Histogram a, b, all;
  for (int i = 0; i < 500; ++i) {
    a.record(i * 0.37);
    all.record(i * 0.37);
    b.record(i * 11.0);
    all.record(i * 11.0);
  }
  a.merge(b);
  BOOST_TEST(a.count() == all.count());
  BOOST_TEST(a.max_ms() == all.max_ms());
  for (double q : {0.1, 0.5, 0.9, 0.99}) BOOST_TEST(a.quantile_ms(q) == all.quantile_ms(q));
  BOOST_TEST(a.buckets() == all.buckets());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(workload)

BOOST_AUTO_TEST_CASE(initial_cycle_creates_updates_adds_members_and_deletes_everything) {
  Rig rig;
  loadtest::LoadOptions options;
  options.users = 60;
  options.groups = 5;
  options.members = 10;
  options.member_batch = 4;
  options.concurrency = 4;
  options.update_share = 0.5;
  options.disable_share = 0.2;
  loadtest::Progress progress;
  const auto r = loadtest::run_load(options, rig.target, progress);
  BOOST_TEST(r.fatal == "");
  BOOST_TEST(r.users_created == 60);
  BOOST_TEST(r.groups_created == 5);
  BOOST_TEST(r.memberships == 50);
  BOOST_TEST(rig.scim.member_values == 50);
  BOOST_TEST(rig.scim.calls["PATCH /Groups/{id}"] == 15);  // 10 members in batches of 4: 3 each
  BOOST_TEST(rig.scim.calls["GET /Users"] == 60);          // one query by externalId per user
  BOOST_TEST(rig.scim.calls["POST /Users"] == 60);
  BOOST_TEST(rig.scim.calls["DELETE /Users/{id}"] == 60);
  BOOST_TEST(rig.scim.calls["DELETE /Groups/{id}"] == 5);
  BOOST_TEST(rig.scim.users.empty());
  BOOST_TEST(rig.scim.groups.empty());
  BOOST_TEST(r.users_updated > 15);
  BOOST_TEST(r.users_updated < 45);
  BOOST_TEST(r.users_disabled > 3);
  BOOST_TEST(r.users_disabled < 25);
  BOOST_TEST(rig.scim.calls["PATCH /Users/{id}"] == r.users_updated + r.users_disabled);
  const std::uint64_t expected_requests = 60 * 3 + r.users_updated + r.users_disabled + 5 * 3 + 15;
  BOOST_TEST(r.requests == expected_requests);
  BOOST_TEST(r.overall.count() == expected_requests);
  BOOST_REQUIRE(op(r, "create-user"));
  BOOST_TEST(op(r, "create-user")->latency.count() == 60u);
  BOOST_TEST(op(r, "read-user") == nullptr);  // no --duration: no steady phase
  BOOST_TEST(r.errors.empty());
  BOOST_TEST(r.cleanup.created == 65);
  BOOST_TEST(r.cleanup.deleted == 65);
  for (const auto& t : loadtest::thresholds(r))
    BOOST_TEST((t.status != loadtest::Status::failed), t.id << ": " << t.actual);
}

BOOST_AUTO_TEST_CASE(refused_creates_are_counted_by_status_and_fail_the_answers_check) {
  Rig rig;
  rig.scim.refuse_creates = 3;
  loadtest::LoadOptions options;
  options.users = 20;
  options.concurrency = 2;
  loadtest::Progress progress;
  const auto r = loadtest::run_load(options, rig.target, progress);
  BOOST_TEST(r.users_created == 17);
  BOOST_TEST(r.errors.at("create-user 409") == 3u);
  BOOST_TEST(op(r, "create-user")->errors == 3u);
  BOOST_TEST(rig.scim.users.empty());
  bool answers_failed = false;
  for (const auto& t : loadtest::thresholds(r))
    if (t.id == "load.answers") answers_failed = t.status == loadtest::Status::failed && t.actual.find("create-user 409: 3") != std::string::npos;
  BOOST_TEST(answers_failed);
  std::ostringstream junit;
  loadtest::write_junit(r, junit);
  BOOST_TEST(junit.str().find("failures=\"1\"") != std::string::npos);
  BOOST_TEST(junit.str().find("load.answers: every request answered") != std::string::npos);
}

/// The threshold of that id in load.json (null when there is none).
Json threshold(const Json& summary, const std::string& id) {
  for (const auto& t : summary["thresholds"])
    if (t["id"] == id) return t;
  return nullptr;
}

BOOST_AUTO_TEST_CASE(errored_answers_are_not_throughput) {
  Rig rig;
  rig.scim.fail_all = true;
  loadtest::LoadOptions options;
  options.users = 20;
  options.concurrency = 2;
  loadtest::Progress progress;
  const auto r = loadtest::run_load(options, rig.target, progress);
  BOOST_TEST(r.requests == 20u);
  const Json j = loadtest::to_json(r);
  BOOST_TEST(j["successes"] == 0);
  BOOST_TEST(j["throughput_rps"] == 0.0);
  const Json rate = threshold(j, "load.rate");
  BOOST_TEST(rate["status"] == "failed");
  BOOST_TEST(rate["passed"] == false);
  std::ostringstream summary;
  loadtest::write_summary(r, summary);
  BOOST_TEST(summary.str().find("FAIL load.rate:") != std::string::npos, summary.str());
}

BOOST_AUTO_TEST_CASE(a_run_shorter_than_a_window_leaves_it_not_measured) {
  Rig rig;
  loadtest::LoadOptions options;
  options.users = 10;
  options.concurrency = 2;
  loadtest::Progress progress;
  const auto r = loadtest::run_load(options, rig.target, progress);
  BOOST_REQUIRE(r.wall_ms < 10000);
  const Json j = loadtest::to_json(r);
  BOOST_TEST(j["lowest_10s_rps"].is_null());
  BOOST_TEST(threshold(j, "load.rate")["status"] == "passed");
  const Json window = threshold(j, "load.rate-10s");
  BOOST_TEST(window["status"] == "not measured");
  BOOST_TEST(window["passed"] == false);
  BOOST_TEST(window["actual"].get<std::string>().find("shorter than 10 s") != std::string::npos);
  std::ostringstream summary, junit, html;
  loadtest::write_summary(r, summary);
  BOOST_TEST(summary.str().find("slowest 10 s:") == std::string::npos, summary.str());
  BOOST_TEST(summary.str().find("NOT MEASURED load.rate-10s") != std::string::npos, summary.str());
  loadtest::write_junit(r, junit);
  BOOST_TEST(junit.str().find("skipped=\"1\"") != std::string::npos, junit.str());
  BOOST_TEST(junit.str().find("<skipped message=\"not measured: run of") != std::string::npos, junit.str());
  loadtest::write_html(r, html);
  BOOST_TEST(html.str().find("not measured") != std::string::npos);
  BOOST_TEST(html.str().find("slowest 10 s</td><td class=\"n\">not measured") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_ten_second_window_counts_successful_answers_only) {
  loadtest::LoadResult r;
  r.wall_ms = 12500;
  r.timeline.resize(13);
  for (auto& s : r.timeline) s.requests = 100;
  for (std::size_t i = 2; i < 12; ++i) r.timeline[i].errors = 80;  // 20 good answers a second
  r.requests = 1300;
  r.errors["read-user 500"] = 800;
  loadtest::compute_rates(r);
  BOOST_TEST(r.successes == 500u);
  const Json j = loadtest::to_json(r);
  BOOST_TEST(j["lowest_10s_rps"] == 20.0);
  BOOST_TEST(threshold(j, "load.rate-10s")["status"] == "failed");
  // Seconds in which no request ended are in the window as zeros.
  r.wall_ms = 23000;  // seconds 13 to 22 without a request: a window of none
  loadtest::compute_rates(r);
  BOOST_TEST(loadtest::to_json(r)["lowest_10s_rps"] == 0.0);
}

BOOST_AUTO_TEST_CASE(cleanup_fails_on_leftovers_and_is_not_applicable_without_creates) {
  loadtest::LoadResult r;
  r.cleanup.created = 5;
  r.cleanup.deleted = 3;
  Json cleanup = threshold(loadtest::to_json(r), "load.cleanup");
  BOOST_TEST(cleanup["status"] == "failed");
  BOOST_TEST(cleanup["actual"].get<std::string>().find("2 of 5 created not deleted") != std::string::npos,
             cleanup["actual"]);
  r.cleanup.created = r.cleanup.deleted = 0;
  cleanup = threshold(loadtest::to_json(r), "load.cleanup");
  BOOST_TEST(cleanup["status"] == "not applicable");
  BOOST_TEST(cleanup["passed"] == false);
  r.cleanup.created = r.cleanup.deleted = 4;
  BOOST_TEST(threshold(loadtest::to_json(r), "load.cleanup")["status"] == "passed");
}

BOOST_AUTO_TEST_CASE(json_summary_has_counts_and_percentiles) {
  Rig rig;
  loadtest::LoadOptions options;
  options.users = 10;
  options.concurrency = 1;
  loadtest::Progress progress;
  const Json j = loadtest::to_json(loadtest::run_load(options, rig.target, progress));
  BOOST_TEST(j["counts"]["users_created"] == 10);
  BOOST_TEST(j["counts"]["users_deleted"] == 10);
  BOOST_TEST(j["latency"]["p50_ms"] == 2.0);
  BOOST_TEST(j["latency"]["max_ms"] == 2.0);
  BOOST_TEST(j["thresholds"].size() == 5u);
  BOOST_TEST(j["cleanup"]["leftovers"].empty());
}

BOOST_AUTO_TEST_CASE(reads_must_answer_with_the_user_asked_for) {
  for (const std::string wrong : {"", "id", "schema", "nested", "cut", "media"}) {
    BOOST_TEST_CONTEXT("wrong reads: " << wrong) {
    Rig rig;
    rig.scim.wrong_reads = wrong;
    loadtest::LoadOptions options;
    options.users = 5;
    options.concurrency = 2;
    options.duration_s = 0.2;
    loadtest::Progress progress;
    auto result = loadtest::run_load(options, rig.target, progress);
    const auto* reads = op(result, "read-user");
    BOOST_REQUIRE(reads);
    BOOST_TEST(reads->latency.count() > 0u);
    if (!wrong.empty()) {
      BOOST_TEST(reads->errors == reads->latency.count());
      const std::string key = wrong == "media" ? "read-user wrong-media-type" : "read-user wrong-body";
      BOOST_REQUIRE(result.errors.count(key));
      BOOST_TEST(result.errors.at(key) == reads->latency.count());
      std::uint64_t per_second = 0;  // the errors reach the timeline too (load.html draws them)
      for (const auto& second : result.timeline) per_second += second.errors;
      BOOST_TEST(per_second == reads->latency.count());
    } else {
      BOOST_TEST(reads->errors == 0u);
    }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_read_is_checked_for_media_type_id_schema_and_bounded_nesting) {
  const std::string urn = "urn:ietf:params:scim:schemas:core:2.0:User";
  const std::string user = R"({"schemas":[")" + urn + R"("],"id":"u1","userName":"a"})";
  BOOST_TEST(loadtest::is_user(user, "u1"));
  BOOST_TEST(!loadtest::is_user(user, "u2"));
  BOOST_TEST(!loadtest::is_user(user.substr(0, user.size() - 1), "u1"));  // cut short
  BOOST_TEST(!loadtest::is_user("[" + user + "]", "u1"));
  BOOST_TEST(!loadtest::is_user(R"({"id":"u1","schemas":"urn"})", "u1"));
  // A user with a member nested deeper than any body the harness accepts is not read through.
  const std::string deep = std::string(70, '[') + std::string(70, ']');
  BOOST_TEST(!loadtest::is_user(user.substr(0, user.size() - 1) + R"(,"x":)" + deep + "}", "u1"));
  BOOST_TEST(loadtest::is_user(user.substr(0, user.size() - 1) + R"(,"x":[[[1]]]})", "u1"));
  for (const char* type : {"application/scim+json", "application/json; charset=utf-8", " Application/SCIM+JSON"})
    BOOST_TEST(loadtest::is_json_media_type(type), type);
  for (const char* type : {"text/html", "", "application/jsonp", "application/scim+json-seq"})
    BOOST_TEST(!loadtest::is_json_media_type(type), type);
  http::Response answer{200, {{"content-type", "application/scim+json"}}, user};
  BOOST_TEST((loadtest::check_read(answer, "u1") == loadtest::ReadFault::ok));
  answer.headers.clear();
  BOOST_TEST((loadtest::check_read(answer, "u1") == loadtest::ReadFault::media_type));
  BOOST_TEST(std::string(loadtest::to_string(loadtest::ReadFault::media_type)) == "wrong-media-type");
}

BOOST_AUTO_TEST_CASE(a_prepared_read_puts_the_id_between_the_base_path_and_its_query) {
  int calls = 0;
  std::string token = "Bearer one";
  loadtest::UserReader reader("http://h:1/scim/v2/?aadOptscim062020", [&](http::Request& r) -> std::optional<std::string> {
    ++calls;
    if (token.empty()) return std::string("no token");
    r.headers.clear();
    r.headers.push_back({"Authorization", token});
    return std::nullopt;
  });
  std::string error;
  const http::Request* r = reader.request("abc", &error);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->method == "GET");
  BOOST_TEST(r->url == "http://h:1/scim/v2/Users/abc?aadOptscim062020");
  token = "Bearer two";  // a renewed token goes out with the next read
  r = reader.request("def", &error);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->url == "http://h:1/scim/v2/Users/def?aadOptscim062020");
  BOOST_TEST(r->headers.size() == 1u);
  BOOST_TEST(*http::find_header(r->headers, "Authorization") == "Bearer two");
  token.clear();
  BOOST_TEST(reader.request("ghi", &error) == nullptr);
  BOOST_TEST(error == "no token");
  BOOST_TEST(calls == 3);
}

BOOST_AUTO_TEST_CASE(a_second_histogram_gives_coarse_quantiles) {
  loadtest::SecondHistogram h;
  BOOST_TEST(h.quantile_ms(0.5, 0) == 0.0);
  for (int i = 0; i < 90; ++i) h.record(2.0);
  for (int i = 0; i < 10; ++i) h.record(200.0);
  BOOST_TEST(h.count() == 100u);
  const double p50 = h.quantile_ms(0.5, 200.0), p95 = h.quantile_ms(0.95, 200.0);
  BOOST_TEST((p50 >= 2.0 && p50 <= 2.8));      // within one 40% bucket
  BOOST_TEST((p95 >= 200.0 && p95 <= 200.0));  // capped by the slowest
}

namespace {

/// The numbers after `attribute="` for every element of the given class, in page order.
std::vector<std::string> attribute_values(const std::string& page, const std::string& cls,
                                          const std::string& attribute) {
  std::vector<std::string> out;
  const std::string marker = "class=\"" + cls + "\"";
  for (auto at = page.find(marker); at != std::string::npos; at = page.find(marker, at + 1)) {
    const auto end = page.find('>', at);
    const auto a = page.find(attribute + "=\"", at);
    if (a == std::string::npos || a > end) continue;
    const auto from = a + attribute.size() + 2;
    out.push_back(page.substr(from, page.find('"', from) - from));
  }
  return out;
}

loadtest::LoadResult sample_load() {
  loadtest::LoadResult r;
  r.profile = "twingate <b>";
  r.target = "embedded reference server";
  r.run_id = "run-1";
  r.options.users = 100;
  r.options.concurrency = 4;
  r.wall_ms = 3000;
  r.requests = 250;
  r.throughput = 83.3;
  r.lowest_10s_rate = 83.3;
  r.timeline.resize(3);
  for (int i = 0; i < 100; ++i) r.timeline[0].latency.record(2.0), ++r.timeline[0].requests;
  for (int i = 0; i < 100; ++i) r.timeline[1].latency.record(20.0), ++r.timeline[1].requests;
  for (int i = 0; i < 50; ++i) r.timeline[2].latency.record(2.0), ++r.timeline[2].requests;
  r.timeline[0].max_ms = 2.0;
  r.timeline[1].max_ms = 20.0;
  r.timeline[2].max_ms = 2.0;
  r.timeline[2].errors = 5;
  loadtest::OperationSummary read{"read-user", {}, 5};
  for (int i = 0; i < 90; ++i) read.latency.record(2.0);
  for (int i = 0; i < 10; ++i) read.latency.record(50.0);
  loadtest::OperationSummary create{"create-user", {}, 0};
  for (int i = 0; i < 100; ++i) create.latency.record(5.0);
  r.operations = {create, read};
  r.overall.merge(create.latency);
  r.overall.merge(read.latency);
  r.errors["read-user 503"] = 5;
  r.cleanup.created = 100;
  r.cleanup.deleted = 100;
  return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(load_html_is_self_contained_and_draws_the_data) {
  const auto result = sample_load();
  std::ostringstream first, second;
  loadtest::write_html(result, first);
  loadtest::write_html(result, second);
  const std::string page = first.str();
  BOOST_TEST(page == second.str());  // the same result gives the same page
  BOOST_TEST(page.rfind("<!DOCTYPE html>", 0) == 0u);
  BOOST_TEST(page.find("</html>") != std::string::npos);
  // Nothing fetched from elsewhere, no script.
  for (const char* banned : {"http://", "https://", "<script", "<link", "url(", "@import"})
    BOOST_TEST(page.find(banned) == std::string::npos, banned);
  // Names from the run are escaped.
  BOOST_TEST(page.find("twingate <b>") == std::string::npos);
  BOOST_TEST(page.find("twingate &lt;b&gt;") != std::string::npos);
  // The verdict follows the thresholds: 5 unexpected answers fail the run.
  BOOST_TEST(page.find("v-fail\">FAILED") != std::string::npos);
  BOOST_TEST(page.find("read-user 503") != std::string::npos);

  // Timeline: one SVG; p50 of second 1 (20 ms) is drawn above (smaller y) that of second 0.
  BOOST_TEST(page.find("<svg id=\"timeline\"") != std::string::npos);
  const auto p50 = attribute_values(page, "l-p50", "points");
  BOOST_REQUIRE(p50.size() == 1u);
  std::vector<double> ys;
  std::istringstream points(p50[0]);
  for (std::string point; points >> point;) ys.push_back(std::stod(point.substr(point.find(',') + 1)));
  BOOST_REQUIRE(ys.size() == 3u);
  BOOST_TEST(ys[1] < ys[0] - 20);
  BOOST_TEST(ys[2] == ys[0]);
  // Request bars: seconds 0 and 1 as tall as each other, second 2 half as tall; one error bar.
  const auto bars = attribute_values(page, "b-req", "height");
  BOOST_REQUIRE(bars.size() == 3u);
  BOOST_TEST(std::stod(bars[0]) == std::stod(bars[1]));
  BOOST_TEST(std::abs(std::stod(bars[2]) - std::stod(bars[0]) / 2) < 0.2);
  BOOST_TEST(attribute_values(page, "b-err", "data-second") == std::vector<std::string>{"2"});

  // One histogram per operation; read-user's tallest bar holds its 90 fast reads.
  BOOST_TEST(attribute_values(page, "histogram", "id") == (std::vector<std::string>{"hist-0", "hist-1"}));
  const auto hist = page.substr(page.find("id=\"hist-1\""));
  const auto counts = attribute_values(hist, "b-hist", "data-count");
  BOOST_TEST(counts == (std::vector<std::string>{"90", "10"}));
}

namespace {

/// 1,000 users and 10 groups of 100 members in batches of 25, queried first: 2 requests a user,
/// 2 + 4 a group. Queries answered in 10 ms, creates in 30 ms; the endpoint sustained `rate`.
loadtest::LoadResult cycle_run(double rate) {
  loadtest::LoadResult r;
  r.options.users = 1000;
  r.options.groups = 10;
  r.options.members = 100;
  r.options.member_batch = 25;
  r.groups_enabled = true;
  loadtest::OperationSummary query{"query-user", {}, 0}, create{"create-user", {}, 0};
  loadtest::OperationSummary query_group{"query-group", {}, 0};
  for (int i = 0; i < 1000; ++i) query.latency.record(10.0), create.latency.record(30.0);
  for (int i = 0; i < 10; ++i) query_group.latency.record(20.0);
  r.operations = {query, create, query_group};
  r.wall_ms = 20000;
  r.throughput = rate;
  r.lowest_10s_rate = rate;
  return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(initial_cycle_estimate_names_the_endpoint_as_bottleneck_below_entras_pace) {
  const auto slow = loadtest::estimate_initial_cycle(cycle_run(10));
  BOOST_REQUIRE(slow.measured);
  BOOST_TEST(slow.requests == 2060u);  // 1000 x 2 + 10 x (2 + 100 / 25)
  BOOST_TEST(slow.memberships == 1000u);
  BOOST_TEST(slow.endpoint_is_bottleneck);
  BOOST_TEST(slow.seconds == 206.0);        // at the endpoint's 10/s
  BOOST_TEST(slow.entra_seconds == 82.4);   // at Entra's 25/s
  BOOST_TEST(slow.serial_rate == 2010.0 * 1000 / (1000 * 10 + 1000 * 30 + 10 * 20), boost::test_tools::tolerance(1e-9));
  const Json j = loadtest::to_json(cycle_run(10))["initial_cycle"];
  BOOST_TEST(j["bottleneck"] == "endpoint");
  BOOST_TEST(j["seconds"] == 206.0);
  BOOST_TEST(j["entra_rate_rps"] == 25.0);
  std::ostringstream summary, html;
  loadtest::write_summary(cycle_run(10), summary);
  BOOST_TEST(summary.str().find("2060 requests, about 3 min 26 s. The endpoint is the bottleneck") !=
                 std::string::npos, summary.str());
  loadtest::write_html(cycle_run(10), html);
  BOOST_TEST(html.str().find("id=\"initial-cycle\" data-bottleneck=\"endpoint\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(initial_cycle_estimate_follows_entras_pace_when_the_endpoint_keeps_up) {
  const auto fast = loadtest::estimate_initial_cycle(cycle_run(200));
  BOOST_REQUIRE(fast.measured);
  BOOST_TEST(!fast.endpoint_is_bottleneck);
  BOOST_TEST(fast.seconds == 82.4);
  BOOST_TEST(fast.seconds == fast.entra_seconds);
  BOOST_TEST(loadtest::to_json(cycle_run(200))["initial_cycle"]["bottleneck"] == "entra");
  BOOST_TEST(loadtest::cycle_sentence(fast).find("about 1 min 22 s. Entra's pace of 25 requests/s sets the time") !=
             std::string::npos, loadtest::cycle_sentence(fast));
  // No successful answer: nothing to estimate from.
  auto none = cycle_run(0);
  BOOST_TEST(!loadtest::estimate_initial_cycle(none).measured);
  BOOST_TEST(loadtest::to_json(none)["initial_cycle"].is_null());
  BOOST_TEST(loadtest::duration_text(7500) == "2 h 05 min");
}

BOOST_AUTO_TEST_SUITE_END()
