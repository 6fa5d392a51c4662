#pragma once
/// SIGINT/SIGTERM handling for long runs: the first signal asks the run to stop (it then
/// deletes what it created); a second one exits at once.
#include <atomic>

namespace scimcheck::app {

/// Installs the handlers and returns the flag they set.
std::atomic<bool>& install_stop_handlers();

}  // namespace scimcheck::app
