#include "server/render.hpp"

#include "scim/path.hpp"
#include "scim/projection.hpp"
#include "server/support.hpp"

namespace scimcheck::server {
namespace {

// Removes a top-level member whatever the case of its name.
void erase_member(nlohmann::json& object, std::string_view name) {
  if (!object.is_object()) return;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (iequals(it.key(), name)) {
      object.erase(it);
      return;
    }
  }
}

}  // namespace

nlohmann::json render_resource(const nlohmann::json& stored, scim::ResourceKind kind,
                               const Selection& selection, const DefectSet& defects) {
  std::vector<std::string> attributes = selection.attributes;
  std::vector<std::string> excluded = selection.excluded;
  if (defects.has("attributes-ignored")) attributes.clear();
  if (defects.has("members-not-excluded"))
    std::erase_if(excluded, [](const std::string& name) { return iequals(name, "members"); });
  nlohmann::json out = scim::project(stored, kind, attributes, excluded);

  if (defects.has("no-meta")) erase_member(out, "meta");
  if (defects.has("no-schemas")) erase_member(out, "schemas");
  if (defects.has("password-returned")) {
    if (const auto* password = scim::find_member(stored, "password")) out["password"] = *password;
  }
  if (defects.has("undeclared-attribute") && kind == scim::ResourceKind::user)
    out["employeeBadge"] = "B-" + out.value("id", std::string());
  if (defects.has("active-as-string")) {
    if (auto* active = scim::find_member(out, "active"); active && active->is_boolean())
      *active = active->get<bool>() ? "true" : "false";
  }
  if (defects.has("emails-as-object")) {
    if (auto* emails = scim::find_member(out, "emails");
        emails && emails->is_array() && !emails->empty()) {
      nlohmann::json first = emails->front();
      *emails = first;
    }
  }
  if (defects.has("manager-bare-string")) {
    if (auto* extension = scim::find_member(out, scim::kEnterpriseUrn)) {
      if (auto* manager = scim::find_member(*extension, "manager");
          manager && manager->is_object()) {
        if (const auto* value = scim::find_member(*manager, "value")) {
          nlohmann::json bare = *value;
          *manager = bare;
        }
      }
    }
  }
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

HttpResponse error_response(const scim::ScimError& error, const DefectSet& defects) {
  nlohmann::json body = error.to_json();
  if (defects.has("no-scim-type")) body.erase("scimType");
  if (defects.has("error-without-schema")) body.erase("schemas");
  if (defects.has("error-status-number")) body["status"] = error.status;
  return scim_response(error.status, body);
}

}  // namespace scimcheck::server
