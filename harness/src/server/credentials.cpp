#include "server/credentials.hpp"

#include <nlohmann/json.hpp>

#include "server/support.hpp"

namespace scimcheck::server {
namespace {

HttpResponse oauth_json(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "application/json";
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

HttpResponse oauth_error(int status, const std::string& code, const std::string& description) {
  auto response = oauth_json(status, {{"error", code}, {"error_description", description}});
  if (status == 401) response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"scimcheck\"");
  return response;
}

}  // namespace

Credentials::Credentials(const ServerOptions& options, bool oauth)
    : oauth_(oauth || !options.client_id.empty()),
      basic_user_(options.basic_user),
      basic_password_(options.basic_password),
      client_id_(options.client_id),
      client_secret_(options.client_secret),
      ttl_s_(options.access_token_ttl_s > 0 ? options.access_token_ttl_s : 3600),
      tokens_(options.tokens.begin(), options.tokens.end()) {
  tokens_.erase("");
  required_ = !tokens_.empty() || !basic_user_.empty() || oauth_;
}

Credentials::Verdict Credentials::check(const std::string& authorization) const {
  if (!required_) return Verdict::accepted;
  const std::string value(source::trim_blanks(authorization));
  if (value.empty()) return Verdict::missing;
  auto space = value.find(' ');
  std::string scheme = fold_case(value.substr(0, space));
  const std::string credential(
      space == std::string::npos ? ""
                                 : source::trim_blanks(std::string_view(value).substr(space + 1)));
  if (scheme == "bearer") {
    if (credential.empty()) return Verdict::missing;
    std::lock_guard<std::mutex> lock(mutex_);
    if (tokens_.count(credential)) return Verdict::accepted;
    auto issued = issued_.find(credential);
    if (issued != issued_.end() && Clock::now() < issued->second) return Verdict::accepted;
    return retired_.count(credential) ? Verdict::retired_bearer : Verdict::unknown_bearer;
  }
  if (scheme == "basic" && !basic_user_.empty()) {
    auto decoded = base64_decode(credential);
    if (decoded && *decoded == basic_user_ + ":" + basic_password_) return Verdict::accepted;
  }
  return Verdict::refused;
}

std::vector<std::string> Credentials::challenges() const {
  std::vector<std::string> out{"Bearer realm=\"scimcheck\""};
  if (!basic_user_.empty()) out.emplace_back("Basic realm=\"scimcheck\"");
  return out;
}

bool Credentials::client_ok(const std::string& id, const std::string& secret) const {
  return !client_id_.empty() && id == client_id_ && secret == client_secret_;
}

HttpResponse Credentials::token_endpoint(const HttpRequest& request) {
  auto form = parse_form(request.body);
  auto field = [&form](const std::string& name) {
    auto it = form.find(name);
    return it == form.end() ? std::string{} : it->second;
  };
  // The client authenticates with HTTP Basic or with client_id/client_secret in the body.
  std::string id = field("client_id"), secret = field("client_secret");
  bool client_given = !id.empty();
  const std::string authorization(source::trim_blanks(request.header("authorization")));
  if (fold_case(authorization.substr(0, 6)) == "basic ") {
    auto decoded = base64_decode(source::trim_blanks(std::string_view(authorization).substr(6)));
    auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos)
      return oauth_error(401, "invalid_client", "malformed Basic credentials");
    id = form_decode(decoded->substr(0, colon));
    secret = form_decode(decoded->substr(colon + 1));
    client_given = true;
  }
  std::string grant = field("grant_type");
  std::lock_guard<std::mutex> lock(mutex_);
  if (grant == "client_credentials") {
    if (!client_ok(id, secret))
      return oauth_error(401, "invalid_client", "unknown client or wrong secret");
  } else if (grant == "refresh_token") {
    if (client_given && !client_ok(id, secret))
      return oauth_error(401, "invalid_client", "unknown client or wrong secret");
    auto presented = refresh_tokens_.find(field("refresh_token"));
    if (presented == refresh_tokens_.end())
      return oauth_error(400, "invalid_grant", "unknown refresh token");
    refresh_tokens_.erase(presented);
  } else if (grant.empty()) {
    return oauth_error(400, "invalid_request", "grant_type is missing");
  } else {
    return oauth_error(400, "unsupported_grant_type",
                       "supported grants: client_credentials, refresh_token");
  }
  auto now = Clock::now();
  for (auto it = issued_.begin(); it != issued_.end();)  // forget expired tokens
    it = it->second <= now ? issued_.erase(it) : std::next(it);
  std::string access = new_token(), refresh = new_token();
  issued_[access] = now + std::chrono::seconds(ttl_s_);
  refresh_tokens_.insert(refresh);
  return oauth_json(200, {{"access_token", access},
                          {"token_type", "Bearer"},
                          {"expires_in", ttl_s_},
                          {"refresh_token", refresh}});
}

std::string Credentials::rotate() {
  std::string token = new_token();
  std::lock_guard<std::mutex> lock(mutex_);
  retired_.insert(tokens_.begin(), tokens_.end());
  tokens_ = {token};
  required_ = true;
  return token;
}

}  // namespace scimcheck::server
