#include "eval/fixture.hpp"

#include "eval/render.hpp"
#include "scim/attributes.hpp"
#include "scim/filter.hpp"
#include "scim/path.hpp"

namespace scimcheck::eval {
namespace {

/// The value a mapping generates, typed as the mapping says.
std::optional<Json> generate(const suite::AttributeMapping& attr, const suite::Template& tmpl,
                             Scope& scope, std::string* error) {
  auto value = render(tmpl, scope, error);
  if (!value) return std::nullopt;
  if (attr.type == "boolean" && value->is_string()) {
    const std::string s = value->get<std::string>();
    if (s == "true" || s == "True") return Json(true);
    if (s == "false" || s == "False") return Json(false);
    *error = "attribute " + attr.path + " is boolean but its value is \"" + s + "\"";
    return std::nullopt;
  }
  return value;
}

const suite::AttributeMapping* find_mapping(const suite::ResourceMapping& mapping,
                                            const std::string& path) {
  for (const auto& a : mapping.attributes)
    if (a.path == path) return &a;
  return nullptr;
}

}  // namespace

bool set_at_path(Json& object, const std::string& path, const Json& value, std::string* error) {
  auto parsed = scim::parse_path(path);
  if (!parsed) {
    *error = "invalid path \"" + path + "\": " + parsed.error;
    return false;
  }
  const scim::AttrPath& p = *parsed.value;
  Json* container = &object;
  const bool extension = !p.urn.empty() && p.urn != scim::kUserUrn && p.urn != scim::kGroupUrn;
  if (extension) container = &object[p.urn];
  if (!p.filter) {
    if (p.sub.empty())
      (*container)[p.attr] = value;
    else
      (*container)[p.attr][p.sub] = value;
    return true;
  }
  // attr[sub eq "x"].leaf: find or create the element the filter selects.
  const scim::Filter& f = *p.filter;
  if (f.kind != scim::Filter::Kind::compare || f.op != "eq") {
    *error = "only [x eq \"v\"] filters can be generated, not \"" + path + "\"";
    return false;
  }
  Json& array = (*container)[p.attr];
  if (!array.is_array()) array = Json::array();
  Json* element = nullptr;
  for (auto& e : array)
    if (e.is_object() && e.contains(f.path.attr) && e[f.path.attr] == f.value) element = &e;
  if (!element) {
    Json fresh = Json::object();
    fresh[f.path.attr] = f.value;
    // Entra marks the first (and usually only) generated entry primary.
    if (array.empty() && (p.attr == "emails" || p.attr == "phoneNumbers" || p.attr == "addresses"))
      fresh["primary"] = true;
    array.push_back(std::move(fresh));
    element = &array.back();
  }
  if (p.sub.empty())
    (*element)["value"] = value;
  else
    (*element)[p.sub] = value;
  return true;
}

std::optional<Json> make_fixture(const std::string& kind, const suite::ResourceMapping& mapping,
                                 Scope& scope, std::string* error, bool adscim) {
  if (!mapping.enabled) {
    *error = "the profile maps no " + kind + "s";
    return std::nullopt;
  }
  const bool group = kind == "group";
  Json body = Json::object();
  if (!group)
    body["schemas"] = Json::array({scim::kUserUrn, scim::kEnterpriseUrn});
  else if (adscim)
    body["schemas"] = Json::array({scim::kGroupUrn, scim::kAdScimGroupUrn});
  else
    body["schemas"] = Json::array({scim::kGroupUrn});
  for (const auto& attr : mapping.attributes) {
    if (attr.type == "reference") continue;  // set by PATCH once the target exists
    auto value = generate(attr, attr.value, scope, error);
    if (!value) return std::nullopt;
    if (!set_at_path(body, attr.path, *value, error)) return std::nullopt;
  }
  body["meta"] = {{"resourceType", group ? "Group" : "User"}};
  Json match = {{"attribute", mapping.matching}, {"value", nullptr}};
  if (auto parsed = scim::parse_path(mapping.matching)) {
    auto values = scim::select(body, *parsed.value,
                               group ? scim::ResourceKind::group : scim::ResourceKind::user);
    if (!values.empty()) match["value"] = values.front();
  }
  Json paths = Json::array();
  for (const auto& attr : mapping.attributes) paths.push_back(attr.path);
  return Json{{"kind", kind}, {"body", std::move(body)}, {"match", std::move(match)},
              {"paths", std::move(paths)}};
}

std::optional<Json> make_item(const Json& item, const suite::ResourceMapping& mapping,
                              Scope& scope, std::string* error) {
  Json out = item;
  const std::string path = item.value("path", std::string());
  const suite::AttributeMapping* attr = find_mapping(mapping, path);
  if (!attr) {
    *error = "no mapping for " + path;
    return std::nullopt;
  }
  auto parsed = scim::parse_path(path);
  std::string leaf = path;
  if (parsed) leaf = parsed.value->sub.empty() ? parsed.value->attr : parsed.value->sub;
  out["leaf"] = leaf;
  if (attr->type == "reference") {
    out["value"] = nullptr;
    out["update"] = nullptr;
    out["update_text"] = nullptr;
    return out;
  }
  auto value = generate(*attr, attr->value, scope, error);
  if (!value) return std::nullopt;
  std::optional<Json> update;
  if (value->is_boolean()) {
    update = Json(!value->get<bool>());
  } else {
    update = generate(*attr, attr->update ? *attr->update : attr->value, scope, error);
    if (!update) return std::nullopt;
    if (*update == *value) {
      *error = "the update value of " + path + " equals its first value";
      return std::nullopt;
    }
  }
  out["value"] = *value;
  out["update"] = *update;
  out["update_text"] = update->is_boolean() ? Json(update->get<bool>() ? "True" : "False") : *update;
  return out;
}

}  // namespace scimcheck::eval
