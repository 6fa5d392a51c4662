#pragma once
/// Loading suites and profiles: JSON syntax, the harness JSON Schemas (valijson), then the
/// meaning (templates that name something the case can know, SCIM paths that parse, regexes
/// that compile, schema names that exist). Every problem is collected with file:line:col;
/// a file with any error yields no model.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "source/diagnostic.hpp"
#include "suite/model.hpp"

namespace scimcheck::suite {

struct LoadOptions {
  std::filesystem::path root;  ///< holds schemas/ (harness and SCIM schemas)
};

std::optional<Suite> load_suite(const std::string& path, const LoadOptions& options,
                                source::Diagnostics& diagnostics);
std::optional<Profile> load_profile(const std::string& path, const LoadOptions& options,
                                    source::Diagnostics& diagnostics);

/// Checks that need both: `{{profile.NAME}}` in the suites names a variable of the profile,
/// and case ids are unique across the suites.
void check_against_profile(const std::vector<Suite>& suites, const Profile& profile,
                           source::Diagnostics& diagnostics);

/// Whether the file is a suite or a profile, by name (*.profile.json) or content ("profile" key).
bool looks_like_profile(const std::string& path);

}  // namespace scimcheck::suite
