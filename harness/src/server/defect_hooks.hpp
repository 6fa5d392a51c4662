#pragma once
/// Where the defects act: the reference server's correct code calls these hooks at named
/// points and never tests a defect itself. Each defect is applied in one hook (the comment
/// of each hook names its defects; delete-nonexistent-204 also remembers, in the write hook,
/// the ids deleted); with no defect on, every hook leaves its argument as it is. Three
/// groups: how a request is read (request in), what is stored (stored resource), and what is
/// answered (response out); two hooks decide instead of transforming (whether a filter
/// matches, whether credentials pass), because those defects change a judgement that no
/// transformation of the input or the output can express.
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scim/error.hpp"
#include "scim/filter.hpp"
#include "scim/patch.hpp"
#include "server/app_rules.hpp"
#include "server/credentials.hpp"
#include "server/defects.hpp"
#include "server/list_query.hpp"
#include "server/message.hpp"

namespace scimcheck::server {

/// A write about to change the store: the stored-resource hook may change its content,
/// cancel it or change the status it answers with.
struct Write {
  enum class Action { create, replace, patch, remove };
  Action action = Action::create;
  scim::ResourceKind kind = scim::ResourceKind::user;
  std::string id;                            ///< "" for a create
  const nlohmann::json* sent = nullptr;      ///< create, patch: the request body as parsed
  const nlohmann::json* previous = nullptr;  ///< the stored resource (not for create)
  nlohmann::json* content = nullptr;         ///< what will be stored (not for remove)
  bool apply = true;                         ///< false: answered as done, but not made
  int status = 200;                          ///< the success status; 204 answers no body
};

/// The outcome of the PATCH-operations hook.
struct PatchEdit {
  std::optional<scim::ScimError> refusal;  ///< the PATCH is refused with this
  bool nothing_to_apply = false;           ///< every operation was dropped: a no-op success
};

class DefectHooks {
 public:
  /// `slow_ms`: the delay of the slow defect.
  DefectHooks(DefectSet defects, int slow_ms);

  // ---- request in ----

  /// How PATCH bodies are read: patch-capitalised-op-refused, patch-string-boolean-refused,
  /// patch-filtered-add-refused.
  scim::PatchOptions patch_options() const;
  /// The app's user rules: names-optional, domain-unchecked.
  AppRules app_rules(AppRules rules) const;
  /// A request once its endpoint is known: a refusal, or nothing after possibly changing the
  /// request or its target. search-unsupported, no-service-provider-config,
  /// schemas-endpoint-missing, discovery-by-id-returns-list, etag-ignored.
  std::optional<scim::ScimError> request(HttpRequest& request, Target& target) const;
  /// A PATCH's Operations array once its target is found: null-update-ignored,
  /// patch-same-attribute-first-only, manager-remove-ignored, patch-unknown-op-accepted,
  /// member-add-first-only, patch-dotted-keys-refused.
  PatchEdit patch_operations(nlohmann::json& operations) const;
  /// A list request's parsed filter: invalid-filter-accepted, filter-ignored,
  /// filter-and-ignores-second.
  void filter(ParsedFilter& filter) const;
  /// The page a list request gets: start-index-zero, pagination-ignores-start-index,
  /// count-ignored.
  void paging(Paging& page, const ListQuery& query) const;

  // ---- stored resource ----

  /// A write before it is made (after its validation, before the uniqueness check):
  /// create-returns-200, readonly-from-request, put-ignored, patch-drops-other-attributes,
  /// member-remove-all, patch-ignored, patch-active-ignored, name-parts-dropped,
  /// delete-leaves-resource, delete-returns-200, delete-nonexistent-204 (which remembers
  /// the ids deleted).
  void store(Write& write) const;
  /// The names other resources hold that equal a new unique name ignoring case; a clash
  /// refuses the write with 409: duplicate-accepted, group-duplicate-accepted,
  /// duplicate-case-sensitive.
  void clashes(scim::ResourceKind kind, const std::string& wanted,
               std::vector<std::string>& held) const;

  // ---- response out ----

  /// A request for an id that is not stored: the error it gets, or an answer instead:
  /// unknown-id-400, delete-nonexistent-204.
  std::optional<HttpResponse> missing(const HttpRequest& request, scim::ResourceKind kind,
                                      const std::string& id, scim::ScimError& error) const;
  /// The attributes a response shows: attributes-ignored, members-not-excluded.
  void selection(Selection& selection) const;
  /// A resource as a response carries it (after projection): no-meta, no-schemas,
  /// password-returned, undeclared-attribute, active-as-string, emails-as-object,
  /// manager-bare-string.
  void representation(nlohmann::json& out, const nlohmann::json& stored,
                      scim::ResourceKind kind) const;
  /// A ListResponse (with totalResults) for a list query: a refusal instead, or nothing:
  /// filter-no-match-404, items-per-page-wrong, no-total-results.
  std::optional<scim::ScimError> list_response(nlohmann::json& body, const ListQuery& query) const;
  /// The /Schemas documents served: schemas-no-group, schemas-missing-mapped-attribute,
  /// schemas-wrong-type.
  void schema_documents(std::vector<nlohmann::json>& documents) const;
  /// An Error body: no-scim-type, error-without-schema, error-status-number.
  void error_body(nlohmann::json& body, const scim::ScimError& error) const;
  /// The WWW-Authenticate challenges of a 401: no-www-authenticate.
  void challenges(std::vector<std::string>& challenges) const;
  /// Any response as it leaves the server: slow, no-location, json-content-type,
  /// truncated-json.
  void response(HttpResponse& response) const;

  // ---- judgements ----

  /// Whether a resource matches a list filter: username-case-sensitive,
  /// display-name-case-sensitive.
  bool matches(const scim::Filter& filter, const nlohmann::json& resource,
               scim::ResourceKind kind) const;
  /// The verdict on a request's credentials: no-auth, wrong-token-accepted, old-token-valid.
  Credentials::Verdict verdict(Credentials::Verdict verdict) const;

 private:
  bool on(Defect defect) const { return defects_.has(defect); }
  void store_patch(Write& write) const;
  void store_delete(Write& write) const;

  const DefectSet defects_;
  const int slow_ms_;
  /// delete-nonexistent-204 answers 204 for an id never issued but 404 for one deleted.
  mutable std::mutex deleted_mutex_;
  mutable std::set<std::string> deleted_;
};

}  // namespace scimcheck::server
