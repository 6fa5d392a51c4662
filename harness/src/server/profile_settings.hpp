#pragma once
/// The settings by which the reference server emulates an app: a profile's "server" block
/// (docs/reference-server.md, App emulation), its templates already rendered. The base path
/// is ServerOptions::base_path.
#include <string>
#include <vector>

namespace scimcheck::server {

struct AppSettings {
  bool groups = true;          ///< false: /Groups does not exist
  bool oauth = false;          ///< the OAuth2 token endpoint is served
  bool rotate_tokens = false;  ///< POST {base}/admin/rotate-token is served
  /// SCIM paths a user must have a value at on create and replace.
  std::vector<std::string> required_user_attributes;
  /// Domains a userName must end in (after the last '@', case-insensitive); empty: any.
  std::vector<std::string> user_name_domains;
};

}  // namespace scimcheck::server
