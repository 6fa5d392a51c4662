#pragma once
/// Who may call the reference server: static bearer tokens (rotatable), HTTP Basic, and
/// access tokens issued by its OAuth2 token endpoint (client credentials and refresh token
/// grants). Thread-safe.
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "server/message.hpp"
#include "server/server.hpp"

namespace scimcheck::server {

class Credentials {
 public:
  Credentials(const ServerOptions& options, bool oauth);

  /// Whether requests must carry credentials at all.
  bool required() const { return required_; }
  bool oauth_enabled() const { return oauth_; }
  bool basic_enabled() const { return !basic_user_.empty(); }

  enum class Verdict {
    accepted,
    missing,         ///< no credentials (no header, or a bearer token that is empty)
    unknown_bearer,  ///< a bearer token that is not (or no longer) valid
    retired_bearer,  ///< a static token replaced by a rotation
    refused,         ///< any other credentials that are not valid
  };
  /// Judges an Authorization header value ("" when the request has none).
  Verdict check(const std::string& authorization) const;

  /// The WWW-Authenticate challenges a 401 carries.
  std::vector<std::string> challenges() const;

  /// POST {base}/oauth/token: the client-credentials and refresh-token grants (RFC 6749 4.4,
  /// 6). Answers application/json, never a SCIM body.
  HttpResponse token_endpoint(const HttpRequest& request);

  /// Replaces every static token with one new random token, which is returned.
  std::string rotate();

 private:
  using Clock = std::chrono::steady_clock;
  bool client_ok(const std::string& id, const std::string& secret) const;

  std::atomic<bool> required_{false};
  bool oauth_ = false;
  std::string basic_user_, basic_password_;
  std::string client_id_, client_secret_;
  int ttl_s_ = 3600;

  mutable std::mutex mutex_;
  std::set<std::string> tokens_;                     ///< static tokens in force
  std::set<std::string> retired_;                    ///< rotated out
  std::map<std::string, Clock::time_point> issued_;  ///< OAuth access tokens and expiry
  std::set<std::string> refresh_tokens_;
};

}  // namespace scimcheck::server
