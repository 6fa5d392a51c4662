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

struct AuthConfig {
  std::string type = "bearer";  ///< bearer, basic ("user:password" secret), oauth2, none
  std::string secret;           ///< token, "user:password", or "client_id:client_secret"
  std::string token_url;        ///< oauth2: absolute token endpoint URL
};

/// Adds the Authorization header to requests (thread-safe). For oauth2, fetches an access
/// token with the client-credentials grant through `transport` and refreshes it before expiry
/// (using refresh_token when one was issued).
class Authorizer {
 public:
  Authorizer(AuthConfig config, std::function<std::unique_ptr<Transport>()> make_transport);
  ~Authorizer();
  /// Sets Authorization; returns an error message when credentials cannot be obtained.
  std::optional<std::string> authorize(Request& request);
  /// oauth2: forgets the cached access token (the server refused it), so the next authorize()
  /// obtains a new one. No effect for the other types.
  void invalidate();
  /// Every secret value known so far (token, password, client secret, access tokens) for
  /// redaction.
  std::vector<std::string> secrets() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string base64_encode(const std::string& data);

}  // namespace scimcheck::http
