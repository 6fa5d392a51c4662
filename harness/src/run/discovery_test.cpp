#include <boost/test/unit_test.hpp>

#include "run/discovery.hpp"

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

}  // namespace

BOOST_AUTO_TEST_SUITE(discovery)

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
