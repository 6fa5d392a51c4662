#pragma once
/// Subcommands. Each add_X_command registers its options on the root CLI11 app and sets
/// `action` to the function that runs it once parsing succeeds; the action returns the exit
/// code (0 ok, 1 conformance failures, 2 bad invocation or files, 3 run errors).
#include <CLI/CLI.hpp>
#include <functional>

namespace scimcheck::loadtest {
struct LoadResult;
}

namespace scimcheck::app {

using Action = std::function<int()>;

CLI::App* add_run_command(CLI::App& root, Action& action);
CLI::App* add_list_command(CLI::App& root, Action& action);
CLI::App* add_lint_command(CLI::App& root, Action& action);
CLI::App* add_cleanup_command(CLI::App& root, Action& action);
CLI::App* add_serve_command(CLI::App& root, Action& action);
CLI::App* add_load_command(CLI::App& root, Action& action);
CLI::App* add_report_command(CLI::App& root, Action& action);
CLI::App* add_baseline_command(CLI::App& root, Action& action);
CLI::App* add_profile_command(CLI::App& root, Action& action);

/// The exit code of a finished `load`: 3 when it was aborted or could not connect, 1 when a
/// threshold failed, else 0.
int load_exit_code(const loadtest::LoadResult& result);

}  // namespace scimcheck::app
