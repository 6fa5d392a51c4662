#include <algorithm>

#include "scim/path.hpp"
#include "server/defect_hooks.hpp"
#include "server/support.hpp"

// The hooks on what the server answers (representations, lists, discovery documents, error
// bodies) and on how a list filter matches.

namespace scimcheck::server {
namespace {

using Json = nlohmann::json;
using scim::ResourceKind;

/// emails-as-object: the first email alone instead of the array.
void first_email_only(Json& out) {
  if (auto* emails = scim::find_member(out, "emails");
      emails && emails->is_array() && !emails->empty()) {
    Json first = emails->front();
    *emails = first;
  }
}

/// manager-bare-string: the manager's value instead of {"value": ...}.
void bare_manager(Json& out) {
  auto* extension = scim::find_member(out, scim::kEnterpriseUrn);
  auto* manager = extension ? scim::find_member(*extension, "manager") : nullptr;
  if (!manager || !manager->is_object()) return;
  if (const auto* value = scim::find_member(*manager, "value")) {
    Json bare = *value;
    *manager = bare;
  }
}

Json* user_schema(std::vector<Json>& documents) {
  for (auto& document : documents)
    if (document.value("id", std::string()) == scim::kUserUrn) return &document;
  return nullptr;
}

// A compare node on `attr` (userName of users, displayName of groups): the one place the
// username-case-sensitive and display-name-case-sensitive defects change.
bool is_name_compare(const scim::Filter& filter, const char* attr, const char* urn) {
  return filter.kind == scim::Filter::Kind::compare && iequals(filter.path.attr, attr) &&
         filter.path.sub.empty() && !filter.path.filter && filter.value.is_string() &&
         (filter.path.urn.empty() || iequals(filter.path.urn, urn));
}

bool compare_exact(const std::string& actual, const std::string& op, const std::string& wanted) {
  if (op == "eq") return actual == wanted;
  if (op == "ne") return actual != wanted;
  if (op == "co") return actual.find(wanted) != std::string::npos;
  if (op == "sw") return actual.rfind(wanted, 0) == 0;
  if (op == "ew")
    return actual.size() >= wanted.size() &&
           actual.compare(actual.size() - wanted.size(), wanted.size(), wanted) == 0;
  if (op == "gt") return actual > wanted;
  if (op == "ge") return actual >= wanted;
  if (op == "lt") return actual < wanted;
  if (op == "le") return actual <= wanted;
  return false;
}

/// scim::matches, except that `exact` (userName or displayName) compares case-sensitively.
/// The recursion follows the parsed filter, whose nesting the parser bounds.
bool matches_exact_name(const scim::Filter& filter, const Json& resource, ResourceKind kind,
                        const char* exact, const char* urn) {
  using Kind = scim::Filter::Kind;
  switch (filter.kind) {
    case Kind::logical_and:
      for (const auto& child : filter.children)
        if (!matches_exact_name(*child, resource, kind, exact, urn)) return false;
      return true;
    case Kind::logical_or:
      for (const auto& child : filter.children)
        if (matches_exact_name(*child, resource, kind, exact, urn)) return true;
      return false;
    case Kind::logical_not:
      return !filter.children.empty() &&
             !matches_exact_name(*filter.children[0], resource, kind, exact, urn);
    case Kind::compare:
      if (is_name_compare(filter, exact, urn)) {
        const auto* value = scim::find_member(resource, exact);
        if (!value || !value->is_string()) return filter.op == "ne";
        return compare_exact(value->get<std::string>(), filter.op, filter.value.get<std::string>());
      }
      return scim::matches(filter, resource, kind);
    default:
      return scim::matches(filter, resource, kind);
  }
}

}  // namespace

void DefectHooks::selection(Selection& selection) const {
  if (on(Defect::attributes_ignored)) selection.attributes.clear();
  if (on(Defect::members_not_excluded))
    std::erase_if(selection.excluded,
                  [](const std::string& name) { return iequals(name, "members"); });
}

void DefectHooks::representation(Json& out, const Json& stored, ResourceKind kind) const {
  if (on(Defect::no_meta)) erase_member(out, "meta");
  if (on(Defect::no_schemas)) erase_member(out, "schemas");
  if (on(Defect::password_returned))
    if (const auto* password = scim::find_member(stored, "password")) out["password"] = *password;
  if (on(Defect::undeclared_attribute) && kind == ResourceKind::user)
    out["employeeBadge"] = "B-" + out.value("id", std::string());
  if (on(Defect::active_as_string))
    if (auto* active = scim::find_member(out, "active"); active && active->is_boolean())
      *active = active->get<bool>() ? "true" : "false";
  if (on(Defect::emails_as_object)) first_email_only(out);
  if (on(Defect::manager_bare_string)) bare_manager(out);
}

std::optional<scim::ScimError> DefectHooks::list_response(Json& body,
                                                          const ListQuery& query) const {
  if (on(Defect::filter_no_match_404) && query.filter && body["totalResults"] == 0)
    return scim::ScimError{404, "", "no resource matches the filter"};
  // The page size asked for (or a default of 20), not the one returned.
  if (on(Defect::items_per_page_wrong))
    body["itemsPerPage"] = static_cast<std::size_t>(std::max(0, query.count.value_or(20)));
  if (on(Defect::no_total_results)) body.erase("totalResults");
  return std::nullopt;
}

void DefectHooks::schema_documents(std::vector<Json>& documents) const {
  if (on(Defect::schemas_no_group))
    std::erase_if(documents, [](const Json& document) {
      return document.value("id", std::string()) == scim::kGroupUrn;
    });
  Json* user = user_schema(documents);
  if (!user) return;
  auto& attributes = (*user)["attributes"];
  const auto named = [](const Json& attribute, const char* name) {
    return attribute.value("name", std::string()) == name;
  };
  if (on(Defect::schemas_missing_mapped_attribute))
    attributes.erase(std::remove_if(attributes.begin(), attributes.end(),
                                    [&](const Json& a) { return named(a, "displayName"); }),
                     attributes.end());
  if (on(Defect::schemas_wrong_type))
    for (auto& attribute : attributes)
      if (named(attribute, "active")) attribute["type"] = "string";
}

void DefectHooks::error_body(Json& body, const scim::ScimError& error) const {
  if (on(Defect::no_scim_type)) body.erase("scimType");
  if (on(Defect::error_without_schema)) body.erase("schemas");
  if (on(Defect::error_status_number)) body["status"] = error.status;
}

bool DefectHooks::matches(const scim::Filter& filter, const Json& resource,
                          ResourceKind kind) const {
  if (kind == ResourceKind::user && on(Defect::username_case_sensitive))
    return matches_exact_name(filter, resource, kind, "userName", scim::kUserUrn);
  if (kind == ResourceKind::group && on(Defect::display_name_case_sensitive))
    return matches_exact_name(filter, resource, kind, "displayName", scim::kGroupUrn);
  return scim::matches(filter, resource, kind);
}

}  // namespace scimcheck::server
