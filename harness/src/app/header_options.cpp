#include "app/header_options.hpp"
#include "source/strings.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <utility>

namespace scimcheck::app {
namespace {

/// Headers the harness sets itself (credentials, framing, content negotiation, the
/// conditional requests of the checks): a --header may not replace them.
constexpr std::string_view kHarnessHeaders[] = {"Authorization",
                                                "Proxy-Authorization",
                                                "Host",
                                                "Content-Type",
                                                "Content-Length",
                                                "Transfer-Encoding",
                                                "Connection",
                                                "Keep-Alive",
                                                "TE",
                                                "Trailer",
                                                "Upgrade",
                                                "Expect",
                                                "Accept",
                                                "If-Match",
                                                "If-None-Match"};

bool is_token_char(unsigned char c) {
  return std::isalnum(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

/// The text with control characters shown as '?', for messages.
std::string printable(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

/// The NAME of a `--header NAME:VALUE` or `--header-env NAME:VAR` and what follows the colon;
/// an error message naming the option (never the value) when NAME is not a header name the
/// run may send.
std::optional<std::pair<std::string, std::string>> split_header_option(const std::string& option,
                                                                       const std::string& spec,
                                                                       const std::string& rest,
                                                                       std::string* error) {
  const auto colon = spec.find(':');
  const std::string_view name = colon == std::string::npos
                                    ? std::string_view()
                                    : source::trim_blanks(std::string_view(spec).substr(0, colon));
  const bool token = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return is_token_char(static_cast<unsigned char>(c));
  });
  if (colon == std::string::npos || !token) {
    *error = option + " needs NAME:" + rest +
             " with NAME a header name (letters, digits, -), got " +
             (colon == std::string::npos ? "no colon" : "the name \"" + printable(name) + "\"");
    return std::nullopt;
  }
  for (std::string_view harness : kHarnessHeaders) {
    if (source::iequals(name, harness)) {
      *error = option + ": the run sets " + std::string(harness) +
               " itself and does not let it be replaced";
      return std::nullopt;
    }
  }
  return std::make_pair(std::string(name), spec.substr(colon + 1));
}

}  // namespace

bool has_control(std::string_view value) {
  return std::any_of(value.begin(), value.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
  });
}

std::optional<http::Headers> extra_headers(const std::vector<std::string>& plain,
                                           const std::vector<std::string>& from_env,
                                           http::Redactor& redactor, std::string* error) {
  http::Headers headers;
  for (const auto& spec : plain) {
    auto parts = split_header_option("--header", spec, "VALUE", error);
    if (!parts) return std::nullopt;
    if (has_control(parts->second)) {
      *error = "--header " + parts->first + ": the value holds a control character (CR, LF...)";
      return std::nullopt;
    }
    headers.push_back({parts->first, std::string(source::trim_blanks(parts->second))});
  }
  for (const auto& spec : from_env) {
    auto parts = split_header_option("--header-env", spec, "VAR", error);
    if (!parts) return std::nullopt;
    const std::string& var = parts->second;
    const char* value = var.empty() ? nullptr : std::getenv(var.c_str());
    if (!value || !*value) {
      *error = "--header-env " + parts->first + ": the environment variable \"" + printable(var) +
               "\" is not set or empty";
      return std::nullopt;
    }
    const std::string_view trimmed = source::trim_blanks(value);
    if (has_control(trimmed)) {
      *error = "--header-env " + parts->first + ": $" + printable(var) +
               " holds a control character (CR, LF...)";
      return std::nullopt;
    }
    if (trimmed.size() < http::kMinSecretLength) {
      *error =
          "--header-env " + parts->first + ": $" + printable(var) + " is shorter than " +
          std::to_string(http::kMinSecretLength) +
          " characters, too short to be masked in the outputs (use --header if it is no secret)";
      return std::nullopt;
    }
    redactor.add_secret(std::string(trimmed));
    headers.push_back({parts->first, std::string(trimmed)});
  }
  return headers;
}

std::string proxy_password(const std::string& proxy) {
  const auto scheme = proxy.find("://");
  const auto start = scheme == std::string::npos ? 0 : scheme + 3;
  const auto end = proxy.find_first_of("/?#", start);
  const auto at = proxy.rfind('@', end == std::string::npos ? std::string::npos : end);
  if (at == std::string::npos || at < start) return {};
  const auto colon = proxy.find(':', start);
  return colon == std::string::npos || colon > at ? std::string()
                                                  : proxy.substr(colon + 1, at - colon - 1);
}

}  // namespace scimcheck::app
