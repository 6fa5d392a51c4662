#pragma once
/// The libcurl transport: one easy handle per transport (connection reuse across requests),
/// per-request timeout, TLS verification on unless asked, a proxy (given, from the environment
/// or none), headers added to every request, caps on the response's body and headers, and an
/// abort flag checked during transfers.
#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
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

/// One libcurl easy handle set up with the options every request of a transport shares
/// (timeouts, TLS, proxy, caps on the body and headers, the abort flag); it keeps its
/// connection from request to request. CurlTransport drives it with curl_easy_perform; a
/// caller of libcurl's multi interface adds native() to its multi handle between begin()
/// and end(). One transfer at a time.
class CurlHandle {
 public:
  explicit CurlHandle(CurlOptions options);
  ~CurlHandle();
  CurlHandle(const CurlHandle&) = delete;
  CurlHandle& operator=(const CurlHandle&) = delete;

  const CurlOptions& options() const;
  /// The libcurl easy handle (a CURL*); null when libcurl could not make one.
  void* native() const;
  /// Sets up the transfer of `request` with exactly its headers (see add_fixed_headers), the
  /// answer going into `response` (emptied first). The reason when it cannot be sent.
  std::optional<TransportError> begin(const Request& request, Response& response);
  /// After the transfer ended with `code` (a CURLcode): the answer's status set, and the
  /// transfer's error if any (a refused body is cut to its first 64 KiB).
  std::optional<TransportError> end(int code);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Adds the options' extra headers and User-Agent to `headers` where no header of that name
/// is there yet: what a transport sends with every request.
void add_fixed_headers(const CurlOptions& options, Headers& headers);
/// Those headers alone, for a request prepared once and sent many times.
Headers fixed_headers(const CurlOptions& options);

/// The error of an answer whose body is over the options' cap; `body` (what arrived) is cut
/// to its first 64 KiB, kept as evidence. Every reader words it the same.
TransportError body_too_large(const CurlOptions& options, std::string& body);
/// The error of an answer whose header block is over the options' caps.
TransportError headers_too_large(const CurlOptions& options);

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
