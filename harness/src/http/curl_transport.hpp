#pragma once
/// The libcurl transport: one easy handle per transport (connection reuse across requests),
/// per-request timeout, TLS verification on unless asked, proxies from the environment
/// (libcurl's default), caps on the response's body and headers, and an abort flag checked
/// during transfers.
#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

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
