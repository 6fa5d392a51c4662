#pragma once
/// The elements a value filter (attr[type eq "work"]) selects in a multi-valued attribute, and
/// the element it describes when none does. Shared by PATCH (RFC 7644 §3.5.2) and the
/// fixtures built from a profile's mapping, so both read a filtered path the same way.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "scim/attributes.hpp"
#include "scim/filter.hpp"
#include "scim/path.hpp"

namespace scimcheck::scim {

/// What a filtered path reaches in one multi-valued attribute.
struct FilteredElements {
  std::vector<std::size_t> matched;       ///< indices of the elements the filter selects
  std::optional<nlohmann::json> created;  ///< when none does: the element the filter describes
};

/// The element a value filter of equalities joined by "and" describes ({"type": "work"} for
/// type eq "work"); nullopt for any other filter.
std::optional<nlohmann::json> element_from_filter(const Filter& filter);

/// The elements of `array` (anything else holds none) that the value filter of `path`
/// selects, compared as select() does: attribute names case-insensitively (RFC 7643 §2.1),
/// values as the attribute's caseExact says (so type eq "Work" selects "work"). When none
/// matches, `created` is element_from_filter() of the filter. `path` must have a filter.
FilteredElements filtered_elements(const nlohmann::json& array, const AttrPath& path,
                                   ResourceKind kind);

}  // namespace scimcheck::scim
