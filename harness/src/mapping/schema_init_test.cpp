#include <boost/test/unit_test.hpp>

#include "mapping/schema_init.hpp"

using scimcheck::mapping::Json;
namespace mapping = scimcheck::mapping;

namespace {

const char* kEnterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

Json user_schema() {
  return {{"id", "urn:ietf:params:scim:schemas:core:2.0:User"},
          {"attributes",
           {{{"name", "id"}, {"type", "string"}, {"required", true}, {"mutability", "readOnly"}},
            {{"name", "userName"}, {"type", "string"}, {"required", true}},
            {{"name", "active"}, {"type", "boolean"}},
            {{"name", "name"},
             {"type", "complex"},
             {"required", true},
             {"subAttributes",
              {{{"name", "givenName"}, {"type", "string"}, {"required", true}},
               {{"name", "middleName"}, {"type", "string"}}}}},
            {{"name", "emails"},
             {"type", "complex"},
             {"multiValued", true},
             {"required", true},
             {"subAttributes",
              {{{"name", "value"}, {"type", "string"}}, {{"name", "type"}, {"type", "string"}}}}},
            {{"name", "x509Certificates"}, {"type", "binary"}, {"required", true}}}}};
}

Json list(Json resources) {
  return {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:ListResponse"}},
          {"Resources", std::move(resources)}};
}

std::vector<std::string> paths(const Json& mapping) {
  std::vector<std::string> out;
  for (const auto& a : mapping["attributes"]) out.push_back(a["path"].get<std::string>());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schema_init_tests)

BOOST_AUTO_TEST_CASE(required_user_attributes_are_mapped_and_userName_matches) {
  const Json ext = {{"id", kEnterprise},
                    {"attributes", {{{"name", "employeeNumber"}, {"type", "string"}, {"required", true}}}}};
  const Json types = list({{{"name", "User"},
                            {"endpoint", "/Users"},
                            {"schema", "urn:ietf:params:scim:schemas:core:2.0:User"},
                            {"schemaExtensions", {{{"schema", kEnterprise}, {"required", true}}}}}});
  const auto out = mapping::profile_from_schemas(list({user_schema(), ext}), types, "acme");
  BOOST_REQUIRE(!out.profile.is_null());
  BOOST_TEST(out.profile["users"]["matching"] == Json("userName"));
  const std::vector<std::string> want{"userName", "name.givenName", "emails[type eq \"work\"].value",
                                      "active", std::string(kEnterprise) + ":employeeNumber"};
  BOOST_TEST(paths(out.profile["users"]) == want, boost::test_tools::per_element());
  BOOST_TEST(!out.profile.contains("groups"));
  BOOST_REQUIRE_EQUAL(out.notes.size(), 1u);  // the binary x509Certificates
  BOOST_TEST(out.notes[0].find("x509Certificates") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_group_resource_type_enables_groups) {
  const Json types = list({{{"name", "Group"}, {"endpoint", "/Groups"},
                            {"schema", "urn:ietf:params:scim:schemas:core:2.0:Group"}}});
  const auto out = mapping::profile_from_schemas(Json::array({user_schema()}), types, "acme");
  BOOST_REQUIRE(out.profile.contains("groups"));
  BOOST_TEST(out.profile["groups"]["matching"] == Json("displayName"));
  const auto& caps = out.profile["capabilities"];
  BOOST_TEST((std::find(caps.begin(), caps.end(), Json("memberships")) != caps.end()));
}

BOOST_AUTO_TEST_CASE(hostile_answers_are_bounded_or_refused) {
  BOOST_TEST(!mapping::profile_from_schemas(Json("x"), Json(), "a").error.empty());
  BOOST_TEST(!mapping::profile_from_schemas(list(Json::array()), Json(), "a").error.empty());
  // Many resources before the User schema: only the first ones are read.
  Json many = Json::array();
  for (std::size_t i = 0; i < mapping::kMaxSchemaResources + 5; ++i)
    many.push_back({{"id", "urn:x:" + std::to_string(i)}});
  many.push_back(user_schema());
  const auto out = mapping::profile_from_schemas(list(many), Json(), "a");
  BOOST_TEST(!out.error.empty());
  // An attribute name that is not an ATTRNAME never becomes a path (nor a template).
  Json odd = user_schema();
  odd["attributes"].push_back({{"name", "{{profile.x}}"}, {"type", "string"}, {"required", true}});
  odd["attributes"].push_back({{"name", "a b"}, {"type", "string"}, {"required", true}});
  const auto kept = mapping::profile_from_schemas(list({odd}), Json(), "a");
  for (const auto& p : paths(kept.profile["users"]))
    BOOST_TEST((p.find('{') == std::string::npos && p != "a b"));
}

BOOST_AUTO_TEST_SUITE_END()
