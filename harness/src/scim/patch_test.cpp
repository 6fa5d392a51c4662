#include "scim/patch.hpp"

#include <boost/test/unit_test.hpp>

namespace scimcheck::scim {
namespace {

using nlohmann::json;

constexpr const char* kBabs = "2819c223-7f76-453a-919d-413861904646";
constexpr const char* kJim = "902c246b-6245-4190-8e05-00816be7344a";

json body(json operations) {
  return {{"schemas", {kPatchOpUrn}}, {"Operations", std::move(operations)}};
}

json user() {
  return json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "id": "2819c223-7f76-453a-919d-413861904646",
    "externalId": "bjensen",
    "userName": "bjensen@example.com",
    "active": true,
    "name": {"givenName": "Barbara", "familyName": "Jensen", "formatted": "Ms. Barbara Jensen"},
    "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
               {"value": "babs@jensen.org", "type": "home"}],
    "addresses": [{"type": "work", "streetAddress": "100 Universal City Plaza",
                   "locality": "Hollywood", "primary": true},
                  {"type": "home", "streetAddress": "456 Hollywood Blvd"}],
    "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z"},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      "employeeNumber": "701984", "department": "Tour Operations"
    }
  })");
}

json group() {
  return json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
    "displayName": "Tour Guides",
    "members": [
      {"value": "2819c223-7f76-453a-919d-413861904646", "display": "Babs Jensen"},
      {"value": "902c246b-6245-4190-8e05-00816be7344a", "display": "Mandy Pepperidge"}
    ]
  })");
}

/// Applies operations that must succeed, and returns the patched resource.
json patched(json resource, json operations, ResourceKind kind = ResourceKind::user,
             const PatchOptions& options = {}) {
  auto error = apply_patch(resource, body(std::move(operations)), kind, options);
  BOOST_TEST_REQUIRE(!error.has_value(), "unexpected error: " << (error ? error->detail : ""));
  return resource;
}

/// Applies operations that must fail; checks the resource is untouched and returns the error.
ScimError refused(const json& resource, json operations, ResourceKind kind = ResourceKind::user,
                  const PatchOptions& options = {}) {
  json copy = resource;
  auto error = apply_patch(copy, body(std::move(operations)), kind, options);
  BOOST_TEST_REQUIRE(error.has_value());
  BOOST_TEST(copy == resource);
  BOOST_TEST(error->status == 400);
  return *error;
}

const json& enterprise(const json& resource) { return resource.at(kEnterpriseUrn); }

PatchOptions strict() {
  PatchOptions options;
  options.case_insensitive_op = false;
  options.string_booleans = false;
  options.remove_members_by_value = false;
  options.filtered_add_creates = false;
  options.dotted_pathless_keys = false;
  options.manager_bare_string = false;
  return options;
}

std::vector<std::string> member_ids(const json& resource) {
  std::vector<std::string> ids;
  if (!resource.contains("members")) return ids;
  for (const auto& member : resource["members"]) ids.push_back(member["value"]);
  return ids;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(patch)

// ---- RFC 7644 §3.5.2 examples -------------------------------------------------------------

BOOST_AUTO_TEST_CASE(rfc_add_member) {
  json g = group();
  g["members"] = json::array({g["members"][1]});
  const json result = patched(g, json::parse(R"([{"op": "add", "path": "members", "value": [
      {"display": "Babs Jensen",
       "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
       "value": "2819c223-7f76-453a-919d-413861904646"}]}])"),
                              ResourceKind::group);
  BOOST_TEST(member_ids(result) == (std::vector<std::string>{kJim, kBabs}));
  BOOST_TEST(result["members"][1]["$ref"] ==
             "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646");
}

BOOST_AUTO_TEST_CASE(rfc_add_without_path) {
  json u = user();
  u.erase("emails");
  const json result = patched(u, json::parse(R"([{"op": "add", "value": {
      "emails": [{"value": "babs@jensen.org", "type": "home"}], "nickname": "Babs"}}])"));
  BOOST_TEST(result["emails"] == json::parse(R"([{"value": "babs@jensen.org", "type": "home"}])"));
  BOOST_TEST(result["nickName"] == "Babs");
  BOOST_TEST(!result.contains("nickname"));
}

