#pragma once
/// The "Schema drift" section of the HTML and Markdown reports: the findings of the check
/// that holds every returned User and Group to the server's own /Schemas.
#include <optional>
#include <string>
#include <vector>

#include "result/model.hpp"

namespace scimcheck::report {

/// The id of the schema-drift check (suites/core/responses.suite.json).
inline constexpr const char* kSchemaDriftCheckId = "protocol.responses.schema-drift";

/// One finding: an attribute that departs from its declaration.
struct DriftRow {
  std::string outcome;      ///< "failed" (MUST) or "warning" (SHOULD)
  std::string finding;      ///< the attribute and how it drifts
  std::string declaration;  ///< what /Schemas declares
  std::string seen;         ///< the value seen, with the number of responses
  std::string example;      ///< the first exchange's check and step
};

struct DriftSection {
  std::string anchor_id;  ///< the check's id, to link to its details
  std::string note;       ///< why it was not checked, or that nothing drifts; empty with rows
  std::vector<DriftRow> rows;
};

/// The section, or nullopt when the run did not include the check (--only, --skip).
std::optional<DriftSection> schema_drift(const result::RunResult& run);

}  // namespace scimcheck::report
