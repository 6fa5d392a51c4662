#include "server/query.hpp"

#include <algorithm>
#include <memory>
#include <mutex>
#include <variant>

#include "scim/projection.hpp"
#include "server/representation.hpp"

namespace scimcheck::server {
namespace {

using Json = nlohmann::json;
using scim::ResourceKind;

/// A stored resource a list request matched, read in place under the store's lock.
struct Match {
  std::uint64_t seq;
  ResourceKind kind;
  const Json* resource;
};

/// A copy of a resource on the page, taken under the lock.
struct Copy {
  ResourceKind kind;
  Json resource;
};

/// The resources of the kinds that can match the filter, in creation order: the index's
/// candidates when it can narrow them, else every one (caller locks).
std::vector<Match> candidates(const Store& store, const std::vector<ResourceKind>& kinds,
                              const scim::Filter* filter) {
  std::vector<Match> out;
  for (auto kind : kinds) {
    const Collection& collection = store.of(kind);
    if (filter) {
      if (auto narrowed = collection.candidates(*filter, kind)) {
        for (const Entry* entry : *narrowed)
          out.push_back({entry->second.seq, kind, &entry->second.resource});
        continue;
      }
    }
    for (const auto& [id, stored] : collection.by_id())
      out.push_back({stored.seq, kind, &stored.resource});
  }
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) { return a.seq < b.seq; });
  return out;
}

void sort_matches(std::vector<Match>& matches, const std::vector<ResourceKind>& kinds,
                  const ListQuery& query) {
  if (query.sort_by.empty()) return;
  const ResourceKind kind = kinds.size() == 1 ? kinds[0] : ResourceKind::other;
  std::stable_sort(matches.begin(), matches.end(), [&](const Match& a, const Match& b) {
    return query.descending ? scim::sort_less(*b.resource, *a.resource, query.sort_by, kind)
                            : scim::sort_less(*a.resource, *b.resource, query.sort_by, kind);
  });
}

}  // namespace

HttpResponse Query::list(const HttpRequest& request, ResourceKind kind) {
  auto query = read_list_params(request);
  if (auto* problem = std::get_if<scim::ScimError>(&query)) return ctx_.error(*problem);
  return answer({kind}, std::get<ListQuery>(query));
}

HttpResponse Query::search(const HttpRequest& request, const std::vector<ResourceKind>& kinds) {
  auto query = read_search_request(request.body);
  if (auto* problem = std::get_if<scim::ScimError>(&query)) return ctx_.error(*problem);
  return answer(kinds, std::get<ListQuery>(query));
}

HttpResponse Query::answer(const std::vector<ResourceKind>& kinds, const ListQuery& query) {
  ParsedFilter filter = parse_list_filter(query, kinds);
  ctx_.defects.filter(filter);
  if (filter.problem) return ctx_.error(*filter.problem);
  // The matches are found and ordered through pointers into the store, under the lock; only
  // the page is copied.
  std::vector<Copy> page;
  std::size_t total = 0;
  {
    std::lock_guard<std::mutex> lock(store_.mutex);
    std::vector<Match> matches = candidates(store_, kinds, filter.tree.get());
    if (filter.tree)
      std::erase_if(matches, [&](const Match& match) {
        return !ctx_.defects.matches(*filter.tree, *match.resource, match.kind);
      });
    sort_matches(matches, kinds, query);
    total = matches.size();
    Paging paging = page_of(query);
    ctx_.defects.paging(paging, query);
    for (std::size_t i = paging.offset; i < matches.size() && page.size() < paging.limit; ++i)
      page.push_back({matches[i].kind, *matches[i].resource});
  }
  Json resources = Json::array();
  for (const auto& copy : page)
    resources.push_back(render_resource(copy.resource, copy.kind, query.selection, ctx_.defects));
  const std::size_t shown = resources.size();
  Json body = {{"schemas", {scim::kListResponseUrn}},
               {"totalResults", total},
               {"startIndex", std::max(1, query.start_index)},
               {"itemsPerPage", shown},
               {"Resources", std::move(resources)}};
  if (auto refusal = ctx_.defects.list_response(body, query)) return ctx_.error(*refusal);
  return scim_response(200, body);
}

}  // namespace scimcheck::server