BOOST_AUTO_TEST_CASE(rfc_add_appends_and_merges) {
  json result = patched(user(), json::parse(R"([
      {"op": "add", "path": "emails", "value": [{"value": "b@work.example", "type": "other"}]},
      {"op": "add", "path": "name", "value": {"middleName": "Jane", "givenName": "Babs"}}])"));
  BOOST_TEST(result["emails"].size() == 3u);
  BOOST_TEST(result["emails"][2]["value"] == "b@work.example");
  BOOST_TEST(result["name"]["middleName"] == "Jane");
  BOOST_TEST(result["name"]["givenName"] == "Babs");
  BOOST_TEST(result["name"]["familyName"] == "Jensen");

  // Adding a value that is already there changes nothing.
  const json again = patched(result, json::parse(R"([
      {"op": "add", "path": "emails", "value": [{"value": "B@WORK.EXAMPLE", "type": "other"}]}])"));
  BOOST_TEST(again == result);
}

BOOST_AUTO_TEST_CASE(rfc_remove_single_member) {
  const json result = patched(group(), json::parse(R"([{"op": "remove",
      "path": "members[value eq \"2819c223-7f76-453a-919d-413861904646\"]"}])"),
                              ResourceKind::group);
  BOOST_TEST(member_ids(result) == std::vector<std::string>{kJim});
}

BOOST_AUTO_TEST_CASE(rfc_remove_all_members) {
  const json result = patched(group(), json::parse(R"([{"op": "remove", "path": "members"}])"),
                              ResourceKind::group);
  BOOST_TEST(!result.contains("members"));
  BOOST_TEST(result["displayName"] == "Tour Guides");
}

BOOST_AUTO_TEST_CASE(rfc_remove_with_complex_filter) {
  const json result = patched(user(), json::parse(R"([{"op": "remove",
      "path": "emails[type eq \"work\" and value ew \"example.com\"]"}])"));
  BOOST_TEST(result["emails"] == json::parse(R"([{"value": "babs@jensen.org", "type": "home"}])"));

  // The last matching value gone: the attribute is unassigned.
  const json none = patched(result, json::parse(R"([{"op": "remove",
      "path": "emails[type eq \"home\"]"}])"));
  BOOST_TEST(!none.contains("emails"));
}

BOOST_AUTO_TEST_CASE(rfc_remove_then_add_members) {
  const json result = patched(group(), json::parse(R"([
      {"op": "remove", "path": "members[value eq \"2819c223-7f76-453a-919d-413861904646\"]"},
      {"op": "add", "path": "members", "value": [{"display": "James Smith", "value": "08e1d05d"}]}])"),
                              ResourceKind::group);
  BOOST_TEST(member_ids(result) == (std::vector<std::string>{kJim, "08e1d05d"}));
}

BOOST_AUTO_TEST_CASE(rfc_replace_members) {
  const json result = patched(group(), json::parse(R"([{"op": "replace", "path": "members",
      "value": [{"display": "Babs Jensen", "value": "2819c223-7f76-453a-919d-413861904646"},
                {"display": "James Smith", "value": "08e1d05d-121c-4561-8b96-473d93df9210"}]}])"),
                              ResourceKind::group);
  BOOST_TEST(member_ids(result) ==
             (std::vector<std::string>{kBabs, "08e1d05d-121c-4561-8b96-473d93df9210"}));
}

