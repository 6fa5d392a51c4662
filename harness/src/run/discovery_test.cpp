#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "test_support.hpp"
#include "check/schema_registry.hpp"
#include "report/reporter.hpp"
#include "run/discovery.hpp"
#include "run/runner.hpp"
#include "source/diagnostic_render.hpp"
#include "suite/loader.hpp"

using namespace scimcheck;
using result::Outcome;
using suite::Json;

namespace {

const Json kConfig = Json::parse(
    R"({"etag":{"supported":false},"sort":{"supported":true},"bulk":{"supported":"no"},"patch":{}})");

suite::Case etag_case() {
  suite::Case c;
  c.id = "protocol.etag.if-match-stale-412";
  c.feature = "etag";
  return c;
}

result::CaseResult finished(Outcome outcome) {
  result::CaseResult r;
  r.id = "protocol.etag.if-match-stale-412";
  r.outcome = outcome;
  r.reason = "stale If-Match: status is one of 412 (expected 412, got 200)";
  r.fix = "Compare If-Match with the current version.";
  return r;
}

/// Answers every request with 200 and an empty object.
class OkTransport : public http::Transport {
 public:
  http::Exchange send(const http::Request& request) override {
    http::Exchange ex;
    ex.request = request;
    ex.response.status = 200;
    ex.response.headers = {{"Content-Type", "application/scim+json"}};
    ex.response.body = "{}";
    return ex;
  }
};

const char* kEtagSuite = R"({"suite": "gated", "title": "t", "cases": [
  {"id": "gated.broken", "title": "refuses a stale If-Match", "requirement": "RFC 7644 §3.14",
   "level": "MUST", "impact": "rfc", "capability": "protocol", "feature": "etag",
   "steps": [{"name": "stale", "request": {"method": "GET", "path": "/Users"}, "expect": [{"status": 412}]}]},
  {"id": "gated.working", "title": "answers", "requirement": "RFC 7644 §3.14",
   "level": "MUST", "impact": "rfc", "capability": "protocol", "feature": "etag",
   "steps": [{"name": "read", "request": {"method": "GET", "path": "/Users"}, "expect": [{"status": 200}]}]}
]})";

/// Runs kEtagSuite through the runner with `config` as the preflight's discovery.
std::vector<Outcome> run_gated(const Json& config) {
  namespace fs = std::filesystem;
  const fs::path root = testing::source_root();
  const fs::path file = fs::temp_directory_path() / ("scimcheck-gated-" + std::to_string(::getpid()) + ".suite.json");
  std::ofstream(file) << kEtagSuite;
  source::Diagnostics d;
  auto profile = suite::load_profile((root / "suites/profiles/entra.profile.json").string(), {root}, d);
  auto loaded = suite::load_suite(file.string(), {root}, d);
  fs::remove(file);
  BOOST_REQUIRE_MESSAGE(profile && loaded, source::render_all(d, nullptr));
  const std::vector<suite::Suite> suites{*loaded};
  const plan::Plan plan = plan::make_plan(suites, *profile, {});
  run::RunContext ctx;
  ctx.run_id = "rgated";
  ctx.base_url = "http://fake/scim";
  ctx.profile = &*profile;
  ctx.make_transport = [] { return std::make_unique<OkTransport>(); };
  ctx.discovery = config;
  const check::SchemaRegistry schemas{root};
  ctx.schemas = &schemas;
  result::RunResult run;
  report::NullReporter reporter;
  run::run_plan(plan, ctx, run, reporter);
  std::vector<Outcome> outcomes;
  for (const auto& c : run.suites.at(0).cases) outcomes.push_back(c.outcome);
  return outcomes;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(discovery)

BOOST_AUTO_TEST_CASE(the_runner_judges_featured_cases_by_the_preflights_config) {
  const auto gated = run_gated(kConfig);  // etag.supported false
  BOOST_REQUIRE_EQUAL(gated.size(), 2u);
  BOOST_TEST((gated[0] == Outcome::skipped));
  BOOST_TEST((gated[1] == Outcome::warning));
  const auto unknown = run_gated(Json());  // /ServiceProviderConfig unread
  BOOST_REQUIRE_EQUAL(unknown.size(), 2u);
  BOOST_TEST((unknown[0] == Outcome::failed));
  BOOST_TEST((unknown[1] == Outcome::passed));
}


BOOST_AUTO_TEST_CASE(advertised_reads_the_supported_flag_only_when_it_is_a_boolean) {
  BOOST_TEST((run::advertised(kConfig, "etag") == std::optional<bool>(false)));
  BOOST_TEST((run::advertised(kConfig, "sort") == std::optional<bool>(true)));
  BOOST_TEST(!run::advertised(kConfig, "bulk"));            // not a boolean
  BOOST_TEST(!run::advertised(kConfig, "patch"));           // no "supported"
  BOOST_TEST(!run::advertised(kConfig, "changePassword"));  // absent
  BOOST_TEST(!run::advertised(Json(), "etag"));             // unread
  BOOST_TEST(!run::advertised(Json::array(), "etag"));
}

BOOST_AUTO_TEST_CASE(not_advertised_and_not_working_is_skipped_with_the_reason) {
  for (Outcome o : {Outcome::failed, Outcome::warning, Outcome::blocked}) {
    auto r = finished(o);
    r.blocked_by = "users.create.returns-201";
    r = run::apply_discovery(etag_case(), kConfig, r);
    BOOST_TEST((r.outcome == Outcome::skipped));
    BOOST_TEST(r.reason ==
               "not advertised in /ServiceProviderConfig (etag.supported is false); not checked");
    BOOST_TEST(r.blocked_by.empty());
  }
}

BOOST_AUTO_TEST_CASE(working_but_not_advertised_is_a_warning) {
  const auto r = run::apply_discovery(etag_case(), kConfig, finished(Outcome::passed));
  BOOST_TEST((r.outcome == Outcome::warning));
  BOOST_TEST(r.reason == "works, but /ServiceProviderConfig says etag.supported is false");
  BOOST_TEST(r.fix.find("etag.supported to true") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(advertised_unknown_or_featureless_cases_are_unchanged) {
  suite::Case sort = etag_case();
  sort.feature = "sort";  // advertised: a failure stays a failure
  BOOST_TEST((run::apply_discovery(sort, kConfig, finished(Outcome::failed)).outcome ==
              Outcome::failed));
  // The config could not be read.
  BOOST_TEST((run::apply_discovery(etag_case(), Json(), finished(Outcome::failed)).outcome ==
              Outcome::failed));
  BOOST_TEST((run::apply_discovery(etag_case(), Json(), finished(Outcome::passed)).outcome ==
              Outcome::passed));
  // No feature.
  suite::Case plain = etag_case();
  plain.feature.clear();
  BOOST_TEST((run::apply_discovery(plain, kConfig, finished(Outcome::failed)).outcome ==
              Outcome::failed));
  // An error of the run is not the feature's.
  BOOST_TEST((run::apply_discovery(etag_case(), kConfig, finished(Outcome::errored)).outcome ==
              Outcome::errored));
}

BOOST_AUTO_TEST_SUITE_END()
