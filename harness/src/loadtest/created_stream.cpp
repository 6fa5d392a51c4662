#include "loadtest/created_stream.hpp"

namespace scimcheck::loadtest {

namespace {
/// Ids an IdFeed takes from its stream at once.
constexpr std::size_t kBatch = 32;
}  // namespace

CreatedStream::CreatedStream(const run::Ledger& ledger, const std::string& endpoint, bool cycle)
    : cursor_(ledger.created_resources(endpoint, cycle)) {}

std::size_t CreatedStream::take(std::size_t n, std::vector<run::CreatedResource>& out) {
  std::lock_guard lock(mutex_);
  const std::size_t first = position_;
  out.clear();
  while (out.size() < n) {
    auto r = cursor_.next();
    if (!r) break;
    out.push_back(std::move(*r));
    ++position_;
  }
  return first;
}

bool IdFeed::next(std::string& id) {
  if (cycle_ > 0 && cache_.size() == cycle_) {
    id = cache_[served_++ % cycle_];
    return true;
  }
  if (at_ == batch_.size()) {
    stream_.take(kBatch, batch_);
    at_ = 0;
    if (batch_.empty()) return false;
  }
  id.swap(batch_[at_++].id);
  if (cache_.size() < cycle_) cache_.push_back(id);
  ++served_;
  return true;
}

}  // namespace scimcheck::loadtest
