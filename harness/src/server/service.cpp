#include "server/service.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>
#include <string_view>

#include "scim/filter.hpp"
#include "scim/json_limits.hpp"
#include "scim/path.hpp"
#include "scim/projection.hpp"
#include "server/support.hpp"

namespace scimcheck::server {
namespace {

using scim::ResourceKind;
using Json = nlohmann::json;

constexpr int kMaxResults = 200;
constexpr const char* kServiceProviderConfigUrn =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
constexpr const char* kResourceTypeUrn = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

bool parse_int(const std::string& text, int* out) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  auto [end, ec] = std::from_chars(first, last, *out);
  return ec == std::errc() && end == last && first != last;
}

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

const char* kind_name(ResourceKind kind) { return kind == ResourceKind::group ? "Group" : "User"; }
const char* endpoint(ResourceKind kind) { return kind == ResourceKind::group ? "Groups" : "Users"; }
const char* unique_attribute(ResourceKind kind) {
  return kind == ResourceKind::group ? "displayName" : "userName";
}

void erase_member(Json& object, std::string_view name) {
  if (!object.is_object()) return;
  for (auto it = object.begin(); it != object.end();) {
    if (iequals(it.key(), name))
      it = object.erase(it);
    else
      ++it;
  }
}

/// The defect patch-drops-other-attributes: a replace on "parent.sub" (no filter, no URN)
/// leaves the parent holding that sub-attribute alone.
void replace_whole_parents(Json& resource, const Json& operations) {
  for (const auto& op : operations) {
    if (!op.is_object()) continue;
    const Json* name = scim::find_member(op, "op");
    const Json* path = scim::find_member(op, "path");
    const Json* value = scim::find_member(op, "value");
    if (!name || !name->is_string() || !iequals(name->get<std::string>(), "replace") || !path ||
        !path->is_string() || !value)
      continue;
    const std::string& text = path->get_ref<const std::string&>();
    const auto dot = text.find('.');
    if (dot == std::string::npos || text.find_first_of(":[") != std::string::npos) continue;
    const std::string parent = text.substr(0, dot);
    erase_member(resource, parent);
    resource[parent] = Json{{text.substr(dot + 1), *value}};
  }
}

std::string string_member(const Json& object, std::string_view name) {
  const auto* value = scim::find_member(object, name);
  return value && value->is_string() ? value->get<std::string>() : std::string{};
}

/// The attributes every Collection indexes: the unique names and the usual matching
/// attributes (the profiles' "matching": userName, externalId, displayName).
constexpr std::array<std::string_view, 3> kIndexedNames = {"userName", "externalId", "displayName"};

/// Which of kIndexedNames a member or attribute name is, in any case; kIndexedNames.size()
/// when none.
std::size_t indexed_slot(std::string_view name) {
  for (std::size_t i = 0; i < kIndexedNames.size(); ++i)
    if (scim::iequals(name, kIndexedNames[i])) return i;
  return kIndexedNames.size();
}

/// The defects null-update-ignored (an add or replace to "" or null is dropped) and
/// patch-same-attribute-first-only (an operation on a path an earlier one named is dropped).
/// Whether any operation was dropped.
bool drop_patch_operations(Json& operations, const DefectSet& defects) {
  const bool drop_empty = defects.has("null-update-ignored");
  const bool first_only = defects.has("patch-same-attribute-first-only");
  if (!drop_empty && !first_only) return false;
  std::set<std::string> seen;
  const auto dropped = [&](const Json& op) {
    if (!op.is_object()) return false;
    const std::string path = fold_case(string_member(op, "path"));
    const Json* value = scim::find_member(op, "value");
    const bool emptying = value && (value->is_null() || *value == Json(""));
    if (drop_empty && !path.empty() && emptying && !iequals(string_member(op, "op"), "remove"))
      return true;
    return first_only && !path.empty() && !seen.insert(path).second;
  };
  const std::size_t before = operations.size();
  operations.erase(std::remove_if(operations.begin(), operations.end(), dropped),
                   operations.end());
  return operations.size() != before;
}

Json without_meta(Json resource) {
  erase_member(resource, "meta");
  return resource;
}

// A compare node on `attr` (userName of users, displayName of groups): the one place the
// username-case-sensitive and display-name-case-sensitive defects change.
bool is_name_compare(const scim::Filter& filter, const char* attr, const char* urn) {
  return filter.kind == scim::Filter::Kind::compare && iequals(filter.path.attr, attr) &&
         filter.path.sub.empty() && !filter.path.filter && filter.value.is_string() &&
         (filter.path.urn.empty() || iequals(filter.path.urn, urn));
}

bool compare_exact(const std::string& actual, const std::string& op, const std::string& wanted) {
  if (op == "eq") return actual == wanted;
  if (op == "ne") return actual != wanted;
  if (op == "co") return actual.find(wanted) != std::string::npos;
  if (op == "sw") return actual.rfind(wanted, 0) == 0;
  if (op == "ew")
    return actual.size() >= wanted.size() &&
           actual.compare(actual.size() - wanted.size(), wanted.size(), wanted) == 0;
  if (op == "gt") return actual > wanted;
  if (op == "ge") return actual >= wanted;
  if (op == "lt") return actual < wanted;
  if (op == "le") return actual <= wanted;
  return false;
}

/// The filter defects, which the list endpoint applies itself instead of scim::matches.
struct FilterQuirks {
  bool user_name_case_sensitive = false;  ///< username-case-sensitive
  bool and_first_only = false;            ///< filter-and-ignores-second
  bool display_name_case_sensitive = false;  ///< display-name-case-sensitive
};

// The recursion follows the parsed filter, whose nesting the parser bounds.
bool filter_matches(const scim::Filter& filter, const Json& resource, ResourceKind kind,
                    const FilterQuirks& quirks) {
  const bool exact_user = quirks.user_name_case_sensitive && kind == ResourceKind::user;
  const bool exact_group = quirks.display_name_case_sensitive && kind == ResourceKind::group;
  if (!quirks.and_first_only && !exact_user && !exact_group)
    return scim::matches(filter, resource, kind);
  using Kind = scim::Filter::Kind;
  switch (filter.kind) {
    case Kind::logical_and:
      for (const auto& child : filter.children) {
        if (!filter_matches(*child, resource, kind, quirks)) return false;
        if (quirks.and_first_only) break;
      }
      return true;
    case Kind::logical_or:
      for (const auto& child : filter.children)
        if (filter_matches(*child, resource, kind, quirks)) return true;
      return false;
    case Kind::logical_not:
      return !filter.children.empty() &&
             !filter_matches(*filter.children[0], resource, kind, quirks);
    case Kind::compare:
      if ((exact_user && is_name_compare(filter, "userName", scim::kUserUrn)) ||
          (exact_group && is_name_compare(filter, "displayName", scim::kGroupUrn))) {
        const auto* value = scim::find_member(resource, exact_user ? "userName" : "displayName");
        if (!value || !value->is_string()) return filter.op == "ne";
        return compare_exact(value->get<std::string>(), filter.op, filter.value.get<std::string>());
      }
      return scim::matches(filter, resource, kind);
    default:
      return scim::matches(filter, resource, kind);
  }
}

// attributes / excludedAttributes of a SearchRequest: an array of names or one list string.
bool read_name_list(const Json& body, const char* name, std::vector<std::string>* out) {
  const auto* value = scim::find_member(body, name);
  if (!value || value->is_null()) return true;
  if (value->is_string()) {
    *out = scim::split_attribute_list(value->get<std::string>());
    return true;
  }
  if (!value->is_array()) return false;
  for (const auto& item : *value) {
    if (!item.is_string()) return false;
    for (auto& part : scim::split_attribute_list(item.get<std::string>())) out->push_back(part);
  }
  return true;
}

// startIndex / count of a SearchRequest: a number or a numeric string.
bool read_int(const Json& body, const char* name, std::optional<int>* out) {
  const auto* value = scim::find_member(body, name);
  if (!value || value->is_null()) return true;
  if (value->is_number_integer()) {
    auto n = value->get<long long>();
    *out = static_cast<int>(std::clamp<long long>(n, -1000000000LL, 1000000000LL));
    return true;
  }
  int parsed = 0;
  if (value->is_string() && parse_int(value->get<std::string>(), &parsed)) {
    *out = parsed;
    return true;
  }
  return false;
}

}  // namespace

