#pragma once
/// Masks secrets before anything is stored or printed.
#include <mutex>
#include <string>
#include <vector>

#include "http/exchange.hpp"

namespace scimcheck::http {

inline constexpr const char* kMask = "****";

class Redactor {
 public:
  /// Adds a secret value to mask wherever it appears (ignored when shorter than 4 chars).
  void add_secret(const std::string& value);
  /// Text with every known secret replaced by ****, plus any "Bearer xxx"/"Basic xxx"
  /// credentials and JSON members named password, client_secret, access_token,
  /// refresh_token, token or secret given a **** value.
  std::string text(const std::string& text) const;
  /// Authorization, Proxy-Authorization, Cookie, Set-Cookie header values masked as
  /// "Bearer ****" / "Basic ****" / "****"; URL via redact_url; bodies via text().
  void exchange(Exchange& exchange) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> secrets_;
};

}  // namespace scimcheck::http
