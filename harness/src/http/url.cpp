#include "http/url.hpp"
#include "source/strings.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <string_view>

namespace scimcheck::http {
namespace {

bool is_unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/// A URL held by libcurl's URL API.
using CurlUrl = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

/// The URL parsed by libcurl (any scheme it supports), dot segments kept as written;
/// nullptr when it is not one.
CurlUrl curl_parsed(std::string_view url) {
  CurlUrl handle(curl_url(), &curl_url_cleanup);
  if (!handle) return {nullptr, &curl_url_cleanup};
  const std::string text(url);  // libcurl reads C strings: an embedded NUL would cut it short
  if (text.find('\0') != std::string::npos ||
      curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), CURLU_PATH_AS_IS) != CURLUE_OK)
    return {nullptr, &curl_url_cleanup};
  return handle;
}

/// One part of a parsed URL; nullopt when the URL has none.
std::optional<std::string> part(const CurlUrl& url, CURLUPart which, unsigned flags = 0) {
  char* text = nullptr;
  if (curl_url_get(url.get(), which, &text, flags) != CURLUE_OK || text == nullptr)
    return std::nullopt;
  std::string out(text);
  curl_free(text);
  return out;
}

/// Sets (or, with nullopt, removes) one part; false when libcurl refuses it.
bool set_part(const CurlUrl& url, CURLUPart which, const std::optional<std::string>& value) {
  return curl_url_set(url.get(), which, value ? value->c_str() : nullptr, 0) == CURLUE_OK;
}

/// scheme://[userinfo@]host[:port] of a parsed URL as libcurl writes it (scheme lowercased,
/// IPv6 brackets kept). Clears the URL's path, query and fragment: read them first. The rest
/// of a URL is appended as text, since libcurl rewrites the hex digits of a percent-encoded
/// part it is given (%2C becomes %2c).
std::optional<std::string> origin_of(const CurlUrl& url) {
  if (!set_part(url, CURLUPART_PATH, std::string("/")) ||
      !set_part(url, CURLUPART_QUERY, std::nullopt) ||
      !set_part(url, CURLUPART_FRAGMENT, std::nullopt))
    return std::nullopt;
  auto text = part(url, CURLUPART_URL);
  if (!text || text->empty() || text->back() != '/') return std::nullopt;
  text->pop_back();
  return text;
}

/// base_path + "/" + path with one '/' between them; a trailing '/' of the base is kept when
/// the path is empty.
std::string joined_path(std::string_view base_path, std::string_view path) {
  std::string_view trimmed = base_path;
  while (!trimmed.empty() && trimmed.back() == '/') trimmed.remove_suffix(1);
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::string out(trimmed);
  if (!path.empty())
    out.append("/").append(path);
  else if (trimmed.size() != base_path.size())
    out += '/';
  return out;
}

/// Calls `visit(name, value, has_value)` for each '&'-separated parameter of a query string.
template <typename Visit>
void for_each_param(std::string_view query, Visit&& visit) {
  std::size_t start = 0;
  while (start <= query.size()) {
    auto amp = query.find('&', start);
    auto end = amp == std::string_view::npos ? query.size() : amp;
    std::string_view param = query.substr(start, end - start);
    auto eq = param.find('=');
    if (eq == std::string_view::npos)
      visit(param, std::string_view{}, false);
    else
      visit(param.substr(0, eq), param.substr(eq + 1), true);
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
}

bool is_secret_key(std::string_view key) {
  static const std::array<std::string_view, 14> kSecretKeys = {
      "token",    "access_token", "refresh_token", "id_token", "key",  "apikey", "api_key",
      "secret",   "client_secret", "password",     "code",     "sig",  "signature", "pwd"};
  std::string name = source::fold_case(source::form_decode(key));
  return std::find(kSecretKeys.begin(), kSecretKeys.end(), name) != kSecretKeys.end();
}

}  // namespace

