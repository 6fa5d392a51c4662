#include "scim/attributes.hpp"

#include "scim/path.hpp"

namespace scimcheck::scim {
namespace {

AttributeDef simple(std::string name, std::string description, AttrType type = AttrType::string) {
  AttributeDef def;
  def.name = std::move(name);
  def.type = type;
  def.description = std::move(description);
  return def;
}

AttributeDef complex(std::string name, std::string description, std::vector<AttributeDef> subs,
                     bool multi_valued) {
  AttributeDef def = simple(std::move(name), std::move(description), AttrType::complex);
  def.multi_valued = multi_valued;
  def.sub_attributes = std::move(subs);
  return def;
}

AttributeDef with_canonical(AttributeDef def, std::vector<std::string> values) {
  def.canonical_values = std::move(values);
  return def;
}

AttributeDef with_refs(AttributeDef def, std::vector<std::string> types) {
  def.reference_types = std::move(types);
  return def;
}

AttributeDef with_mutability(AttributeDef def, Mutability mutability) {
  def.mutability = mutability;
  for (auto& sub : def.sub_attributes) sub.mutability = mutability;
  return def;
}

/// The value/display/type/primary quartet shared by most multi-valued attributes (§2.4).
std::vector<AttributeDef> quartet(const std::string& what, std::vector<std::string> types,
                                  AttrType value_type = AttrType::string,
                                  std::vector<std::string> value_refs = {}) {
  return {
      with_refs(simple("value", "The " + what + " itself.", value_type), std::move(value_refs)),
      simple("display", "A human-readable name for the " + what + ", for display only."),
      with_canonical(simple("type", "The kind of " + what + " (a label such as 'work')."),
                     std::move(types)),
      simple("primary", "Whether this is the preferred " + what + "; at most one is true.",
             AttrType::boolean),
  };
}

std::vector<AttributeDef> user_attributes() {
  AttributeDef user_name =
      simple("userName", "The unique name the user signs in with; compared case-insensitively.");
  user_name.required = true;
  user_name.uniqueness = Uniqueness::server;

  AttributeDef password = simple("password", "The user's clear-text password, only ever written.");
  password.mutability = Mutability::write_only;
  password.returned = Returned::never;

  AttributeDef groups = with_mutability(
      complex("groups", "The groups the user belongs to, maintained through the Group resources.",
              {with_refs(simple("value", "The id of the group."), {}),
               with_refs(simple("$ref", "The URI of the group.", AttrType::reference),
                         {"User", "Group"}),
               simple("display", "The name of the group."),
               with_canonical(simple("type", "How the user is a member."), {"direct", "indirect"})},
              true),
      Mutability::read_only);

  return {
      user_name,
      complex("name", "The parts of the user's real name.",
              {simple("formatted", "The full name as it should be displayed."),
               simple("familyName", "The family (last) name."),
               simple("givenName", "The given (first) name."),
               simple("middleName", "The middle name(s)."),
               simple("honorificPrefix", "Title before the name, such as 'Ms.'."),
               simple("honorificSuffix", "Suffix after the name, such as 'III'.")},
              false),
      simple("displayName", "The name shown to end users."),
      simple("nickName", "The casual name of the user."),
      with_refs(simple("profileUrl", "A URL of the user's online profile.", AttrType::reference),
                {"external"}),
      simple("title", "The user's job title."),
      simple("userType", "The relation of the user to the organisation, such as 'Employee'."),
      simple("preferredLanguage", "The user's preferred written or spoken language."),
      simple("locale", "The user's location for formatting, such as 'en-US'."),
      simple("timezone", "The user's time zone in IANA database form."),
      simple("active", "Whether the user may use the service.", AttrType::boolean),
      password,
      complex("emails", "The user's e-mail addresses.",
              quartet("e-mail address", {"work", "home", "other"}), true),
      complex("phoneNumbers", "The user's telephone numbers.",
              quartet("phone number", {"work", "home", "mobile", "fax", "pager", "other"}), true),
      complex("ims", "The user's instant messaging addresses.",
              quartet("messaging address",
                      {"aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"}),
              true),
      complex("photos", "URLs of images of the user.",
              quartet("photo URL", {"photo", "thumbnail"}, AttrType::reference, {"external"}),
              true),
      complex(
          "addresses", "The user's physical mailing addresses.",
          {simple("formatted", "The full address as it should be displayed."),
           simple("streetAddress", "Street, house number and similar lines."),
           simple("locality", "The city or locality."), simple("region", "The state or region."),
           simple("postalCode", "The postal code."),
           simple("country", "The country, as an ISO 3166-1 alpha-2 code."),
           with_canonical(simple("type", "The kind of address."), {"work", "home", "other"}),
           simple("primary", "Whether this is the preferred mailing address.", AttrType::boolean)},
          true),
      groups,
      complex("entitlements", "Things the user is entitled to.", quartet("entitlement", {}), true),
      complex("roles", "The user's roles.", quartet("role", {}), true),
      complex("x509Certificates", "Certificates issued to the user.",
              quartet("certificate", {}, AttrType::binary), true),
  };
}

std::vector<AttributeDef> enterprise_attributes() {
  AttributeDef display_name = simple("displayName", "The name of the manager.");
  display_name.mutability = Mutability::read_only;
  return {
      simple("employeeNumber", "The number the organisation gives the user."),
      simple("costCenter", "The cost center the user is charged to."),
      simple("organization", "The user's organisation."),
      simple("division", "The user's division."),
      simple("department", "The user's department."),
      complex(
          "manager", "The user's manager.",
          {simple("value", "The id of the manager's User resource."),
           with_refs(simple("$ref", "The URI of the manager's User resource.", AttrType::reference),
                     {"User"}),
           display_name},
          false),
  };
}

std::vector<AttributeDef> group_attributes() {
  AttributeDef display_name = simple("displayName", "The name of the group.");
  display_name.required = true;
  AttributeDef members =
      complex("members", "The users and groups that belong to the group.",
              {simple("value", "The id of the member resource."),
               with_refs(simple("$ref", "The URI of the member resource.", AttrType::reference),
                         {"User", "Group"}),
               simple("display", "The name of the member."),
               with_canonical(simple("type", "The kind of member."), {"User", "Group"})},
              true);
  for (auto& sub : members.sub_attributes) sub.mutability = Mutability::immutable;
  return {display_name, members};
}

/// id, externalId and meta, which every resource has (RFC 7643 §3.1).
const std::vector<AttributeDef>& common_attributes() {
  static const std::vector<AttributeDef> common = [] {
    AttributeDef id = simple("id", "The server's stable, unique identifier of the resource.");
    id.case_exact = true;
    id.mutability = Mutability::read_only;
    id.returned = Returned::always;
    id.uniqueness = Uniqueness::server;
    AttributeDef external_id = simple("externalId", "The client's identifier of the resource.");
    external_id.case_exact = true;
    AttributeDef resource_type = simple("resourceType", "The name of the resource type.");
    resource_type.case_exact = true;
    AttributeDef version = simple("version", "The version (ETag) of the resource.");
    version.case_exact = true;
    AttributeDef meta = with_mutability(
        complex(
            "meta", "Data the server keeps about the resource.",
            {resource_type, simple("created", "When the resource was added.", AttrType::datetime),
             simple("lastModified", "When the resource was last changed.", AttrType::datetime),
             with_refs(simple("location", "The URI of the resource.", AttrType::reference),
                       {"uri"}),
             version},
            false),
        Mutability::read_only);
    meta.returned = Returned::always;
    return std::vector<AttributeDef>{id, external_id, meta};
  }();
  return common;
}

const AttributeDef* find_in(const std::vector<AttributeDef>& defs, std::string_view name) {
  for (const auto& def : defs) {
    if (iequals(def.name, name)) return &def;
  }
  return nullptr;
}

const SchemaDef* schema_by_urn(std::string_view urn) {
  for (const auto& schema : schemas()) {
    if (iequals(schema.id, urn)) return &schema;
  }
  return nullptr;
}

/// The top-level attribute for a kind, trying core, common and (users) the enterprise extension.
const AttributeDef* find_top(ResourceKind kind, std::string_view urn, std::string_view attr) {
  if (!urn.empty()) {
    const SchemaDef* schema = schema_by_urn(urn);
    if (schema == nullptr) return nullptr;
    if (const AttributeDef* def = find_in(schema->attributes, attr)) return def;
    // The core URN also qualifies the common attributes (urn:...:User:id).
    if (iequals(urn, kUserUrn) || iequals(urn, kGroupUrn))
      return find_in(common_attributes(), attr);
    return nullptr;
  }
  if (const AttributeDef* def = find_in(common_attributes(), attr)) return def;
  std::vector<const char*> order;
  switch (kind) {
    case ResourceKind::user:
      order = {kUserUrn, kEnterpriseUrn};
      break;
    case ResourceKind::group:
      order = {kGroupUrn};
      break;
    case ResourceKind::other:
      order = {kUserUrn, kGroupUrn, kEnterpriseUrn};
      break;
  }
  for (const char* schema_urn : order) {
    if (const AttributeDef* def = find_in(schema_by_urn(schema_urn)->attributes, attr)) return def;
  }
  return nullptr;
}

const char* type_name(AttrType type) {
  switch (type) {
    case AttrType::string:
      return "string";
    case AttrType::boolean:
      return "boolean";
    case AttrType::decimal:
      return "decimal";
    case AttrType::integer:
      return "integer";
    case AttrType::datetime:
      return "dateTime";
    case AttrType::binary:
      return "binary";
    case AttrType::reference:
      return "reference";
    case AttrType::complex:
      return "complex";
  }
  return "string";
}

const char* mutability_name(Mutability mutability) {
  switch (mutability) {
    case Mutability::read_only:
      return "readOnly";
    case Mutability::read_write:
      return "readWrite";
    case Mutability::immutable:
      return "immutable";
    case Mutability::write_only:
      return "writeOnly";
  }
  return "readWrite";
}

const char* returned_name(Returned returned) {
  switch (returned) {
    case Returned::always:
      return "always";
    case Returned::never:
      return "never";
    case Returned::by_default:
      return "default";
    case Returned::request:
      return "request";
  }
  return "default";
}

const char* uniqueness_name(Uniqueness uniqueness) {
  switch (uniqueness) {
    case Uniqueness::none:
      return "none";
    case Uniqueness::server:
      return "server";
    case Uniqueness::global:
      return "global";
  }
  return "none";
}

nlohmann::json attribute_document(const AttributeDef& def) {
  nlohmann::json doc = {{"name", def.name},
                        {"type", type_name(def.type)},
                        {"multiValued", def.multi_valued},
                        {"description", def.description},
                        {"required", def.required}};
  if (def.type != AttrType::complex) doc["caseExact"] = def.case_exact;
  if (!def.canonical_values.empty()) doc["canonicalValues"] = def.canonical_values;
  doc["mutability"] = mutability_name(def.mutability);
  doc["returned"] = returned_name(def.returned);
  doc["uniqueness"] = uniqueness_name(def.uniqueness);
  if (def.type == AttrType::reference) doc["referenceTypes"] = def.reference_types;
  if (!def.sub_attributes.empty()) {
    nlohmann::json subs = nlohmann::json::array();
    for (const auto& sub : def.sub_attributes) subs.push_back(attribute_document(sub));
    doc["subAttributes"] = std::move(subs);
  }
  return doc;
}

}  // namespace

const std::vector<SchemaDef>& schemas() {
  static const std::vector<SchemaDef> all = {
      {kUserUrn, "User", "User Account", user_attributes()},
      {kEnterpriseUrn, "EnterpriseUser", "Enterprise User", enterprise_attributes()},
      {kGroupUrn, "Group", "Group", group_attributes()},
  };
  return all;
}

const AttributeDef* find_attribute(ResourceKind kind, std::string_view urn, std::string_view attr,
                                   std::string_view sub) {
  const AttributeDef* top = find_top(kind, urn, attr);
  if (top == nullptr || sub.empty()) return top;
  return find_in(top->sub_attributes, sub);
}

bool is_case_exact(ResourceKind kind, std::string_view urn, std::string_view attr,
                   std::string_view sub) {
  const AttributeDef* def = find_attribute(kind, urn, attr, sub);
  return def != nullptr && def->case_exact;
}

nlohmann::json schema_document(const SchemaDef& schema, const std::string& base_url) {
  nlohmann::json attributes = nlohmann::json::array();
  for (const auto& def : schema.attributes) attributes.push_back(attribute_document(def));
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return {{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:Schema"}},
          {"id", schema.id},
          {"name", schema.name},
          {"description", schema.description},
          {"attributes", std::move(attributes)},
          {"meta", {{"resourceType", "Schema"}, {"location", base + "/Schemas/" + schema.id}}}};
}

}  // namespace scimcheck::scim
