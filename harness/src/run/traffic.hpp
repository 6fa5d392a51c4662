#pragma once
/// What the runner's transports do besides sending: stop the run when the target has stopped
/// answering (Halt), and count what a case sends while telling the live progress what is in
/// flight (CountingTransport).
#include <atomic>
#include <functional>
#include <mutex>
#include <string>

#include "http/transport.hpp"

namespace scimcheck::report {
class RequestWatcher;
}

namespace scimcheck::run {

/// Masks secrets in a text; may be empty (nothing to mask).
using RedactText = std::function<std::string(const std::string&)>;

/// Stops the run when the target has stopped answering: after `limit` requests in a row (over
/// all workers) got no answer at all, it records one diagnosis and raises the abort flag, so
/// in-flight requests end, the remaining cases are skipped and the final cleanup runs.
/// Thread-safe.
class Halt {
 public:
  /// limit <= 0: never stops.
  Halt(int limit, std::atomic<bool>* abort) : limit_(limit), abort_(abort) {}

  /// Notes what came back for one request; the error named in the reason is masked by `redact`.
  void note(const http::Exchange& exchange, const RedactText& redact);

  /// Why the run stopped; empty while it goes on.
  std::string reason() const;

 private:
  const int limit_;
  std::atomic<bool>* abort_;
  std::atomic<int> in_a_row_{0};
  mutable std::mutex mutex_;
  std::string reason_;
};

/// Counts what a case sends, its cleanup included, tells the run's Halt what came back, and
/// the watcher (live progress, may be null) each request's path, masked by `redact`.
class CountingTransport : public http::Transport {
 public:
  CountingTransport(http::Transport& inner, Halt& halt, report::RequestWatcher* watcher,
                    RedactText redact)
      : inner_(inner), halt_(halt), watcher_(watcher), redact_(std::move(redact)) {}
  http::Exchange send(const http::Request& request) override;
  int sent() const { return sent_; }

 private:
  http::Transport& inner_;
  Halt& halt_;
  report::RequestWatcher* watcher_;
  RedactText redact_;
  int sent_ = 0;
};

}  // namespace scimcheck::run
