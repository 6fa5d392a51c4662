#include "scim/projection.hpp"

#include <optional>

#include "scim/path.hpp"

namespace scimcheck::scim {
namespace {

using nlohmann::json;

/// The key under which an object holds a member, matched case-insensitively.
std::optional<std::string> member_key(const json& object, std::string_view name) {
  if (!object.is_object()) return std::nullopt;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (iequals(it.key(), name)) return it.key();
  }
  return std::nullopt;
}

bool is_extension_key(const std::string& key, const json& value) {
  return value.is_object() && fold_case(key).rfind("urn:", 0) == 0 && !is_core_urn(key);
}

/// Drops sub-attributes whose definition says `returned: never` from a complex value.
void strip_never_subs(json& value, const AttributeDef& def) {
  for (const auto& sub : def.sub_attributes) {
    if (sub.returned != Returned::never) continue;
    if (value.is_object()) {
      if (auto key = member_key(value, sub.name)) value.erase(*key);
    } else if (value.is_array()) {
      for (auto& element : value) {
        if (auto key = member_key(element, sub.name)) element.erase(*key);
      }
    }
  }
}

/// Removes what is never returned, and `returned: request` attributes nobody asked for.
void strip_members(json& object, ResourceKind kind, std::string_view urn,
                   const std::vector<std::string>& requested) {
  for (auto it = object.begin(); it != object.end();) {
    const AttributeDef* def = find_attribute(kind, urn, it.key());
    bool drop = false;
    if (def != nullptr) {
      drop = def->returned == Returned::never;
      if (def->returned == Returned::request) {
        drop = true;
        for (const auto& name : requested) {
          auto path = parse_path(name);
          if (path && iequals(path.value->attr, def->name)) drop = false;
        }
      }
    }
    if (drop) {
      it = object.erase(it);
      continue;
    }
    if (def != nullptr) strip_never_subs(*it, *def);
    ++it;
  }
}

/// The container (resource or extension object) that holds a path's attribute, with its key
/// in the resource ("" for the resource itself).
std::optional<std::string> container_key(const json& resource, const AttrPath& path,
                                         ResourceKind kind) {
  const std::string urn = container_urn(path, kind);
  if (urn.empty()) return std::string();
  return member_key(resource, urn);
}

void copy_path(const json& source, const AttrPath& path, ResourceKind kind, json& target) {
  if (path.urn.empty() && is_schema_urn(path.attr)) {
    if (auto key = member_key(source, path.attr)) target[*key] = source[*key];
    return;
  }
  auto holder_key = container_key(source, path, kind);
  if (!holder_key) return;
  const json& holder = holder_key->empty() ? source : source[*holder_key];
  auto key = member_key(holder, path.attr);
  if (!key) return;
  json& destination = holder_key->empty() ? target : target[*holder_key];
  const json& value = holder[*key];
  if (path.sub.empty()) {
    destination[*key] = value;
    return;
  }
  if (value.is_object()) {
    if (auto sub_key = member_key(value, path.sub)) destination[*key][*sub_key] = value[*sub_key];
  } else if (value.is_array()) {
    // One object per element, kept aligned so that several sub-attributes can be combined.
    json& elements = destination[*key];
    if (!elements.is_array() || elements.size() != value.size()) {
      elements = json::array();
      for (std::size_t i = 0; i < value.size(); ++i) elements.push_back(json::object());
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (auto sub_key = member_key(value[i], path.sub)) elements[i][*sub_key] = value[i][*sub_key];
    }
  }
}

/// Removes the empty objects (and then empty arrays) left by selecting sub-attributes of
/// elements that do not have them.
void drop_empty_elements(json& object) {
  for (auto it = object.begin(); it != object.end();) {
    if (it->is_array()) {
      json kept = json::array();
      for (auto& element : *it) {
        if (!(element.is_object() && element.empty())) kept.push_back(std::move(element));
      }
      if (kept.empty()) {
        it = object.erase(it);
        continue;
      }
      *it = std::move(kept);
    }
    ++it;
  }
}

void erase_path(json& resource, const AttrPath& path, ResourceKind kind) {
  if (path.urn.empty() && is_schema_urn(path.attr)) {
    if (auto key = member_key(resource, path.attr)) resource.erase(*key);
    return;
  }
  const AttributeDef* def = find_attribute(kind, path.urn, path.attr, path.sub);
  if (def != nullptr && def->returned == Returned::always) return;
  auto holder_key = container_key(resource, path, kind);
  if (!holder_key) return;
  json& holder = holder_key->empty() ? resource : resource[*holder_key];
  auto key = member_key(holder, path.attr);
  if (!key) return;
  if (path.sub.empty()) {
    holder.erase(*key);
  } else {
    json& value = holder[*key];
    if (value.is_object()) {
      if (auto sub_key = member_key(value, path.sub)) value.erase(*sub_key);
    } else if (value.is_array()) {
      for (auto& element : value) {
        if (auto sub_key = member_key(element, path.sub)) element.erase(*sub_key);
      }
    }
  }
  if (!holder_key->empty() && holder.empty()) resource.erase(*holder_key);
}

/// The value a resource sorts by: the primary (else first) value at the path, read through
/// the sub-attribute when the path has one; a complex value sorts by its "value".
std::optional<json> sort_key(const json& resource, const AttrPath& path, ResourceKind kind) {
  AttrPath whole = path;
  whole.sub.clear();
  const auto values = select(resource, whole, kind);
  if (values.empty()) return std::nullopt;
  const json* chosen = &values.front();
  for (const auto& value : values) {
    const json* primary = find_member(value, "primary");
    if (primary != nullptr && primary->is_boolean() && primary->get<bool>()) {
      chosen = &value;
      break;
    }
  }
  if (!path.sub.empty() || chosen->is_object()) {
    const json* value = find_member(*chosen, path.sub.empty() ? "value" : path.sub);
    if (value == nullptr || value->is_null()) return std::nullopt;
    return *value;
  }
  return *chosen;
}

int type_rank(const json& value) {
  if (value.is_boolean()) return 0;
  if (value.is_number()) return 1;
  if (value.is_string()) return 2;
  return 3;
}

}  // namespace

