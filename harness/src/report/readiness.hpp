#pragma once
/// Gallery readiness: will Microsoft's onboarding validation pass? One line per requirement
/// (HTTPS, TLS, authentication, token lifetime, Entra modes, load thresholds, and each
/// requirement of suites/gallery/readiness.json), each met, a blocker, a warning or not
/// tested, with why and the entra-contract.md section that asks for it.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "result/model.hpp"

namespace scimcheck::report {

enum class ReadinessStatus { met, blocker, warning, not_tested };
const char* to_string(ReadinessStatus status);  ///< "met", "blocker", "warning", "not tested"

struct ReadinessLine {
  std::string key;          ///< stable name, the JUnit property: "gallery.https"
  std::string requirement;  ///< "HTTPS"
  ReadinessStatus status = ReadinessStatus::not_tested;
  std::string why;
  std::string citation;  ///< "entra-contract.md §1.2"
};

/// The section's lines for `run`; empty when the run has no readiness record.
std::vector<ReadinessLine> readiness_lines(const result::RunResult& run);

/// "not ready: 2 blockers, 1 warning, 3 not tested" or "ready: ..."; for the section's head.
std::string readiness_summary(const std::vector<ReadinessLine>& lines);

/// The requirement table of a readiness.json file.
struct RequirementTable {
  std::vector<result::GalleryRequirement> requirements;
  std::vector<result::GalleryLoadRule> load_rules;
};

/// Reads a requirement table; nullopt with `*error` naming the file and the bad member.
std::optional<RequirementTable> load_requirement_table(const std::filesystem::path& file,
                                                       std::string* error);
/// The same from parsed JSON; `where` names it in errors.
std::optional<RequirementTable> parse_requirement_table(const nlohmann::json& value,
                                                        const std::string& where,
                                                        std::string* error);
/// suites/gallery/readiness.json under a data root.
std::filesystem::path requirement_table_file(const std::filesystem::path& root);
/// The shipped table: requirement_table_file of the data root (source/root.hpp).
std::optional<RequirementTable> load_shipped_requirement_table(std::string* error);

/// A readiness record for a run, with the table and the target URL's scheme; no probe yet.
result::Readiness new_readiness(const RequirementTable& table, const std::string& url);

/// Whether `value` is what `scimcheck load` writes (load.json): an object with "thresholds".
bool is_load_result(const nlohmann::json& value);
/// Merges a load.json's thresholds into `readiness` (replacing earlier ones); false with
/// `*error` when a threshold is malformed.
bool merge_load_result(const nlohmann::json& value, result::Readiness& readiness,
                       std::string* error);

/// results.json's "gallery_readiness": the record and, for readers, the computed lines.
nlohmann::json readiness_json(const result::RunResult& run);
/// The inverse of readiness_json (lines are recomputed); throws std::runtime_error naming
/// the bad member.
result::Readiness readiness_from_json(const nlohmann::json& value);

}  // namespace scimcheck::report
