#include "source/json_schema.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "source/positions.hpp"

namespace scimcheck::source {

std::shared_ptr<const valijson::Schema> compile_schema_file(const std::filesystem::path& file,
                                                            std::string* error) {
  std::ifstream in(file);
  if (!in) {
    *error = "cannot read the schema " + file.string();
    return nullptr;
  }
  try {
    const nlohmann::json doc = nlohmann::json::parse(in);
    auto schema = std::make_shared<valijson::Schema>();
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *schema);
    return schema;
  } catch (const std::exception& e) {
    *error = "cannot use the schema " + file.string() + ": " + e.what();
    return nullptr;
  }
}

std::vector<SchemaProblem> schema_problems(const valijson::Schema& schema,
                                           const nlohmann::json& document) {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(document);
  if (validator.validate(schema, target, &results)) return {};
  std::vector<SchemaProblem> all;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) {
    // valijson's context ("<root>", "[cases]", "[0]") as a JSON Pointer.
    std::string pointer;
    for (const auto& part : e.context) {
      if (part == "<root>") continue;
      std::string token = part;
      if (token.size() >= 2 && token.front() == '[' && token.back() == ']')
        token = token.substr(1, token.size() - 2);
      pointer += "/" + pointer_token(token);
    }
    all.push_back({pointer, e.description});
  }
  // A pointer with a problem below it sorts just before "pointer/...": one search each.
  std::set<std::string> pointers;
  for (const auto& p : all) pointers.insert(p.pointer);
  std::vector<SchemaProblem> kept;
  for (const auto& p : all) {
    const std::string below = p.pointer + "/";
    const auto next = pointers.lower_bound(below);
    const bool deeper = next != pointers.end() && next->compare(0, below.size(), below) == 0;
    if (deeper && p.description.rfind("Failed to validate", 0) == 0) continue;
    kept.push_back(p);
  }
  return kept;
}

}  // namespace scimcheck::source
