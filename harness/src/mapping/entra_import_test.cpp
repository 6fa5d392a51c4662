#include <boost/test/unit_test.hpp>

#include "mapping/entra_import.hpp"

using scimcheck::mapping::Json;
namespace mapping = scimcheck::mapping;

namespace {

Json attribute(const std::string& name) { return {{"type", "Attribute"}, {"name", name}}; }
Json constant(const std::string& value) { return {{"type", "Constant"}, {"name", value}}; }
Json param(const std::string& key, Json value) { return {{"key", key}, {"value", std::move(value)}}; }

Json rule(Json user_mappings, Json user_attributes) {
  return {{"synchronizationRules",
           {{{"sourceDirectoryName", "Azure Active Directory"},
             {"targetDirectoryName", "customappsso"},
             {"objectMappings",
              {{{"enabled", true},
                {"sourceObjectName", "User"},
                {"targetObjectName", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"},
                {"attributeMappings", std::move(user_mappings)}}}}}}},
          {"directories",
           {{{"name", "customappsso"},
             {"objects",
              {{{"name", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"},
                {"attributes", std::move(user_attributes)}}}}}}}};
}

Json mapped(const std::string& target, Json source, int priority = 0,
            const std::string& flow = "Always") {
  return {{"targetAttributeName", target},
          {"source", std::move(source)},
          {"matchingPriority", priority},
          {"flowType", flow},
          {"defaultValue", nullptr}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(entra_import_tests)

BOOST_AUTO_TEST_CASE(sources_get_generators_that_fit_them) {
  BOOST_TEST(mapping::generate_value(attribute("userPrincipalName"), "string", false, "").value ==
             Json("scimcheck-{{unique}}@{{profile.domain}}"));
  BOOST_TEST(mapping::generate_value(attribute("objectId"), "string", false, "").value ==
             Json("{{uuid}}"));
  const Json soft = {{"type", "Function"},
                     {"name", "Switch"},
                     {"expression", "Switch([IsSoftDeleted], , \"False\", \"True\", \"True\", \"False\")"},
                     {"parameters", {param("source", attribute("IsSoftDeleted"))}}};
  BOOST_TEST(mapping::generate_value(soft, "boolean", false, "").value == Json(true));
  BOOST_TEST(mapping::generate_value(soft, "boolean", false, "").note.empty());
  const Json join = {{"type", "Function"},
                     {"name", "Join"},
                     {"parameters",
                      {param("separator", constant("\" \"")), param("source", attribute("givenName")),
                       param("source", attribute("surname"))}}};
  BOOST_TEST(mapping::generate_value(join, "string", false, "").value ==
             Json("Given{{unique}} Family{{unique}}"));
  BOOST_TEST(mapping::generate_value(constant("False"), "boolean", false, "").value == Json(false));
  BOOST_TEST(mapping::generate_value(constant("Sales"), "string", false, "").value == Json("Sales"));
}

BOOST_AUTO_TEST_CASE(unknown_expressions_give_a_typed_value_and_a_note) {
  const Json odd = {{"type", "Function"}, {"name", "SingleAppRoleAssignment"},
                    {"expression", "SingleAppRoleAssignment([appRoleAssignments])"}};
  const auto s = mapping::generate_value(odd, "string", false, "");
  BOOST_TEST(s.value.is_string());
  BOOST_TEST(s.note.find("SingleAppRoleAssignment") != std::string::npos);
  const auto d = mapping::generate_value(odd, "string", false, "Employee");
  BOOST_TEST(d.value == Json("Employee"));
  const auto b = mapping::generate_value(odd, "boolean", false, "");
  BOOST_TEST(b.value == Json(true));
  BOOST_TEST(!b.note.empty());
  // A constant that reads as a template is not copied into one.
  BOOST_TEST(mapping::generate_value(constant("{{profile.x}}"), "string", false, "").value ==
             Json("value-{{unique}}"));
}

BOOST_AUTO_TEST_CASE(nesting_beyond_the_bound_is_unknown_not_followed) {
  Json source = attribute("mail");
  for (int i = 0; i < 100; ++i)
    source = {{"type", "Function"}, {"name", "ToLower"}, {"parameters", {param("source", source)}}};
  const auto g = mapping::generate_value(source, "string", false, "");
  BOOST_TEST(g.value == Json("value-{{unique}}"));
  BOOST_TEST(!g.note.empty());
}

BOOST_AUTO_TEST_CASE(matching_flow_types_and_references_come_from_the_schema) {
  const std::string manager = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager";
  const Json schema = rule(
      {mapped("userName", attribute("userPrincipalName"), 1),
       mapped("active", attribute("IsSoftDeleted")),
       mapped("externalId", attribute("objectId"), 0, "ObjectAddOnly"),
       mapped(manager, attribute("manager")),
       mapped("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
              attribute("employeeId")),
       mapped("title", constant("Employee"))},
      {{{"name", "userName"}, {"type", "String"}},
       {{"name", "active"}, {"type", "Boolean"}},
       {{"name", "externalId"}, {"type", "String"}},
       {{"name", manager}, {"type", "Reference"},
        {"referencedObjects", {{{"referencedObjectName", "User"}}}}},
       {{"name", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"},
        {"type", "Integer"}}});
  const auto out = mapping::import_entra_schema(schema, {"acme", "acme.json"});
  BOOST_REQUIRE(!out.profile.is_null());
  const Json& users = out.profile["users"];
  BOOST_TEST(users["matching"] == Json("userName"));
  BOOST_REQUIRE_EQUAL(users["attributes"].size(), 5u);
  // A constant gets a second value for the update checks; a generator needs none.
  BOOST_TEST(users["attributes"][4]["value"] == Json("Employee"));
  BOOST_TEST(users["attributes"][4]["update"] == Json("Employee {{unique}}"));
  BOOST_TEST(!users["attributes"][0].contains("update"));
  BOOST_TEST(users["attributes"][1]["type"] == Json("boolean"));
  BOOST_TEST(users["attributes"][2]["add_only"] == Json(true));
  BOOST_TEST(!users["attributes"][0].contains("add_only"));
  BOOST_TEST(users["attributes"][3]["type"] == Json("reference"));
  BOOST_TEST(!users["attributes"][3].contains("value"));
  const auto& caps = out.profile["capabilities"];
  BOOST_TEST((std::find(caps.begin(), caps.end(), Json("manager")) != caps.end()));
  BOOST_TEST(!out.profile.contains("groups"));
  BOOST_REQUIRE_EQUAL(out.notes.size(), 1u);  // the Integer employeeNumber
  BOOST_TEST(out.notes[0].find("Integer") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_schema_without_a_user_mapping_is_an_error) {
  const auto out = mapping::import_entra_schema(Json::object(), {});
  BOOST_TEST(out.profile.is_null());
  BOOST_TEST(!out.error.empty());
  const auto arr = mapping::import_entra_schema(Json::array(), {});
  BOOST_TEST(!arr.error.empty());
}

BOOST_AUTO_TEST_SUITE_END()
