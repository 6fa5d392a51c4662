#pragma once
/// The schema-drift rule: every User and Group in the run's successful responses, held to
/// the server's own /Schemas (check/drift.hpp). One check over all exchanges, one finding
/// per root cause: the same attribute drifting the same way in 40 responses is one finding,
/// with its count and the first exchange (in plan order) as evidence.
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "check/drift.hpp"
#include "http/exchange.hpp"
#include "result/model.hpp"
#include "suite/model.hpp"

namespace scimcheck::run {

struct ExchangeOrigin;

/// The schema name an each_response expectation gives to ask for the schema-drift rule:
/// `{"schema": "server"}`, the server's own /Schemas.
inline constexpr const char* kServerSchemaName = "server";

/// Most resources whose last answer is remembered (to judge the readOnly values a PUT or PATCH
/// sends against what the server returned before), and the largest answer remembered; a
/// resource past either is not judged so (at most 32 MiB kept).
inline constexpr std::size_t kMaxRememberedResources = 1024;
inline constexpr std::size_t kMaxRememberedBytes = 32 * 1024;

/// Most distinct findings kept; the others are counted.
inline constexpr std::size_t kMaxDriftFindings = 40;

class DriftBook {
 public:
  /// `declared`: the server's /Schemas; nullopt when unread, and `problem` says why (the
  /// rule is then skipped with that reason).
  DriftBook(std::optional<check::ServerSchemas> declared, std::string problem,
            std::function<std::string(const std::string&)> redact_text);

  /// Judges the resources of one response. `evidence` is the exchange as stored (redacted).
  /// A POST, PUT or PATCH answered with one resource is also judged for readOnly values taken
  /// from its request (check::read_only_taken); a PUT or PATCH only when an earlier answer
  /// showed the resource, whose values are then no evidence.
  void examine(const ExchangeOrigin& origin, const http::Exchange& exchange,
               const http::Exchange& evidence);

  /// The finished result for the rule's case: one step per finding (the attribute, what
  /// /Schemas declares, the value seen, how many responses), failed when a finding is a MUST
  /// (returned never), warning otherwise; passed with none; skipped when /Schemas was not
  /// read or no resource came back.
  result::CaseResult result_of(const suite::Case& kase) const;

 private:
  struct Finding {
    check::Drift drift;
    int responses = 0;
    std::size_t order = 0;  ///< the plan order of the example
    std::size_t seq = 0;
    result::StepResult step;  ///< the example's evidence
  };

  /// The readOnly drift of one exchange answered with `resource`; remembers the resource.
  /// Called with mutex_ held.
  std::vector<check::Drift> read_only_taken(const http::Exchange& exchange,
                                            const nlohmann::json& resource);
  /// Adds one occurrence of a finding. Called with mutex_ held.
  void record(const std::string& key, const check::Drift& d, const ExchangeOrigin& origin,
              const http::Exchange& evidence);

  std::optional<check::ServerSchemas> declared_;
  std::string problem_;
  std::function<std::string(const std::string&)> redact_text_;
  mutable std::mutex mutex_;
  std::map<std::string, Finding> findings_;  ///< by kind and lower-cased attribute
  int examined_ = 0;    ///< responses holding at least one User or Group judged
  int offending_ = 0;   ///< of those, responses with a finding
  int unkept_ = 0;      ///< occurrences of findings past kMaxDriftFindings
  std::size_t seq_ = 0;
  std::map<std::string, nlohmann::json> seen_;  ///< the last answer per resource id
};

}  // namespace scimcheck::run
