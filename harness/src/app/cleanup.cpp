// `scimcheck cleanup --ledger FILE`: deletes what an interrupted or crashed run created.
#include <filesystem>
#include <iostream>

#include "app/commands.hpp"
#include "app/header_options.hpp"
#include "app/option_checks.hpp"
#include "http/auth.hpp"
#include "http/curl_transport.hpp"
#include "http/redact.hpp"
#include "http/url.hpp"
#include "report/auth_line.hpp"
#include "run/ledger.hpp"
#include "run/runner.hpp"

namespace scimcheck::app {
namespace {

struct CleanupOptions {
  std::string ledger;
  std::string url;
  std::string token_env = "SCIM_TOKEN";
  std::string token_file;
  std::string auth = "bearer";
  std::string cacert;
  bool insecure = false;
  double timeout_s = 60;
  NetworkOptions network;
};

int cleanup_command(const CleanupOptions& options) {
  std::string error;
  auto ledger = run::Ledger::read(options.ledger, &error);
  if (!ledger) {
    std::cerr << "scimcheck: " << error << "\n";
    return 2;
  }
  const auto outstanding = ledger->outstanding();
  std::cout << "ledger of run " << ledger->header().run_id << " (profile "
            << ledger->header().profile << "): " << outstanding.size()
            << " resource(s) to delete\n";
  if (outstanding.empty()) {
    std::filesystem::remove(options.ledger);
    return 0;
  }
  std::string base = options.url.empty() ? ledger->header().target : options.url;
  if (base.find("****") != std::string::npos) {
    std::cerr << "scimcheck: the ledger's target URL had credentials masked; give it with --url\n";
    return 2;
  }
  http::global_init();
  http::Redactor redactor;
  auto auth = http::target_auth({options.auth, ""}, {options.token_env, options.token_file}, &error);
  if (!auth) {
    std::cerr << "scimcheck: " << error << "\n";
    return 2;
  }
  if (!auth->secret.empty()) redactor.add_secret(auth->secret);
  http::CurlOptions curl;
  curl.timeout_s = options.timeout_s;
  curl.cacert = options.cacert;
  curl.insecure = options.insecure;
  if (!apply_network_options(options.network, curl, redactor, std::cerr)) return 2;
  auto make = [curl]() -> std::unique_ptr<http::Transport> {
    return std::make_unique<http::CurlTransport>(curl);
  };
  auto authorizer = std::make_shared<http::Authorizer>(*auth, make);
  const auto redact_secrets = [&] {
    for (const auto& secret : authorizer->secrets()) redactor.add_secret(secret);
  };
  // A 401 to the access token of a JSON token set renews it and sends the request again.
  http::RenewingTransport transport(make(), authorizer, redact_secrets);
  auto result = run::delete_outstanding(*ledger, base, transport, [&](http::Request& r) {
    auto problem = authorizer->authorize(r);
    redact_secrets();
    return problem;
  });
  std::cout << "deleted " << ledger->deleted_count() << " of " << ledger->created_count()
            << " created resource(s)\n";
  for (const auto& l : result.leftovers) std::cout << "left behind: " << redactor.text(l) << "\n";
  const auto stats = authorizer->stats();
  if (const auto line = report::auth_summary(
          result::AuthRecord{stats.method, stats.token_lifetime_s, stats.refreshes});
      !line.empty())
    std::cout << "auth: " << line << "\n";
  if (!result.leftovers.empty()) return 3;
  std::filesystem::remove(options.ledger);
  return 0;
}

}  // namespace

CLI::App* add_cleanup_command(CLI::App& root, Action& action) {
  auto options = std::make_shared<CleanupOptions>();
  CLI::App* cmd = root.add_subcommand(
      "cleanup", "Delete what an interrupted run created, from its ledger file");
  cmd->add_option("--ledger", options->ledger, "The run's ledger (reports/ledger.jsonl)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--url", options->url, "Tenant URL (default: the one in the ledger)");
  cmd->add_option("--token-env", options->token_env, "Variable holding the token (default SCIM_TOKEN)");
  cmd->add_option("--token-file", options->token_file,
                  "File holding the token, or a JSON OAuth token set (as for run)");
  cmd->add_option("--auth", options->auth, "bearer (default), basic or none")
      ->check(CLI::IsMember({"bearer", "basic", "none"}));
  cmd->add_option("--cacert", options->cacert, "CA bundle");
  cmd->add_flag("--insecure", options->insecure, "Do not verify TLS certificates");
  cmd->add_option("--timeout", options->timeout_s, "Per-request timeout in seconds")
      ->check(timeout_seconds());
  add_network_options(*cmd, options->network);
  cmd->callback([options, &action] { action = [options] { return cleanup_command(*options); }; });
  return cmd;
}

}  // namespace scimcheck::app
