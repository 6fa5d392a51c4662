#pragma once
/// What `scimcheck load` writes: a JSON summary, a JUnit file with the thresholds as test
/// cases, the console summary, and the estimate of Entra's initial cycle.
#include <iosfwd>
#include <string>
#include <nlohmann/json.hpp>

#include "loadtest/workload.hpp"

namespace scimcheck::loadtest {

/// Entra's pace: the requests per second its provisioning service is expected to send to one
/// tenant's app, and the rate the gallery requires an endpoint to sustain.
inline constexpr double kEntraRate = kGalleryRate;

/// How long Entra's initial cycle of the run's N users (and M groups with K members each)
/// would take: the requests that cycle sends (a query by the matching attribute and a create
/// per user and per group, one PATCH per batch of members) at the slower of Entra's pace and
/// the rate the endpoint sustained in this run.
struct CycleEstimate {
  bool measured = false;  ///< false: no successful answer to take a rate from
  int users = 0, groups = 0;
  std::uint64_t memberships = 0;
  std::uint64_t requests = 0;
  double endpoint_rate = 0;  ///< successful answers/s: slowest 10 s window, else the whole run
  /// Answers/s at one request at a time, from the mean latency of the cycle's operations
  /// (0 when none was measured): what a client that waits for each answer would get.
  double serial_rate = 0;
  double entra_seconds = 0;  ///< requests at Entra's pace
  double seconds = 0;        ///< requests at the slower of the two rates
  bool endpoint_is_bottleneck = false;  ///< the endpoint sustained less than Entra's pace
};
CycleEstimate estimate_initial_cycle(const LoadResult& result);

/// "2 h 05 min", "3 min 20 s", "42 s".
std::string duration_text(double seconds);

/// The estimate as one sentence (console, load.html).
std::string cycle_sentence(const CycleEstimate& estimate);

/// The summary (load.json): options, counts, throughput, latency per operation, errors by
/// status, thresholds, cleanup, and requests per second over time.
nlohmann::json to_json(const LoadResult& result);

/// load-junit.xml: one <testcase> per threshold, failing ones with the measured value.
void write_junit(const LoadResult& result, std::ostream& out);

/// A threshold's status as the console and load.html show it: PASS, FAIL, NOT MEASURED,
/// NOT APPLICABLE.
const char* status_label(Status status);

/// The console summary: counts, throughput, a latency table, errors, thresholds.
void write_summary(const LoadResult& result, std::ostream& out);

}  // namespace scimcheck::loadtest
