#include "suite/server_settings.hpp"

#include <algorithm>

#include "scim/path.hpp"
#include "source/diagnostic_render.hpp"
#include "source/template_syntax.hpp"

namespace scimcheck::suite {

const std::vector<std::string> kServerSettingKeys{
    "base_path", "groups", "oauth", "rotate_tokens", "required_user_attributes", "user_name_domains"};

namespace {

class ServerDecoder {
 public:
  ServerDecoder(const source::JsonFile& file, const std::set<std::string>& variables,
                std::vector<DecodeProblem>& problems)
      : file_(file), variables_(variables), problems_(problems) {}

  void unknown_keys(const Json& block, const std::string& pointer) {
    for (const auto& [key, value] : block.items()) {
      (void)value;
      if (std::find(kServerSettingKeys.begin(), kServerSettingKeys.end(), key) !=
          kServerSettingKeys.end())
        continue;
      problems_.push_back({pointer + "/" + source::pointer_token(key),
                           "unknown key \"" + key + "\" in \"server\"",
                           source::did_you_mean(key, kServerSettingKeys), true});
    }
  }

  void flag(const Json& block, const char* key, bool& out) const {
    if (auto it = block.find(key); it != block.end() && it->is_boolean()) out = it->get<bool>();
  }

  std::optional<Template> text(const Json& value, const std::string& pointer) {
    if (!value.is_string()) return std::nullopt;
    check_templates(value.get<std::string>(), pointer);
    return Template{value, file_.span(pointer)};
  }

  /// The strings of an array; with `scim_paths`, each one without a template must parse as a
  /// SCIM path (one with a template is checked once rendered, when the server is set up).
  std::vector<Template> texts(const Json& block, const char* key, const std::string& pointer,
                              bool scim_paths) {
    std::vector<Template> out;
    auto it = block.find(key);
    if (it == block.end() || !it->is_array()) return out;
    for (std::size_t i = 0; i < it->size(); ++i) {
      const std::string item = pointer + "/" + key + "/" + std::to_string(i);
      auto t = text((*it)[i], item);
      if (!t) continue;
      if (scim_paths) check_path(t->value.get<std::string>(), item);
      out.push_back(std::move(*t));
    }
    return out;
  }

 private:
  void check_path(const std::string& written, const std::string& pointer) {
    if (written.find("{{") != std::string::npos) return;
    if (auto parsed = scim::parse_path(written); !parsed)
      problems_.push_back({pointer, "invalid SCIM path \"" + written + "\": " + parsed.error});
  }

  /// The server is set up before any run or case exists: only profile variables are known.
  void check_templates(const std::string& text, const std::string& pointer) {
    auto at = [&](const source::TemplateRef& ref, std::string message, std::string hint = {}) {
      problems_.push_back({pointer, std::move(message), std::move(hint), false, ref.begin});
    };
    for (const auto& ref : source::find_templates(text)) {
      if (!ref.error.empty()) {
        at(ref, "bad template in \"" + text + "\": " + ref.error);
        continue;
      }
      for (const auto& f : ref.filters)
        if (!source::is_known_filter(f))
          at(ref, "unknown template filter \"" + f + "\"",
             source::did_you_mean(f, {"upper", "lower", "json", "url"}));
      if (ref.root != "profile")
        at(ref, "the server settings can use only {{profile.NAME}}, not \"" + ref.root + "\"");
      else if (ref.rest.empty())
        at(ref, "\"{{profile}}\" needs a variable name");
      else if (!variables_.count(ref.rest))
        at(ref, "undefined variable \"profile." + ref.rest + "\": declare it under \"variables\"",
           source::did_you_mean(ref.rest, {variables_.begin(), variables_.end()}));
    }
  }

  const source::JsonFile& file_;
  const std::set<std::string>& variables_;
  std::vector<DecodeProblem>& problems_;
};

}  // namespace

ServerSettings decode_server_settings(const source::JsonFile& file, const std::string& pointer,
                                      const std::set<std::string>& variables,
                                      std::vector<DecodeProblem>& problems) {
  ServerSettings settings;
  const Json::json_pointer at(pointer);
  const bool present = file.json.contains(at);
  settings.span = file.span(present ? pointer : "");
  if (!present || !file.json.at(at).is_object()) return settings;
  const Json& block = file.json.at(at);
  ServerDecoder d(file, variables, problems);
  d.unknown_keys(block, pointer);
  d.flag(block, "groups", settings.groups);
  d.flag(block, "oauth", settings.oauth);
  d.flag(block, "rotate_tokens", settings.rotate_tokens);
  if (auto it = block.find("base_path"); it != block.end())
    settings.base_path = d.text(*it, pointer + "/base_path");
  settings.required_user_attributes = d.texts(block, "required_user_attributes", pointer, true);
  settings.user_name_domains = d.texts(block, "user_name_domains", pointer, false);
  return settings;
}

}  // namespace scimcheck::suite
