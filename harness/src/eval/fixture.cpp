#include "eval/fixture.hpp"

#include "eval/template_render.hpp"
#include "scim/attributes.hpp"
#include "scim/path.hpp"
#include "scim/value_filter.hpp"

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

/// The member of `object` named `name` in any case, added under that name when missing.
Json& member(Json& object, const std::string& name) {
  if (Json* found = scim::find_member(object, name)) return *found;
  return object[name];
}

/// attr[sub eq "x"]: the first element of the container's attribute that the path's filter
/// selects, else a new one the filter describes, appended; nullptr (nothing changed) when it
/// describes none.
Json* selected_element(Json& container, const scim::AttrPath& p, scim::ResourceKind kind) {
  Json* array = scim::find_member(container, p.attr);
  const Json none;
  scim::FilteredElements reached = scim::filtered_elements(array ? *array : none, p, kind);
  if (!reached.matched.empty()) return &(*array)[reached.matched.front()];
  if (!reached.created) return nullptr;
  if (!array || !array->is_array()) array = &(member(container, p.attr) = Json::array());
  // Entra marks the first (and usually only) generated entry primary.
  if (array->empty() && (scim::iequals(p.attr, "emails") || scim::iequals(p.attr, "phoneNumbers") ||
                         scim::iequals(p.attr, "addresses")))
    (*reached.created)["primary"] = true;
  array->push_back(std::move(*reached.created));
  return &array->back();
}

}  // namespace

bool set_at_path(Json& object, const std::string& path, const Json& value, std::string* error,
                 scim::ResourceKind kind) {
  auto parsed = scim::parse_path(path);
  if (!parsed) {
    *error = "invalid path \"" + path + "\": " + parsed.error;
    return false;
  }
  const scim::AttrPath& p = *parsed.value;
  Json* container = &object;
  if (!p.urn.empty() && !scim::is_core_urn(p.urn)) container = &member(object, p.urn);
  Json* target = nullptr;
  if (p.filter) {
    target = selected_element(*container, p, kind);
    if (!target) {
      *error = "only [x eq \"v\"] filters can be generated, not \"" + path + "\"";
      return false;
    }
    target = &member(*target, p.sub.empty() ? "value" : p.sub);
  } else {
    target = &member(*container, p.attr);
    if (!p.sub.empty()) target = &member(*target, p.sub);
  }
  *target = value;
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
    if (!set_at_path(body, attr.path, *value, error,
                     group ? scim::ResourceKind::group : scim::ResourceKind::user))
      return std::nullopt;
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
