#pragma once
/// `scimcheck load`: Entra's initial provisioning cycle at scale. For N users: query by the
/// matching attribute (an empty list is expected), create; then update a share and disable a
/// share; for M groups: query, create, add K members each in batches; optionally read users
/// by id for a fixed time (the steady state); then delete everything created. Every create is
/// in the cleanup ledger before it is sent. Statistics are streamed: per operation a
/// fixed-bucket histogram, per second of the run a few counters; no exchange is kept.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/transport.hpp"
#include "loadtest/histogram.hpp"
#include "result/model.hpp"
#include "run/ledger.hpp"
#include "run/runner.hpp"
#include "suite/model.hpp"

namespace scimcheck::loadtest {

struct LoadOptions {
  int users = 100;
  int groups = 0;        ///< only for profiles with groups
  int members = 0;       ///< members per group
  int member_batch = 25; ///< members per PATCH (Entra's maximum is not documented)
  int concurrency = 8;
  double duration_s = 0;  ///< steady-state GET-by-id phase; 0: none
  double update_share = 0.5;   ///< users updated after the creates (PATCH Replace)
  double disable_share = 0.2;  ///< users disabled (PATCH Replace active "False")
};

/// Where and how to send: the same context as a conformance run (built by the app from the
/// session). The load reads base_url, run_id, profile, variables, make_transport,
/// make_cleanup_transport (the final sweep, which must still work after an abort), curl (when
/// set, the steady phase reads over connections of its own: steady_reader.hpp), authorize,
/// ledger and abort.
using LoadTarget = run::RunContext;

/// Live counters for a progress line (read from another thread).
struct Progress {
  std::atomic<int> phase{0};  ///< index into phase_names()
  std::atomic<std::uint64_t> done{0};   ///< items finished in this phase
  std::atomic<std::uint64_t> total{0};  ///< items in this phase
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> errors{0};
};
const std::vector<std::string>& phase_names();

struct OperationSummary {
  std::string name;  ///< query-user, create-user, update-user, disable-user, query-group, ...
  Histogram latency;
  std::uint64_t errors = 0;
};

/// One second of the run. Each worker keeps its own timeline (about 190 bytes a second), so
/// an hour's run at 8 workers holds about 5 MB of it.
struct Second {
  std::uint32_t requests = 0;
  std::uint32_t errors = 0;
  double max_ms = 0;
  SecondHistogram latency;
};

struct LoadResult {
  LoadOptions options;
  std::string profile;
  std::string target;
  std::string run_id;
  bool groups_enabled = false;
  double wall_ms = 0;
  std::uint64_t requests = 0;
  std::uint64_t successes = 0;  ///< requests answered as Entra expects (2xx, right body)
  double throughput = 0;        ///< successful answers per second over the whole run
  /// Fewest successful answers per second over any full kRateWindowS window; none for a run
  /// shorter than the window.
  std::optional<double> lowest_10s_rate;
  double steady_throughput = 0; ///< successful answers per second of the GET-by-id phase
  std::vector<OperationSummary> operations;  ///< in phase order
  Histogram overall;
  std::map<std::string, std::uint64_t> errors;  ///< "create-user 409", "query-user transport:connect"
  std::vector<Second> timeline;
  int users_created = 0, users_updated = 0, users_disabled = 0;
  int groups_created = 0, memberships = 0;
  int users_deleted = 0, groups_deleted = 0;
  result::Cleanup cleanup;  ///< the final ledger sweep (leftovers: what could not be deleted)
  bool aborted = false;
  std::string fatal;  ///< why the run stopped early (e.g. the profile cannot build a user)
};

LoadResult run_load(const LoadOptions& options, const LoadTarget& target, Progress& progress);

/// The window of the sustained-rate threshold, in seconds.
inline constexpr int kRateWindowS = 10;
/// Successful answers per second the gallery requires.
inline constexpr double kGalleryRate = 25;

/// Fills successes, throughput and lowest_10s_rate from requests, errors (one per failed
/// request), wall_ms and the timeline: only answers Entra would accept count as throughput.
void compute_rates(LoadResult& result);

/// A threshold's outcome. `not_measured`: the run could not show it (shorter than the
/// threshold's window, or nothing to measure); `not_applicable`: it has nothing to judge.
enum class Status { passed, failed, not_measured, not_applicable };

/// "passed", "failed", "not measured", "not applicable" (load.json's `status`).
const char* to_string(Status status);

/// The gallery thresholds and the run's hygiene as checks.
struct Threshold {
  std::string id;
  std::string title;
  Status status = Status::failed;
  std::string expected, actual;
};
std::vector<Threshold> thresholds(const LoadResult& result);

/// Whether any threshold failed (what the run's verdict and exit code follow).
bool any_failed(const std::vector<Threshold>& checks);

}  // namespace scimcheck::loadtest
