// `scimcheck lint`: checks suite and profile files without sending anything.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include "app/commands.hpp"
#include "source/render.hpp"
#include "source/root.hpp"
#include "suite/loader.hpp"
#include "suite/references.hpp"

namespace scimcheck::app {
namespace {

namespace fs = std::filesystem;

struct LintOptions {
  std::vector<std::string> files;
  std::string profile;
};

/// The ids of the shipped suites' checks, which the files being checked may name.
std::set<std::string> shipped_ids(const fs::path& root, const suite::LoadOptions& load) {
  std::set<std::string> ids;
  for (const char* dir : {"suites/core", "suites/apps"}) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root / dir, ec)) {
      if (e.path().extension() != ".json") continue;
      source::Diagnostics ignored;
      if (auto s = suite::load_suite(e.path().string(), load, ignored))
        for (const auto& c : s->cases) ids.insert(c.id);
    }
  }
  return ids;
}

int lint_command(const LintOptions& options) {
  auto root = source::find_root();
  if (!root) {
    std::cerr << "scimcheck: cannot find the suites/ and schemas/ folders; set SCIMCHECK_ROOT\n";
    return 2;
  }
  std::vector<std::string> files = options.files;
  if (files.empty()) {
    // Everything shipped: profiles and suites.
    for (const char* dir : {"suites/profiles", "suites/core", "suites/apps"}) {
      std::vector<std::string> found;
      std::error_code ec;
      for (const auto& e : fs::directory_iterator(*root / dir, ec))
        if (e.path().extension() == ".json") found.push_back(e.path().string());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    }
  }
  suite::LoadOptions load{*root};
  source::Diagnostics diagnostics;
  std::vector<suite::Suite> suites;
  std::optional<suite::Profile> profile;
  int ok = 0;
  for (const auto& f : files) {
    if (suite::looks_like_profile(f)) {
      if (suite::load_profile(f, load, diagnostics)) ++ok;
    } else if (auto s = suite::load_suite(f, load, diagnostics)) {
      suites.push_back(std::move(*s));
      ++ok;
    }
  }
  suite::check_references(suites, options.files.empty() ? std::set<std::string>{}
                                                       : shipped_ids(*root, load),
                          diagnostics);
  if (!options.profile.empty()) {
    std::string path = options.profile;
    if (!fs::is_regular_file(path)) path = (*root / "suites/profiles" / (path + ".profile.json")).string();
    profile = suite::load_profile(path, load, diagnostics);
    if (profile) suite::check_against_profile(suites, *profile, diagnostics);
  }
  std::cerr << source::render_all(diagnostics, source::file_lookup());
  const bool failed = source::has_errors(diagnostics);
  std::cout << ok << " of " << files.size() << (files.size() == 1 ? " file" : " files") << " OK\n";
  return failed ? 2 : 0;
}

}  // namespace

CLI::App* add_lint_command(CLI::App& root, Action& action) {
  auto options = std::make_shared<LintOptions>();
  CLI::App* cmd = root.add_subcommand(
      "lint", "Check suite and profile files (every shipped file when none is given); sends nothing");
  cmd->add_option("files", options->files, "Suite (*.suite.json) and profile (*.profile.json) files");
  cmd->add_option("--profile", options->profile,
                  "Also check the suites' {{profile.*}} variables against this profile");
  cmd->callback([options, &action] { action = [options] { return lint_command(*options); }; });
  return cmd;
}

}  // namespace scimcheck::app
