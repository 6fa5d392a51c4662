#pragma once
/// Captures: values taken from a response into the scope for later steps.
#include <vector>

#include "eval/scope.hpp"
#include "http/exchange.hpp"
#include "suite/model.hpp"

namespace scimcheck::eval {

/// Body captures take the first value at the SCIM path of the JSON body; header captures
/// the header value; status captures the status code. Captures that find nothing are
/// removed from the scope, so using them later is an error that names them.
void apply_captures(const std::vector<suite::Capture>& captures, const http::Exchange& exchange,
                    Scope& scope);

}  // namespace scimcheck::eval
