#pragma once
/// Pacing and throttling: a Transport decorator that holds the whole run to a request rate
/// (one token bucket shared by every worker's transport) and honours 429 Too Many Requests
/// and 503 Service Unavailable answers that carry Retry-After, the way Entra's provisioning
/// service pauses a job and resends the refused request. Retries are bounded in number and in
/// total wait; when the budget runs out, the last refusal is returned as the exchange.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "http/transport.hpp"

namespace scimcheck::http {

/// Time for the pacer: the real clocks, or a fake in tests (sleep_for advances it).
class Clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual time_point now() = 0;
  /// Wall-clock time, to turn an HTTP-date Retry-After into a wait.
  virtual std::chrono::system_clock::time_point wall_now() = 0;
  virtual void sleep_for(std::chrono::nanoseconds duration) = 0;
};

/// steady_clock, system_clock and std::this_thread::sleep_for.
Clock& real_clock();

/// Rate limiter after the generic cell rate algorithm: `rate` requests per second on average,
/// at most `burst` back to back. Callers reserve a slot and wait until it comes; reservations
/// are handed out in call order, so N callers at one instant get waits 0, 1/rate, 2/rate...
/// (with burst 1). Thread-safe.
class TokenBucket {
 public:
  TokenBucket(double rate, int burst, Clock& clock);
  /// Takes the next slot and says how long to wait before using it (zero: send now).
  std::chrono::nanoseconds reserve();

 private:
  std::mutex mutex_;
  Clock& clock_;
  std::chrono::nanoseconds interval_;
  std::chrono::nanoseconds tolerance_;  // (burst - 1) intervals
  Clock::time_point next_;              // theoretical arrival time of the next request
};

/// How long a Retry-After value asks to wait: delta-seconds ("120") or an HTTP date
/// (IMF-fixdate, RFC 850 or asctime form, RFC 9110 10.2.3), relative to `now`. A date in the
/// past means no wait. nullopt when the value is neither.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

struct PacingOptions {
  double rate = 0;      ///< requests per second for the whole run; 0: unlimited
  int burst = 1;        ///< requests that may go back to back once the bucket is full
  int max_retries = 5;  ///< resends of one request after 429/503
  /// Total Retry-After wait for one request; a longer wait ends the retries.
  std::chrono::milliseconds max_wait{120000};
  /// A 429 without Retry-After waits this long, doubled on each further refusal.
  std::chrono::milliseconds default_wait{1000};
};

/// What the pacer did over the run.
struct PacingStats {
  std::uint64_t sent = 0;       ///< requests handed to the inner transports, retries included
  std::uint64_t throttled = 0;  ///< 429/503 answers that were waited out and resent
  std::uint64_t exhausted = 0;  ///< requests whose budget ran out (the refusal went through)
  double retry_wait_ms = 0;     ///< time spent waiting for Retry-After, summed over requests
  double rate_wait_ms = 0;      ///< time spent waiting for the rate limit, summed over requests
};

/// The state every paced transport of a run shares: the bucket, the options, the counters.
class Pacer {
 public:
  explicit Pacer(PacingOptions options, Clock& clock = real_clock());
  const PacingOptions& options() const { return options_; }
  Clock& clock() { return clock_; }
  PacingStats stats() const;

  /// Waits for the next slot (no wait without a rate). false when `abort` was set meanwhile.
  bool acquire(const std::atomic<bool>* abort);
  /// Every worker waits until `until` before its next request (the server asked for a pause).
  void hold_until(Clock::time_point until);
  /// Sleeps `duration` in short slices; false when `abort` was set meanwhile.
  bool wait(std::chrono::nanoseconds duration, const std::atomic<bool>* abort);

  void count_sent();
  void count_throttled(std::chrono::nanoseconds waited);
  void count_exhausted();

 private:
  PacingOptions options_;
  Clock& clock_;
  std::unique_ptr<TokenBucket> bucket_;  // null without a rate
  mutable std::mutex mutex_;
  PacingStats stats_;
  Clock::time_point held_until_{};
};

/// Wraps a worker's transport: waits for the shared rate, sends, and waits out and resends
/// 429 (with or without Retry-After) and 503 with Retry-After within the retry budget.
/// The exchange returned is the last attempt's; elapsed_ms is that attempt's alone.
class PacedTransport : public Transport {
 public:
  PacedTransport(std::unique_ptr<Transport> inner, std::shared_ptr<Pacer> pacer,
                 const std::atomic<bool>* abort = nullptr);
  Exchange send(const Request& request) override;

 private:
  /// How long to wait before resending after this answer; nullopt: do not resend.
  std::optional<std::chrono::nanoseconds> retry_delay(const Exchange& exchange, int attempt);

  std::unique_ptr<Transport> inner_;
  std::shared_ptr<Pacer> pacer_;
  const std::atomic<bool>* abort_;
};

}  // namespace scimcheck::http
