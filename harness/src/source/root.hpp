#pragma once
/// Finding the project's data folders (suites/, schemas/) at run time.
#include <filesystem>
#include <optional>

namespace scimcheck::source {

/// The folder holding suites/ and schemas/: $SCIMCHECK_ROOT when set, else the first parent
/// of the executable that has both, else the source tree the binary was built from, else the
/// current directory's first parent that has both. nullopt when none has.
std::optional<std::filesystem::path> find_root();

}  // namespace scimcheck::source
