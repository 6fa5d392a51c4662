#include "scim/patch_test_support.hpp"

namespace scimcheck::scim {

BOOST_AUTO_TEST_SUITE(patch)

BOOST_AUTO_TEST_CASE(entra_add_filtered_value_creates_the_element) {
  json u = user();
  u.erase("emails");
  json result = patched(u, json::parse(R"([{"op": "Add", "path": "emails[type eq \"work\"].value",
                                           "value": "x@example.com"}])"));
  BOOST_TEST(result["emails"] == json::parse(R"([{"type": "work", "value": "x@example.com"}])"));

  // Replace on a missing typed entry also creates it; on an existing one it updates it only.
  result = patched(result, json::parse(R"([
      {"op": "Replace", "path": "emails[type eq \"home\"].value", "value": "h@example.org"},
      {"op": "Add", "path": "emails[type eq \"work\"].value", "value": "y@example.com"}])"));
  BOOST_TEST(result["emails"] == json::parse(R"([{"type": "work", "value": "y@example.com"},
                                                 {"type": "home", "value": "h@example.org"}])"));

  // Sub-attribute names are case-insensitive (emails[type eq "other"].Value).
  result = patched(result, json::parse(R"([{"op": "Add", "path": "emails[type eq \"other\"].Value",
                                           "value": "o@example.org"}])"));
  BOOST_TEST(result["emails"][2] == json::parse(R"({"type": "other", "value": "o@example.org"})"));

  // Without the option an unmatched filter is noTarget (RFC 7644 §3.5.2.3).
  BOOST_TEST(refused(u, json::parse(R"([{"op": "add", "path": "emails[type eq \"work\"].value",
                                         "value": "x"}])"),
                     ResourceKind::user, strict())
                 .scim_type == "noTarget");
  // A filter that does not describe one element cannot create it.
  BOOST_TEST(refused(u, json::parse(R"([{"op": "add", "path": "emails[type ne \"work\"].value",
                                         "value": "x"}])"))
                 .scim_type == "noTarget");
}

BOOST_AUTO_TEST_CASE(entra_add_filtered_phone_and_address) {
  const json result = patched(user(), json::parse(R"([
      {"op": "Add", "path": "phoneNumbers[type eq \"mobile\"].value", "value": "+1 555 0100"},
      {"op": "Add", "path": "addresses[type eq \"work\"].postalCode", "value": "91608"}])"));
  BOOST_TEST(result["phoneNumbers"] ==
             json::parse(R"([{"type": "mobile", "value": "+1 555 0100"}])"));
  BOOST_TEST(result["addresses"][0]["postalCode"] == "91608");
  BOOST_TEST(result["addresses"].size() == 2u);
}

BOOST_AUTO_TEST_CASE(entra_single_valued_and_enterprise) {
  const json result = patched(user(), json::parse(R"([
      {"op": "Replace", "path": "userName", "value": "babs@example.com"},
      {"op": "Add", "path": "nickName", "value": "Babs"},
      {"op": "Replace", "path": "displayName", "value": "Babs Jensen"},
      {"op": "Replace", "path": "externalId", "value": "babs"},
      {"op": "Replace",
       "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
       "value": "Marketing"},
      {"op": "Replace",
       "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
       "value": "42"}])"));
  BOOST_TEST(result["userName"] == "babs@example.com");
  BOOST_TEST(result["nickName"] == "Babs");
  BOOST_TEST(result["displayName"] == "Babs Jensen");
  BOOST_TEST(result["externalId"] == "babs");
  BOOST_TEST(enterprise(result)["department"] == "Marketing");
  BOOST_TEST(enterprise(result)["employeeNumber"] == "42");
  BOOST_TEST(result["id"] == kBabs);
}

BOOST_AUTO_TEST_CASE(entra_enterprise_into_a_user_without_extension) {
  json u = user();
  u.erase(kEnterpriseUrn);
  u["schemas"] = json::array({kUserUrn});
  const json result = patched(u, json::parse(R"([{"op": "Add",
      "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter",
      "value": "4130"}])"));
  BOOST_TEST(enterprise(result)["costCenter"] == "4130");
  BOOST_TEST(result["schemas"] == json({kUserUrn, kEnterpriseUrn}));
}

