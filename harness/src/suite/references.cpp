#include "suite/references.hpp"

#include <map>

#include "source/diagnostic_render.hpp"

namespace scimcheck::suite {
namespace {

using source::Diagnostic;
using source::Severity;

void unknown(const std::string& what, const std::string& id, const Span& span,
             const std::set<std::string>& ids, source::Diagnostics& out) {
  out.push_back({Severity::error, span, what + " names \"" + id + "\", which is no check's id",
                 source::did_you_mean(id, {ids.begin(), ids.end()})});
}

/// One depends_on entry: it names a check that is not a rule, and its chain ends.
void check_dependency(const Case& c, const std::string& dep, const std::set<std::string>& ids,
                      const std::map<std::string, const Case*>& by_id,
                      source::Diagnostics& diagnostics) {
  if (!ids.count(dep)) {
    unknown("\"depends_on\"", dep, c.span, ids, diagnostics);
    return;
  }
  const auto target = by_id.find(dep);
  if (target != by_id.end() && target->second->each_response)
    diagnostics.push_back({Severity::error, c.span,
                           "\"depends_on\" names a rule over every response (" + dep +
                               "); a response that breaks it already blocks the case",
                           ""});
  // Walk every chain from dep: none may come back to this case.
  std::vector<const Case*> todo;
  std::set<const Case*> seen;
  if (target != by_id.end()) todo.push_back(target->second);
  while (!todo.empty()) {
    const Case* at = todo.back();
    todo.pop_back();
    if (at == &c) {
      diagnostics.push_back(
          {Severity::error, c.span, "\"depends_on\" of \"" + c.id + "\" leads back to itself", ""});
      return;
    }
    if (!seen.insert(at).second) continue;
    for (const auto& next : at->depends_on)
      if (const auto it = by_id.find(next); it != by_id.end()) todo.push_back(it->second);
  }
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
      for (const auto& dep : c.depends_on) check_dependency(c, dep, ids, by_id, diagnostics);
    }
  }
}

}  // namespace scimcheck::suite
