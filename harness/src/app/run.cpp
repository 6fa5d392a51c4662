// `scimcheck run`: load the profile and suites, plan, start the embedded server when no URL is
// given, run, write the reports, and turn the result into an exit code.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>

#include "app/baseline_file.hpp"
#include "app/commands.hpp"
#include "app/option_checks.hpp"
#include "app/reports.hpp"
#include "app/command_options.hpp"
#include "app/session.hpp"
#include "app/signals.hpp"
#include "report/console.hpp"
#include "report/junit.hpp"
#include "report/json.hpp"
#include "report/readiness.hpp"
#include "result/model.hpp"
#include "run/preflight.hpp"
#include "run/runner.hpp"

namespace scimcheck::app {
namespace {

namespace fs = std::filesystem;

std::string iso_now() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

std::string new_run_id() {
  std::random_device rd;
  std::uniform_int_distribution<int> dist(0, 35);
  std::string id = "r";
  for (int i = 0; i < 7; ++i) id += "0123456789abcdefghijklmnopqrstuvwxyz"[dist(rd)];
  return id;
}

/// --header, --header-env and --proxy as the run got them, for the cleanup command it
/// suggests; each argument in single quotes for the shell.
std::string network_arguments(const NetworkOptions& network) {
  auto quoted = [](const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
  };
  std::string out;
  for (const auto& h : network.headers) out += " --header " + quoted(h);
  for (const auto& h : network.header_envs) out += " --header-env " + quoted(h);
  if (!network.proxy.empty()) out += " --proxy " + quoted(network.proxy);
  return out;
}

/// The readiness record a run starts with when the section is wanted (nullopt otherwise), or
/// false when the requirement table cannot be read (written to `err`).
bool start_readiness(const RunOptions& options, const std::string& profile,
                     const std::string& base_url, std::optional<result::Readiness>& readiness,
                     std::ostream& err) {
  if (!options.gallery_readiness && profile != "gallery") return true;
  std::string error;
  const auto table = report::load_shipped_requirement_table(&error);
  if (!table) {
    err << "scimcheck: gallery readiness: " << error << "\n";
    return false;
  }
  readiness = report::new_readiness(*table, base_url);
  return true;
}

/// Handshakes with an https:// target as the run's transport would (CA bundle, --insecure,
/// proxy): which TLS versions and suites it accepts.
void probe_tls(const RunOptions& options, const std::string& base_url,
               result::Readiness& readiness) {
  if (readiness.scheme != "https") return;
  http::TlsProbeOptions probe;
  probe.cacert = options.tls.cacert;
  probe.insecure = options.tls.insecure;
  probe.proxy = options.network.proxy;
  readiness.tls = http::probe_tls(base_url, probe);
}

/// The run's record before any request: who, what and when.
result::RunResult new_run_record(const Session& session, const RunOptions& options) {
  result::RunResult run;
  run.tool_version = SCIMCHECK_VERSION;
  run.run_id = new_run_id();
  run.profile = session.profile().name;
  run.profile_title = session.profile().title;
  run.target = session.target_label();
  run.entra_mode = suite::to_string(session.mode());
  run.strict = options.strict;
  run.insecure = options.tls.insecure;
  run.started_at = iso_now();
  return run;
}

report::ConsoleOptions console_options_for(const RunOptions& options) {
  report::ConsoleOptions console_options;
  console_options.colour = report::colour_wanted(STDOUT_FILENO);
  console_options.verbose = options.verbose;
  console_options.quiet = options.quiet;
  console_options.show_skipped = options.show_skipped;
  console_options.live = report::live_wanted(STDOUT_FILENO);
  return console_options;
}

/// The preflight first: a target that cannot be tested stops the run before any check, with
/// one message (the console prints it once, as the abort reason) and nothing created. Then
/// the plan.
void run_checks(Session& session, run::RunContext& ctx, result::BaselineMarking* marking,
                report::ConsoleReporter& console, result::RunResult& run) {
  run::Preflight preflight = run::run_preflight(ctx, *session.preflight_transport());
  if (marking)
    for (auto& kase : preflight.suite.cases) marking->mark(kase);
  if (preflight.stop.empty()) {
    console.on_case_done(preflight.suite, preflight.suite.cases.front());
    ctx.discovery = std::move(preflight.discovery);
    ctx.server_schemas = std::move(preflight.schemas);
    ctx.server_schemas_problem = std::move(preflight.schemas_problem);
    run::run_plan(session.plan(), ctx, run, console);
  } else {
    run.aborted = true;
    run.abort_reason = preflight.stop;
  }
  console.end_progress();
  run.suites.insert(run.suites.begin(), std::move(preflight.suite));
}

/// What the session saw besides the checks: signals, pacing, authentication.
void record_session_stats(const Session& session, const RunOptions& options,
                          result::RunResult& run) {
  if (stop_signals_received() > 0) {
    run.aborted = true;
    run.abort_reason = "interrupted by a signal";
  }
  const http::PacingStats pacing = session.pacing_stats();
  run.throttling = result::Throttling{options.pacing.rate,
                                      static_cast<int>(pacing.sent),
                                      static_cast<int>(pacing.throttled),
                                      static_cast<int>(pacing.exhausted),
                                      pacing.retry_wait_ms,
                                      pacing.rate_wait_ms};
  if (const http::AuthStats auth = session.auth_stats(); !auth.method.empty())
    run.auth = result::AuthRecord{auth.method, auth.token_lifetime_s, auth.refreshes};
}

/// Writes the reports (a report that cannot be written is named on stderr; the exit code
/// stays the run's), then removes the ledger or says how to finish the cleanup.
void write_outputs(const Session& session, const RunOptions& options,
                   report::ConsoleReporter& console, const result::RunResult& run,
                   const std::string& ledger_path, const std::string& cleanup_command) {
  bool reports_ok = true;
  const std::vector<std::string> written = write_reports(
      run, options.formats, fs::path(options.output.out),
      [&session](const std::string& text) { return session.redact_text(text); }, std::cerr,
      &reports_ok);
  console.on_run_done(run);
  if (!options.quiet)
    for (const auto& f : written) std::cout << "report: " << f << "\n";
  std::error_code ec;
  if (run.cleanup.leftovers.empty()) {
    fs::remove(ledger_path, ec);
  } else {
    std::cout << "cleanup incomplete: run `" << cleanup_command << "` to finish\n";
  }
}

int run_command(const RunOptions& options) {
  Session session;
  if (int code = session.prepare(options, std::cerr); code != 0) return code;
  std::optional<result::Baseline> baseline;
  if (!options.baseline.empty()) {
    baseline = load_baseline_file(options.baseline, std::cerr);
    if (!baseline) return 2;
  }
  // Until now nothing was created or sent: a signal ends the process as usual. From here on
  // it asks the run to stop and clean up.
  std::atomic<bool>& stop = install_stop_handlers();

  std::error_code ec;
  fs::create_directories(options.output.out, ec);
  if (ec) {
    std::cerr << "scimcheck: cannot create " << options.output.out << ": " << ec.message() << "\n";
    return 2;
  }
  result::RunResult run = new_run_record(session, options);
  std::atomic<std::uint64_t> counter{0};
  run::RunContext ctx = session.context();
  if (!start_readiness(options, run.profile, ctx.base_url, run.readiness, std::cerr)) return 2;

  const std::string ledger_path = options.output.ledger_path();
  std::string error;
  auto ledger = run::Ledger::create(ledger_path, {run.run_id, run.profile, session.ledger_target()},
                                    &error);
  if (!ledger) {
    std::cerr << "scimcheck: " << error << "\n";
    return 2;
  }
  const std::string cleanup_command =
      "scimcheck cleanup --ledger " + ledger_path + (options.target.url.empty() ? "" : " --url URL") +
      // The run's headers and proxy as given, what a gateway needs; masked like everything
      // printed (a proxy's password; --header-env names only a variable).
      session.redact_text(network_arguments(options.network));
  set_cleanup_hint(cleanup_command);

  ctx.run_id = run.run_id;
  ctx.ledger = &*ledger;
  ctx.abort = &stop;
  ctx.counter = &counter;
  ctx.jobs = options.jobs;
  ctx.max_response_ms = options.max_response_ms;
  ctx.fail_fast = options.fail_fast;
  ctx.strict = options.strict;

  report::ConsoleReporter console(std::cout, console_options_for(options));
  std::size_t checks = 1;  // the preflight
  for (const auto& planned : session.plan().suites) checks += planned.cases.size();
  console.expect_checks(checks);
  ctx.watcher = &console;
  std::optional<result::BaselineMarking> marking;
  if (baseline) marking.emplace(*baseline, today_utc());
  ctx.baseline = marking ? &*marking : nullptr;
  console.on_run_start(run);
  const auto started = std::chrono::steady_clock::now();
  run_checks(session, ctx, marking ? &*marking : nullptr, console, run);
  run.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  run.finished_at = iso_now();
  record_session_stats(session, options, run);
  if (run.readiness && stop_signals_received() == 0)
    probe_tls(options, ctx.base_url, *run.readiness);
  if (marking) print_baseline_notes(marking->notes(run), std::cerr);
  write_outputs(session, options, console, run, ledger_path, cleanup_command);
  return result::exit_code(run);
}

}  // namespace

CLI::App* define_run_command(CLI::App& root, RunOptions& options) {
  CLI::App* cmd = root.add_subcommand(
      "run", "Run the conformance checks of a profile against an endpoint (or the embedded server)");
  cmd->footer(
      "Exit codes: 0 every check passed (warnings allowed unless --strict); 1 a check failed, "
      "including a response past the timeout or Entra's 60 s; 2 bad invocation or input files, "
      "or an --only/--skip pattern that matches no check; 3 the run could not proceed "
      "(preflight failed, target unreachable, TLS, aborted). A check blocked by another's "
      "failure does not fail the run by itself.\n\nThe secret (SCIM_TOKEN, --token-env or "
      "--token-file) holds, by the profile's auth type: bearer, the token; basic, "
      "user:password; oauth2 with a token_url, client_id:client_secret (client-credentials "
      "grant); oauth2 without one, an access token. --token-file may hold a JSON token set "
      "{\"access_token\", \"refresh_token\", \"expires_at\" or \"expires_in\", \"token_url\", "
      "\"client_id\", \"client_secret\"}: renewed with the refresh-token grant before it expires "
      "and on a 401.");
  add_target_options(*cmd, options.target);
  add_selection_options(*cmd, options.selection);
  add_output_options(*cmd, options.output);
  cmd->add_option("--format", options.formats,
                  "Report formats, comma-separated: junit, html, md, json, har (default junit,html)")
      ->delimiter(',')
      ->check(CLI::IsMember(report_formats()));
  cmd->add_option("--baseline", options.baseline,
                  "Known failures (JSON): reported as known and not failing the run");
  cmd->add_flag("--gallery-readiness", options.gallery_readiness,
                "Add the gallery-readiness section (TLS probe, auth, Entra modes, onboarding "
                "requirements) to the reports; on with the gallery profile");
  cmd->add_flag("--strict", options.strict, "Warnings (SHOULD and MAY findings) fail the run too");
  cmd->add_flag("--fail-fast", options.fail_fast,
                "Start no check after the first failed or errored one (a warning too with "
                "--strict); the rest are skipped, what was created is still deleted");
  auto* verbose = cmd->add_flag(
      "--verbose", options.verbose,
      "Console: every request with its time, the request and response of each failing step, "
      "and the details of known failures");
  cmd->add_flag("--quiet,-q", options.quiet,
                "Console: only failures, errors and warnings, and the summary")
      ->excludes(verbose);
  cmd->add_flag("--show-skipped", options.show_skipped,
                "Console: one line per skipped check instead of one per reason");
  add_auth_options(*cmd, options.auth);
  add_tls_options(*cmd, options.tls);
  add_network_options(*cmd, options.network);
  cmd->add_option("--max-response-ms", options.max_response_ms,
                  "Slowest acceptable response (default 60000, Entra's limit)")
      ->check(positive_number());
  cmd->add_option("--jobs,-j", options.jobs, "Checks run at once (default 4)")
      ->check(CLI::Range(1, 64));
  add_pacing_options(*cmd, options.pacing);
  cmd->add_option("--server-defect", options.server_defects,
                  "Embedded server only: switch on a defect (see `serve --list-defects`)")
      ->check(defect_name());
  cmd->add_option("--server-slow-ms", options.server_slow_ms,
                  "Embedded server only: delay of the `slow` defect")
      ->check(non_negative_number());
  return cmd;
}

CLI::App* add_run_command(CLI::App& root, Action& action) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd = define_run_command(root, *options);
  cmd->callback([options, &action] { action = [options] { return run_command(*options); }; });
  return cmd;
}

}  // namespace scimcheck::app