BOOST_AUTO_TEST_CASE(entra_manager_shapes) {
  const char* urn_path = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager";
  // Observed traffic: a bare id.
  json result =
      patched(user(), json::array({{{"op", "Add"}, {"path", urn_path}, {"value", "26118915"}}}));
  BOOST_TEST(enterprise(result)["manager"] == json({{"value", "26118915"}}));
  // Validator: {"value": id}; replaces the whole reference.
  result = patched(
      result, json::array({{{"op", "replace"}, {"path", urn_path}, {"value", {{"value", "m2"}}}}}));
  BOOST_TEST(enterprise(result)["manager"] == json({{"value", "m2"}}));
  // Tutorial sample: unqualified "manager" with a one-element array and a $ref.
  result = patched(result, json::parse(R"([{"op": "Add", "path": "manager", "value": [
      {"$ref": "https://example.com/Users/m3", "value": "m3"}]}])"));
  BOOST_TEST(enterprise(result)["manager"] ==
             json::parse(R"({"$ref": "https://example.com/Users/m3", "value": "m3"})"));
  BOOST_TEST(!result.contains("manager"));
  // manager.value on its own.
  result = patched(
      result,
      json::array(
          {{{"op", "replace"}, {"path", std::string(urn_path) + ".value"}, {"value", "m4"}}}));
  BOOST_TEST(enterprise(result)["manager"]["value"] == "m4");
  // Removal with the URN path.
  json removed = patched(result, json::array({{{"op", "Remove"}, {"path", urn_path}}}));
  BOOST_TEST(!enterprise(removed).contains("manager"));
  BOOST_TEST(enterprise(removed)["department"] == "Tour Operations");
  // Removal as a replace with an empty value.
  removed = patched(result, json::array({{{"op", "Replace"}, {"path", urn_path}, {"value", ""}}}));
  BOOST_TEST(!enterprise(removed).contains("manager"));
  // A strict server refuses the bare string.
  BOOST_TEST(refused(user(), json::array({{{"op", "add"}, {"path", urn_path}, {"value", "m"}}}),
                     ResourceKind::user, strict())
                 .scim_type == "invalidValue");
}

BOOST_AUTO_TEST_CASE(entra_roles_stringified) {
  const json result = patched(user(), json::parse(R"([{"op": "Add", "path": "roles", "value": [
      {"value": "{\"id\":\"r1\",\"value\":\"Admin\",\"displayName\":\"Admin\"}"}]}])"));
  BOOST_TEST_REQUIRE(result["roles"].size() == 1u);
  BOOST_TEST(result["roles"][0]["value"] ==
             "{\"id\":\"r1\",\"value\":\"Admin\",\"displayName\":\"Admin\"}");
}

BOOST_AUTO_TEST_CASE(entra_pathless_replace_with_flat_keys) {
  const json result = patched(user(), json::parse(R"([{"op": "replace", "value": {
      "displayName": "Babs",
      "name.givenName": "Babs",
      "name.familyName": "Jensen-Smith",
      "active": false,
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "99",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Sales"}}])"));
  BOOST_TEST(result["displayName"] == "Babs");
  BOOST_TEST(result["name"]["givenName"] == "Babs");
  BOOST_TEST(result["name"]["familyName"] == "Jensen-Smith");
  BOOST_TEST(result["name"]["formatted"] == "Ms. Barbara Jensen");
  BOOST_TEST(result["active"] == false);
  BOOST_TEST(enterprise(result)["employeeNumber"] == "99");
  BOOST_TEST(enterprise(result)["department"] == "Sales");
  BOOST_TEST(!result.contains("name.givenName"));

  // Without the option the keys are taken literally, as an RFC-only server would.
  const json literal = patched(user(), json::parse(R"([{"op": "replace", "value": {
      "name.givenName": "Babs"}}])"),
                               ResourceKind::user, strict());
  BOOST_TEST(literal["name"]["givenName"] == "Barbara");
  BOOST_TEST(literal["name.givenName"] == "Babs");
}

