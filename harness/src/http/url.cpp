#include "http/url.hpp"
#include "source/strings.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace scimcheck::http {
namespace {

bool is_unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/// The pieces of a URL that the functions below need; the has_* flags tell an absent part
/// from an empty one.
struct UrlParts {
  std::string_view scheme;      // without "://"
  std::string_view authority;   // userinfo@host:port
  std::string_view path;        // from the first '/' after the authority, may be empty
  std::string_view query;       // without '?'
  std::string_view fragment;    // without '#'
  bool has_query = false;
  bool has_fragment = false;
  bool has_scheme = false;
};

UrlParts split_url(std::string_view url) {
  UrlParts parts;
  std::string_view rest = url;
  auto hash = rest.find('#');
  if (hash != std::string_view::npos) {
    parts.fragment = rest.substr(hash + 1);
    parts.has_fragment = true;
    rest = rest.substr(0, hash);
  }
  auto qmark = rest.find('?');
  if (qmark != std::string_view::npos) {
    parts.query = rest.substr(qmark + 1);
    parts.has_query = true;
    rest = rest.substr(0, qmark);
  }
  auto sep = rest.find("://");
  if (sep != std::string_view::npos) {
    parts.has_scheme = true;
    parts.scheme = rest.substr(0, sep);
    rest = rest.substr(sep + 3);
    auto slash = rest.find('/');
    parts.authority = rest.substr(0, slash);
    parts.path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  } else {
    parts.path = rest;
  }
  return parts;
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

std::string join_url(const std::string& base, const std::string& path,
                     const QueryParams& query) {
  UrlParts b = split_url(base);

  // The request path may carry its own query string; it follows the base's.
  std::string_view req_path = path;
  std::string_view path_query;
  auto qmark = req_path.find('?');
  if (qmark != std::string_view::npos) {
    path_query = req_path.substr(qmark + 1);
    req_path = req_path.substr(0, qmark);
  }

  std::string url;
  if (b.has_scheme) {
    url.append(b.scheme).append("://").append(b.authority);
  }
  std::string_view base_path = b.path;
  while (!base_path.empty() && base_path.back() == '/') base_path.remove_suffix(1);
  while (!req_path.empty() && req_path.front() == '/') req_path.remove_prefix(1);
  url.append(base_path);
  if (!req_path.empty()) {
    url += '/';
    url.append(req_path);
  } else if (base_path.empty() && b.has_scheme) {
    url += '/';
  } else if (!b.path.empty() && b.path.back() == '/') {
    url += '/';
  }

  std::string q(b.query);
  auto append = [&q](std::string_view piece) {
    if (piece.empty()) return;
    if (!q.empty() && q.back() != '&') q += '&';
    q.append(piece);
  };
  append(path_query);
  for (const auto& [key, value] : query) append(url_encode(key) + "=" + url_encode(value));
  if (!q.empty()) url += '?' + q;
  return url;
}

bool has_entra_flag(const std::string& base) {
  UrlParts parts = split_url(base);
  if (!parts.has_query) return false;
  bool found = false;
  for_each_param(parts.query, [&found](std::string_view name, std::string_view, bool) {
    if (source::fold_case(source::form_decode(name)) == "aadoptscim062020") found = true;
  });
  return found;
}

std::string redact_url(const std::string& url) {
  UrlParts parts = split_url(url);
  std::string out;
  if (parts.has_scheme) {
    out.append(parts.scheme).append("://");
    auto at = parts.authority.rfind('@');
    if (at != std::string_view::npos)
      out.append("****@").append(parts.authority.substr(at + 1));
    else
      out.append(parts.authority);
  }
  out.append(parts.path);
  if (parts.has_query) {
    out += '?';
    bool first = true;
    for_each_param(parts.query, [&](std::string_view name, std::string_view value, bool has) {
      if (!first) out += '&';
      first = false;
      out.append(name);
      if (has) {
        out += '=';
        if (is_secret_key(name) && !value.empty())
          out += "****";
        else
          out.append(value);
      }
    });
  }
  if (parts.has_fragment) out.append("#").append(parts.fragment);
  return out;
}

}  // namespace scimcheck::http