ScimService::ScimService(const ServerOptions& options, AppRules rules, DefectSet defects)
    : options_(options),
      rules_(std::move(rules)),
      defects_(std::move(defects)),
      credentials_(options_, rules_.oauth, defects_) {}

scim::PatchOptions ScimService::patch_options() const {
  scim::PatchOptions o;
  o.case_insensitive_op = !defects_.has("patch-capitalised-op-refused");
  o.string_booleans = !defects_.has("patch-string-boolean-refused");
  o.filtered_add_creates = !defects_.has("patch-filtered-add-refused");
  return o;
}

std::string ScimService::location(ResourceKind kind, const std::string& id) const {
  return base_url_ + "/" + endpoint(kind) + "/" + id;
}

HttpResponse ScimService::error(int status, const std::string& scim_type,
                                const std::string& detail) const {
  return error_response(scim::ScimError{status, scim_type, detail}, defects_);
}

HttpResponse ScimService::unauthorized(Credentials::Verdict verdict) const {
  auto response = error(401, "",
                        verdict == Credentials::Verdict::missing
                            ? "authentication required: send an Authorization header"
                            : "the credentials are not valid");
  if (!defects_.has("no-www-authenticate"))
    for (const auto& challenge : credentials_.challenges())
      response.headers.emplace_back("WWW-Authenticate", challenge);
  return response;
}

void ScimService::seed_users(int count) {
  std::lock_guard<std::mutex> lock(mutex_);
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
    Stored stored{std::move(user), next_seq_++, 1};
    stamp(stored, ResourceKind::user, id, false);
    users_.add(id, std::move(stored));
  }
}

bool ScimService::is_token_endpoint(const std::vector<std::string>& segments) const {
  return credentials_.oauth_enabled() && segments.size() == 2 && segments[0] == "oauth" &&
         segments[1] == "token";
}

std::optional<HttpResponse> ScimService::refuse_unauthenticated(const HttpRequest& request) const {
  if (is_token_endpoint(split_path(request.path))) return std::nullopt;
  auto verdict = credentials_.check(request.header("authorization"));
  if (verdict != Credentials::Verdict::accepted) return unauthorized(verdict);
  return std::nullopt;
}

HttpResponse ScimService::handle(const HttpRequest& request) {
  auto segments = split_path(request.path);
  if (is_token_endpoint(segments)) {
    if (request.method != "POST") return error(405, "", "the token endpoint accepts POST only");
    return credentials_.token_endpoint(request);
  }
  if (auto refusal = refuse_unauthenticated(request)) return *refusal;
  if (rules_.rotate_tokens && segments.size() == 2 && segments[0] == "admin" &&
      segments[1] == "rotate-token") {
    if (request.method != "POST") return error(405, "", "rotate-token accepts POST only");
    HttpResponse response;
    response.content_type = "application/json";
    response.body = Json{{"token", credentials_.rotate()}}.dump();
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  }
  return route(request, segments);
}

