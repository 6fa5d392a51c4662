#include "http/pacing.hpp"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

using namespace scimcheck::http;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

namespace {

/// Time stands still until someone sleeps; sleeping moves it forward at once.
class FakeClock : public Clock {
 public:
  time_point now() override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  std::chrono::system_clock::time_point wall_now() override {
    std::lock_guard lock(mutex_);
    return wall_ + (now_ - start_);
  }
  void sleep_for(nanoseconds d) override {
    {
      std::lock_guard lock(mutex_);
      now_ += d;
      ++sleeps;
    }
    if (on_sleep) on_sleep();
  }
  void advance(nanoseconds d) {
    std::lock_guard lock(mutex_);
    now_ += d;
  }
  nanoseconds elapsed() {
    std::lock_guard lock(mutex_);
    return now_ - start_;
  }
  std::function<void()> on_sleep;
  int sleeps = 0;

 private:
  std::mutex mutex_;
  time_point start_ = time_point(std::chrono::hours(1000));
  time_point now_ = start_;
  // Sun, 06 Nov 1994 08:49:37 GMT
  std::chrono::system_clock::time_point wall_ = std::chrono::system_clock::from_time_t(784111777);
};

/// Answers from a script (the last answer repeats) and notes when each request arrived.
class ScriptedTransport : public Transport {
 public:
  ScriptedTransport(FakeClock& clock, std::vector<Response> script)
      : clock_(clock), script_(std::move(script)) {}
  Exchange send(const Request& request) override {
    Exchange ex;
    ex.request = request;
    sent_at.push_back(clock_.elapsed());
    const std::size_t i = std::min(calls++, script_.size() - 1);
    if (script_[i].status == 0)
      ex.error = TransportError{ErrorKind::connect, "connection refused"};
    else
      ex.response = script_[i];
    return ex;
  }
  std::size_t calls = 0;
  std::vector<nanoseconds> sent_at;

 private:
  FakeClock& clock_;
  std::vector<Response> script_;
};

/// Milliseconds, for comparisons Boost.Test can print.
long long ms(nanoseconds d) { return std::chrono::duration_cast<milliseconds>(d).count(); }

Response answer(int status, const char* retry_after = nullptr) {
  Response r;
  r.status = status;
  if (retry_after) r.headers.push_back({"Retry-After", retry_after});
  return r;
}

struct Rig {
  explicit Rig(std::vector<Response> script, PacingOptions options = {})
      : pacer(std::make_shared<Pacer>(options, clock)) {
    auto inner = std::make_unique<ScriptedTransport>(clock, std::move(script));
    scripted = inner.get();
    transport = std::make_unique<PacedTransport>(std::move(inner), pacer, &abort);
  }
  Exchange send() { return transport->send(Request{"GET", "http://x/Users", {}, {}}); }

  FakeClock clock;
  std::atomic<bool> abort{false};
  std::shared_ptr<Pacer> pacer;
  ScriptedTransport* scripted = nullptr;
  std::unique_ptr<PacedTransport> transport;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(token_bucket)

BOOST_AUTO_TEST_CASE(spaces_requests_by_the_interval) {
  FakeClock clock;
  TokenBucket bucket(10, 1, clock);
  BOOST_TEST(bucket.reserve().count() == 0);
  BOOST_TEST(ms(bucket.reserve()) == ms(100ms));
  BOOST_TEST(ms(bucket.reserve()) == ms(200ms));
  clock.advance(250ms);  // the third slot (200 ms) has passed, the fourth is at 300 ms
  BOOST_TEST(ms(bucket.reserve()) == ms(50ms));
}

BOOST_AUTO_TEST_CASE(idle_time_does_not_save_up_beyond_the_burst) {
  FakeClock clock;
  TokenBucket bucket(10, 1, clock);
  bucket.reserve();
  clock.advance(10s);
  BOOST_TEST(bucket.reserve().count() == 0);
  BOOST_TEST(ms(bucket.reserve()) == ms(100ms));
}

BOOST_AUTO_TEST_CASE(burst_lets_that_many_through_at_once) {
  FakeClock clock;
  TokenBucket bucket(4, 3, clock);
  for (int i = 0; i < 3; ++i) BOOST_TEST(bucket.reserve().count() == 0);
  BOOST_TEST(ms(bucket.reserve()) == ms(250ms));
  BOOST_TEST(ms(bucket.reserve()) == ms(500ms));
}

BOOST_AUTO_TEST_CASE(concurrent_callers_get_distinct_slots) {
  FakeClock clock;
  TokenBucket bucket(1000, 1, clock);  // 1 ms apart
  std::mutex mutex;
  std::vector<nanoseconds> waits;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        const auto w = bucket.reserve();
        std::lock_guard lock(mutex);
        waits.push_back(w);
      }
    });
  for (auto& t : threads) t.join();
  std::sort(waits.begin(), waits.end());
  BOOST_REQUIRE(waits.size() == 800u);
  for (std::size_t i = 0; i < waits.size(); ++i)
    BOOST_TEST(ms(waits[i]) == static_cast<long long>(i), "slot " << i);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(retry_after)

