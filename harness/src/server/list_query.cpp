#include "server/list_query.hpp"

#include <algorithm>
#include <charconv>

#include "scim/json_limits.hpp"
#include "scim/path.hpp"
#include "scim/projection.hpp"
#include "server/support.hpp"

namespace scimcheck::server {
namespace {

using Json = nlohmann::json;

bool parse_int(const std::string& text, int* out) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  auto [end, ec] = std::from_chars(first, last, *out);
  return ec == std::errc() && end == last && first != last;
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

Selection read_selection(const HttpRequest& request) {
  Selection selection;
  if (const auto* attributes = request.param("attributes"))
    selection.attributes = scim::split_attribute_list(*attributes);
  if (const auto* excluded = request.param("excludedAttributes"))
    selection.excluded = scim::split_attribute_list(*excluded);
  return selection;
}

std::variant<ListQuery, scim::ScimError> read_list_params(const HttpRequest& request) {
  ListQuery query;
  if (const auto* filter = request.param("filter")) query.filter = *filter;
  if (const auto* start = request.param("startIndex")) {
    if (!parse_int(*start, &query.start_index))
      return scim::ScimError{400, "invalidValue", "startIndex must be an integer"};
    query.start_index_given = true;
  }
  if (const auto* count = request.param("count")) {
    int n = 0;
    if (!parse_int(*count, &n))
      return scim::ScimError{400, "invalidValue", "count must be an integer"};
    query.count = n;
  }
  if (const auto* sort_by = request.param("sortBy")) query.sort_by = *sort_by;
  if (const auto* order = request.param("sortOrder"))
    query.descending = iequals(*order, "descending");
  query.selection = read_selection(request);
  return query;
}

std::variant<ListQuery, scim::ScimError> read_search_request(const std::string& text) {
  Json body;
  if (auto problem = scim::parse_bounded_json(text, &body)) return *problem;
  if (!body.is_object())
    return scim::ScimError{400, "invalidSyntax", "a SearchRequest must be a JSON object"};
  ListQuery query;
  if (const auto* filter = scim::find_member(body, "filter"); filter && !filter->is_null()) {
    if (!filter->is_string())
      return scim::ScimError{400, "invalidFilter", "filter must be a string"};
    query.filter = filter->get<std::string>();
  }
  std::optional<int> start, count;
  if (!read_int(body, "startIndex", &start))
    return scim::ScimError{400, "invalidValue", "startIndex must be an integer"};
  if (!read_int(body, "count", &count))
    return scim::ScimError{400, "invalidValue", "count must be an integer"};
  if (start) {
    query.start_index = *start;
    query.start_index_given = true;
  }
  query.count = count;
  query.sort_by = string_member(body, "sortBy");
  query.descending = iequals(string_member(body, "sortOrder"), "descending");
  if (!read_name_list(body, "attributes", &query.selection.attributes) ||
      !read_name_list(body, "excludedAttributes", &query.selection.excluded))
    return scim::ScimError{400, "invalidValue",
                           "attributes and excludedAttributes must be lists of names"};
  return query;
}

ParsedFilter parse_list_filter(const ListQuery& query,
                               const std::vector<scim::ResourceKind>& kinds) {
  ParsedFilter out;
  if (!query.filter) return out;
  auto parsed = scim::parse_filter(*query.filter);
  if (!parsed) {
    out.problem = scim::ScimError{
        400, "invalidFilter",
        "malformed filter at offset " + std::to_string(parsed.offset) + ": " + parsed.error};
    return out;
  }
  for (auto kind : kinds)
    if (!out.problem) out.problem = scim::validate_filter(*parsed.value, kind);
  if (!out.problem) out.tree = std::make_shared<const scim::Filter>(*parsed.value);
  return out;
}

Paging page_of(const ListQuery& query) {
  Paging page;
  page.offset = static_cast<std::size_t>(std::max(1, query.start_index) - 1);
  if (query.count) page.limit = static_cast<std::size_t>(std::clamp(*query.count, 0, kMaxResults));
  return page;
}

}  // namespace scimcheck::server
