#include "server/discovery.hpp"

#include "server/list_query.hpp"
#include "server/representation.hpp"
#include "server/support.hpp"

namespace scimcheck::server {
namespace {

using Json = nlohmann::json;
using scim::ResourceKind;

constexpr const char* kServiceProviderConfigUrn =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
constexpr const char* kResourceTypeUrn = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

/// The refusal every discovery request gets before its answer: a method other than GET, or
/// a filter.
std::optional<HttpResponse> refuse(const ServiceContext& ctx, const HttpRequest& request,
                                   const char* endpoint) {
  if (request.method != "GET")
    return ctx.error(405, "", std::string(endpoint) + " accepts GET only");
  if (request.param("filter")) return ctx.error(403, "", "discovery endpoints cannot be filtered");
  return std::nullopt;
}

Json list_response(const Json& resources) {
  return {{"schemas", {scim::kListResponseUrn}},
          {"totalResults", resources.size()},
          {"startIndex", 1},
          {"itemsPerPage", resources.size()},
          {"Resources", resources}};
}

/// The list of documents, or the one whose `key` matches the second segment ignoring case.
HttpResponse list_or_one(const ServiceContext& ctx, const HttpRequest& request,
                         const std::vector<std::string>& segments,
                         const std::vector<Json>& documents, const char* key,
                         const std::string& not_found) {
  if (segments.size() == 1) return scim_response(200, list_response(Json(documents)));
  if (segments.size() == 2)
    for (const auto& document : documents)
      if (iequals(segments[1], document.value(key, std::string())))
        return scim_response(200, document);
  return ctx.error(404, "", not_found + request.path);
}

Json authentication_schemes(const Credentials& credentials) {
  Json schemes = Json::array();
  schemes.push_back({{"type", "oauthbearertoken"},
                     {"name", "OAuth Bearer Token"},
                     {"description", "Authentication with a bearer token (RFC 6750)"},
                     {"specUri", "https://www.rfc-editor.org/rfc/rfc6750"},
                     {"primary", true}});
  if (credentials.oauth_enabled())
    schemes.push_back({{"type", "oauth2"},
                       {"name", "OAuth 2.0"},
                       {"description",
                        "Access tokens from the client credentials grant at "
                        "{base}/oauth/token (RFC 6749)"},
                       {"specUri", "https://www.rfc-editor.org/rfc/rfc6749"}});
  if (credentials.basic_enabled())
    schemes.push_back({{"type", "httpbasic"},
                       {"name", "HTTP Basic"},
                       {"description", "Authentication with a user name and password"},
                       {"specUri", "https://www.rfc-editor.org/rfc/rfc7617"}});
  return schemes;
}

Json resource_type(const ServiceContext& ctx, ResourceKind kind) {
  Json type = {{"schemas", {kResourceTypeUrn}},
               {"id", kind_name(kind)},
               {"name", kind_name(kind)},
               {"endpoint", std::string("/") + endpoint_name(kind)},
               {"description", kind == ResourceKind::group ? "Group" : "User Account"},
               {"schema", kind == ResourceKind::group ? scim::kGroupUrn : scim::kUserUrn},
               {"meta",
                {{"resourceType", "ResourceType"},
                 {"location", ctx.base_url + "/ResourceTypes/" + kind_name(kind)}}}};
  if (kind == ResourceKind::user)
    type["schemaExtensions"] = {{{"schema", scim::kEnterpriseUrn}, {"required", false}}};
  return type;
}

/// The server stores name.displayName (MediusFlow maps it), so its /Schemas declares it.
void declare_name_display_name(Json& user_schema) {
  for (auto& attribute : user_schema["attributes"]) {
    if (attribute.value("name", std::string()) != "name") continue;
    auto& subs = attribute["subAttributes"];
    for (const auto& sub : subs)
      if (sub.value("name", std::string()) == "displayName") return;
    Json declared = subs.empty() ? Json::object() : subs.front();
    declared["name"] = "displayName";
    declared["description"] = "The name as displayed (MediusFlow maps it).";
    subs.push_back(std::move(declared));
  }
}

}  // namespace

HttpResponse service_provider_config(const ServiceContext& ctx, const Credentials& credentials,
                                     const HttpRequest& request) {
  if (auto refusal = refuse(ctx, request, "/ServiceProviderConfig")) return *refusal;
  Json body = {{"schemas", {kServiceProviderConfigUrn}},
               {"documentationUri", "https://www.rfc-editor.org/rfc/rfc7644"},
               {"patch", {{"supported", true}}},
               {"bulk", {{"supported", false}, {"maxOperations", 0}, {"maxPayloadSize", 0}}},
               {"filter", {{"supported", true}, {"maxResults", kMaxResults}}},
               {"changePassword", {{"supported", true}}},
               {"sort", {{"supported", true}}},
               {"etag", {{"supported", true}}},
               {"authenticationSchemes", authentication_schemes(credentials)},
               {"meta",
                {{"resourceType", "ServiceProviderConfig"},
                 {"location", ctx.base_url + "/ServiceProviderConfig"}}}};
  return scim_response(200, body);
}

HttpResponse resource_types(const ServiceContext& ctx, const HttpRequest& request,
                            const std::vector<std::string>& segments) {
  if (auto refusal = refuse(ctx, request, "/ResourceTypes")) return *refusal;
  std::vector<Json> documents{resource_type(ctx, ResourceKind::user)};
  if (ctx.rules.groups) documents.push_back(resource_type(ctx, ResourceKind::group));
  return list_or_one(ctx, request, segments, documents, "id", "no such resource type: ");
}

HttpResponse schemas(const ServiceContext& ctx, const HttpRequest& request,
                     const std::vector<std::string>& segments) {
  if (auto refusal = refuse(ctx, request, "/Schemas")) return *refusal;
  std::vector<Json> documents;
  for (const auto& schema : scim::schemas()) {
    if (schema.id == scim::kGroupUrn && !ctx.rules.groups) continue;
    documents.push_back(scim::schema_document(schema, ctx.base_url));
    if (schema.id == scim::kUserUrn) declare_name_display_name(documents.back());
  }
  ctx.defects.schema_documents(documents);
  return list_or_one(ctx, request, segments, documents, "id", "no such schema: ");
}

}  // namespace scimcheck::server
