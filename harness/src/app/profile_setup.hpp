#pragma once
/// What `run` and `serve` both do with a loaded profile: give its variables their values
/// and set up the reference server's emulation of the app from its "server" block.
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/server.hpp"
#include "source/diagnostic.hpp"
#include "suite/model.hpp"

namespace scimcheck::app {

/// The --var options (NAME=VALUE) as a map; nullopt with the problem written to err when one
/// has no '=' or no name.
std::optional<std::map<std::string, std::string>> parse_var_options(
    const std::vector<std::string>& options, std::ostream& err);

/// The values of the profile's variables, each from the first that has one: --var
/// (`given`), the environment variable it names, its "embedded" value (only when `embedded`:
/// against the embedded or standalone reference server), its "default". nullopt with the
/// problems written to err: a --var the profile does not declare; without `embedded`, a
/// required variable with no value.
std::optional<suite::Json> resolve_variables(const suite::Profile& profile,
                                             const std::map<std::string, std::string>& given,
                                             bool embedded, std::ostream& err);

/// Sets the reference server's emulation of the profile: options.profile (its name),
/// options.rules (its "server" block with each {{profile.NAME}} rendered from `variables`,
/// then checked once by server::read_app_rules) and options.base_path (the block's, unless
/// already set). false with a diagnostic at the value that does not render, or at the block
/// when the rendered settings are not valid.
bool apply_server_settings(const suite::Profile& profile, const suite::Json& variables,
                           server::ServerOptions& options, source::Diagnostics& diagnostics);

}  // namespace scimcheck::app
