#pragma once
/// The reference server's store: Users and Groups by id, in creation order, with an index of
/// the attributes that uniqueness and Entra's queries read. Not thread-safe by itself: callers
/// hold Store::mutex.
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "scim/attributes.hpp"
#include "scim/filter.hpp"

namespace scimcheck::server {

struct Stored {
  nlohmann::json resource;
  std::uint64_t seq = 0;
  int version = 1;
};
/// One stored resource with its id: an element of Collection::by_id, whose address stays valid
/// until it is erased.
using Entry = std::pair<const std::string, Stored>;

/// One resource type's store. Besides the resources by id it indexes the attributes that
/// uniqueness and Entra's queries use (userName, externalId, displayName), so `attr eq
/// "value"` (alone, in an and, or on both sides of an or), `id eq "value"` and the uniqueness
/// checks do not scan the store. The index only narrows the candidates: the filter, with its
/// defects, still decides each one, so it must hold every resource a filter could match: each
/// top-level member whose name is the attribute in any case, a string under its value
/// lower-cased (ASCII, as iequals), any other value (a boolean matches "True", an array by its
/// elements) among the irregular ones, which every lookup returns.
class Collection {
 public:
  static constexpr std::size_t kIndexed = 3;

  const std::unordered_map<std::string, Stored>& by_id() const { return by_id_; }
  Stored* find(const std::string& id);
  const Stored* find(const std::string& id) const;

  void add(const std::string& id, Stored stored);
  void erase(const std::string& id);
  /// Replaces a stored resource's content, keeping the index in step.
  void update(const std::string& id, Stored& stored, nlohmann::json resource);
  /// Calls `visit(id, stored)` for every resource, which may change anything but the members
  /// the index reads.
  template <typename Visit>
  void for_each_unindexed(Visit visit) {
    for (auto& [id, stored] : by_id_) visit(id, stored);
  }
  /// The resources a filter on this kind can match, by seq, when the index can tell; nullopt
  /// when only a scan can.
  std::optional<std::vector<const Entry*>> candidates(const scim::Filter& filter,
                                                      scim::ResourceKind kind) const;
  /// The resources whose (unique-name) string attribute has this value ignoring case.
  std::vector<const Entry*> named(const std::string& attribute, const std::string& value) const;

 private:
  /// Resources by seq (creation order).
  using BySeq = std::map<std::uint64_t, const Entry*>;
  void reindex(const Entry& entry, bool add);

  std::unordered_map<std::string, Stored> by_id_;
  std::array<std::unordered_map<std::string, BySeq>, kIndexed> by_value_;
  std::array<BySeq, kIndexed> irregular_;
};

/// Both collections and the creation counter, guarded by one mutex.
struct Store {
  std::mutex mutex;
  Collection users, groups;
  std::uint64_t next_seq = 1;

  Collection& of(scim::ResourceKind kind) {
    return kind == scim::ResourceKind::group ? groups : users;
  }
  const Collection& of(scim::ResourceKind kind) const {
    return kind == scim::ResourceKind::group ? groups : users;
  }
};

}  // namespace scimcheck::server
