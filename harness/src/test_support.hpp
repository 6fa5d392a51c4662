#pragma once
// Shared by the modules' Boost.Test binaries: where the repository (suites/, schemas/,
// tests/) is. ctest passes SCIMCHECK_ROOT; run by hand, the source tree the test was built from.
#include <cstdlib>
#include <filesystem>

namespace scimcheck::testing {

inline std::filesystem::path source_root() {
  if (const char* r = std::getenv("SCIMCHECK_ROOT"); r && *r) return r;
  return SCIMCHECK_SOURCE_DIR;
}

}  // namespace scimcheck::testing
