#pragma once
/// SIGINT/SIGTERM handling for long runs: the first signal asks the run to stop (it then
/// deletes what it created); a second one exits at once, naming the ledger to clean up from.
#include <atomic>
#include <string>

namespace scimcheck::app {

/// Installs the handlers and returns the flag they set. The run may raise the flag itself
/// (the target stopped answering): that does not count as a signal.
std::atomic<bool>& install_stop_handlers();

/// How many SIGINT/SIGTERM arrived since the handlers were installed.
int stop_signals_received();

/// The command a second signal prints (`scimcheck cleanup --ledger <path> ...`). Call it
/// before the run starts: the text is copied and published for the handler, which only
/// reads it (async-signal-safe).
void set_cleanup_hint(const std::string& command);

}  // namespace scimcheck::app
