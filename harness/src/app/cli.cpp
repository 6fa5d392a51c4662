#include "app/cli.hpp"

#include "app/cli_doc.hpp"
#include "source/root.hpp"

namespace scimcheck::app {

void define_cli(CLI::App& root, Action& action) {
  root.description(
      "scimcheck: SCIM 2.0 conformance checks for endpoints provisioned by Microsoft Entra ID.\n"
      "With no --url, `run` starts the built-in reference server on loopback and checks it.");
  root.name("scimcheck");
  root.set_version_flag("--version", [] {
    return std::string("scimcheck ") + SCIMCHECK_VERSION + "\ndata: " +
           source::describe_root(source::locate_root());
  });
  root.require_subcommand(1);
  root.fallthrough(false);
  add_run_command(root, action);
  add_list_command(root, action);
  add_lint_command(root, action);
  add_cleanup_command(root, action);
  add_serve_command(root, action);
  add_load_command(root, action);
  add_report_command(root, action);
  add_baseline_command(root, action);
  add_profile_command(root, action);
  add_completion_command(root, action);
  add_doc_command(root, action);
}

int run_cli(CLI::App& root, Action& action, int argc, char** argv) {
  try {
    root.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return root.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return root.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return root.exit(e);
  } catch (const CLI::ParseError& e) {
    root.exit(e);
    return 2;  // bad invocation
  }
  return action ? action() : 2;
}

}  // namespace scimcheck::app
