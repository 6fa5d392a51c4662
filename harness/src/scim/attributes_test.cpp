#include "scim/attributes.hpp"

#include <boost/test/unit_test.hpp>

#include "scim/error.hpp"

namespace scimcheck::scim {
namespace {

const nlohmann::json* attribute_named(const nlohmann::json& list, const std::string& name) {
  for (const auto& item : list) {
    if (item.at("name") == name) return &item;
  }
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(attributes)

BOOST_AUTO_TEST_CASE(three_schemas) {
  const auto& all = schemas();
  BOOST_TEST_REQUIRE(all.size() == 3u);
  BOOST_TEST(all[0].id == kUserUrn);
  BOOST_TEST(all[1].id == kEnterpriseUrn);
  BOOST_TEST(all[2].id == kGroupUrn);
}

BOOST_AUTO_TEST_CASE(core_user_characteristics) {
  const AttributeDef* user_name = find_attribute(ResourceKind::user, "", "USERNAME");
  BOOST_TEST_REQUIRE(user_name != nullptr);
  BOOST_TEST(user_name->name == "userName");
  BOOST_TEST(user_name->required);
  BOOST_TEST(!user_name->case_exact);
  BOOST_TEST(static_cast<int>(user_name->uniqueness) == static_cast<int>(Uniqueness::server));

  const AttributeDef* password = find_attribute(ResourceKind::user, kUserUrn, "password");
  BOOST_TEST_REQUIRE(password != nullptr);
  BOOST_TEST(static_cast<int>(password->returned) == static_cast<int>(Returned::never));
  BOOST_TEST(static_cast<int>(password->mutability) == static_cast<int>(Mutability::write_only));

  const AttributeDef* active = find_attribute(ResourceKind::user, "", "active");
  BOOST_TEST_REQUIRE(active != nullptr);
  BOOST_TEST(static_cast<int>(active->type) == static_cast<int>(AttrType::boolean));

  const AttributeDef* emails = find_attribute(ResourceKind::user, "", "emails");
  BOOST_TEST_REQUIRE(emails != nullptr);
  BOOST_TEST(emails->multi_valued);
  BOOST_TEST(static_cast<int>(emails->type) == static_cast<int>(AttrType::complex));
  const AttributeDef* primary = find_attribute(ResourceKind::user, "", "emails", "Primary");
  BOOST_TEST_REQUIRE(primary != nullptr);
  BOOST_TEST(static_cast<int>(primary->type) == static_cast<int>(AttrType::boolean));
  const AttributeDef* type = find_attribute(ResourceKind::user, "", "emails", "type");
  BOOST_TEST_REQUIRE(type != nullptr);
  BOOST_TEST(type->canonical_values.size() == 3u);

  BOOST_TEST(find_attribute(ResourceKind::user, "", "addresses", "postalCode") != nullptr);
  BOOST_TEST(find_attribute(ResourceKind::user, "", "name", "honorificSuffix") != nullptr);
  BOOST_TEST((find_attribute(ResourceKind::user, "", "x509Certificates", "value")->type ==
              AttrType::binary));

  const AttributeDef* groups = find_attribute(ResourceKind::user, "", "groups");
  BOOST_TEST_REQUIRE(groups != nullptr);
  BOOST_TEST(static_cast<int>(groups->mutability) == static_cast<int>(Mutability::read_only));
  BOOST_TEST(find_attribute(ResourceKind::user, "", "groups", "$ref") != nullptr);

  BOOST_TEST(find_attribute(ResourceKind::user, "", "nosuch") == nullptr);
  BOOST_TEST(find_attribute(ResourceKind::user, "", "name", "nosuch") == nullptr);
  BOOST_TEST(find_attribute(ResourceKind::user, "urn:example:unknown", "userName") == nullptr);
}

BOOST_AUTO_TEST_CASE(common_attributes_for_every_kind) {
  for (ResourceKind kind : {ResourceKind::user, ResourceKind::group, ResourceKind::other}) {
    const AttributeDef* id = find_attribute(kind, "", "id");
    BOOST_TEST_REQUIRE(id != nullptr);
    BOOST_TEST(id->case_exact);
    BOOST_TEST(static_cast<int>(id->returned) == static_cast<int>(Returned::always));
    BOOST_TEST(static_cast<int>(id->mutability) == static_cast<int>(Mutability::read_only));
    BOOST_TEST(is_case_exact(kind, "", "externalId"));
    BOOST_TEST(find_attribute(kind, "", "meta", "lastModified") != nullptr);
    BOOST_TEST((find_attribute(kind, "", "meta", "lastModified")->type == AttrType::datetime));
  }
  BOOST_TEST(find_attribute(ResourceKind::user, kUserUrn, "id") != nullptr);
  BOOST_TEST(find_attribute(ResourceKind::group, kGroupUrn, "externalId") != nullptr);
}

BOOST_AUTO_TEST_CASE(enterprise_and_group) {
  const AttributeDef* manager = find_attribute(
      ResourceKind::user, "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER", "manager");
  BOOST_TEST_REQUIRE(manager != nullptr);
  BOOST_TEST(static_cast<int>(manager->type) == static_cast<int>(AttrType::complex));
  BOOST_TEST(!manager->multi_valued);
  const AttributeDef* display =
      find_attribute(ResourceKind::user, kEnterpriseUrn, "manager", "displayName");
  BOOST_TEST_REQUIRE(display != nullptr);
  BOOST_TEST(static_cast<int>(display->mutability) == static_cast<int>(Mutability::read_only));
  // Unqualified names fall back to the extension for users only.
  BOOST_TEST(find_attribute(ResourceKind::user, "", "department") != nullptr);
  BOOST_TEST(find_attribute(ResourceKind::group, "", "department") == nullptr);

  const AttributeDef* display_name = find_attribute(ResourceKind::group, "", "displayName");
  BOOST_TEST_REQUIRE(display_name != nullptr);
  BOOST_TEST(display_name->required);
  const AttributeDef* value = find_attribute(ResourceKind::group, "", "members", "value");
  BOOST_TEST_REQUIRE(value != nullptr);
  BOOST_TEST(static_cast<int>(value->mutability) == static_cast<int>(Mutability::immutable));
  BOOST_TEST(find_attribute(ResourceKind::group, "", "userName") == nullptr);
  BOOST_TEST(!is_case_exact(ResourceKind::group, "", "displayName"));
  BOOST_TEST(!is_case_exact(ResourceKind::group, "", "unknown"));
}

BOOST_AUTO_TEST_CASE(schema_document_shape) {
  const auto doc = schema_document(schemas()[0], "https://example.com/scim/");
  BOOST_TEST(doc["schemas"][0] == "urn:ietf:params:scim:schemas:core:2.0:Schema");
  BOOST_TEST(doc["id"] == kUserUrn);
  BOOST_TEST(doc["name"] == "User");
  BOOST_TEST(doc["meta"]["resourceType"] == "Schema");
  BOOST_TEST(doc["meta"]["location"] ==
             "https://example.com/scim/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");
  const auto* user_name = attribute_named(doc["attributes"], "userName");
  BOOST_TEST_REQUIRE(user_name != nullptr);
  BOOST_TEST((*user_name)["type"] == "string");
  BOOST_TEST((*user_name)["multiValued"] == false);
  BOOST_TEST((*user_name)["required"] == true);
  BOOST_TEST((*user_name)["caseExact"] == false);
  BOOST_TEST((*user_name)["mutability"] == "readWrite");
  BOOST_TEST((*user_name)["returned"] == "default");
  BOOST_TEST((*user_name)["uniqueness"] == "server");
  BOOST_TEST(!(*user_name)["description"].get<std::string>().empty());
  const auto* password = attribute_named(doc["attributes"], "password");
  BOOST_TEST_REQUIRE(password != nullptr);
  BOOST_TEST((*password)["mutability"] == "writeOnly");
  BOOST_TEST((*password)["returned"] == "never");
  const auto* emails = attribute_named(doc["attributes"], "emails");
  BOOST_TEST_REQUIRE(emails != nullptr);
  BOOST_TEST((*emails)["type"] == "complex");
  BOOST_TEST((*emails)["multiValued"] == true);
  const auto* type = attribute_named((*emails)["subAttributes"], "type");
  BOOST_TEST_REQUIRE(type != nullptr);
  BOOST_TEST((*type)["canonicalValues"] == nlohmann::json({"work", "home", "other"}));
  const auto* profile = attribute_named(doc["attributes"], "profileUrl");
  BOOST_TEST((*profile)["referenceTypes"] == nlohmann::json({"external"}));
  // No nulls anywhere (Entra refuses them).
  BOOST_TEST(doc.dump().find("null") == std::string::npos);

  const auto enterprise = schema_document(schemas()[1], "http://h");
  const auto* manager = attribute_named(enterprise["attributes"], "manager");
  BOOST_TEST_REQUIRE(manager != nullptr);
  BOOST_TEST((*manager)["subAttributes"].size() == 3u);
  BOOST_TEST(enterprise["meta"]["location"] == std::string("http://h/Schemas/") + kEnterpriseUrn);
}

BOOST_AUTO_TEST_CASE(error_body) {
  ScimError error{409, "uniqueness", "userName is taken"};
  BOOST_TEST(error.to_json() == nlohmann::json::parse(R"({
      "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
      "status": "409", "scimType": "uniqueness", "detail": "userName is taken"})"));
  ScimError not_found{404, "", "no such user"};
  BOOST_TEST(not_found.to_json().contains("scimType") == false);
  BOOST_TEST(not_found.to_json()["status"] == "404");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace scimcheck::scim
