#pragma once
/// Discovery-gated checks: a case that exercises an optional feature of RFC 7644 (its
/// suite field "feature") is judged against what /ServiceProviderConfig, read by the
/// preflight, says of that feature.
#include <optional>
#include <string>

#include "result/model.hpp"
#include "suite/model.hpp"

namespace scimcheck::run {

/// What the ServiceProviderConfig says of `feature` ("etag", "sort", ...): the boolean
/// `<feature>.supported`; nullopt when the document is null or does not say.
std::optional<bool> advertised(const suite::Json& config, const std::string& feature);

/// Adjusts the finished result of a case with a `feature`: not advertised and not working
/// (failed, warning, blocked) -> skipped, saying so; advertised -> unchanged; working but not
/// advertised -> warning. Unchanged when the case has no feature or the config is unknown.
result::CaseResult apply_discovery(const suite::Case& kase, const suite::Json& config,
                                   result::CaseResult result);

}  // namespace scimcheck::run
