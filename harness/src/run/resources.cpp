#include "run/resources.hpp"

#include "source/strings.hpp"

namespace scimcheck::run {

std::vector<ResourceType> resource_types(const suite::Profile& profile) {
  return {{"user", "/Users", "userName", &profile.users},
          {"group", "/Groups", "displayName", &profile.groups}};
}

const ResourceType* type_of_segment(const std::vector<ResourceType>& types,
                                    const std::string& segment) {
  for (const auto& type : types)
    if (source::iequals(std::string_view(type.endpoint).substr(1), segment)) return &type;
  return nullptr;
}

const ResourceType* type_of_kind(const std::vector<ResourceType>& types, const std::string& kind) {
  for (const auto& type : types)
    if (type.kind == kind) return &type;
  return nullptr;
}

}  // namespace scimcheck::run
