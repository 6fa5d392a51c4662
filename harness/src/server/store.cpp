#include "server/store.hpp"

#include <algorithm>
#include <iterator>
#include <string_view>

#include "scim/path.hpp"
#include "server/support.hpp"

namespace scimcheck::server {
namespace {

using Json = nlohmann::json;
using scim::ResourceKind;

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

}  // namespace

Stored* Collection::find(const std::string& id) {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &it->second;
}

const Stored* Collection::find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &it->second;
}

void Collection::reindex(const Entry& entry, bool add) {
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
        irregular_[slot].emplace(seq, &entry);
      else
        irregular_[slot].erase(seq);
      continue;
    }
    auto& values = by_value_[slot];
    std::string key = fold_case(it->get_ref<const std::string&>());
    if (add) {
      values[std::move(key)].emplace(seq, &entry);
    } else if (auto found = values.find(key); found != values.end()) {
      found->second.erase(seq);
      if (found->second.empty()) values.erase(found);
    }
  }
}

void Collection::add(const std::string& id, Stored stored) {
  auto [it, inserted] = by_id_.emplace(id, std::move(stored));
  if (inserted) reindex(*it, true);
}

void Collection::erase(const std::string& id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  reindex(*it, false);
  by_id_.erase(it);
}

void Collection::update(const std::string& id, Stored& stored, Json resource) {
  auto it = by_id_.find(id);
  if (it == by_id_.end() || &it->second != &stored) {  // not stored: nothing is indexed
    stored.resource = std::move(resource);
    return;
  }
  reindex(*it, false);
  stored.resource = std::move(resource);
  reindex(*it, true);
}

std::vector<const Entry*> Collection::named(const std::string& attribute,
                                            const std::string& value) const {
  std::vector<const Entry*> out;
  const std::size_t slot = indexed_slot(attribute);
  if (slot == kIndexed) return out;
  if (auto it = by_value_[slot].find(fold_case(value)); it != by_value_[slot].end())
    for (const auto& [seq, entry] : it->second) out.push_back(entry);
  return out;
}

std::optional<std::vector<const Entry*>> Collection::candidates(const scim::Filter& filter,
                                                                ResourceKind kind) const {
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
    if (auto it = by_id_.find(value); it != by_id_.end()) one.push_back(&*it);
    return one;
  }
  const std::size_t slot = indexed_slot(path.attr);
  if (slot == kIndexed) return std::nullopt;
  // Under the value ignoring case (the filter compares case-insensitively or exactly, both
  // are in there), and every value that is not a string.
  List found = named(std::string(kIndexedNames[slot]), value);
  if (!irregular_[slot].empty()) {
    for (const auto& [seq, entry] : irregular_[slot]) found.push_back(entry);
    std::sort(found.begin(), found.end(), by_seq);
    found.erase(std::unique(found.begin(), found.end()), found.end());
  }
  return found;
}

}  // namespace scimcheck::server
