#include "mapping/schema_init.hpp"

#include <algorithm>
#include <set>

#include "mapping/json_text.hpp"

namespace scimcheck::mapping {
namespace {

constexpr const char* kUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
constexpr const char* kGroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";

bool flag(const Json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_boolean() &&
         object[key].get<bool>();
}

/// The resources of a ListResponse (or a bare array), at most kMaxSchemaResources.
std::vector<const Json*> resources(const Json& answer, std::vector<std::string>& notes,
                                   const char* what) {
  const Json* list = &answer;
  if (answer.is_object() && answer.contains("Resources")) list = &answer["Resources"];
  std::vector<const Json*> out;
  if (!list->is_array()) return out;
  for (const auto& r : *list) {
    if (out.size() == kMaxSchemaResources) {
      notes.push_back(std::string(what) + ": only the first " +
                      std::to_string(kMaxSchemaResources) + " were read");
      break;
    }
    if (r.is_object()) out.push_back(&r);
  }
  return out;
}

const Json* schema_by_id(const std::vector<const Json*>& schemas, const std::string& id) {
  for (const Json* s : schemas)
    if (fold_case(text(*s, "id")) == fold_case(id)) return s;
  return nullptr;
}

/// A value for one attribute the schema requires: a unique string or true; null when its
/// type cannot be generated.
Json value_for(const std::string& name, const std::string& type, bool group) {
  const std::string t = fold_case(type);
  if (t == "boolean") return true;
  if (t != "string") return nullptr;
  const std::string n = fold_case(name);
  if (n == "username") return "scimcheck-{{unique}}@{{profile.domain}}";
  if (n == "emails.value" || n == "emails") return "mail-{{unique}}@{{profile.domain}}";
  if (n == "externalid") return "{{uuid}}";
  if (n == "displayname") return group ? "scimcheck-{{unique}} group" : "Display {{unique}}";
  return word_of(name) + "-{{unique}}";
}

/// Only names of letters, digits, '_' and '-' become paths (RFC 7643 §2.1 ATTRNAME).
bool attribute_name(const std::string& name) {
  return !name.empty() && name.size() <= 64 &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
         });
}

struct Collected {
  Json attributes = Json::array();
  std::set<std::string> paths;
};

void add(Collected& c, const std::string& path, Json value, bool boolean) {
  if (value.is_null() || !c.paths.insert(fold_case(path)).second) return;
  Json a = {{"path", path}, {"value", std::move(value)}};
  if (boolean) a["type"] = "boolean";
  c.attributes.push_back(std::move(a));
}

/// The required attributes of one schema; `prefix` is "" for a core schema and "URN:" for an
/// extension. Multi-valued complex attributes become their work value (emails[type eq "work"].value).
void required_attributes(const Json& schema, const std::string& prefix, bool group, Collected& out,
                         std::vector<std::string>& notes) {
  const auto attrs = schema.find("attributes");
  if (attrs == schema.end() || !attrs->is_array()) return;
  std::size_t seen = 0;
  for (const auto& a : *attrs) {
    if (++seen > kMaxSchemaAttributes) break;
    const std::string name = text(a, "name");
    if (!flag(a, "required") || !attribute_name(name)) continue;
    if (fold_case(name) == "id" || fold_case(text(a, "mutability")) == "readonly") continue;
    const std::string type = fold_case(text(a, "type"));
    if (type != "complex") {
      const Json value = value_for(name, type, group);
      if (value.is_null() || flag(a, "multiValued")) {
        notes.push_back(prefix + name + ": required " + type + " attribute is not generated");
        continue;
      }
      add(out, prefix + name, value, type == "boolean");
      continue;
    }
    const auto subs = a.find("subAttributes");
    if (subs == a.end() || !subs->is_array()) continue;
    const bool multi = flag(a, "multiValued");
    bool any = false;
    for (const auto& s : *subs) {
      if (++seen > kMaxSchemaAttributes) break;
      const std::string sub = text(s, "name");
      const bool wanted = flag(s, "required") || (multi && fold_case(sub) == "value");
      if (!wanted || !attribute_name(sub) || fold_case(sub) == "type") continue;
      const std::string path = multi ? prefix + name + "[type eq \"work\"]." + sub
                                     : prefix + name + "." + sub;
      const Json value = value_for(name + "." + sub, text(s, "type"), group);
      if (value.is_null()) {
        notes.push_back(path + ": required attribute is not generated");
        continue;
      }
      add(out, path, value, fold_case(text(s, "type")) == "boolean");
      any = true;
    }
    if (!any) notes.push_back(prefix + name + ": required complex attribute has no sub-attribute to generate");
  }
}

}  // namespace

ImportOutcome profile_from_schemas(const Json& schemas_answer, const Json& types_answer,
                                   const std::string& name) {
  ImportOutcome outcome;
  const auto schemas = resources(schemas_answer, outcome.notes, "/Schemas");
  const auto types = resources(types_answer, outcome.notes, "/ResourceTypes");
  const Json* user = schema_by_id(schemas, kUserSchema);
  if (!user) {
    outcome.error = std::string("/Schemas does not declare ") + kUserSchema;
    return outcome;
  }
  Collected users;
  add(users, "userName", value_for("userName", "string", false), false);
  required_attributes(*user, "", false, users, outcome.notes);
  bool has_active = false;
  if (user->contains("attributes") && (*user)["attributes"].is_array())
    for (const auto& a : (*user)["attributes"])
      has_active = has_active || fold_case(text(a, "name")) == "active";
  if (has_active) add(users, "active", true, true);
  bool groups = false;
  for (const Json* t : types) {
    const std::string endpoint = fold_case(text(*t, "endpoint"));
    if (endpoint == "/groups" || fold_case(text(*t, "schema")) == fold_case(kGroupSchema)) groups = true;
    if (fold_case(text(*t, "schema")) != fold_case(kUserSchema)) continue;
    const auto ext = t->find("schemaExtensions");
    if (ext == t->end() || !ext->is_array()) continue;
    for (const auto& e : *ext) {
      if (!flag(e, "required")) continue;
      const std::string urn = text(e, "schema");
      if (const Json* s = schema_by_id(schemas, urn))
        required_attributes(*s, urn + ":", false, users, outcome.notes);
      else
        outcome.notes.push_back("required extension " + urn + " is not in /Schemas");
    }
  }
  Json capabilities = base_capabilities();
  Json profile = {{"profile", name}, {"title", name + " (from /Schemas)"}};
  profile["users"] = {{"matching", "userName"}, {"attributes", users.attributes}};
  if (groups) {
    Collected g;
    add(g, "displayName", value_for("displayName", "string", true), false);
    if (const Json* gs = schema_by_id(schemas, kGroupSchema))
      required_attributes(*gs, "", true, g, outcome.notes);
    profile["groups"] = {{"matching", "displayName"}, {"attributes", g.attributes}};
    for (const char* c : {"groups", "provision-groups", "memberships"}) capabilities.push_back(c);
  }
  complete_profile(profile,
                   "Written by scimcheck profile init from the endpoint's /Schemas and "
                   "/ResourceTypes.",
                   outcome.notes, capabilities);
  outcome.profile = std::move(profile);
  return outcome;
}

}  // namespace scimcheck::mapping
