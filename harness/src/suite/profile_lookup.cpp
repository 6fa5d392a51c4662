#include "suite/profile_lookup.hpp"

#include <algorithm>

#include "source/diagnostic_render.hpp"

namespace scimcheck::suite {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view kProfileSuffix = ".profile.json";
}  // namespace

std::vector<std::string> profile_names(const fs::path& root) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root / "suites" / "profiles", ec)) {
    const std::string f = e.path().filename().string();
    if (f.size() > kProfileSuffix.size() && f.ends_with(kProfileSuffix))
      names.push_back(f.substr(0, f.size() - kProfileSuffix.size()));
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<std::string> find_profile(const fs::path& root, const std::string& name_or_path,
                                        std::string* error) {
  std::error_code ec;
  if (fs::is_regular_file(name_or_path, ec)) return name_or_path;
  const fs::path named = root / "suites" / "profiles" / (name_or_path + std::string(kProfileSuffix));
  if (!name_or_path.empty() && fs::is_regular_file(named, ec)) return named.string();
  if (error) {
    const auto names = profile_names(root);
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    *error = "unknown profile \"" + name_or_path + "\" (known: " + list + ")";
    if (const std::string hint = source::did_you_mean(name_or_path, names); !hint.empty())
      *error += "\n  hint: " + hint;
  }
  return std::nullopt;
}

}  // namespace scimcheck::suite
