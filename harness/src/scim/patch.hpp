#pragma once
/// PatchOp semantics (RFC 7644 §3.5.2) with the request shapes Entra sends
/// (docs: entra-contract 1.3, 1.4, 3.14). Shared by the reference server and the tests.
#include <nlohmann/json.hpp>
#include <optional>

#include "scim/attributes.hpp"
#include "scim/error.hpp"

namespace scimcheck::scim {

struct PatchOptions {
  bool case_insensitive_op = true;          ///< accept "Add"/"Replace"/"Remove"
  bool string_booleans = true;              ///< "True"/"False" for boolean attributes
  bool remove_members_by_value = true;      ///< Remove path=members with a value list removes those
  bool filtered_add_creates = true;         ///< Add/Replace on an unmatched value filter creates it
  bool dotted_pathless_keys = true;         ///< pathless replace/add with "name.givenName" keys
  bool manager_bare_string = true;          ///< manager value "id" stored as {"value": "id"}
};

/// Applies a PatchOp body to a resource. Atomic: on error the resource is left unchanged.
/// readOnly attributes (id, meta, groups) are refused with 400 mutability; a malformed path
/// with 400 invalidPath; remove without path with 400 noTarget; wrong types with invalidValue.
std::optional<ScimError> apply_patch(nlohmann::json& resource, const nlohmann::json& patch_body,
                                     ResourceKind kind, const PatchOptions& options = {});

/// Normalises a resource as the server stores it: "True"/"False" strings on boolean
/// attributes become booleans, a bare-string manager becomes {"value": ...}, explicit nulls
/// are dropped.
void normalise_resource(nlohmann::json& resource, ResourceKind kind, const PatchOptions& options = {});

}  // namespace scimcheck::scim
