#pragma once
/// SCIM attribute paths (RFC 7644 §3.10, §3.5.2 PATH grammar):
///   attr | attr.sub | urn:...:attr[.sub] | attr[valFilter] | attr[valFilter].sub
/// Names are case-insensitive everywhere; values keep their case.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "source/strings.hpp"
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

/// Removes from the resource what `path` selects: the attribute; with a sub-attribute, that
/// sub-attribute of the complex value or of every element; with a value filter, the matching
/// elements (or their sub-attribute). A path that selects nothing leaves the resource as is.
/// Unlike a PATCH remove it ignores mutability and required: it prepares a comparison.
void remove_selected(nlohmann::json& resource, const AttrPath& path,
                     ResourceKind kind = ResourceKind::other);

/// Case-insensitive lookup of a member of a JSON object; nullptr when absent.
const nlohmann::json* find_member(const nlohmann::json& object, std::string_view name);
nlohmann::json* find_member(nlohmann::json& object, std::string_view name);

/// Equality with SCIM's rules: strings compare case-insensitively unless case_exact; numbers
/// by value; booleans also match the strings "True"/"False" when lenient_booleans; objects and
/// arrays member by member (member names case-insensitive).
bool values_equal(const nlohmann::json& a, const nlohmann::json& b, bool case_exact,
                  bool lenient_booleans = false);

/// ASCII case-insensitive equality of two names or values.
using source::iequals;

/// The text with ASCII letters lowered: the form case-insensitive comparisons use.
using source::fold_case;

/// Whether a name is one of the schema URNs of schemas() (case-insensitive).
bool is_schema_urn(std::string_view name);

/// Whether a URN names a core resource schema (User, Group), whose attributes are top-level.
bool is_core_urn(std::string_view urn);

/// The member of the resource that holds the path's attribute: "" for top-level attributes
/// (no URN, or a core User/Group URN), otherwise the extension URN (the enterprise URN in its
/// canonical spelling). A user's unqualified name that only the enterprise extension defines
/// (manager, department) resolves to the enterprise extension.
std::string container_urn(const AttrPath& path, ResourceKind kind);

namespace detail {
/// Parses a path starting at text[pos] and moves pos past it, stopping before the first
/// character that cannot continue a path (a space, ')', ']', ...). Offsets in errors are
/// positions in text. Shared by parse_path and the filter parser, which passes the `nesting`
/// of parentheses open around the path (see kMaxFilterNesting in filter.hpp).
Parsed<AttrPath> parse_path_at(std::string_view text, std::size_t& pos, bool allow_filter,
                               std::size_t nesting = 0);
}  // namespace detail

}  // namespace scimcheck::scim
