#pragma once
/// The JSON Schemas of the harness and of SCIM, each read and compiled once per process and
/// shared by every load (suites, profiles) and every check (response bodies).
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace valijson {
class Schema;
}

namespace scimcheck::suite {

/// A schema file compiled with valijson, with the JSON it was compiled from (read to tell a
/// problem in the loader's words).
struct CompiledSchema {
  nlohmann::json document;
  std::shared_ptr<const valijson::Schema> schema;
};

/// The schema in `file`, compiled at its first use; nullptr with `error` set when it cannot
/// be read or compiled (a failure is not cached: a fixed file is read again).
std::shared_ptr<const CompiledSchema> cached_schema(const std::filesystem::path& file,
                                                    std::string* error);

}  // namespace scimcheck::suite
