#include "app/baseline_file.hpp"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>

#include "result/baseline.hpp"
#include "source/positions.hpp"

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

std::optional<result::Baseline> load_baseline_file(const std::string& path, std::ostream& err) {
  constexpr std::size_t kMaxBaselineBytes = 64 << 20;
  std::string error;
  const auto json = source::read_json_value(path, kMaxBaselineBytes, &error);
  if (!json) {
    err << "scimcheck: baseline " << error << "\n";
    return std::nullopt;
  }
  try {
    return result::parse_baseline(*json);
  } catch (const std::exception& e) {
    err << "scimcheck: " << path << ": " << e.what() << "\n";
    return std::nullopt;
  }
}

void apply_baseline_with_notes(result::RunResult& run, const result::Baseline& baseline,
                               std::ostream& err) {
  for (const auto& note : result::apply_baseline(run, baseline, today_utc()))
    err << "scimcheck: note: " << note << "\n";
}

void BaselineMarkingReporter::on_case_done(const result::SuiteResult& suite,
                                           const result::CaseResult& kase) {
  const result::BaselineEntry* entry = baseline_ ? result::find_entry(*baseline_, kase.id) : nullptr;
  if (!entry) return inner_.on_case_done(suite, kase);
  result::CaseResult marked = kase;
  result::mark_case(marked, *entry, today_);
  inner_.on_case_done(suite, marked);
}

}  // namespace scimcheck::app
