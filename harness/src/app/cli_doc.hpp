#pragma once
/// Documents generated from the CLI11 definition itself, so that they list the same
/// subcommands and options as --help: the scimcheck(1) man page and the bash and zsh
/// completion scripts. Hidden subcommands and options (empty group) are left out.
#include <CLI/CLI.hpp>
#include <string>

#include "app/commands.hpp"

namespace scimcheck::app {

/// The man page in roff (man macros), without a date so that builds are reproducible.
std::string man_page(const CLI::App& root);

/// A bash completion script: subcommands, each one's options, file names after an option
/// that takes a value. Registered with `complete -F`, needs no bash-completion helper.
std::string bash_completion(const CLI::App& root);

/// A zsh completion function (#compdef scimcheck) using _arguments and _describe.
std::string zsh_completion(const CLI::App& root);

/// Registers the hidden `__doc man|bash|zsh` subcommand, which prints one of the above for
/// `root`; the build runs it to make the installed files.
void add_doc_command(CLI::App& root, Action& action);

/// Registers `completion bash|zsh`, printing the completion script for users to install.
void add_completion_command(CLI::App& root, Action& action);

}  // namespace scimcheck::app
