#include "app/option_groups.hpp"

#include <filesystem>

#include "app/header_options.hpp"
#include "app/option_checks.hpp"

namespace scimcheck::app {

std::string OutputOptions::ledger_path() const {
  return ledger.empty() ? (std::filesystem::path(out) / ledger_name).string() : ledger;
}

void add_profile_options(CLI::App& cmd, TargetOptions& options,
                         const std::string& default_profile) {
  const std::string what = "App profile: a name from suites/profiles/ or a path to a .profile.json";
  if (default_profile.empty()) {
    cmd.add_option("--profile", options.profile, what)->required();
  } else {
    cmd.add_option("--profile", options.profile, what + " (default " + default_profile + ")")
        ->default_val(default_profile);
  }
  cmd.add_option("--var", options.vars, "Set a profile variable: NAME=VALUE (repeatable)");
}

void add_target_options(CLI::App& cmd, TargetOptions& options) {
  add_profile_options(cmd, options);
  cmd.add_option("--url", options.url,
                 "Tenant URL as given to Entra (may carry a path and ?aadOptscim062020); "
                 "without it, the embedded reference server on loopback");
}

void add_selection_options(CLI::App& cmd, SelectionOptions& options) {
  cmd.add_option("--suite", options.suites, "Suite files to use instead of the profile's");
  cmd.add_option("--add-suite", options.add_suites,
                 "A suite file to use after the profile's (repeatable)");
  cmd.add_option("--only", options.only, "Only checks whose id matches (glob, repeatable)");
  cmd.add_option("--skip", options.skip, "Skip checks whose id matches (glob, repeatable)");
  cmd.add_option("--capability", options.capabilities,
                 "Add a capability to the profile (e.g. groups for iPass)");
  cmd.add_option("--entra-mode", options.entra_mode,
                 "Entra request shapes: flag-off, flag-on, or both (every check, each with its "
                 "own shapes, in one run and one report; fine with a URL carrying "
                 "aadOptscim062020). Default: flag-on when the URL carries aadOptscim062020, "
                 "else the profile's")
      ->check(CLI::IsMember({"flag-off", "flag-on", "both"}));
}

void add_auth_options(CLI::App& cmd, AuthOptions& options) {
  cmd.add_option("--token-env", options.token_env,
                 "Environment variable holding the secret token (default SCIM_TOKEN)");
  cmd.add_option("--token-file", options.token_file,
                 "File holding the secret token, or a JSON OAuth token set (see run --help)");
  // Hidden; without it CLI11 would echo the token as an unexpected argument.
  cmd.add_option_function<std::string>(
         "--token",
         [](const std::string&) {
           throw CLI::ValidationError("--token",
                                      "the token is never taken on the command line (it would "
                                      "be kept in the shell history and shown by ps); set "
                                      "SCIM_TOKEN, or use --token-env NAME or --token-file FILE");
         })
      ->expected(0, 1)
      ->group("");
}

void add_tls_options(CLI::App& cmd, TlsOptions& options) {
  cmd.add_option("--cacert", options.cacert, "CA bundle to verify the server's certificate");
  cmd.add_flag("--insecure", options.insecure,
               "Do not verify TLS certificates (a run reports it in every output)");
}

void add_network_options(CLI::App& cmd, NetworkOptions& options) {
  cmd.add_option("--header", options.headers,
                 "NAME:VALUE sent on every request (repeatable); the value is shown in the "
                 "reports, use --header-env for a secret");
  cmd.add_option("--header-env", options.header_envs,
                 "NAME:VAR: header NAME with the value of environment variable VAR, masked "
                 "like the token (repeatable)");
  cmd.add_option("--proxy", options.proxy,
                 "Send every request through this proxy, loopback included (no_proxy is "
                 "ignored); without it, http_proxy/https_proxy/no_proxy from the environment "
                 "apply to --url, and the embedded server is reached directly");
  cmd.add_option("--timeout", options.timeout_s, "Per-request timeout in seconds (default 60)")
      ->check(timeout_seconds());
}

void add_pacing_options(CLI::App& cmd, PacingOptions& options) {
  cmd.add_option("--rate", options.rate,
                 "Requests per second for the whole command, all requests in flight together "
                 "(default: no limit)")
      ->check(non_negative_number());
  cmd.add_option("--max-retries", options.max_retries,
                 "Resends of a request refused with 429, or 503 with Retry-After (default 5)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--max-retry-wait", options.max_retry_wait_s,
                 "Seconds one request may wait in total for Retry-After (default 120)")
      ->check(non_negative_number());
}

void add_output_options(CLI::App& cmd, OutputOptions& options) {
  cmd.add_option("--out", options.out, "Folder for the reports (default " + options.out + "/)");
  cmd.add_option("--ledger", options.ledger,
                 "Cleanup ledger file (default <out>/" + options.ledger_name +
                     "; kept only when cleanup failed)");
}

bool apply_connection_options(const TlsOptions& tls, const NetworkOptions& network,
                              http::CurlOptions& curl, http::Redactor& redactor,
                              std::ostream& err) {
  curl.timeout_s = network.timeout_s;
  curl.cacert = tls.cacert;
  curl.insecure = tls.insecure;
  std::string error;
  auto headers = extra_headers(network.headers, network.header_envs, redactor, &error);
  if (!headers) {
    err << "scimcheck: " << error << "\n";
    return false;
  }
  curl.extra_headers = std::move(*headers);
  if (has_control(network.proxy)) {
    err << "scimcheck: --proxy holds a control character\n";
    return false;
  }
  curl.proxy = network.proxy;
  if (const std::string password = proxy_password(network.proxy); !password.empty())
    redactor.add_secret(password);
  return true;
}

}  // namespace scimcheck::app
