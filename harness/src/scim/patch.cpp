#include "scim/patch.hpp"

#include <string>
#include <vector>

#include "scim/filter.hpp"
#include "scim/json_limits.hpp"
#include "scim/path.hpp"
#include "scim/value_coercion.hpp"
#include "scim/value_filter.hpp"

namespace scimcheck::scim {
namespace {

using nlohmann::json;

enum class Op { add, replace, remove };

const char* op_name(Op op) {
  switch (op) {
    case Op::add:
      return "add";
    case Op::replace:
      return "replace";
    case Op::remove:
      return "remove";
  }
  return "";
}

/// Whether two elements of a multi-valued attribute are the same value: by their "value"
/// sub-attribute when both have one (and the same type when both say), else as a whole.
bool same_element(const json& a, const json& b, bool case_exact) {
  if (a.is_object() && b.is_object()) {
    const json* va = find_member(a, "value");
    const json* vb = find_member(b, "value");
    if (va != nullptr && vb != nullptr) {
      if (!values_equal(*va, *vb, case_exact, true)) return false;
      const json* ta = find_member(a, "type");
      const json* tb = find_member(b, "type");
      return ta == nullptr || tb == nullptr || values_equal(*ta, *tb, false);
    }
  } else if (a.is_object() != b.is_object()) {
    // A bare id ("members" value list) against a complex element.
    const json& object = a.is_object() ? a : b;
    const json* value = find_member(object, "value");
    return value != nullptr && values_equal(*value, a.is_object() ? b : a, case_exact, true);
  }
  return values_equal(a, b, case_exact, true);
}

bool is_primary(const json& element) {
  const json* primary = find_member(element, "primary");
  return primary != nullptr && primary->is_boolean() && primary->get<bool>();
}

void set_member(json& object, std::string_view name, const AttributeDef* def, json value) {
  if (json* existing = find_member(object, name)) {
    *existing = std::move(value);
  } else {
    object[def != nullptr ? def->name : std::string(name)] = std::move(value);
  }
}

void erase_member(json& object, std::string_view name) {
  if (!object.is_object()) return;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (iequals(it.key(), name)) {
      object.erase(it);
      return;
    }
  }
}

/// Applies the operations of one PatchOp body to a resource (a working copy of it).
class Patcher {
 public:
  Patcher(json& resource, ResourceKind kind, const PatchOptions& options)
      : resource_(resource), kind_(kind), options_(options) {}

  std::optional<ScimError> apply(const json& operation) {
    if (!operation.is_object()) return error("invalidSyntax", "an operation must be an object");
    const json* op_member = find_member(operation, "op");
    if (op_member == nullptr || !op_member->is_string()) {
      return error("invalidSyntax", "an operation needs an 'op'");
    }
    const std::string& written = op_member->get_ref<const std::string&>();
    const std::string name = options_.case_insensitive_op ? fold_case(written) : written;
    Op op;
    if (name == "add") {
      op = Op::add;
    } else if (name == "replace") {
      op = Op::replace;
    } else if (name == "remove") {
      op = Op::remove;
    } else {
      return error("invalidSyntax", "unknown op '" + written + "' (add, replace or remove)");
    }

    const json* value = find_member(operation, "value");
    const json* path_member = find_member(operation, "path");
    if (path_member == nullptr || path_member->is_null()) {
      if (op == Op::remove) return error("noTarget", "remove needs a path");
      if (value == nullptr || !value->is_object()) {
        return error("invalidValue",
                     std::string(op_name(op)) + " without a path needs an object of attributes");
      }
      return apply_pathless(op, *value);
    }
    if (!path_member->is_string()) return error("invalidPath", "the path must be a string");
    const std::string& text = path_member->get_ref<const std::string&>();
    auto path = parse_path(text);
    if (!path) {
      return error("invalidPath", "invalid path '" + text + "' at offset " +
                                      std::to_string(path.offset) + ": " + path.error);
    }
    if (path.value->filter) {
      // Checked as a value path, so that names in the filter are the attribute's own.
      Filter value_path;
      value_path.kind = Filter::Kind::value_path;
      value_path.path = *path.value;
      if (auto invalid = validate_filter(value_path, kind_)) {
        return error("invalidFilter", invalid->detail);
      }
    }
    if (op != Op::remove && value == nullptr) {
      return error("invalidValue", std::string(op_name(op)) + " of '" + text + "' needs a value");
    }
    return apply_path(op, *path.value, value == nullptr ? json() : *value);
  }

