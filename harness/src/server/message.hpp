#pragma once
/// The reference server's view of one HTTP exchange, independent of the HTTP library, and
/// the set of defects switched on for it.
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scimcheck::server {

/// The defects a server runs with (names from defects()).
struct DefectSet {
  std::set<std::string, std::less<>> names;
  bool has(std::string_view name) const { return names.find(name) != names.end(); }
};

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

struct HttpResponse {
  int status = 200;
  std::string content_type;  ///< "" for no body
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  /// The body is a SCIM JSON document: subject to the content-type and truncation defects.
  bool scim_body = false;
};

}  // namespace scimcheck::server
