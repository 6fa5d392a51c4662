#include <boost/test/unit_test.hpp>

#include "check/drift.hpp"

using namespace scimcheck;
using check::DriftKind;
using nlohmann::json;

namespace {

constexpr const char* kEnterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const json kSchemas = json::parse(R"({
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 3,
  "Resources": [
    {"id": "urn:ietf:params:scim:schemas:core:2.0:User", "attributes": [
      {"name": "userName", "type": "string", "multiValued": false, "required": true},
      {"name": "active", "type": "boolean", "multiValued": false},
      {"name": "password", "type": "string", "returned": "never"},
      {"name": "loginCount", "type": "integer"},
      {"name": "score", "type": "decimal"},
      {"name": "lastLogin", "type": "dateTime"},
      {"name": "profileUrl", "type": "reference"},
      {"name": "emails", "type": "complex", "multiValued": true, "subAttributes": [
        {"name": "value", "type": "string"}, {"name": "primary", "type": "boolean"},
        {"name": "type", "type": "string"}]},
      {"name": "name", "type": "complex", "subAttributes": [
        {"name": "givenName", "type": "string"}]},
      {"name": "groups", "type": "complex", "multiValued": true, "mutability": "readOnly",
       "subAttributes": [{"name": "value", "type": "string", "mutability": "readOnly"}]},
      {"name": "verified", "type": "boolean", "mutability": "readOnly"}]},
    {"id": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "attributes": [
      {"name": "department", "type": "string"},
      {"name": "manager", "type": "complex", "subAttributes": [
        {"name": "value", "type": "string"}, {"name": "$ref", "type": "reference"}]}]},
    {"id": "urn:example:custom:1.0:User", "attributes": [
      {"name": "costCenter", "type": "string", "required": true},
      {"name": "badge", "type": "string", "mutability": "readOnly"}]}]})");

check::ServerSchemas declared() {
  std::string why;
  auto s = check::read_server_schemas(kSchemas, &why);
  BOOST_TEST_REQUIRE(s.has_value(), why);
  return *s;
}

json user(json extra = json::object()) {
  json u = {{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:User"}},
            {"id", "1"},
            {"meta", {{"resourceType", "User"}}},
            {"userName", "bjensen"},
            {"active", true},
            {"loginCount", 3},
            {"score", 2.5},
            {"lastLogin", "2026-01-01T10:00:00Z"},
            {"profileUrl", "https://example.com/u/1"},
            {"emails", {{{"value", "b@example.com"}, {"primary", true}}}},
            {"name", {{"givenName", "Barbara"}}}};
  for (const auto& [k, v] : extra.items()) u[k] = v;
  return u;
}

std::vector<check::Drift> drift(const json& resource, bool required = true) {
  const auto found = check::drift_of(resource, declared(), required);
  BOOST_TEST_REQUIRE(found.has_value());
  return *found;
}

void expect_one(const json& resource, DriftKind kind, const std::string& attribute) {
  const auto found = drift(resource);
  BOOST_TEST_REQUIRE(found.size() == 1u);
  BOOST_TEST(check::to_string(found[0].kind) == check::to_string(kind));
  BOOST_TEST(found[0].attribute == attribute);
  BOOST_TEST(!found[0].declaration.empty());
  BOOST_TEST(!found[0].seen.empty());
}

}  // namespace

BOOST_AUTO_TEST_CASE(drift_a_user_as_declared_has_none) { BOOST_TEST(drift(user()).empty()); }

BOOST_AUTO_TEST_CASE(drift_undeclared_attribute_and_sub_attribute) {
  expect_one(user({{"nickName", "Babs"}}), DriftKind::undeclared, "nickName");
  expect_one(user({{"name", {{"givenName", "B"}, {"middleName", "J"}}}}), DriftKind::undeclared,
             "name.middleName");
}

BOOST_AUTO_TEST_CASE(drift_attribute_names_are_case_insensitive) {
  BOOST_TEST(drift(user({{"USERNAME", "x"}})).empty());
}

BOOST_AUTO_TEST_CASE(drift_each_type) {
  expect_one(user({{"active", "true"}}), DriftKind::type, "active");
  expect_one(user({{"loginCount", 3.5}}), DriftKind::type, "loginCount");
  expect_one(user({{"score", "2.5"}}), DriftKind::type, "score");
  expect_one(user({{"lastLogin", "yesterday"}}), DriftKind::type, "lastLogin");
  expect_one(user({{"profileUrl", 7}}), DriftKind::type, "profileUrl");
  expect_one(user({{"userName", 12}}), DriftKind::type, "userName");
  expect_one(user({{"name", "Barbara"}}), DriftKind::type, "name");
  expect_one(user({{"emails", {{{"value", "a"}, {"primary", "yes"}}}}}), DriftKind::type,
             "emails.primary");
  BOOST_TEST(drift(user({{"score", 3}})).empty());  // an integer is a decimal
}

