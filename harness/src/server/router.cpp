#include "server/router.hpp"

#include "server/auth.hpp"
#include "server/discovery.hpp"
#include "server/support.hpp"

namespace scimcheck::server {
namespace {

using scim::ResourceKind;

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

scim::ScimError no_endpoint(const HttpRequest& request) {
  return scim::ScimError{404, "", "no such endpoint: " + request.path};
}

}  // namespace

Router::Router(const ServerOptions& options, AppRules rules, const DefectHooks& defects)
    : ctx_(std::move(rules), defects),
      credentials_(options, ctx_.rules.oauth),
      resources_(ctx_, store_),
      query_(ctx_, store_) {}

std::optional<HttpResponse> Router::refuse_unauthenticated(const HttpRequest& request) const {
  if (is_token_endpoint(credentials_, split_path(request.path))) return std::nullopt;
  return server::refuse_unauthenticated(ctx_, credentials_, request);
}

HttpResponse Router::handle(HttpRequest& request) {
  auto segments = split_path(request.path);
  if (is_token_endpoint(credentials_, segments)) {
    if (request.method != "POST")
      return ctx_.error(405, "", "the token endpoint accepts POST only");
    return credentials_.token_endpoint(request);
  }
  if (auto refusal = refuse_unauthenticated(request)) return *refusal;
  if (ctx_.rules.rotate_tokens && segments.size() == 2 && segments[0] == "admin" &&
      segments[1] == "rotate-token")
    return rotate_token_endpoint(ctx_, credentials_, request);
  auto resolved = resolve(request, std::move(segments));
  if (auto* problem = std::get_if<scim::ScimError>(&resolved)) return ctx_.error(*problem);
  Target& target = std::get<Target>(resolved);
  if (auto refusal = ctx_.defects.request(request, target)) return ctx_.error(*refusal);
  return dispatch(request, target);
}

std::variant<Target, scim::ScimError> Router::resolve(const HttpRequest& request,
                                                      std::vector<std::string> segments) const {
  if (segments.empty())
    return scim::ScimError{
        404, "", "no SCIM endpoint at the base URL; resources are under /Users and /Groups"};
  const std::string first = segments[0];
  Target target;
  target.segments = std::move(segments);
  const std::size_t depth = target.segments.size();
  const bool users = iequals(first, "Users");
  if (users || iequals(first, "Groups")) {
    if (!users && !ctx_.rules.groups)
      return scim::ScimError{404, "", "groups are not supported by this app"};
    target.kinds = {users ? ResourceKind::user : ResourceKind::group};
    if (depth > 2) return no_endpoint(request);
    target.endpoint = depth == 1                        ? Endpoint::collection
                      : target.segments[1] == ".search" ? Endpoint::collection_search
                                                        : Endpoint::resource;
    if (target.endpoint == Endpoint::resource) target.id = target.segments[1];
    return target;
  }
  if (first == ".search" && depth == 1) {
    target.endpoint = Endpoint::search;
    target.kinds = {ResourceKind::user};
    if (ctx_.rules.groups) target.kinds.push_back(ResourceKind::group);
    return target;
  }
  if (iequals(first, "Me")) return scim::ScimError{501, "", "the /Me endpoint is not implemented"};
  if (iequals(first, "Bulk")) return scim::ScimError{501, "", "bulk operations are not supported"};
  if (iequals(first, "ServiceProviderConfig") && depth == 1)
    target.endpoint = Endpoint::service_provider_config;
  else if (iequals(first, "ResourceTypes"))
    target.endpoint = Endpoint::resource_types;
  else if (iequals(first, "Schemas"))
    target.endpoint = Endpoint::schemas;
  else
    return no_endpoint(request);
  return target;
}

HttpResponse Router::dispatch(const HttpRequest& request, const Target& target) {
  switch (target.endpoint) {
    case Endpoint::collection:
    case Endpoint::resource:
      return resources(request, target);
    case Endpoint::collection_search:
      if (request.method != "POST") return ctx_.error(405, "", ".search accepts POST only");
      return query_.search(request, target.kinds);
    case Endpoint::search:
      if (request.method != "POST") return ctx_.error(405, "", "/.search accepts POST only");
      return query_.search(request, target.kinds);
    case Endpoint::service_provider_config:
      return service_provider_config(ctx_, credentials_, request);
    case Endpoint::resource_types:
      return resource_types(ctx_, request, target.segments);
    case Endpoint::schemas:
      return schemas(ctx_, request, target.segments);
  }
  return ctx_.error(no_endpoint(request));
}

HttpResponse Router::resources(const HttpRequest& request, const Target& target) {
  const std::string& method = request.method;
  const ResourceKind kind = target.kinds.front();
  if (target.endpoint == Endpoint::collection) {
    if (method == "POST") return resources_.create(request, kind);
    if (method == "GET") return query_.list(request, kind);
    return ctx_.error(405, "", method + " is not allowed on /" + endpoint_name(kind));
  }
  const std::string& id = target.id;
  if (method == "GET") return resources_.get(request, kind, id);
  if (method == "PUT") return resources_.replace(request, kind, id);
  if (method == "PATCH") return resources_.patch(request, kind, id);
  if (method == "DELETE") return resources_.remove(request, kind, id);
  return ctx_.error(405, "", method + " is not allowed on a " + kind_name(kind));
}

}  // namespace scimcheck::server
