#pragma once
/// How stored resources and errors leave the reference server: attribute projection, the
/// `returned` rules, and the defects that distort representations or error bodies.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scim/attributes.hpp"
#include "scim/error.hpp"
#include "server/message.hpp"

namespace scimcheck::server {

inline constexpr const char* kScimContentType = "application/scim+json";

/// The requested attribute selection (RFC 7644 3.4.2.5).
struct Selection {
  std::vector<std::string> attributes;
  std::vector<std::string> excluded;
};

/// The resource as a response carries it: projected, password removed, then distorted by the
/// representation defects (no-meta, no-schemas, active-as-string, emails-as-object,
/// password-returned, manager-bare-string, members-not-excluded, attributes-ignored,
/// undeclared-attribute).
nlohmann::json render_resource(const nlohmann::json& stored, scim::ResourceKind kind,
                               const Selection& selection, const DefectSet& defects);

/// A SCIM JSON response (application/scim+json).
HttpResponse scim_response(int status, const nlohmann::json& body);

/// A SCIM Error response, distorted by the error defects (no-scim-type,
/// error-without-schema, error-status-number).
HttpResponse error_response(const scim::ScimError& error, const DefectSet& defects);

}  // namespace scimcheck::server
