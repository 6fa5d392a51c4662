#pragma once
/// The preflight: before any check, a few read-only requests diagnose the target as Entra's
/// Test Connection meets it (reachable, credentials accepted, the base path right) and read
/// /ServiceProviderConfig and /Schemas once for the run. A target that cannot be tested stops the run with
/// one message saying what is wrong and what to change.
#include <optional>
#include <string>

#include "check/drift.hpp"

#include "http/exchange.hpp"
#include "http/transport.hpp"
#include "result/model.hpp"
#include "run/runner.hpp"
#include "suite/model.hpp"

namespace scimcheck::run {

/// Longest wait for one preflight request, and for its connection, in seconds: an unreachable
/// host is diagnosed in under 5 s.
inline constexpr double kPreflightTimeoutS = 4.5;
inline constexpr double kPreflightConnectTimeoutS = 4;

/// Id of the preflight's suite and of its one case in the results.
inline constexpr const char* kPreflightSuiteId = "preflight";
inline constexpr const char* kPreflightCaseId = "preflight.target";

struct Preflight {
  /// The suite "preflight" with the case "preflight.target": the preflight's exchanges as
  /// its steps (redacted); errored, with the stop message as its reason, when the run stops.
  result::SuiteResult suite;
  std::string stop;         ///< why the run cannot go on (one message); empty: it can
  suite::Json discovery;    ///< /ServiceProviderConfig as read; null when unreadable
  /// /Schemas as read (bounded like every response: size, depth, the preflight's timeout);
  /// nullopt when unreadable, and then `schemas_problem` says why.
  std::optional<check::ServerSchemas> schemas;
  std::string schemas_problem;
};

/// Runs the preflight through `transport` (a short timeout is the caller's): Entra's Test
/// Connection query with the run's credentials, the same query with none (recorded only),
/// GET /ServiceProviderConfig and GET /Schemas. Creates nothing.
Preflight run_preflight(const RunContext& ctx, http::Transport& transport);

/// What a request that got no answer says about the target, and what to change: a DNS, TCP
/// connect, TLS or timeout problem, told apart by the transport error. `target` is the
/// redacted URL shown in the message.
std::string diagnose_unanswered(const http::TransportError& error, const std::string& target);

}  // namespace scimcheck::run