std::vector<std::string> split_attribute_list(const std::string& text) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::size_t first = start;
    std::size_t last = end;
    while (first < last && (text[first] == ' ' || text[first] == '\t')) ++first;
    while (last > first && (text[last - 1] == ' ' || text[last - 1] == '\t')) --last;
    if (last > first) names.push_back(text.substr(first, last - first));
    start = end + 1;
  }
  return names;
}

nlohmann::json project(const nlohmann::json& resource, ResourceKind kind,
                       const std::vector<std::string>& attributes,
                       const std::vector<std::string>& excluded) {
  if (!resource.is_object()) return resource;
  json out = resource;
  strip_members(out, kind, "", attributes);
  for (auto& [key, value] : out.items()) {
    if (is_extension_key(key, value)) strip_members(value, kind, key, attributes);
  }

  if (!attributes.empty()) {
    json selected = json::object();
    for (auto it = out.begin(); it != out.end(); ++it) {
      const AttributeDef* def = find_attribute(kind, "", it.key());
      if (iequals(it.key(), "schemas") || (def != nullptr && def->returned == Returned::always)) {
        selected[it.key()] = it.value();
      }
    }
    for (const auto& name : attributes) {
      auto path = parse_path(name);
      if (path) copy_path(out, *path.value, kind, selected);
    }
    drop_empty_elements(selected);
    out = std::move(selected);
  }
  for (const auto& name : excluded) {
    auto path = parse_path(name);
    if (path) erase_path(out, *path.value, kind);
  }
  return out;
}

bool sort_less(const nlohmann::json& a, const nlohmann::json& b, const std::string& sort_by,
               ResourceKind kind) {
  auto path = parse_path(sort_by);
  if (!path) return false;
  const auto x = sort_key(a, *path.value, kind);
  const auto y = sort_key(b, *path.value, kind);
  if (!x || !y) return x.has_value() && !y.has_value();
  if (type_rank(*x) != type_rank(*y)) return type_rank(*x) < type_rank(*y);
  if (x->is_string()) {
    const AttrPath& p = *path.value;
    const AttributeDef* def = find_attribute(kind, p.urn, p.attr, p.sub);
    if (def != nullptr && def->type == AttrType::complex) {
      def = find_attribute(kind, p.urn, p.attr, "value");
    }
    const bool case_exact = def != nullptr && def->case_exact;
    const auto& s = x->get_ref<const std::string&>();
    const auto& t = y->get_ref<const std::string&>();
    return case_exact ? s < t : fold_case(s) < fold_case(t);
  }
  if (x->is_number()) return x->get<double>() < y->get<double>();
  if (x->is_boolean()) return !x->get<bool>() && y->get<bool>();
  return false;
}

}  // namespace scimcheck::scim
