#pragma once
/// Hands the result of each of a run's cases to the reporter as soon as it is known, and
/// files every result in plan order in RunResult::suites at the end. It applies depends_on: a
/// case that failed because a check it relies on failed is reported as blocked by that check,
/// so a case waits for the checks it depends on before it is reported. Then, when there is a
/// baseline, it marks the case against it: each result is marked once, as it is emitted.
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "plan/plan.hpp"
#include "result/model.hpp"
#include "run/rules.hpp"

namespace scimcheck::report {
class Reporter;
}
namespace scimcheck::result {
class BaselineMarking;
}

namespace scimcheck::run {

/// One case of the plan and, once done, its result.
struct Slot {
  std::size_t suite = 0;  ///< index into RunResult::suites
  const plan::PlannedCase* planned = nullptr;
  std::optional<result::CaseResult> result;
  bool emitted = false;  ///< handed to the reporter
};

/// A rule over every response (each_response): it completes only when the run does.
bool is_rule(const Slot& slot);

/// Emits a case as soon as it is done and every depends_on check of it has been emitted; the
/// rules come last, once every case is done. Thread-safe.
class Emitter {
 public:
  /// `baseline` may be null (no baseline).
  Emitter(std::vector<Slot>& slots, result::RunResult& run, report::Reporter& reporter,
          const result::BaselineMarking* baseline = nullptr);

  /// Records the result of slots[index] and emits every case that is now ready.
  void complete(std::size_t index, result::CaseResult result);

  /// Emits what still waits (the cases of a depends_on cycle, which lint refuses), then the
  /// rules, whose results are complete only now, and files every result in
  /// RunResult::suites: in each suite its cases in plan order, then its rules.
  void finish(const RuleBook& rules);

 private:
  std::vector<std::size_t> dependencies(std::size_t index) const;
  bool ready(std::size_t index) const;
  void resolve(std::size_t index);
  void emit(std::size_t index);

  std::vector<Slot>& slots_;
  result::RunResult& run_;
  report::Reporter& reporter_;
  const result::BaselineMarking* baseline_;
  std::mutex mutex_;
  std::map<std::string, std::size_t> index_;
  std::vector<std::size_t> waiting_;  ///< done, not yet emitted: a dependency is not
};

}  // namespace scimcheck::run
