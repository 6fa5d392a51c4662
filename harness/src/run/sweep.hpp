#pragma once
/// The cleanup sweep: deletes what the ledger still holds, proving each resource the run's own
/// before it deletes it. Used after each case, at the end of a run, by `scimcheck cleanup` and
/// by the load test.
#include <string>

#include "http/transport.hpp"
#include "result/model.hpp"
#include "run/ledger.hpp"
#include "run/ownership.hpp"

namespace scimcheck::run {

/// Requests in a row with no answer at all (timeouts, connection failures) after which a run,
/// or a cleanup, stops.
inline constexpr int kMaxUnanswered = 3;

/// Deletes what the ledger still holds (newest first); with a case_id, only what that case
/// created. Each id is read back first and deleted only when it carries the run's marker;
/// pending and unverified creates are found by their marker when it carries the run id. After
/// max_unanswered requests in a row got no answer it stops, and lists what it did not try.
/// Every resource not deleted is listed in Cleanup::leftovers.
result::Cleanup delete_outstanding(Ledger& ledger, const std::string& base_url,
                                   http::Transport& transport, const Authorize& authorize,
                                   const std::string& case_id = {},
                                   int max_unanswered = kMaxUnanswered);

}  // namespace scimcheck::run
