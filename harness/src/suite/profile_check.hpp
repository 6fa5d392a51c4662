#pragma once
/// A profile's capabilities against the ones the suites know: a capability no suite names
/// and the harness does not read is a typo (`group` for `groups`), refused with did-you-mean.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "source/diagnostic.hpp"
#include "suite/model.hpp"

namespace scimcheck::suite {

/// Capabilities the harness reads itself ("entra-rules": Entra's group schemas) or that only
/// describe the app ("oauth", "rfc-only"), which no suite names.
const std::vector<std::string>& harness_capabilities();

/// The capability names of suites: each `requires` of a suite or case, and each case's
/// `capability`.
std::set<std::string> suite_capabilities(const std::vector<Suite>& suites);

/// The capability names of the shipped suites (suites/core and suites/apps under root), read
/// without the suites' full load; files that do not parse add nothing.
std::set<std::string> shipped_capabilities(const std::filesystem::path& root);

/// An error at each capability of the profile that is not in `known` nor among
/// harness_capabilities(), with the closest known one as hint.
void check_capabilities(const Profile& profile, const std::set<std::string>& known,
                        source::Diagnostics& diagnostics);

}  // namespace scimcheck::suite
