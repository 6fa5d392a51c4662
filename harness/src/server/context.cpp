#include "server/context.hpp"

#include "server/representation.hpp"

namespace scimcheck::server {

HttpResponse ServiceContext::error(int status, const std::string& scim_type,
                                   const std::string& detail) const {
  return error_response(scim::ScimError{status, scim_type, detail}, defects);
}

HttpResponse ServiceContext::error(const scim::ScimError& e) const {
  return error_response(e, defects);
}

std::string ServiceContext::location(scim::ResourceKind kind, const std::string& id) const {
  return base_url + "/" + endpoint_name(kind) + "/" + id;
}

}  // namespace scimcheck::server
