#pragma once
/// Credentials: read from an environment variable (SCIM_TOKEN by default) or a file, never
/// from the command line; applied to requests as bearer, basic, or OAuth2 client-credentials
/// (token fetched from the token endpoint, refreshed when it expires or is refused).
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "http/exchange.hpp"
#include "http/transport.hpp"

namespace scimcheck::http {

struct CredentialSource {
  std::string env = "SCIM_TOKEN";  ///< variable holding the secret
  std::string file;                ///< file holding the secret (wins over env)
};

/// Largest secret accepted, in bytes (a token file is read no further).
inline constexpr std::size_t kMaxSecretBytes = 64 * 1024;

/// Whether the source names a secret: a file, or a variable that is set and not empty.
bool secret_given(const CredentialSource& source);

/// Reads the secret: the file's contents or the variable's value, with one trailing newline
/// (LF or CRLF) removed. nullopt with a message naming the variable or file (never showing
/// the secret) when it is absent or empty, larger than kMaxSecretBytes, holds a control
/// character (CR, LF, NUL, TAB...: it would be sent as a header) or starts or ends with a
/// space (servers strip those from a header, so the token would never match).
std::optional<std::string> read_secret(const CredentialSource& source, std::string* error);

/// An access token obtained elsewhere (an authorization-code flow), with what renews it: a
/// token file holding a JSON object (see read_credential).
struct TokenGrant {
  std::string access_token;
  std::string refresh_token;               ///< empty: the access token cannot be renewed
  std::optional<long long> expires_at_s;   ///< Unix time the access token expires
  std::string token_url;                   ///< empty: the profile's
  std::string client_id;
  std::string client_secret;
};

/// What a credential source holds: a secret, or (a token file holding a JSON object) a grant.
struct Credential {
  std::string secret;               ///< the secret, or the grant's access token
  std::optional<TokenGrant> grant;  ///< set for a JSON token file
};

/// read_secret, except that a token file whose content starts with "{" is read as a JSON
/// object {"access_token", "refresh_token"?, "expires_at" (ISO 8601) or "expires_in" (seconds
/// from the file's last change)?, "token_url"?, "client_id"?, "client_secret"?}; other
/// members are ignored. nullopt with a message naming the file and the member (never a
/// value) when it is not such an object.
std::optional<Credential> read_credential(const CredentialSource& source, std::string* error);

/// Seconds since the Unix epoch of an ISO 8601 date-time with a zone
/// ("2026-11-30T11:00:00Z", "2026-11-30T12:00:00.5+01:00"); nullopt otherwise.
std::optional<long long> parse_iso8601(const std::string& text);

struct AuthConfig {
  std::string type = "bearer";  ///< bearer, basic ("user:password" secret), oauth2, none
  std::string secret;           ///< token, "user:password", or "client_id:client_secret"
  std::string token_url;        ///< oauth2: absolute token endpoint URL
  /// oauth2 with a token obtained elsewhere: used until it expires, then renewed with the
  /// refresh-token grant at token_url (the grant's own URL wins). secret is then unused.
  std::optional<TokenGrant> grant;
};

/// How a target is authenticated: the auth type its profile names and, for oauth2, the
/// profile's absolute token URL.
struct TargetAuth {
  std::string type = "bearer";  ///< bearer, basic, oauth2 or none ("" is bearer)
  std::string token_url;        ///< "" when the profile names none
};

/// The credentials for a --url target (run, load, cleanup), from `source` (SCIM_TOKEN,
/// --token-env or --token-file, read with read_credential): for bearer the token, for basic
/// "user:password", for oauth2 with a token URL "client_id:client_secret", for oauth2 without
/// one an access token obtained elsewhere (sent as a bearer token). A JSON token set makes
/// the type oauth2, renewed with the refresh-token grant at the set's token_url or the
/// profile's. type none reads nothing. nullopt with the problem (never a secret) in `error`:
/// no secret, a malformed token file, a token set for basic.
std::optional<AuthConfig> target_auth(const TargetAuth& target, const CredentialSource& source,
                                      std::string* error);

/// How the run authenticated, for the report.
struct AuthStats {
  std::string method;  ///< "bearer", "basic", "none", "oauth2 client credentials", "oauth2 refresh token"
  /// oauth2: expires_in of the first access token the token endpoint issued.
  std::optional<long long> token_lifetime_s;
  int refreshes = 0;   ///< oauth2: access tokens obtained after the first one
};

/// Access tokens are renewed this long before they expire, or a quarter of their lifetime
/// when that is shorter.
inline constexpr long long kRefreshMarginS = 60;

/// Adds the Authorization header to requests (thread-safe). For oauth2, fetches an access
/// token with the client-credentials grant through `transport` and refreshes it before expiry
/// (using refresh_token when one was issued).
class Authorizer {
 public:
  Authorizer(AuthConfig config, std::function<std::unique_ptr<Transport>()> make_transport);
  ~Authorizer();
  Authorizer(Authorizer&&) noexcept;
  Authorizer& operator=(Authorizer&&) noexcept;
  /// Sets Authorization; returns an error message when credentials cannot be obtained.
  std::optional<std::string> authorize(Request& request);
  /// oauth2: forgets the cached access token (the server refused it), so the next authorize()
  /// obtains a new one. No effect for the other types.
  void invalidate();
  /// oauth2: after the server refused `sent` with 401, sets a fresh access token on `retry`
  /// (a copy of `sent`) and returns true, when `sent` carried an access token this
  /// Authorizer issued (a check's own token is left alone). The refused token is renewed
  /// with the refresh-token grant when there is one.
  bool renew_after_refusal(const Request& sent, Request& retry);
  AuthStats stats() const;
  /// Every secret value known so far (token, password, client secret, access tokens) for
  /// redaction.
  std::vector<std::string> secrets() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Sends through `inner`; an answer 401 to a request carrying the authorizer's access token
/// is retried once with a renewed token (Authorizer::renew_after_refusal).
class RenewingTransport : public Transport {
 public:
  /// `renewed` (may be empty) is called after a renewal, e.g. to redact the new secrets.
  RenewingTransport(std::unique_ptr<Transport> inner, std::shared_ptr<Authorizer> authorizer,
                    std::function<void()> renewed = {});
  Exchange send(const Request& request) override;

 private:
  std::unique_ptr<Transport> inner_;
  std::shared_ptr<Authorizer> authorizer_;
  std::function<void()> renewed_;
};

std::string base64_encode(const std::string& data);

}  // namespace scimcheck::http
