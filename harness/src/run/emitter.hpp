#pragma once
/// Hands the results of a run's cases to the reporter in plan order, whatever the order they
/// finish in, and applies depends_on: a case that failed because a check it relies on failed
/// is reported as blocked by that check.
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "plan/plan.hpp"
#include "result/model.hpp"
#include "run/rules.hpp"

namespace scimcheck::report {
class Reporter;
}

namespace scimcheck::run {

/// One case of the plan and, once done, its result.
struct Slot {
  std::size_t suite = 0;  ///< index into RunResult::suites
  const plan::PlannedCase* planned = nullptr;
  std::optional<result::CaseResult> result;
};

/// A rule over every response (each_response): it completes only when the run does.
bool is_rule(const Slot& slot);

/// Emits a case as soon as every earlier case is done, and its depends_on checks too; the
/// rules come last, once every case is done. Thread-safe.
class OrderedEmitter {
 public:
  OrderedEmitter(std::vector<Slot>& slots, result::RunResult& run, report::Reporter& reporter);

  /// Records the result of slots[index] and emits every case that is now ready.
  void complete(std::size_t index, result::CaseResult result);

  /// Emits the rules, whose results are complete only now.
  void finish_rules(const RuleBook& rules);

 private:
  std::vector<std::size_t> dependencies(std::size_t index) const;
  bool ready(std::size_t index) const;
  void resolve(std::size_t index, int depth = 0);
  void emit(std::size_t index);

  std::vector<Slot>& slots_;
  result::RunResult& run_;
  report::Reporter& reporter_;
  std::mutex mutex_;
  std::size_t next_ = 0;
  std::map<std::string, std::size_t> index_;
  std::set<std::size_t> resolved_;
};

}  // namespace scimcheck::run
