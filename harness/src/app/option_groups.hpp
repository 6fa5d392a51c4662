#pragma once
/// The option groups several commands share. Each group is registered by one function, so an
/// option has one name, one check and one help text in every command that takes it.
#include <CLI/CLI.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "http/curl_transport.hpp"
#include "http/redact.hpp"

namespace scimcheck::app {

/// Which app profile, against which endpoint: --profile, --url, --var.
struct TargetOptions {
  std::string profile;
  std::string url;                ///< empty: the embedded reference server
  std::vector<std::string> vars;  ///< NAME=VALUE

  friend bool operator==(const TargetOptions&, const TargetOptions&) = default;
};

/// Which checks of the profile: --suite, --add-suite, --only, --skip, --capability,
/// --entra-mode.
struct SelectionOptions {
  std::vector<std::string> suites;        ///< --suite: instead of the profile's suites
  std::vector<std::string> add_suites;    ///< --add-suite: after the profile's (or --suite's)
  std::vector<std::string> only, skip;    ///< id globs
  std::vector<std::string> capabilities;  ///< added to the profile's
  std::string entra_mode;                 ///< "", "flag-off", "flag-on", "both"

  friend bool operator==(const SelectionOptions&, const SelectionOptions&) = default;
};

/// Where the secret is read: --token-env, --token-file.
struct AuthOptions {
  std::string token_env = "SCIM_TOKEN";
  std::string token_file;

  friend bool operator==(const AuthOptions&, const AuthOptions&) = default;
};

/// How the server's certificate is checked: --cacert, --insecure.
struct TlsOptions {
  std::string cacert;
  bool insecure = false;

  friend bool operator==(const TlsOptions&, const TlsOptions&) = default;
};

/// How each request reaches the tenant: --header, --header-env, --proxy, --timeout.
struct NetworkOptions {
  std::vector<std::string> headers;      ///< NAME:VALUE
  std::vector<std::string> header_envs;  ///< NAME:VAR
  std::string proxy;                     ///< empty: libcurl's environment (see CurlOptions)
  double timeout_s = 60;                 ///< per request

  friend bool operator==(const NetworkOptions&, const NetworkOptions&) = default;
};

/// How fast requests go and how 429/503 are waited out (http/pacing.hpp): --rate,
/// --max-retries, --max-retry-wait.
struct PacingOptions {
  double rate = 0;                ///< requests per second across all workers; 0: unlimited
  int max_retries = 5;            ///< resends of one request refused with 429/503
  double max_retry_wait_s = 120;  ///< total Retry-After wait for one request

  friend bool operator==(const PacingOptions&, const PacingOptions&) = default;
};

/// Where files go: --out, --ledger.
struct OutputOptions {
  std::string out = "reports";
  std::string ledger;                        ///< "": ledger_name under out
  std::string ledger_name = "ledger.jsonl";  ///< the command's default ledger file name

  /// The cleanup ledger's path: --ledger, else ledger_name under out.
  std::string ledger_path() const;
};

/// Registers --profile (required) and --var. With `default_profile`, --profile is optional
/// and defaults to it.
void add_profile_options(CLI::App& cmd, TargetOptions& options,
                         const std::string& default_profile = "");
/// Registers --profile (required), --url and --var.
void add_target_options(CLI::App& cmd, TargetOptions& options);
void add_selection_options(CLI::App& cmd, SelectionOptions& options);
/// Registers --token-env, --token-file, and a hidden --token that refuses itself.
void add_auth_options(CLI::App& cmd, AuthOptions& options);
void add_tls_options(CLI::App& cmd, TlsOptions& options);
void add_network_options(CLI::App& cmd, NetworkOptions& options);
void add_pacing_options(CLI::App& cmd, PacingOptions& options);
/// Registers --out and --ledger; the help text names options.ledger_name, so set it first.
void add_output_options(CLI::App& cmd, OutputOptions& options);

/// Puts the TLS and network settings into `curl`, registering --header-env values and the
/// proxy's password with `redactor`. Returns false with the problem written to `err` (exit 2).
bool apply_connection_options(const TlsOptions& tls, const NetworkOptions& network,
                              http::CurlOptions& curl, http::Redactor& redactor, std::ostream& err);

}  // namespace scimcheck::app
