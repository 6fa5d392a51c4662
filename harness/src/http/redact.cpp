#include "http/redact.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "http/url.hpp"

namespace scimcheck::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

/// Characters of an RFC 6750 token68 credential (bearer tokens, base64 basic credentials).
bool is_token68(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~' || c == '+' || c == '/';
}

void replace_all(std::string& text, const std::string& needle) {
  if (needle.empty()) return;
  std::size_t pos = 0;
  while ((pos = text.find(needle, pos)) != std::string::npos) {
    text.replace(pos, needle.size(), kMask);
    pos += std::char_traits<char>::length(kMask);
  }
}

/// Masks the value of JSON string members whose name is secret, e.g.
/// "password" : "x\"y" becomes "password":"****". Names compare case-insensitively.
std::string mask_json_members(const std::string& text) {
  static const std::array<std::string_view, 6> kNames = {
      "password", "client_secret", "access_token", "refresh_token", "token", "secret"};
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '"') {
      out += text[i++];
      continue;
    }
    // A candidate member name: a short string without escapes.
    auto close = text.find('"', i + 1);
    if (close == std::string::npos || close - i - 1 > 32) {
      out += text[i++];
      continue;
    }
    std::string_view name(text.data() + i + 1, close - i - 1);
    bool secret = std::any_of(kNames.begin(), kNames.end(),
                              [&](std::string_view n) { return iequals(n, name); });
    if (!secret) {
      out += text[i++];
      continue;
    }
    std::size_t j = close + 1;
    while (j < text.size() && is_space(text[j])) ++j;
    if (j >= text.size() || text[j] != ':') {
      out += text[i++];
      continue;
    }
    ++j;
    while (j < text.size() && is_space(text[j])) ++j;
    if (j >= text.size() || text[j] != '"') {
      out += text[i++];
      continue;
    }
    // Find the end of the string value, honouring backslash escapes. An unterminated value
    // (truncated body) is masked to the end of the text.
    std::size_t k = j + 1;
    while (k < text.size() && text[k] != '"') k += text[k] == '\\' ? 2 : 1;
    out += '"';
    out.append(name);
    out += "\":\"";
    out += kMask;
    out += '"';
    i = std::min(k + 1, text.size());
  }
  return out;
}

/// Masks the credential after "Bearer" / "Basic" (any case) at a word boundary.
std::string mask_auth_schemes(const std::string& text) {
  static const std::array<std::string_view, 2> kSchemes = {"bearer", "basic"};
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    bool masked = false;
    if (i == 0 || !is_word(text[i - 1])) {
      for (auto scheme : kSchemes) {
        if (i + scheme.size() >= text.size()) continue;
        if (!iequals(std::string_view(text).substr(i, scheme.size()), scheme)) continue;
        std::size_t j = i + scheme.size();
        if (text[j] != ' ' && text[j] != '\t') continue;
        while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
        std::size_t start = j;
        while (j < text.size() && is_token68(text[j])) ++j;
        if (j == start) continue;
        while (j < text.size() && text[j] == '=') ++j;
        out.append(text, i, scheme.size());
        out += ' ';
        out += kMask;
        i = j;
        masked = true;
        break;
      }
    }
    if (!masked) out += text[i++];
  }
  return out;
}

/// Masks form-encoded secret fields (token requests and responses): client_secret=...&
std::string mask_form_fields(const std::string& text) {
  static const std::array<std::string_view, 4> kNames = {"client_secret", "password",
                                                         "access_token", "refresh_token"};
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    bool masked = false;
    if (i == 0 || !is_word(text[i - 1])) {
      for (auto name : kNames) {
        std::size_t eq = i + name.size();
        if (eq >= text.size() || text[eq] != '=') continue;
        if (!iequals(std::string_view(text).substr(i, name.size()), name)) continue;
        std::size_t j = eq + 1;
        while (j < text.size() && text[j] != '&' && text[j] != '"' && !is_space(text[j])) ++j;
        if (j == eq + 1) continue;
        out.append(text, i, name.size() + 1);
        out += kMask;
        i = j;
        masked = true;
        break;
      }
    }
    if (!masked) out += text[i++];
  }
  return out;
}

void redact_headers(const Redactor& redactor, Headers& headers) {
  for (auto& h : headers) {
    if (iequals(h.name, "Authorization") || iequals(h.name, "Proxy-Authorization")) {
      auto space = h.value.find(' ');
      h.value = space == std::string::npos ? std::string(kMask)
                                           : h.value.substr(0, space) + " " + kMask;
    } else if (iequals(h.name, "Cookie") || iequals(h.name, "Set-Cookie")) {
      h.value = kMask;
    } else {
      h.value = redactor.text(h.value);
    }
  }
}

}  // namespace

void Redactor::add_secret(const std::string& value) {
  if (value.size() < 4) return;
  std::lock_guard lock(mutex_);
  if (std::find(secrets_.begin(), secrets_.end(), value) != secrets_.end()) return;
  secrets_.push_back(value);
  // Longest first, so a secret containing another is masked whole.
  std::stable_sort(secrets_.begin(), secrets_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Redactor::text(const std::string& text) const {
  std::string out = text;
  {
    std::lock_guard lock(mutex_);
    for (const auto& secret : secrets_) replace_all(out, secret);
  }
  out = mask_auth_schemes(out);
  out = mask_json_members(out);
  return mask_form_fields(out);
}

void Redactor::exchange(Exchange& exchange) const {
  exchange.request.url = text(redact_url(exchange.request.url));
  redact_headers(*this, exchange.request.headers);
  exchange.request.body = text(exchange.request.body);
  redact_headers(*this, exchange.response.headers);
  exchange.response.body = text(exchange.response.body);
  if (exchange.error) exchange.error->message = text(exchange.error->message);
}

}  // namespace scimcheck::http
