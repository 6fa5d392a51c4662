#include "server/app_rules.hpp"

#include "server/support.hpp"

namespace scimcheck::server {
namespace {

bool read_flag(const nlohmann::json& settings, const char* name, bool fallback, bool* out,
               std::string* error) {
  auto it = settings.find(name);
  if (it == settings.end() || it->is_null()) {
    *out = fallback;
    return true;
  }
  if (it->is_boolean()) {
    *out = it->get<bool>();
    return true;
  }
  if (it->is_string() && (*it == "true" || *it == "false")) {
    *out = *it == "true";
    return true;
  }
  if (error) *error = std::string("server setting ") + name + " must be true or false";
  return false;
}

bool read_strings(const nlohmann::json& settings, const char* name, std::vector<std::string>* out,
                  std::string* error) {
  auto it = settings.find(name);
  if (it == settings.end() || it->is_null()) return true;
  if (!it->is_array()) {
    if (error) *error = std::string("server setting ") + name + " must be an array of strings";
    return false;
  }
  for (const auto& item : *it) {
    if (!item.is_string()) {
      if (error) *error = std::string("server setting ") + name + " must be an array of strings";
      return false;
    }
    out->push_back(item.get<std::string>());
  }
  return true;
}

bool assigned(const nlohmann::json& value) {
  if (value.is_null()) return false;
  if (value.is_string()) return !value.get<std::string>().empty();
  if (value.is_array() || value.is_object()) return !value.empty();
  return true;
}

}  // namespace

std::optional<AppRules> read_app_rules(const nlohmann::json& settings, std::string* error) {
  AppRules rules;
  if (settings.is_null()) return rules;
  if (!settings.is_object()) {
    if (error) *error = "server settings must be a JSON object";
    return std::nullopt;
  }
  if (!read_flag(settings, "groups", true, &rules.groups, error) ||
      !read_flag(settings, "oauth", false, &rules.oauth, error) ||
      !read_flag(settings, "rotate_tokens", false, &rules.rotate_tokens, error))
    return std::nullopt;
  if (auto it = settings.find("base_path"); it != settings.end() && !it->is_null()) {
    if (!it->is_string()) {
      if (error) *error = "server setting base_path must be a string";
      return std::nullopt;
    }
    rules.base_path = it->get<std::string>();
  }
  std::vector<std::string> paths, domains;
  if (!read_strings(settings, "required_user_attributes", &paths, error) ||
      !read_strings(settings, "user_name_domains", &domains, error))
    return std::nullopt;
  for (const auto& text : paths) {
    auto parsed = scim::parse_path(text);
    if (!parsed) {
      if (error)
        *error =
            "server setting required_user_attributes: bad path '" + text + "': " + parsed.error;
      return std::nullopt;
    }
    rules.required_user_attributes.push_back(*parsed.value);
  }
  for (const auto& domain : domains) {
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
