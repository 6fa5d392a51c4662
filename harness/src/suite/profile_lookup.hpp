#pragma once
/// Finding a profile file from what a user typed after --profile: a path, or a name under
/// suites/profiles/.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace scimcheck::suite {

/// The names of the profiles under root/suites/profiles (NAME.profile.json), sorted.
std::vector<std::string> profile_names(const std::filesystem::path& root);

/// The profile file `name_or_path` names: a path to a file, else
/// root/suites/profiles/NAME.profile.json. nullopt with `error` set when it is neither:
/// "unknown profile "X" (known: a, b, c)", and on a second line a did-you-mean hint when a
/// known name is close.
std::optional<std::string> find_profile(const std::filesystem::path& root,
                                        const std::string& name_or_path, std::string* error);

}  // namespace scimcheck::suite