 private:
  std::optional<ScimError> error(std::string scim_type, std::string detail) const {
    return ScimError{400, std::move(scim_type), std::move(detail)};
  }

  /// add/replace without a path: each member of the value is an attribute (or, with Entra's
  /// flat keys, an attribute path) to add or replace.
  std::optional<ScimError> apply_pathless(Op op, const json& value) {
    for (const auto& [key, item] : value.items()) {
      if (iequals(key, "schemas")) continue;
      if (is_extension_key(key, item)) {
        if (!item.is_object()) {
          return error("invalidValue", "the extension '" + key + "' must be an object");
        }
        for (const auto& [sub_key, sub_item] : item.items()) {
          AttrPath path;
          if (auto failure = key_path(sub_key, path)) return failure;
          if (path.urn.empty()) path.urn = key;
          if (auto failure = apply_path(op, path, sub_item)) return failure;
        }
        continue;
      }
      AttrPath path;
      if (auto failure = key_path(key, path)) return failure;
      if (auto failure = apply_path(op, path, item)) return failure;
    }
    return std::nullopt;
  }

  /// Whether a pathless key names a whole schema extension rather than one attribute.
  bool is_extension_key(const std::string& key, const json& item) const {
    if (is_schema_urn(key) && !is_core_urn(key)) return true;
    if (!item.is_object() || fold_case(key).rfind("urn:", 0) != 0) return false;
    const json* declared = find_member(resource_, "schemas");
    if (declared == nullptr || !declared->is_array()) return false;
    for (const auto& urn : *declared) {
      if (urn.is_string() && iequals(urn.get<std::string>(), key)) return true;
    }
    return false;
  }

  /// The path a pathless key stands for: a plain name, or (dotted_pathless_keys) an attribute
  /// path such as "name.givenName". Without that option such a key is a literal member name.
  std::optional<ScimError> key_path(const std::string& key, AttrPath& path) const {
    const bool is_path = key.find_first_of(".:[") != std::string::npos;
    if (is_path && !options_.dotted_pathless_keys) {
      path.attr = key;
      path.text = key;
      return std::nullopt;
    }
    if (is_core_urn(key)) {
      return error("invalidPath", "'" + key + "' names a core schema, not an attribute");
    }
    auto parsed = parse_path(key);
    if (!parsed) return error("invalidPath", "invalid attribute '" + key + "': " + parsed.error);
    path = std::move(*parsed.value);
    return std::nullopt;
  }

  std::optional<ScimError> apply_path(Op op, const AttrPath& path, const json& value) {
    if (path.urn.empty() && is_schema_urn(path.attr)) {
      // A path naming a whole extension: its value holds that extension's attributes.
      if (op == Op::remove) {
        erase_member(resource_, path.attr);
        return std::nullopt;
      }
      if (!value.is_object()) {
        return error("invalidValue", "the extension '" + path.attr + "' must be an object");
      }
      return apply_pathless(op, json{{path.attr, value}});
    }
    const AttributeDef* def = find_attribute(kind_, path.urn, path.attr);
    const AttributeDef* sub_def =
        def != nullptr && !path.sub.empty() ? find_sub(*def, path.sub) : nullptr;
    for (const AttributeDef* checked : {def, sub_def}) {
      if (checked == nullptr || checked->mutability != Mutability::read_only) continue;
      // Echoing a readOnly value unchanged (a client sending back what it read) is harmless.
      const auto current = select(resource_, path, kind_);
      if (op != Op::remove && current.size() == 1 &&
          values_equal(current.front(), value, checked->case_exact)) {
        return std::nullopt;
      }
      return error("mutability", "'" + path.text + "' is readOnly");
    }
    if (path.filter) return apply_filtered(op, path, def, sub_def, value);
    if (!path.sub.empty()) return apply_sub(op, path, def, sub_def, value);
    return apply_attribute(op, path, def, value);
  }