BOOST_AUTO_TEST_CASE(rfc_replace_filtered_value_and_sub_attribute) {
  json result = patched(user(), json::parse(R"([{"op": "replace",
      "path": "addresses[type eq \"work\"]",
      "value": {"type": "work", "streetAddress": "911 Universal City Plaza",
                "locality": "Hollywood", "region": "CA", "postalCode": "91608",
                "country": "US", "formatted": "911 Universal City Plaza\nHollywood, CA 91608 US",
                "primary": true}}])"));
  BOOST_TEST(result["addresses"].size() == 2u);
  BOOST_TEST(result["addresses"][0]["streetAddress"] == "911 Universal City Plaza");
  BOOST_TEST(result["addresses"][0]["postalCode"] == "91608");
  BOOST_TEST(result["addresses"][1]["streetAddress"] == "456 Hollywood Blvd");

  result = patched(result, json::parse(R"([{"op": "replace",
      "path": "addresses[type eq \"work\"].streetAddress", "value": "1010 Broadway Ave"}])"));
  BOOST_TEST(result["addresses"][0]["streetAddress"] == "1010 Broadway Ave");
  BOOST_TEST(result["addresses"][0]["postalCode"] == "91608");
  BOOST_TEST(result["addresses"][1]["streetAddress"] == "456 Hollywood Blvd");
}

BOOST_AUTO_TEST_CASE(rfc_replace_without_path) {
  const json result = patched(user(), json::parse(R"([{"op": "replace", "value": {
      "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                 {"value": "babs@jensen.org", "type": "home"},
                 {"value": "b@example.net", "type": "other"}],
      "nickname": "Babs"}}])"));
  BOOST_TEST(result["emails"].size() == 3u);
  BOOST_TEST(result["nickName"] == "Babs");
  BOOST_TEST(result["userName"] == "bjensen@example.com");
}

BOOST_AUTO_TEST_CASE(rfc_replace_single_and_complex) {
  json result = patched(user(), json::parse(R"([
      {"op": "replace", "path": "userName", "value": "babs"},
      {"op": "replace", "path": "name", "value": {"givenName": "Babs"}},
      {"op": "replace", "path": "title", "value": "Guide"}])"));
  BOOST_TEST(result["userName"] == "babs");
  BOOST_TEST(result["id"] == kBabs);
  // Sub-attributes not named are left alone (RFC 7644 §3.5.2.3).
  BOOST_TEST(result["name"] == json::parse(R"({"givenName": "Babs", "familyName": "Jensen",
                                               "formatted": "Ms. Barbara Jensen"})"));
  BOOST_TEST(result["title"] == "Guide");

  // Replacing with null unassigns.
  result = patched(result, json::parse(R"([{"op": "replace", "path": "title", "value": null}])"));
  BOOST_TEST(!result.contains("title"));
}

BOOST_AUTO_TEST_CASE(rfc_remove_single_valued_and_sub_attribute) {
  json result = patched(user(), json::parse(R"([
      {"op": "remove", "path": "externalId"},
      {"op": "remove", "path": "name.formatted"},
      {"op": "remove", "path": "nickName"}])"));
  BOOST_TEST(!result.contains("externalId"));
  BOOST_TEST(!result["name"].contains("formatted"));
  BOOST_TEST(result["name"]["givenName"] == "Barbara");

  result = patched(result, json::parse(R"([{"op": "remove", "path": "name.givenName"},
                                          {"op": "remove", "path": "name.familyName"}])"));
  BOOST_TEST(!result.contains("name"));
}

