#include "server/resources.hpp"

#include <algorithm>

#include "scim/json_limits.hpp"
#include "scim/patch.hpp"
#include "scim/path.hpp"
#include "server/list_query.hpp"
#include "server/representation.hpp"
#include "server/support.hpp"

namespace scimcheck::server {
namespace {

using Json = nlohmann::json;
using scim::ResourceKind;

std::string version_tag(int version) { return "W/\"" + std::to_string(version) + "\""; }

// Weak comparison of entity tags (RFC 7232 2.3.2) against a list such as `W/"1", "2"` or `*`.
bool etag_matches(const std::string& header, const std::string& tag) {
  auto opaque = [](std::string value) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
    if (value.size() >= 2 && (value[0] == 'W' || value[0] == 'w') && value[1] == '/')
      value.erase(0, 2);
    return value;
  };
  std::size_t start = 0;
  while (start <= header.size()) {
    auto comma = header.find(',', start);
    if (comma == std::string::npos) comma = header.size();
    auto item = opaque(header.substr(start, comma - start));
    if (item == "*" || (!item.empty() && item == opaque(tag))) return true;
    start = comma + 1;
  }
  return false;
}

Json without_meta(Json resource) {
  erase_member(resource, "meta");
  return resource;
}

HttpResponse no_content() {
  HttpResponse response;
  response.status = 204;
  return response;
}

}  // namespace

void derive_schemas(Json& resource, ResourceKind kind) {
  erase_member(resource, "schemas");
  Json schemas = Json::array({kind == ResourceKind::group ? scim::kGroupUrn : scim::kUserUrn});
  for (auto it = resource.begin(); it != resource.end();) {
    if (fold_case(it.key()).rfind("urn:", 0) == 0 && it->is_object()) {
      if (it->empty()) {
        it = resource.erase(it);
        continue;
      }
      schemas.push_back(iequals(it.key(), scim::kEnterpriseUrn) ? scim::kEnterpriseUrn : it.key());
    }
    ++it;
  }
  resource["schemas"] = schemas;
}

void Resources::seed_users(int count) {
  std::lock_guard<std::mutex> lock(store_.mutex);
  for (int i = 1; i <= count; ++i) {
    std::string n = std::to_string(i);
    std::string user_name = "seed-" + n + "@seed.example";
    Json user = {
        {"schemas", {scim::kUserUrn}},
        {"userName", user_name},
        {"externalId", "seed-" + n},
        {"displayName", "Seed User " + n},
        {"active", true},
        {"name",
         {{"givenName", "Seed"}, {"familyName", "User" + n}, {"formatted", "Seed User" + n}}},
        {"emails", {{{"value", user_name}, {"type", "work"}, {"primary", true}}}}};
    std::string id = new_uuid();
    user["id"] = id;
    Stored stored{std::move(user), store_.next_seq++, 1};
    stamp(stored, ResourceKind::user, id);
    store_.users.add(id, std::move(stored));
  }
}

std::optional<scim::ScimError> Resources::prepare(Json& resource, ResourceKind kind) const {
  if (!resource.is_object())
    return scim::ScimError{400, "invalidSyntax", "the request body must be a JSON object"};
  scim::normalise_resource(resource, kind, ctx_.patch_options);
  // Read-only attributes a client sends are ignored (RFC 7643 3.1, 4.1.2).
  erase_member(resource, "id");
  erase_member(resource, "meta");
  if (kind == ResourceKind::user) erase_member(resource, "groups");
  const char* unique = unique_attribute(kind);
  if (string_member(resource, unique).empty())
    return scim::ScimError{400, "invalidValue", std::string(unique) + " is required"};
  if (kind == ResourceKind::user) {
    if (auto problem = check_user_rules(resource, ctx_.rules)) return problem;
  } else if (!scim::find_member(resource, "members")) {
    resource["members"] = Json::array();
  }
  derive_schemas(resource, kind);
  return std::nullopt;
}

