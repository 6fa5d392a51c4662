#pragma once
// Shared by the modules' Boost.Test binaries: where the repository (suites/, schemas/,
// tests/) is. ctest passes SCIMCHECK_ROOT; run by hand, the source tree the test was built from.
// And a file's whole text.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace scimcheck::testing {

inline std::filesystem::path source_root() {
  if (const char* r = std::getenv("SCIMCHECK_ROOT"); r && *r) return r;
  return SCIMCHECK_SOURCE_DIR;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace scimcheck::testing
