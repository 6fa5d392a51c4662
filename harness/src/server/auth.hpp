#pragma once
/// Who may call the reference server's SCIM endpoints: the verdict on a request's
/// credentials and the 401 that refuses it, and the endpoints that hand out credentials
/// (the OAuth2 token endpoint, the Twingate-style token rotation).
#include <optional>
#include <string>
#include <vector>

#include "server/context.hpp"
#include "server/credentials.hpp"
#include "server/message.hpp"

namespace scimcheck::server {

/// Whether the path is the OAuth2 token endpoint ({base}/oauth/token), which takes no SCIM
/// credentials.
bool is_token_endpoint(const Credentials& credentials, const std::vector<std::string>& segments);

/// The 401 a request gets for its credentials, judged from its headers alone (so before its
/// body is read); nullopt when it may go on.
std::optional<HttpResponse> refuse_unauthenticated(const ServiceContext& context,
                                                   const Credentials& credentials,
                                                   const HttpRequest& request);

/// POST {base}/admin/rotate-token: a new static token, the previous ones retired.
HttpResponse rotate_token_endpoint(const ServiceContext& context, Credentials& credentials,
                                   const HttpRequest& request);

}  // namespace scimcheck::server
