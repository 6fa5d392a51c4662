// `scimcheck report FILE [FILE...]`: re-render the reports of a saved run (results.json from
// `run --format json`) in any format, optionally against a baseline of known failures, with
// the thresholds of `scimcheck load` results (load.json) merged into its gallery-readiness
// section.
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/baseline_file.hpp"
#include "app/commands.hpp"
#include "app/reports.hpp"
#include "report/json.hpp"
#include "report/readiness.hpp"
#include "source/positions.hpp"

namespace scimcheck::app {
namespace {

namespace fs = std::filesystem;

/// Largest results.json or load.json read.
constexpr std::size_t kMaxInputBytes = std::size_t{1} << 30;

struct ReportOptions {
  std::vector<std::string> files;  ///< one results.json and any number of load.json
  std::vector<std::string> formats{"html"};
  std::string out;  ///< default: the folder of the results file
  std::string baseline;
};

/// What a saved file is, judged by its content.
enum class FileKind { results, load, other };

FileKind file_kind(const nlohmann::json& value) {
  if (report::is_load_result(value)) return FileKind::load;
  if (value.is_object() && value.contains("schema_version") && value.contains("suites"))
    return FileKind::results;
  return FileKind::other;
}

/// Merges a load.json into the run's readiness section, starting the section (with the
/// shipped requirement table) when the run has none; a later load.json replaces an earlier
/// one's thresholds (the results file's own included). False with the problem on `err`.
bool merge_load(const std::string& path, const nlohmann::json& value, result::RunResult& run,
                std::ostream& err) {
  if (!run.readiness) {
    std::string error;
    const auto table = report::load_shipped_requirement_table(&error);
    if (!table) {
      err << "scimcheck: gallery readiness: " << error << "\n";
      return false;
    }
    // The target's scheme from the results alone: its redacted URL.
    run.readiness = report::new_readiness(*table, run.target);
  }
  if (!run.readiness->load.empty())
    err << "scimcheck: " << path << ": its thresholds replace those merged before (load run "
        << run.readiness->load_run_id << ")\n";
  std::string error;
  if (!report::merge_load_result(value, *run.readiness, &error)) {
    err << "scimcheck: " << path << ": " << error << "\n";
    return false;
  }
  return true;
}

/// The run of the one results.json among `files` (its path in `*results_path`), with every
/// load.json merged.
std::optional<result::RunResult> read_inputs(const std::vector<std::string>& files,
                                             std::string* results_path, std::ostream& err) {
  std::string results;
  nlohmann::json saved;
  std::vector<std::pair<std::string, nlohmann::json>> loads;
  for (const auto& path : files) {
    std::string error;
    auto value = source::read_json_value(path, kMaxInputBytes, &error);
    if (!value) {
      err << "scimcheck: " << error << "\n";
      return std::nullopt;
    }
    switch (file_kind(*value)) {
      case FileKind::load:
        loads.emplace_back(path, std::move(*value));
        break;
      case FileKind::results:
        if (!results.empty()) {
          err << "scimcheck: " << path << ": a second results.json (" << results
              << " is the first); give one run and any number of load.json files\n";
          return std::nullopt;
        }
        results = path;
        saved = std::move(*value);
        break;
      case FileKind::other:
        err << "scimcheck: " << path
            << ": neither a results.json (`run --format json`) nor a load.json (`scimcheck "
               "load`)\n";
        return std::nullopt;
    }
  }
  if (results.empty()) {
    err << "scimcheck: no results.json among the files: a load.json is merged into a run's "
           "reports\n";
    return std::nullopt;
  }
  *results_path = results;
  std::optional<result::RunResult> run;
  try {
    run = report::from_json(saved);
  } catch (const std::exception& e) {
    err << "scimcheck: " << results << ": " << e.what() << "\n";
    return std::nullopt;
  }
  for (const auto& [path, value] : loads)
    if (!merge_load(path, value, *run, err)) return std::nullopt;
  return run;
}

int report_command(const ReportOptions& options) {
  std::string results_path;
  auto saved = read_inputs(options.files, &results_path, std::cerr);
  if (!saved) return 2;
  result::RunResult& run = *saved;
  if (!options.baseline.empty()) {
    const auto baseline = load_baseline_file(options.baseline, std::cerr);
    if (!baseline) return 2;
    apply_baseline_with_notes(run, *baseline, std::cerr);
  }

  fs::path dir = options.out;
  if (dir.empty()) dir = fs::path(results_path).parent_path();
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
  cmd->add_option("files", options->files,
                  "results.json written by `run --format json`, then any load.json written by "
                  "`scimcheck load` (their thresholds join the gallery-readiness section)")
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
