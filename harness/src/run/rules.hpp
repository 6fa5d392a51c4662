#pragma once
/// Rules that hold for every response of a kind (cases with `each_response`): the media type,
/// a body that parses, the Error schema, the shape of resources and lists, Entra's time limit.
/// Each is one check over all of the run's exchanges: every exchange it matches is examined
/// as it arrives, the offending ones become its evidence, and a step whose response breaks a
/// blocking rule goes no further (its case is blocked by the rule, not failed).
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <mutex>
#include <string>
#include <vector>

#include "http/exchange.hpp"
#include "plan/plan.hpp"
#include "run/drift.hpp"
#include "result/model.hpp"

namespace scimcheck::check {
class SchemaRegistry;
}

namespace scimcheck::run {

/// Most offending exchanges a rule keeps as evidence; the others are counted.
inline constexpr std::size_t kMaxRuleEvidence = 20;

/// Where an exchange came from: the case (by its place in the plan) and the step.
struct ExchangeOrigin {
  std::size_t order = 0;  ///< the case's place in the plan
  std::string case_id;
  std::string step;
  std::string method;
  std::string path;  ///< the request path relative to the base URL
};

class RuleBook {
 public:
  /// The rules among the plan's cases that are not skipped. A time limit written in a rule
  /// is lowered to max_response_ms when that is smaller.
  /// `declared`: the server's own /Schemas for the schema-drift rule (an expectation
  /// `{"schema": "server"}`), nullopt when unread, and then `declared_problem` says why.
  RuleBook(const plan::Plan& plan, const check::SchemaRegistry& schemas, double max_response_ms,
           const std::function<std::string(const std::string&)>& redact_text,
           std::optional<check::ServerSchemas> declared = std::nullopt,
           std::string declared_problem = "the server's /Schemas was not read");

  /// Examines one exchange (as received) against every rule it matches, keeping `evidence`
  /// (redacted) for each rule it breaks. Returns the id of the first blocking rule it
  /// breaks, or "" when none, and then in `why` what that rule found. A request that got no
  /// answer within the timeout breaks the time-limit rule, which then blocks.
  std::string examine(const ExchangeOrigin& origin, const http::Exchange& exchange,
                      const http::Exchange& evidence, std::string* why = nullptr);

  /// The finished result of a rule: failed (or warning) with every offending exchange in its
  /// evidence, passed, or skipped when no response of its kind came back.
  result::CaseResult result_of(const plan::PlannedCase& planned) const;

 private:
  struct Rule {
    const plan::PlannedCase* planned = nullptr;
    suite::EachResponse spec;  ///< with the time limit lowered
    bool drift = false;        ///< the schema-drift rule: judged by drift_, not expectations
  };
  struct Hit {
    ExchangeOrigin origin;
    std::size_t seq = 0;
    result::StepResult step;  ///< evidence, with the failed expectations
  };
  struct Tally {
    int examined = 0;
    int offending = 0;
    std::vector<Hit> hits;
  };

  static bool applies(const suite::EachResponse& spec, const ExchangeOrigin& origin,
                      const http::Exchange& exchange);
  void record(const Rule& rule, const ExchangeOrigin& origin, const http::Exchange& evidence,
              std::vector<result::CheckResult> failed);

  std::vector<Rule> rules_;
  const check::SchemaRegistry& schemas_;
  std::function<std::string(const std::string&)> redact_text_;
  std::string time_rule_;
  DriftBook drift_;
  mutable std::mutex mutex_;
  std::map<std::string, Tally> tallies_;
  std::size_t seq_ = 0;
};

}  // namespace scimcheck::run
