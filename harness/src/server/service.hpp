#pragma once
/// The reference server's SCIM service without the socket: routing below the base path,
/// authentication, the Users and Groups store, queries, discovery and the OAuth2 and
/// rotation endpoints. Thread-safe: one mutex guards the store.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "scim/attributes.hpp"
#include "scim/error.hpp"
#include "scim/filter.hpp"
#include "scim/patch.hpp"
#include "server/app_rules.hpp"
#include "server/credentials.hpp"
#include "server/message.hpp"
#include "server/render.hpp"
#include "server/server.hpp"

namespace scimcheck::server {

class ScimService {
 public:
  /// options.defects must name known defects and options.settings must be valid
  /// (read_app_rules); the caller checks both.
  ScimService(const ServerOptions& options, AppRules rules, DefectSet defects);

  /// The absolute URL of the base path, used in meta.location and Location headers.
  void set_base_url(std::string base_url) { base_url_ = std::move(base_url); }
  /// Creates `count` users the harness must leave alone ("seed-<i>@seed.example").
  void seed_users(int count);
  std::string rotate_token() { return credentials_.rotate(); }

  /// Answers one request whose path is already relative to the base path.
  HttpResponse handle(const HttpRequest& request);
  /// The 401 a request gets for its credentials (every endpoint but the token endpoint),
  /// judged from its path and headers alone, so before its body is read; nullopt when it may
  /// go on.
  std::optional<HttpResponse> refuse_unauthenticated(const HttpRequest& request) const;

 private:
  struct Stored {
    nlohmann::json resource;
    std::uint64_t seq = 0;
    int version = 1;
  };
  /// One stored resource with its id: an element of Collection::by_id, whose address stays
  /// valid until it is erased.
  using Entry = std::pair<const std::string, Stored>;
  /// Resources by seq (creation order).
  using BySeq = std::map<std::uint64_t, const Entry*>;
  /// One resource type's store. Besides the resources by id it indexes the attributes that
  /// uniqueness and Entra's queries use (userName, externalId, displayName), so `attr eq
  /// "value"` (alone, in an and, or on both sides of an or), `id eq "value"` and the uniqueness
  /// checks do not scan the store. The index only narrows the candidates: the filter, with its
  /// defects, still decides each one, so it must hold every resource a filter could match:
  /// each top-level member whose name is the attribute in any case, a string under its value
  /// lower-cased (ASCII, as iequals), any other value (a boolean matches "True", an array by
  /// its elements) among the irregular ones, which every lookup returns.
  struct Collection {
    static constexpr std::size_t kIndexed = 3;
    std::unordered_map<std::string, Stored> by_id;
    std::array<std::unordered_map<std::string, BySeq>, kIndexed> by_value;
    std::array<BySeq, kIndexed> irregular;

    void add(const std::string& id, Stored stored);
    void erase(const std::string& id);
    /// Replaces a stored resource's content, keeping the index in step.
    void update(const std::string& id, Stored& stored, nlohmann::json resource);
    /// The resources a filter on this kind can match, by seq, when the index can tell;
    /// nullopt when only a scan can.
    std::optional<std::vector<const Entry*>> candidates(const scim::Filter& filter,
                                                        scim::ResourceKind kind) const;
    /// The resources whose (unique-name) string attribute has this value ignoring case.
    std::vector<const Entry*> named(const std::string& attribute, const std::string& value) const;

   private:
    void reindex(const Entry& entry, bool add);
  };
  struct ListQuery {
    std::optional<std::string> filter;
    int start_index = 1;
    bool start_index_given = false;
    std::optional<int> count;
    std::string sort_by;
    bool descending = false;
    Selection selection;
  };

  HttpResponse route(const HttpRequest& request, const std::vector<std::string>& segments);
  HttpResponse resources(const HttpRequest& request, scim::ResourceKind kind,
                         const std::vector<std::string>& segments);
  HttpResponse create(const HttpRequest& request, scim::ResourceKind kind);
  HttpResponse get(const HttpRequest& request, scim::ResourceKind kind, const std::string& id);
  HttpResponse replace(const HttpRequest& request, scim::ResourceKind kind, const std::string& id);
  HttpResponse patch(const HttpRequest& request, scim::ResourceKind kind, const std::string& id);
  HttpResponse remove(const HttpRequest& request, scim::ResourceKind kind, const std::string& id);
  HttpResponse list(const std::vector<scim::ResourceKind>& kinds, const ListQuery& query);
  HttpResponse search(const HttpRequest& request, std::vector<scim::ResourceKind> kinds);
  HttpResponse service_provider_config(const HttpRequest& request);
  HttpResponse resource_types(const HttpRequest& request, const std::vector<std::string>& segments);
  HttpResponse schemas(const HttpRequest& request, const std::vector<std::string>& segments);
  HttpResponse unauthorized(Credentials::Verdict verdict) const;
  bool is_token_endpoint(const std::vector<std::string>& segments) const;
  HttpResponse error(int status, const std::string& scim_type, const std::string& detail) const;
  HttpResponse error(const scim::ScimError& e) const { return error_response(e, defects_); }

  /// Checks and completes a client's resource before it is stored (create and replace).
  std::optional<scim::ScimError> prepare(nlohmann::json& resource, scim::ResourceKind kind) const;
  /// The names-dropped defect, and schemas derived from the extensions present.
  void finish_for_store(nlohmann::json& resource, scim::ResourceKind kind) const;
  /// Whether another resource of the kind already holds the unique name (caller locks).
  bool name_taken(scim::ResourceKind kind, const nlohmann::json& resource,
                  const std::string& except_id) const;
  /// The stored resource a PUT, PATCH or DELETE targets, or nullptr with the 404 (unknown id)
  /// or 412 (stale If-Match) that refuses it (caller locks).
  Stored* writable(const HttpRequest& request, scim::ResourceKind kind, const std::string& id,
                   HttpResponse* refusal);
  /// Stamps meta for a stored resource (caller locks).
  void stamp(Stored& stored, scim::ResourceKind kind, const std::string& id, bool modified) const;
  HttpResponse single(int status, const Stored& stored, scim::ResourceKind kind,
                      const Selection& selection) const;
  Collection& collection(scim::ResourceKind kind) {
    return kind == scim::ResourceKind::group ? groups_ : users_;
  }
  const Collection& collection(scim::ResourceKind kind) const {
    return kind == scim::ResourceKind::group ? groups_ : users_;
  }
  scim::PatchOptions patch_options() const;
  std::string location(scim::ResourceKind kind, const std::string& id) const;

  const ServerOptions options_;
  const AppRules rules_;
  const DefectSet defects_;
  Credentials credentials_;
  std::string base_url_;

  mutable std::mutex mutex_;
  Collection users_, groups_;
  std::uint64_t next_seq_ = 1;
  /// The ids deleted so far, kept only for the delete-nonexistent-204 defect, which answers
  /// 204 for an id never issued but 404 for one deleted.
  std::set<std::string> deleted_ids_;
};

}  // namespace scimcheck::server
