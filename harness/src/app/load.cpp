// `scimcheck load`: Entra's initial cycle at scale against --url or the embedded server, with
// throughput, latency percentiles, errors and the gallery thresholds as JUnit checks.
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include "app/commands.hpp"
#include "app/option_checks.hpp"
#include "app/command_options.hpp"
#include "app/session.hpp"
#include "app/signals.hpp"
#include "loadtest/html.hpp"
#include "loadtest/report.hpp"
#include "loadtest/workload.hpp"
#include "report/auth_line.hpp"
#include "run/ledger.hpp"

namespace scimcheck::app {
namespace {

namespace fs = std::filesystem;

std::string new_load_id() {
  std::random_device rd;
  std::uniform_int_distribution<int> dist(0, 35);
  std::string id = "l";
  for (int i = 0; i < 7; ++i) id += "0123456789abcdefghijklmnopqrstuvwxyz"[dist(rd)];
  return id;
}

/// Rewrites one status line on stderr twice a second while the load runs (TTY only).
class ProgressLine {
 public:
  explicit ProgressLine(loadtest::Progress& progress) : progress_(progress) {
    if (!isatty(STDERR_FILENO)) return;
    thread_ = std::thread([this] { loop(); });
  }
  ~ProgressLine() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
    std::fprintf(stderr, "\r\033[K");
  }

 private:
  void loop() {
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(500), [this] { return done_; })) {
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const auto requests = progress_.requests.load();
      const auto& names = loadtest::phase_names();
      const int phase = progress_.phase.load();
      std::fprintf(stderr, "\r\033[K[%s] %llu/%llu  %llu requests  %.0f/s  %llu errors",
                   names[static_cast<std::size_t>(phase) % names.size()].c_str(),
                   static_cast<unsigned long long>(progress_.done.load()),
                   static_cast<unsigned long long>(progress_.total.load()),
                   static_cast<unsigned long long>(requests), secs > 0 ? requests / secs : 0.0,
                   static_cast<unsigned long long>(progress_.errors.load()));
    }
  }

  loadtest::Progress& progress_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
};

bool write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) std::cerr << "scimcheck: cannot write " << path.string() << "\n";
  return static_cast<bool>(out);
}

/// load.json, load-junit.xml and load.html in the output folder, masked; the files written.
std::vector<std::string> write_load_reports(const Session& session, const fs::path& out,
                                            const loadtest::LoadResult& result) {
  std::vector<std::string> written;
  if (write_text(out / "load.json", session.redact_text(loadtest::to_json(result).dump(2) + "\n")))
    written.push_back((out / "load.json").string());
  std::ostringstream junit;
  loadtest::write_junit(result, junit);
  if (write_text(out / "load-junit.xml", session.redact_text(junit.str())))
    written.push_back((out / "load-junit.xml").string());
  std::ostringstream html;
  loadtest::write_html(result, html);
  if (write_text(out / "load.html", session.redact_text(html.str())))
    written.push_back((out / "load.html").string());

  return written;
}

