#include "server/app_rules.hpp"

#include "server/support.hpp"

namespace scimcheck::server {
namespace {

bool assigned(const nlohmann::json& value) {
  if (value.is_null()) return false;
  if (value.is_string()) return !value.get<std::string>().empty();
  if (value.is_array() || value.is_object()) return !value.empty();
  return true;
}

}  // namespace

std::optional<AppRules> read_app_rules(const AppSettings& settings, std::string* error) {
  AppRules rules;
  rules.groups = settings.groups;
  rules.oauth = settings.oauth;
  rules.rotate_tokens = settings.rotate_tokens;
  for (const auto& text : settings.required_user_attributes) {
    auto parsed = scim::parse_path(text);
    if (!parsed) {
      if (error)
        *error =
            "server setting required_user_attributes: bad path '" + text + "': " + parsed.error;
      return std::nullopt;
    }
    rules.required_user_attributes.push_back(*parsed.value);
  }
  for (const auto& domain : settings.user_name_domains) {
    if (domain.empty()) {
      if (error) *error = "server setting user_name_domains holds an empty domain";
      return std::nullopt;
    }
    rules.user_name_domains.push_back(fold_case(domain));
  }
  return rules;
}

std::optional<scim::ScimError> check_user_rules(const nlohmann::json& user, const AppRules& rules) {
  if (!rules.required_user_attributes.empty()) {
    std::vector<std::string> missing;
    for (const auto& path : rules.required_user_attributes) {
      auto values = scim::select(user, path, scim::ResourceKind::user);
      bool present = false;
      for (const auto& value : values) present = present || assigned(value);
      if (!present) missing.push_back(path.text);
    }
    if (!missing.empty()) {
      auto join = [](const std::vector<std::string>& names) {
        std::string list;
        for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
        return list;
      };
      std::vector<std::string> all;
      for (const auto& path : rules.required_user_attributes) all.push_back(path.text);
      return scim::ScimError{400, "invalidValue",
                             "missing required attribute: " + join(missing) +
                                 " (this app requires " + join(all) + ")"};
    }
  }
  if (!rules.user_name_domains.empty()) {
    const auto* name = scim::find_member(user, "userName");
    std::string user_name = name && name->is_string() ? name->get<std::string>() : "";
    auto at = user_name.rfind('@');
    std::string domain = at == std::string::npos ? "" : fold_case(user_name.substr(at + 1));
    bool registered = false;
    for (const auto& allowed : rules.user_name_domains)
      registered = registered || allowed == domain;
    if (!registered) {
      std::string list;
      for (const auto& allowed : rules.user_name_domains)
        list += (list.empty() ? "" : ", ") + allowed;
      return scim::ScimError{400, "invalidValue",
                             "userName '" + user_name +
                                 "' is not in a registered domain; registered domains: " + list};
    }
  }
  return std::nullopt;
}

}  // namespace scimcheck::server