HttpResponse ScimService::route(const HttpRequest& request,
                                const std::vector<std::string>& segments) {
  if (segments.empty())
    return error(404, "",
                 "no SCIM endpoint at the base URL; resources are under /Users and /Groups");
  const std::string& first = segments[0];
  if (iequals(first, "Users")) return resources(request, ResourceKind::user, segments);
  if (iequals(first, "Groups")) {
    if (!rules_.groups) return error(404, "", "groups are not supported by this app");
    return resources(request, ResourceKind::group, segments);
  }
  if (first == ".search" && segments.size() == 1) {
    if (request.method != "POST") return error(405, "", "/.search accepts POST only");
    std::vector<ResourceKind> kinds{ResourceKind::user};
    if (rules_.groups) kinds.push_back(ResourceKind::group);
    return search(request, kinds);
  }
  if (iequals(first, "Me")) return error(501, "", "the /Me endpoint is not implemented");
  if (iequals(first, "Bulk")) return error(501, "", "bulk operations are not supported");
  if (iequals(first, "ServiceProviderConfig") && segments.size() == 1)
    return service_provider_config(request);
  if (iequals(first, "ResourceTypes")) return resource_types(request, segments);
  if (iequals(first, "Schemas")) return schemas(request, segments);
  return error(404, "", "no such endpoint: " + request.path);
}

HttpResponse ScimService::resources(const HttpRequest& request, ResourceKind kind,
                                    const std::vector<std::string>& segments) {
  const std::string& method = request.method;
  if (segments.size() == 1) {
    if (method == "POST") return create(request, kind);
    if (method != "GET") return error(405, "", method + " is not allowed on /" + endpoint(kind));
    ListQuery query;
    if (const auto* filter = request.param("filter")) query.filter = *filter;
    if (const auto* start = request.param("startIndex")) {
      if (!parse_int(*start, &query.start_index))
        return error(400, "invalidValue", "startIndex must be an integer");
      query.start_index_given = true;
    }
    if (const auto* count = request.param("count")) {
      int n = 0;
      if (!parse_int(*count, &n)) return error(400, "invalidValue", "count must be an integer");
      query.count = n;
    }
    if (const auto* sort_by = request.param("sortBy")) query.sort_by = *sort_by;
    if (const auto* order = request.param("sortOrder"))
      query.descending = iequals(*order, "descending");
    if (const auto* attributes = request.param("attributes"))
      query.selection.attributes = scim::split_attribute_list(*attributes);
    if (const auto* excluded = request.param("excludedAttributes"))
      query.selection.excluded = scim::split_attribute_list(*excluded);
    return list({kind}, query);
  }
  if (segments.size() == 2 && segments[1] == ".search") {
    if (method != "POST") return error(405, "", ".search accepts POST only");
    return search(request, {kind});
  }
  if (segments.size() == 2) {
    const std::string& id = segments[1];
    if (method == "GET") return get(request, kind, id);
    if (method == "PUT") return replace(request, kind, id);
    if (method == "PATCH") return patch(request, kind, id);
    if (method == "DELETE") return remove(request, kind, id);
    return error(405, "", method + " is not allowed on a " + kind_name(kind));
  }
  return error(404, "", "no such endpoint: " + request.path);
}

namespace {

Selection selection_of(const HttpRequest& request) {
  Selection selection;
  if (const auto* attributes = request.param("attributes"))
    selection.attributes = scim::split_attribute_list(*attributes);
  if (const auto* excluded = request.param("excludedAttributes"))
    selection.excluded = scim::split_attribute_list(*excluded);
  return selection;
}

}  // namespace

std::optional<scim::ScimError> ScimService::prepare(Json& resource, ResourceKind kind) const {
  if (!resource.is_object())
    return scim::ScimError{400, "invalidSyntax", "the request body must be a JSON object"};
  scim::normalise_resource(resource, kind, patch_options());
  // Read-only attributes a client sends are ignored (RFC 7643 3.1, 4.1.2).
  erase_member(resource, "id");
  erase_member(resource, "meta");
  if (kind == ResourceKind::user) erase_member(resource, "groups");
  const char* unique = unique_attribute(kind);
  const auto* name = scim::find_member(resource, unique);
  if (!name || !name->is_string() || name->get<std::string>().empty())
    return scim::ScimError{400, "invalidValue", std::string(unique) + " is required"};
  if (kind == ResourceKind::user) {
    if (auto problem = check_user_rules(resource, rules_, defects_)) return problem;
  } else if (!scim::find_member(resource, "members")) {
    resource["members"] = Json::array();
  }
  finish_for_store(resource, kind);
  return std::nullopt;
}

