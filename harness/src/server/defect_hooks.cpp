#include "server/defect_hooks.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "scim/path.hpp"
#include "server/support.hpp"

namespace scimcheck::server {
namespace {

using Json = nlohmann::json;
using scim::ResourceKind;

/// The key delete-nonexistent-204 remembers a deleted resource by.
std::string deleted_key(ResourceKind kind, const std::string& id) {
  return (kind == ResourceKind::group ? "Groups/" : "Users/") + id;
}

/// The filter with every and decided by its first side alone (filter-and-ignores-second).
/// Value paths keep their inner filter. The recursion follows the parsed filter, whose
/// nesting the parser bounds.
std::shared_ptr<const scim::Filter> first_sides(const std::shared_ptr<const scim::Filter>& node) {
  using Kind = scim::Filter::Kind;
  if (node->kind == Kind::logical_and) return first_sides(node->children.front());
  if (node->kind != Kind::logical_or && node->kind != Kind::logical_not) return node;
  auto copy = std::make_shared<scim::Filter>(*node);
  for (auto& child : copy->children) child = first_sides(child);
  return copy;
}

/// Whether any operation of a PATCH that is a remove names members.
bool removes_members(const Json* body) {
  const Json* operations =
      body && body->is_object() ? scim::find_member(*body, "Operations") : nullptr;
  if (!operations || !operations->is_array()) return false;
  return std::any_of(operations->begin(), operations->end(), [](const Json& op) {
    return op.is_object() && iequals(string_member(op, "op"), "remove") &&
           fold_case(string_member(op, "path")).rfind("members", 0) == 0;
  });
}

/// patch-drops-other-attributes: a replace on "parent.sub" (no filter, no URN) leaves the
/// parent holding that sub-attribute alone.
void replace_whole_parents(Json& resource, const Json* body) {
  const Json* operations =
      body && body->is_object() ? scim::find_member(*body, "Operations") : nullptr;
  if (!operations || !operations->is_array()) return;
  for (const auto& op : *operations) {
    if (!op.is_object()) continue;
    const Json* path = scim::find_member(op, "path");
    const Json* value = scim::find_member(op, "value");
    if (!iequals(string_member(op, "op"), "replace") || !path || !path->is_string() || !value)
      continue;
    const std::string& text = path->get_ref<const std::string&>();
    const auto dot = text.find('.');
    if (dot == std::string::npos || text.find_first_of(":[") != std::string::npos) continue;
    const std::string parent = text.substr(0, dot);
    erase_member(resource, parent);
    resource[parent] = Json{{text.substr(dot + 1), *value}};
  }
}

/// Sets `target`'s active to `source`'s (none when `source` has none).
void copy_active(Json& target, const Json& source) {
  erase_member(target, "active");
  if (const auto* active = scim::find_member(source, "active")) target["active"] = *active;
}

/// readonly-from-request: the meta.created a create body sends, kept by the server.
void keep_sent_created(Json& content, const Json* sent) {
  const auto* meta = sent ? scim::find_member(*sent, "meta") : nullptr;
  const auto* created = meta && meta->is_object() ? scim::find_member(*meta, "created") : nullptr;
  if (created && created->is_string()) content["meta"] = Json{{"created", *created}};
}

void drop_name_parts(Json& content) {
  if (auto* name = scim::find_member(content, "name"); name && name->is_object()) {
    erase_member(*name, "formatted");
    erase_member(*name, "displayName");
  }
}

}  // namespace

DefectHooks::DefectHooks(DefectSet defects, int slow_ms)
    : defects_(defects), slow_ms_(std::max(0, slow_ms)) {}

scim::PatchOptions DefectHooks::patch_options() const {
  scim::PatchOptions options;
  options.case_insensitive_op = !on(Defect::patch_capitalised_op_refused);
  options.string_booleans = !on(Defect::patch_string_boolean_refused);
  options.filtered_add_creates = !on(Defect::patch_filtered_add_refused);
  return options;
}

AppRules DefectHooks::app_rules(AppRules rules) const {
  if (on(Defect::names_optional)) rules.required_user_attributes.clear();
  if (on(Defect::domain_unchecked)) rules.user_name_domains.clear();
  return rules;
}

std::optional<scim::ScimError> DefectHooks::request(HttpRequest& request, Target& target) const {
  const bool get = request.method == "GET";
  const Endpoint endpoint = target.endpoint;
  const bool discovery = endpoint == Endpoint::schemas || endpoint == Endpoint::resource_types;
  if (on(Defect::etag_ignored)) request.headers.erase("if-match");
  if (on(Defect::search_unsupported) && request.method == "POST" &&
      (endpoint == Endpoint::search || endpoint == Endpoint::collection_search))
    return scim::ScimError{404, "", "POST .search is not supported"};
  if ((on(Defect::no_service_provider_config) && get &&
       endpoint == Endpoint::service_provider_config) ||
      (on(Defect::schemas_endpoint_missing) && get && discovery))
    return scim::ScimError{404, "", "no such endpoint: " + request.path};
  if (on(Defect::discovery_by_id_returns_list) && discovery && target.segments.size() == 2)
    target.segments.pop_back();
  return std::nullopt;
}

void DefectHooks::filter(ParsedFilter& filter) const {
  if (on(Defect::invalid_filter_accepted)) filter.problem.reset();
  if (filter.problem || !filter.tree) return;
  if (on(Defect::filter_ignored)) filter.tree.reset();
  if (filter.tree && on(Defect::filter_and_ignores_second)) filter.tree = first_sides(filter.tree);
}

void DefectHooks::paging(Paging& page, const ListQuery& query) const {
  if (on(Defect::pagination_ignores_start_index)) page.offset = 0;
  if (on(Defect::start_index_zero) && query.start_index_given)
    page.offset = static_cast<std::size_t>(std::max(0, query.start_index));
  if (on(Defect::count_ignored)) page.limit = kMaxResults;
}

void DefectHooks::store(Write& write) const {
  switch (write.action) {
    case Write::Action::create:
      if (on(Defect::create_returns_200)) write.status = 200;
      if (on(Defect::readonly_from_request)) keep_sent_created(*write.content, write.sent);
      break;
    case Write::Action::replace:
      if (on(Defect::put_ignored)) write.apply = false;
      break;
    case Write::Action::patch:
      store_patch(write);
      break;
    case Write::Action::remove:
      store_delete(write);
      return;
  }
  if (on(Defect::name_parts_dropped) && write.kind == ResourceKind::user)
    drop_name_parts(*write.content);
}

void DefectHooks::store_patch(Write& write) const {
  Json& updated = *write.content;
  if (on(Defect::patch_drops_other_attributes)) replace_whole_parents(updated, write.sent);
  if (on(Defect::member_remove_all) && write.kind == ResourceKind::group &&
      removes_members(write.sent)) {
    erase_member(updated, "members");
    updated["members"] = Json::array();
  }
  if (on(Defect::patch_ignored)) {
    Json kept = *write.previous;
    copy_active(kept, updated);
    updated = std::move(kept);
  }
  if (on(Defect::patch_active_ignored)) copy_active(updated, *write.previous);
}

void DefectHooks::store_delete(Write& write) const {
  if (on(Defect::delete_nonexistent_204)) {
    std::lock_guard<std::mutex> lock(deleted_mutex_);
    deleted_.insert(deleted_key(write.kind, write.id));
  }
  if (on(Defect::delete_returns_200)) write.status = 200;
  if (on(Defect::delete_leaves_resource)) write.apply = false;
}

void DefectHooks::clashes(ResourceKind kind, const std::string& wanted,
                          std::vector<std::string>& held) const {
  const bool user = kind == ResourceKind::user;
  if (on(user ? Defect::duplicate_accepted : Defect::group_duplicate_accepted)) held.clear();
  if (on(Defect::duplicate_case_sensitive) && user)
    std::erase_if(held, [&wanted](const std::string& name) { return name != wanted; });
}

std::optional<HttpResponse> DefectHooks::missing(const HttpRequest& request, ResourceKind kind,
                                                 const std::string& id,
                                                 scim::ScimError& error) const {
  if (on(Defect::unknown_id_400) && request.method == "GET") error.status = 400;
  if (on(Defect::delete_nonexistent_204) && request.method == "DELETE") {
    std::lock_guard<std::mutex> lock(deleted_mutex_);
    if (!deleted_.contains(deleted_key(kind, id))) {
      HttpResponse response;
      response.status = 204;
      return response;
    }
  }
  return std::nullopt;
}

void DefectHooks::challenges(std::vector<std::string>& challenges) const {
  if (on(Defect::no_www_authenticate)) challenges.clear();
}

void DefectHooks::response(HttpResponse& response) const {
  if (on(Defect::slow)) std::this_thread::sleep_for(std::chrono::milliseconds(slow_ms_));
  if (on(Defect::no_location))
    std::erase_if(response.headers, [](const auto& header) { return header.first == "Location"; });
  if (!response.scim_body) return;
  if (on(Defect::json_content_type)) response.content_type = "application/json";
  if (on(Defect::truncated_json)) response.body.resize(response.body.size() / 2);
}

Credentials::Verdict DefectHooks::verdict(Credentials::Verdict verdict) const {
  using Verdict = Credentials::Verdict;
  const bool bearer = verdict == Verdict::unknown_bearer || verdict == Verdict::retired_bearer;
  if ((on(Defect::no_auth) && verdict == Verdict::missing) ||
      (on(Defect::wrong_token_accepted) && bearer) ||
      (on(Defect::old_token_valid) && verdict == Verdict::retired_bearer))
    return Verdict::accepted;
  return verdict;
}

}  // namespace scimcheck::server
