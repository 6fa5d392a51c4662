#pragma once
/// Test objects built from a profile's attribute mapping, shaped as Entra sends them.
#include <optional>
#include <string>

#include "eval/scope.hpp"
#include "scim/attributes.hpp"
#include "suite/model.hpp"

namespace scimcheck::eval {

/// Entra's create body for a user or group (contract U1, G1): schemas (core + enterprise
/// for users; core + ADSCIM for groups), every mapped attribute with a freshly generated
/// value (filtered paths such as emails[type eq "work"].value become
/// [{"type": "work", "value": ..., "primary": true}]), meta.resourceType. Reference
/// attributes (manager) are left out: they are set later by PATCH. With `adscim` false a
/// group's schemas hold the core Group URI alone (a plain SCIM client's body, for profiles
/// without the entra-rules capability).
/// Returns {"kind", "body", "match": {"attribute", "value"}, "paths"}: "paths" lists every
/// attribute path the mapping names, as written.
std::optional<Json> make_fixture(const std::string& kind, const suite::ResourceMapping& mapping,
                                 Scope& scope, std::string* error, bool adscim = true);

/// A for_each item completed with generated values: "value" (as at create), "update" (a
/// different value of the same form, rendered from the same template; booleans flipped),
/// "update_text" (the update as Entra's flag-off PATCH sends it: "True"/"False" for
/// booleans), "leaf" (last attribute name of the path).
std::optional<Json> make_item(const Json& item, const suite::ResourceMapping& mapping,
                              Scope& scope, std::string* error);

/// Sets a value at a SCIM path in a JSON object, creating what is missing. Names match in any
/// case (RFC 7643 §2.1); a filtered path sets the first element its filter selects (values
/// compared as the attribute's caseExact says for `kind`, as PATCH does), or a new element the
/// filter describes (equalities joined by "and"). false with a message for other filters.
bool set_at_path(Json& object, const std::string& path, const Json& value, std::string* error,
                 scim::ResourceKind kind = scim::ResourceKind::other);

}  // namespace scimcheck::eval
