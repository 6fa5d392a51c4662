#pragma once
/// The whole result model as JSON (stable key names; see schemas/harness/results.schema.json).
#include <nlohmann/json.hpp>

#include "result/model.hpp"

namespace scimcheck::report {

nlohmann::json to_json(const result::RunResult& run);
/// Inverse of to_json (for re-rendering a saved run); throws std::runtime_error when malformed.
result::RunResult from_json(const nlohmann::json& json);

}  // namespace scimcheck::report