std::optional<HttpResponse> Resources::refuse_taken(ResourceKind kind, const Json& resource,
                                                    const std::string& except_id) const {
  const char* unique = unique_attribute(kind);
  const std::string wanted = string_member(resource, unique);
  std::vector<std::string> held;
  const auto consider = [&](const std::string& id, const Stored& stored) {
    if (id == except_id) return;
    std::string name = string_member(stored.resource, unique);
    if (iequals(name, wanted)) held.push_back(std::move(name));
  };
  const Collection& collection = store_.of(kind);
  if (wanted.empty()) {
    // Never asked (the name is required before), but "" would match a missing name: scan.
    for (const auto& [id, stored] : collection.by_id()) consider(id, stored);
  } else {
    // A stored name equal to `wanted` ignoring case is a string member, indexed under it.
    for (const Entry* entry : collection.named(unique, wanted))
      consider(entry->first, entry->second);
  }
  ctx_.defects.clashes(kind, wanted, held);
  if (held.empty()) return std::nullopt;
  return ctx_.error(409, "uniqueness", std::string(unique) + " '" + wanted + "' is already taken");
}

void Resources::stamp(Stored& stored, ResourceKind kind, const std::string& id) const {
  std::string now = utc_timestamp();
  Json meta = Json::object();
  if (const auto* old = scim::find_member(stored.resource, "meta"); old && old->is_object())
    meta = *old;
  if (!meta.contains("created")) meta["created"] = now;
  meta["lastModified"] = now;
  meta["resourceType"] = kind_name(kind);
  meta["location"] = ctx_.location(kind, id);
  meta["version"] = version_tag(stored.version);
  erase_member(stored.resource, "meta");
  stored.resource["meta"] = meta;
}

HttpResponse Resources::single(int status, const Stored& stored, ResourceKind kind,
                               const HttpRequest& request) const {
  if (status == 204) return no_content();
  auto response = scim_response(
      status, render_resource(stored.resource, kind, read_selection(request), ctx_.defects));
  response.headers.emplace_back("ETag", version_tag(stored.version));
  return response;
}

HttpResponse Resources::missing(const HttpRequest& request, ResourceKind kind,
                                const std::string& id) const {
  scim::ScimError error{404, "", std::string(kind_name(kind)) + " " + id + " not found"};
  if (auto answer = ctx_.defects.missing(request, kind, id, error)) return *answer;
  return ctx_.error(error);
}

Stored* Resources::writable(const HttpRequest& request, ResourceKind kind, const std::string& id,
                            HttpResponse* refusal) {
  Stored* stored = store_.of(kind).find(id);
  if (!stored) {
    *refusal = missing(request, kind, id);
    return nullptr;
  }
  const std::string if_match = request.header("if-match");
  if (!if_match.empty() && !etag_matches(if_match, version_tag(stored->version))) {
    *refusal = ctx_.error(
        412, "", "If-Match does not match the current version " + version_tag(stored->version));
    return nullptr;
  }
  return stored;
}

void Resources::commit(ResourceKind kind, const std::string& id, Stored& stored, Json content) {
  erase_member(content, "id");
  content["id"] = id;
  erase_member(content, "meta");
  if (const auto* meta = scim::find_member(stored.resource, "meta")) content["meta"] = *meta;
  if (without_meta(content) == without_meta(stored.resource)) return;
  store_.of(kind).update(id, stored, std::move(content));
  ++stored.version;
  stamp(stored, kind, id);
}

HttpResponse Resources::create(const HttpRequest& request, ResourceKind kind) {
  Json sent;
  if (auto problem = scim::parse_bounded_json(request.body, &sent)) return ctx_.error(*problem);
  Json resource = sent;
  if (auto problem = prepare(resource, kind)) return ctx_.error(*problem);
  Write write{Write::Action::create, kind, "", &sent, nullptr, &resource, true, 201};
  ctx_.defects.store(write);
  std::lock_guard<std::mutex> lock(store_.mutex);
  if (auto refusal = refuse_taken(kind, resource, "")) return *refusal;
  std::string id = new_uuid();
  resource["id"] = id;
  Stored stored{std::move(resource), store_.next_seq++, 1};
  stamp(stored, kind, id);
  auto response = single(write.status, stored, kind, request);
  response.headers.emplace_back("Location", ctx_.location(kind, id));
  store_.of(kind).add(id, std::move(stored));
  return response;
}