void ScimService::finish_for_store(Json& resource, ResourceKind kind) const {
  if (kind == ResourceKind::user && defects_.has("name-parts-dropped")) {
    if (auto* name = scim::find_member(resource, "name"); name && name->is_object()) {
      erase_member(*name, "formatted");
      erase_member(*name, "displayName");
    }
  }
  // schemas lists the core schema and each extension the resource holds data for.
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

void ScimService::Collection::reindex(const Entry& entry, bool add) {
  static_assert(kIndexedNames.size() == kIndexed);
  const Json& resource = entry.second.resource;
  if (!resource.is_object()) return;
  const std::uint64_t seq = entry.second.seq;
  // Every top-level member a filter could read for the attribute: find_member takes the exact
  // name first, then any case, so a resource with "userName" and "USERNAME" is under both.
  for (auto it = resource.begin(); it != resource.end(); ++it) {
    const std::size_t slot = indexed_slot(it.key());
    if (slot == kIndexed || it->is_null()) continue;  // null: no value, matches no eq
    if (!it->is_string()) {
      if (add)
        irregular[slot].emplace(seq, &entry);
      else
        irregular[slot].erase(seq);
      continue;
    }
    auto& values = by_value[slot];
    std::string key = fold_case(it->get_ref<const std::string&>());
    if (add) {
      values[std::move(key)].emplace(seq, &entry);
    } else if (auto found = values.find(key); found != values.end()) {
      found->second.erase(seq);
      if (found->second.empty()) values.erase(found);
    }
  }
}

void ScimService::Collection::add(const std::string& id, Stored stored) {
  auto [it, inserted] = by_id.emplace(id, std::move(stored));
  if (inserted) reindex(*it, true);
}

void ScimService::Collection::erase(const std::string& id) {
  auto it = by_id.find(id);
  if (it == by_id.end()) return;
  reindex(*it, false);
  by_id.erase(it);
}

void ScimService::Collection::update(const std::string& id, Stored& stored, Json resource) {
  auto it = by_id.find(id);
  if (it == by_id.end() || &it->second != &stored) {  // not stored: nothing is indexed
    stored.resource = std::move(resource);
    return;
  }
  reindex(*it, false);
  stored.resource = std::move(resource);
  reindex(*it, true);
}

std::vector<const ScimService::Entry*> ScimService::Collection::named(
    const std::string& attribute, const std::string& value) const {
  std::vector<const Entry*> out;
  const std::size_t slot = indexed_slot(attribute);
  if (slot == kIndexed) return out;
  if (auto it = by_value[slot].find(fold_case(value)); it != by_value[slot].end())
    for (const auto& [seq, entry] : it->second) out.push_back(entry);
  return out;
}

std::optional<std::vector<const ScimService::Entry*>> ScimService::Collection::candidates(
    const scim::Filter& filter, ResourceKind kind) const {
  using Kind = scim::Filter::Kind;
  using List = std::vector<const Entry*>;
  const auto by_seq = [](const Entry* a, const Entry* b) { return a->second.seq < b->second.seq; };
  if (filter.kind == Kind::logical_and) {
    // A match matches each side: either side's candidates will do, the fewer the better.
    std::optional<List> fewest;
    for (const auto& child : filter.children)
      if (auto some = candidates(*child, kind); some && (!fewest || some->size() < fewest->size()))
        fewest = std::move(some);
    return fewest;
  }
  if (filter.kind == Kind::logical_or) {
    // A match matches one side: both sides must be narrowed.
    List all;
    for (const auto& child : filter.children) {
      auto some = candidates(*child, kind);
      if (!some) return std::nullopt;
      List merged;
      std::set_union(all.begin(), all.end(), some->begin(), some->end(), std::back_inserter(merged),
                     by_seq);
      all = std::move(merged);
    }
    return all;
  }
  // `attr eq "string"` on a top-level attribute (a core URN in front reads the same member).
  const scim::AttrPath& path = filter.path;
  if (filter.kind != Kind::compare || filter.op != "eq" || !filter.value.is_string() ||
      path.filter || !path.sub.empty() || !(path.urn.empty() || scim::is_core_urn(path.urn)))
    return std::nullopt;
  const std::string& value = filter.value.get_ref<const std::string&>();
  if (scim::iequals(path.attr, "id")) {
    // The member "id" is the key of by_id (create, replace, patch and seed set it after
    // removing any other spelling), so a case-exact compare has at most this candidate.
    if (!scim::is_case_exact(kind, path.urn, path.attr, path.sub)) return std::nullopt;
    List one;
    if (auto it = by_id.find(value); it != by_id.end()) one.push_back(&*it);
    return one;
  }
  const std::size_t slot = indexed_slot(path.attr);
  if (slot == kIndexed) return std::nullopt;
  // Under the value ignoring case (the filter compares case-insensitively or exactly, both
  // are in there), and every value that is not a string.
  List found = named(std::string(kIndexedNames[slot]), value);
  if (!irregular[slot].empty()) {
    for (const auto& [seq, entry] : irregular[slot]) found.push_back(entry);
    std::sort(found.begin(), found.end(), by_seq);
    found.erase(std::unique(found.begin(), found.end()), found.end());
  }
  return found;
}

bool ScimService::name_taken(ResourceKind kind, const Json& resource,
                             const std::string& except_id) const {
  const char* unique = unique_attribute(kind);
  const std::string wanted = string_member(resource, unique);
  const auto& store = collection(kind);
  const bool case_sensitive =
      kind == ResourceKind::user && defects_.has("duplicate-case-sensitive");
  auto taken = [&](const std::string& id, const Stored& stored) {
    if (id == except_id) return false;
    const std::string held = string_member(stored.resource, unique);
    return case_sensitive ? held == wanted : iequals(held, wanted);
  };
  if (wanted.empty()) {
    // Never asked (the name is required before), but "" would match a missing name: scan.
    for (const auto& [id, stored] : store.by_id)
      if (taken(id, stored)) return true;
    return false;
  }
  // A stored name equal to `wanted` ignoring case is a string member, indexed under to_lower.
  for (const Entry* entry : store.named(unique, wanted))
    if (taken(entry->first, entry->second)) return true;
  return false;
}

void ScimService::stamp(Stored& stored, ResourceKind kind, const std::string& id,
                        bool modified) const {
  std::string now = utc_timestamp();
  Json meta = Json::object();
  if (const auto* old = scim::find_member(stored.resource, "meta"); old && old->is_object())
    meta = *old;
  if (!modified || !meta.contains("created")) meta["created"] = now;
  meta["lastModified"] = now;
  meta["resourceType"] = kind_name(kind);
  meta["location"] = location(kind, id);
  meta["version"] = version_tag(stored.version);
  erase_member(stored.resource, "meta");
  stored.resource["meta"] = meta;
}

HttpResponse ScimService::single(int status, const Stored& stored, ResourceKind kind,
                                 const Selection& selection) const {
  auto response =
      scim_response(status, render_resource(stored.resource, kind, selection, defects_));
  response.headers.emplace_back("ETag", version_tag(stored.version));
  return response;
}

namespace {

/// The readonly-from-request defect: the meta.created a create body sends, kept by the server.
Json created_sent(const DefectSet& defects, const Json& resource) {
  if (!defects.has("readonly-from-request")) return Json();
  const auto* meta = scim::find_member(resource, "meta");
  const auto* created = meta && meta->is_object() ? scim::find_member(*meta, "created") : nullptr;
  return created && created->is_string() ? *created : Json();
}

}  // namespace

HttpResponse ScimService::create(const HttpRequest& request, ResourceKind kind) {
  Json resource;
  if (auto problem = scim::parse_bounded_json(request.body, &resource)) return error(*problem);
  const Json sent_created = created_sent(defects_, resource);
  if (auto problem = prepare(resource, kind)) return error(*problem);
  std::lock_guard<std::mutex> lock(mutex_);
  bool duplicates_allowed =
      defects_.has(kind == ResourceKind::group ? "group-duplicate-accepted" : "duplicate-accepted");
  if (!duplicates_allowed && name_taken(kind, resource, ""))
    return error(409, "uniqueness",
                 std::string(unique_attribute(kind)) + " '" +
                     string_member(resource, unique_attribute(kind)) + "' is already taken");
  std::string id = new_uuid();
  resource["id"] = id;
  Stored stored{std::move(resource), next_seq_++, 1};
  stamp(stored, kind, id, false);
  if (sent_created.is_string()) stored.resource["meta"]["created"] = sent_created;
  auto response =
      single(defects_.has("create-returns-200") ? 200 : 201, stored, kind, selection_of(request));
  if (!defects_.has("no-location")) response.headers.emplace_back("Location", location(kind, id));
  collection(kind).add(id, std::move(stored));
  return response;
}

HttpResponse ScimService::get(const HttpRequest& request, ResourceKind kind,
                              const std::string& id) {
  Stored stored;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = collection(kind).by_id.find(id);
    if (it == collection(kind).by_id.end())
      return error(defects_.has("unknown-id-400") ? 400 : 404, "",
                   std::string(kind_name(kind)) + " " + id + " not found");
    stored = it->second;
  }
  std::string if_none_match = request.header("if-none-match");
  if (!if_none_match.empty() && etag_matches(if_none_match, version_tag(stored.version))) {
    HttpResponse response;
    response.status = 304;
    response.headers.emplace_back("ETag", version_tag(stored.version));
    return response;
  }
  return single(200, stored, kind, selection_of(request));
}

