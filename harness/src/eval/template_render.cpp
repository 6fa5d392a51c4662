#include "eval/template_render.hpp"

#include <algorithm>
#include <string_view>

#include "http/url.hpp"
#include "scim/attributes.hpp"
#include "scim/patch.hpp"
#include "scim/path.hpp"
#include "source/template_syntax.hpp"

namespace scimcheck::eval {
namespace {

scim::ResourceKind resource_kind_of_fixture(const Json& fixture) {
  const std::string k = fixture.value("kind", std::string());
  return k == "group" ? scim::ResourceKind::group
                      : k == "user" ? scim::ResourceKind::user : scim::ResourceKind::other;
}

std::optional<Json> select_first(const Json& document, const std::string& path,
                                 scim::ResourceKind kind, const std::string& what,
                                 std::string* error) {
  auto parsed = scim::parse_path(path);
  if (!parsed) {
    *error = "invalid path \"" + path + "\" in " + what + ": " + parsed.error;
    return std::nullopt;
  }
  auto values = scim::select(document, *parsed.value, kind);
  if (values.empty()) {
    *error = what + " has no value at \"" + path + "\"";
    return std::nullopt;
  }
  if (values.size() == 1) return values.front();
  return Json(values);
}

/// The fixture's create body with what `path` names removed, as a PATCH remove would: the
/// body Entra sends for a user who has no value there.
std::optional<Json> body_without(const Json& fixture, const std::string& path,
                                 const std::string& name, std::string* error) {
  Json body = fixture["body"];
  const Json patch = {{"schemas", Json::array({scim::kPatchOpUrn})},
                      {"Operations", Json::array({{{"op", "remove"}, {"path", path}}})}};
  if (auto refused = scim::apply_patch(body, patch, resource_kind_of_fixture(fixture))) {
    *error = "fixture " + name + " cannot leave out \"" + path + "\": " + refused->detail;
    return std::nullopt;
  }
  return body;
}

std::string as_text(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::optional<Json> apply_filters(Json value, const std::vector<std::string>& filters,
                                  std::string* error) {
  for (const auto& f : filters) {
    if (f == "upper" || f == "lower") {
      if (!value.is_string()) {
        *error = "filter " + f + " needs a string, got " + value.dump();
        return std::nullopt;
      }
      std::string s = value.get<std::string>();
      for (auto& c : s)
        c = static_cast<char>(f == "upper" ? std::toupper(static_cast<unsigned char>(c))
                                           : std::tolower(static_cast<unsigned char>(c)));
      value = s;
    } else if (f == "json") {
      value = value.dump();
    } else if (f == "url") {
      value = http::url_encode(as_text(value));
    } else {
      *error = "unknown filter " + f;
      return std::nullopt;
    }
  }
  return value;
}

}  // namespace

std::optional<Json> lookup(const std::string& root, const std::string& rest, Scope& scope,
                           std::string* error) {
  if (root == "run") {
    if (rest == "id") return Json(scope.run_id);
    if (rest == "prefix") return Json(run_prefix(scope.run_id));
    *error = "run has no \"" + rest + "\"";
    return std::nullopt;
  }
  if (root == "profile") {
    if (scope.variables.is_object() && scope.variables.contains(rest) &&
        !scope.variables[rest].is_null())
      return scope.variables[rest];
    *error = "the profile variable \"" + rest + "\" has no value (set it with --var " + rest +
             "=VALUE)";
    return std::nullopt;
  }
  if (root == "uuid") return Json(*scope.drawn_uuids.insert(new_uuid()).first);
  if (root == "unique") return Json(scope.next_unique());
  if (auto it = scope.fixtures.find(root); it != scope.fixtures.end()) {
    const Json& f = it->second;
    if (rest == "body") return f["body"];
    if (constexpr std::string_view without = "body_without."; rest.rfind(without, 0) == 0)
      return body_without(f, rest.substr(without.size()), root, error);
    if (rest == "match.attribute") return f["match"]["attribute"];
    if (rest == "match.value") return f["match"]["value"];
    if (rest == "kind") return f["kind"];
    if (rest == "paths") return f["paths"];
    return select_first(f["body"], rest, resource_kind_of_fixture(f), "fixture " + root, error);
  }
  if (auto it = scope.items.find(root); it != scope.items.end()) {
    if (it->second.contains(rest)) return it->second[rest];
    *error = "the for_each item has no \"" + rest + "\"";
    return std::nullopt;
  }
  if (auto it = scope.captures.find(root); it != scope.captures.end()) {
    if (rest.empty()) return it->second;
    return select_first(it->second, rest, scim::ResourceKind::other, "capture " + root, error);
  }
  *error = "\"" + root + "\" is not set (a capture that found nothing, or an unknown name)";
  return std::nullopt;
}

namespace {

/// Where a rendered string goes: a JSON value, or a request path, where every value taken
/// from a template is one opaque segment.
enum class Placement { value, path };

std::optional<Json> render_string(const std::string& text, Scope& scope, std::string* error,
                                  Placement placement = Placement::value) {
  const auto refs = source::find_templates(text);
  if (refs.empty()) return Json(text);
  for (const auto& ref : refs) {
    if (!ref.error.empty()) {
      *error = "bad template in \"" + text + "\": " + ref.error;
      return std::nullopt;
    }
  }
  if (placement == Placement::value && source::is_whole_template(text)) {
    const auto& ref = refs.front();
    auto value = lookup(ref.root, ref.rest, scope, error);
    if (!value) return std::nullopt;
    return apply_filters(std::move(*value), ref.filters, error);
  }
  std::string out;
  std::size_t pos = 0;
  for (const auto& ref : refs) {
    out.append(text, pos, ref.begin - pos);
    auto value = lookup(ref.root, ref.rest, scope, error);
    if (!value) return std::nullopt;
    auto filtered = apply_filters(std::move(*value), ref.filters, error);
    if (!filtered) return std::nullopt;
    if (placement == Placement::path) {
      auto segment = http::path_segment(as_text(*filtered));
      if (!segment) {
        *error = text.substr(ref.begin, ref.end - ref.begin) + " is " + filtered->dump() +
                 ", which cannot be one segment of the request path";
        return std::nullopt;
      }
      out += *segment;
    } else {
      out += as_text(*filtered);
    }
    pos = ref.end;
  }
  out.append(text, pos, std::string::npos);
  return Json(out);
}

}  // namespace

std::optional<Json> render(const Json& value, Scope& scope, std::string* error) {
  if (value.is_string()) return render_string(value.get<std::string>(), scope, error);
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [k, v] : value.items()) {
      auto key = render_string(k, scope, error);
      if (!key) return std::nullopt;
      auto child = render(v, scope, error);
      if (!child) return std::nullopt;
      out[as_text(*key)] = std::move(*child);
    }
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& v : value) {
      auto child = render(v, scope, error);
      if (!child) return std::nullopt;
      out.push_back(std::move(*child));
    }
    return out;
  }
  return value;
}