BOOST_AUTO_TEST_CASE(pathless_extension_object) {
  const json result = patched(user(), json::parse(R"([{"op": "replace", "value": {
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
        "department": "Sales", "manager": "m9"}}}])"));
  BOOST_TEST(enterprise(result)["department"] == "Sales");
  BOOST_TEST(enterprise(result)["employeeNumber"] == "701984");
  BOOST_TEST(enterprise(result)["manager"] == json({{"value", "m9"}}));

  // A path naming the whole extension works the same way.
  const json via_path = patched(user(), json::parse(R"([{"op": "add",
      "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      "value": {"division": "West"}}])"));
  BOOST_TEST(enterprise(via_path)["division"] == "West");
  BOOST_TEST(enterprise(via_path)["department"] == "Tour Operations");
}

BOOST_AUTO_TEST_CASE(validator_pathless_shapes) {
  json result = patched(user(), json::parse(R"([{"op": "replace",
      "value": {"userName": "renamed@example.com"}}])"));
  BOOST_TEST(result["userName"] == "renamed@example.com");
  const json g = patched(group(), json::parse(R"([
      {"op": "replace", "value": {"displayName": "Guides"}},
      {"op": "replace", "value": {"externalId": "ext-1"}}])"),
                         ResourceKind::group);
  BOOST_TEST(g["displayName"] == "Guides");
  BOOST_TEST(g["externalId"] == "ext-1");
  BOOST_TEST(member_ids(g).size() == 2u);
}

BOOST_AUTO_TEST_CASE(entra_group_displayname) {
  const json g = patched(group(), json::parse(R"([{"op": "Replace", "path": "displayName",
                                                  "value": "Guides 2"}])"),
                         ResourceKind::group);
  BOOST_TEST(g["displayName"] == "Guides 2");
}

BOOST_AUTO_TEST_CASE(entra_add_members_without_duplicates) {
  json g = group();
  g.erase("members");
  json result = patched(g, json::parse(R"([{"op": "Add", "path": "members", "value": [
      {"$ref": null, "value": "u1"}, {"$ref": null, "value": "u2"}]}])"),
                        ResourceKind::group);
  BOOST_TEST(result["members"] == json::parse(R"([{"value": "u1"}, {"value": "u2"}])"));
  // Adding an existing member succeeds and changes nothing.
  result = patched(result, json::parse(R"([{"op": "Add", "path": "members", "value": [
      {"$ref": null, "value": "u2"}, {"$ref": null, "value": "u3"}]}])"),
                   ResourceKind::group);
  BOOST_TEST(member_ids(result) == (std::vector<std::string>{"u1", "u2", "u3"}));
}

BOOST_AUTO_TEST_CASE(entra_remove_listed_members_flag_off) {
  const json result = patched(group(), json::parse(R"([{"op": "Remove", "path": "members",
      "value": [{"$ref": null, "value": "2819c223-7f76-453a-919d-413861904646"}]}])"),
                              ResourceKind::group);
  BOOST_TEST(member_ids(result) == std::vector<std::string>{kJim});
  // The S2 sample omits $ref.
  const json last = patched(result, json::parse(R"([{"op": "Remove", "path": "members",
      "value": [{"value": "902c246b-6245-4190-8e05-00816be7344a"}]}])"),
                            ResourceKind::group);
  BOOST_TEST(!last.contains("members"));
  // RFC semantics (option off): the value is ignored and every member goes.
  PatchOptions rfc;
  rfc.remove_members_by_value = false;
  const json wiped = patched(group(), json::parse(R"([{"op": "remove", "path": "members",
      "value": [{"value": "2819c223-7f76-453a-919d-413861904646"}]}])"),
                             ResourceKind::group, rfc);
  BOOST_TEST(!wiped.contains("members"));
}

