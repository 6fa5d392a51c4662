#include "check/schema_registry.hpp"

#include "source/json_schema.hpp"

namespace scimcheck::check {

SchemaRegistry::SchemaRegistry(std::filesystem::path root) : root_(std::move(root)) {}
SchemaRegistry::~SchemaRegistry() = default;

std::shared_ptr<const valijson::Schema> SchemaRegistry::get(const std::string& name,
                                                            std::string* error) const {
  std::lock_guard lock(mutex_);
  if (auto it = schemas_.find(name); it != schemas_.end()) return it->second;
  if (name.empty() || name.find("..") != std::string::npos) {
    *error = "invalid schema name \"" + name + "\"";
    return nullptr;
  }
  auto schema = source::compile_schema_file(root_ / "schemas" / (name + ".schema.json"), error);
  if (schema) schemas_[name] = schema;
  return schema;
}

bool SchemaRegistry::has(const std::string& name) const {
  std::string error;
  return get(name, &error) != nullptr;
}

bool SchemaRegistry::validate(const std::string& name, const nlohmann::json& document,
                              std::vector<std::string>* problems) const {
  std::string error;
  auto schema = get(name, &error);
  if (!schema) {
    if (problems) problems->push_back(error);
    return false;
  }
  const auto found = source::schema_problems(*schema, document);
  if (problems)
    for (const auto& p : found)
      problems->push_back((p.pointer.empty() ? "/" : p.pointer) + ": " + p.description);
  return found.empty();
}

}  // namespace scimcheck::check
