// `scimcheck cleanup --ledger FILE`: deletes what an interrupted or crashed run created.
#include <filesystem>
#include <iostream>

#include "app/command_options.hpp"
#include "app/commands.hpp"
#include "http/auth.hpp"
#include "http/curl_transport.hpp"
#include "http/redact.hpp"
#include "http/url.hpp"
#include "report/auth_line.hpp"
#include "run/ledger.hpp"
#include "run/runner.hpp"

namespace scimcheck::app {
namespace {

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
  auto auth = http::target_auth({options.auth, ""},
                                 {options.credentials.token_env, options.credentials.token_file}, &error);
  if (!auth) {
    std::cerr << "scimcheck: " << error << "\n";
    return 2;
  }
  if (!auth->secret.empty()) redactor.add_secret(auth->secret);
  http::CurlOptions curl;
  if (!apply_connection_options(options.tls, options.network, curl, redactor, std::cerr)) return 2;
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

CLI::App* define_cleanup_command(CLI::App& root, CleanupOptions& options) {
  CLI::App* cmd = root.add_subcommand(
      "cleanup", "Delete what an interrupted run created, from its ledger file");
  cmd->add_option("--ledger", options.ledger, "The run's ledger (reports/ledger.jsonl)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--url", options.url, "Tenant URL (default: the one in the ledger)");
  cmd->add_option("--auth", options.auth, "bearer (default), basic or none")
      ->check(CLI::IsMember({"bearer", "basic", "none"}));
  add_auth_options(*cmd, options.credentials);
  add_tls_options(*cmd, options.tls);
  add_network_options(*cmd, options.network);
  return cmd;
}

CLI::App* add_cleanup_command(CLI::App& root, Action& action) {
  auto options = std::make_shared<CleanupOptions>();
  CLI::App* cmd = define_cleanup_command(root, *options);
  cmd->callback([options, &action] { action = [options] { return cleanup_command(*options); }; });
  return cmd;
}

}  // namespace scimcheck::app
