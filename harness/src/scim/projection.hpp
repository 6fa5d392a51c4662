#pragma once
/// attributes / excludedAttributes (RFC 7644 §3.4.2.5) and the `returned` characteristic
/// (RFC 7643 §2.2): which parts of a resource a response carries.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scim/attributes.hpp"

namespace scimcheck::scim {

/// Splits a comma-separated attribute list ("userName, name.givenName").
std::vector<std::string> split_attribute_list(const std::string& text);

/// The resource as returned: `returned: never` removed always; `returned: always` kept always;
/// with `attributes` only those (and always-returned) are kept; with `excluded` those removed.
nlohmann::json project(const nlohmann::json& resource, ResourceKind kind,
                       const std::vector<std::string>& attributes,
                       const std::vector<std::string>& excluded);

/// Orders two resources by the attribute at sort_by (RFC 7644 §3.4.2.3): missing values last.
bool sort_less(const nlohmann::json& a, const nlohmann::json& b, const std::string& sort_by,
               ResourceKind kind);

}  // namespace scimcheck::scim
