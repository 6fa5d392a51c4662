#pragma once
/// The reference SCIM 2.0 server: the embedded default target of `scimcheck run`, the
/// standalone `scimcheck serve`, and the faulty servers the defect tests run against.
/// Listens on loopback; thread-safe; serves under an optional base path.
#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/app_rules.hpp"

namespace scimcheck::server {

/// Threads serving connections. A keep-alive connection holds its thread between requests, so
/// the pool exceeds the connections of the usual clients (scimcheck run --jobs 32 and its
/// cleanup, a load run's workers); slow and idle ones are cut when others wait (below).
inline constexpr std::size_t kServerWorkers = 64;
/// The largest request body; a larger one is answered 413 without being read.
inline constexpr std::size_t kMaxRequestBodyBytes = 1024 * 1024;
/// A keep-alive connection idle this long is closed; while connections wait for a worker,
/// after kBusyIdleMs.
inline constexpr int kIdleTimeoutMs = 5000;
inline constexpr int kBusyIdleMs = 100;
/// A request (line, headers, body) must arrive within this from its first byte; while
/// connections wait for a worker, within kBusyRequestTimeoutMs.
inline constexpr int kRequestTimeoutMs = 10000;
inline constexpr int kBusyRequestTimeoutMs = 2000;

/// The limits above in a few sentences, for `scimcheck serve --help`.
std::string limits_description();

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;           ///< 0: a free port
  std::string base_path;  ///< e.g. "/moservices/scim/v1"; "" serves at the root
  /// App emulation: the name of the profile ("twingate", "vonage", "mediusflow", "ipass",
  /// "entra", "rfc" or "") and the rules of its "server" settings, checked once by
  /// read_app_rules (server/app_rules.hpp).
  std::string profile;
  AppRules rules;
  std::vector<std::string> tokens;  ///< accepted bearer tokens (empty + no basic: no auth)
  std::string basic_user, basic_password;
  std::string client_id, client_secret;  ///< OAuth2 token endpoint credentials
  int access_token_ttl_s = 3600;
  std::vector<std::string> defects;  ///< names from defects()
  int slow_ms = 1500;                ///< delay of the `slow` defect
  int seed_users = 0;                ///< users created at start, not by the harness
  bool log_requests = false;         ///< one line per request to stderr (no credentials)
  /// Throttling for tests of the client's pacing (not a defect: answering 429 is allowed):
  /// the first N requests are refused with 429 Too Many Requests and `Retry-After`.
  int throttle_first = 0;
  int throttle_retry_after_s = 1;
};

class ReferenceServer {
 public:
  explicit ReferenceServer(ServerOptions options);
  ~ReferenceServer();  ///< stops the server
  ReferenceServer(const ReferenceServer&) = delete;
  ReferenceServer& operator=(const ReferenceServer&) = delete;

  /// Binds and starts serving on a background thread. false with a message on failure
  /// (unknown defect, port in use).
  bool start(std::string* error);
  void stop();
  int port() const;
  /// "http://127.0.0.1:<port><base_path>"
  std::string base_url() const;
  /// Token rotation (Twingate emulation): issues a new token; the previous ones stop working.
  std::string rotate_token();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scimcheck::server
