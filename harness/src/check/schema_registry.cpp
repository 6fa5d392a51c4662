#include "check/schema_registry.hpp"

#include "source/json_schema.hpp"
#include "suite/schema_cache.hpp"

namespace scimcheck::check {

SchemaRegistry::SchemaRegistry(std::filesystem::path root) : root_(std::move(root)) {}

namespace {

std::shared_ptr<const suite::CompiledSchema> find(const std::filesystem::path& root,
                                                  const std::string& name, std::string* error) {
  if (name.empty() || name.find("..") != std::string::npos) {
    *error = "invalid schema name \"" + name + "\"";
    return nullptr;
  }
  return suite::cached_schema(root / "schemas" / (name + ".schema.json"), error);
}

}  // namespace

bool SchemaRegistry::has(const std::string& name) const {
  std::string error;
  return find(root_, name, &error) != nullptr;
}

bool SchemaRegistry::validate(const std::string& name, const nlohmann::json& document,
                              std::vector<std::string>* problems) const {
  std::string error;
  const auto compiled = find(root_, name, &error);
  if (!compiled) {
    if (problems) problems->push_back(error);
    return false;
  }
  const auto found = source::schema_problems(*compiled->schema, document);
  if (problems)
    for (const auto& p : found)
      problems->push_back((p.pointer.empty() ? "/" : p.pointer) + ": " + p.description);
  return found.empty();
}

}  // namespace scimcheck::check
