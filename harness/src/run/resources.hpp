#pragma once
/// The resource types a profile provisions, as the runner needs them: the collection each
/// type's resources live under, the attribute that carries the run's marker on the ones it
/// creates, and the profile's mapping of it. The runner reads resource paths through this
/// table only.
#include <string>
#include <vector>

#include "suite/model.hpp"

namespace scimcheck::run {

struct ResourceType {
  std::string kind;      ///< as fixtures and for_each name it: "user", "group"
  std::string endpoint;  ///< "/Users"
  std::string marker_attribute;  ///< "userName": the attribute the run's marker is put in
  const suite::ResourceMapping* mapping = nullptr;  ///< the profile's mapping of the type
};

/// The profile's resource types: users (its `users` mapping, marked by userName), then groups
/// (its `groups` mapping, marked by displayName). Both are listed even when a mapping is not
/// enabled, so that a request to either is always held to the ownership rules. Points into
/// `profile`.
std::vector<ResourceType> resource_types(const suite::Profile& profile);

/// The type whose collection a path's first segment names, in any letter case (as servers
/// route "/users"); nullptr for a segment that names none.
const ResourceType* type_of_segment(const std::vector<ResourceType>& types,
                                    const std::string& segment);

/// The type of that kind ("user", "group"); nullptr for an unknown kind.
const ResourceType* type_of_kind(const std::vector<ResourceType>& types, const std::string& kind);

}  // namespace scimcheck::run
