#pragma once
/// Finding the project's data folders (suites/, schemas/) at run time.
#include <filesystem>
#include <optional>
#include <string>

namespace scimcheck::source {

/// Where a data folder was found, in the order they are tried.
enum class RootOrigin {
  kInstalled,    ///< <dir of the executable>/../share/scimcheck (an install or a package)
  kEnvironment,  ///< $SCIMCHECK_ROOT
  kCheckout,     ///< a parent of the executable, or of the current directory, with both folders
  kSourceTree,   ///< the source tree a development build was compiled from
};

/// A folder holding suites/ and schemas/, and how it was found.
struct Root {
  std::filesystem::path dir;
  RootOrigin origin;
};

/// What the search looks at; `from_process()` fills it from the running process.
struct RootSearch {
  std::filesystem::path executable;   ///< empty when unknown
  std::string env_root;               ///< $SCIMCHECK_ROOT, empty when unset
  std::filesystem::path cwd;          ///< empty when unknown
  std::filesystem::path source_tree;  ///< empty in builds without the fallback

  static RootSearch from_process();
};

/// The first folder with suites/ and schemas/ among: <exe>/../share/scimcheck,
/// $SCIMCHECK_ROOT, the executable's parents, the current directory's parents, the source
/// tree. nullopt when none has them.
std::optional<Root> locate_root(const RootSearch& search);

/// locate_root(RootSearch::from_process()).
std::optional<Root> locate_root();

/// locate_root()'s folder alone.
std::optional<std::filesystem::path> find_root();

/// "/usr/share/scimcheck (installed)", or a sentence saying that none was found; for --version.
std::string describe_root(const std::optional<Root>& root);

}  // namespace scimcheck::source