ScimService::Stored* ScimService::writable(const HttpRequest& request, ResourceKind kind,
                                           const std::string& id, HttpResponse* refusal) {
  auto it = collection(kind).by_id.find(id);
  if (it == collection(kind).by_id.end()) {
    *refusal = error(404, "", std::string(kind_name(kind)) + " " + id + " not found");
    return nullptr;
  }
  const std::string if_match = request.header("if-match");
  if (!if_match.empty() && !defects_.has("etag-ignored") &&
      !etag_matches(if_match, version_tag(it->second.version))) {
    *refusal = error(412, "",
                     "If-Match does not match the current version " + version_tag(it->second.version));
    return nullptr;
  }
  return &it->second;
}

HttpResponse ScimService::replace(const HttpRequest& request, ResourceKind kind,
                                  const std::string& id) {
  Json resource;
  if (auto problem = scim::parse_bounded_json(request.body, &resource)) return error(*problem);
  std::optional<scim::ScimError> problem = prepare(resource, kind);
  std::lock_guard<std::mutex> lock(mutex_);
  HttpResponse refusal;
  Stored* target = writable(request, kind, id, &refusal);
  if (!target) return refusal;
  Stored& stored = *target;
  if (problem) return error(*problem);
  bool duplicates_allowed =
      defects_.has(kind == ResourceKind::group ? "group-duplicate-accepted" : "duplicate-accepted");
  if (!duplicates_allowed && name_taken(kind, resource, id))
    return error(409, "uniqueness",
                 std::string(unique_attribute(kind)) + " '" +
                     string_member(resource, unique_attribute(kind)) + "' is already taken");
  if (defects_.has("put-ignored")) return single(200, stored, kind, selection_of(request));
  resource["id"] = id;
  if (const auto* meta = scim::find_member(stored.resource, "meta")) resource["meta"] = *meta;
  // password is write-only: a replace that leaves it out keeps the one set before.
  if (kind == ResourceKind::user && !scim::find_member(resource, "password"))
    if (const auto* password = scim::find_member(stored.resource, "password"))
      resource["password"] = *password;
  if (without_meta(resource) != without_meta(stored.resource)) {
    collection(kind).update(id, stored, std::move(resource));
    ++stored.version;
    stamp(stored, kind, id, true);
  }
  return single(200, stored, kind, selection_of(request));
}