BOOST_AUTO_TEST_CASE(entra_remove_member_flag_on) {
  const json result = patched(group(), json::parse(R"([{"op": "remove",
      "path": "members[value eq \"902c246b-6245-4190-8e05-00816be7344a\"]"}])"),
                              ResourceKind::group, strict());
  BOOST_TEST(member_ids(result) == std::vector<std::string>{kBabs});
}

BOOST_AUTO_TEST_CASE(primary_stays_unique) {
  const json result = patched(user(), json::parse(R"([{"op": "add", "path": "emails",
      "value": [{"value": "new@example.com", "type": "other", "primary": "True"}]}])"));
  BOOST_TEST(result["emails"][0]["primary"] == false);
  BOOST_TEST(result["emails"][2]["primary"] == true);
}

// ---- normalise_resource ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(normalise_entra_create_body) {
  json created = json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "userName": "Test_User_ab6490ee", "active": "True", "title": null,
    "addresses": null,
    "emails": [{"primary": "true", "type": "work", "value": "t@example.com"}],
    "roles": [{"primary": "True", "type": "WindowsAzureActiveDirectoryRole", "value": "Admin"}],
    "name": {"formatted": "Test User", "familyName": null},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      "manager": "m1", "department": null}
  })");
  normalise_resource(created, ResourceKind::user);
  BOOST_TEST(created == json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "userName": "Test_User_ab6490ee", "active": true,
    "emails": [{"primary": true, "type": "work", "value": "t@example.com"}],
    "roles": [{"primary": true, "type": "WindowsAzureActiveDirectoryRole", "value": "Admin"}],
    "name": {"formatted": "Test User"},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "m1"}}
  })"));

  // Options off: string booleans and bare managers are kept as sent; nulls still go.
  json raw = json::parse(R"({"active": "True", "title": null,
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": "m1"}})");
  normalise_resource(raw, ResourceKind::user, strict());
  BOOST_TEST(raw == json::parse(R"({"active": "True",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": "m1"}})"));
}

BOOST_AUTO_TEST_CASE(normalise_group_members) {
  json g = json::parse(R"({"displayName": "G", "members": [{"$ref": null, "value": "u1"}, null]})");
  normalise_resource(g, ResourceKind::group);
  BOOST_TEST(g == json::parse(R"({"displayName": "G", "members": [{"value": "u1"}]})"));
}

BOOST_AUTO_TEST_CASE(deep_values_are_refused_before_any_walk) {
  // nlohmann parses and destroys iteratively, so a 100,000-deep value can reach apply_patch;
  // dropping its nulls or copying it recursively would overflow the stack. The values are
  // built as text: building them in code would copy them recursively.
  const std::size_t depth = 100000;
  const std::string deep = std::string(depth, '[') + "null" + std::string(depth, ']');
  const std::string head =
      std::string(R"({"schemas": [")") + kPatchOpUrn + R"("], "Operations": [)";
  for (const std::string& op :
       {R"({"op": "add", "path": "urn:example:acme:2.0:User:deep", "value": )" + deep + "}",
        R"({"op": "replace", "path": "nickName", "value": )" + deep + "}",
        R"({"op": "add", "value": {"x-deep": )" + deep + "}}"}) {
    const json patch = json::parse(head + op + "]}");
    json target = user();
    auto problem = apply_patch(target, patch, ResourceKind::user);
    BOOST_TEST_REQUIRE(problem.has_value());
    BOOST_TEST(problem->status == 400);
    BOOST_TEST(problem->scim_type == "invalidSyntax");
    BOOST_TEST(target == user());
  }
}

BOOST_AUTO_TEST_CASE(normalise_drops_nulls_only_down_to_the_nesting_limit) {
  const std::size_t depth = 100000;
  json resource = json::parse(R"({"userName": "u", "x-shallow": {"a": null}, "x-deep": )" +
                              std::string(depth, '[') + "null" + std::string(depth, ']') + "}");
  normalise_resource(resource, ResourceKind::user);
  BOOST_TEST(resource["x-shallow"] == json::object());
  BOOST_TEST(resource["x-deep"].is_array());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace scimcheck::scim
