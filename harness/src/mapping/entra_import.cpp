#include "mapping/entra_import.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "mapping/json_text.hpp"

namespace scimcheck::mapping {
namespace {

constexpr const char* kManager = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager";
/// Longest constant copied into a profile.
constexpr std::size_t kMaxConstant = 256;

/// A constant as the schema writes it, without the quotes Graph keeps in expressions.
std::string unquote(std::string s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

/// A constant may become a template only when it cannot be read as one.
bool plain_constant(const std::string& s) {
  return s.size() <= kMaxConstant && s.find("{{") == std::string::npos &&
         s.find("}}") == std::string::npos;
}

/// A string that fits an Entra user or group attribute: unique per user where Entra's source is.
std::string attribute_template(const std::string& name, bool group) {
  const std::string n = fold_case(name);
  if (n == "userprincipalname") return "scimcheck-{{unique}}@{{profile.domain}}";
  if (n == "mail" || n == "othermails" || n == "proxyaddresses")
    return "mail-{{unique}}@{{profile.domain}}";
  if (n == "objectid") return "{{uuid}}";
  if (n == "displayname") return group ? "scimcheck-{{unique}} group" : "Display {{unique}}";
  if (n == "givenname") return "Given{{unique}}";
  if (n == "surname") return "Family{{unique}}";
  if (n == "mailnickname") return "scimcheck-{{unique}}";
  return word_of(name) + "-{{unique}}";
}

const Json* parameter(const Json& source, const std::string& key) {
  const auto it = source.find("parameters");
  if (it == source.end() || !it->is_array()) return nullptr;
  for (const auto& p : *it)
    if (p.is_object() && text(p, "key") == key && p.contains("value")) return &p["value"];
  return nullptr;
}

std::vector<const Json*> parameters_named(const Json& source, const std::string& key) {
  std::vector<const Json*> out;
  const auto it = source.find("parameters");
  if (it == source.end() || !it->is_array()) return out;
  for (const auto& p : *it)
    if (p.is_object() && text(p, "key") == key && p.contains("value") && p["value"].is_object())
      out.push_back(&p["value"]);
  return out;
}

/// True when the expression is Entra's soft-delete test ([IsSoftDeleted] inside Switch or Not).
bool reads_soft_delete(const Json& source, int depth) {
  if (depth > kMaxExpressionDepth || !source.is_object()) return false;
  if (text(source, "type") == "Attribute" && fold_case(text(source, "name")) == "issoftdeleted")
    return true;
  const auto it = source.find("parameters");
  if (it == source.end() || !it->is_array()) return false;
  return std::any_of(it->begin(), it->end(), [&](const Json& p) {
    return p.is_object() && p.contains("value") && reads_soft_delete(p["value"], depth + 1);
  });
}

/// A string template for the expression, or empty when it is not one this knows.
std::string string_template(const Json& source, bool group, int depth) {
  if (depth > kMaxExpressionDepth || !source.is_object()) return {};
  const std::string type = text(source, "type");
  const std::string name = text(source, "name");
  if (type == "Attribute" && !name.empty()) return attribute_template(name, group);
  if (type == "Constant") {
    const std::string value = unquote(name);
    return plain_constant(value) && !value.empty() ? value : std::string();
  }
  if (type != "Function") return {};
  const std::string function = fold_case(name);
  static const std::set<std::string> kSameValue{"tolower", "trim", "normalizediacritics",
                                                "stripspaces", "coalesce", "selectuniquevalue"};
  if (kSameValue.count(function)) {
    const auto it = source.find("parameters");
    if (it == source.end() || !it->is_array() || it->empty()) return {};
    const Json& first = (*it)[0];
    return first.is_object() && first.contains("value")
               ? string_template(first["value"], group, depth + 1)
               : std::string();
  }
  if (function == "append") {
    const Json* base = parameter(source, "source");
    const Json* suffix = parameter(source, "suffix");
    if (!base || !suffix) return {};
    const std::string a = string_template(*base, group, depth + 1);
    const std::string b = string_template(*suffix, group, depth + 1);
    return a.empty() || b.empty() ? std::string() : a + b;
  }
  if (function == "join") {
    const Json* separator = parameter(source, "separator");
    const std::string sep = separator ? unquote(text(*separator, "name")) : std::string();
    if (!plain_constant(sep)) return {};
    std::string out;
    const auto parts = parameters_named(source, "source");
    if (parts.empty()) return {};
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const std::string part = string_template(*parts[i], group, depth + 1);
      if (part.empty()) return {};
      out += (i ? sep : std::string()) + part;
    }
    return out;
  }
  return {};
}

std::string expression_of(const Json& source) {
  std::string e = text(source, "expression");
  if (e.empty()) e = text(source, "name");
  if (e.size() > 200) e = e.substr(0, 200) + "...";
  return e;
}

}  // namespace

Generated generate_value(const Json& source, const std::string& type, bool group,
                         const std::string& default_value) {
  const std::string source_type = text(source, "type");
  if (type == "boolean") {
    if (reads_soft_delete(source, 0) ||
        (source_type == "Attribute" && fold_case(text(source, "name")) == "accountenabled"))
      return {true, {}};
    if (source_type == "Constant") {
      const std::string v = fold_case(unquote(text(source, "name")));
      if (v == "true" || v == "false") return {v == "true", {}};
    }
    return {true, "expression " + expression_of(source) +
                      " is not one scimcheck follows: the value sent is true"};
  }
  std::string value = string_template(source, group, 0);
  if (!value.empty()) return {value, {}};
  const std::string fallback = unquote(default_value);
  if (!fallback.empty() && plain_constant(fallback))
    return {fallback, "expression " + expression_of(source) +
                          " is not one scimcheck follows: the value sent is its defaultValue"};
  return {"value-{{unique}}", "expression " + expression_of(source) +
                                  " is not one scimcheck follows: the value sent is a unique string"};
}

namespace {

/// Target attribute definitions by lower-case name: {type, multivalued, referencedObjects}.
std::map<std::string, Json> target_attributes(const Json& schema, const std::string& directory,
                                              const std::string& object) {
  std::map<std::string, Json> out;
  const auto dirs = schema.find("directories");
  if (dirs == schema.end() || !dirs->is_array()) return out;
  for (const auto& d : *dirs) {
    if (!d.is_object() || (!directory.empty() && text(d, "name") != directory)) continue;
    const auto objects = d.find("objects");
    if (objects == d.end() || !objects->is_array()) continue;
    for (const auto& o : *objects) {
      if (!o.is_object() || fold_case(text(o, "name")) != fold_case(object)) continue;
      const auto attrs = o.find("attributes");
      if (attrs == o.end() || !attrs->is_array()) continue;
      for (const auto& a : *attrs)
        if (a.is_object() && !text(a, "name").empty()) out.emplace(fold_case(text(a, "name")), a);
    }
  }
  return out;
}

bool references_user(const Json& definition) {
  const auto refs = definition.find("referencedObjects");
  if (refs == definition.end() || !refs->is_array()) return false;
  return std::any_of(refs->begin(), refs->end(), [](const Json& r) {
    return fold_case(text(r, "referencedObjectName")) == "user";
  });
}

struct MappingOut {
  Json mapping;
  bool members = false;
  bool manager = false;
};

MappingOut import_object(const Json& object_mapping, const std::map<std::string, Json>& targets,
                         bool group, const std::string& kind, std::vector<std::string>& notes) {
  MappingOut out;
  Json attributes = Json::array();
  std::string matching;
  std::set<std::string> seen;
  const auto mappings = object_mapping.find("attributeMappings");
  if (mappings == object_mapping.end() || !mappings->is_array()) return out;
  if (mappings->size() > kMaxAttributeMappings)
    notes.push_back(kind + ": only the first " + std::to_string(kMaxAttributeMappings) +
                    " attribute mappings were read");
  std::size_t count = 0;
  for (const auto& m : *mappings) {
    if (++count > kMaxAttributeMappings) break;
    const std::string path = text(m, "targetAttributeName");
    if (path.empty() || !seen.insert(fold_case(path)).second) continue;
    const auto def = targets.find(fold_case(path));
    const std::string declared = def == targets.end() ? "String" : text(def->second, "type");
    const Json source = m.is_object() && m.contains("source") ? m["source"] : Json::object();
    if (group && fold_case(path) == "members") {
      out.members = true;
      continue;
    }
    Json attr = {{"path", path}};
    const std::string t = fold_case(declared);
    if (t == "reference") {
      if (group || path != kManager || !references_user(def->second)) {
        notes.push_back(kind + " " + path + ": a reference other than the user's manager is not generated");
        continue;
      }
      attr["type"] = "reference";
      out.manager = true;
    } else if (t == "boolean" || t == "string" || declared.empty()) {
      const std::string type = t == "boolean" ? "boolean" : "string";
      if (type == "boolean") attr["type"] = "boolean";
      auto generated = generate_value(source, type, group, text(m, "defaultValue"));
      attr["value"] = generated.value;
      // A constant renders the same twice: the update checks need a second, different value.
      if (generated.value.is_string() &&
          generated.value.get<std::string>().find("{{") == std::string::npos)
        attr["update"] = generated.value.get<std::string>() + " {{unique}}";
      if (!generated.note.empty()) notes.push_back(kind + " " + path + ": " + generated.note);
    } else {
      notes.push_back(kind + " " + path + ": target type " + declared + " is not generated");
      continue;
    }
    if (def != targets.end() && def->second.value("multivalued", false) &&
        path.find('[') == std::string::npos)
      notes.push_back(kind + " " + path + ": multi-valued; one value is sent");
    if (text(m, "flowType") == "ObjectAddOnly") attr["add_only"] = true;
    if (m.is_object() && m.value("matchingPriority", 0) == 1 && matching.empty()) matching = path;
    attributes.push_back(std::move(attr));
  }
  if (attributes.empty()) return out;
  if (matching.empty()) {
    matching = attributes[0]["path"].get<std::string>();
    notes.push_back(kind + ": no attribute has matchingPriority 1; matching on " + matching);
  }
  out.mapping = {{"matching", matching}, {"attributes", std::move(attributes)}};
  return out;
}

/// The first enabled object mapping whose source object is `object`, with its rule's directories.
const Json* object_mapping(const Json& schema, const std::string& object, std::string* target_dir) {
  const auto rules = schema.find("synchronizationRules");
  if (rules == schema.end() || !rules->is_array()) return nullptr;
  for (const auto& rule : *rules) {
    const auto maps = rule.is_object() ? rule.find("objectMappings") : rule.end();
    if (!rule.is_object() || maps == rule.end() || !maps->is_array()) continue;
    for (const auto& om : *maps) {
      if (!om.is_object() || fold_case(text(om, "sourceObjectName")) != fold_case(object)) continue;
      if (!om.value("enabled", true)) continue;
      *target_dir = text(rule, "targetDirectoryName");
      return &om;
    }
  }
  return nullptr;
}

}  // namespace

ImportOutcome import_entra_schema(const Json& schema, const ImportOptions& options) {
  ImportOutcome outcome;
  if (!schema.is_object()) {
    outcome.error = "the schema is not a JSON object";
    return outcome;
  }
  Json capabilities = base_capabilities();
  Json profile = {{"profile", options.name}, {"title", options.name + " (imported)"}};
  std::string dir;
  const Json* users = object_mapping(schema, "User", &dir);
  if (!users) {
    outcome.error = "no enabled object mapping with sourceObjectName \"User\"";
    return outcome;
  }
  auto u = import_object(*users, target_attributes(schema, dir, text(*users, "targetObjectName")),
                         false, "User", outcome.notes);
  if (u.mapping.is_null()) {
    outcome.error = "the User object mapping maps no attribute scimcheck can generate";
    return outcome;
  }
  profile["users"] = u.mapping;
  if (u.manager) capabilities.push_back("manager");
  if (const Json* groups = object_mapping(schema, "Group", &dir)) {
    auto g = import_object(*groups, target_attributes(schema, dir, text(*groups, "targetObjectName")),
                           true, "Group", outcome.notes);
    if (!g.mapping.is_null()) {
      profile["groups"] = g.mapping;
      capabilities.push_back("groups");
      capabilities.push_back("provision-groups");
      if (g.members) capabilities.push_back("memberships");
    }
  }
  complete_profile(profile,
                   "Imported by scimcheck profile import from an Entra synchronization schema" +
                       (options.file.empty() ? std::string() : " (" + options.file + ")") + ".",
                   outcome.notes, capabilities);
  outcome.profile = std::move(profile);
  return outcome;
}

}  // namespace scimcheck::mapping
