#pragma once
/// Profiles from an exported Microsoft Entra synchronization schema (the Microsoft Graph
/// `synchronizationSchema` the provisioning schema editor shows): each enabled User and Group
/// object mapping becomes the profile's `users` / `groups` mapping, each mapped target
/// attribute a value template that fits its source (docs/profile-import.md).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace scimcheck::mapping {

using Json = nlohmann::json;

/// Most attribute mappings read from one object mapping, and most nested function
/// parameters followed in one source expression: the rest are left out with a note.
inline constexpr std::size_t kMaxAttributeMappings = 500;
inline constexpr int kMaxExpressionDepth = 16;

/// The generated value of one mapped attribute: a profile `value` template (absent for a
/// reference) and, when the source could not be followed, why.
struct Generated {
  Json value;
  std::string note;
};

/// The value template for an attribute of target type `type` ("string", "boolean") mapped
/// from `source` (an attributeMappingSource: type Attribute, Function or Constant). An
/// expression it does not know gives a value of the target type and a note.
Generated generate_value(const Json& source, const std::string& type, bool group,
                         const std::string& default_value);

struct ImportOptions {
  std::string name = "imported";  ///< the profile's name (`--profile NAME`)
  std::string file;               ///< the schema file, named in the profile's source facts
};

struct ImportOutcome {
  Json profile;               ///< the profile; null when the schema has no User mapping
  std::vector<std::string> notes;  ///< what could not be imported as the tenant maps it
  std::string error;          ///< why there is no profile
};

/// Builds a profile (the format of docs/suite-format.md) from a synchronizationSchema.
ImportOutcome import_entra_schema(const Json& schema, const ImportOptions& options);

}  // namespace scimcheck::mapping