// ---- Errors and atomicity ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(errors_per_rfc) {
  const json u = user();
  BOOST_TEST(
      refused(u, json::parse(R"([{"op": "replace", "path": "id", "value": "x"}])")).scim_type ==
      "mutability");
  BOOST_TEST(refused(u, json::parse(R"([{"op": "remove", "path": "meta"}])")).scim_type ==
             "mutability");
  BOOST_TEST(refused(u, json::parse(R"([{"op": "add", "path": "groups",
                                         "value": [{"value": "g1"}]}])"))
                 .scim_type == "mutability");
  BOOST_TEST(refused(u, json::parse(R"([{"op": "replace", "value": {"meta": {"version": "1"}}}])"))
                 .scim_type == "mutability");
  BOOST_TEST(refused(u, json::parse(R"([{"op": "add", "path": "manager.displayName",
                                         "value": "x"}])"))
                 .scim_type == "mutability");
  BOOST_TEST(refused(u, json::parse(R"([{"op": "add", "path": "emails[type eq ", "value": 1}])"))
                 .scim_type == "invalidPath");
  BOOST_TEST(refused(u, json::parse(R"([{"op": "add", "path": "na me", "value": 1}])")).scim_type ==
             "invalidPath");
  BOOST_TEST(refused(u, json::parse(R"([{"op": "remove"}])")).scim_type == "noTarget");
  BOOST_TEST(refused(u, json::parse(R"([{"op": "remove", "path": "emails[type eq \"fax\"]"}])"))
                 .scim_type == "noTarget");
  BOOST_TEST(refused(u, json::parse(R"([{"op": "replace", "path": "active", "value": "maybe"}])"))
                 .scim_type == "invalidValue");
  BOOST_TEST(
      refused(u, json::parse(R"([{"op": "replace", "path": "userName", "value": 5}])")).scim_type ==
      "invalidValue");
  BOOST_TEST(
      refused(u, json::parse(R"([{"op": "add", "path": "name", "value": "Babs"}])")).scim_type ==
      "invalidValue");
  BOOST_TEST(refused(u, json::parse(R"([{"op": "remove", "path": "userName"}])")).scim_type ==
             "invalidValue");
  BOOST_TEST(refused(u, json::parse(R"([{"op": "replace", "path": "userName", "value": null}])"))
                 .scim_type == "invalidValue");
  BOOST_TEST(refused(u, json::parse(R"([{"op": "add", "path": "title"}])")).scim_type ==
             "invalidValue");
  BOOST_TEST(refused(u, json::parse(R"([{"op": "replace", "value": "x"}])")).scim_type ==
             "invalidValue");
  BOOST_TEST(
      refused(u, json::parse(R"([{"op": "copy", "path": "title", "value": "x"}])")).scim_type ==
      "invalidSyntax");
  BOOST_TEST(refused(u, json::parse(R"([{"path": "title", "value": "x"}])")).scim_type ==
             "invalidSyntax");
  BOOST_TEST(refused(u, json::parse(R"([{"op": "remove", "path": "emails[primary gt true]"}])"))
                 .scim_type == "invalidFilter");
  const ScimError error = refused(u, json::array());
  BOOST_TEST(error.scim_type == "invalidSyntax");

  // The body must be a PatchOp message.
  json copy = u;
  auto missing = apply_patch(copy, json{{"Operations", json::array()}}, ResourceKind::user);
  BOOST_TEST_REQUIRE(missing.has_value());
  BOOST_TEST(missing->scim_type == "invalidSyntax");
  BOOST_TEST(apply_patch(copy, json::array(), ResourceKind::user).has_value());
}

BOOST_AUTO_TEST_CASE(readonly_value_sent_back_unchanged_is_accepted) {
  const json u = user();
  const json result = patched(u, json::parse(R"([{"op": "replace", "value": {
      "id": "2819c223-7f76-453a-919d-413861904646", "displayName": "Babs"}}])"));
  BOOST_TEST(result["displayName"] == "Babs");
  BOOST_TEST(result["id"] == kBabs);
  BOOST_TEST(
      refused(u, json::parse(R"([{"op": "replace", "value": {"id": "other"}}])")).scim_type ==
      "mutability");
}

BOOST_AUTO_TEST_CASE(filtered_sub_attribute_remove_and_merge) {
  json result = patched(user(), json::parse(R"([
      {"op": "remove", "path": "emails[type eq \"work\"].primary"},
      {"op": "add", "path": "emails[type eq \"home\"]", "value": {"display": "Home", "primary": true}}])"));
  BOOST_TEST(result["emails"] == json::parse(R"([
      {"value": "bjensen@example.com", "type": "work"},
      {"value": "babs@jensen.org", "type": "home", "display": "Home", "primary": true}])"));
  // Add on a filter that matches nothing creates the described element with the value merged.
  result = patched(result, json::parse(R"([{"op": "Add", "path": "ims[type eq \"xmpp\"]",
                                           "value": {"value": "babs@jabber.org"}}])"));
  BOOST_TEST(result["ims"] == json::parse(R"([{"type": "xmpp", "value": "babs@jabber.org"}])"));
}