HttpResponse Resources::get(const HttpRequest& request, ResourceKind kind, const std::string& id) {
  Stored stored;
  {
    std::lock_guard<std::mutex> lock(store_.mutex);
    const Stored* found = store_.of(kind).find(id);
    if (!found) return missing(request, kind, id);
    stored = *found;
  }
  std::string if_none_match = request.header("if-none-match");
  if (!if_none_match.empty() && etag_matches(if_none_match, version_tag(stored.version))) {
    HttpResponse response;
    response.status = 304;
    response.headers.emplace_back("ETag", version_tag(stored.version));
    return response;
  }
  return single(200, stored, kind, request);
}

HttpResponse Resources::replace(const HttpRequest& request, ResourceKind kind,
                                const std::string& id) {
  Json resource;
  if (auto problem = scim::parse_bounded_json(request.body, &resource)) return ctx_.error(*problem);
  std::optional<scim::ScimError> problem = prepare(resource, kind);
  std::lock_guard<std::mutex> lock(store_.mutex);
  HttpResponse refusal;
  Stored* stored = writable(request, kind, id, &refusal);
  if (!stored) return refusal;
  if (problem) return ctx_.error(*problem);
  Write write{Write::Action::replace, kind, id, nullptr, &stored->resource, &resource, true, 200};
  ctx_.defects.store(write);
  if (auto taken = refuse_taken(kind, resource, id)) return *taken;
  if (write.apply) {
    // password is write-only: a replace that leaves it out keeps the one set before.
    if (kind == ResourceKind::user && !scim::find_member(resource, "password"))
      if (const auto* password = scim::find_member(stored->resource, "password"))
        resource["password"] = *password;
    commit(kind, id, *stored, std::move(resource));
  }
  return single(write.status, *stored, kind, request);
}

HttpResponse Resources::patch(const HttpRequest& request, ResourceKind kind,
                              const std::string& id) {
  Json body;
  if (auto problem = scim::parse_bounded_json(request.body, &body)) return ctx_.error(*problem);
  std::lock_guard<std::mutex> lock(store_.mutex);
  HttpResponse refusal;
  Stored* stored = writable(request, kind, id, &refusal);
  if (!stored) return refusal;
  PatchEdit edit;
  Json* operations = body.is_object() ? scim::find_member(body, "Operations") : nullptr;
  if (operations && operations->is_array()) edit = ctx_.defects.patch_operations(*operations);
  if (edit.refusal) return ctx_.error(*edit.refusal);
  Json updated = stored->resource;
  if (!edit.nothing_to_apply)
    if (auto problem = scim::apply_patch(updated, body, kind, ctx_.patch_options))
      return ctx_.error(*problem);
  Write write{Write::Action::patch, kind, id, &body, &stored->resource, &updated, true, 200};
  ctx_.defects.store(write);
  const char* unique = unique_attribute(kind);
  if (string_member(updated, unique).empty())
    return ctx_.error(400, "invalidValue", std::string(unique) + " is required");
  if (auto taken = refuse_taken(kind, updated, id)) return *taken;
  if (write.apply) {
    derive_schemas(updated, kind);
    commit(kind, id, *stored, std::move(updated));
  }
  return single(write.status, *stored, kind, request);
}

HttpResponse Resources::remove(const HttpRequest& request, ResourceKind kind,
                               const std::string& id) {
  std::lock_guard<std::mutex> lock(store_.mutex);
  HttpResponse refusal;
  Stored* stored = writable(request, kind, id, &refusal);
  if (!stored) return refusal;
  Write write{Write::Action::remove, kind, id, nullptr, &stored->resource, nullptr, true, 204};
  ctx_.defects.store(write);
  HttpResponse response = single(write.status, *stored, kind, request);
  if (!write.apply) return response;
  store_.of(kind).erase(id);
  drop_membership(id);
  return response;
}

void Resources::drop_membership(const std::string& id) {
  store_.groups.for_each_unindexed([&](const std::string& group_id, Stored& group) {
    auto* members = scim::find_member(group.resource, "members");
    if (!members || !members->is_array()) return;
    auto before = members->size();
    members->erase(std::remove_if(members->begin(), members->end(),
                                  [&id](const Json& member) {
                                    return member.is_object() &&
                                           string_member(member, "value") == id;
                                  }),
                   members->end());
    if (members->size() != before) {
      ++group.version;
      stamp(group, ResourceKind::group, group_id);
    }
  });
}

}  // namespace scimcheck::server
