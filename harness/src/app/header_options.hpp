#pragma once
/// The run's `--header NAME:VALUE` and `--header-env NAME:VAR` options, and its --proxy URL,
/// checked before anything is sent.
#include <CLI/CLI.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "http/curl_transport.hpp"
#include "http/exchange.hpp"
#include "http/redact.hpp"

namespace scimcheck::app {

/// The headers to add to every request: those of --header (`plain`), then those of
/// --header-env (`from_env`), whose values are read from the environment and registered with
/// the redactor as secrets. nullopt and a message naming the option (never a secret value)
/// for a missing colon, a name that is not an HTTP token, a header the harness sets itself, a
/// control character in a value, or an environment variable unset, empty or too short to mask.
std::optional<http::Headers> extra_headers(const std::vector<std::string>& plain,
                                           const std::vector<std::string>& from_env,
                                           http::Redactor& redactor, std::string* error);

/// The options every command that talks to a tenant shares: --header, --header-env and
/// --proxy.
struct NetworkOptions {
  std::vector<std::string> headers;      ///< NAME:VALUE
  std::vector<std::string> header_envs;  ///< NAME:VAR
  std::string proxy;                     ///< empty: libcurl's environment (see CurlOptions)
};

/// Registers --header, --header-env and --proxy on `cmd`.
void add_network_options(CLI::App& cmd, NetworkOptions& options);

/// Puts the headers and the proxy into `curl`, registering --header-env values and the
/// proxy's password with `redactor`. Returns false with the problem written to `err` (exit 2).
bool apply_network_options(const NetworkOptions& options, http::CurlOptions& curl,
                           http::Redactor& redactor, std::ostream& err);

/// The password of a proxy URL's userinfo (scheme://user:password@host), empty when none.
std::string proxy_password(const std::string& proxy);

/// Whether the text holds a control character other than TAB (CR and LF above all).
bool has_control(std::string_view text);

}  // namespace scimcheck::app
