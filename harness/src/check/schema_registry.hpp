#pragma once
/// The JSON Schemas responses are validated against (schemas/<name>.schema.json), compiled
/// once with valijson and shared by every worker.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace valijson {
class Schema;
}

namespace scimcheck::check {

class SchemaRegistry {
 public:
  explicit SchemaRegistry(std::filesystem::path root);
  ~SchemaRegistry();

  /// Validates a document against schemas/<name>.schema.json. Returns true when valid;
  /// otherwise fills `problems` with "<JSON Pointer>: what is wrong" lines (or why the
  /// schema itself could not be used).
  bool validate(const std::string& name, const nlohmann::json& document,
                std::vector<std::string>* problems) const;

  /// Whether schemas/<name>.schema.json exists and compiles.
  bool has(const std::string& name) const;

 private:
  std::shared_ptr<const valijson::Schema> get(const std::string& name, std::string* error) const;
  std::filesystem::path root_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<const valijson::Schema>> schemas_;
};

}  // namespace scimcheck::check
