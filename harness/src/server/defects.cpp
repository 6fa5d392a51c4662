#include "server/defects.hpp"

#include <array>

namespace scimcheck::server {
namespace {

struct Row {
  Defect defect;
  const char* name;
  const char* requirement;
  const char* behaviour;
};

// clang-format off
constexpr std::array<Row, kDefectCount> kTable = {{
    {Defect::create_returns_200, "create-returns-200", "RFC 7644 3.3",
     "POST /Users and /Groups answer 200 instead of 201 Created"},
    {Defect::no_location, "no-location", "RFC 7644 3.3",
     "created resources come back without a Location header"},
    {Defect::json_content_type, "json-content-type", "RFC 7644 3.1",
     "responses are labelled application/json instead of application/scim+json"},
    {Defect::filter_no_match_404, "filter-no-match-404", "Entra contract 1.3 (U1)",
     "a filter that matches nothing answers 404 instead of an empty ListResponse"},
    {Defect::filter_ignored, "filter-ignored", "RFC 7644 3.4.2.2",
     "list requests ignore the filter and return every resource"},
    {Defect::filter_and_ignores_second, "filter-and-ignores-second", "RFC 7644 3.4.2.2",
     "an and filter is decided by its first condition alone"},
    {Defect::username_case_sensitive, "username-case-sensitive", "RFC 7643 4.1 (userName caseExact false)",
     "filters on userName compare case-sensitively"},
    {Defect::display_name_case_sensitive, "display-name-case-sensitive", "RFC 7643 4.2 (displayName caseExact false)",
     "filters on a group's displayName compare case-sensitively"},
    {Defect::unknown_id_400, "unknown-id-400", "RFC 7644 3.4.1 / 3.12",
     "GET of an id that does not exist answers 400 instead of 404"},
    {Defect::manager_remove_ignored, "manager-remove-ignored", "RFC 7644 3.5.2.2 / Entra contract 1.3 (U9)",
     "a PATCH remove of manager answers success but the manager stays"},
    {Defect::duplicate_accepted, "duplicate-accepted", "RFC 7644 3.3 (409 uniqueness)",
     "a second user with the same userName is created instead of 409"},
    {Defect::duplicate_case_sensitive, "duplicate-case-sensitive", "RFC 7643 4.1.1 (userName caseExact false, uniqueness server)",
     "a second user whose userName differs only in letter case is created instead of 409"},
    {Defect::group_duplicate_accepted, "group-duplicate-accepted", "RFC 7644 3.3 (409 uniqueness)",
     "a second group with the same displayName is created instead of 409"},
    {Defect::no_scim_type, "no-scim-type", "RFC 7644 3.12",
     "error responses leave out scimType (e.g. uniqueness on 409)"},
    {Defect::patch_capitalised_op_refused, "patch-capitalised-op-refused", "Entra contract 1.3 / 3.14",
     "PATCH operations with op \"Add\"/\"Replace\"/\"Remove\" are refused with 400"},
    {Defect::patch_string_boolean_refused, "patch-string-boolean-refused", "Entra contract 1.3 / 3.14",
     "PATCH values \"True\"/\"False\" for boolean attributes are refused with 400"},
    {Defect::patch_active_ignored, "patch-active-ignored", "Entra contract 1.3 (U5)",
     "PATCH replace of active answers 200/204 but leaves active unchanged"},
    {Defect::patch_filtered_add_refused, "patch-filtered-add-refused", "Entra contract 1.3 / 3.14",
     "Add on a filtered path with no matching entry (emails[type eq \"work\"].value) is refused"},
    {Defect::patch_dotted_keys_refused, "patch-dotted-keys-refused", "Entra contract 1.4 (flag on)",
     "pathless replace with dotted or URN-qualified keys is refused with 400"},
    {Defect::patch_ignored, "patch-ignored", "RFC 7644 3.5.2",
     "PATCH answers success but changes nothing but active"},
    {Defect::patch_unknown_op_accepted, "patch-unknown-op-accepted", "RFC 7644 3.5.2 / 3.12",
     "a PATCH operation with an unknown op (\"Frobnicate\") is applied as a replace, with 200"},
    {Defect::member_add_first_only, "member-add-first-only", "Entra contract 1.3 (G3)",
     "a PATCH adding several members adds only the first"},
    {Defect::member_remove_all, "member-remove-all", "Entra contract 1.3 (G4)",
     "removing one member removes every member"},
    {Defect::members_not_excluded, "members-not-excluded", "RFC 7644 3.4.2.5 / Entra contract 1.3 (G1)",
     "members are returned despite excludedAttributes=members"},
    {Defect::attributes_ignored, "attributes-ignored", "RFC 7644 3.4.2.5",
     "the attributes query parameter is ignored"},
    {Defect::delete_leaves_resource, "delete-leaves-resource", "RFC 7644 3.6",
     "DELETE answers 204 but the resource can still be read"},
    {Defect::delete_returns_200, "delete-returns-200", "RFC 7644 3.6",
     "DELETE answers 200 with a body instead of 204 No Content"},
    {Defect::active_as_string, "active-as-string", "RFC 7643 2.3.2 / 4.1.1",
     "active is returned as the string \"true\"/\"false\""},
    {Defect::emails_as_object, "emails-as-object", "RFC 7643 2.4 / 4.1.2",
     "emails is returned as a single object instead of an array"},
    {Defect::error_without_schema, "error-without-schema", "RFC 7644 3.12",
     "error bodies lack the Error schema URN"},
    {Defect::error_status_number, "error-status-number", "RFC 7644 3.12",
     "error bodies carry status as a number instead of a string"},
    {Defect::start_index_zero, "start-index-zero", "RFC 7644 3.4.2.4",
     "an explicit startIndex is read as 0-based: startIndex=1 skips the first resource"},
    {Defect::count_ignored, "count-ignored", "RFC 7644 3.4.2.4",
     "the count query parameter is ignored"},
    {Defect::no_total_results, "no-total-results", "RFC 7644 3.4.2",
     "ListResponse leaves out totalResults"},
    {Defect::items_per_page_wrong, "items-per-page-wrong", "RFC 7644 3.4.2",
     "itemsPerPage is the count asked for (20 when none), not the number returned"},
    {Defect::invalid_filter_accepted, "invalid-filter-accepted", "RFC 7644 3.4.2.2 / 3.12",
     "a malformed filter answers 200 instead of 400 invalidFilter"},
    {Defect::no_auth, "no-auth", "RFC 7644 2 / Entra contract 2.2",
     "requests without credentials are served"},
    {Defect::wrong_token_accepted, "wrong-token-accepted", "Entra contract 2.2",
     "any bearer token is accepted as long as one is sent"},
    {Defect::no_www_authenticate, "no-www-authenticate", "RFC 7235 3.1 / RFC 7644 2",
     "401 responses lack the WWW-Authenticate header"},
    {Defect::no_meta, "no-meta", "RFC 7643 3.1",
     "resources are returned without meta"},
    {Defect::no_schemas, "no-schemas", "RFC 7643 3",
     "resources are returned without the schemas attribute"},
    {Defect::password_returned, "password-returned", "RFC 7643 4.1.1 (returned: never)",
     "password is returned in responses"},
    {Defect::undeclared_attribute, "undeclared-attribute", "RFC 7643 2.2 / RFC 7644 4 (/Schemas declares the attributes)",
     "users come back with an attribute (employeeBadge) that /Schemas does not declare"},
    {Defect::readonly_from_request, "readonly-from-request", "RFC 7643 7 (mutability readOnly) / RFC 7644 3.3",
     "a create keeps the meta.created the request body sends instead of the server's own time"},
    {Defect::schemas_wrong_type, "schemas-wrong-type", "RFC 7643 2.2 / 7 (type as declared)",
     "/Schemas declares active as a string, while users carry it as a boolean"},
    {Defect::manager_bare_string, "manager-bare-string", "RFC 7643 4.3 / Entra contract 1.3",
     "manager is returned as a bare string instead of {\"value\": ...}"},
    {Defect::null_update_ignored, "null-update-ignored", "RFC 7643 2.5 / Entra contract 2.6 (Logic App null/empty update)",
     "a PATCH replace or add whose value is \"\" or null answers success but keeps the old value"},
    {Defect::patch_same_attribute_first_only, "patch-same-attribute-first-only", "RFC 7644 3.5.2 / Entra contract 2.6",
     "of several operations of one PATCH on the same path, only the first is applied"},
    {Defect::pagination_ignores_start_index, "pagination-ignores-start-index", "RFC 7644 3.4.2.4 / Entra contract 2.6",
     "every page begins at the first resource, whatever startIndex asks (it is still echoed)"},
    {Defect::schemas_missing_mapped_attribute, "schemas-missing-mapped-attribute", "RFC 7643 7 / Entra contract 2.6 (Logic App /Schemas)",
     "/Schemas leaves displayName out of the User schema, though users carry it"},
    {Defect::schemas_no_group, "schemas-no-group", "Entra contract 2.6 (Logic App: group support mandatory)",
     "/Schemas lists no Group schema, though /Groups is served"},
    {Defect::delete_nonexistent_204, "delete-nonexistent-204", "RFC 7644 3.6 / 3.12 / Entra contract 2.6",
     "DELETE of an id the server never issued answers 204 instead of 404"},
    {Defect::patch_drops_other_attributes, "patch-drops-other-attributes", "RFC 7644 3.5.2.3",
     "a PATCH replace of a sub-attribute (name.givenName) replaces the whole complex attribute, " "dropping its other sub-attributes (name.familyName)"},
    {Defect::put_ignored, "put-ignored", "RFC 7644 3.5.1",
     "PUT answers 200 with the old resource, unchanged"},
    {Defect::etag_ignored, "etag-ignored", "RFC 7644 3.14",
     "If-Match with a stale version is not refused with 412"},
    {Defect::no_service_provider_config, "no-service-provider-config", "RFC 7644 4",
     "/ServiceProviderConfig answers 404"},
    {Defect::schemas_endpoint_missing, "schemas-endpoint-missing", "RFC 7644 4",
     "/Schemas and /ResourceTypes answer 404"},
    {Defect::discovery_by_id_returns_list, "discovery-by-id-returns-list", "RFC 7644 4",
     "GET /ResourceTypes/{name} and /Schemas/{urn} answer the whole list, not the one"},
    {Defect::search_unsupported, "search-unsupported", "RFC 7644 3.4.3",
     "POST /.search answers 404 while the list endpoint supports filters"},
    {Defect::slow, "slow", "Entra contract 2.3",
     "every response is delayed (--slow-ms, default 1500 ms)"},
    {Defect::truncated_json, "truncated-json", "RFC 7644 3.1",
     "SCIM response bodies are cut to half their length and are not valid JSON"},
    {Defect::old_token_valid, "old-token-valid", "Twingate: regenerating the token invalidates the previous one",
     "tokens stay valid after rotation"},
    {Defect::names_optional, "names-optional", "Vonage: given name, family name and e-mail are required",
     "users without name or e-mail are accepted"},
    {Defect::domain_unchecked, "domain-unchecked", "iPass: user names must be in a registered domain",
     "user names outside the registered domains are accepted"},
    {Defect::name_parts_dropped, "name-parts-dropped", "MediusFlow: name.displayName and name.formatted are mapped",
     "name.formatted and name.displayName are not stored"},
}};
// clang-format on

constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < kTable.size(); ++i)
    if (kTable[i].defect != static_cast<Defect>(i) || kTable[i].name == nullptr) return false;
  return true;
}
static_assert(in_enum_order(), "the defect table holds every Defect once, in the enum's order");

}  // namespace

const std::vector<DefectInfo>& defects() {
  static const std::vector<DefectInfo> list = [] {
    std::vector<DefectInfo> out;
    for (const auto& row : kTable)
      out.push_back({row.defect, row.name, row.requirement, row.behaviour});
    return out;
  }();
  return list;
}

const DefectInfo* find_defect(const std::string& name) {
  for (const auto& d : defects())
    if (d.name == name) return &d;
  return nullptr;
}

const DefectInfo& defect_info(Defect defect) { return defects()[static_cast<std::size_t>(defect)]; }

std::optional<DefectSet> parse_defects(const std::vector<std::string>& names, std::string* error) {
  DefectSet set;
  for (const auto& name : names) {
    const DefectInfo* info = find_defect(name);
    if (!info) {
      if (error)
        *error = "unknown defect '" + name + "' (scimcheck serve --list-defects lists them)";
      return std::nullopt;
    }
    set.insert(info->defect);
  }
  return set;
}

}  // namespace scimcheck::server