  /// The object that holds the path's attribute: the resource or an extension object.
  json* container(const AttrPath& path, bool create) {
    const std::string urn = container_urn(path, kind_);
    if (urn.empty()) return &resource_;
    json* extension = find_member(resource_, urn);
    if (extension != nullptr && extension->is_object()) return extension;
    if (!create) return nullptr;
    json& schemas = resource_["schemas"];
    if (!schemas.is_array()) schemas = json::array();
    bool listed = false;
    for (const auto& item : schemas)
      listed = listed || (item.is_string() && iequals(item.get<std::string>(), urn));
    if (!listed) schemas.push_back(urn);
    if (extension == nullptr) extension = &resource_[urn];
    *extension = json::object();
    return extension;
  }

  /// Drops an extension object that no longer holds anything.
  void prune(const AttrPath& path) {
    const std::string urn = container_urn(path, kind_);
    if (urn.empty()) return;
    json* extension = find_member(resource_, urn);
    if (extension != nullptr && extension->is_object() && extension->empty()) {
      erase_member(resource_, urn);
    }
  }

  std::optional<ScimError> check_required(const AttrPath& path, const AttributeDef* def) const {
    if (def != nullptr && def->required) {
      return error("invalidValue", "'" + path.text + "' is required and cannot be removed");
    }
    return std::nullopt;
  }

  std::optional<ScimError> coerced(json& value, const AttrPath& path, const AttributeDef* def,
                                   bool element) const {
    if (auto message = coerce(value, def, element, options_, true); !message.empty()) {
      return error("invalidValue", "'" + path.text + "': " + message);
    }
    return std::nullopt;
  }

  bool case_exact_value(const AttributeDef* def) const {
    if (def == nullptr) return false;
    const AttributeDef* value = find_sub(*def, "value");
    return value != nullptr ? value->case_exact : def->case_exact;
  }

  std::optional<ScimError> apply_attribute(Op op, const AttrPath& path, const AttributeDef* def,
                                           json value) {
    if (op == Op::remove) return remove_attribute(path, def, value);
    if (auto failure = coerced(value, path, def, false)) return failure;
    json* holder = container(path, !value.is_null());
    json* current = holder != nullptr ? find_member(*holder, path.attr) : nullptr;
    const bool multi =
        def != nullptr ? def->multi_valued : value.is_array() || (current && current->is_array());
    const bool empty = value.is_null() || (multi && value.is_array() && value.empty());
    if (empty) {
      // Adding nothing changes nothing; replacing with nothing unassigns the attribute.
      if (op == Op::add) return std::nullopt;
      if (auto failure = check_required(path, def)) return failure;
      if (holder != nullptr) erase_member(*holder, path.attr);
      prune(path);
      return std::nullopt;
    }
    if (multi && op == Op::add && current != nullptr && current->is_array()) {
      append(*current, value, def);
      return std::nullopt;
    }
    if (!multi && value.is_object() && current != nullptr && current->is_object() &&
        find_member(value, "value") == nullptr) {
      // A complex value merges its sub-attributes (RFC 7644 §3.5.2.1, §3.5.2.3); one that
      // carries a "value" is a reference (manager) and is replaced whole.
      for (const auto& [key, item] : value.items()) {
        set_member(*current, key, def != nullptr ? find_sub(*def, key) : nullptr, item);
      }
      return std::nullopt;
    }
    set_member(*holder, path.attr, def, std::move(value));
    return std::nullopt;
  }

  /// Appends the new elements of `values` that are not there yet; a new primary element
  /// takes the primary flag from the others.
  void append(json& current, const json& values, const AttributeDef* def) {
    const bool case_exact = case_exact_value(def);
    for (const auto& item : values) {
      bool present = false;
      for (const auto& existing : current)
        present = present || same_element(existing, item, case_exact);
      if (present) continue;
      if (is_primary(item)) {
        for (auto& existing : current) {
          if (is_primary(existing)) set_member(existing, "primary", nullptr, false);
        }
      }
      current.push_back(item);
    }
  }

