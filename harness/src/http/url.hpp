#pragma once
/// Building request URLs from the tenant URL as Entra is given it: the base may carry a path
/// (/moservices/scim/v1), a trailing slash, or a query string (?aadOptscim062020).
#include <string>
#include <utility>
#include <vector>

namespace scimcheck::http {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// base + path + query: one '/' between base path and path; the base's own query string is
/// kept and the request's parameters appended after it; parameter values are percent-encoded
/// as Entra sends them (space as %20, '"' as %22, unreserved characters left as they are).
std::string join_url(const std::string& base, const std::string& path, const QueryParams& query);

/// Percent-encodes a query value (RFC 3986 unreserved kept).
std::string url_encode(const std::string& value);
/// Decodes %XX and '+' (as space).
std::string url_decode(const std::string& value);

/// Whether the base URL's query string carries Entra's aadOptscim062020 flag.
bool has_entra_flag(const std::string& base);

/// The URL with userinfo and query values that look secret (token, key, secret, password,
/// code, sig) replaced by "****".
std::string redact_url(const std::string& url);

/// true for http(s) URLs whose host is 127.0.0.0/8, ::1 or localhost.
bool is_loopback(const std::string& url);

}  // namespace scimcheck::http
