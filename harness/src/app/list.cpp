// `scimcheck list`: the checks a profile runs, with ids, levels, requirements and, for those
// that would be skipped, why. Sends nothing.
#include <iomanip>
#include <iostream>

#include "app/command_options.hpp"
#include "app/commands.hpp"
#include "app/session.hpp"

namespace scimcheck::app {
namespace {

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

CLI::App* define_list_command(CLI::App& root, ListOptions& options) {
  CLI::App* cmd = root.add_subcommand("list", "List the checks a profile runs (sends nothing)");
  add_profile_options(*cmd, options.run.target, "entra");
  add_selection_options(*cmd, options.run.selection);
  cmd->add_flag("--json", options.json, "JSON output: [{id, title, suite, level, impact, ...}]");
  return cmd;
}

CLI::App* add_list_command(CLI::App& root, Action& action) {
  auto options = std::make_shared<ListOptions>();
  CLI::App* cmd = define_list_command(root, *options);
  cmd->callback([options, &action] { action = [options] { return list_command(*options); }; });
  return cmd;
}

}  // namespace scimcheck::app