std::optional<Json> render(const suite::Template& value, Scope& scope, std::string* error) {
  return render(value.value, scope, error);
}

std::optional<std::string> render_text(const std::string& text, Scope& scope, std::string* error) {
  auto v = render_string(text, scope, error);
  if (!v) return std::nullopt;
  return as_text(*v);
}

std::optional<RenderedRequest> render_request(const suite::RequestTemplate& request, Scope& scope,
                                              std::string* error) {
  RenderedRequest out;
  out.method = request.method;
  if (!request.path.value.is_string()) {
    *error = "the request path is not a string";
    return std::nullopt;
  }
  auto path = render_string(request.path.value.get<std::string>(), scope, error, Placement::path);
  if (!path) return std::nullopt;
  out.path = as_text(*path);
  for (const auto& [name, value] : request.query) {
    auto v = render(value, scope, error);
    if (!v) return std::nullopt;
    out.query.emplace_back(name, as_text(*v));
  }
  for (const auto& [name, value] : request.headers) {
    auto v = render(value, scope, error);
    if (!v) return std::nullopt;
    out.headers.emplace_back(name, as_text(*v));
  }
  if (request.body) {
    auto b = render(*request.body, scope, error);
    if (!b) return std::nullopt;
    out.body = std::move(*b);
  }
  out.send_auth = request.send_auth;
  if (request.auth_token) {
    auto t = render(*request.auth_token, scope, error);
    if (!t) return std::nullopt;
    out.auth_token = as_text(*t);
  }
  return out;
}

}  // namespace scimcheck::eval
