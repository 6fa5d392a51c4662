#include "scim/value_coercion.hpp"

#include <string>

#include "scim/json_limits.hpp"
#include "scim/path.hpp"

namespace scimcheck::scim {

using nlohmann::json;

void drop_nulls(json& value, std::size_t depth) {
  if (depth == 0) return;
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end();) {
      if (it->is_null()) {
        it = value.erase(it);
      } else {
        drop_nulls(*it, depth - 1);
        ++it;
      }
    }
  } else if (value.is_array()) {
    json kept = json::array();
    for (auto& item : value) {
      if (item.is_null()) continue;
      drop_nulls(item, depth - 1);
      kept.push_back(std::move(item));
    }
    value = std::move(kept);
  }
}

const AttributeDef* find_sub(const AttributeDef& def, std::string_view name) {
  for (const auto& sub : def.sub_attributes) {
    if (iequals(sub.name, name)) return &sub;
  }
  return nullptr;
}

std::string coerce(json& value, const AttributeDef* def, bool element, const PatchOptions& options,
                   bool strict) {
  if (value.is_null()) return {};
  if (def == nullptr) {
    drop_nulls(value);
    return {};
  }
  if (def->multi_valued && !element) {
    if (!value.is_array()) value = json::array({std::move(value)});
    json kept = json::array();
    for (auto& item : value) {
      if (item.is_null()) continue;
      if (auto error = coerce(item, def, true, options, strict); !error.empty()) return error;
      kept.push_back(std::move(item));
    }
    value = std::move(kept);
    return {};
  }
  // Invalid UTF-8 in a value built in code is shown as U+FFFD rather than thrown.
  const std::string wrong =
      "'" + def->name + "' cannot take the value " +
      value.dump(-1, ' ', false, json::error_handler_t::replace);
  switch (def->type) {
    case AttrType::complex: {
      if (value.is_array() && value.size() == 1 && value[0].is_object()) {
        // Entra's manager: [{"$ref": ..., "value": id}] for a single complex value.
        json only = std::move(value[0]);
        value = std::move(only);
      }
      if (value.is_string() && iequals(def->name, "manager") && options.manager_bare_string) {
        const std::string id = value.get<std::string>();
        value = id.empty() ? json(nullptr) : json{{"value", id}};
        return {};
      }
      if (!value.is_object()) return strict ? wrong : std::string();
      json canonical = json::object();
      for (auto& [key, sub_value] : value.items()) {
        if (sub_value.is_null()) continue;
        const AttributeDef* sub = find_sub(*def, key);
        if (sub == nullptr) {
          canonical[key] = std::move(sub_value);
          continue;
        }
        if (strict && sub->mutability == Mutability::read_only) continue;
        if (auto error = coerce(sub_value, sub, false, options, strict); !error.empty()) {
          return error;
        }
        if (!sub_value.is_null()) canonical[sub->name] = std::move(sub_value);
      }
      value = std::move(canonical);
      return {};
    }
    case AttrType::boolean:
      if (value.is_boolean()) return {};
      if (value.is_string() && options.string_booleans) {
        const auto& text = value.get_ref<const std::string&>();
        if (iequals(text, "true") || iequals(text, "false")) {
          value = iequals(text, "true");
          return {};
        }
      }
      return strict ? wrong : std::string();
    case AttrType::integer:
      return value.is_number_integer() || !strict ? std::string() : wrong;
    case AttrType::decimal:
      return value.is_number() || !strict ? std::string() : wrong;
    case AttrType::string:
    case AttrType::datetime:
    case AttrType::binary:
    case AttrType::reference:
      return value.is_string() || !strict ? std::string() : wrong;
  }
  return {};
}

}  // namespace scimcheck::scim
