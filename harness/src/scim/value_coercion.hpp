#pragma once
/// A client's value brought into the stored form of its attribute, as PATCH and the
/// resource normaliser of scim/patch.hpp do it.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "scim/attributes.hpp"
#include "scim/json_limits.hpp"
#include "scim/patch.hpp"

namespace scimcheck::scim {

/// Removes null members and elements, `depth` levels down at most: bodies are checked
/// against kMaxJsonNesting before they get here, so the bound only guards other callers.
void drop_nulls(nlohmann::json& value, std::size_t depth = kMaxJsonNesting);

/// The sub-attribute `name` of `def` in any case, or null.
const AttributeDef* find_sub(const AttributeDef& def, std::string_view name);

/// Brings a client value into the stored form of the attribute `def` (one element of it when
/// `element`): string booleans, a bare-string manager, a one-element array for a single complex
/// value, nulls and readOnly sub-attributes dropped, sub-attribute names in their canonical
/// case. Strict: returns a message when the type is wrong; lenient: leaves such values alone.
std::string coerce(nlohmann::json& value, const AttributeDef* def, bool element,
                   const PatchOptions& options, bool strict);

}  // namespace scimcheck::scim
