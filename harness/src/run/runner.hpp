#pragma once
/// The runner: walks the plan, renders each step's request, sends it, records the redacted
/// exchange, takes captures, evaluates expectations, and deletes what each case created.
/// It never formats text: results go to the result model and events to the reporter.
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "http/transport.hpp"
#include "plan/plan.hpp"
#include "result/model.hpp"
#include "run/ledger.hpp"
#include "suite/model.hpp"

namespace scimcheck::check {
class SchemaRegistry;
}
namespace scimcheck::report {
class Reporter;
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
  /// Entra gives up on a response after 60 s: any slower exchange fails its step.
  double max_response_ms = 60000;
};

/// Runs every case of the plan: up to `jobs` at once, each case's steps in order, results
/// and reporter events in plan order whatever the timing. Fills RunResult::suites and
/// ::cleanup; header fields (ids, times, target) are the caller's.
void run_plan(const plan::Plan& plan, RunContext& ctx, result::RunResult& run,
              report::Reporter& reporter);

/// Deletes what the ledger still holds (newest first); used at the end of a run and by
/// `scimcheck cleanup`. Pending creates are found by their marker when it carries the run id.
result::Cleanup delete_outstanding(Ledger& ledger, const std::string& base_url,
                                   http::Transport& transport,
                                   const std::function<std::optional<std::string>(http::Request&)>& authorize,
                                   const std::string& case_id = {});

}  // namespace scimcheck::run
