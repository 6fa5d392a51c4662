#include "suite/schema_cache.hpp"

#include <map>
#include <mutex>

#include "source/json_schema.hpp"
#include "source/positions.hpp"

namespace scimcheck::suite {

std::shared_ptr<const CompiledSchema> cached_schema(const std::filesystem::path& file,
                                                    std::string* error) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const CompiledSchema>> cache;
  std::lock_guard lock(mutex);
  const std::string key = file.lexically_normal().string();
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto schema = source::compile_schema_file(file, error);
  if (!schema) return nullptr;
  auto document = source::read_json_value(file.string(), source::kMaxJsonFileBytes, error);
  if (!document) return nullptr;
  auto compiled = std::make_shared<const CompiledSchema>(CompiledSchema{std::move(*document), schema});
  cache.emplace(key, compiled);
  return compiled;
}

}  // namespace scimcheck::suite
