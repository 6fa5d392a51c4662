#include "suite/references.hpp"

#include <map>

#include "source/render.hpp"

namespace scimcheck::suite {
namespace {

using source::Diagnostic;
using source::Severity;

void unknown(const std::string& what, const std::string& id, const Span& span,
             const std::set<std::string>& ids, source::Diagnostics& out) {
  out.push_back({Severity::error, span, what + " names \"" + id + "\", which is no check's id",
                 source::did_you_mean(id, {ids.begin(), ids.end()})});
}

}  // namespace

void check_references(const std::vector<Suite>& suites, const std::set<std::string>& known,
                      source::Diagnostics& diagnostics) {
  std::set<std::string> ids = known;
  std::map<std::string, const Case*> by_id;
  for (const auto& s : suites) {
    for (const auto& c : s.cases) {
      ids.insert(c.id);
      if (!c.for_each) by_id.emplace(c.id, &c);
    }
  }
  for (const auto& s : suites) {
    for (const auto& c : s.cases) {
      bool subject = c.steps.empty();
      for (const auto& step : c.steps) {
        subject = subject || step.setup.empty();
        if (step.setup.empty()) continue;
        if (step.setup == c.id)
          diagnostics.push_back({Severity::error, step.span,
                                 "a setup step names the check it belongs to; leave \"setup\" out "
                                 "of the steps this check tests",
                                 ""});
        else if (!ids.count(step.setup))
          unknown("\"setup\"", step.setup, step.span, ids, diagnostics);
      }
      if (!subject)
        diagnostics.push_back({Severity::error, c.span,
                               "every step of \"" + c.id +
                                   "\" is a setup step: the step the check tests has no \"setup\"",
                               ""});
      if (c.depends_on.empty()) continue;
      if (!ids.count(c.depends_on)) {
        unknown("\"depends_on\"", c.depends_on, c.span, ids, diagnostics);
        continue;
      }
      // Follow the chain: it must end, not come back to this case.
      const Case* at = &c;
      for (std::size_t hops = 0; at && !at->depends_on.empty() && hops <= by_id.size(); ++hops) {
        const auto next = by_id.find(at->depends_on);
        at = next == by_id.end() ? nullptr : next->second;
        if (at == &c) {
          diagnostics.push_back({Severity::error, c.span,
                                 "\"depends_on\" of \"" + c.id + "\" leads back to itself", ""});
          break;
        }
      }
      const auto target = by_id.find(c.depends_on);
      if (target != by_id.end() && target->second->each_response)
        diagnostics.push_back({Severity::error, c.span,
                               "\"depends_on\" names a rule over every response (" + c.depends_on +
                                   "); a response that breaks it already blocks the case",
                               ""});
    }
  }
}

}  // namespace scimcheck::suite
