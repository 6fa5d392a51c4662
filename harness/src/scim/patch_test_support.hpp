#pragma once
/// Resources, PatchOp bodies and helpers shared by the PATCH tests (patch_rfc_test.cpp: RFC
/// 7644's examples, errors and Entra's updates; patch_entra_test.cpp: Entra's filtered, pathless
/// and member shapes, and normalising).
#include "scim/patch.hpp"

#include <boost/test/unit_test.hpp>

namespace scimcheck::scim {
namespace {

using nlohmann::json;

constexpr const char* kBabs = "2819c223-7f76-453a-919d-413861904646";
constexpr const char* kJim = "902c246b-6245-4190-8e05-00816be7344a";

inline json body(json operations) {
  return {{"schemas", {kPatchOpUrn}}, {"Operations", std::move(operations)}};
}

inline json user() {
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

inline json group() {
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
inline json patched(json resource, json operations, ResourceKind kind = ResourceKind::user,
             const PatchOptions& options = {}) {
  auto error = apply_patch(resource, body(std::move(operations)), kind, options);
  BOOST_TEST_REQUIRE(!error.has_value(), "unexpected error: " << (error ? error->detail : ""));
  return resource;
}

/// Applies operations that must fail; checks the resource is untouched and returns the error.
inline ScimError refused(const json& resource, json operations, ResourceKind kind = ResourceKind::user,
                  const PatchOptions& options = {}) {
  json copy = resource;
  auto error = apply_patch(copy, body(std::move(operations)), kind, options);
  BOOST_TEST_REQUIRE(error.has_value());
  BOOST_TEST(copy == resource);
  BOOST_TEST(error->status == 400);
  return *error;
}

inline const json& enterprise(const json& resource) { return resource.at(kEnterpriseUrn); }

inline PatchOptions strict() {
  PatchOptions options;
  options.case_insensitive_op = false;
  options.string_booleans = false;
  options.remove_members_by_value = false;
  options.filtered_add_creates = false;
  options.dotted_pathless_keys = false;
  options.manager_bare_string = false;
  return options;
}

inline std::vector<std::string> member_ids(const json& resource) {
  std::vector<std::string> ids;
  if (!resource.contains("members")) return ids;
  for (const auto& member : resource["members"]) ids.push_back(member["value"]);
  return ids;
}

}  // namespace

}  // namespace scimcheck::scim