BOOST_AUTO_TEST_CASE(drift_multi_valued_as_declared) {
  expect_one(user({{"emails", {{"value", "a"}}}}), DriftKind::multi_valued, "emails");
  expect_one(user({{"active", {true}}}), DriftKind::multi_valued, "active");
}

BOOST_AUTO_TEST_CASE(drift_returned_never_is_a_must) {
  const auto found = drift(user({{"password", "secret"}}));
  BOOST_TEST_REQUIRE(found.size() == 1u);
  BOOST_TEST(check::to_string(found[0].kind) == std::string("returned never"));
  BOOST_TEST(found[0].must);
  BOOST_TEST(drift(user({{"password", nullptr}})).empty());  // unassigned
}

BOOST_AUTO_TEST_CASE(drift_required_present_unless_left_out_on_purpose) {
  json u = user();
  u.erase("userName");
  expect_one(u, DriftKind::required, "userName");
  BOOST_TEST(drift(u, false).empty());
}

BOOST_AUTO_TEST_CASE(drift_extensions_by_their_urn) {
  BOOST_TEST(drift(user({{kEnterprise, {{"department", "Sales"},
                                        {"manager", {{"value", "2"}, {"$ref", "../Users/2"}}}}}}))
                 .empty());
  expect_one(user({{kEnterprise, {{"division", "X"}}}}), DriftKind::undeclared,
             std::string(kEnterprise) + ":division");
  expect_one(user({{kEnterprise, {{"manager", "2"}}}}), DriftKind::type,
             std::string(kEnterprise) + ":manager");
  expect_one(user({{"urn:example:unknown:1.0:User", {{"a", 1}}}}), DriftKind::undeclared,
             "urn:example:unknown:1.0:User");
  // A custom extension's required attribute is judged when the extension is present.
  expect_one(user({{"urn:example:custom:1.0:User", json::object()}}), DriftKind::required,
             "urn:example:custom:1.0:User:costCenter");
}

BOOST_AUTO_TEST_CASE(drift_a_resource_of_an_undeclared_core_schema_is_not_judged) {
  json u = user({{"nickName", "x"}});
  u["schemas"] = {"urn:ietf:params:scim:schemas:core:2.0:Group"};
  BOOST_TEST(!check::drift_of(u, declared()).has_value());
}

BOOST_AUTO_TEST_CASE(drift_resources_of_a_list_and_of_a_single_answer) {
  const json list = {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:ListResponse"}},
                     {"Resources", {user(), user()}}};
  BOOST_TEST(check::resources_in(list).size() == 2u);
  BOOST_TEST(check::resources_in(user()).size() == 1u);
  BOOST_TEST(check::resources_in(json::array()).empty());
}

BOOST_AUTO_TEST_CASE(drift_unusable_schemas_say_why) {
  std::string why;
  BOOST_TEST(!check::read_server_schemas(json::object(), &why));
  BOOST_TEST(!why.empty());
  BOOST_TEST(!check::read_server_schemas(json::parse(R"({"Resources": [{"id": 1}]})"), &why));
  BOOST_TEST(!check::read_server_schemas("text", &why));
}

BOOST_AUTO_TEST_CASE(drift_hostile_inputs_are_bounded) {
  // Huge arrays: the declarations and the values read are capped, findings stay one each.
  json many = json::array();
  for (int i = 0; i < 5000; ++i) many.push_back({{"value", "v"}, {"primary", "no"}});
  const auto found = drift(user({{"emails", many}}));
  BOOST_TEST(found.size() == 1u);
  json schemas = {{"Resources", json::array()}};
  for (int i = 0; i < 1000; ++i)
    schemas["Resources"].push_back({{"id", "urn:x:" + std::to_string(i)},
                                    {"attributes", json::array()}});
  std::string why;
  const auto read = check::read_server_schemas(schemas, &why);
  BOOST_TEST_REQUIRE(read.has_value());
  BOOST_TEST(read->by_urn.size() == check::kMaxDeclaredSchemas);
  // Deep nesting: an undeclared value nested 2000 deep is summed up, not walked.
  json deep = "x";
  for (int i = 0; i < 2000; ++i) deep = json::array({deep});
  const auto deep_found = drift(user({{"nickName", deep}}));
  BOOST_TEST_REQUIRE(deep_found.size() == 1u);
  BOOST_TEST(deep_found[0].seen.size() <= check::kMaxSeenChars + 3);
  // A declared sub-attribute list nested deeper than one level is not read further.
  json nested = {{"name", "a"}, {"type", "complex"}};
  for (int i = 0; i < 100; ++i)
    nested = {{"name", "a"}, {"type", "complex"}, {"subAttributes", {nested}}};
  const auto nested_read = check::read_server_schemas(
      json{{"Resources", {{{"id", "urn:y"}, {"attributes", {nested}}}}}}, &why);
  BOOST_TEST_REQUIRE(nested_read.has_value());
  BOOST_TEST(nested_read->find("urn:y")->attributes[0].sub_attributes[0].sub_attributes.empty());
}

