#include "run/resources.hpp"

#include <boost/test/unit_test.hpp>

using namespace scimcheck;

BOOST_AUTO_TEST_SUITE(resources)

BOOST_AUTO_TEST_CASE(the_types_come_from_the_profiles_mappings) {
  suite::Profile profile;
  profile.users.matching = "userName";
  profile.groups.matching = "displayName";
  const auto types = run::resource_types(profile);
  BOOST_REQUIRE(types.size() == 2u);
  BOOST_TEST(types[0].endpoint == "/Users");
  BOOST_TEST(types[0].marker_attribute == "userName");
  BOOST_TEST(types[0].mapping == &profile.users);
  BOOST_TEST(types[1].endpoint == "/Groups");
  BOOST_TEST(types[1].marker_attribute == "displayName");
  BOOST_TEST(types[1].mapping == &profile.groups);
}

BOOST_AUTO_TEST_CASE(a_segment_names_a_type_in_any_case_and_nothing_else) {
  const suite::Profile profile;
  const auto types = run::resource_types(profile);
  for (const char* segment : {"Users", "users", "USERS"}) {
    const run::ResourceType* type = run::type_of_segment(types, segment);
    BOOST_REQUIRE(type);
    BOOST_TEST(type->endpoint == "/Users");
  }
  BOOST_TEST(run::type_of_segment(types, "groups")->endpoint == "/Groups");
  for (const char* segment : {"", "User", "Users2", "/Users", "Schemas", "ServiceProviderConfig"})
    BOOST_TEST(!run::type_of_segment(types, segment), segment);
  BOOST_TEST(run::type_of_kind(types, "group")->endpoint == "/Groups");
  BOOST_TEST(run::type_of_kind(types, "user")->endpoint == "/Users");
  BOOST_TEST(!run::type_of_kind(types, "role"));
}

BOOST_AUTO_TEST_SUITE_END()
