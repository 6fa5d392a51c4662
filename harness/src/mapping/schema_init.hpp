#pragma once
/// A starting profile from what an endpoint says it stores: its /Schemas and /ResourceTypes
/// answers (RFC 7643 §7 and §6), read as hostile input: bounded counts, no recursion.
#include "mapping/entra_import.hpp"

namespace scimcheck::mapping {

/// Most schemas and resource types read from one answer, and most attributes (with their
/// sub-attributes) read from one schema: the rest are ignored with a note.
inline constexpr std::size_t kMaxSchemaResources = 100;
inline constexpr std::size_t kMaxSchemaAttributes = 500;

/// The profile `name` for the endpoint whose /Schemas answer is `schemas` and /ResourceTypes
/// answer `resource_types` (each a ListResponse or a bare array): userName as the matching
/// attribute, every required User attribute (and the required attributes of a required
/// schema extension) with a generated value, `active`, and groups when a resource type
/// with endpoint /Groups exists.
ImportOutcome profile_from_schemas(const Json& schemas, const Json& resource_types,
                                   const std::string& name);

}  // namespace scimcheck::mapping
