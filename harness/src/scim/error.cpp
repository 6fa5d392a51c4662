#include "scim/error.hpp"

namespace scimcheck::scim {

nlohmann::json ScimError::to_json() const {
  nlohmann::json body = {{"schemas", {kErrorUrn}}, {"status", std::to_string(status)}};
  if (!scim_type.empty()) body["scimType"] = scim_type;
  if (!detail.empty()) body["detail"] = detail;
  return body;
}

}  // namespace scimcheck::scim
