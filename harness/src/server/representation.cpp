#include "server/representation.hpp"

#include "scim/projection.hpp"

namespace scimcheck::server {

nlohmann::json render_resource(const nlohmann::json& stored, scim::ResourceKind kind,
                               Selection selection, const DefectHooks& defects) {
  defects.selection(selection);
  nlohmann::json out = scim::project(stored, kind, selection.attributes, selection.excluded);
  defects.representation(out, stored, kind);
  return out;
}

HttpResponse scim_response(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.content_type = kScimContentType;
  // Bytes a client sent that are not UTF-8 (echoed in a detail, an id) become U+FFFD.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.scim_body = true;
  return response;
}

HttpResponse error_response(const scim::ScimError& error, const DefectHooks& defects) {
  nlohmann::json body = error.to_json();
  defects.error_body(body, error);
  return scim_response(error.status, body);
}

}  // namespace scimcheck::server
