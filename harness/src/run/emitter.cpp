#include "run/emitter.hpp"

#include <algorithm>

#include "report/reporter.hpp"
#include "result/baseline.hpp"

namespace scimcheck::run {

using result::CaseResult;
using result::Outcome;

bool is_rule(const Slot& slot) { return slot.planned->kase.each_response.has_value(); }

Emitter::Emitter(std::vector<Slot>& slots, result::RunResult& run, report::Reporter& reporter,
                 const result::BaselineMarking* baseline)
    : slots_(slots), run_(run), reporter_(reporter), baseline_(baseline) {
  for (std::size_t i = 0; i < slots_.size(); ++i)
    if (!is_rule(slots_[i])) index_.emplace(slots_[i].planned->kase.id, i);
}

void Emitter::complete(std::size_t index, CaseResult result) {
  std::lock_guard lock(mutex_);
  result.suite = run_.suites[slots_[index].suite].id;
  slots_[index].result = std::move(result);
  if (is_rule(slots_[index])) return;
  waiting_.push_back(index);
  // Emitting one case may make the cases waiting for it ready: repeat until none is.
  for (bool progress = true; progress;) {
    progress = false;
    for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
      if (!ready(*it)) continue;
      const std::size_t next = *it;
      waiting_.erase(it);
      emit(next);
      progress = true;
      break;
    }
  }
}

void Emitter::finish(const RuleBook& rules) {
  std::lock_guard lock(mutex_);
  std::sort(waiting_.begin(), waiting_.end());
  for (std::size_t index : waiting_) emit(index);
  waiting_.clear();
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (!is_rule(slots_[i])) continue;
    CaseResult result = slots_[i].planned->skip_reason.empty()
                            ? rules.result_of(*slots_[i].planned)
                            : *slots_[i].result;
    result.suite = run_.suites[slots_[i].suite].id;
    slots_[i].result = std::move(result);
    emit(i);
  }
  for (bool rules_now : {false, true})
    for (const Slot& slot : slots_)
      if (is_rule(slot) == rules_now && slot.result)
        run_.suites[slot.suite].cases.push_back(*slot.result);
}

/// The slots of the checks a case depends on that are in this run.
std::vector<std::size_t> Emitter::dependencies(std::size_t index) const {
  std::vector<std::size_t> out;
  for (const auto& id : slots_[index].planned->kase.depends_on)
    if (const auto it = index_.find(id); it != index_.end()) out.push_back(it->second);
  return out;
}

bool Emitter::ready(std::size_t index) const {
  if (!slots_[index].result) return false;
  const auto deps = dependencies(index);
  return std::all_of(deps.begin(), deps.end(), [&](std::size_t d) { return slots_[d].emitted; });
}

/// A failed (or warning) case one of whose depends_on checks failed (or was blocked) is
/// blocked by that cause. Its dependencies were emitted first, so their outcomes are final.
void Emitter::resolve(std::size_t index) {
  CaseResult& result = *slots_[index].result;
  if (result.outcome != Outcome::failed && result.outcome != Outcome::warning) return;
  for (std::size_t dep : dependencies(index)) {
    if (!slots_[dep].result) continue;
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

void Emitter::emit(std::size_t index) {
  Slot& slot = slots_[index];
  resolve(index);
  if (baseline_) baseline_->mark(*slot.result);
  slot.emitted = true;
  reporter_.on_case_done(run_.suites[slot.suite], *slot.result);
}

}  // namespace scimcheck::run
