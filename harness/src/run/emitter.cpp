#include "run/emitter.hpp"

#include "report/reporter.hpp"

namespace scimcheck::run {

using result::CaseResult;
using result::Outcome;

bool is_rule(const Slot& slot) { return slot.planned->kase.each_response.has_value(); }

OrderedEmitter::OrderedEmitter(std::vector<Slot>& slots, result::RunResult& run,
                               report::Reporter& reporter)
    : slots_(slots), run_(run), reporter_(reporter) {
  for (std::size_t i = 0; i < slots_.size(); ++i)
    if (!is_rule(slots_[i])) index_.emplace(slots_[i].planned->kase.id, i);
}

void OrderedEmitter::complete(std::size_t index, CaseResult result) {
  std::lock_guard lock(mutex_);
  result.suite = run_.suites[slots_[index].suite].id;
  slots_[index].result = std::move(result);
  while (next_ < slots_.size() && ready(next_)) {
    if (!is_rule(slots_[next_])) emit(next_);
    ++next_;
  }
}

void OrderedEmitter::finish_rules(const RuleBook& rules) {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (!is_rule(slots_[i])) continue;
    CaseResult result = slots_[i].planned->skip_reason.empty()
                            ? rules.result_of(*slots_[i].planned)
                            : *slots_[i].result;
    result.suite = run_.suites[slots_[i].suite].id;
    slots_[i].result = std::move(result);
    emit(i);
  }
}

/// The slots of the checks a case depends on that are in this run.
std::vector<std::size_t> OrderedEmitter::dependencies(std::size_t index) const {
  std::vector<std::size_t> out;
  for (const auto& id : slots_[index].planned->kase.depends_on)
    if (const auto it = index_.find(id); it != index_.end()) out.push_back(it->second);
  return out;
}

bool OrderedEmitter::ready(std::size_t index) const {
  if (is_rule(slots_[index])) return true;
  if (!slots_[index].result) return false;
  for (std::size_t dep : dependencies(index))
    if (!slots_[dep].result) return false;
  return true;
}

/// A failed (or warning) case one of whose depends_on checks failed (or was blocked) is
/// blocked by that cause. Lint refuses depends_on cycles; the depth bound holds regardless.
void OrderedEmitter::resolve(std::size_t index, int depth) {
  if (!resolved_.insert(index).second || depth > 8) return;
  CaseResult& result = *slots_[index].result;
  if (result.outcome != Outcome::failed && result.outcome != Outcome::warning) return;
  for (std::size_t dep : dependencies(index)) {
    if (!slots_[dep].result) continue;
    resolve(dep, depth + 1);
    const CaseResult& cause = *slots_[dep].result;
    if (cause.outcome != Outcome::failed && cause.outcome != Outcome::blocked) continue;
    result.outcome = Outcome::blocked;
    result.blocked_by = cause.outcome == Outcome::blocked ? cause.blocked_by : cause.id;
    result.reason = "relies on " + cause.id + ", which " +
                    (cause.outcome == Outcome::blocked ? "was blocked" : "failed") + ": " +
                    cause.reason;
    return;
  }
}

void OrderedEmitter::emit(std::size_t index) {
  Slot& slot = slots_[index];
  resolve(index);
  auto& suite = run_.suites[slot.suite];
  suite.cases.push_back(*slot.result);
  reporter_.on_case_done(suite, suite.cases.back());
}

}  // namespace scimcheck::run
