#include "server/profile_settings.hpp"
#include "source/strings.hpp"

#include <fstream>
#include <sstream>

namespace scimcheck::server {
namespace {

bool fail(std::string* error, const std::string& message) {
  if (error) *error = message;
  return false;
}

bool variable_value(const std::string& name, const nlohmann::json& variables,
                    const std::map<std::string, std::string>& vars, std::string* value,
                    std::string* error) {
  if (auto given = vars.find(name); given != vars.end()) {
    *value = given->second;
    return true;
  }
  const nlohmann::json* declared = nullptr;
  if (variables.is_object())
    if (auto it = variables.find(name); it != variables.end() && it->is_object()) declared = &*it;
  if (!declared)
    return fail(error, "the profile's server settings use {{profile." + name +
                           "}}, which the profile does not declare");
  for (const char* source : {"embedded", "default"}) {
    if (auto it = declared->find(source); it != declared->end() && !it->is_null()) {
      *value = it->is_string() ? it->get<std::string>() : it->dump();
      return true;
    }
  }
  return fail(
      error, "profile variable '" + name + "' has no value: give it with --var " + name + "=VALUE");
}

bool resolve_string(std::string& text, const nlohmann::json& variables,
                    const std::map<std::string, std::string>& vars, std::string* error) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    auto open = text.find("{{", pos);
    if (open == std::string::npos) break;
    auto close = text.find("}}", open + 2);
    if (close == std::string::npos) break;
    const std::string inner(source::trim_blanks(std::string_view(text).substr(open + 2, close - open - 2)));
    out += text.substr(pos, open - pos);
    if (inner.rfind("profile.", 0) == 0) {
      std::string value;
      if (!variable_value(inner.substr(8), variables, vars, &value, error)) return false;
      out += value;
    } else {
      out += text.substr(open, close + 2 - open);  // other templates are not ours to resolve
    }
    pos = close + 2;
  }
  out += text.substr(pos);
  text = std::move(out);
  return true;
}

}  // namespace

bool resolve_profile_templates(nlohmann::json& settings, const nlohmann::json& variables,
                               const std::map<std::string, std::string>& vars, std::string* error) {
  if (settings.is_string()) {
    auto text = settings.get<std::string>();
    if (!resolve_string(text, variables, vars, error)) return false;
    settings = text;
    return true;
  }
  if (settings.is_array() || settings.is_object()) {
    for (auto& item : settings)
      if (!resolve_profile_templates(item, variables, vars, error)) return false;
  }
  return true;
}

bool apply_profile_file(const std::string& profile_path,
                        const std::map<std::string, std::string>& vars, ServerOptions& options,
                        std::string* error) {
  std::ifstream in(profile_path, std::ios::binary);
  if (!in) return fail(error, "cannot read profile file " + profile_path);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json profile;
  try {
    profile = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    return fail(error, profile_path + ": not valid JSON: " + e.what());
  }
  if (!profile.is_object()) return fail(error, profile_path + ": a profile must be a JSON object");
  nlohmann::json settings = nlohmann::json::object();
  if (auto it = profile.find("server"); it != profile.end() && !it->is_null()) {
    if (!it->is_object()) return fail(error, profile_path + ": \"server\" must be an object");
    settings = *it;
  }
  nlohmann::json variables = profile.value("variables", nlohmann::json::object());
  std::string problem;
  if (!resolve_profile_templates(settings, variables, vars, &problem))
    return fail(error, profile_path + ": " + problem);
  if (auto name = profile.find("profile"); name != profile.end() && name->is_string())
    options.profile = name->get<std::string>();
  if (options.base_path.empty())
    if (auto base = settings.find("base_path"); base != settings.end() && base->is_string())
      options.base_path = base->get<std::string>();
  options.settings = std::move(settings);
  return true;
}

}  // namespace scimcheck::server
