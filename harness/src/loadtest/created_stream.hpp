#pragma once
/// The created resources of a load, read back from its cleanup ledger file (not kept in
/// memory): shared by the workers of a phase, and handed out id by id to the reads.
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "run/ledger.hpp"

namespace scimcheck::loadtest {

/// The created resources of one endpoint, read back from the ledger file by every worker in
/// turn, with their position in the order of creation.
class CreatedStream {
 public:
  /// `cycle`: after the last resource, start again from the first.
  CreatedStream(const run::Ledger& ledger, const std::string& endpoint, bool cycle);

  /// Up to n next resources, consecutive in the stream; the position of the first.
  std::size_t take(std::size_t n, std::vector<run::CreatedResource>& out);

 private:
  std::mutex mutex_;
  run::Ledger::Cursor cursor_;
  std::size_t position_ = 0;
};

/// Most ids an IdFeed keeps to cycle over in memory (about 80 bytes each).
inline constexpr std::size_t kMaxCachedIds = 10000;

/// The ids of a stream one by one, taken from it a batch at a time (one lock for several).
/// Given the length of a cyclic stream read by this feed alone, at most kMaxCachedIds, the
/// first cycle is kept and the next ones come from memory instead of the ledger file.
class IdFeed {
 public:
  explicit IdFeed(CreatedStream& stream, std::size_t cycle = 0)
      : stream_(stream), cycle_(cycle <= kMaxCachedIds ? cycle : 0) {}
  /// The next id; false when the stream has none left.
  bool next(std::string& id);

 private:
  CreatedStream& stream_;
  std::vector<run::CreatedResource> batch_;
  std::size_t at_ = 0;
  std::size_t cycle_;
  std::vector<std::string> cache_;  // the first cycle_ ids
  std::size_t served_ = 0;
};

}  // namespace scimcheck::loadtest
