#pragma once
/// Building request URLs from the tenant URL as Entra is given it: the base may carry a path
/// (/moservices/scim/v1), a trailing slash, or a query string (?aadOptscim062020).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scimcheck::http {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// The parts of an absolute http or https URL, as libcurl's URL API reads it (RFC 3986).
struct UrlParts {
  std::string scheme;    ///< lowercase: "http" or "https"
  std::string user;      ///< userinfo before ':', as written; empty when absent
  std::string password;  ///< userinfo after ':', as written; empty when absent
  std::string host;      ///< as written; an IPv6 literal keeps its brackets ("[::1]")
  int port = 0;          ///< as written, or the scheme's default (80, 443)
  std::string path;      ///< as written (percent-encoding and dot segments kept); "/" at least
  std::optional<std::string> query;  ///< without '?', as written; nullopt when there is none
};

/// The parts of an absolute http(s) URL; nullopt for anything else: another scheme, no host,
/// a port outside 1-65535, an unclosed IPv6 literal, spaces or control characters.
std::optional<UrlParts> parse_url(std::string_view url);

/// base + path + query: one '/' between base path and path; the base's own query string is
/// kept and the request's parameters appended after it; the base's fragment is dropped and
/// its scheme lowercased; a base that is no URL is taken as a bare path; parameter values are percent-encoded
/// as Entra sends them (space as %20, '"' as %22, unreserved characters left as they are).
std::string join_url(const std::string& base, const std::string& path, const QueryParams& query);

/// Percent-encodes a query value (RFC 3986 unreserved kept).
std::string url_encode(const std::string& value);
/// The value of one hex digit (either case), or -1.
int hex_value(char c);

/// A value as one opaque path segment: every byte but RFC 3986 unreserved ones
/// percent-encoded, so '/', '?', '#', '%' and control characters cannot change the target.
/// nullopt for "", "." and "..", which no encoding keeps from being read as a dot segment
/// (RFC 3986 §2.3 makes %2E equivalent to '.').
std::optional<std::string> path_segment(std::string_view value);

/// The segments of a request path as the server receives them: the path up to the first
/// '?' or '#', leading slashes dropped, split at '/', each percent-decoded ('+' kept).
/// nullopt when a segment is "." or ".." before or after decoding: clients and servers
/// resolve those against the segments before them.
std::optional<std::vector<std::string>> path_segments(std::string_view path);

/// Whether the base URL's query string carries Entra's aadOptscim062020 flag.
bool has_entra_flag(const std::string& base);

/// The URL with userinfo and query values that look secret (token, key, secret, password,
/// code, sig) replaced by "****". Text that is not a URL libcurl reads is "****" whole when
/// it holds '@' or '?' (where a secret could be), else returned as it is.
std::string redact_url(const std::string& url);

}  // namespace scimcheck::http