namespace {

constexpr const char* kCustom = "urn:example:custom:1.0:User";

std::vector<std::string> taken(const json& sent, const json& returned,
                               const json* before = nullptr) {
  std::vector<std::string> out;
  for (const auto& d : check::read_only_taken(sent, returned, before, declared())) {
    BOOST_TEST(check::to_string(d.kind) == std::string("readOnly taken from the request"));
    BOOST_TEST(d.must);
    BOOST_TEST(d.declaration.find("mutability readOnly") == 0u);
    out.push_back(d.attribute);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(drift_read_only_values_echoed_from_the_request) {
  const json sent = {{"id", "client-7"},
                     {"userName", "bjensen"},
                     {"meta", {{"created", "2001-01-01T00:00:00Z"}}},
                     {"groups", {{{"value", "g1"}}}},
                     {kCustom, {{"badge", "B-1"}, {"costCenter", "4"}}}};
  json returned = user({{"id", "client-7"},
                        {"meta", {{"resourceType", "User"}, {"created", "2001-01-01T00:00:00Z"}}},
                        {"groups", {{{"value", "g1"}}}},
                        {kCustom, {{"badge", "B-1"}, {"costCenter", "4"}}}});
  const auto found = taken(sent, returned);
  const std::vector<std::string> want{"groups", "id", "meta.created",
                                      std::string(kCustom) + ":badge"};
  BOOST_TEST(found == want, boost::test_tools::per_element());
  const auto all = check::read_only_taken(sent, returned, nullptr, declared());
  BOOST_TEST_REQUIRE(all.size() == 4u);
  BOOST_TEST(all[0].declaration.find("RFC 7643") == std::string::npos);  // groups: in /Schemas
  BOOST_TEST(all[1].declaration.find("RFC 7643 §3.1") != std::string::npos);  // id: not
  BOOST_TEST(all[2].seen == "\"2001-01-01T00:00:00Z\", as the request sent it");
  BOOST_TEST(all[2].declaration.find("type dateTime") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(drift_read_only_values_the_server_set_itself_are_fine) {
  const json sent = {{"id", "client-7"},
                     {"meta", {{"created", "2001-01-01T00:00:00Z"}, {"resourceType", "User"}}},
                     {"groups", json::array()},
                     {"verified", true},
                     {"userName", "bjensen"}};
  // Its own id and time; resourceType is the resource's own type; the empty groups and the
  // boolean could be the server's own; userName is readWrite.
  const json returned = user({{"id", "4f1c"},
                              {"meta", {{"resourceType", "User"}, {"created", "2026-11-30T10:00:00Z"}}},
                              {"groups", json::array()},
                              {"verified", true}});
  BOOST_TEST(taken(sent, returned).empty());
  // A value the resource held before (a PUT sending back what a GET showed) is no evidence.
  const json put = {{"id", "1"}, {"meta", {{"created", "2026-01-01T00:00:00Z"}}}};
  const json same = user({{"meta", {{"created", "2026-01-01T00:00:00Z"}}}});
  BOOST_TEST(taken(put, same, &same).empty());
  const json earlier = user({{"meta", {{"created", "2025-05-05T00:00:00Z"}}}});
  BOOST_TEST(taken(put, same, &earlier) == std::vector<std::string>{"meta.created"},
             boost::test_tools::per_element());
  // A resource of an undeclared core schema, or a request that is not an object: not judged.
  json group = same;
  group["schemas"] = {"urn:ietf:params:scim:schemas:core:2.0:Group"};
  BOOST_TEST(taken(put, group).empty());
  BOOST_TEST(taken(json::array(), same).empty());
}

BOOST_AUTO_TEST_CASE(drift_patch_values_are_what_add_and_replace_set) {
  const json patch = json::parse(R"({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations": [
      {"op": "Replace", "path": "meta.created", "value": "2001-01-01T00:00:00Z"},
      {"op": "add", "value": {"groups": [{"value": "g1"}], "userName": "b"}},
      {"op": "replace", "path": "urn:example:custom:1.0:User:badge", "value": "B-2"},
      {"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:id", "value": "x"},
      {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "a@b"},
      {"op": "remove", "path": "verified", "value": true},
      {"op": "add", "path": 7, "value": 1}]})");
  const json want = json::parse(R"({"meta": {"created": "2001-01-01T00:00:00Z"},
    "groups": [{"value": "g1"}], "userName": "b", "id": "x",
    "urn:example:custom:1.0:User": {"badge": "B-2"}})");
  BOOST_TEST(check::patch_values(patch) == want);
  BOOST_TEST(check::patch_values(json::array()).empty());
  BOOST_TEST(check::patch_values(json{{"Operations", "x"}}).empty());
}
