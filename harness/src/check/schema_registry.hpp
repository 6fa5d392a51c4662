#pragma once
/// The JSON Schemas responses are validated against (schemas/<name>.schema.json), taken from
/// the process-wide cache the suite loader uses too (suite/schema_cache.hpp).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace scimcheck::check {

class SchemaRegistry {
 public:
  explicit SchemaRegistry(std::filesystem::path root);

  /// Validates a document against schemas/<name>.schema.json. Returns true when valid;
  /// otherwise fills `problems` with "<JSON Pointer>: what is wrong" lines (or why the
  /// schema itself could not be used).
  bool validate(const std::string& name, const nlohmann::json& document,
                std::vector<std::string>* problems) const;

  /// Whether schemas/<name>.schema.json exists and compiles.
  bool has(const std::string& name) const;

 private:
  std::filesystem::path root_;
};

}  // namespace scimcheck::check
