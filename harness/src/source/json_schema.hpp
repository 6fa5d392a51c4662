#pragma once
/// JSON Schema files compiled with valijson, and their validation problems as JSON Pointers:
/// shared by the suite loader (harness schemas) and the checks (SCIM schemas).
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace valijson {
class Schema;
}

namespace scimcheck::source {

/// Reads and compiles a schema file; nullptr with a message when it cannot.
std::shared_ptr<const valijson::Schema> compile_schema_file(const std::filesystem::path& file,
                                                            std::string* error);

struct SchemaProblem {
  std::string pointer;      ///< where in the document ("" for the root)
  std::string description;  ///< valijson's text
};

/// Validates; empty when valid. Summaries of combinators ("Failed to validate ...") are left
/// out where a more specific problem deeper in the document explains them.
std::vector<SchemaProblem> schema_problems(const valijson::Schema& schema,
                                           const nlohmann::json& document);

}  // namespace scimcheck::source
