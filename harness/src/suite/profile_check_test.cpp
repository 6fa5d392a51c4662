#include "suite/profile_check.hpp"

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "test_support.hpp"

using namespace scimcheck;

BOOST_AUTO_TEST_SUITE(profile_check)

BOOST_AUTO_TEST_CASE(capability_typos_are_errors_with_the_closest_known_one) {
  suite::Profile p;
  p.capabilities = {"users", "group", "manger", "entra-rules"};
  for (int line = 3; line < 7; ++line) p.capability_spans.push_back({"a.profile.json", line, 5, ""});
  const auto known = suite::shipped_capabilities(testing::source_root());
  BOOST_TEST(known.count("groups"));
  BOOST_TEST(known.count("manager"));
  BOOST_TEST(known.count("create-users"));  // a case's "capability"
  source::Diagnostics d;
  suite::check_capabilities(p, known, d);
  BOOST_REQUIRE_EQUAL(d.size(), 2u);
  BOOST_TEST(d[0].span.line == 4);
  BOOST_TEST(d[0].message.find("unknown capability \"group\"") == 0);
  BOOST_TEST(d[0].hint == "did you mean \"groups\"?");
  BOOST_TEST(d[1].span.line == 5);
  BOOST_TEST(d[1].hint == "did you mean \"manager\"?");
}

BOOST_AUTO_TEST_CASE(a_suite_of_ones_own_can_bring_a_capability) {
  suite::Suite s;
  s.requires_ = {"acme-sso"};
  suite::Profile p;
  p.capabilities = {"acme-sso"};
  source::Diagnostics d;
  suite::check_capabilities(p, {}, d);
  BOOST_TEST(d.size() == 1u);
  d.clear();
  suite::check_capabilities(p, suite::suite_capabilities({s}), d);
  BOOST_TEST(d.empty());
}

BOOST_AUTO_TEST_CASE(every_shipped_profile_has_only_known_capabilities) {
  const auto root = testing::source_root();
  const auto known = suite::shipped_capabilities(root);
  for (const auto& e : std::filesystem::directory_iterator(root / "suites" / "profiles")) {
    source::Diagnostics d;
    // Only the capability list matters here; the loader itself is tested in loader_test.
    suite::Profile p;
    p.name = e.path().filename().string();
    const auto json = nlohmann::json::parse(std::ifstream(e.path()));
    for (const auto& c : json.at("capabilities")) p.capabilities.push_back(c.get<std::string>());
    suite::check_capabilities(p, known, d);
    BOOST_TEST(d.empty(), p.name);
  }
}

BOOST_AUTO_TEST_SUITE_END()
