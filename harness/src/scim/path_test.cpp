#include "scim/path.hpp"

#include <boost/test/unit_test.hpp>

#include "scim/filter.hpp"

namespace scimcheck::scim {
namespace {

using nlohmann::json;

AttrPath must_parse(std::string_view text) {
  auto parsed = parse_path(text);
  BOOST_TEST_REQUIRE(parsed.error == "");
  BOOST_TEST_REQUIRE(parsed.value.has_value());
  return *parsed.value;
}

json sample_user() {
  return json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "id": "2819c223",
    "userName": "Bjensen",
    "name": {"givenName": "Barbara", "familyName": "Jensen"},
    "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
               {"value": "babs@jensen.org", "type": "home"}],
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      "department": "Tour Operations",
      "manager": {"value": "26118915", "displayName": "John Smith"}
    }
  })");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(path)

BOOST_AUTO_TEST_CASE(simple_and_sub_attribute) {
  AttrPath p = must_parse("userName");
  BOOST_TEST(p.urn == "");
  BOOST_TEST(p.attr == "userName");
  BOOST_TEST(p.sub == "");
  BOOST_TEST(!p.filter);
  BOOST_TEST(p.text == "userName");

  p = must_parse("name.givenName");
  BOOST_TEST(p.attr == "name");
  BOOST_TEST(p.sub == "givenName");

  p = must_parse("members.$ref");
  BOOST_TEST(p.attr == "members");
  BOOST_TEST(p.sub == "$ref");
}

