#include "run/case_books.hpp"

#include "http/url.hpp"
#include "result/wording.hpp"

namespace scimcheck::run {
namespace {

using suite::Json;

bool is_success(int status) { return status >= 200 && status < 300; }

bool is_mutating(const std::string& method) {
  return method == "PUT" || method == "PATCH" || method == "DELETE";
}

struct Target {
  std::string endpoint;  // "/Users"
  std::string id;        // as the server reads it: the segment percent-decoded
};

/// What a PUT/PATCH/DELETE path reaches, read as the server reads it.
struct PathReach {
  std::optional<Target> resource;  ///< /Users/<id> or /Groups/<id>
  std::string refusal;             ///< non-empty: the path must not be sent
};

PathReach reach_of(const std::string& path, const std::vector<ResourceType>& types) {
  PathReach out;
  const auto segments = http::path_segments(path);
  if (!segments) {
    out.refusal = "its path has a dot segment";
    return out;
  }
  if (segments->empty()) return out;
  const ResourceType* type = type_of_segment(types, segments->front());
  if (!type) return out;  // not a resource collection
  if (segments->size() != 2 || (*segments)[1] == ".search") {
    out.refusal = "it does not name one resource";
    return out;
  }
  out.resource = Target{type->endpoint, (*segments)[1]};
  return out;
}

}  // namespace

std::optional<std::string> CaseBooks::refuse_foreign(const eval::RenderedRequest& r,
                                                     const std::set<std::string>& drawn) const {
  if (!is_mutating(r.method)) return std::nullopt;
  const PathReach reach = reach_of(r.path, types_);
  const std::string refusing = "refusing to send " + r.method + " " + r.path + ": ";
  if (!reach.refusal.empty()) return refusing + reach.refusal;
  if (!reach.resource) return std::nullopt;
  const Target& target = *reach.resource;
  if (ledger_ && ledger_->owns(target.endpoint, target.id)) return std::nullopt;
  if (ledger_ && deleted_here_.count(target.endpoint + "/" + target.id))
    return std::nullopt;  // a second DELETE of our own resource (expects 404)
  if (r.method == "DELETE" && drawn.count(target.id))
    return std::nullopt;  // a GUID this case drew itself: an id no server issued (expects 404)
  return refusing + "this run did not create that resource";
}

/// The type a create's path names; users when it names none.
const ResourceType& CaseBooks::creation_type(const std::string& path) const {
  const auto segments = http::path_segments(path);
  const ResourceType* type =
      segments && !segments->empty() ? type_of_segment(types_, segments->front()) : nullptr;
  return type ? *type : types_.front();
}

PendingCreate CaseBooks::record_pending(const eval::RenderedRequest& r) {
  PendingCreate create;
  const ResourceType& type = creation_type(r.path);
  create.endpoint = type.endpoint;
  create.marker.attribute = type.marker_attribute;
  create.marker.run_id = run_id_;
  if (r.body && r.body->is_object()) {
    const auto it = r.body->find(create.marker.attribute);
    if (it != r.body->end() && it->is_string()) create.marker.value = it->get<std::string>();
  }
  create.seq =
      ledger_->pending(create.endpoint, create.marker.attribute, create.marker.value, case_id_);
  return create;
}

std::optional<result::CheckResult> CaseBooks::record_create(const PendingCreate& create,
                                                            const http::Exchange& exchange,
                                                            http::Transport& transport,
                                                            const Authorize& authorize,
                                                            const std::string& base_url) {
  if (exchange.error) return std::nullopt;  // outcome unknown: stays pending
  if (!is_success(exchange.response.status)) {
    ledger_->not_created(create.seq);
    return std::nullopt;
  }
  const Json body = parse_bounded(exchange.response.body);
  const auto id = body.is_object() ? body.find("id") : body.end();
  if (!body.is_object() || id == body.end()) return std::nullopt;  // stays pending
  if (!id->is_string()) {
    ledger_->unverified(create.seq, id->dump());
    return result::id_not_a_string(id->dump(-1, ' ', false, Json::error_handler_t::replace),
                                   create.marker.attribute);
  }
  const std::string& text = id->get_ref<const std::string&>();
  const ReadBack proof =
      read_back(transport, authorize, base_url, create.endpoint, text, create.marker);
  if (proof.proof == Proof::owned) {
    ledger_->created(create.seq, text);
    return std::nullopt;
  }
  ledger_->unverified(create.seq, text);
  return result::created_not_own({create.endpoint, create.marker.attribute, create.marker.value},
                                 text, proof.detail);
}

void CaseBooks::record_delete(const eval::RenderedRequest& r, const http::Exchange& exchange) {
  if (!ledger_ || r.method != "DELETE" || exchange.error) return;
  if (!is_success(exchange.response.status) && exchange.response.status != 404) return;
  const PathReach reach = reach_of(r.path, types_);
  if (!reach.resource) return;
  const Target& target = *reach.resource;
  if (!ledger_->owns(target.endpoint, target.id)) return;
  ledger_->deleted(target.endpoint, target.id);
  deleted_here_.insert(target.endpoint + "/" + target.id);
}

}  // namespace scimcheck::run