int load_command(const LoadCommandOptions& options) {
  std::atomic<bool>& stop = install_stop_handlers();
  const loadtest::LoadOptions& lo = options.load;
  if (lo.users < 1 || lo.groups < 0 || lo.members < 0 || lo.concurrency < 1 ||
      lo.duration_s < 0 || lo.member_batch < 1) {
    std::cerr << "scimcheck: --users and --concurrency must be at least 1; --groups, --members "
                 "and --duration must not be negative\n";
    return 2;
  }
  Session session;
  if (int code = session.prepare(options.run, std::cerr); code != 0) return code;
  std::error_code ec;
  fs::create_directories(options.run.output.out, ec);
  if (ec) {
    std::cerr << "scimcheck: cannot create " << options.run.output.out << ": " << ec.message()
              << "\n";
    return 2;
  }
  const std::string run_id = new_load_id();
  const std::string ledger_path = options.run.output.ledger_path();
  std::string error;
  auto ledger = run::Ledger::create(
      ledger_path, {run_id, session.profile().name, session.ledger_target()}, &error);
  if (!ledger) {
    std::cerr << "scimcheck: " << error << "\n";
    return 2;
  }
  loadtest::LoadTarget target = session.context();
  target.run_id = run_id;
  target.ledger = &*ledger;
  target.abort = &stop;

  std::cout << "scimcheck load " << run_id << ": profile " << session.profile().name << " against "
            << session.target_label() << ", " << lo.users << " users";
  if (lo.groups > 0) std::cout << ", " << lo.groups << " groups x " << lo.members << " members";
  std::cout << ", concurrency " << lo.concurrency;
  if (options.run.pacing.rate > 0) std::cout << ", at most " << options.run.pacing.rate << " requests/s";
  std::cout << std::endl;

  loadtest::Progress progress;
  loadtest::LoadResult result;
  {
    ProgressLine line(progress);
    result = loadtest::run_load(lo, target, progress);
  }
  result.target = session.target_label();

  const std::vector<std::string> written =
      write_load_reports(session, fs::path(options.run.output.out), result);
  std::ostringstream summary;
  loadtest::write_summary(result, summary);
  std::cout << session.redact_text(summary.str());
  const auto pacing = session.pacing_stats();
  if (pacing.throttled > 0 || pacing.exhausted > 0)
    std::cout << "throttled: " << pacing.throttled << " answers (429/503) waited out, "
              << pacing.exhausted << " requests ran out of retries\n";
  const auto auth = session.auth_stats();
  if (const auto line = report::auth_summary(
          result::AuthRecord{auth.method, auth.token_lifetime_s, auth.refreshes});
      !line.empty())
    std::cout << "auth: " << line << "\n";
  for (const auto& f : written) std::cout << "report: " << f << "\n";
  if (result.cleanup.leftovers.empty()) {
    fs::remove(ledger_path, ec);
  } else {
    std::cout << "cleanup incomplete: run `scimcheck cleanup --ledger " << ledger_path
              << (options.run.target.url.empty() ? "" : " --url URL") << "` to finish\n";
  }
  return load_exit_code(result);
}

}  // namespace

int load_exit_code(const loadtest::LoadResult& result) {
  if (result.aborted) return 3;
  if (result.fatal.rfind("cannot connect", 0) == 0) return 3;
  return loadtest::any_failed(loadtest::thresholds(result)) ? 1 : 0;
}

CLI::App* define_load_command(CLI::App& root, LoadCommandOptions& options) {
  CLI::App* cmd = root.add_subcommand(
      "load",
      "Replay Entra's initial provisioning cycle at scale (query, create, update, disable, "
      "memberships, delete) and check the gallery's throughput and timeout thresholds");
  RunOptions& ro = options.run;
  ro.output.ledger_name = "load-ledger.jsonl";
  loadtest::LoadOptions& lo = options.load;
  add_target_options(*cmd, ro.target);
  cmd->add_option("--users", lo.users, "Users to provision (default 100)")
      ->check(non_negative_number());
  cmd->add_option("--groups", lo.groups, "Groups to provision, for profiles with groups (default 0)")
      ->check(non_negative_number());
  cmd->add_option("--members", lo.members, "Members added to each group (default 0)")
      ->check(non_negative_number());
  cmd->add_option("--member-batch", lo.member_batch, "Members per PATCH request (default 25)")
      ->check(positive_number());
  cmd->add_option("--concurrency,-c", lo.concurrency, "Requests in flight at once (default 8)")
      ->check(positive_number());
  cmd->add_option("--duration", lo.duration_s,
                  "Seconds of GET-by-id reads after the creates, before the deletes (default 0)")
      ->check(non_negative_number());
  cmd->add_option("--update-share", lo.update_share, "Share of users updated (default 0.5)")
      ->check(number_between(0, 1));
  cmd->add_option("--disable-share", lo.disable_share, "Share of users disabled (default 0.2)")
      ->check(number_between(0, 1));
  add_pacing_options(*cmd, ro.pacing);
  add_output_options(*cmd, ro.output);
  add_auth_options(*cmd, ro.auth);
  add_tls_options(*cmd, ro.tls);
  add_network_options(*cmd, ro.network);
  return cmd;
}

CLI::App* add_load_command(CLI::App& root, Action& action) {
  auto options = std::make_shared<LoadCommandOptions>();
  CLI::App* cmd = define_load_command(root, *options);
  cmd->callback([options, &action] { action = [options] { return load_command(*options); }; });
  return cmd;
}

}  // namespace scimcheck::app
