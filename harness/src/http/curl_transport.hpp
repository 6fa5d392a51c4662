#pragma once
/// The libcurl transport: one easy handle per transport (connection reuse across requests),
/// per-request timeout, TLS verification on unless asked, a proxy (given, from the environment
/// or none), headers added to every request, caps on the response's body and headers, and an
/// abort flag checked during transfers.
#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "http/transport.hpp"

namespace scimcheck::http {

struct CurlOptions {
  double timeout_s = 60;          ///< whole request, Entra's limit
  double connect_timeout_s = 10;
  std::string cacert;             ///< CA bundle; empty: system default
  bool insecure = false;          ///< no peer/host verification
  std::size_t max_response_bytes = 16u << 20;  ///< larger bodies: ErrorKind::too_large
  /// More header lines than this, or more header bytes (interim blocks included), stop the
  /// transfer with ErrorKind::too_large: real answers carry a few dozen.
  std::size_t max_header_count = 500;
  std::size_t max_header_bytes = 256u << 10;
  std::atomic<bool>* abort = nullptr;           ///< set: transfer stops with ErrorKind::aborted
  std::string user_agent = "scimcheck";
  /// Sent on every request that does not carry a header of that name already (checked and
  /// refused upstream: no CR/LF, not a header the harness sets).
  Headers extra_headers;
  /// Non-empty: every request goes through this proxy, loopback targets too (the
  /// no_proxy/NO_PROXY variables are ignored). Empty: see env_proxy.
  std::string proxy;
  /// With no proxy given: true uses libcurl's environment variables (http_proxy,
  /// https_proxy, all_proxy, no_proxy and their upper-case forms); false connects directly.
  bool env_proxy = true;
};

class CurlTransport : public Transport {
 public:
  explicit CurlTransport(CurlOptions options);
  ~CurlTransport() override;
  Exchange send(const Request& request) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// curl_global_init once per process (thread-safe to call repeatedly).
void global_init();

}  // namespace scimcheck::http
