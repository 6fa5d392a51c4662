#pragma once
/// Reading a profile file (*.profile.json) into server options: the profile name, its
/// "server" settings with {{profile.NAME}} templates resolved, and the base path.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "server/server.hpp"

namespace scimcheck::server {

/// Replaces every {{profile.NAME}} in the string values of `settings` (recursively) by
/// vars[NAME], else the profile variable's "embedded" value, else its "default". false with a
/// message naming the variable when it has none of them.
bool resolve_profile_templates(nlohmann::json& settings, const nlohmann::json& variables,
                               const std::map<std::string, std::string>& vars, std::string* error);

/// Reads the profile file: options.profile = its "profile", options.settings = its resolved
/// "server" object, and options.base_path = the settings' base_path when options.base_path is
/// empty. false with a message (unreadable file, bad JSON, unresolved variable).
bool apply_profile_file(const std::string& profile_path,
                        const std::map<std::string, std::string>& vars, ServerOptions& options,
                        std::string* error);

}  // namespace scimcheck::server
