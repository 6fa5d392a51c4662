#include "server/auth.hpp"

#include <nlohmann/json.hpp>

namespace scimcheck::server {

bool is_token_endpoint(const Credentials& credentials, const std::vector<std::string>& segments) {
  return credentials.oauth_enabled() && segments.size() == 2 && segments[0] == "oauth" &&
         segments[1] == "token";
}

std::optional<HttpResponse> refuse_unauthenticated(const ServiceContext& ctx,
                                                   const Credentials& credentials,
                                                   const HttpRequest& request) {
  using Verdict = Credentials::Verdict;
  const Verdict verdict = ctx.defects.verdict(credentials.check(request.header("authorization")));
  if (verdict == Verdict::accepted) return std::nullopt;
  auto response = ctx.error(401, "",
                            verdict == Verdict::missing
                                ? "authentication required: send an Authorization header"
                                : "the credentials are not valid");
  std::vector<std::string> challenges = credentials.challenges();
  ctx.defects.challenges(challenges);
  for (auto& challenge : challenges) response.headers.emplace_back("WWW-Authenticate", challenge);
  return response;
}

HttpResponse rotate_token_endpoint(const ServiceContext& ctx, Credentials& credentials,
                                   const HttpRequest& request) {
  if (request.method != "POST") return ctx.error(405, "", "rotate-token accepts POST only");
  HttpResponse response;
  response.content_type = "application/json";
  response.body = nlohmann::json{{"token", credentials.rotate()}}.dump();
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace scimcheck::server
