#pragma once
/// SCIM attribute paths (RFC 7644 §3.10, §3.5.2 PATH grammar):
///   attr | attr.sub | urn:...:attr[.sub] | attr[valFilter] | attr[valFilter].sub
/// Names are case-insensitive everywhere; values keep their case.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "scim/attributes.hpp"
#include "scim/error.hpp"

namespace scimcheck::scim {

struct Filter;

struct AttrPath {
  std::string urn;   ///< schema URN prefix as written, without the trailing ':'; empty if none
  std::string attr;  ///< top-level attribute name as written
  std::shared_ptr<const Filter> filter;  ///< value filter inside [...], or null
  std::string sub;   ///< sub-attribute name, or empty
  std::string text;  ///< the path as written
};

/// Parses a path. Also accepts a URN-qualified attribute whose URN is the enterprise or any
/// other schema URN (the last ':'-separated segment before a name is the attribute).
Parsed<AttrPath> parse_path(std::string_view text);

/// The values found at a path in a resource: a multi-valued attribute contributes one entry
/// per element (after the value filter), a sub-attribute one entry per parent element that
/// has it. Unassigned (missing, null, empty array) gives no entries. Extension attributes are
/// looked up inside the URN object ("urn:...:User": {...}).
std::vector<nlohmann::json> select(const nlohmann::json& resource, const AttrPath& path,
                                   ResourceKind kind = ResourceKind::other);

/// Case-insensitive lookup of a member of a JSON object; nullptr when absent.
const nlohmann::json* find_member(const nlohmann::json& object, std::string_view name);
nlohmann::json* find_member(nlohmann::json& object, std::string_view name);

/// Equality with SCIM's rules: strings compare case-insensitively unless case_exact; numbers
/// by value; booleans also match the strings "True"/"False" when lenient_booleans; objects and
/// arrays member by member (member names case-insensitive).
bool values_equal(const nlohmann::json& a, const nlohmann::json& b, bool case_exact,
                  bool lenient_booleans = false);

}  // namespace scimcheck::scim
