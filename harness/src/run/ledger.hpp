#pragma once
/// The cleanup ledger: an append-only JSON Lines file recording every resource a run creates,
/// once before the request is sent (pending) and once after (created, with the id; or
/// not-created), and each deletion. What is created but not deleted is what the run (or
/// `scimcheck cleanup --ledger FILE` after a crash) must delete. A pending entry with no
/// outcome (the process died mid-request) is found again by its marker attribute.
///
/// Ownership is proven, never assumed: an entry is `created` only once the resource at its id
/// read back with the entry's marker (the unique, run-id-bearing value the run put in its
/// marker attribute). A create answered with an id that does not read back so is
/// `unverified`: that id is never touched, and the run's resource is looked up by its marker.
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace scimcheck::run {

struct LedgerEntry {
  /// pending: sent, outcome unknown; created: the id read back with the marker;
  /// unverified: answered with an id that did not (id holds it, for the record);
  /// not_created; deleted.
  enum class State { pending, created, unverified, not_created, deleted };
  int seq = 0;
  std::string endpoint;      ///< "/Users" or "/Groups"
  std::string marker_attr;   ///< "userName" / "displayName": finds a pending create
  std::string marker_value;
  std::string id;
  std::string case_id;
  State state = State::pending;
};

struct LedgerHeader {
  std::string run_id;
  std::string profile;
  std::string target;  ///< base URL without credentials
};

class Ledger {
 public:
  /// Creates (truncates) the file and writes the header line.
  static std::optional<Ledger> create(const std::string& path, const LedgerHeader& header,
                                      std::string* error);
  /// Reads an existing ledger (for cleanup after a crash); unreadable lines are reported.
  static std::optional<Ledger> read(const std::string& path, std::string* error);

  Ledger(Ledger&& other) noexcept;
  Ledger& operator=(Ledger&&) = delete;
  ~Ledger();

  /// Records an intended create and flushes it to disk; returns its sequence number.
  int pending(const std::string& endpoint, const std::string& marker_attr,
              const std::string& marker_value, const std::string& case_id);
  /// The resource at id read back with the entry's marker: this run owns it.
  void created(int seq, const std::string& id);
  /// The create was answered with claimed_id (maybe empty, or not a string), but ownership
  /// was not proven; the entry stays outstanding and is looked up by its marker.
  void unverified(int seq, const std::string& claimed_id);
  void not_created(int seq);
  /// Marks the resource at endpoint/id deleted (no-op when the ledger does not own it).
  void deleted(const std::string& endpoint, const std::string& id);

  /// Whether this run created the resource (proven by its marker) and has not deleted it yet.
  bool owns(const std::string& endpoint, const std::string& id) const;
  /// Entries still to delete (created, unverified, or pending with no outcome), newest first;
  /// restricted to one case when case_id is given.
  std::vector<LedgerEntry> outstanding(const std::string& case_id = {}) const;

  const LedgerHeader& header() const { return header_; }
  const std::string& path() const { return path_; }
  int created_count() const;  ///< resources created (deleted since or not)
  int deleted_count() const;

 private:
  Ledger(std::string path, std::FILE* file, LedgerHeader header);
  void append(const std::string& line);
  LedgerEntry* find(int seq);
  void apply(const std::string& line);

  std::string path_;
  std::FILE* file_ = nullptr;
  LedgerHeader header_;
  std::vector<LedgerEntry> entries_;
  // Indexes into entries_, so large runs (`scimcheck load`) stay linear.
  std::unordered_map<int, std::size_t> by_seq_;
  std::unordered_map<std::string, int> by_resource_;  // "<endpoint> <id>" of created -> seq
  int next_seq_ = 1;
  mutable std::mutex mutex_;
};

}  // namespace scimcheck::run
