#include "check/drift.hpp"
#include "scim/path.hpp"
#include "source/strings.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace scimcheck::check {
namespace {

using nlohmann::json;

constexpr const char* kUserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
constexpr const char* kGroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group";
constexpr const char* kListUrn = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

std::string string_or(const json& object, const char* key, std::string fallback) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::move(fallback);
}

bool bool_or(const json& object, const char* key, bool fallback) {
  const auto it = object.find(key);
  return it != object.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

/// One declared attribute; its sub-attributes only when `depth` allows (complex attributes
/// hold no complex sub-attributes, so one level is read).
std::optional<DeclaredAttribute> read_attribute(const json& item, int depth) {
  if (!item.is_object()) return std::nullopt;
  DeclaredAttribute a;
  a.name = string_or(item, "name", "");
  if (a.name.empty()) return std::nullopt;
  a.type = string_or(item, "type", "string");
  a.multi_valued = bool_or(item, "multiValued", false);
  a.required = bool_or(item, "required", false);
  a.returned = source::fold_case(string_or(item, "returned", "default"));
  a.mutability = source::fold_case(string_or(item, "mutability", "readWrite"));
  const auto subs = item.find("subAttributes");
  if (depth > 0 && subs != item.end() && subs->is_array())
    for (std::size_t i = 0; i < subs->size() && i < kMaxDeclaredAttributes; ++i)
      if (auto sub = read_attribute((*subs)[i], depth - 1)) a.sub_attributes.push_back(*sub);
  return a;
}

const DeclaredAttribute* find_attribute(const std::vector<DeclaredAttribute>& list,
                                        const std::string& name) {
  for (const auto& a : list)
    if (source::iequals(a.name, name)) return &a;
  return nullptr;
}

/// The value as seen, shortened; a container is summed up without walking into it.
std::string shorten(const json& value) {
  std::string text;
  if (value.is_array()) {
    text = "an array of " + std::to_string(value.size()) + " value(s)";
    if (!value.empty() && value.front().is_primitive()) text += ", the first " + shorten(value.front());
  } else if (value.is_object()) {
    text = "an object with";
    std::size_t n = 0;
    for (const auto& [key, member] : value.items()) {
      if (n++ == 5) { text += " ..."; break; }
      text += " " + key;
    }
    if (n == 0) text += " no members";
  } else {
    text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  if (text.size() > kMaxSeenChars) text = text.substr(0, kMaxSeenChars) + "...";
  return text;
}

/// A value that must never be returned (a password) is told by its kind only, never shown.
std::string hidden(const json& value) {
  if (value.is_string())
    return "returned: a string of " + std::to_string(value.get_ref<const std::string&>().size()) +
           " characters (not shown)";
  return std::string("returned: a value of type ") + value.type_name() + " (not shown)";
}

/// xsd:dateTime's leading shape, YYYY-MM-DDThh:mm:ss (RFC 7643 §2.3.5).
bool looks_like_date_time(const std::string& text) {
  static constexpr const char* kShape = "dddd-dd-ddTdd:dd:dd";
  if (text.size() < 19) return false;
  for (std::size_t i = 0; i < 19; ++i) {
    const char want = kShape[i];
    const bool ok = want == 'd' ? std::isdigit(static_cast<unsigned char>(text[i])) != 0
                                : text[i] == want;
    if (!ok) return false;
  }
  return true;
}

bool has_type(const json& value, const std::string& type) {
  const std::string t = source::fold_case(type);
  if (t == "boolean") return value.is_boolean();
  if (t == "decimal") return value.is_number();
  if (t == "integer") return value.is_number_integer();
  if (t == "complex") return value.is_object();
  if (t == "datetime") return value.is_string() && looks_like_date_time(value.get<std::string>());
  return value.is_string();  // string, reference, binary
}

std::string declaration_of(const DeclaredAttribute& a) {
  return "type " + a.type + ", multiValued " + (a.multi_valued ? "true" : "false") +
         (a.required ? ", required" : "") + ", returned " + a.returned;
}

class Judge {
 public:
  Judge(const ServerSchemas& declared, bool check_required)
      : declared_(declared), check_required_(check_required) {}

  /// The attributes of one schema's part of the resource (the resource itself for the core
  /// schema, the extension object for an extension).
  void judge_object(const json& object, const std::vector<DeclaredAttribute>& attributes,
                    const std::string& prefix, bool is_core) {
    for (const auto& [key, value] : object.items()) {
      if (is_core && is_common(key)) continue;
      if (is_core && source::fold_case(key).rfind("urn:", 0) == 0) {
        judge_extension(key, value);
        continue;
      }
      if (const auto* a = find_attribute(attributes, key))
        judge_attribute(value, *a, prefix + a->name);
      else
        add(DriftKind::undeclared, prefix + key, "not declared in /Schemas", shorten(value));
    }
    if (check_required_) missing_required(object, attributes, prefix);
  }

  std::vector<Drift> out;

 private:
  static bool is_common(const std::string& key) {
    return source::iequals(key, "schemas") || source::iequals(key, "id") || source::iequals(key, "externalId") ||
           source::iequals(key, "meta");
  }

  void judge_extension(const std::string& urn, const json& value) {
    const DeclaredSchema* schema = declared_.find(urn);
    if (!schema) {
      add(DriftKind::undeclared, urn, "no schema with this URN in /Schemas", shorten(value));
      return;
    }
    if (!value.is_object()) {
      add(DriftKind::type, urn, "an extension: an object", shorten(value));
      return;
    }
    judge_object(value, schema->attributes, schema->id + ":", false);
  }

  void judge_attribute(const json& value, const DeclaredAttribute& a, const std::string& path) {
    if (value.is_null()) return;  // unassigned (RFC 7643 §2.5)
    if (a.returned == "never") {
      add(DriftKind::returned_never, path, declaration_of(a), hidden(value), true);
      return;
    }
    if (a.multi_valued != value.is_array()) {
      add(DriftKind::multi_valued, path, declaration_of(a), shorten(value));
      return;
    }
    if (!value.is_array()) {
      judge_value(value, a, path);
      return;
    }
    for (std::size_t i = 0; i < value.size() && i < kMaxDriftValues; ++i)
      if (!judge_value(value[i], a, path)) return;  // one finding per attribute and resource
  }

  /// False when the value drifts (and is recorded).
  bool judge_value(const json& value, const DeclaredAttribute& a, const std::string& path) {
    if (value.is_null()) return true;
    if (!has_type(value, a.type)) {
      add(DriftKind::type, path, declaration_of(a), shorten(value));
      return false;
    }
    if (source::fold_case(a.type) != "complex" || a.sub_attributes.empty()) return true;
    const std::size_t before = out.size();
    for (const auto& [key, sub_value] : value.items()) {
      const auto* sub = find_attribute(a.sub_attributes, key);
      if (!sub)
        add(DriftKind::undeclared, path + "." + key, "not a declared sub-attribute of " + path,
            shorten(sub_value));
      else if (!sub_value.is_null() && sub->returned == "never")
        add(DriftKind::returned_never, path + "." + sub->name, declaration_of(*sub),
            hidden(sub_value), true);
      else if (!sub_value.is_null() && (sub->multi_valued != sub_value.is_array() ||
                                        (!sub_value.is_array() && !has_type(sub_value, sub->type))))
        add(sub->multi_valued != sub_value.is_array() ? DriftKind::multi_valued : DriftKind::type,
            path + "." + sub->name, declaration_of(*sub), shorten(sub_value));
    }
    return out.size() == before;
  }

  void missing_required(const json& object, const std::vector<DeclaredAttribute>& attributes,
                        const std::string& prefix) {
    for (const auto& a : attributes) {
      if (!a.required || a.returned == "never" || a.returned == "request") continue;
      bool present = false;
      for (const auto& [key, value] : object.items())
        if (source::iequals(key, a.name) && !value.is_null()) present = true;
      if (!present) add(DriftKind::required, prefix + a.name, declaration_of(a), "absent");
    }
  }

  void add(DriftKind kind, std::string attribute, std::string declaration, std::string seen,
           bool must = false) {
    out.push_back({kind, std::move(attribute), std::move(declaration), std::move(seen), must});
  }

  const ServerSchemas& declared_;
  bool check_required_;
};

/// The declared core schema (User or Group) a resource's `schemas` names, or nullptr.
const DeclaredSchema* core_schema_of(const json& resource, const ServerSchemas& declared) {
  if (!resource.is_object()) return nullptr;
  const auto schemas = resource.find("schemas");
  if (schemas == resource.end() || !schemas->is_array()) return nullptr;
  for (std::size_t i = 0; i < schemas->size() && i < kMaxDriftValues; ++i) {
    const json& urn = (*schemas)[i];
    if (!urn.is_string()) continue;
    const std::string u = urn.get<std::string>();
    if (source::iequals(u, kUserUrn) || source::iequals(u, kGroupUrn)) return declared.find(u);
  }
  return nullptr;
}

/// id and meta as RFC 7643 §3.1 defines them, for servers whose /Schemas leaves them out.
const std::vector<DeclaredAttribute>& common_attributes() {
  static const std::vector<DeclaredAttribute> common = [] {
    DeclaredAttribute id{"id", "string", false, false, "always", "readonly", {}};
    DeclaredAttribute meta{"meta", "complex", false, false, "default", "readonly", {}};
    constexpr std::pair<const char*, const char*> kMetaSubs[] = {
        {"resourceType", "string"}, {"created", "dateTime"}, {"lastModified", "dateTime"},
        {"location", "reference"}, {"version", "string"}};
    for (const auto& [sub, type] : kMetaSubs)
      meta.sub_attributes.push_back({sub, type, false, false, "default", "readonly", {}});
    return std::vector<DeclaredAttribute>{id, meta};
  }();
  return common;
}

/// The member `key` of an object, by exact name first, then case-insensitively; nullptr when
/// `object` is not an object or has no such member.
const json* member_of(const json* object, const std::string& key) {
  if (!object || !object->is_object()) return nullptr;
  if (const auto it = object->find(key); it != object->end()) return &*it;
  for (const auto& [name, value] : object->items())
    if (source::iequals(name, key)) return &value;
  return nullptr;
}

/// A value a server could produce without reading the request.
bool no_evidence(const json& value) {
  return value.is_null() || value.is_boolean() || (value.is_string() && value.empty()) ||
         ((value.is_array() || value.is_object()) && value.empty());
}

class ReadOnlyJudge {
 public:
  ReadOnlyJudge(const ServerSchemas& declared, std::string own_type)
      : declared_(declared), own_type_(std::move(own_type)) {}

  /// The members of one schema's part of the request (the core part, or an extension's).
  void judge_object(const json& sent, const json* returned, const json* before,
                    const std::vector<DeclaredAttribute>& attributes, const std::string& prefix,
                    bool is_core) {
    std::size_t n = 0;
    for (const auto& [key, value] : sent.items()) {
      if (n++ == kMaxDeclaredAttributes) return;
      if (is_core && source::fold_case(key).rfind("urn:", 0) == 0) {
        const DeclaredSchema* schema = declared_.find(key);
        if (schema && value.is_object())
          judge_object(value, member_of(returned, key), member_of(before, key),
                       schema->attributes, schema->id + ":", false);
        continue;
      }
      const DeclaredAttribute* a = find_attribute(attributes, key);
      std::string origin;
      if (!a && is_core) {
        a = find_attribute(common_attributes(), key);
        origin = " (RFC 7643 §3.1)";
      }
      if (a)
        judge_attribute(value, member_of(returned, key), member_of(before, key), *a,
                        prefix + a->name, false, origin);
    }
  }

  std::vector<Drift> out;

 private:
  void judge_attribute(const json& sent, const json* returned, const json* before,
                       const DeclaredAttribute& a, const std::string& path, bool parent_read_only,
                       const std::string& origin) {
    const bool read_only = parent_read_only || a.mutability == "readonly";
    if (sent.is_object() && !a.multi_valued && !a.sub_attributes.empty()) {
      for (const auto& [key, value] : sent.items())
        if (const auto* sub = find_attribute(a.sub_attributes, key))
          judge_attribute(value, member_of(returned, key), member_of(before, key), *sub,
                          path + "." + sub->name, read_only, origin);
      return;
    }
    if (!read_only || !returned || *returned != sent || no_evidence(sent)) return;
    if (before && *before == sent) return;  // the resource held it already
    if (source::iequals(path, "meta.resourceType") && sent.is_string() &&
        source::iequals(sent.get<std::string>(), own_type_))
      return;
    out.push_back({DriftKind::read_only_taken, path,
                   "mutability readOnly" + origin + ", " + declaration_of(a),
                   shorten(sent) + ", as the request sent it", true});
  }

  const ServerSchemas& declared_;
  std::string own_type_;
};

}  // namespace

std::vector<Drift> read_only_taken(const json& sent, const json& returned, const json* before,
                                   const ServerSchemas& declared) {
  const DeclaredSchema* core = core_schema_of(returned, declared);
  if (!core || !sent.is_object()) return {};
  const std::string own_type = source::iequals(core->id, kGroupUrn) ? "Group" : "User";
  ReadOnlyJudge judge(declared, own_type);
  judge.judge_object(sent, &returned, before, core->attributes, "", true);
  return std::move(judge.out);
}

json patch_values(const json& patch_body) {
  json out = json::object();
  const json* operations = member_of(&patch_body, "Operations");
  if (!operations || !operations->is_array()) return out;
  for (std::size_t i = 0; i < operations->size() && i < kMaxDriftValues; ++i) {
    const json& op = (*operations)[i];
    const json* name = member_of(&op, "op");
    const json* value = member_of(&op, "value");
    if (!name || !name->is_string() || !value) continue;
    const std::string verb = source::fold_case(name->get<std::string>());
    if (verb != "add" && verb != "replace") continue;
    const json* path = member_of(&op, "path");
    if (!path) {
      if (value->is_object()) out.update(*value, true);
      continue;
    }
    if (!path->is_string()) continue;
    const auto parsed = scim::parse_path(path->get<std::string>());
    if (!parsed || parsed.value->filter) continue;  // a filtered path names no single value
    const scim::AttrPath& p = *parsed.value;
    json* target = &out;
    if (!p.urn.empty() && !scim::is_core_urn(p.urn)) {
      if (!(*target)[p.urn].is_object()) (*target)[p.urn] = json::object();
      target = &(*target)[p.urn];
    }
    if (p.sub.empty()) {
      (*target)[p.attr] = *value;
    } else {
      if (!(*target)[p.attr].is_object()) (*target)[p.attr] = json::object();
      (*target)[p.attr][p.sub] = *value;
    }
  }
  return out;
}

const DeclaredSchema* ServerSchemas::find(const std::string& urn) const {
  const auto it = by_urn.find(source::fold_case(urn));
  return it == by_urn.end() ? nullptr : &it->second;
}

std::optional<ServerSchemas> read_server_schemas(const json& body, std::string* why) {
  const json* list = &body;
  if (body.is_object()) {
    const auto it = body.find("Resources");
    if (it == body.end() || !it->is_array()) {
      if (why) *why = "/Schemas is not a ListResponse with Resources";
      return std::nullopt;
    }
    list = &*it;
  }
  if (!list->is_array()) {
    if (why) *why = "/Schemas is neither a ListResponse nor an array";
    return std::nullopt;
  }
  ServerSchemas out;
  for (std::size_t i = 0; i < list->size() && out.by_urn.size() < kMaxDeclaredSchemas; ++i) {
    const json& item = (*list)[i];
    if (!item.is_object()) continue;
    DeclaredSchema schema;
    schema.id = string_or(item, "id", "");
    const auto attrs = item.find("attributes");
    if (schema.id.empty() || attrs == item.end() || !attrs->is_array()) continue;
    for (std::size_t j = 0; j < attrs->size() && j < kMaxDeclaredAttributes; ++j)
      if (auto a = read_attribute((*attrs)[j], 1)) schema.attributes.push_back(std::move(*a));
    out.by_urn.emplace(source::fold_case(schema.id), std::move(schema));
  }
  if (out.by_urn.empty()) {
    if (why) *why = "/Schemas declares no schema with an id and attributes";
    return std::nullopt;
  }
  return out;
}

std::string why_undeclared(const ServerSchemas& schemas, const std::string& urn,
                           const std::string& attr, const std::string& sub) {
  const DeclaredSchema* schema = schemas.find(urn);
  if (!schema) return "no schema " + urn;
  const auto named = [](const std::vector<DeclaredAttribute>& list, const std::string& name) {
    const auto it = std::find_if(list.begin(), list.end(),
                                 [&](const DeclaredAttribute& a) { return source::iequals(a.name, name); });
    return it == list.end() ? nullptr : &*it;
  };
  const DeclaredAttribute* top = named(schema->attributes, attr);
  if (!top) return schema->id + " declares no attribute " + attr;
  if (!sub.empty() && !named(top->sub_attributes, sub))
    return top->name + " declares no sub-attribute " + sub;
  return {};
}

const char* to_string(DriftKind kind) {
  switch (kind) {
    case DriftKind::undeclared: return "undeclared";
    case DriftKind::type: return "type";
    case DriftKind::multi_valued: return "multiValued";
    case DriftKind::returned_never: return "returned never";
    case DriftKind::required: return "required";
    case DriftKind::read_only_taken: return "readOnly taken from the request";
  }
  return "";
}

std::optional<std::vector<Drift>> drift_of(const json& resource, const ServerSchemas& declared,
                                           bool check_required) {
  const DeclaredSchema* core = core_schema_of(resource, declared);
  if (!core) return std::nullopt;
  Judge judge(declared, check_required);
  judge.judge_object(resource, core->attributes, "", true);
  return std::move(judge.out);
}

std::vector<const json*> resources_in(const json& body) {
  std::vector<const json*> out;
  if (!body.is_object()) return out;
  const auto schemas = body.find("schemas");
  bool is_list = false;
  if (schemas != body.end() && schemas->is_array())
    for (const auto& s : *schemas)
      if (s.is_string() && source::iequals(s.get<std::string>(), kListUrn)) is_list = true;
  if (!is_list) {
    out.push_back(&body);
    return out;
  }
  const auto resources = body.find("Resources");
  if (resources == body.end() || !resources->is_array()) return out;
  for (std::size_t i = 0; i < resources->size() && i < kMaxDriftValues; ++i)
    out.push_back(&(*resources)[i]);
  return out;
}

}  // namespace scimcheck::check
