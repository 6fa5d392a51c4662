#pragma once
/// The reference SCIM 2.0 server: the embedded default target of `scimcheck run`, the
/// standalone `scimcheck serve`, and the faulty servers the defect tests run against.
/// Listens on loopback; thread-safe; serves under an optional base path.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace scimcheck::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;                      ///< 0: a free port
  std::string base_path;             ///< e.g. "/moservices/scim/v1"; "" serves at the root
  /// App emulation: the name of the profile ("twingate", "vonage", "mediusflow", "ipass",
  /// "entra", "rfc" or "") and its "server" settings from the profile file, with templates
  /// already resolved: rotate_tokens, groups (false: no /Groups), oauth,
  /// required_user_attributes [paths], user_name_domains [domains], base_path.
  std::string profile;
  nlohmann::json settings = nlohmann::json::object();
  std::vector<std::string> tokens;   ///< accepted bearer tokens (empty + no basic: no auth)
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
