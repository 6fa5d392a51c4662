// scimcheck: argv -> subcommand -> exit code.
#include "app/cli.hpp"

int main(int argc, char** argv) {
  CLI::App root;
  scimcheck::app::Action action;
  scimcheck::app::define_cli(root, action);
  return scimcheck::app::run_cli(root, action, argc, argv);
}
