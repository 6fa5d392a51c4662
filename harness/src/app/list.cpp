// `scimcheck list`: the checks a profile runs, with ids, levels, requirements and, for those
// that would be skipped, why. Sends nothing.
#include <iomanip>
#include <iostream>

#include "app/commands.hpp"
#include "app/session.hpp"

namespace scimcheck::app {
namespace {

struct ListOptions {
  RunOptions run;
  bool json = false;
};

int list_command(const ListOptions& options) {
  Session session;
  if (int code = session.load(options.run, std::cerr); code != 0) return code;
  suite::Json out = suite::Json::array();
  for (const auto& ps : session.plan().suites) {
    if (!options.json) std::cout << ps.suite->id << "  (" << ps.suite->title << ")\n";
    for (const auto& pc : ps.cases) {
      const auto& c = pc.kase;
      if (options.json) {
        out.push_back({{"id", c.id},
                       {"title", c.title},
                       {"suite", ps.suite->id},
                       {"level", suite::to_string(c.level)},
                       {"impact", suite::to_string(c.impact)},
                       {"requirement", c.requirement},
                       {"capability", c.capability},
                       {"entra_mode", suite::to_string(c.mode)},
                       {"exclusive", c.exclusive},
                       {"skip_reason", pc.skip_reason}});
      } else {
        std::cout << "  " << std::left << std::setw(7) << suite::to_string(c.level) << std::setw(8)
                  << suite::to_string(c.impact) << c.id;
        if (c.mode != suite::EntraMode::any) std::cout << "  (" << suite::to_string(c.mode) << ")";
        std::cout << "\n          " << c.title << "  [" << c.requirement << "]";
        if (!pc.skip_reason.empty()) std::cout << "\n          skipped: " << pc.skip_reason;
        std::cout << "\n";
      }
    }
  }
  if (options.json)
    std::cout << out.dump(2) << "\n";
  else
    std::cout << session.plan().runnable() << " checks would run for profile "
              << session.profile().name << " (" << suite::to_string(session.mode()) << ")\n";
  return 0;
}

}  // namespace

CLI::App* add_list_command(CLI::App& root, Action& action) {
  auto options = std::make_shared<ListOptions>();
  CLI::App* cmd = root.add_subcommand("list", "List the checks a profile runs (sends nothing)");
  cmd->add_option("--profile", options->run.profile, "App profile (default entra)")
      ->default_val("entra");
  cmd->add_option("--suite", options->run.suites, "Suite files instead of the profile's");
  cmd->add_option("--add-suite", options->run.add_suites, "A suite file to list after the profile's (repeatable)");
  cmd->add_option("--only", options->run.only, "Only checks whose id matches (glob)");
  cmd->add_option("--skip", options->run.skip, "Skip checks whose id matches (glob)");
  cmd->add_option("--capability", options->run.capabilities, "Add a capability to the profile");
  cmd->add_option("--var", options->run.vars, "Set a profile variable: NAME=VALUE");
  cmd->add_option("--entra-mode", options->run.entra_mode, "flag-off, flag-on or both")
      ->check(CLI::IsMember({"flag-off", "flag-on", "both"}));
  cmd->add_flag("--json", options->json, "JSON output: [{id, title, suite, level, impact, ...}]");
  cmd->callback([options, &action] { action = [options] { return list_command(*options); }; });
  return cmd;
}

}  // namespace scimcheck::app