const auto kNow = std::chrono::system_clock::from_time_t(784111777);  // 1994-11-06 08:49:37

/// The wait in milliseconds, -1 when the value is not a Retry-After.
long long after(std::string_view value) {
  const auto wait = parse_retry_after(value, kNow);
  return wait ? wait->count() : -1;
}

BOOST_AUTO_TEST_CASE(delta_seconds) {
  BOOST_TEST(after("1") == 1000);
  BOOST_TEST(after(" 120 ") == 120000);
  BOOST_TEST(after("0") == 0);
  BOOST_TEST(after("99999999999999999999") == 366LL * 24 * 3600 * 1000);
}

BOOST_AUTO_TEST_CASE(http_dates_in_every_form) {
  BOOST_TEST(after("Sun, 06 Nov 1994 08:50:07 GMT") == 30000);
  BOOST_TEST(after("Sunday, 06-Nov-94 08:49:47 GMT") == 10000);
  BOOST_TEST(after("Sun Nov  6 08:49:39 1994") == 2000);
  // A moment already past: resend at once.
  BOOST_TEST(after("Sat, 05 Nov 1994 08:49:37 GMT") == 0);
}

BOOST_AUTO_TEST_CASE(anything_else_is_not_a_retry_after) {
  for (const char* bad : {"", "  ", "-1", "1.5", "soon", "Sun, 06 Nov 1994 08:50:07 GMT+1",
                          "Sun, 06 Nov 1994 08:50:07", "2024-01-01T00:00:00Z"})
    BOOST_TEST(after(bad) == -1, "\"" << bad << "\"");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(paced_transport)

BOOST_AUTO_TEST_CASE(waits_out_429_with_retry_after_and_resends) {
  Rig rig({answer(429, "2"), answer(429, "3"), answer(200)});
  const Exchange ex = rig.send();
  BOOST_TEST(ex.response.status == 200);
  BOOST_TEST(rig.scripted->calls == 3u);
  BOOST_TEST(ms(rig.scripted->sent_at[1]) == ms(2s));
  BOOST_TEST(ms(rig.scripted->sent_at[2]) == ms(5s));
  const PacingStats s = rig.pacer->stats();
  BOOST_TEST(s.sent == 3u);
  BOOST_TEST(s.throttled == 2u);
  BOOST_TEST(s.exhausted == 0u);
  BOOST_TEST(s.retry_wait_ms == 5000.0);
}

BOOST_AUTO_TEST_CASE(honours_an_http_date) {
  Rig rig({answer(503, "Sun, 06 Nov 1994 08:49:44 GMT"), answer(201)});
  BOOST_TEST(rig.send().response.status == 201);
  BOOST_TEST(ms(rig.scripted->sent_at[1]) == ms(7s));
  BOOST_TEST(rig.pacer->stats().throttled == 1u);
}

BOOST_AUTO_TEST_CASE(gives_up_after_the_retry_count_and_returns_the_refusal) {
  PacingOptions options;
  options.max_retries = 5;
  Rig rig({answer(429, "1")}, options);
  const Exchange ex = rig.send();
  BOOST_TEST(ex.response.status == 429);
  BOOST_TEST(rig.scripted->calls == 6u);  // the first try and five resends
  const PacingStats s = rig.pacer->stats();
  BOOST_TEST(s.throttled == 5u);
  BOOST_TEST(s.exhausted == 1u);
}

BOOST_AUTO_TEST_CASE(gives_up_when_the_wait_budget_would_be_exceeded) {
  PacingOptions options;
  options.max_wait = 120s;
  Rig rig({answer(429, "100")}, options);
  const Exchange ex = rig.send();
  BOOST_TEST(ex.response.status == 429);
  BOOST_TEST(rig.scripted->calls == 2u);  // 100 s fits, another 100 s does not
  BOOST_TEST(rig.pacer->stats().exhausted == 1u);
  BOOST_TEST(ms(rig.clock.elapsed()) == ms(100s));
}

BOOST_AUTO_TEST_CASE(zero_retries_means_the_first_refusal_stands) {
  PacingOptions options;
  options.max_retries = 0;
  Rig rig({answer(429, "1"), answer(200)}, options);
  BOOST_TEST(rig.send().response.status == 429);
  BOOST_TEST(rig.scripted->calls == 1u);
}

BOOST_AUTO_TEST_CASE(too_many_requests_without_retry_after_backs_off_exponentially) {
  Rig rig({answer(429), answer(429, "soon"), answer(429), answer(204)});
  BOOST_TEST(rig.send().response.status == 204);
  BOOST_TEST(ms(rig.scripted->sent_at[1]) == ms(1s));
  BOOST_TEST(ms(rig.scripted->sent_at[2]) == ms(3s));
  BOOST_TEST(ms(rig.scripted->sent_at[3]) == ms(7s));
}

BOOST_AUTO_TEST_CASE(other_answers_go_straight_through) {
  for (int status : {200, 400, 404, 500, 502}) {
    Rig rig({answer(status, "1"), answer(200)});
    BOOST_TEST(rig.send().response.status == status);
    BOOST_TEST(rig.scripted->calls == 1u);
    BOOST_TEST(rig.pacer->stats().throttled == 0u);
  }
  Rig plain_503({answer(503), answer(200)});  // no Retry-After: a server error, not throttling
  BOOST_TEST(plain_503.send().response.status == 503);
  BOOST_TEST(plain_503.scripted->calls == 1u);
  Rig refused({answer(0), answer(200)});  // transport error
  BOOST_TEST(refused.send().error.has_value());
  BOOST_TEST(refused.scripted->calls == 1u);
}

BOOST_AUTO_TEST_CASE(an_abort_during_the_wait_stops_the_request) {
  Rig rig({answer(429, "60"), answer(200)});
  rig.clock.on_sleep = [&] { rig.abort = true; };
  const Exchange ex = rig.send();
  BOOST_REQUIRE(ex.error.has_value());
  BOOST_TEST(static_cast<int>(ex.error->kind) == static_cast<int>(ErrorKind::aborted));
  BOOST_TEST(rig.scripted->calls == 1u);
  BOOST_TEST(ms(rig.clock.elapsed()) < 1000);
}

BOOST_AUTO_TEST_CASE(a_pause_holds_every_worker) {
  FakeClock clock;
  Pacer pacer({}, clock);
  pacer.hold_until(clock.now() + 4s);
  BOOST_TEST(pacer.acquire(nullptr));
  BOOST_TEST(ms(clock.elapsed()) == ms(4s));
  BOOST_TEST(pacer.acquire(nullptr));
  BOOST_TEST(ms(clock.elapsed()) == ms(4s));
}

BOOST_AUTO_TEST_CASE(rate_holds_over_many_requests) {
  PacingOptions options;
  options.rate = 20;
  Rig rig({answer(200)}, options);
  for (int i = 0; i < 200; ++i) rig.send();
  const auto& at = rig.scripted->sent_at;
  BOOST_REQUIRE(at.size() == 200u);
  for (std::size_t i = 0; i < at.size(); ++i)
    BOOST_TEST(ms(at[i]) == ms(50ms) * static_cast<long>(i), "request " << i);
  BOOST_TEST(rig.pacer->stats().rate_wait_ms == 199 * 50.0);
}

BOOST_AUTO_TEST_CASE(throttling_shares_the_rate_slot_order_with_other_requests) {
  PacingOptions options;
  options.rate = 10;
  Rig rig({answer(429, "1"), answer(200)}, options);
  rig.send();
  // Sent at 0, then after the 1 s pause the next slot (already free) goes at once.
  BOOST_TEST(ms(rig.scripted->sent_at[1]) == ms(1s));
  rig.send();
  BOOST_TEST(ms(rig.scripted->sent_at[2]) == ms(1100ms));
}

BOOST_AUTO_TEST_SUITE_END()
