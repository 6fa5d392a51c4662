#pragma once
/// SCIM filters (RFC 7644 §3.4.2.2): eq ne co sw ew pr gt ge lt le, and/or/not, parentheses,
/// value paths attr[...]; attribute names and operators case-insensitive; precedence
/// grouping > not > and > or.
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scim/path.hpp"

namespace scimcheck::scim {

/// The deepest nesting of parentheses, `not (` and value filters (`attr[...]`) a filter may
/// have; deeper is invalidFilter. The parser recurses once per level, so this bounds its stack.
inline constexpr std::size_t kMaxFilterNesting = 64;
/// The most `and`, `or` and `not` operators one filter (or one value filter) may hold; more is
/// invalidFilter. Each adds a level to the tree that matching and printing walk recursively.
inline constexpr std::size_t kMaxFilterOperators = 256;

struct Filter {
  enum class Kind { compare, present, logical_and, logical_or, logical_not, value_path };
  Kind kind = Kind::compare;
  AttrPath path;            ///< compare, present, value_path (the attribute before '[')
  std::string op;           ///< compare: lowercase eq ne co sw ew gt ge lt le
  nlohmann::json value;     ///< compare: string, number, boolean or null
  std::vector<std::shared_ptr<const Filter>> children;  ///< and/or: 2, not: 1, value_path: 1
};

Parsed<Filter> parse_filter(std::string_view text);

/// Semantic problems a parsed filter can still have for a resource kind (gt/ge/lt/le on a
/// boolean or binary attribute): a 400 invalidFilter error, or nothing.
std::optional<ScimError> validate_filter(const Filter& filter, ResourceKind kind);

/// Whether a resource (or, inside a value path, one element of a multi-valued attribute)
/// matches. String comparisons follow the attribute's caseExact.
bool matches(const Filter& filter, const nlohmann::json& resource, ResourceKind kind);

/// Whether one element of a multi-valued or complex attribute matches a value filter
/// (attr[...]): names inside the filter are sub-attributes of `parent`.
bool matches_element(const Filter& filter, const nlohmann::json& element, ResourceKind kind,
                     const AttrPath& parent);

namespace detail {
/// Parses the filter inside a value path starting at text[pos], stopping before the closing
/// ']' (not consumed). Offsets in errors are positions in text. `nesting`: the levels already
/// open around the value path (its '[' counts as one more), checked against kMaxFilterNesting.
Parsed<Filter> parse_value_filter_at(std::string_view text, std::size_t& pos,
                                     std::size_t nesting = 0);
}  // namespace detail

/// Renders a filter back to text (normalised: lowercase operators, quoted strings).
std::string to_string(const Filter& filter);

}  // namespace scimcheck::scim
