#pragma once
/// A list request as the reference server reads it: from the query parameters of
/// GET /Users or /Groups, or from the SearchRequest body of POST .search (RFC 7644 3.4.2,
/// 3.4.3).
#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "scim/error.hpp"
#include "scim/filter.hpp"
#include "server/message.hpp"

namespace scimcheck::server {

/// The most resources one page holds (the ServiceProviderConfig's filter.maxResults).
inline constexpr int kMaxResults = 200;

struct ListQuery {
  std::optional<std::string> filter;
  int start_index = 1;
  bool start_index_given = false;
  std::optional<int> count;
  std::string sort_by;
  bool descending = false;
  Selection selection;
};

/// The filter of a list request once parsed and validated: the tree, or the problem that
/// refuses the request (neither: no filter).
struct ParsedFilter {
  std::shared_ptr<const scim::Filter> tree;
  std::optional<scim::ScimError> problem;
};

/// Which of the ordered matches a page holds: from `offset` (0-based), at most `limit`.
struct Paging {
  std::size_t offset = 0;
  std::size_t limit = kMaxResults;
};

/// A GET list request's query parameters; a 400 invalidValue for a startIndex or count that
/// is not an integer.
std::variant<ListQuery, scim::ScimError> read_list_params(const HttpRequest& request);
/// A SearchRequest body; a 400 for a body that is not a SearchRequest.
std::variant<ListQuery, scim::ScimError> read_search_request(const std::string& body);
/// The attributes and excludedAttributes query parameters of any request.
Selection read_selection(const HttpRequest& request);

/// Parses and validates the query's filter for every kind listed.
ParsedFilter parse_list_filter(const ListQuery& query,
                               const std::vector<scim::ResourceKind>& kinds);
/// The page the query asks for, startIndex 1-based and count at most kMaxResults.
Paging page_of(const ListQuery& query);

}  // namespace scimcheck::server
