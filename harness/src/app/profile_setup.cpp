#include "app/profile_setup.hpp"

#include <algorithm>
#include <cstdlib>
#include <ostream>

#include "eval/template_render.hpp"
#include "server/app_rules.hpp"
#include "source/diagnostic_render.hpp"

namespace scimcheck::app {

std::optional<std::map<std::string, std::string>> parse_var_options(
    const std::vector<std::string>& options, std::ostream& err) {
  std::map<std::string, std::string> given;
  for (const auto& v : options) {
    const auto eq = v.find('=');
    if (eq == std::string::npos || eq == 0) {
      err << "scimcheck: --var needs NAME=VALUE, got \"" << v << "\"\n";
      return std::nullopt;
    }
    given[v.substr(0, eq)] = v.substr(eq + 1);
  }
  return given;
}

std::optional<suite::Json> resolve_variables(const suite::Profile& profile,
                                             const std::map<std::string, std::string>& given,
                                             bool embedded, std::ostream& err) {
  std::vector<std::string> declared;
  for (const auto& var : profile.variables) declared.push_back(var.name);
  for (const auto& [name, value] : given) {
    (void)value;
    if (std::find(declared.begin(), declared.end(), name) == declared.end()) {
      err << "scimcheck: the profile \"" << profile.name << "\" has no variable \"" << name << "\"";
      const std::string hint = source::did_you_mean(name, declared);
      err << (hint.empty() ? "" : " (" + hint + ")") << "\n";
      return std::nullopt;
    }
  }
  suite::Json values = suite::Json::object();
  bool missing = false;
  for (const auto& var : profile.variables) {
    suite::Json value;
    if (auto it = given.find(var.name); it != given.end()) {
      value = it->second;
    } else if (const char* env = var.env.empty() ? nullptr : std::getenv(var.env.c_str()); env && *env) {
      value = std::string(env);
    } else if (embedded && var.embedded_value) {
      value = *var.embedded_value;
    } else if (var.default_value) {
      value = *var.default_value;
    } else if (var.required && !embedded) {
      missing = true;
      err << "scimcheck: the profile \"" << profile.name << "\" needs --var " << var.name
          << "=VALUE: " << var.description << "\n";
    }
    if (!value.is_null()) values[var.name] = value;
  }
  if (missing) return std::nullopt;
  return values;
}

namespace {

std::optional<std::string> render_setting(const suite::Template& value, eval::Scope& scope,
                                          source::Diagnostics& diagnostics) {
  std::string error;
  auto text = eval::render_text(value.value.get<std::string>(), scope, &error);
  if (!text) diagnostics.push_back({source::Severity::error, value.span, error, ""});
  return text;
}

bool render_settings(const std::vector<suite::Template>& values, eval::Scope& scope,
                     std::vector<std::string>& out, source::Diagnostics& diagnostics) {
  for (const auto& value : values) {
    auto text = render_setting(value, scope, diagnostics);
    if (!text) return false;
    out.push_back(std::move(*text));
  }
  return true;
}

}  // namespace

bool apply_server_settings(const suite::Profile& profile, const suite::Json& variables,
                           server::ServerOptions& options, source::Diagnostics& diagnostics) {
  const suite::ServerSettings& block = profile.server;
  eval::Scope scope;
  scope.variables = variables;
  server::AppSettings settings;
  settings.groups = block.groups;
  settings.oauth = block.oauth;
  settings.rotate_tokens = block.rotate_tokens;
  if (!render_settings(block.required_user_attributes, scope, settings.required_user_attributes,
                       diagnostics) ||
      !render_settings(block.user_name_domains, scope, settings.user_name_domains, diagnostics))
    return false;
  std::string base_path;
  if (block.base_path) {
    auto text = render_setting(*block.base_path, scope, diagnostics);
    if (!text) return false;
    base_path = std::move(*text);
  }
  std::string problem;
  auto rules = server::read_app_rules(settings, &problem);
  if (!rules) {
    diagnostics.push_back({source::Severity::error, block.span, problem, ""});
    return false;
  }
  options.profile = profile.name;
  options.rules = std::move(*rules);
  if (options.base_path.empty()) options.base_path = std::move(base_path);
  return true;
}

}  // namespace scimcheck::app