HttpResponse ScimService::patch(const HttpRequest& request, ResourceKind kind,
                                const std::string& id) {
  Json body;
  if (auto problem = scim::parse_bounded_json(request.body, &body)) return error(*problem);
  std::lock_guard<std::mutex> lock(mutex_);
  HttpResponse refusal;
  Stored* target = writable(request, kind, id, &refusal);
  if (!target) return refusal;
  Stored& stored = *target;

  Json* operations = body.is_object() ? scim::find_member(body, "Operations") : nullptr;
  auto op_is = [](const Json& op, std::string_view name) {
    const auto* value = scim::find_member(op, "op");
    return value && value->is_string() && iequals(value->get<std::string>(), name);
  };
  auto path_of = [](const Json& op) {
    const auto* path = scim::find_member(op, "path");
    return path && path->is_string() ? path->get<std::string>() : std::string{};
  };
  bool removes_members = false;
  const bool dropped = operations && operations->is_array() &&
                       drop_patch_operations(*operations, defects_);
  if (defects_.has("manager-remove-ignored") && operations && operations->is_array()) {
    auto& ops = *operations;
    ops.erase(std::remove_if(ops.begin(), ops.end(),
                             [&](const Json& op) {
                               return op.is_object() && op_is(op, "remove") &&
                                      fold_case(path_of(op)).find("manager") != std::string::npos;
                             }),
              ops.end());
  }
  if (operations && operations->is_array()) {
    for (auto& op : *operations) {
      if (!op.is_object()) continue;
      if (defects_.has("patch-unknown-op-accepted") && !op_is(op, "add") && !op_is(op, "remove") &&
          !op_is(op, "replace")) {
        erase_member(op, "op");
        op["op"] = "replace";
      }
      if (defects_.has("member-add-first-only") && op_is(op, "add")) {
        Json* value = scim::find_member(op, "value");
        Json* members = nullptr;
        if (value && iequals(path_of(op), "members"))
          members = value;
        else if (value && value->is_object() && path_of(op).empty())
          members = scim::find_member(*value, "members");
        if (members && members->is_array() && members->size() > 1)
          members->erase(members->begin() + 1, members->end());
      }
      if (op_is(op, "remove") && fold_case(path_of(op)).rfind("members", 0) == 0)
        removes_members = true;

      // Refuses what Entra sends with the flag on: {"name.givenName": ...} or
      // {"urn:...:User:employeeNumber": ...} (an extension's own URN key stays accepted).
      if (defects_.has("patch-dotted-keys-refused") && path_of(op).empty()) {
        const Json* value = scim::find_member(op, "value");
        if (value && value->is_object())
          for (auto member = value->begin(); member != value->end(); ++member)
            if (member.key().find_first_of(".:") != std::string::npos &&
                !scim::is_schema_urn(member.key()))
              return error(
                  400, "invalidPath",
                  "pathless PATCH values must be nested objects, not '" + member.key() + "'");
      }
    }
  }

  Json updated = stored.resource;
  const bool nothing_left = operations && operations->is_array() && operations->empty() &&
                            (dropped || defects_.has("manager-remove-ignored"));
  if (!nothing_left) {
    if (auto problem = scim::apply_patch(updated, body, kind, patch_options()))
      return error(*problem);
  }
  if (defects_.has("patch-drops-other-attributes") && operations && operations->is_array())
    replace_whole_parents(updated, *operations);
  if (defects_.has("member-remove-all") && removes_members && kind == ResourceKind::group) {
    erase_member(updated, "members");
    updated["members"] = Json::array();
  }
  auto restore_active = [&](Json& target, const Json& source) {
    erase_member(target, "active");
    if (const auto* active = scim::find_member(source, "active")) target["active"] = *active;
  };
  if (defects_.has("patch-ignored")) {
    Json kept = stored.resource;
    restore_active(kept, updated);
    updated = std::move(kept);
  }
  if (defects_.has("patch-active-ignored")) restore_active(updated, stored.resource);

  const char* unique = unique_attribute(kind);
  if (string_member(updated, unique).empty())
    return error(400, "invalidValue", std::string(unique) + " is required");
  bool duplicates_allowed =
      defects_.has(kind == ResourceKind::group ? "group-duplicate-accepted" : "duplicate-accepted");
  if (!duplicates_allowed && name_taken(kind, updated, id))
    return error(
        409, "uniqueness",
        std::string(unique) + " '" + string_member(updated, unique) + "' is already taken");
  finish_for_store(updated, kind);
  erase_member(updated, "id");
  updated["id"] = id;
  erase_member(updated, "meta");
  if (const auto* meta = scim::find_member(stored.resource, "meta")) updated["meta"] = *meta;
  if (without_meta(updated) != without_meta(stored.resource)) {
    collection(kind).update(id, stored, std::move(updated));
    ++stored.version;
    stamp(stored, kind, id, true);
  }
  return single(200, stored, kind, selection_of(request));
}

HttpResponse ScimService::remove(const HttpRequest& request, ResourceKind kind,
                                 const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  HttpResponse refusal;
  Stored* target = writable(request, kind, id, &refusal);
  const std::string deleted_key = std::string(endpoint(kind)) + "/" + id;
  if (!target && refusal.status == 404 && defects_.has("delete-nonexistent-204") &&
      !deleted_ids_.contains(deleted_key)) {
    HttpResponse response;
    response.status = 204;
    return response;
  }
  if (!target) return refusal;
  if (defects_.has("delete-nonexistent-204")) deleted_ids_.insert(deleted_key);
  HttpResponse response;
  response.status = 204;
  if (defects_.has("delete-returns-200"))
    response = single(200, *target, kind, selection_of(request));
  if (defects_.has("delete-leaves-resource")) return response;
  collection(kind).erase(id);
  // A deleted user or group is no longer a member of any group.
  for (auto& [group_id, group] : groups_.by_id) {
    auto* members = scim::find_member(group.resource, "members");
    if (!members || !members->is_array()) continue;
    auto before = members->size();
    members->erase(std::remove_if(members->begin(), members->end(),
                                  [&id](const Json& member) {
                                    return member.is_object() &&
                                           string_member(member, "value") == id;
                                  }),
                   members->end());
    if (members->size() != before) {
      ++group.version;
      stamp(group, ResourceKind::group, group_id, true);
    }
  }
  return response;
}

HttpResponse ScimService::search(const HttpRequest& request, std::vector<ResourceKind> kinds) {
  if (defects_.has("search-unsupported")) return error(404, "", "POST .search is not supported");
  Json body;
  if (auto problem = scim::parse_bounded_json(request.body, &body)) return error(*problem);
  if (!body.is_object())
    return error(400, "invalidSyntax", "a SearchRequest must be a JSON object");
  ListQuery query;
  if (const auto* filter = scim::find_member(body, "filter"); filter && !filter->is_null()) {
    if (!filter->is_string()) return error(400, "invalidFilter", "filter must be a string");
    query.filter = filter->get<std::string>();
  }
  std::optional<int> start, count;
  if (!read_int(body, "startIndex", &start))
    return error(400, "invalidValue", "startIndex must be an integer");
  if (!read_int(body, "count", &count))
    return error(400, "invalidValue", "count must be an integer");
  if (start) {
    query.start_index = *start;
    query.start_index_given = true;
  }
  query.count = count;
  query.sort_by = string_member(body, "sortBy");
  query.descending = iequals(string_member(body, "sortOrder"), "descending");
  if (!read_name_list(body, "attributes", &query.selection.attributes) ||
      !read_name_list(body, "excludedAttributes", &query.selection.excluded))
    return error(400, "invalidValue", "attributes and excludedAttributes must be lists of names");
  return list(kinds, query);
}

