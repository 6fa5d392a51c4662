#include "http/pacing.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <string>
#include <thread>

namespace scimcheck::http {

namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

class RealClock : public Clock {
 public:
  time_point now() override { return std::chrono::steady_clock::now(); }
  std::chrono::system_clock::time_point wall_now() override {
    return std::chrono::system_clock::now();
  }
  void sleep_for(nanoseconds duration) override { std::this_thread::sleep_for(duration); }
};

/// Longest single sleep, so an abort is noticed quickly.
constexpr milliseconds kSlice{50};

double to_ms(nanoseconds d) { return std::chrono::duration<double, std::milli>(d).count(); }

Exchange aborted_exchange(const Request& request) {
  Exchange ex;
  ex.request = request;
  ex.error = TransportError{ErrorKind::aborted, "aborted while waiting to send"};
  return ex;
}

}  // namespace

Clock& real_clock() {
  static RealClock clock;
  return clock;
}

// ---- token bucket ------------------------------------------------------------------------

TokenBucket::TokenBucket(double rate, int burst, Clock& clock)
    : clock_(clock),
      interval_(std::chrono::duration_cast<nanoseconds>(std::chrono::duration<double>(1.0 / rate))),
      tolerance_(interval_ * (std::max(burst, 1) - 1)),
      next_(clock.now()) {}

nanoseconds TokenBucket::reserve() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  const auto slot = std::max(next_, now);
  next_ = slot + interval_;
  const auto allowed = slot - tolerance_;
  return allowed > now ? nanoseconds(allowed - now) : nanoseconds(0);
}

// ---- Retry-After -------------------------------------------------------------------------

std::optional<milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())))
    value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
    value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    // delta-seconds; anything beyond a year is as good as forever for a retry budget.
    constexpr long long kYear = 366LL * 24 * 3600;
    long long seconds = 0;
    for (char c : value) {
      seconds = seconds * 10 + (c - '0');
      if (seconds > kYear) return std::chrono::seconds(kYear);
    }
    return std::chrono::seconds(seconds);
  }
  // The three date forms of RFC 9110 5.6.7; only the first is sent by current servers.
  static const char* const kFormats[] = {
      "%a, %d %b %Y %H:%M:%S GMT",  // Sun, 06 Nov 1994 08:49:37 GMT
      "%A, %d-%b-%y %H:%M:%S GMT",  // Sunday, 06-Nov-94 08:49:37 GMT
      "%a %b %d %H:%M:%S %Y",       // Sun Nov  6 08:49:37 1994
  };
  const std::string text(value);
  for (const char* format : kFormats) {
    std::tm tm{};
    const char* end = strptime(text.c_str(), format, &tm);
    if (!end || *end != '\0') continue;
    const std::time_t when = timegm(&tm);
    if (when == static_cast<std::time_t>(-1)) continue;
    const auto at = std::chrono::system_clock::from_time_t(when);
    if (at <= now) return milliseconds(0);
    return std::chrono::duration_cast<milliseconds>(at - now);
  }
  return std::nullopt;
}

// ---- pacer -------------------------------------------------------------------------------

Pacer::Pacer(PacingOptions options, Clock& clock) : options_(options), clock_(clock) {
  if (options_.rate > 0)
    bucket_ = std::make_unique<TokenBucket>(options_.rate, options_.burst, clock_);
}

PacingStats Pacer::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

bool Pacer::wait(nanoseconds duration, const std::atomic<bool>* abort) {
  const auto deadline = clock_.now() + duration;
  for (;;) {
    if (abort && abort->load()) return false;
    const auto now = clock_.now();
    if (now >= deadline) return true;
    clock_.sleep_for(std::min<nanoseconds>(deadline - now, kSlice));
  }
}

bool Pacer::acquire(const std::atomic<bool>* abort) {
  // A pause the server asked for holds every worker; it may be extended while waiting.
  for (;;) {
    Clock::time_point until;
    {
      std::lock_guard lock(mutex_);
      until = held_until_;
    }
    const auto now = clock_.now();
    if (until <= now) break;
    if (!wait(until - now, abort)) return false;
  }
  if (!bucket_) return !(abort && abort->load());
  const nanoseconds delay = bucket_->reserve();
  if (delay.count() > 0) {
    std::lock_guard lock(mutex_);
    stats_.rate_wait_ms += to_ms(delay);
  }
  return wait(delay, abort);
}

void Pacer::hold_until(Clock::time_point until) {
  std::lock_guard lock(mutex_);
  held_until_ = std::max(held_until_, until);
}

void Pacer::count_sent() {
  std::lock_guard lock(mutex_);
  ++stats_.sent;
}

void Pacer::count_throttled(nanoseconds waited) {
  std::lock_guard lock(mutex_);
  ++stats_.throttled;
  stats_.retry_wait_ms += to_ms(waited);
}

void Pacer::count_exhausted() {
  std::lock_guard lock(mutex_);
  ++stats_.exhausted;
}

// ---- paced transport ---------------------------------------------------------------------

PacedTransport::PacedTransport(std::unique_ptr<Transport> inner, std::shared_ptr<Pacer> pacer,
                               const std::atomic<bool>* abort)
    : inner_(std::move(inner)), pacer_(std::move(pacer)), abort_(abort) {}

std::optional<nanoseconds> PacedTransport::retry_delay(const Exchange& exchange, int attempt) {
  if (exchange.error) return std::nullopt;
  const int status = exchange.response.status;
  if (status != 429 && status != 503) return std::nullopt;
  if (const std::string* header = find_header(exchange.response.headers, "Retry-After")) {
    if (auto delay = parse_retry_after(*header, pacer_->clock().wall_now())) return *delay;
  }
  // 503 without a usable Retry-After is an ordinary server error, for the checks to judge.
  if (status == 503) return std::nullopt;
  return pacer_->options().default_wait * (1LL << std::min(attempt, 20));
}

Exchange PacedTransport::send(const Request& request) {
  const PacingOptions& options = pacer_->options();
  nanoseconds waited{0};
  for (int attempt = 0;; ++attempt) {
    if (!pacer_->acquire(abort_)) return aborted_exchange(request);
    pacer_->count_sent();
    Exchange exchange = inner_->send(request);
    const auto delay = retry_delay(exchange, attempt);
    if (!delay) return exchange;
    if (attempt >= options.max_retries || waited + *delay > options.max_wait) {
      pacer_->count_exhausted();
      return exchange;
    }
    // Like Entra, pause the whole job, not only this request; the next acquire waits it out.
    pacer_->hold_until(pacer_->clock().now() + *delay);
    pacer_->count_throttled(*delay);
    waited += *delay;
  }
}

}  // namespace scimcheck::http