  std::optional<ScimError> remove_attribute(const AttrPath& path, const AttributeDef* def,
                                            const json& value) {
    json* holder = container(path, false);
    json* current = holder != nullptr ? find_member(*holder, path.attr) : nullptr;
    if (current == nullptr) return std::nullopt;
    if (options_.remove_members_by_value && current->is_array() && !value.is_null()) {
      // Entra: remove path=members with a value list removes only the listed members.
      const json listed = value.is_array() ? value : json::array({value});
      const bool case_exact = case_exact_value(def);
      json kept = json::array();
      for (auto& element : *current) {
        bool drop = false;
        for (const auto& item : listed) drop = drop || same_element(element, item, case_exact);
        if (!drop) kept.push_back(std::move(element));
      }
      *current = std::move(kept);
      if (!current->empty()) return std::nullopt;
    } else if (auto failure = check_required(path, def)) {
      return failure;
    }
    erase_member(*holder, path.attr);
    prune(path);
    return std::nullopt;
  }

  std::optional<ScimError> apply_sub(Op op, const AttrPath& path, const AttributeDef* def,
                                     const AttributeDef* sub_def, json value) {
    if (op == Op::remove) value = nullptr;
    if (auto failure = coerced(value, path, sub_def, false)) return failure;
    if (value.is_null() && op == Op::add) return std::nullopt;
    json* holder = container(path, !value.is_null());
    if (holder == nullptr) return std::nullopt;
    json* current = find_member(*holder, path.attr);
    const bool multi = def != nullptr ? def->multi_valued : current && current->is_array();
    if (multi) {
      if (current == nullptr || !current->is_array() || current->empty()) {
        if (value.is_null()) return std::nullopt;
        set_member(*holder, path.attr, def, json::array({json::object()}));
        current = find_member(*holder, path.attr);
      }
      for (auto& element : *current) set_sub(element, path, sub_def, value);
    } else {
      if (current == nullptr || !current->is_object()) {
        if (value.is_null()) return std::nullopt;
        set_member(*holder, path.attr, def, json::object());
        current = find_member(*holder, path.attr);
      }
      set_sub(*current, path, sub_def, value);
      if (current->empty()) erase_member(*holder, path.attr);
    }
    prune(path);
    return std::nullopt;
  }

  static void set_sub(json& element, const AttrPath& path, const AttributeDef* sub_def,
                      const json& value) {
    if (!element.is_object()) return;
    if (value.is_null()) {
      erase_member(element, path.sub);
    } else {
      set_member(element, path.sub, sub_def, value);
    }
  }

