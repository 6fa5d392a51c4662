#include "source/root.hpp"

#include <unistd.h>

#include <cstdlib>
#include <system_error>

namespace scimcheck::source {
namespace {

namespace fs = std::filesystem;

bool is_root(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "suites", ec) && fs::is_directory(dir / "schemas", ec);
}

std::optional<fs::path> search_up(fs::path dir) {
  for (int depth = 0; depth < 8 && !dir.empty(); ++depth) {
    if (is_root(dir)) return dir;
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

}  // namespace

std::optional<fs::path> find_root() {
  if (const char* env = std::getenv("SCIMCHECK_ROOT"); env && *env) {
    if (is_root(env)) return fs::path(env);
  }
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    buf[n] = '\0';
    if (auto found = search_up(fs::path(buf).parent_path())) return found;
  }
#ifdef SCIMCHECK_SOURCE_DIR
  if (is_root(SCIMCHECK_SOURCE_DIR)) return fs::path(SCIMCHECK_SOURCE_DIR);
#endif
  std::error_code ec;
  return search_up(fs::current_path(ec));
}

}  // namespace scimcheck::source
