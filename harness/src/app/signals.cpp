#include "app/signals.hpp"

#include <csignal>
#include <cstring>
#include <unistd.h>

namespace scimcheck::app {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signals{0};
/// The whole second-signal message; published once written, never freed (the handler may
/// be reading it), so a replaced one is leaked on purpose.
std::atomic<const std::string*> g_hint{nullptr};
static_assert(std::atomic<const std::string*>::is_always_lock_free);
static_assert(std::atomic<int>::is_always_lock_free);

void write_all(const char* text, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(2, text, size);
    if (n <= 0) return;
    text += n;
    size -= static_cast<std::size_t>(n);
  }
}

extern "C" void on_stop_signal(int sig) {
  g_stop.store(true);
  if (g_signals.fetch_add(1) > 0) {
    // Second signal: the user insists. Leave now; the ledger on disk lets `cleanup` finish.
    if (const std::string* hint = g_hint.load()) {
      write_all(hint->data(), hint->size());
    } else {
      const char msg[] = "\nscimcheck: stopped without cleanup\n";
      write_all(msg, sizeof msg - 1);
    }
    std::_Exit(128 + sig);
  }
  const char msg[] = "\nscimcheck: stopping; deleting what this run created...\n";
  write_all(msg, sizeof msg - 1);
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

int stop_signals_received() { return g_signals.load(); }

void set_cleanup_hint(const std::string& command) {
  g_hint.store(new std::string("\nscimcheck: stopped without cleanup; run `" + command + "`\n"));
}

}  // namespace scimcheck::app
