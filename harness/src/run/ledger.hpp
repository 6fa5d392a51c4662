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
///
/// Durability (write-ahead log with group commit): every record is written to the file at
/// once, so it survives the process being killed. `pending` also returns only once the
/// record is on disk (fdatasync), so an intended create is durable before its request is
/// sent (or a caller records several intents and calls sync() once before sending any);
/// concurrent writers share one sync (the first to wait syncs for everyone written by
/// then, the others wait for it). The outcome records are made durable by the next sync or
/// when the ledger closes: a power loss that takes one leaves the entry pending, which the
/// cleanup resolves by the marker as after a crash mid-request.
///
/// Memory is a few bytes per entry: markers and ids stay in the file and are read back in
/// bounded chunks when needed (outstanding(), owns(), Cursor), so a run of 100,000 creates
/// does not hold them.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
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

/// The lines of a region of a file, read in chunks of bounded size; a line longer than
/// kMaxLine is skipped, and so is a last line with no newline (torn by a crash).
class LineReader {
 public:
  static constexpr std::size_t kChunk = 64 * 1024;
  static constexpr std::size_t kMaxLine = 256 * 1024;

  LineReader(int fd, std::uint64_t from, std::uint64_t to);
  /// The next line, without its newline; valid until the next call. nullopt at the end.
  std::optional<std::string_view> next();

 private:
  bool fill();
  int fd_;
  std::uint64_t offset_, end_;  // next byte to read, end of the region
  std::string buffer_;
  std::size_t start_ = 0;  // first unread byte of buffer_
  bool skipping_ = false;  // inside a line longer than kMaxLine
};

/// A resource the ledger holds as created, read back from the file.
struct CreatedResource {
  int seq = 0;
  std::string id;
};

class Ledger {
 public:
  /// How a file's written records are made durable (fdatasync; tests may slow it down).
  using SyncFn = int (*)(int fd);

  /// Creates (truncates) the file and writes the header line.
  static std::optional<Ledger> create(const std::string& path, const LedgerHeader& header,
                                      std::string* error, SyncFn sync = nullptr);
  /// Reads an existing ledger (for cleanup after a crash); lines that do not parse (a torn
  /// last line) are skipped.
  static std::optional<Ledger> read(const std::string& path, std::string* error);

  Ledger(Ledger&& other) noexcept;
  Ledger& operator=(Ledger&&) = delete;
  ~Ledger();

  /// Records an intended create; returns its sequence number once the record is on disk.
  /// With `durable` false it returns at once: call sync() before sending the create (several
  /// intents, one sync).
  int pending(const std::string& endpoint, const std::string& marker_attr,
              const std::string& marker_value, const std::string& case_id, bool durable = true);
  /// Returns once every record written so far is on disk (joining a sync under way).
  void sync();
  /// The resource at id read back with the entry's marker: this run owns it.
  void created(int seq, const std::string& id);
  /// The create was answered with claimed_id (maybe empty, or not a string), but ownership
  /// was not proven; the entry stays outstanding and is looked up by its marker.
  void unverified(int seq, const std::string& claimed_id);
  void not_created(int seq);
  /// Marks the resource at endpoint/id deleted (no-op when the ledger does not own it).
  void deleted(const std::string& endpoint, const std::string& id);
  /// Marks entry seq's resource deleted (no-op unless the entry is created).
  void deleted(int seq);

  /// Whether this run created the resource (proven by its marker) and has not deleted it yet.
  bool owns(const std::string& endpoint, const std::string& id) const;
  /// Entries still to delete (created, unverified, or pending with no outcome), newest first;
  /// restricted to one case when case_id is given.
  std::vector<LedgerEntry> outstanding(const std::string& case_id = {}) const;

  const LedgerHeader& header() const { return header_; }
  const std::string& path() const { return path_; }
  int created_count() const;  ///< resources created (deleted since or not)
  int deleted_count() const;
  /// Records written and disk syncs done by this process (syncs < records under group commit).
  std::uint64_t records() const;
  std::uint64_t syncs() const;

  /// The created resources of one endpoint in the order they were created, read from the
  /// file in bounded chunks; each is yielded only while still created (not deleted). With
  /// `cycle`, starts over at the end for as long as a pass yields something. Not
  /// thread-safe: share one behind a lock. The ledger must outlive it.
  class Cursor {
   public:
    std::optional<CreatedResource> next();

   private:
    friend class Ledger;
    Cursor(const Ledger& ledger, std::uint8_t endpoint, bool cycle);
    const Ledger* ledger_;
    std::uint8_t endpoint_;
    bool cycle_;
    bool yielded_ = false;  // in this pass
    LineReader lines_;
  };
  Cursor created_resources(const std::string& endpoint, bool cycle = false) const;

 private:
  /// What the ledger keeps in memory per entry (indexed by seq - 1).
  enum class SlotState : std::uint8_t { absent, pending, created, unverified, not_created, deleted };
  struct Slot {
    SlotState state = SlotState::absent;
    std::uint8_t endpoint = 0;  // index into endpoints_
  };

  Ledger(std::string path, int fd, LedgerHeader header, SyncFn sync);
  /// Writes one record (under the lock); with `durable`, waits until a sync covers it.
  void write(std::unique_lock<std::mutex>& lock, const std::string& line, bool durable);
  /// Waits (under the lock) until the first `offset` bytes are on disk: the first writer to
  /// wait syncs for all who wait (group commit).
  void wait_synced(std::unique_lock<std::mutex>& lock, std::uint64_t offset);
  void apply(std::string_view line);
  Slot* slot(int seq);
  const Slot* slot(int seq) const;
  /// Index of endpoint in endpoints_, adding it; nullopt past 255 distinct endpoints.
  std::optional<std::uint8_t> endpoint_index(const std::string& endpoint);
  void set_state(int seq, SlotState state);
  /// Builds by_resource_ from the file on first use (under the lock).
  void index_resources() const;

  std::string path_;
  int fd_ = -1;
  SyncFn sync_;
  LedgerHeader header_;
  std::vector<Slot> slots_;
  std::vector<std::string> endpoints_;
  // "<endpoint> <id>" of created entries -> seq; built only when asked (owns, deleted by id).
  mutable std::optional<std::unordered_map<std::string, int>> by_resource_;
  int next_seq_ = 1;
  std::uint64_t written_ = 0;  // bytes in the file
  std::uint64_t synced_ = 0;   // bytes known on disk
  bool syncing_ = false;       // a writer is in fdatasync for the others
  std::uint64_t records_ = 0, syncs_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable synced_cv_;
};

}  // namespace scimcheck::run
