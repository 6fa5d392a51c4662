#pragma once
/// How stored resources and errors leave the reference server: attribute projection, the
/// `returned` rules, and the representation and error-body hooks of the defects.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scim/attributes.hpp"
#include "scim/error.hpp"
#include "server/defect_hooks.hpp"
#include "server/message.hpp"

namespace scimcheck::server {

inline constexpr const char* kScimContentType = "application/scim+json";

/// The resource as a response carries it: projected, password removed, then passed through
/// the representation hooks.
nlohmann::json render_resource(const nlohmann::json& stored, scim::ResourceKind kind,
                               Selection selection, const DefectHooks& defects);

/// A SCIM JSON response (application/scim+json).
HttpResponse scim_response(int status, const nlohmann::json& body);

/// A SCIM Error response, its body passed through the error-body hook.
HttpResponse error_response(const scim::ScimError& error, const DefectHooks& defects);

}  // namespace scimcheck::server
