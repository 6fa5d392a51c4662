#include "check/schema_registry.hpp"

#include <fstream>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace scimcheck::check {

SchemaRegistry::SchemaRegistry(std::filesystem::path root) : root_(std::move(root)) {}
SchemaRegistry::~SchemaRegistry() = default;

const valijson::Schema* SchemaRegistry::get(const std::string& name, std::string* error) const {
  std::lock_guard lock(mutex_);
  if (auto it = schemas_.find(name); it != schemas_.end()) return it->second.get();
  if (name.empty() || name.find("..") != std::string::npos) {
    *error = "invalid schema name \"" + name + "\"";
    return nullptr;
  }
  const auto file = root_ / "schemas" / (name + ".schema.json");
  std::ifstream in(file);
  if (!in) {
    *error = "no schema named \"" + name + "\" (" + file.string() + ")";
    return nullptr;
  }
  try {
    const nlohmann::json doc = nlohmann::json::parse(in);
    auto schema = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *schema);
    return (schemas_[name] = std::move(schema)).get();
  } catch (const std::exception& e) {
    *error = "schema \"" + name + "\" cannot be used: " + e.what();
    return nullptr;
  }
}

bool SchemaRegistry::has(const std::string& name) const {
  std::string error;
  return get(name, &error) != nullptr;
}

bool SchemaRegistry::validate(const std::string& name, const nlohmann::json& document,
                              std::vector<std::string>* problems) const {
  std::string error;
  const valijson::Schema* schema = get(name, &error);
  if (!schema) {
    if (problems) problems->push_back(error);
    return false;
  }
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(document);
  if (validator.validate(*schema, target, &results)) return true;
  if (problems) {
    std::vector<std::pair<std::string, std::string>> errors;
    valijson::ValidationResults::Error e;
    while (results.popError(e)) {
      std::string pointer;
      for (const auto& part : e.context) {
        if (part == "<root>") continue;
        std::string token = part;
        if (token.size() >= 2 && token.front() == '[' && token.back() == ']')
          token = token.substr(1, token.size() - 2);
        pointer += "/" + token;
      }
      errors.emplace_back(pointer, e.description);
    }
    // The most specific problems first: drop summaries whose location has a deeper one.
    for (const auto& [pointer, description] : errors) {
      const bool deeper = std::any_of(errors.begin(), errors.end(), [&](const auto& other) {
        return other.first.size() > pointer.size() && other.first.rfind(pointer + "/", 0) == 0;
      });
      if (deeper && description.rfind("Failed to validate", 0) == 0) continue;
      problems->push_back((pointer.empty() ? "/" : pointer) + ": " + description);
    }
  }
  return false;
}

}  // namespace scimcheck::check
