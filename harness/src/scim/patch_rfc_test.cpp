#include "scim/patch_test_support.hpp"

namespace scimcheck::scim {

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

BOOST_AUTO_TEST_SUITE_END()

}  // namespace scimcheck::scim
