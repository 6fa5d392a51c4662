#pragma once
/// What RFC 7643 says about each attribute of User (with the enterprise extension) and Group:
/// type, multiValued, caseExact, mutability, returned, uniqueness. One table, used for filter
/// comparisons, PATCH, projection, the reference server's /Schemas and the checks' comparisons.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace scimcheck::scim {

inline constexpr const char* kUserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
inline constexpr const char* kGroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group";
inline constexpr const char* kEnterpriseUrn =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
inline constexpr const char* kListResponseUrn = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
inline constexpr const char* kPatchOpUrn = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
inline constexpr const char* kSearchRequestUrn =
    "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
inline constexpr const char* kAdScimGroupUrn =
    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

enum class ResourceKind { user, group, other };

enum class AttrType { string, boolean, decimal, integer, datetime, binary, reference, complex };
enum class Mutability { read_only, read_write, immutable, write_only };
enum class Returned { always, never, by_default, request };
enum class Uniqueness { none, server, global };

struct AttributeDef {
  std::string name;
  AttrType type = AttrType::string;
  bool multi_valued = false;
  bool required = false;
  bool case_exact = false;
  Mutability mutability = Mutability::read_write;
  Returned returned = Returned::by_default;
  Uniqueness uniqueness = Uniqueness::none;
  std::vector<std::string> canonical_values;
  std::vector<std::string> reference_types;
  std::vector<AttributeDef> sub_attributes;
  std::string description;
};

/// The schema URN that owns a top-level attribute for a kind ("" for unknown).
struct SchemaDef {
  std::string id;  ///< URN
  std::string name;
  std::string description;
  std::vector<AttributeDef> attributes;
};

/// Core User, enterprise User extension and core Group schemas (RFC 7643 §4, §8.7.1).
const std::vector<SchemaDef>& schemas();

/// Looks up an attribute by (optional URN) name and optional sub-attribute, case-insensitively.
/// Common attributes (id, externalId, meta.*) are known for every kind. nullptr when unknown.
const AttributeDef* find_attribute(ResourceKind kind, std::string_view urn, std::string_view attr,
                                   std::string_view sub = {});

/// caseExact of the attribute at that place; false (SCIM's default) when unknown.
bool is_case_exact(ResourceKind kind, std::string_view urn, std::string_view attr,
                   std::string_view sub = {});

/// A Schema resource document for /Schemas (RFC 7643 §7), with meta.location under base_url.
nlohmann::json schema_document(const SchemaDef& schema, const std::string& base_url);

}  // namespace scimcheck::scim
