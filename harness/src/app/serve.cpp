// `scimcheck serve`: the reference SCIM server, standalone.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <thread>

#include "app/commands.hpp"
#include "app/option_checks.hpp"
#include "app/profile_setup.hpp"
#include "app/signals.hpp"
#include "server/defects.hpp"
#include "server/server.hpp"
#include "source/diagnostic_render.hpp"
#include "source/root.hpp"
#include "suite/loader.hpp"
#include "suite/profile_lookup.hpp"

namespace scimcheck::app {
namespace {

struct ServeOptions {
  server::ServerOptions server;
  std::string profile;
  std::vector<std::string> vars;
  std::string token;
  std::string token_env;
  bool no_auth = false;
  bool list_defects = false;
};

/// Sets the server up to emulate the --profile app, its variables valued as against the
/// embedded server. 0, or 2 with the problems on stderr.
int emulate_profile(const ServeOptions& options, server::ServerOptions& so) {
  auto root = source::find_root();
  if (!root) {
    std::cerr << "scimcheck: cannot find the suites/ and schemas/ folders; set SCIMCHECK_ROOT\n";
    return 2;
  }
  std::string error;
  const auto path = suite::find_profile(*root, options.profile, &error);
  if (!path) {
    std::cerr << "scimcheck: " << error << "\n";
    return 2;
  }
  source::Diagnostics diagnostics;
  const auto profile = suite::load_profile(*path, {*root}, diagnostics);
  const auto given = profile ? parse_var_options(options.vars, std::cerr) : std::nullopt;
  const auto variables = given ? resolve_variables(*profile, *given, true, std::cerr) : std::nullopt;
  const bool ok = variables && apply_server_settings(*profile, *variables, so, diagnostics);
  std::cerr << source::render_all(diagnostics, source::file_lookup());
  return ok ? 0 : 2;
}

int serve_command(ServeOptions options) {
  if (options.list_defects) {
    for (const auto& d : server::defects())
      std::cout << std::left << std::setw(30) << d.name << " " << d.behaviour << "  ["
                << d.requirement << "]\n";
    return 0;
  }
  server::ServerOptions& so = options.server;
  if (so.host != "127.0.0.1" && so.host != "localhost" && so.host != "::1")
    std::cerr << "scimcheck: warning: listening on " << so.host << ", not only on loopback\n";
  if (!options.profile.empty())
    if (int code = emulate_profile(options, so); code != 0) return code;
  bool generated = false;
  if (!options.no_auth) {
    std::string token = options.token;
    if (token.empty() && !options.token_env.empty()) {
      const char* env = std::getenv(options.token_env.c_str());
      if (!env || !*env) {
        std::cerr << "scimcheck: the variable " << options.token_env << " is not set\n";
        return 2;
      }
      token = env;
    }
    if (token.empty()) {
      token = "dev-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
      generated = true;
    }
    so.tokens = {token};
    if (so.rules.oauth) {
      so.client_id = "scimcheck";
      so.client_secret = token;
    }
    if (generated) std::cerr << "bearer token for this server: " << token << "\n";
  }
  server::ReferenceServer server(so);
  std::string error;
  if (!server.start(&error)) {
    std::cerr << "scimcheck: " << error << "\n";
    return error.find("defect") != std::string::npos ? 2 : 3;
  }
  std::atomic<bool>& stop = install_stop_handlers();
  std::cout << "scimcheck reference server listening on " << server.base_url()
            << (so.profile.empty() ? "" : " (profile " + so.profile + ")");
  for (const auto& d : so.defects) std::cout << " [defect " << d << "]";
  std::cout << std::endl;
  while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server.stop();
  return 0;
}

}  // namespace

CLI::App* add_serve_command(CLI::App& root, Action& action) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* cmd = root.add_subcommand("serve", "Run the reference SCIM server (loopback by default)");
  cmd->add_option("--port", options->server.port, "Port (0: a free one, printed)")
      ->default_val(8080)
      ->check(number_between(0, 65535));
  cmd->add_option("--host", options->server.host, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--profile", options->profile, "Emulate an app: a profile name or file");
  cmd->add_option("--var", options->vars, "Profile variable NAME=VALUE");
  cmd->add_option("--base-path", options->server.base_path, "Serve under this path (e.g. /scim/v2)");
  cmd->add_option("--defect", options->server.defects, "Break one requirement (see --list-defects)")
      ->check(defect_name());
  cmd->add_flag("--list-defects", options->list_defects, "List the defects and exit");
  cmd->add_option("--slow-ms", options->server.slow_ms, "Delay of the slow defect (ms)")
      ->check(non_negative_number());
  cmd->add_option("--token", options->token, "Accepted bearer token (development only)");
  cmd->add_option("--token-env", options->token_env, "Variable holding the accepted token");
  cmd->add_flag("--no-auth", options->no_auth, "Accept requests without credentials");
  cmd->add_option("--token-lifetime", options->server.access_token_ttl_s,
                  "Lifetime in seconds of the access tokens its OAuth token endpoint issues "
                  "(oauth profiles; default 3600)")
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--seed-users", options->server.seed_users, "Users created at start")
      ->check(non_negative_number());
  cmd->add_flag("--log", options->server.log_requests, "One line per request on stderr");
  cmd->add_option("--throttle-first", options->server.throttle_first,
                  "Refuse the first N requests with 429 and Retry-After (tests a client's "
                  "throttling; not a defect)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--throttle-retry-after", options->server.throttle_retry_after_s,
                  "Retry-After seconds sent with those 429 answers (default 1)")
      ->check(CLI::NonNegativeNumber);
  cmd->footer(server::limits_description());
  cmd->callback([options, &action] { action = [options] { return serve_command(*options); }; });
  return cmd;
}

}  // namespace scimcheck::app