  std::optional<ScimError> apply_filtered(Op op, const AttrPath& path, const AttributeDef* def,
                                          const AttributeDef* sub_def, json value) {
    const bool has_sub = !path.sub.empty();
    if (op == Op::remove) {
      value = nullptr;
    } else if (auto failure = coerced(value, path, has_sub ? sub_def : def, !has_sub)) {
      return failure;
    }
    json* holder = container(path, op != Op::remove);
    json* current = holder != nullptr ? find_member(*holder, path.attr) : nullptr;
    const json no_elements;
    FilteredElements reached =
        filtered_elements(current != nullptr ? *current : no_elements, path, kind_);
    const std::vector<std::size_t>& matched = reached.matched;
    if (matched.empty()) {
      const std::string none =
          "no value of '" + path.attr + "' matches [" + to_string(*path.filter) + "]";
      if (op == Op::remove || !options_.filtered_add_creates) return error("noTarget", none);
      // Entra: add/replace on an unmatched filter creates the element the filter describes.
      std::optional<json>& element = reached.created;
      if (!element) return error("noTarget", none + " and the filter describes no new value");
      if (value.is_null()) return std::nullopt;
      if (has_sub) {
        set_member(*element, path.sub, sub_def, value);
      } else if (value.is_object()) {
        element->update(value);
      } else {
        return error("invalidValue", "'" + path.text + "' needs an object value");
      }
      if (auto failure = coerced(*element, path, def, true)) return failure;
      if (current == nullptr || !current->is_array()) {
        set_member(*holder, path.attr, def, json::array());
        current = find_member(*holder, path.attr);
      }
      append(*current, json::array({*element}), def);
      return std::nullopt;
    }

    if (!has_sub && op == Op::remove) {
      json kept = json::array();
      for (std::size_t i = 0, next = 0; i < current->size(); ++i) {
        if (next < matched.size() && matched[next] == i) {
          ++next;
        } else {
          kept.push_back(std::move((*current)[i]));
        }
      }
      *current = std::move(kept);
      if (current->empty()) erase_member(*holder, path.attr);
      prune(path);
      return std::nullopt;
    }
    for (std::size_t index : matched) {
      json& element = (*current)[index];
      if (has_sub) {
        set_sub(element, path, sub_def, value);
      } else if (!value.is_object()) {
        return error("invalidValue", "'" + path.text + "' needs an object value");
      } else if (op == Op::add) {
        for (const auto& [key, item] : value.items()) {
          set_member(element, key, def != nullptr ? find_sub(*def, key) : nullptr, item);
        }
      } else {
        element = value;
      }
    }
    if (value.is_object() && is_primary(value)) {
      // The replaced or merged element became primary: no other one stays primary.
      for (std::size_t i = 0; i < current->size(); ++i) {
        bool was_matched = false;
        for (std::size_t index : matched) was_matched = was_matched || index == i;
        if (!was_matched && is_primary((*current)[i])) {
          set_member((*current)[i], "primary", nullptr, false);
        }
      }
    }
    return std::nullopt;
  }

  json& resource_;
  ResourceKind kind_;
  const PatchOptions& options_;
};

}  // namespace

std::optional<ScimError> apply_patch(nlohmann::json& resource, const nlohmann::json& patch_body,
                                     ResourceKind kind, const PatchOptions& options) {
  const auto invalid = [](std::string detail) {
    return ScimError{400, "invalidSyntax", std::move(detail)};
  };
  if (!patch_body.is_object()) return invalid("the PatchOp body must be a JSON object");
  if (nesting_exceeds(patch_body))
    return invalid("the PatchOp body nests deeper than " + std::to_string(kMaxJsonNesting) +
                   " levels");
  const json* schemas = find_member(patch_body, "schemas");
  bool declared = false;
  if (schemas != nullptr && schemas->is_array()) {
    for (const auto& urn : *schemas)
      declared = declared || (urn.is_string() && iequals(urn.get<std::string>(), kPatchOpUrn));
  }
  if (!declared)
    return invalid(std::string("the PatchOp body must list the schema ") + kPatchOpUrn);
  const json* operations = find_member(patch_body, "Operations");
  if (operations == nullptr || !operations->is_array() || operations->empty()) {
    return invalid("the PatchOp body needs a non-empty 'Operations' array");
  }

  json working = resource;
  Patcher patcher(working, kind, options);
  for (std::size_t i = 0; i < operations->size(); ++i) {
    if (auto failure = patcher.apply((*operations)[i])) {
      failure->detail = "Operations[" + std::to_string(i) + "]: " + failure->detail;
      return failure;
    }
  }
  resource = std::move(working);
  return std::nullopt;
}

void normalise_resource(nlohmann::json& resource, ResourceKind kind, const PatchOptions& options) {
  if (!resource.is_object()) return;
  for (auto it = resource.begin(); it != resource.end();) {
    if (it->is_null()) {
      it = resource.erase(it);
      continue;
    }
    const std::string& key = it.key();
    if (fold_case(key).rfind("urn:", 0) == 0 && it->is_object() && !is_core_urn(key)) {
      json& extension = *it;
      for (auto member = extension.begin(); member != extension.end();) {
        coerce(*member, find_attribute(kind, key, member.key()), false, options, false);
        member = member->is_null() ? extension.erase(member) : std::next(member);
      }
    } else {
      coerce(*it, find_attribute(kind, "", key), false, options, false);
    }
    it = it->is_null() ? resource.erase(it) : std::next(it);
  }
}

}  // namespace scimcheck::scim
