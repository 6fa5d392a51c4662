#include "run/discovery.hpp"

namespace scimcheck::run {

using result::Outcome;

std::optional<bool> advertised(const suite::Json& config, const std::string& feature) {
  if (!config.is_object() || feature.empty()) return std::nullopt;
  const auto entry = config.find(feature);
  if (entry == config.end() || !entry->is_object()) return std::nullopt;
  const auto supported = entry->find("supported");
  if (supported == entry->end() || !supported->is_boolean()) return std::nullopt;
  return supported->get<bool>();
}

result::CaseResult apply_discovery(const suite::Case& kase, const suite::Json& config,
                                   result::CaseResult result) {
  const std::optional<bool> said = advertised(config, kase.feature);
  if (!said || *said) return result;
  const std::string what = kase.feature + ".supported is false";
  switch (result.outcome) {
    case Outcome::failed:
    case Outcome::warning:
    case Outcome::blocked:
      result.outcome = Outcome::skipped;
      result.reason = "not advertised in /ServiceProviderConfig (" + what + "); not checked";
      result.blocked_by.clear();
      break;
    case Outcome::passed:
      result.outcome = Outcome::warning;
      result.reason = "works, but /ServiceProviderConfig says " + what;
      result.fix = "Set " + kase.feature +
                   ".supported to true in /ServiceProviderConfig: the feature works.";
      break;
    case Outcome::errored:
    case Outcome::skipped:
    case Outcome::not_evaluated:
      break;
  }
  return result;
}

}  // namespace scimcheck::run
