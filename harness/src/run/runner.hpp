#pragma once
/// The runner: walks the plan, renders each step's request, sends it, records the redacted
/// exchange, takes captures, evaluates expectations, and deletes what each case created
/// (run/case_books.hpp keeps its ledger books, run/sweep.hpp deletes). It writes no report
/// text: results go to the result model (the runner's own checks and stop reasons are worded
/// by result/wording.hpp) and events to the reporter.
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "check/drift.hpp"
#include "http/curl_transport.hpp"
#include "http/transport.hpp"
#include "plan/plan.hpp"
#include "result/model.hpp"
#include "run/ledger.hpp"
#include "run/ownership.hpp"
#include "run/sweep.hpp"
#include "suite/model.hpp"

namespace scimcheck::check {
class SchemaRegistry;
}
namespace scimcheck::report {
class Reporter;
class RequestWatcher;
}
namespace scimcheck::result {
class BaselineMarking;
}

namespace scimcheck::run {

struct RunContext {
  std::string run_id;
  std::string base_url;  ///< as given: may carry a path and a query string
  const suite::Profile* profile = nullptr;
  suite::Json variables = suite::Json::object();  ///< profile variables after --var
  suite::EntraMode mode = suite::EntraMode::flag_off;
  /// Makes one transport per worker (a transport is used by one thread at a time).
  std::function<std::unique_ptr<http::Transport>()> make_transport;
  /// Makes the transport of the final cleanup, which must still work after an abort (the
  /// workers' transports stop at once); make_transport when unset.
  std::function<std::unique_ptr<http::Transport>()> make_cleanup_transport;
  /// The libcurl settings of make_transport's transports, for a caller that drives libcurl
  /// itself (the load's steady phase); unset when those transports do more per request than
  /// libcurl's (a pacing rate) or are not libcurl's (tests).
  std::optional<http::CurlOptions> curl;
  int jobs = 1;  ///< cases run concurrently; `exclusive` cases always run alone
  /// Adds credentials to a request; returns an error message when it cannot.
  std::function<std::optional<std::string>(http::Request&)> authorize;
  /// Masks secrets in an exchange before it is stored.
  std::function<void(http::Exchange&)> redact;
  std::function<std::string(const std::string&)> redact_text;
  Ledger* ledger = nullptr;
  const check::SchemaRegistry* schemas = nullptr;
  std::atomic<bool>* abort = nullptr;  ///< set by SIGINT/SIGTERM
  std::atomic<std::uint64_t>* counter = nullptr;  ///< run-wide counter for {{unique}}
  /// Entra gives up on a response after 60 s: a time limit written in a rule over every
  /// response (each_response, max_ms) is lowered to this when it is smaller.
  double max_response_ms = 60000;
  /// The run stops after this many requests in a row (over all workers) got no answer at
  /// all; RunResult::aborted and ::abort_reason then say so. 0: never.
  int max_unanswered = kMaxUnanswered;
  /// Told of every request of a check as it is sent and answered (live progress); may be null.
  report::RequestWatcher* watcher = nullptr;
  /// After the first check that failed or errored (or warned, when strict), start no other:
  /// the rest are skipped as "not run: --fail-fast stopped the run after <id>". The cleanup
  /// still deletes everything created.
  bool fail_fast = false;
  bool strict = false;  ///< warnings count as failures (for fail_fast)
  /// The baseline of known failures (--baseline) as of the run's day: each case is marked
  /// against it as it completes, before the reporter sees it, and a failure it accepts does
  /// not stop a fail_fast run. Null: no baseline.
  const result::BaselineMarking* baseline = nullptr;
  /// /ServiceProviderConfig as the preflight read it; null when unread or unreadable. Cases
  /// with a `feature` are judged against it (run/discovery.hpp).
  suite::Json discovery;
  /// The server's own /Schemas as the preflight read it: responses are held to it (the
  /// schema-drift rule, check/drift.hpp). nullopt when unread or unusable, and then
  /// server_schemas_problem says why.
  std::optional<check::ServerSchemas> server_schemas;
  std::string server_schemas_problem = "the preflight did not read /Schemas";
};

/// Runs every case of the plan: up to `jobs` at once, each case's steps in order. Each case
/// reaches the reporter as soon as it and the checks it depends on are done; RunResult::suites
/// holds the results in plan order whatever the timing. Fills RunResult::suites, ::deselected
/// and ::cleanup, and ::aborted with ::abort_reason when the target stopped answering (see
/// RunContext::max_unanswered); other header fields (ids, times, target) are the caller's.
void run_plan(const plan::Plan& plan, RunContext& ctx, result::RunResult& run,
              report::Reporter& reporter);

}  // namespace scimcheck::run
