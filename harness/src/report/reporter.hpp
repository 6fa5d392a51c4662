#pragma once
/// Events the runner sends while a run progresses.
#include <cstdint>
#include <string_view>

#include "result/model.hpp"

namespace scimcheck::report {

/// Told of each case as soon as its result is known (and the checks it depends on are
/// reported), in the order cases finish; called from one thread at a time.
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void on_run_start(const result::RunResult& run) { (void)run; }
  virtual void on_case_done(const result::SuiteResult& suite, const result::CaseResult& kase) = 0;
  virtual void on_run_done(const result::RunResult& run) { (void)run; }
};

/// Ignores every event (for tests and `list`).
class NullReporter : public Reporter {
 public:
  void on_case_done(const result::SuiteResult&, const result::CaseResult&) override {}
};

/// Told of every request a check sends, as it leaves and once it is answered (or failed), for
/// live progress. Called from several worker threads at once. `path` is the URL's path only,
/// already redacted; it may hold anything a server sent back (an id).
class RequestWatcher {
 public:
  virtual ~RequestWatcher() = default;
  /// `id` names the request until on_request_done(id).
  virtual void on_request_sent(std::uint64_t id, std::string_view method,
                               std::string_view path) = 0;
  virtual void on_request_done(std::uint64_t id) = 0;
};

}  // namespace scimcheck::report
