#pragma once
/// The whole command line: the root app with every subcommand, as `main` parses it and as the
/// man page and shell completions describe it.
#include <CLI/CLI.hpp>

#include "app/commands.hpp"

namespace scimcheck::app {

/// Registers the description, --version (which also names the data folder in use), every
/// subcommand and the hidden `__doc` command on `root`.
void define_cli(CLI::App& root, Action& action);

/// Parses argv with `root` and runs the chosen action; returns the exit code.
int run_cli(CLI::App& root, Action& action, int argc, char** argv);

}  // namespace scimcheck::app
