#include "scim/value_filter.hpp"

namespace scimcheck::scim {

std::optional<nlohmann::json> element_from_filter(const Filter& filter) {
  if (filter.kind == Filter::Kind::compare && filter.op == "eq" && filter.path.urn.empty() &&
      filter.path.sub.empty() && !filter.path.filter) {
    return nlohmann::json{{filter.path.attr, filter.value}};
  }
  if (filter.kind != Filter::Kind::logical_and) return std::nullopt;
  auto left = element_from_filter(*filter.children.at(0));
  auto right = element_from_filter(*filter.children.at(1));
  if (!left || !right) return std::nullopt;
  left->update(*right);
  return left;
}

FilteredElements filtered_elements(const nlohmann::json& array, const AttrPath& path,
                                   ResourceKind kind) {
  FilteredElements out;
  if (array.is_array()) {
    for (std::size_t i = 0; i < array.size(); ++i)
      if (matches_element(*path.filter, array[i], kind, path)) out.matched.push_back(i);
  }
  if (out.matched.empty()) out.created = element_from_filter(*path.filter);
  return out;
}

}  // namespace scimcheck::scim
