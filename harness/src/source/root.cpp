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

fs::path executable_path() {
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {};
  buf[n] = '\0';
  return fs::path(buf);
}

const char* origin_name(RootOrigin origin) {
  switch (origin) {
    case RootOrigin::kInstalled: return "installed";
    case RootOrigin::kEnvironment: return "SCIMCHECK_ROOT";
    case RootOrigin::kCheckout: return "checkout";
    case RootOrigin::kSourceTree: return "source tree of this development build";
  }
  return "?";
}

}  // namespace

RootSearch RootSearch::from_process() {
  RootSearch search;
  search.executable = executable_path();
  if (const char* env = std::getenv("SCIMCHECK_ROOT"); env) search.env_root = env;
  std::error_code ec;
  search.cwd = fs::current_path(ec);
#ifdef SCIMCHECK_SOURCE_DIR
  search.source_tree = SCIMCHECK_SOURCE_DIR;
#endif
  return search;
}

std::optional<Root> locate_root(const RootSearch& search) {
  const fs::path bin_dir = search.executable.parent_path();
  if (!search.executable.empty()) {
    const fs::path installed = (bin_dir / ".." / "share" / "scimcheck").lexically_normal();
    if (is_root(installed)) return Root{installed, RootOrigin::kInstalled};
  }
  if (!search.env_root.empty() && is_root(search.env_root)) {
    return Root{search.env_root, RootOrigin::kEnvironment};
  }
  if (!search.executable.empty()) {
    if (auto found = search_up(bin_dir)) return Root{*found, RootOrigin::kCheckout};
  }
  if (!search.cwd.empty()) {
    if (auto found = search_up(search.cwd)) return Root{*found, RootOrigin::kCheckout};
  }
  if (!search.source_tree.empty() && is_root(search.source_tree)) {
    return Root{search.source_tree, RootOrigin::kSourceTree};
  }
  return std::nullopt;
}

std::optional<Root> locate_root() { return locate_root(RootSearch::from_process()); }

std::optional<fs::path> find_root() {
  auto root = locate_root();
  if (!root) return std::nullopt;
  return root->dir;
}

std::string describe_root(const std::optional<Root>& root) {
  if (!root) {
    return "no data folder found (suites/ and schemas/): install scimcheck, or set SCIMCHECK_ROOT";
  }
  return root->dir.string() + " (" + origin_name(root->origin) + ")";
}

}  // namespace scimcheck::source
