#include "app/signals.hpp"

#include <csignal>
#include <unistd.h>

namespace scimcheck::app {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int sig) {
  if (g_stop.exchange(true)) {
    // Second signal: the user insists. Leave now; the ledger on disk lets `cleanup` finish.
    const char msg[] = "\nscimcheck: stopped without cleanup; run `scimcheck cleanup --ledger FILE`\n";
    (void)!::write(2, msg, sizeof msg - 1);
    std::_Exit(128 + sig);
  }
  const char msg[] = "\nscimcheck: stopping; deleting what this run created...\n";
  (void)!::write(2, msg, sizeof msg - 1);
}

}  // namespace

std::atomic<bool>& install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  return g_stop;
}

}  // namespace scimcheck::app
