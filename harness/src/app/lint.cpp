// `scimcheck lint`: checks suite and profile files without sending anything.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include "app/commands.hpp"
#include "app/session.hpp"
#include "source/diagnostic_render.hpp"
#include "source/root.hpp"
#include "suite/loader.hpp"
#include "suite/profile_lookup.hpp"
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

/// Every shipped file: profiles and suites.
std::vector<std::string> shipped_files(const fs::path& root) {
  std::vector<std::string> files;
  for (const char* dir : {"suites/profiles", "suites/core", "suites/apps"}) {
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root / dir, ec))
      if (e.path().extension() == ".json") found.push_back(e.path().string());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

int lint_command(const LintOptions& options) {
  auto root = source::find_root();
  if (!root) {
    std::cerr << "scimcheck: cannot find the suites/ and schemas/ folders; set SCIMCHECK_ROOT\n";
    return 2;
  }
  suite::LoadOptions load{*root};
  source::Diagnostics diagnostics;
  std::vector<std::string> files = options.files;
  std::optional<suite::Profile> profile;
  if (!options.profile.empty()) {
    // The profile, then (without files) the suites it runs: only the files it uses.
    std::string error;
    const auto path = suite::find_profile(*root, options.profile, &error);
    if (!path) {
      std::cerr << "scimcheck: " << error << "\n";
      return 2;
    }
    files.erase(std::remove(files.begin(), files.end(), *path), files.end());
    files.insert(files.begin(), *path);
    profile = suite::load_profile(*path, load, diagnostics);
    if (profile && options.files.empty()) {
      const auto suites = profile_suite_files(*root, *profile, diagnostics);
      files.insert(files.end(), suites.begin(), suites.end());
    }
  } else if (files.empty()) {
    files = shipped_files(*root);
  }
  std::vector<suite::Suite> suites;
  std::set<std::string> loaded;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& f = files[i];
    if (profile && i == 0) {
      loaded.insert(f);
    } else if (suite::looks_like_profile(f)) {
      if (suite::load_profile(f, load, diagnostics)) loaded.insert(f);
    } else if (auto s = suite::load_suite(f, load, diagnostics)) {
      suites.push_back(std::move(*s));
      loaded.insert(f);
    }
  }
  const bool everything = options.files.empty() && options.profile.empty();
  suite::check_references(suites, everything ? std::set<std::string>{} : shipped_ids(*root, load),
                          diagnostics);
  if (profile) {
    suite::check_against_profile(suites, *profile, diagnostics);
    check_authoring(*root, *profile, suites, diagnostics, true);
  }
  std::cerr << source::render_all(diagnostics, source::file_lookup());
  const bool failed = source::has_errors(diagnostics);
  // A file is OK when it loaded and no check across files found an error in it.
  for (const auto& d : diagnostics)
    if (d.severity == source::Severity::error) loaded.erase(d.span.file);
  const auto ok = std::count_if(files.begin(), files.end(),
                                [&](const std::string& f) { return loaded.count(f) > 0; });
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
                  "Check this profile and the suites it runs (or the files given) against it: "
                  "capabilities, variables, fixture attributes");
  cmd->callback([options, &action] { action = [options] { return lint_command(*options); }; });
  return cmd;
}

}  // namespace scimcheck::app
