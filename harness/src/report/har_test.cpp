#include "report/har.hpp"

#include <boost/test/unit_test.hpp>
#include <sstream>
#include <string>

#include "report/json.hpp"
#include "report/sample_run_test.hpp"

using namespace scimcheck;
using namespace scimcheck::report;
using nlohmann::json;
using testing::sample_run;

namespace {

std::size_t exchanges_of(const result::RunResult& run) {
  std::size_t n = 0;
  for (const auto& suite : run.suites)
    for (const auto& kase : suite.cases)
      for (const auto& step : kase.steps) n += step.exchange ? 1 : 0;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(har)

BOOST_AUTO_TEST_CASE(log_with_an_entry_per_exchange_in_run_order) {
  const auto run = sample_run();
  const json har = to_har(run);
  const json& log = har.at("log");
  BOOST_TEST(log.at("version") == "1.2");
  BOOST_TEST(log.at("creator").at("name") == "scimcheck");
  BOOST_TEST(log.at("creator").at("version") == "0.1.0");
  const json& entries = log.at("entries");
  BOOST_REQUIRE(entries.size() == exchanges_of(run));
  BOOST_REQUIRE(entries.size() >= 3u);
  // the first entry is the first step of the first case
  const auto& first = run.suites[0].cases[0];
  BOOST_TEST(entries[0].at("comment") == "check " + first.id + ", step " + first.steps[0].name);
  BOOST_TEST(entries[0].at("request").at("url") == first.steps[0].exchange->request.url);
}

BOOST_AUTO_TEST_CASE(entries_carry_every_field_har_requires) {
  const json har = to_har(sample_run());
  for (const json& entry : har.at("log").at("entries")) {
    for (const char* key : {"startedDateTime", "time", "request", "response", "cache", "timings"})
      BOOST_TEST(entry.contains(key), key);
    const json& req = entry.at("request");
    for (const char* key : {"method", "url", "httpVersion", "cookies", "headers", "queryString",
                            "headersSize", "bodySize"})
      BOOST_TEST(req.contains(key), "request." << key);
    const json& res = entry.at("response");
    for (const char* key : {"status", "statusText", "httpVersion", "cookies", "headers", "content",
                            "redirectURL", "headersSize", "bodySize"})
      BOOST_TEST(res.contains(key), "response." << key);
    BOOST_TEST(res.at("content").contains("size"));
    BOOST_TEST(res.at("content").contains("mimeType"));
    // time is the sum of the timings
    const json& t = entry.at("timings");
    BOOST_TEST(entry.at("time").get<double>() == t.at("send").get<double>() +
                                                     t.at("wait").get<double>() +
                                                     t.at("receive").get<double>());
  }
}

BOOST_AUTO_TEST_CASE(request_and_response_as_recorded) {
  auto run = sample_run();
  auto& step = run.suites[0].cases[0].steps[0];
  step.exchange->request.url =
      "https://scim.example.test/Users?filter=userName%20eq%20%22a%22&count=2";
  step.exchange->response.body = std::string(10, 'x');
  step.response_body_bytes = 70000;
  const json entry = to_har(run).at("log").at("entries").at(0);
  const json& req = entry.at("request");
  BOOST_TEST(req.at("method") == "POST");
  BOOST_TEST(
      req.at("queryString") ==
      json::parse(
          R"([{"name":"filter","value":"userName eq \"a\""},{"name":"count","value":"2"}])"));
  BOOST_TEST(req.at("postData").at("mimeType") == "application/scim+json");
  BOOST_TEST(req.at("postData").at("text") == step.exchange->request.body);
  BOOST_TEST(req.at("headers").at(0) ==
             json::parse(R"({"name":"Authorization","value":"Bearer ****"})"));
  const json& res = entry.at("response");
  BOOST_TEST(res.at("status") == 201);
  BOOST_TEST(res.at("statusText") == "Created");
  BOOST_TEST(res.at("content").at("size") == 70000);
  BOOST_TEST(res.at("content").at("text") == std::string(10, 'x'));
  BOOST_TEST(res.at("content").contains("comment"));
}

BOOST_AUTO_TEST_CASE(transport_error_and_hostile_bytes) {
  auto run = sample_run();
  // the errored case of the sample run timed out: no status
  const json entries = to_har(run).at("log").at("entries");
  bool seen = false;
  for (const json& entry : entries)
    if (entry.at("response").contains("_error")) {
      seen = true;
      BOOST_TEST(entry.at("response").at("status") == 0);
      BOOST_TEST(entry.at("response").at("_error").get<std::string>().find("timeout") == 0u);
    }
  BOOST_TEST(seen);
  run.suites[0].cases[0].steps[0].exchange->response.body = "bad \xFF\xFE utf-8";
  std::ostringstream out;
  write_har(run, out);
  BOOST_TEST(json::parse(out.str()).at("log").at("entries").size() == entries.size());
}

BOOST_AUTO_TEST_CASE(entries_start_when_their_request_went_out) {
  auto run = sample_run();
  run.suites[0].cases[0].steps[0].exchange->started_at = "2024-05-01T10:00:00.250Z";
  // through results.json and back, as `scimcheck report` reads it
  const json entries = to_har(from_json(to_json(run))).at("log").at("entries");
  BOOST_TEST(entries[0].at("startedDateTime") == "2024-05-01T10:00:00.250Z");
  BOOST_TEST(entries[1].at("startedDateTime") == run.started_at);  // none kept: the run's start
  // evidence kept by the runner is stamped: now minus the time the exchange took
  result::StepResult step;
  http::Exchange ex = *run.suites[0].cases[0].steps[0].exchange;
  ex.started_at.clear();
  result::keep_evidence(step, ex);
  const std::string& at = step.exchange->started_at;
  BOOST_TEST(at.size() == 24u, at);
  BOOST_TEST(at[10] == 'T');
  BOOST_TEST(at[19] == '.');
  BOOST_TEST(at.back() == 'Z');
}

BOOST_AUTO_TEST_SUITE_END()