HttpResponse ScimService::list(const std::vector<ResourceKind>& kinds, const ListQuery& query) {
  std::shared_ptr<const scim::Filter> filter;
  if (query.filter) {
    auto parsed = scim::parse_filter(*query.filter);
    bool accept_invalid = defects_.has("invalid-filter-accepted");
    if (!parsed) {
      if (!accept_invalid)
        return error(
            400, "invalidFilter",
            "malformed filter at offset " + std::to_string(parsed.offset) + ": " + parsed.error);
    } else {
      std::optional<scim::ScimError> problem;
      for (auto kind : kinds)
        if (!problem) problem = scim::validate_filter(*parsed.value, kind);
      if (problem && !accept_invalid) return error(*problem);
      if (!problem) filter = std::make_shared<const scim::Filter>(*parsed.value);
    }
  }
  if (defects_.has("filter-ignored")) filter.reset();

  // The matching resources are found and ordered through pointers into the store, under the
  // lock; only the page is copied.
  struct Item {
    std::uint64_t seq;
    ResourceKind kind;
    const Json* resource;
  };
  struct Copy {
    ResourceKind kind;
    Json resource;
  };
  std::vector<Copy> page;
  std::size_t total = 0;
  int start = std::max(1, query.start_index);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const FilterQuirks quirks{defects_.has("username-case-sensitive"),
                              defects_.has("filter-and-ignores-second"),
                              defects_.has("display-name-case-sensitive")};
    std::vector<Item> items;
    for (auto kind : kinds) {
      const Collection& store = collection(kind);
      // The index narrows by every side of an and: with the second side ignored, only a scan
      // finds what the first side alone matches.
      if (filter && !quirks.and_first_only) {
        if (auto narrowed = store.candidates(*filter, kind)) {
          for (const Entry* entry : *narrowed)
            items.push_back({entry->second.seq, kind, &entry->second.resource});
          continue;
        }
      }
      for (const auto& [id, stored] : store.by_id)
        items.push_back({stored.seq, kind, &stored.resource});
    }
    std::sort(items.begin(), items.end(),
              [](const Item& a, const Item& b) { return a.seq < b.seq; });
    if (filter)
      std::erase_if(items, [&](const Item& item) {
        return !filter_matches(*filter, *item.resource, item.kind, quirks);
      });
    if (!query.sort_by.empty()) {
      ResourceKind sort_kind = kinds.size() == 1 ? kinds[0] : ResourceKind::other;
      std::stable_sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
        return query.descending
                   ? scim::sort_less(*b.resource, *a.resource, query.sort_by, sort_kind)
                   : scim::sort_less(*a.resource, *b.resource, query.sort_by, sort_kind);
      });
    }
    total = items.size();

    std::size_t offset = static_cast<std::size_t>(start - 1);
    if (defects_.has("pagination-ignores-start-index")) offset = 0;
    if (query.start_index_given && defects_.has("start-index-zero"))
      offset = static_cast<std::size_t>(std::max(0, query.start_index));
    std::size_t limit = kMaxResults;
    if (query.count && !defects_.has("count-ignored"))
      limit = static_cast<std::size_t>(std::clamp(*query.count, 0, kMaxResults));
    for (std::size_t i = offset; i < items.size() && page.size() < limit; ++i)
      page.push_back({items[i].kind, *items[i].resource});
  }
  if (query.filter && total == 0 && defects_.has("filter-no-match-404"))
    return error(404, "", "no resource matches the filter");

  Json resources = Json::array();
  for (const auto& copy : page)
    resources.push_back(render_resource(copy.resource, copy.kind, query.selection, defects_));
  // items-per-page-wrong: the page size asked for (or a default of 20), not the one returned.
  const std::size_t items_per_page =
      defects_.has("items-per-page-wrong")
          ? static_cast<std::size_t>(std::max(0, query.count.value_or(20)))
          : resources.size();
  Json body = {{"schemas", {scim::kListResponseUrn}},
               {"startIndex", start},
               {"itemsPerPage", items_per_page},
               {"Resources", std::move(resources)}};
  if (!defects_.has("no-total-results")) body["totalResults"] = total;
  return scim_response(200, body);
}

