#pragma once
/// What every part of the reference server's SCIM service shares: the app's rules, the
/// defect hooks, the base URL, and the way an error is answered.
#include <string>

#include "scim/attributes.hpp"
#include "scim/error.hpp"
#include "scim/patch.hpp"
#include "server/app_rules.hpp"
#include "server/defect_hooks.hpp"
#include "server/message.hpp"

namespace scimcheck::server {

struct ServiceContext {
  ServiceContext(AppRules app_rules, const DefectHooks& hooks)
      : rules(hooks.app_rules(std::move(app_rules))),
        defects(hooks),
        patch_options(hooks.patch_options()) {}

  const AppRules rules;
  const DefectHooks& defects;
  const scim::PatchOptions patch_options;
  std::string base_url;  ///< the absolute URL of the base path

  HttpResponse error(int status, const std::string& scim_type, const std::string& detail) const;
  HttpResponse error(const scim::ScimError& error) const;
  /// The absolute URL of a resource (meta.location, the Location header).
  std::string location(scim::ResourceKind kind, const std::string& id) const;
};

/// "User" or "Group": the resource type's name.
inline const char* kind_name(scim::ResourceKind kind) {
  return kind == scim::ResourceKind::group ? "Group" : "User";
}
/// "Users" or "Groups": the endpoint below the base path.
inline const char* endpoint_name(scim::ResourceKind kind) {
  return kind == scim::ResourceKind::group ? "Groups" : "Users";
}
/// The attribute unique within the type: userName or displayName.
inline const char* unique_attribute(scim::ResourceKind kind) {
  return kind == scim::ResourceKind::group ? "displayName" : "userName";
}

}  // namespace scimcheck::server
