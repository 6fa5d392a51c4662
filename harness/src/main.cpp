// scimcheck: argv -> subcommand -> exit code.
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/commands.hpp"

int main(int argc, char** argv) {
  using namespace scimcheck::app;
  CLI::App root{
      "scimcheck: SCIM 2.0 conformance checks for endpoints provisioned by Microsoft Entra ID.\n"
      "With no --url, `run` starts the built-in reference server on loopback and checks it."};
  root.set_version_flag("--version", std::string("scimcheck ") + SCIMCHECK_VERSION);
  root.require_subcommand(1);
  root.fallthrough(false);
  Action action;
  add_run_command(root, action);
  add_list_command(root, action);
  add_lint_command(root, action);
  add_cleanup_command(root, action);
  add_serve_command(root, action);
  add_load_command(root, action);
  add_report_command(root, action);
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
