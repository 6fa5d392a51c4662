#include "suite/loader.hpp"

#include <map>
#include <set>

#include "source/diagnostic_render.hpp"
#include "source/template_syntax.hpp"
#include "suite/decode.hpp"
#include "suite/server_settings.hpp"

namespace scimcheck::suite {
namespace {

using source::Diagnostics;
using source::Severity;

Template profile_template(Decoder& d, const Json& value, const std::string& pointer,
                          const std::set<std::string>& variables) {
  TemplateScope scope;
  scope.profile_only = true;
  scope.variables = &variables;
  check_templates(d, value, pointer, scope);
  return Template{value, d.span(pointer)};
}

ResourceMapping decode_mapping(Decoder& d, const Json& m, const std::string& p,
                               const std::set<std::string>& variables) {
  ResourceMapping r;
  if (!m.is_object()) return r;
  r.enabled = true;
  r.span = d.span(p);
  r.matching = str(m, "matching");
  if (has_string(m, "matching")) check_scim_path(d, r.matching, p + "/matching");
  bool matching_mapped = false;
  if (m.contains("attributes") && m["attributes"].is_array()) {
    for (std::size_t i = 0; i < m["attributes"].size(); ++i) {
      const Json& a = m["attributes"][i];
      const std::string ap = p + "/attributes/" + std::to_string(i);
      if (!a.is_object()) continue;
      AttributeMapping am;
      am.span = d.span(ap);
      am.path = str(a, "path");
      if (has_string(a, "path")) check_scim_path(d, am.path, ap + "/path");
      if (a.contains("type")) am.type = str(a, "type");
      am.value = profile_template(d, a.value("value", Json()), ap + "/value", variables);
      if (a.contains("update"))
        am.update = profile_template(d, a["update"], ap + "/update", variables);
      am.add_only = flag(a, "add_only", false);
      if (am.path == r.matching) matching_mapped = true;
      r.attributes.push_back(std::move(am));
    }
  }
  if (!r.matching.empty() && !matching_mapped)
    d.error(p + "/matching",
            "the matching attribute \"" + r.matching + "\" is not among the mapped attributes");
  return r;
}

/// Reads `path` as a JSON object (else one diagnostic saying `shape`) and decodes it with
/// `decode(decoder, file)`; nullopt when anything was reported.
template <typename T, typename Decode>
std::optional<T> load_document(const std::string& path, const LoadOptions& options,
                               Diagnostics& diagnostics, const char* shape, Decode decode) {
  auto file = source::read_json_file(path, diagnostics);
  if (!file) return std::nullopt;
  Decoder d(*file, options, diagnostics);
  if (!file->json.is_object()) {
    d.error("", shape);
    return std::nullopt;
  }
  T value = decode(d, *file);
  d.finish();
  if (d.failed()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Suite> load_suite(const std::string& path, const LoadOptions& options,
                                Diagnostics& diagnostics) {
  const char* shape = "a suite is a JSON object with \"suite\", \"title\" and \"cases\"";
  return load_document<Suite>(
      path, options, diagnostics, shape, [&](Decoder& d, const source::JsonFile& file) {
        const Json& j = file.json;
        Suite s;
        s.file = path;
        s.span = d.span("");
        s.id = str(j, "suite");
        s.title = str(j, "title");
        s.requires_ = strings(j.value("requires", Json::array()));
        std::map<std::string, std::string> ids;
        const StepDefaults defaults = decode_defaults(d, j);
        if (j.contains("cases") && j["cases"].is_array()) {
          for (std::size_t i = 0; i < j["cases"].size(); ++i) {
            const std::string cp = "/cases/" + std::to_string(i);
            if (auto c = decode_case(d, j["cases"][i], cp, defaults)) {
              if (!c->id.empty() && !ids.emplace(c->id, cp).second)
                d.error(cp + "/id", "case id \"" + c->id + "\" is used twice in this suite");
              s.cases.push_back(std::move(*c));
            }
          }
        }
        d.validate("suite.schema.json", "a suite");
        return s;
      });
}

std::optional<Profile> load_profile(const std::string& path, const LoadOptions& options,
                                    Diagnostics& diagnostics) {
  const char* shape =
      "a profile is a JSON object with \"profile\", \"title\", \"users\" and \"suites\"";
  return load_document<Profile>(
      path, options, diagnostics, shape, [&](Decoder& d, const source::JsonFile& file) {
        const Json& j = file.json;
        Profile p;
        p.file = path;
        p.span = d.span("");
        p.name = str(j, "profile");
        p.title = str(j, "title");
        p.capabilities = strings(j.value("capabilities", Json::array()));
        for (std::size_t i = 0; i < p.capabilities.size(); ++i)
          p.capability_spans.push_back(d.span("/capabilities/" + std::to_string(i)));
        p.mode = parse_entra_mode(str(j, "entra_mode")).value_or(EntraMode::flag_off);
        if (j.contains("auth") && j["auth"].is_object()) {
          p.auth.type = str(j["auth"], "type");
          p.auth.token_url = str(j["auth"], "token_url");
          p.auth.span = d.span("/auth");
        }
        std::set<std::string> variable_names;
        if (j.contains("variables") && j["variables"].is_object()) {
          for (const auto& [name, v] : j["variables"].items()) {
            variable_names.insert(name);
            Variable var;
            var.name = name;
            var.span = d.span(ptr_key("/variables", name));
            if (!v.is_object()) continue;
            var.description = str(v, "description");
            if (v.contains("default")) var.default_value = v["default"];
            if (v.contains("embedded")) var.embedded_value = v["embedded"];
            var.required = flag(v, "required", false);
            var.env = str(v, "env");
            var.secret = flag(v, "secret", false);
            p.variables.push_back(std::move(var));
          }
        }
        p.secrets = strings(j.value("secrets", Json::array()));
        for (std::size_t i = 0; i < p.secrets.size(); ++i) {
          if (!variable_names.count(p.secrets[i]))
            d.error(
                "/secrets/" + std::to_string(i),
                "secret \"" + p.secrets[i] + "\" is not a declared variable", false,
                source::did_you_mean(p.secrets[i], {variable_names.begin(), variable_names.end()}));
          else
            for (auto& v : p.variables)
              if (v.name == p.secrets[i]) v.secret = true;
        }
        p.users = decode_mapping(d, j.value("users", Json()), "/users", variable_names);
        p.groups = decode_mapping(d, j.value("groups", Json()), "/groups", variable_names);
        p.suites = strings(j.value("suites", Json::array()));
        for (std::size_t i = 0; i < p.suites.size(); ++i)
          p.suite_spans.push_back(d.span("/suites/" + std::to_string(i)));
        std::vector<DecodeProblem> server_problems;
        p.server = decode_server_settings(file, "/server", variable_names, server_problems);
        for (const auto& x : server_problems) {
          if (x.offset == std::string::npos)
            d.error(x.pointer, x.message, x.key, x.hint);
          else
            d.error_at(x.pointer, x.offset, x.message, x.key, x.hint);
        }
        d.validate("profile.schema.json", "a profile");
        return p;
      });
}

void check_against_profile(const std::vector<Suite>& suites, const Profile& profile,
                           Diagnostics& diagnostics) {
  std::set<std::string> variables;
  for (const auto& v : profile.variables) variables.insert(v.name);
  std::map<std::string, Span> seen;
  auto walk_strings = [&](const Json& v, const Span& span, auto&& self) -> void {
    if (v.is_string()) {
      for (const auto& ref : source::find_templates(v.get<std::string>())) {
        if (ref.error.empty() && ref.root == "profile" && !variables.count(ref.rest)) {
          diagnostics.push_back(
              {Severity::error, span,
               "undefined variable \"profile." + ref.rest + "\": the profile \"" + profile.name +
                   "\" declares no such variable",
               source::did_you_mean(ref.rest, {variables.begin(), variables.end()})});
        }
      }
    } else if (v.is_object()) {
      for (const auto& [k, child] : v.items()) {
        self(Json(k), span, self);
        self(child, span, self);
      }
    } else if (v.is_array()) {
      for (const auto& child : v) self(child, span, self);
    }
  };
  for (const auto& s : suites) {
    for (const auto& c : s.cases) {
      if (!c.for_each) {
        if (auto [it, fresh] = seen.emplace(c.id, c.span); !fresh) {
          diagnostics.push_back({Severity::error, c.span,
                                 "case id \"" + c.id + "\" is also used at " + it->second.file +
                                     ":" + std::to_string(it->second.line),
                                 ""});
        }
      }
      for (const auto& st : c.steps) {
        auto w = [&](const Template& t) { walk_strings(t.value, t.span, walk_strings); };
        w(st.request.path);
        for (const auto& q : st.request.query) w(q.second);
        for (const auto& h : st.request.headers) w(h.second);
        if (st.request.body) w(*st.request.body);
        if (st.only_if) w(st.only_if->value);
        for (const auto& x : st.expect) {
          w(x.operand);
          walk_strings(Json(x.name), x.span, walk_strings);
        }
      }
    }
  }
}

bool looks_like_profile(const std::string& path) {
  if (path.size() >= 13 && path.compare(path.size() - 13, 13, ".profile.json") == 0) return true;
  if (path.size() >= 11 && path.compare(path.size() - 11, 11, ".suite.json") == 0) return false;
  std::string error;
  const auto j = source::read_json_value(path, source::kMaxJsonFileBytes, &error);
  return j && j->is_object() && j->contains("profile");
}

}  // namespace scimcheck::suite
