// `scimcheck baseline init results.json`: the first baseline of known failures, written from
// a saved run: one entry per check that failed, errored or warned, each with a reason to
// fill in and an expiry date, in the format `run --baseline` reads (result/baseline.hpp).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/baseline_file.hpp"
#include "app/commands.hpp"
#include "report/text.hpp"

namespace scimcheck::app {
namespace {

namespace fs = std::filesystem;

/// Most bytes of the failure quoted in a reason placeholder.
constexpr std::size_t kProblemBytes = 160;

struct BaselineOptions {
  std::string action;
  std::string results;
  std::string out = "scimcheck-baseline.json";
  int days = 30;
  bool force = false;
};

/// Failed, errored and warning cases: what a run reports as problems. Blocked and skipped
/// cases are left out: their own cause is another check, or nothing ran.
bool belongs_in_baseline(const result::CaseResult& kase) {
  return result::is_problem(kase.outcome);
}

/// The placeholder the vendor replaces with the real reason (a ticket, an answer), with what
/// failed, so that the file can be edited without the report at hand.
std::string placeholder(const result::CaseResult& kase) {
  std::string problem = result::first_problem(kase);
  if (problem.size() > kProblemBytes)
    problem = problem.substr(0, result::char_boundary(problem, kProblemBytes)) + "...";
  return "TODO: why this failure is accepted (" + std::string(result::to_string(kase.outcome)) +
         ": " + problem + ")";
}

/// One entry a line, as the README shows the format.
std::string baseline_text(const result::RunResult& run, const std::string& expires, int* count) {
  std::string out = "{\"entries\": [";
  *count = 0;
  for (const auto& suite : run.suites) {
    for (const auto& kase : suite.cases) {
      if (!belongs_in_baseline(kase)) continue;
      const nlohmann::json entry = {
          {"id", kase.id}, {"reason", placeholder(kase)}, {"expires", expires}};
      out += (*count)++ ? ",\n  " : "\n  ";
      out += "{\"id\": " + entry["id"].dump() + ", \"reason\": " + entry["reason"].dump() +
             ", \"expires\": " + entry["expires"].dump() + "}";
    }
  }
  return out + (*count ? "\n]}\n" : "]}\n");
}

int init_baseline(const BaselineOptions& options) {
  const auto run = load_saved_run(options.results, std::cerr);
  if (!run) return 2;
  std::error_code ec;
  if (!options.force && fs::exists(options.out, ec)) {
    std::cerr << "scimcheck: " << options.out
              << " exists; edit it, or write it again with --force\n";
    return 2;
  }
  const std::string expires = days_after(today_utc(), options.days);
  int count = 0;
  const std::string text = baseline_text(*run, expires, &count);
  std::ofstream out(options.out, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "scimcheck: cannot write " << options.out << "\n";
    return 2;
  }
  std::cout << "wrote " << options.out << ": " << count << (count == 1 ? " entry" : " entries")
            << ", expiring after " << expires << "\n";
  if (count > 0)
    std::cout << "replace each \"TODO\" reason with why the failure is accepted (a ticket, the "
                 "vendor's answer), then pass the file to `run --baseline`\n";
  return 0;
}

}  // namespace

CLI::App* add_baseline_command(CLI::App& root, Action& action) {
  auto options = std::make_shared<BaselineOptions>();
  CLI::App* cmd = root.add_subcommand(
      "baseline", "Write a baseline of known failures from a saved results.json (`baseline init`)");
  cmd->add_option("action", options->action, "init: write the run's failures as a new baseline")
      ->required()
      ->check(CLI::IsMember({"init"}));
  cmd->add_option("results", options->results, "results.json written by `run --format json`")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--out", options->out, "The baseline file to write")
      ->capture_default_str();
  cmd->add_option("--days", options->days, "Days until the entries expire")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  cmd->add_flag("--force", options->force, "Overwrite an existing baseline file");
  cmd->callback([options, &action] { action = [options] { return init_baseline(*options); }; });
  return cmd;
}

}  // namespace scimcheck::app
