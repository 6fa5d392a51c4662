#pragma once
/// The reference server's view of one HTTP exchange, independent of the HTTP library: the
/// request, the endpoint it reached, and the response.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "scim/attributes.hpp"

namespace scimcheck::server {

struct HttpRequest {
  std::string method;                             ///< "GET", "POST", ...
  std::string path;                               ///< below the base path, e.g. "/Users/42"
  std::multimap<std::string, std::string> query;  ///< decoded; names lowercased
  std::map<std::string, std::string> headers;     ///< names lowercased
  std::string body;

  /// The header's value, "" when absent.
  std::string header(const std::string& lower_name) const;
  /// The first value of a query parameter (name matched case-insensitively).
  const std::string* param(const std::string& name) const;
};

/// The SCIM endpoints below the base path.
enum class Endpoint {
  collection,               ///< /Users, /Groups
  resource,                 ///< /Users/{id}, /Groups/{id}
  collection_search,        ///< /Users/.search, /Groups/.search
  search,                   ///< /.search
  service_provider_config,  ///< /ServiceProviderConfig
  resource_types,           ///< /ResourceTypes[/{name}]
  schemas,                  ///< /Schemas[/{urn}]
};

/// Where a request goes, as the router resolved it from the path.
struct Target {
  Endpoint endpoint = Endpoint::collection;
  std::vector<scim::ResourceKind> kinds;  ///< the resource types it covers
  std::string id;                         ///< resource: the id
  std::vector<std::string> segments;      ///< the path's segments
};

/// The requested attribute selection (RFC 7644 3.4.2.5).
struct Selection {
  std::vector<std::string> attributes;
  std::vector<std::string> excluded;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  ///< "" for no body
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  /// The body is a SCIM JSON document: subject to the content-type and truncation defects.
  bool scim_body = false;
};

}  // namespace scimcheck::server
