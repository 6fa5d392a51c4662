#pragma once
/// Evaluating one expectation of a suite against one exchange.
#include <optional>
#include <string>
#include <string_view>

#include "check/schema_registry.hpp"
#include "eval/scope.hpp"
#include "http/exchange.hpp"
#include "result/model.hpp"
#include "suite/model.hpp"

namespace scimcheck::check {

/// One response as the checks of a step read it: the body parsed at most once (by
/// http::parse_body, so bounded in depth and size; on first use, so a step that checks only
/// its status parses nothing), headers looked up case-insensitively. Build one per step and
/// hand it to every evaluate() of that step; it refers to the exchange, which must outlive it.
/// Not for sharing between threads.
class ResponseView {
 public:
  explicit ResponseView(const http::Exchange& exchange) : exchange_(exchange) {}

  const http::Exchange& exchange() const { return exchange_; }
  int status() const { return exchange_.response.status; }
  /// The body as sent.
  const std::string& text() const { return exchange_.response.body; }
  /// The value of a header, whatever the case of its name; nullptr when absent.
  const std::string* header(std::string_view name) const;
  /// The body as JSON; nullopt when it is not JSON or breaks http::parse_body's bounds.
  const std::optional<suite::Json>& json() const;
  /// The body as a JSON object; nullptr for anything else.
  const suite::Json* object() const;

 private:
  const http::Exchange& exchange_;
  mutable std::optional<std::optional<suite::Json>> json_;  ///< outer: parsed yet?
};

/// The outcome is passed, or on failure `failed` (MUST) or `warning` (SHOULD or MAY, from the
/// expectation's level or else the case's), or `errored` when the expectation itself cannot
/// be evaluated (a template names nothing set). expected/actual are short human texts.
result::CheckResult evaluate(const suite::Expectation& expectation, const ResponseView& response,
                             eval::Scope& scope, const SchemaRegistry& schemas,
                             suite::Level case_level);

/// evaluate() on a view of its own: for one expectation alone (a step's several share one).
result::CheckResult evaluate(const suite::Expectation& expectation, const http::Exchange& exchange,
                             eval::Scope& scope, const SchemaRegistry& schemas,
                             suite::Level case_level);

/// A short description of an expectation ("status is 201", "path userName equals ...").
std::string describe(const suite::Expectation& expectation);

}  // namespace scimcheck::check