HttpResponse ScimService::service_provider_config(const HttpRequest& request) {
  if (request.method != "GET") return error(405, "", "/ServiceProviderConfig accepts GET only");
  if (defects_.has("no-service-provider-config"))
    return error(404, "", "no such endpoint: " + request.path);
  if (request.param("filter")) return error(403, "", "discovery endpoints cannot be filtered");
  Json schemes = Json::array();
  schemes.push_back({{"type", "oauthbearertoken"},
                     {"name", "OAuth Bearer Token"},
                     {"description", "Authentication with a bearer token (RFC 6750)"},
                     {"specUri", "https://www.rfc-editor.org/rfc/rfc6750"},
                     {"primary", true}});
  if (credentials_.oauth_enabled())
    schemes.push_back({{"type", "oauth2"},
                       {"name", "OAuth 2.0"},
                       {"description",
                        "Access tokens from the client credentials grant at "
                        "{base}/oauth/token (RFC 6749)"},
                       {"specUri", "https://www.rfc-editor.org/rfc/rfc6749"}});
  if (credentials_.basic_enabled())
    schemes.push_back({{"type", "httpbasic"},
                       {"name", "HTTP Basic"},
                       {"description", "Authentication with a user name and password"},
                       {"specUri", "https://www.rfc-editor.org/rfc/rfc7617"}});
  Json body = {{"schemas", {kServiceProviderConfigUrn}},
               {"documentationUri", "https://www.rfc-editor.org/rfc/rfc7644"},
               {"patch", {{"supported", true}}},
               {"bulk", {{"supported", false}, {"maxOperations", 0}, {"maxPayloadSize", 0}}},
               {"filter", {{"supported", true}, {"maxResults", kMaxResults}}},
               {"changePassword", {{"supported", true}}},
               {"sort", {{"supported", true}}},
               {"etag", {{"supported", true}}},
               {"authenticationSchemes", schemes},
               {"meta",
                {{"resourceType", "ServiceProviderConfig"},
                 {"location", base_url_ + "/ServiceProviderConfig"}}}};
  return scim_response(200, body);
}

namespace {

Json list_response(const Json& resources) {
  return {{"schemas", {scim::kListResponseUrn}},
          {"totalResults", resources.size()},
          {"startIndex", 1},
          {"itemsPerPage", resources.size()},
          {"Resources", resources}};
}

}  // namespace

HttpResponse ScimService::resource_types(const HttpRequest& request,
                                         const std::vector<std::string>& segments) {
  if (request.method != "GET") return error(405, "", "/ResourceTypes accepts GET only");
  if (defects_.has("schemas-endpoint-missing"))
    return error(404, "", "no such endpoint: " + request.path);
  if (request.param("filter")) return error(403, "", "discovery endpoints cannot be filtered");
  auto document = [this](ResourceKind kind) {
    Json type = {{"schemas", {kResourceTypeUrn}},
                 {"id", kind_name(kind)},
                 {"name", kind_name(kind)},
                 {"endpoint", std::string("/") + endpoint(kind)},
                 {"description", kind == ResourceKind::group ? "Group" : "User Account"},
                 {"schema", kind == ResourceKind::group ? scim::kGroupUrn : scim::kUserUrn},
                 {"meta",
                  {{"resourceType", "ResourceType"},
                   {"location", base_url_ + "/ResourceTypes/" + kind_name(kind)}}}};
    if (kind == ResourceKind::user)
      type["schemaExtensions"] = {{{"schema", scim::kEnterpriseUrn}, {"required", false}}};
    return type;
  };
  std::vector<ResourceKind> kinds{ResourceKind::user};
  if (rules_.groups) kinds.push_back(ResourceKind::group);
  const bool list_by_id = defects_.has("discovery-by-id-returns-list");
  if (segments.size() == 1 || (segments.size() == 2 && list_by_id)) {
    Json resources = Json::array();
    for (auto kind : kinds) resources.push_back(document(kind));
    return scim_response(200, list_response(resources));
  }
  if (segments.size() == 2)
    for (auto kind : kinds)
      if (iequals(segments[1], kind_name(kind))) return scim_response(200, document(kind));
  return error(404, "", "no such resource type: " + request.path);
}

namespace {

/// The server stores name.displayName (MediusFlow maps it), so its /Schemas declares it.
void declare_name_display_name(Json& user_schema) {
  for (auto& attribute : user_schema["attributes"]) {
    if (attribute.value("name", std::string()) != "name") continue;
    auto& subs = attribute["subAttributes"];
    for (const auto& sub : subs)
      if (sub.value("name", std::string()) == "displayName") return;
    Json declared = subs.empty() ? Json::object() : subs.front();
    declared["name"] = "displayName";
    declared["description"] = "The name as displayed (MediusFlow maps it).";
    subs.push_back(std::move(declared));
  }
}

}  // namespace

HttpResponse ScimService::schemas(const HttpRequest& request,
                                  const std::vector<std::string>& segments) {
  if (request.method != "GET") return error(405, "", "/Schemas accepts GET only");
  if (defects_.has("schemas-endpoint-missing"))
    return error(404, "", "no such endpoint: " + request.path);
  if (request.param("filter")) return error(403, "", "discovery endpoints cannot be filtered");
  std::vector<const scim::SchemaDef*> served;
  const bool group_served = rules_.groups && !defects_.has("schemas-no-group");
  for (const auto& schema : scim::schemas())
    if (group_served || schema.id != scim::kGroupUrn) served.push_back(&schema);
  const bool list_by_id = defects_.has("discovery-by-id-returns-list");
  const auto document = [&](const scim::SchemaDef& schema) {
    Json doc = scim::schema_document(schema, base_url_);
    if (schema.id == scim::kUserUrn) declare_name_display_name(doc);
    if (defects_.has("schemas-missing-mapped-attribute") && schema.id == scim::kUserUrn) {
      auto& attributes = doc["attributes"];
      attributes.erase(std::remove_if(attributes.begin(), attributes.end(),
                                      [](const Json& attribute) {
                                        return attribute.value("name", std::string()) ==
                                               "displayName";
                                      }),
                       attributes.end());
    }
    if (defects_.has("schemas-wrong-type") && schema.id == scim::kUserUrn)
      for (auto& attribute : doc["attributes"])
        if (attribute.value("name", std::string()) == "active") attribute["type"] = "string";
    return doc;
  };
  if (segments.size() == 1 || (segments.size() == 2 && list_by_id)) {
    Json resources = Json::array();
    for (const auto* schema : served) resources.push_back(document(*schema));
    return scim_response(200, list_response(resources));
  }
  if (segments.size() == 2)
    for (const auto* schema : served)
      if (iequals(segments[1], schema->id)) return scim_response(200, document(*schema));
  return error(404, "", "no such schema: " + request.path);
}

}  // namespace scimcheck::server
