#include "run/sweep.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "http/url.hpp"

namespace scimcheck::run {
namespace {

using suite::Json;

bool is_success(int status) { return status >= 200 && status < 300; }

/// Counts requests in a row that got no answer at all.
class UnansweredCount : public http::Transport {
 public:
  explicit UnansweredCount(http::Transport& inner) : inner_(inner) {}
  http::Exchange send(const http::Request& request) override {
    http::Exchange exchange = inner_.send(request);
    if (is_unanswered(exchange))
      ++in_a_row_;
    else if (!exchange.error)
      in_a_row_ = 0;
    return exchange;
  }
  int in_a_row() const { return in_a_row_; }

 private:
  http::Transport& inner_;
  int in_a_row_ = 0;
};

/// Lists in a marker lookup examined at most (the marker is unique: one match is expected).
constexpr std::size_t kMaxExamined = 1000;
constexpr std::size_t kMaxCandidates = 8;

/// The final delete of what the ledger still holds: each id is read back and deleted only
/// when it carries the run's marker; entries with no proven id are looked up by their marker.
class Sweeper {
 public:
  Sweeper(Ledger& ledger, const std::string& base_url, http::Transport& transport,
          const Authorize& authorize, int max_unanswered)
      : ledger_(ledger), base_url_(base_url), transport_(transport), authorize_(authorize),
        max_unanswered_(max_unanswered) {}

  result::Cleanup sweep(const std::string& case_id) {
    for (const auto& entry : ledger_.outstanding(case_id)) {
      if (stalled()) {
        leftover(entry, "not tried: the target stopped answering");
        continue;
      }
      if (entry.state == LedgerEntry::State::created)
        remove(entry, entry.id);
      else
        find_and_remove(entry);
    }
    return std::move(cleanup_);
  }

 private:
  bool stalled() const { return max_unanswered_ > 0 && transport_.in_a_row() >= max_unanswered_; }

  Marker marker_of(const LedgerEntry& entry) const {
    return {entry.marker_attr, entry.marker_value, ledger_.header().run_id, MarkerMatch::run};
  }

  static std::string name_of(const LedgerEntry& entry) {
    return entry.endpoint + " " + entry.marker_attr + "=" + entry.marker_value;
  }

  void leftover(const LedgerEntry& entry, const std::string& why) {
    const std::string what = entry.id.empty() || entry.state != LedgerEntry::State::created
                                 ? name_of(entry)
                                 : entry.endpoint + "/" + entry.id;
    cleanup_.leftovers.push_back(what + ": " + why);
  }

  /// deleted; gone (404 before the DELETE); kept (not proven the run's own: listed when the
  /// entry is created); failed (proven, but the DELETE failed: listed).
  enum class Removal { deleted, gone, kept, failed };

  /// Reads id back and deletes it when it is the run's own.
  Removal remove(const LedgerEntry& entry, const std::string& id) {
    const std::string where = entry.endpoint + "/" + id;
    const ReadBack proof = read_back(transport_, authorize_, base_url_, entry.endpoint, id,
                                     marker_of(entry));
    if (proof.proof == Proof::gone) {
      if (entry.state == LedgerEntry::State::created) {
        ledger_.deleted(entry.endpoint, id);
        ++cleanup_.deleted;
      }
      return Removal::gone;
    }
    if (proof.proof != Proof::owned) {
      if (entry.state == LedgerEntry::State::created)
        cleanup_.leftovers.push_back(where + ": not deleted: " + proof.detail);
      last_detail_ = proof.detail;
      return Removal::kept;
    }
    if (entry.state != LedgerEntry::State::created) ledger_.created(entry.seq, id);
    http::Request del;
    del.method = "DELETE";
    del.url = http::join_url(base_url_, entry.endpoint + "/" + *http::path_segment(id), {});
    const auto ex = send_authorized(transport_, authorize_, std::move(del));
    if (!ex.error && (is_success(ex.response.status) || ex.response.status == 404)) {
      ledger_.deleted(entry.endpoint, id);
      ++cleanup_.deleted;
      return Removal::deleted;
    }
    cleanup_.leftovers.push_back(
        where + ": " +
        (ex.error ? ex.error->message : "DELETE answered " + std::to_string(ex.response.status)));
    return Removal::failed;
  }

  /// The ids of the resources a filter on the entry's marker lists with that marker (a
  /// bounded number, read in place); nullopt when the lookup got no usable list.
  std::optional<std::vector<std::string>> find_by_marker(const LedgerEntry& entry) {
    std::string value;
    for (char c : entry.marker_value) {
      if (c == '"' || c == '\\') value += '\\';
      value += c;
    }
    http::Request find;
    find.method = "GET";
    find.url = http::join_url(base_url_, entry.endpoint,
                              {{"filter", entry.marker_attr + " eq \"" + value + "\""}});
    const auto ex = send_authorized(transport_, authorize_, std::move(find));
    if (ex.error || !is_success(ex.response.status)) return std::nullopt;
    const Json body = parse_bounded(ex.response.body);
    if (!body.is_object()) return std::nullopt;
    std::vector<std::string> ids;
    const auto resources = body.find("Resources");
    if (resources == body.end()) return ids;
    if (!resources->is_array()) return std::nullopt;
    const Marker exact{entry.marker_attr, entry.marker_value, {}, MarkerMatch::exact};
    const std::size_t n = std::min(resources->size(), kMaxExamined);
    for (std::size_t i = 0; i < n && ids.size() < kMaxCandidates; ++i) {
      const Json& r = (*resources)[i];
      if (!carries_marker(r, exact)) continue;
      const auto id = r.find("id");
      if (id == r.end()) continue;
      if (auto text = id_text(*id)) ids.push_back(std::move(*text));
    }
    return ids;
  }

  /// The create's outcome is unknown or unproven: look it up by its marker, but only when the
  /// marker carries this run's id, so nothing else can match.
  void find_and_remove(const LedgerEntry& entry) {
    const std::string& run_id = ledger_.header().run_id;
    if (entry.marker_value.empty() || run_id.empty() ||
        entry.marker_value.find(run_id) == std::string::npos) {
      if (entry.state == LedgerEntry::State::unverified && !entry.id.empty())
        leftover(entry, "answered as " + entry.id +
                            ", which the run cannot prove its own (no run marker); not deleted");
      else
        ledger_.not_created(entry.seq);
      return;
    }
    const auto found = find_by_marker(entry);
    if (!found) {
      leftover(entry, "could not look it up");
      return;
    }
    const std::vector<std::string>& candidates = *found;
    if (candidates.empty()) {
      ledger_.not_created(entry.seq);
      return;
    }
    bool kept = false, all_gone = true;
    for (const auto& id : candidates) {
      const Removal removal = remove(entry, id);
      kept = kept || removal == Removal::kept;
      all_gone = all_gone && removal == Removal::gone;
    }
    if (kept)
      leftover(entry, "found by its marker, but not proven the run's own (" + last_detail_ + ")");
    else if (all_gone)
      ledger_.not_created(entry.seq);
  }

  Ledger& ledger_;
  const std::string& base_url_;
  UnansweredCount transport_;
  const Authorize& authorize_;
  const int max_unanswered_;
  result::Cleanup cleanup_;
  std::string last_detail_;  ///< why the last resource was kept
};

}  // namespace

result::Cleanup delete_outstanding(Ledger& ledger, const std::string& base_url,
                                   http::Transport& transport, const Authorize& authorize,
                                   const std::string& case_id, int max_unanswered) {
  return Sweeper(ledger, base_url, transport, authorize, max_unanswered).sweep(case_id);
}

}  // namespace scimcheck::run
