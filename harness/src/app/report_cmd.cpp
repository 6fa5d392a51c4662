// `scimcheck report FILE`: re-render the reports of a saved run (results.json from
// `run --format json`) in any format, optionally against a baseline of known failures.
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/baseline_file.hpp"
#include "app/commands.hpp"
#include "app/reports.hpp"

namespace scimcheck::app {
namespace {

namespace fs = std::filesystem;

struct ReportOptions {
  std::string results;
  std::vector<std::string> formats{"html"};
  std::string out;  ///< default: the folder of the results file
  std::string baseline;
};

int report_command(const ReportOptions& options) {
  auto saved = load_saved_run(options.results, std::cerr);
  if (!saved) return 2;
  result::RunResult& run = *saved;
  if (!options.baseline.empty()) {
    const auto baseline = load_baseline_file(options.baseline, std::cerr);
    if (!baseline) return 2;
    apply_baseline_with_notes(run, *baseline, std::cerr);
  }

  fs::path dir = options.out;
  if (dir.empty()) dir = fs::path(options.results).parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    std::cerr << "scimcheck: cannot create " << dir.string() << ": " << ec.message() << "\n";
    return 2;
  }
  bool ok = true;
  // The saved run was redacted when it was written: nothing more to mask.
  const auto written = write_reports(
      run, options.formats, dir, [](const std::string& text) { return text; }, std::cerr, &ok);
  for (const auto& f : written) std::cout << "report: " << f << "\n";
  return ok ? 0 : 2;
}

}  // namespace

CLI::App* add_report_command(CLI::App& root, Action& action) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* cmd = root.add_subcommand(
      "report", "Write reports (html, md, junit, json, har) from a saved results.json");
  cmd->add_option("results", options->results, "results.json written by `run --format json`")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--format", options->formats,
                  "Report formats: junit, json, html, md, har (default html)")
      ->delimiter(',')
      ->check(CLI::IsMember(report_formats()));
  cmd->add_option("--out", options->out,
                  "Folder for the reports (default: the folder of the results file)");
  cmd->add_option("--baseline", options->baseline,
                  "Known failures (JSON) to apply before writing, as of today");
  cmd->callback([options, &action] { action = [options] { return report_command(*options); }; });
  return cmd;
}

}  // namespace scimcheck::app
