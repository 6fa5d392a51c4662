#pragma once
/// The reference server's list and search endpoints: filter (through the store's index),
/// sort, page and project the stored resources into a ListResponse (RFC 7644 3.4.2, 3.4.3).
#include <vector>

#include "scim/attributes.hpp"
#include "server/context.hpp"
#include "server/list_query.hpp"
#include "server/message.hpp"
#include "server/store.hpp"

namespace scimcheck::server {

class Query {
 public:
  Query(const ServiceContext& context, Store& store) : ctx_(context), store_(store) {}

  /// GET /Users or /Groups with query parameters.
  HttpResponse list(const HttpRequest& request, scim::ResourceKind kind);
  /// POST .search with a SearchRequest body, over the kinds listed.
  HttpResponse search(const HttpRequest& request, const std::vector<scim::ResourceKind>& kinds);

 private:
  /// The matching resources as the ListResponse shows them.
  HttpResponse answer(const std::vector<scim::ResourceKind>& kinds, const ListQuery& query);

  const ServiceContext& ctx_;
  Store& store_;
};

}  // namespace scimcheck::server