BOOST_AUTO_TEST_CASE(sub_attributes_without_filter) {
  // MediusFlow maps the non-standard name.displayName: an unknown sub-attribute is kept.
  json result = patched(user(), json::parse(R"([
      {"op": "Replace", "path": "name.displayName", "value": "Babs J"},
      {"op": "Replace", "path": "emails.display", "value": "mail"}])"));
  BOOST_TEST(result["name"]["displayName"] == "Babs J");
  BOOST_TEST(result["name"]["givenName"] == "Barbara");
  BOOST_TEST(result["emails"][0]["display"] == "mail");
  BOOST_TEST(result["emails"][1]["display"] == "mail");
  // On an unassigned multi-valued attribute the sub-attribute makes one new element.
  json u = user();
  u.erase("emails");
  result = patched(u, json::parse(R"([{"op": "add", "path": "emails.value", "value": "a@b.c"}])"));
  BOOST_TEST(result["emails"] == json::parse(R"([{"value": "a@b.c"}])"));
  result = patched(u, json::parse(R"([{"op": "remove", "path": "emails.value"}])"));
  BOOST_TEST(!result.contains("emails"));
}

BOOST_AUTO_TEST_CASE(error_detail_names_the_operation) {
  const ScimError error = refused(user(), json::parse(R"([
      {"op": "replace", "path": "title", "value": "ok"},
      {"op": "replace", "path": "id", "value": "x"}])"));
  BOOST_TEST(error.detail.rfind("Operations[1]: ", 0) == 0u);
  BOOST_TEST(error.detail.find("'id'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(atomic_on_a_late_failure) {
  const json u = user();
  // refused() also asserts the resource is unchanged after the earlier ops succeeded.
  refused(u, json::parse(R"([
      {"op": "replace", "path": "userName", "value": "changed"},
      {"op": "remove", "path": "emails"},
      {"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
       "value": "m1"},
      {"op": "replace", "path": "active", "value": "perhaps"}])"));
}

// ---- Entra request shapes (entra-contract 1.3, 1.4, 3.14) ----------------------------------

BOOST_AUTO_TEST_CASE(entra_disable_and_enable_flag_off) {
  json result = patched(user(), json::parse(R"([{"op": "Replace", "path": "active",
                                                "value": "False"}])"));
  BOOST_TEST(result["active"] == false);
  BOOST_TEST(result["active"].is_boolean());
  result = patched(result, json::parse(R"([{"op": "Replace", "path": "active",
                                           "value": "True"}])"));
  BOOST_TEST(result["active"] == true);
  // Strict servers refuse both the capitalised op and the string boolean.
  BOOST_TEST(refused(user(), json::parse(R"([{"op": "Replace", "path": "active",
                                               "value": false}])"),
                     ResourceKind::user, strict())
                 .scim_type == "invalidSyntax");
  BOOST_TEST(refused(user(), json::parse(R"([{"op": "replace", "path": "active",
                                               "value": "False"}])"),
                     ResourceKind::user, strict())
                 .scim_type == "invalidValue");
}

BOOST_AUTO_TEST_CASE(entra_disable_flag_on) {
  const json result = patched(user(), json::parse(R"([{"op": "replace", "path": "active",
                                                      "value": false}])"),
                              ResourceKind::user, strict());
  BOOST_TEST(result["active"] == false);
}

BOOST_AUTO_TEST_CASE(entra_update_multi_valued_and_name) {
  const json result = patched(user(), json::parse(R"([
      {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "new@example.com"},
      {"op": "Replace", "path": "name.familyName", "value": "Jensen-Smith"}])"));
  BOOST_TEST(result["emails"][0] ==
             json::parse(R"({"value": "new@example.com", "type": "work", "primary": true})"));
  BOOST_TEST(result["emails"][1]["value"] == "babs@jensen.org");
  BOOST_TEST(result["name"]["familyName"] == "Jensen-Smith");
  BOOST_TEST(result["name"]["givenName"] == "Barbara");
}

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