BOOST_AUTO_TEST_CASE(urn_qualified) {
  AttrPath p = must_parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager");
  BOOST_TEST(p.urn == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
  BOOST_TEST(p.attr == "manager");
  BOOST_TEST(p.sub == "");

  p = must_parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value");
  BOOST_TEST(p.urn == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
  BOOST_TEST(p.attr == "manager");
  BOOST_TEST(p.sub == "value");

  p = must_parse("urn:ietf:params:scim:schemas:core:2.0:User:userName");
  BOOST_TEST(p.urn == "urn:ietf:params:scim:schemas:core:2.0:User");
  BOOST_TEST(p.attr == "userName");

  p = must_parse("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName");
  BOOST_TEST(p.attr == "name");
  BOOST_TEST(p.sub == "familyName");

  // A custom extension (MediusFlow) is split the same way.
  p = must_parse("urn:ietf:params:scim:schemas:extension:medius:2.0:User:configurationFilter");
  BOOST_TEST(p.urn == "urn:ietf:params:scim:schemas:extension:medius:2.0:User");
  BOOST_TEST(p.attr == "configurationFilter");

  // The whole extension object is a top-level member named by its URN.
  p = must_parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
  BOOST_TEST(p.urn == "");
  BOOST_TEST(p.attr == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
}

BOOST_AUTO_TEST_CASE(value_filters) {
  AttrPath p = must_parse(R"(emails[type eq "work"])");
  BOOST_TEST(p.attr == "emails");
  BOOST_TEST_REQUIRE(p.filter != nullptr);
  BOOST_TEST(p.sub == "");
  BOOST_TEST(to_string(*p.filter) == R"(type eq "work")");

  p = must_parse(R"(emails[type eq "work"].value)");
  BOOST_TEST(p.attr == "emails");
  BOOST_TEST(p.sub == "value");
  BOOST_TEST(p.text == R"(emails[type eq "work"].value)");

  p = must_parse(R"(members[value eq "2819c223-7f76-453a-919d-413861904646"].displayName)");
  BOOST_TEST(p.attr == "members");
  BOOST_TEST(p.sub == "displayName");

  p = must_parse(R"(addresses[type eq "work" and primary eq true].streetAddress)");
  BOOST_TEST(to_string(*p.filter) == R"(type eq "work" and primary eq true)");

  // A ']' inside a quoted value does not close the filter.
  p = must_parse(R"(emails[value eq "a]b"].type)");
  BOOST_TEST(p.sub == "type");
}

BOOST_AUTO_TEST_CASE(invalid_paths_carry_offsets) {
  struct Case {
    const char* text;
    std::size_t offset;
  };
  const Case cases[] = {
      {"", 0},                                // nothing
      {"1abc", 0},                            // names start with a letter
      {"name.", 5},                           // missing sub-attribute
      {"name.given Name", 10},                // trailing text
      {"emails[type eq \"work\"", 21},        // unclosed bracket
      {"emails[]", 7},                        // empty value filter
      {"emails[type eq]", 14},                // missing value
      {"name.givenName[type eq \"x\"]", 14},  // filter after a sub-attribute
      {"foo:bar", 0},                         // not a URN
      {"urn:ietf:params:scim:schemas:core:2.0:User:", 43},
      {"emails[type eq \"work\"].", 23},
      {"emails[x[y eq 1]]", 8},  // nested value filter
  };
  for (const auto& c : cases) {
    auto parsed = parse_path(c.text);
    BOOST_TEST_CONTEXT("path " << c.text) {
      BOOST_TEST(!parsed);
      BOOST_TEST(!parsed.error.empty());
      BOOST_TEST(parsed.offset == c.offset);
    }
  }
}

BOOST_AUTO_TEST_CASE(select_values) {
  const json user = sample_user();
  auto values = select(user, must_parse("userName"), ResourceKind::user);
  BOOST_TEST_REQUIRE(values.size() == 1u);
  BOOST_TEST(values[0] == "Bjensen");

  values = select(user, must_parse("USERNAME"), ResourceKind::user);
  BOOST_TEST_REQUIRE(values.size() == 1u);

  values = select(user, must_parse("name.givenName"), ResourceKind::user);
  BOOST_TEST_REQUIRE(values.size() == 1u);
  BOOST_TEST(values[0] == "Barbara");

  values = select(user, must_parse("emails.value"), ResourceKind::user);
  BOOST_TEST_REQUIRE(values.size() == 2u);
  BOOST_TEST(values[0] == "bjensen@example.com");
  BOOST_TEST(values[1] == "babs@jensen.org");

  values = select(user, must_parse("emails"), ResourceKind::user);
  BOOST_TEST(values.size() == 2u);

  values = select(user, must_parse(R"(emails[type eq "WORK"].value)"), ResourceKind::user);
  BOOST_TEST_REQUIRE(values.size() == 1u);
  BOOST_TEST(values[0] == "bjensen@example.com");

  values = select(user, must_parse(R"(emails[type eq "other"])"), ResourceKind::user);
  BOOST_TEST(values.empty());

  values =
      select(user, must_parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"),
             ResourceKind::user);
  BOOST_TEST_REQUIRE(values.size() == 1u);
  BOOST_TEST(values[0]["value"] == "26118915");

  values = select(
      user, must_parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"),
      ResourceKind::user);
  BOOST_TEST_REQUIRE(values.size() == 1u);
  BOOST_TEST(values[0] == "26118915");

  values = select(user, must_parse("urn:ietf:params:scim:schemas:core:2.0:User:userName"),
                  ResourceKind::user);
  BOOST_TEST_REQUIRE(values.size() == 1u);
  BOOST_TEST(values[0] == "Bjensen");

  // An unqualified enterprise name on a user resolves to the extension.
  values = select(user, must_parse("department"), ResourceKind::user);
  BOOST_TEST_REQUIRE(values.size() == 1u);
  BOOST_TEST(values[0] == "Tour Operations");
  BOOST_TEST(select(user, must_parse("department"), ResourceKind::group).empty());

  // Unassigned: missing, null, empty array.
  json sparse = {{"title", nullptr}, {"emails", json::array()}};
  BOOST_TEST(select(sparse, must_parse("title")).empty());
  BOOST_TEST(select(sparse, must_parse("emails")).empty());
  BOOST_TEST(select(sparse, must_parse("nickName")).empty());
}

BOOST_AUTO_TEST_CASE(container_urns) {
  BOOST_TEST(container_urn(must_parse("userName"), ResourceKind::user) == "");
  BOOST_TEST(container_urn(must_parse("manager"), ResourceKind::user) == kEnterpriseUrn);
  BOOST_TEST(container_urn(must_parse("urn:ietf:params:scim:schemas:core:2.0:User:userName"),
                           ResourceKind::user) == "");
  BOOST_TEST(container_urn(
                 must_parse("URN:IETF:params:scim:schemas:extension:enterprise:2.0:User:manager"),
                 ResourceKind::user) == kEnterpriseUrn);
  BOOST_TEST(container_urn(must_parse("displayName"), ResourceKind::group) == "");
}

BOOST_AUTO_TEST_CASE(find_member_is_case_insensitive) {
  json object = {{"userName", "a"}, {"Active", true}};
  BOOST_TEST_REQUIRE(find_member(object, "username") != nullptr);
  BOOST_TEST(*find_member(object, "USERNAME") == "a");
  BOOST_TEST(*find_member(object, "active") == true);
  BOOST_TEST(find_member(object, "title") == nullptr);
  BOOST_TEST(find_member(json("text"), "x") == nullptr);
  *find_member(object, "ACTIVE") = false;
  BOOST_TEST(object["Active"] == false);
}

BOOST_AUTO_TEST_CASE(values_equal_rules) {
  BOOST_TEST(values_equal("Bjensen", "bjensen", false));
  BOOST_TEST(!values_equal("Bjensen", "bjensen", true));
  BOOST_TEST(values_equal("Bjensen", "Bjensen", true));
  BOOST_TEST(values_equal(1, 1.0, false));
  BOOST_TEST(!values_equal(1, 2, false));
  BOOST_TEST(!values_equal(1, "1", false));
  BOOST_TEST(values_equal(true, true, false));
  BOOST_TEST(!values_equal(true, "True", false));
  BOOST_TEST(values_equal(true, "True", false, true));
  BOOST_TEST(values_equal("false", false, false, true));
  BOOST_TEST(!values_equal("False", true, false, true));
  BOOST_TEST(!values_equal("yes", true, false, true));
  BOOST_TEST(values_equal(nullptr, nullptr, false));
  BOOST_TEST(values_equal(json{{"Value", "X"}, {"type", "work"}},
                          json{{"type", "WORK"}, {"value", "x"}}, false));
  BOOST_TEST(!values_equal(json{{"value", "X"}}, json{{"value", "x"}}, true));
  BOOST_TEST(!values_equal(json{{"value", "x"}}, json{{"value", "x"}, {"type", "w"}}, false));
  BOOST_TEST(values_equal(json::array({"a", "B"}), json::array({"A", "b"}), false));
  BOOST_TEST(!values_equal(json::array({"a", "b"}), json::array({"b", "a"}), false));
}

BOOST_AUTO_TEST_CASE(case_helpers) {
  BOOST_TEST(iequals("userName", "USERNAME"));
  BOOST_TEST(!iequals("userName", "userNam"));
  BOOST_TEST(fold_case("AbC-1") == "abc-1");
  BOOST_TEST(is_schema_urn("urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"));
  BOOST_TEST(!is_schema_urn("urn:ietf:params:scim:schemas:extension:enterprise:2.0"));
  BOOST_TEST(is_core_urn(kGroupUrn));
  BOOST_TEST(!is_core_urn(kEnterpriseUrn));
}

BOOST_AUTO_TEST_CASE(value_filter_nesting_is_limited) {
  for (std::size_t depth : {std::size_t{64}, std::size_t{10000}}) {
    const std::string text = "emails[" + std::string(depth, '(') + R"(type eq "work")" +
                             std::string(depth, ')') + "]";
    auto parsed = parse_path(text);
    BOOST_TEST(!parsed);
    BOOST_TEST(parsed.error.find("nests deeper than 64") != std::string::npos, parsed.error);
  }
  BOOST_TEST(parse_path("emails[" + std::string(63, '(') + R"(type eq "work")" +
                        std::string(63, ')') + "]")
                 .error == "");
}

BOOST_AUTO_TEST_CASE(remove_selected_takes_out_what_select_finds) {
  const auto removed = [](const char* text, json resource = sample_user()) {
    remove_selected(resource, must_parse(text), ResourceKind::user);
    BOOST_TEST(select(resource, must_parse(text), ResourceKind::user).empty(), text);
    return resource;
  };
  json user = removed("name.givenName");
  BOOST_TEST(user["name"] == json({{"familyName", "Jensen"}}));
  user = removed("emails[type eq \"work\"].value");
  BOOST_TEST(user["emails"].size() == 2u);
  BOOST_TEST(user["emails"][1]["value"] == "babs@jensen.org");
  BOOST_TEST(!user["emails"][0].contains("value"));
  user = removed("emails[type eq \"home\"]");
  BOOST_TEST(user["emails"].size() == 1u);
  user = removed("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager");
  BOOST_TEST(user["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].size() == 1u);
  user = removed("userName");
  BOOST_TEST(!user.contains("userName"));
  json single = sample_user();
  single["emails"] = {{"value", "w@example.com"}, {"type", "work"}};
  user = removed("emails[type eq \"work\"].value", single);
  BOOST_TEST(user["emails"] == json({{"type", "work"}}));
  user = removed("nickName");
  BOOST_TEST(user == sample_user());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace scimcheck::scim
