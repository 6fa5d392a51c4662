#include "loadtest/workload.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace scimcheck::loadtest {

void compute_rates(LoadResult& r) {
  std::uint64_t errors = 0;
  for (const auto& [key, count] : r.errors) errors += count;
  r.successes = r.requests - std::min(r.requests, errors);
  const double seconds = r.wall_ms / 1000.0;
  r.throughput = seconds > 0 ? static_cast<double>(r.successes) / seconds : 0;
  r.lowest_10s_rate.reset();
  const auto full_seconds = static_cast<std::size_t>(seconds);
  constexpr auto window = static_cast<std::size_t>(kRateWindowS);
  if (full_seconds < window) return;
  auto good = [&](std::size_t s) -> std::uint64_t {
    if (s >= r.timeline.size()) return 0;  // no request ended in that second
    const Second& sec = r.timeline[s];
    return static_cast<std::uint64_t>(sec.requests - std::min(sec.requests, sec.errors));
  };
  std::uint64_t sum = 0;
  for (std::size_t s = 0; s < window; ++s) sum += good(s);
  std::uint64_t lowest = sum;
  for (std::size_t s = window; s < full_seconds; ++s) {
    sum = sum + good(s) - good(s - window);
    lowest = std::min(lowest, sum);
  }
  r.lowest_10s_rate = static_cast<double>(lowest) / window;
}

const char* to_string(Status status) {
  switch (status) {
    case Status::passed: return "passed";
    case Status::failed: return "failed";
    case Status::not_measured: return "not measured";
    case Status::not_applicable: return "not applicable";
  }
  return "failed";
}

bool any_failed(const std::vector<Threshold>& checks) {
  return std::any_of(checks.begin(), checks.end(),
                     [](const Threshold& t) { return t.status == Status::failed; });
}

namespace {

std::string fixed(double v, int digits = 1) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

Status at_least(double value, double bound) { return value >= bound ? Status::passed : Status::failed; }

Threshold rate_check(const LoadResult& r) {
  Threshold t{"load.rate", "at least 25 successful answers/s over the run (gallery requirement)",
              Status::not_measured, "at least " + fixed(kGalleryRate, 0) + " successful answers/s",
              "no request was sent"};
  if (r.requests == 0 || r.wall_ms <= 0) return t;
  t.status = at_least(r.throughput, kGalleryRate);
  t.actual = fixed(r.throughput) + " successful answers/s (" + std::to_string(r.successes) +
             " of " + std::to_string(r.requests) + " requests answered as expected in " +
             fixed(r.wall_ms / 1000.0, 2) + " s)";
  return t;
}

Threshold window_check(const LoadResult& r) {
  const std::string window = std::to_string(kRateWindowS) + " s";
  Threshold t{"load.rate-" + std::to_string(kRateWindowS) + "s",
              "at least 25 successful answers/s in every " + window + " of the run",
              Status::not_measured,
              "at least " + fixed(kGalleryRate, 0) + " successful answers/s in the slowest " + window,
              "run of " + fixed(r.wall_ms / 1000.0, 2) + " s, shorter than " + window};
  if (!r.lowest_10s_rate) return t;
  t.status = at_least(*r.lowest_10s_rate, kGalleryRate);
  t.actual = fixed(*r.lowest_10s_rate) + " successful answers/s in the slowest " + window;
  return t;
}

Threshold timeout_check(const LoadResult& r) {
  Threshold t{"load.timeout", "every response within 60 s (Entra's timeout)", Status::not_measured,
              "at most 60000 ms", "no answer was received"};
  if (r.overall.count() == 0) return t;
  t.status = r.overall.max_ms() <= 60000 ? Status::passed : Status::failed;
  t.actual = "slowest " + fixed(r.overall.max_ms()) + " ms";
  return t;
}

Threshold answers_check(const LoadResult& r) {
  std::uint64_t errors = 0;
  std::string detail;
  for (const auto& [key, count] : r.errors) {
    errors += count;
    detail += (detail.empty() ? "" : ", ") + key + ": " + std::to_string(count);
  }
  const bool clean = errors == 0 && r.fatal.empty();
  std::string actual = r.fatal;
  if (!detail.empty()) actual += (actual.empty() ? "" : "; ") + detail;
  return {"load.answers", "every request answered as Entra expects",
          clean ? Status::passed : Status::failed, "no unexpected status", clean ? "none" : actual};
}

Threshold cleanup_check(const LoadResult& r) {
  const result::Cleanup& c = r.cleanup;
  Threshold t{"load.cleanup", "everything the load created is deleted", Status::not_applicable,
              "every created resource deleted", "nothing was created"};
  if (c.created == 0 && c.leftovers.empty()) return t;
  const int missing = std::max(0, c.created - c.deleted);
  if (missing == 0 && c.leftovers.empty()) {
    t.status = Status::passed;
    t.actual = std::to_string(c.deleted) + " of " + std::to_string(c.created) + " deleted";
    return t;
  }
  t.status = Status::failed;
  t.actual = std::to_string(missing) + " of " + std::to_string(c.created) + " created not deleted";
  if (!c.leftovers.empty())
    t.actual += "; " + std::to_string(c.leftovers.size()) + " left over, first " + c.leftovers.front();
  return t;
}

}  // namespace

std::vector<Threshold> thresholds(const LoadResult& r) {
  return {rate_check(r), window_check(r), timeout_check(r), answers_check(r), cleanup_check(r)};
}

}  // namespace scimcheck::loadtest
