#pragma once
/// Masks the run's secrets and the credentials it sent before anything is stored or printed,
/// and nothing else: a server's own text (a WWW-Authenticate challenge, say) stays as it was.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/exchange.hpp"

namespace scimcheck::http {

inline constexpr const char* kMask = "****";
/// Secrets shorter than this are not masked (they would mask ordinary text): a secret the run
/// is given must be at least this long.
inline constexpr std::size_t kMinSecretLength = 4;

/// Finds every known secret in a text in one linear pass (Aho-Corasick over the forms of each
/// secret the run can foresee). Built by Redactor; immutable once built.
class SecretMatcher;

class Redactor {
 public:
  Redactor();
  ~Redactor();
  Redactor(const Redactor&) = delete;
  Redactor& operator=(const Redactor&) = delete;

  /// Adds a secret value to mask wherever it appears (ignored when shorter than
  /// kMinSecretLength), in
  /// each form a server may echo it in:
  ///  - verbatim, in any letter case;
  ///  - URL-encoded (%XX in either case, '+' for a space, any subset of characters encoded);
  ///  - JSON-escaped (`\/`, `\"`, `\\`, `\uXXXX` for any character);
  ///  - base64 and base64url, with or without padding, of the secret alone, of
  ///    "Bearer <secret>", and of any text holding the secret (the groups of the encoding
  ///    that depend on the secret alone, at each of the 3 byte alignments).
  /// For Basic authentication the run adds "user:password", so its base64 is the credential
  /// as sent. The encodings combine: base64 that is then URL-encoded is masked too.
  void add_secret(const std::string& value);
  /// Text with every form of every known secret replaced by ****, and the credential members
  /// of token requests and answers (JSON members and form fields named password,
  /// client_secret, access_token, refresh_token, id_token, token or secret) given a ****
  /// value. Linear in the length of the text.
  std::string text(const std::string& text) const;
  /// The request's Authorization, Proxy-Authorization and Cookie values masked as
  /// "<scheme> ****" / "****", the response's Set-Cookie as "****"; every other header, the
  /// URL (also via redact_url) and both bodies via text().
  void exchange(Exchange& exchange) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> secrets_;
  std::vector<std::string> needles_;  ///< every form of every secret, folded for matching
  std::shared_ptr<const SecretMatcher> matcher_;
};

}  // namespace scimcheck::http
