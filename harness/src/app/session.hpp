#pragma once
/// What `run` and `list` share: the profile with its variables resolved, the suites, the Entra
/// mode and the plan; and for `run`, the target: the embedded reference server or the URL,
/// with its transport, credentials and redaction.
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "app/command_options.hpp"
#include "http/auth.hpp"
#include "http/pacing.hpp"
#include "plan/plan.hpp"
#include "run/runner.hpp"
#include "source/diagnostic.hpp"
#include "suite/model.hpp"

namespace scimcheck::app {

/// The suite files a profile lists, in its order without repeats: each entry is a glob
/// relative to suites/ ("core/*.suite.json"), or, when it starts with "./" or "../" or is
/// absolute, a path (its file name may be a glob) relative to the profile file. An error at
/// each entry that matches no file.
std::vector<std::string> profile_suite_files(const std::filesystem::path& root,
                                             const suite::Profile& profile,
                                             source::Diagnostics& diagnostics);

/// The authoring checks of a profile against the suites it runs: its capabilities are ones
/// a suite (shipped, or among `suites`) names, and every fixture and item member the suites
/// read is a field or an attribute (eval/members.hpp); `notes` adds a warning per attribute
/// the mapping leaves out.
void check_authoring(const std::filesystem::path& root, const suite::Profile& profile,
                     const std::vector<suite::Suite>& suites, source::Diagnostics& diagnostics,
                     bool notes);

/// The Entra mode of a run: --entra-mode when given (it wins over the URL's flag); flag-on
/// when the --url carries aadOptscim062020; else the profile's (flag-off for a profile that
/// fits any).
suite::EntraMode choose_mode(const std::string& entra_mode, const std::string& url,
                             suite::EntraMode profile_mode);

class Session {
 public:
  Session();
  ~Session();

  /// Loads and plans without contacting anything. Returns 0, or 2 with the problems written
  /// to err (file:line:col diagnostics, unknown profile, missing variable).
  int load(const RunOptions& options, std::ostream& err);
  /// load() and then set up the target (embedded server started, credentials read).
  /// Returns 0, 2 (bad invocation) or 3 (the embedded server could not start).
  int prepare(const RunOptions& options, std::ostream& err);

  const suite::Profile& profile() const;
  suite::EntraMode mode() const;
  const plan::Plan& plan() const;
  const std::vector<suite::Suite>& suites() const;
  /// The target as shown in reports: the redacted URL, or the embedded server.
  std::string target_label() const;
  /// The base URL written to the ledger (no credentials).
  std::string ledger_target() const;
  /// The runner's context for this target (run id, ledger and abort flag are the caller's).
  run::RunContext context();
  std::string redact_text(const std::string& text) const;
  /// The transport of the preflight: the run's TLS settings and pacer, with the preflight's
  /// short timeouts (run/preflight.hpp).
  std::unique_ptr<http::Transport> preflight_transport() const;
  /// How the run authenticated so far (method, OAuth token lifetime and renewals).
  http::AuthStats auth_stats() const;
  /// What the pacer shared by the run's transports did so far (rate waits, 429/503 retries).
  http::PacingStats pacing_stats() const;

 private:
  /// The steps of prepare() after the pacer and the transport settings: start the embedded
  /// server, or check the --url and read its credential. Each returns prepare()'s code and
  /// completes `auth`.
  int start_embedded_server(const RunOptions& options, http::AuthConfig& auth, std::ostream& err);
  int use_target_url(const RunOptions& options, http::AuthConfig& auth, std::ostream& err);

  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace scimcheck::app
