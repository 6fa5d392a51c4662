#pragma once
/// The reference server's SCIM service without the socket: resolves a request's path below
/// the base path to an endpoint, checks its credentials, and hands it to the resources,
/// query, discovery or auth endpoints. Thread-safe: one mutex guards the store.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "scim/error.hpp"
#include "server/app_rules.hpp"
#include "server/context.hpp"
#include "server/credentials.hpp"
#include "server/defect_hooks.hpp"
#include "server/message.hpp"
#include "server/query.hpp"
#include "server/resources.hpp"
#include "server/server.hpp"
#include "server/store.hpp"

namespace scimcheck::server {

class Router {
 public:
  /// `rules` as read_app_rules gives them; `defects` outlives the router.
  Router(const ServerOptions& options, AppRules rules, const DefectHooks& defects);

  /// The absolute URL of the base path, used in meta.location and Location headers.
  void set_base_url(std::string base_url) { ctx_.base_url = std::move(base_url); }
  /// Creates `count` users the harness must leave alone ("seed-<i>@seed.example").
  void seed_users(int count) { resources_.seed_users(count); }
  std::string rotate_token() { return credentials_.rotate(); }

  /// Answers one request whose path is already relative to the base path.
  HttpResponse handle(HttpRequest& request);
  /// The 401 a request gets for its credentials (every endpoint but the token endpoint),
  /// judged from its path and headers alone, so before its body is read; nullopt when it may
  /// go on.
  std::optional<HttpResponse> refuse_unauthenticated(const HttpRequest& request) const;

 private:
  /// The endpoint a path names, or the error for a path that names none.
  std::variant<Target, scim::ScimError> resolve(const HttpRequest& request,
                                                std::vector<std::string> segments) const;
  HttpResponse dispatch(const HttpRequest& request, const Target& target);
  /// /Users, /Groups and their resources.
  HttpResponse resources(const HttpRequest& request, const Target& target);

  ServiceContext ctx_;
  Credentials credentials_;
  Store store_;
  Resources resources_;
  Query query_;
};

}  // namespace scimcheck::server
