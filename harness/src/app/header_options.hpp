#pragma once
/// The checks of `--header NAME:VALUE`, `--header-env NAME:VAR` and --proxy (registered in
/// app/option_groups.hpp), done before anything is sent.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// The password of a proxy URL's userinfo (scheme://user:password@host), empty when none.
std::string proxy_password(const std::string& proxy);

/// Whether the text holds a control character other than TAB (CR and LF above all).
bool has_control(std::string_view text);

}  // namespace scimcheck::app
