#pragma once
/// App emulation: the "server" settings of a profile (server/profile_settings.hpp) checked
/// once, and the user rules they impose on create and replace.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "scim/error.hpp"
#include "scim/path.hpp"
#include "server/profile_settings.hpp"

namespace scimcheck::server {

struct AppRules {
  bool groups = true;          ///< false: /Groups does not exist
  bool oauth = false;          ///< the OAuth2 token endpoint is served
  bool rotate_tokens = false;  ///< POST {base}/admin/rotate-token is served
  std::vector<scim::AttrPath> required_user_attributes;
  std::vector<std::string> user_name_domains;  ///< lowercase
};

/// The rules of the settings; nullopt with a message on a path that does not parse or an
/// empty domain.
std::optional<AppRules> read_app_rules(const AppSettings& settings, std::string* error);

/// The rules a user must meet before it is stored: a 400 invalidValue naming what is wrong,
/// or nothing.
std::optional<scim::ScimError> check_user_rules(const nlohmann::json& user, const AppRules& rules);

}  // namespace scimcheck::server
