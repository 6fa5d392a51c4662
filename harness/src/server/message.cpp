#include "server/message.hpp"

#include "server/support.hpp"

namespace scimcheck::server {

std::string HttpRequest::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string{} : it->second;
}

const std::string* HttpRequest::param(const std::string& name) const {
  auto it = query.find(fold_case(name));
  return it == query.end() ? nullptr : &it->second;
}

}  // namespace scimcheck::server
