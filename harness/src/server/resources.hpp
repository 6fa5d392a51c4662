#pragma once
/// The reference server's User and Group endpoints: create, read, replace, patch and delete
/// one resource, with the rules each kind follows (required and read-only attributes,
/// uniqueness, schemas, group membership) and versions as weak ETags (RFC 7644 3.14).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "scim/attributes.hpp"
#include "scim/error.hpp"
#include "server/context.hpp"
#include "server/message.hpp"
#include "server/store.hpp"

namespace scimcheck::server {

class Resources {
 public:
  Resources(const ServiceContext& context, Store& store) : ctx_(context), store_(store) {}

  /// Creates `count` users the harness must leave alone ("seed-<i>@seed.example").
  void seed_users(int count);

  HttpResponse create(const HttpRequest& request, scim::ResourceKind kind);
  HttpResponse get(const HttpRequest& request, scim::ResourceKind kind, const std::string& id);
  HttpResponse replace(const HttpRequest& request, scim::ResourceKind kind, const std::string& id);
  HttpResponse patch(const HttpRequest& request, scim::ResourceKind kind, const std::string& id);
  HttpResponse remove(const HttpRequest& request, scim::ResourceKind kind, const std::string& id);

 private:
  /// Checks and completes a client's resource before it is stored (create and replace).
  std::optional<scim::ScimError> prepare(nlohmann::json& resource, scim::ResourceKind kind) const;
  /// The 409 for a unique name another resource holds (caller locks).
  std::optional<HttpResponse> refuse_taken(scim::ResourceKind kind, const nlohmann::json& resource,
                                           const std::string& except_id) const;
  /// The answer to a request for an id that is not stored.
  HttpResponse missing(const HttpRequest& request, scim::ResourceKind kind,
                       const std::string& id) const;
  /// The stored resource a PUT, PATCH or DELETE targets, or nullptr with the 404 (unknown id)
  /// or 412 (stale If-Match) that refuses it (caller locks).
  Stored* writable(const HttpRequest& request, scim::ResourceKind kind, const std::string& id,
                   HttpResponse* refusal);
  /// Stores new content for a resource (id and meta kept) when it differs, with a new
  /// version (caller locks).
  void commit(scim::ResourceKind kind, const std::string& id, Stored& stored,
              nlohmann::json content);
  /// Removes a deleted resource from every group's members (caller locks).
  void drop_membership(const std::string& id);
  /// Stamps meta for a stored resource (caller locks).
  void stamp(Stored& stored, scim::ResourceKind kind, const std::string& id) const;
  /// The answer carrying one resource, with its ETag; 204 carries nothing.
  HttpResponse single(int status, const Stored& stored, scim::ResourceKind kind,
                      const HttpRequest& request) const;

  const ServiceContext& ctx_;
  Store& store_;
};

/// Completes a resource's schemas: the core schema and each extension it holds data for
/// (empty extensions are dropped).
void derive_schemas(nlohmann::json& resource, scim::ResourceKind kind);

}  // namespace scimcheck::server
