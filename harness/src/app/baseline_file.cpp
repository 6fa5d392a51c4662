#include "app/baseline_file.hpp"

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "report/json.hpp"
#include "result/baseline.hpp"
#include "source/positions.hpp"
#include "source/diagnostic_render.hpp"

namespace scimcheck::app {

std::string today_utc() {
  if (const char* pinned = std::getenv("SCIMCHECK_TODAY"); pinned && *pinned) return pinned;
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string days_after(const std::string& date, int days) {
  namespace chrono = std::chrono;
  const chrono::year_month_day ymd{chrono::year{std::stoi(date.substr(0, 4))},
                                   chrono::month{static_cast<unsigned>(std::stoi(date.substr(5, 2)))},
                                   chrono::day{static_cast<unsigned>(std::stoi(date.substr(8, 2)))}};
  const chrono::year_month_day later{chrono::sys_days{ymd} + chrono::days{days}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(later.year()),
                static_cast<unsigned>(later.month()), static_cast<unsigned>(later.day()));
  return buf;
}

std::optional<result::RunResult> load_saved_run(const std::string& path, std::ostream& err) {
  constexpr std::size_t kMaxResultsBytes = std::size_t{1} << 30;
  std::string error;
  const auto json = source::read_json_value(path, kMaxResultsBytes, &error);
  if (!json) {
    err << "scimcheck: " << error << "\n";
    return std::nullopt;
  }
  try {
    return report::from_json(*json);
  } catch (const std::exception& e) {
    err << "scimcheck: " << path << ": " << e.what() << "\n";
    return std::nullopt;
  }
}

std::optional<result::Baseline> load_baseline_file(const std::string& path, std::ostream& err) {
  source::Diagnostics diagnostics;
  std::optional<result::Baseline> baseline;
  if (const auto file = source::read_json_file(path, diagnostics))
    baseline = result::parse_baseline(*file, diagnostics);
  if (!diagnostics.empty()) err << source::render_all(diagnostics, source::file_lookup());
  return baseline;
}

void print_baseline_notes(const source::Diagnostics& notes, std::ostream& err) {
  const source::TextLookup lookup = source::file_lookup();
  for (const auto& note : notes) err << source::render(note, lookup);
}

void apply_baseline_with_notes(result::RunResult& run, const result::Baseline& baseline,
                               std::ostream& err) {
  print_baseline_notes(result::apply_baseline(run, baseline, today_utc()), err);
}

}  // namespace scimcheck::app
