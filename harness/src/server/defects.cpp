#include "server/defects.hpp"

namespace scimcheck::server {

const std::vector<DefectInfo>& defects() {
  static const std::vector<DefectInfo> list = {
      {"create-returns-200", "RFC 7644 3.3", "POST /Users and /Groups answer 200 instead of 201 Created"},
      {"no-location", "RFC 7644 3.3", "created resources come back without a Location header"},
      {"json-content-type", "RFC 7644 3.1", "responses are labelled application/json instead of application/scim+json"},
      {"filter-no-match-404", "Entra contract 1.3 (U1)", "a filter that matches nothing answers 404 instead of an empty ListResponse"},
      {"filter-ignored", "RFC 7644 3.4.2.2", "list requests ignore the filter and return every resource"},
      {"username-case-sensitive", "RFC 7643 4.1 (userName caseExact false)", "filters on userName compare case-sensitively"},
      {"duplicate-accepted", "RFC 7644 3.3 (409 uniqueness)", "a second user with the same userName is created instead of 409"},
      {"group-duplicate-accepted", "RFC 7644 3.3 (409 uniqueness)", "a second group with the same displayName is created instead of 409"},
      {"no-scim-type", "RFC 7644 3.12", "error responses leave out scimType (e.g. uniqueness on 409)"},
      {"patch-capitalised-op-refused", "Entra contract 1.3 / 3.14", "PATCH operations with op \"Add\"/\"Replace\"/\"Remove\" are refused with 400"},
      {"patch-string-boolean-refused", "Entra contract 1.3 / 3.14", "PATCH values \"True\"/\"False\" for boolean attributes are refused with 400"},
      {"patch-active-ignored", "Entra contract 1.3 (U5)", "PATCH replace of active answers 200/204 but leaves active unchanged"},
      {"patch-filtered-add-refused", "Entra contract 1.3 / 3.14", "Add on a filtered path with no matching entry (emails[type eq \"work\"].value) is refused"},
      {"patch-dotted-keys-refused", "Entra contract 1.4 (flag on)", "pathless replace with dotted or URN-qualified keys is refused with 400"},
      {"patch-ignored", "RFC 7644 3.5.2", "PATCH answers success but changes nothing but active"},
      {"member-add-first-only", "Entra contract 1.3 (G3)", "a PATCH adding several members adds only the first"},
      {"member-remove-all", "Entra contract 1.3 (G4)", "removing one member removes every member"},
      {"members-not-excluded", "RFC 7644 3.4.2.5 / Entra contract 1.3 (G1)", "members are returned despite excludedAttributes=members"},
      {"attributes-ignored", "RFC 7644 3.4.2.5", "the attributes query parameter is ignored"},
      {"delete-leaves-resource", "RFC 7644 3.6", "DELETE answers 204 but the resource can still be read"},
      {"delete-returns-200", "RFC 7644 3.6", "DELETE answers 200 with a body instead of 204 No Content"},
      {"active-as-string", "RFC 7643 2.3.2 / 4.1.1", "active is returned as the string \"true\"/\"false\""},
      {"emails-as-object", "RFC 7643 2.4 / 4.1.2", "emails is returned as a single object instead of an array"},
      {"error-without-schema", "RFC 7644 3.12", "error bodies lack the Error schema URN"},
      {"error-status-number", "RFC 7644 3.12", "error bodies carry status as a number instead of a string"},
      {"start-index-zero", "RFC 7644 3.4.2.4", "an explicit startIndex is read as 0-based: startIndex=1 skips the first resource"},
      {"count-ignored", "RFC 7644 3.4.2.4", "the count query parameter is ignored"},
      {"no-total-results", "RFC 7644 3.4.2", "ListResponse leaves out totalResults"},
      {"invalid-filter-accepted", "RFC 7644 3.4.2.2 / 3.12", "a malformed filter answers 200 instead of 400 invalidFilter"},
      {"no-auth", "RFC 7644 2 / Entra contract 2.2", "requests without credentials are served"},
      {"wrong-token-accepted", "Entra contract 2.2", "any bearer token is accepted as long as one is sent"},
      {"no-www-authenticate", "RFC 7235 3.1 / RFC 7644 2", "401 responses lack the WWW-Authenticate header"},
      {"no-meta", "RFC 7643 3.1", "resources are returned without meta"},
      {"no-schemas", "RFC 7643 3", "resources are returned without the schemas attribute"},
      {"password-returned", "RFC 7643 4.1.1 (returned: never)", "password is returned in responses"},
      {"manager-bare-string", "RFC 7643 4.3 / Entra contract 1.3", "manager is returned as a bare string instead of {\"value\": ...}"},
      {"put-ignored", "RFC 7644 3.5.1", "PUT answers 200 with the old resource, unchanged"},
      {"etag-ignored", "RFC 7644 3.14", "If-Match with a stale version is not refused with 412"},
      {"no-service-provider-config", "RFC 7644 4", "/ServiceProviderConfig answers 404"},
      {"schemas-endpoint-missing", "RFC 7644 4", "/Schemas and /ResourceTypes answer 404"},
      {"search-unsupported", "RFC 7644 3.4.3", "POST /.search answers 404 while the list endpoint supports filters"},
      {"slow", "Entra contract 2.3", "every response is delayed (--slow-ms, default 1500 ms)"},
      {"truncated-json", "RFC 7644 3.1", "SCIM response bodies are cut to half their length and are not valid JSON"},
      {"old-token-valid", "Twingate: regenerating the token invalidates the previous one", "tokens stay valid after rotation"},
      {"names-optional", "Vonage: given name, family name and e-mail are required", "users without name or e-mail are accepted"},
      {"domain-unchecked", "iPass: user names must be in a registered domain", "user names outside the registered domains are accepted"},
      {"name-parts-dropped", "MediusFlow: name.displayName and name.formatted are mapped", "name.formatted and name.displayName are not stored"},
  };
  return list;
}

const DefectInfo* find_defect(const std::string& name) {
  for (const auto& d : defects())
    if (d.name == name) return &d;
  return nullptr;
}

}  // namespace scimcheck::server
