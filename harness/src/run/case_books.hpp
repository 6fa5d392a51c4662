#pragma once
/// The ledger books of one case: which resources its requests may modify or delete, and what
/// it creates and deletes, so that the run only ever touches what it proved its own and the
/// cleanup finds everything it made.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "eval/template_render.hpp"
#include "http/transport.hpp"
#include "result/model.hpp"
#include "run/ledger.hpp"
#include "run/ownership.hpp"
#include "run/resources.hpp"

namespace scimcheck::run {

/// A create sent and not yet answered: its ledger entry and the marker it carries.
struct PendingCreate {
  int seq = 0;
  std::string endpoint;
  Marker marker;
};

class CaseBooks {
 public:
  /// `ledger` may be null: nothing is recorded, and a request is refused only for its path.
  CaseBooks(Ledger* ledger, const std::vector<ResourceType>& types, std::string run_id,
            std::string case_id)
      : ledger_(ledger), types_(types), run_id_(std::move(run_id)),
        case_id_(std::move(case_id)) {}

  /// Why a request must not be sent; nullopt when it may. PUT/PATCH/DELETE only ever go to
  /// resources this run created and proved its own (the ledger holds only those), read from
  /// the path as the server reads it; a DELETE may also name an id in `drawn` (a GUID the case
  /// drew itself, which no server issued).
  std::optional<std::string> refuse_foreign(const eval::RenderedRequest& request,
                                            const std::set<std::string>& drawn) const;

  /// Enters a create about to be sent in the ledger (which must be set), with the marker its
  /// body carries.
  PendingCreate record_pending(const eval::RenderedRequest& request);

  /// Records the create's outcome. A created resource is the run's own only when its id
  /// reads back (GET through `transport`) with the marker the run sent; otherwise the
  /// returned check fails and the id is never touched (the final sweep looks the resource up
  /// by its marker instead).
  std::optional<result::CheckResult> record_create(const PendingCreate& create,
                                                   const http::Exchange& exchange,
                                                   http::Transport& transport,
                                                   const Authorize& authorize,
                                                   const std::string& base_url);

  /// Records a DELETE of one of the run's resources that the server answered with success
  /// or 404.
  void record_delete(const eval::RenderedRequest& request, const http::Exchange& exchange);

 private:
  const ResourceType& creation_type(const std::string& path) const;

  Ledger* ledger_;
  const std::vector<ResourceType>& types_;
  const std::string run_id_;
  const std::string case_id_;
  std::set<std::string> deleted_here_;  ///< "/Users/<id>" deleted by this case
};

}  // namespace scimcheck::run
