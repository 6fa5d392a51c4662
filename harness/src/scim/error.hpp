#pragma once
/// SCIM protocol errors (RFC 7644 §3.12), used by the reference server and by the checks.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace scimcheck::scim {

inline constexpr const char* kErrorUrn = "urn:ietf:params:scim:api:messages:2.0:Error";

struct ScimError {
  int status = 400;
  std::string scim_type;  ///< e.g. invalidFilter, uniqueness, noTarget; empty for none
  std::string detail;

  /// The Error body: schemas, status as a string, scimType when set, detail.
  nlohmann::json to_json() const;
};

/// The outcome of parsing: a value, or a message with the offset where parsing failed.
template <class T>
struct Parsed {
  std::optional<T> value;
  std::string error;
  std::size_t offset = 0;
  explicit operator bool() const { return value.has_value(); }
};

}  // namespace scimcheck::scim
