#pragma once
/// Evaluating one expectation of a suite against one exchange.
#include "check/schema_registry.hpp"
#include "eval/scope.hpp"
#include "http/exchange.hpp"
#include "result/model.hpp"
#include "suite/model.hpp"

namespace scimcheck::check {

/// The outcome is passed, or on failure `failed` (MUST) or `warning` (SHOULD or MAY, from the
/// expectation's level or else the case's), or `errored` when the expectation itself cannot
/// be evaluated (a template names nothing set). expected/actual are short human texts.
result::CheckResult evaluate(const suite::Expectation& expectation, const http::Exchange& exchange,
                             eval::Scope& scope, const SchemaRegistry& schemas,
                             suite::Level case_level);

/// A short description of an expectation ("status is 201", "path userName equals ...").
std::string describe(const suite::Expectation& expectation);

}  // namespace scimcheck::check
