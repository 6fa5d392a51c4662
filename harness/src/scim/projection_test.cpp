#include "scim/projection.hpp"

#include <algorithm>
#include <boost/test/unit_test.hpp>

namespace scimcheck::scim {
namespace {

using nlohmann::json;

json user() {
  return json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "id": "u1",
    "externalId": "ext",
    "userName": "bjensen",
    "password": "t1meMa$heen",
    "displayName": "Babs",
    "name": {"givenName": "Barbara", "familyName": "Jensen"},
    "emails": [{"value": "b@example.com", "type": "work"}, {"value": "b@home.org"}],
    "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z"},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      "department": "Tours", "manager": {"value": "m1", "displayName": "Boss"}
    }
  })");
}

json group() {
  return json::parse(R"({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    "id": "g1", "displayName": "Guides", "members": [{"value": "u1"}],
    "meta": {"resourceType": "Group"}})");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(projection)

BOOST_AUTO_TEST_CASE(split_lists) {
  BOOST_TEST(split_attribute_list("userName, name.givenName,emails") ==
             (std::vector<std::string>{"userName", "name.givenName", "emails"}));
  BOOST_TEST(split_attribute_list("") == std::vector<std::string>{});
  BOOST_TEST(split_attribute_list(" members ,, ") == std::vector<std::string>{"members"});
}

BOOST_AUTO_TEST_CASE(never_returned_is_always_dropped) {
  json expected = user();
  expected.erase("password");
  BOOST_TEST(project(user(), ResourceKind::user, {}, {}) == expected);
  BOOST_TEST(!project(user(), ResourceKind::user, {"password"}, {}).contains("password"));
  BOOST_TEST(!project(user(), ResourceKind::user, {}, {"userName"}).contains("password"));
}

BOOST_AUTO_TEST_CASE(attributes_keep_only_those_and_always_returned) {
  const json result = project(user(), ResourceKind::user, {"userName", "name.givenName"}, {});
  BOOST_TEST(result == json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "id": "u1", "userName": "bjensen", "name": {"givenName": "Barbara"},
    "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z"}})"));

  const json emails = project(user(), ResourceKind::user, {"EMAILS.value", "emails.type"}, {});
  BOOST_TEST(
      emails["emails"] ==
      json::parse(R"([{"value": "b@example.com", "type": "work"}, {"value": "b@home.org"}])"));
  BOOST_TEST(!emails.contains("userName"));

  const json missing = project(user(), ResourceKind::user, {"emails.display", "nickName"}, {});
  BOOST_TEST(!missing.contains("emails"));
  BOOST_TEST(!missing.contains("nickName"));
}

BOOST_AUTO_TEST_CASE(attributes_in_the_extension) {
  json result =
      project(user(), ResourceKind::user,
              {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"}, {});
  BOOST_TEST(result[kEnterpriseUrn] == json::parse(R"({"manager": {"value": "m1"}})"));
  result = project(user(), ResourceKind::user, {"department"}, {});
  BOOST_TEST(result[kEnterpriseUrn] == json::parse(R"({"department": "Tours"})"));
  result = project(user(), ResourceKind::user, {kEnterpriseUrn}, {});
  BOOST_TEST(result[kEnterpriseUrn] == user()[kEnterpriseUrn]);
  BOOST_TEST(!result.contains("userName"));
}

BOOST_AUTO_TEST_CASE(excluded_attributes) {
  const json g = project(group(), ResourceKind::group, {}, {"members"});
  BOOST_TEST(!g.contains("members"));
  BOOST_TEST(g["displayName"] == "Guides");
  BOOST_TEST(g["id"] == "g1");

  // Always-returned attributes cannot be excluded.
  const json kept = project(group(), ResourceKind::group, {}, {"id", "meta", "displayName"});
  BOOST_TEST(kept["id"] == "g1");
  BOOST_TEST(kept.contains("meta"));
  BOOST_TEST(!kept.contains("displayName"));

  json u = project(user(), ResourceKind::user, {},
                   {"name.familyName", "emails.type",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"});
  BOOST_TEST(u["name"] == json::parse(R"({"givenName": "Barbara"})"));
  BOOST_TEST(u["emails"] ==
             json::parse(R"([{"value": "b@example.com"}, {"value": "b@home.org"}])"));
  BOOST_TEST(u[kEnterpriseUrn] ==
             json::parse(R"({"manager": {"value": "m1", "displayName": "Boss"}})"));

  // Emptying the extension removes it.
  u = project(user(), ResourceKind::user, {}, {"department", "manager"});
  BOOST_TEST(!u.contains(kEnterpriseUrn));
}

BOOST_AUTO_TEST_CASE(sorting) {
  std::vector<json> users = {
      {{"id", "1"}, {"userName", "charlie"}},
      {{"id", "2"}, {"userName", "Alpha"}},
      {{"id", "3"}},
      {{"id", "4"}, {"userName", "bravo"}},
  };
  std::stable_sort(users.begin(), users.end(), [](const json& a, const json& b) {
    return sort_less(a, b, "userName", ResourceKind::user);
  });
  std::vector<std::string> order;
  for (const auto& u : users) order.push_back(u["id"]);
  BOOST_TEST(order == (std::vector<std::string>{"2", "4", "1", "3"}));

  // caseExact attributes sort by bytes: "B" before "a".
  BOOST_TEST(sort_less(json{{"externalId", "B"}}, json{{"externalId", "a"}}, "externalId",
                       ResourceKind::user));
  BOOST_TEST(
      !sort_less(json{{"userName", "B"}}, json{{"userName", "a"}}, "userName", ResourceKind::user));
  // Multi-valued: the primary value decides.
  const json a =
      json::parse(R"({"emails": [{"value": "z@x"}, {"value": "a@x", "primary": true}]})");
  const json b = json::parse(R"({"emails": [{"value": "m@x"}]})");
  BOOST_TEST(sort_less(a, b, "emails", ResourceKind::user));
  BOOST_TEST(!sort_less(b, a, "emails", ResourceKind::user));
  BOOST_TEST(sort_less(a, b, "emails.value", ResourceKind::user));
  BOOST_TEST(!sort_less(b, a, "emails.value", ResourceKind::user));
  BOOST_TEST(sort_less(json{{"meta", {{"lastModified", "2020-01-01T00:00:00Z"}}}},
                       json{{"meta", {{"lastModified", "2021-01-01T00:00:00Z"}}}},
                       "meta.lastModified", ResourceKind::user));
  // Missing on both sides: neither is less.
  BOOST_TEST(!sort_less(json::object(), json::object(), "userName", ResourceKind::user));
  BOOST_TEST(!sort_less(json::object(), json{{"userName", "a"}}, "userName", ResourceKind::user));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace scimcheck::scim