std::string url_encode(const std::string& value) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size() * 3);
  for (unsigned char c : value) {
    if (is_unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> path_segment(std::string_view value) {
  if (value.empty() || value == "." || value == "..") return std::nullopt;
  return url_encode(std::string(value));
}

std::optional<std::vector<std::string>> path_segments(std::string_view path) {
  path = path.substr(0, path.find_first_of("?#"));
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::vector<std::string> out;
  if (path.empty()) return out;
  std::size_t start = 0;
  while (true) {
    const auto slash = path.find('/', start);
    const std::string_view raw = path.substr(start, slash == std::string_view::npos
                                                        ? std::string_view::npos
                                                        : slash - start);
    std::string decoded;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '%' && i + 2 < raw.size() && hex_value(raw[i + 1]) >= 0 &&
          hex_value(raw[i + 2]) >= 0) {
        decoded += static_cast<char>(hex_value(raw[i + 1]) * 16 + hex_value(raw[i + 2]));
        i += 2;
      } else {
        decoded += raw[i];
      }
    }
    if (raw == "." || raw == ".." || decoded == "." || decoded == "..") return std::nullopt;
    out.push_back(std::move(decoded));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

std::optional<UrlParts> parse_url(std::string_view url) {
  const CurlUrl parsed = curl_parsed(url);
  if (!parsed) return std::nullopt;
  UrlParts parts;
  parts.scheme = part(parsed, CURLUPART_SCHEME).value_or("");
  if (parts.scheme != "http" && parts.scheme != "https") return std::nullopt;
  parts.user = part(parsed, CURLUPART_USER).value_or("");
  parts.password = part(parsed, CURLUPART_PASSWORD).value_or("");
  parts.host = part(parsed, CURLUPART_HOST).value_or("");
  parts.port = std::atoi(part(parsed, CURLUPART_PORT, CURLU_DEFAULT_PORT).value_or("0").c_str());
  parts.path = part(parsed, CURLUPART_PATH).value_or("/");
  parts.query = part(parsed, CURLUPART_QUERY);
  return parts;
}

std::string join_url(const std::string& base, const std::string& path,
                     const QueryParams& query) {
  // The request path may carry its own query string; it follows the base's.
  const auto qmark = path.find('?');
  const std::string_view request_path = std::string_view(path).substr(0, qmark);
  std::string q;
  auto append = [&q](std::string_view piece) {
    if (piece.empty()) return;
    if (!q.empty() && q.back() != '&') q += '&';
    q.append(piece);
  };
  const CurlUrl url = curl_parsed(base);
  if (url) append(part(url, CURLUPART_QUERY).value_or(""));
  if (qmark != std::string::npos) append(std::string_view(path).substr(qmark + 1));
  for (const auto& [key, value] : query) append(url_encode(key) + "=" + url_encode(value));

  const std::string base_path = url ? part(url, CURLUPART_PATH).value_or("/") : base;
  std::string joined = joined_path(base_path, request_path);
  if (url) joined = origin_of(url).value_or("") + joined;
  return q.empty() ? joined : joined + "?" + q;
}

bool has_entra_flag(const std::string& base) {
  const CurlUrl url = curl_parsed(base);
  const auto query = url ? part(url, CURLUPART_QUERY) : std::nullopt;
  if (!query) return false;
  bool found = false;
  for_each_param(*query, [&found](std::string_view name, std::string_view, bool) {
    if (source::fold_case(source::form_decode(name)) == "aadoptscim062020") found = true;
  });
  return found;
}

std::string redact_url(const std::string& url) {
  const CurlUrl parsed = curl_parsed(url);
  if (!parsed) return url.find_first_of("@?") == std::string::npos ? url : "****";
  if (part(parsed, CURLUPART_USER) || part(parsed, CURLUPART_PASSWORD)) {
    set_part(parsed, CURLUPART_PASSWORD, std::nullopt);
    set_part(parsed, CURLUPART_OPTIONS, std::nullopt);
    set_part(parsed, CURLUPART_USER, std::string("****"));
  }
  const std::string path = part(parsed, CURLUPART_PATH).value_or("/");
  const auto query = part(parsed, CURLUPART_QUERY);
  const auto fragment = part(parsed, CURLUPART_FRAGMENT);
  const auto origin = origin_of(parsed);
  if (!origin) return "****";
  std::string out = *origin + path;
  if (query) {
    out += '?';
    bool first = true;
    for_each_param(*query, [&](std::string_view name, std::string_view value, bool has) {
      if (!first) out += '&';
      first = false;
      out.append(name);
      if (has) out.append("=").append(is_secret_key(name) && !value.empty() ? "****" : value);
    });
  }
  if (fragment) out.append("#").append(*fragment);
  return out;
}

}  // namespace scimcheck::http
