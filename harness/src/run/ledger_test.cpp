#include "run/ledger.hpp"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

using scimcheck::run::Ledger;
using scimcheck::run::LedgerEntry;

namespace {
std::atomic<int> slow_syncs{0};

/// A disk whose syncs take 2 ms, so that writers find one going on.
int slow_sync(int fd) {
  ++slow_syncs;
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return ::fdatasync(fd);
}

std::atomic<long long> synced_size{0};

/// Notes how much of the file each sync covers.
int recording_sync(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) == 0) synced_size = st.st_size;
  return ::fdatasync(fd);
}

long long file_size(const std::string& path) {
  return static_cast<long long>(std::filesystem::file_size(path));
}

std::string temp_path(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / "scimcheck-ledger-test";
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}
}  // namespace

BOOST_AUTO_TEST_SUITE(ledger_tests)

BOOST_AUTO_TEST_CASE(tracks_creates_and_deletes_newest_first) {
  std::string err;
  auto ledger = Ledger::create(temp_path("a.jsonl"), {"r1", "demo", "http://127.0.0.1:1"}, &err);
  BOOST_REQUIRE(ledger);
  int a = ledger->pending("/Users", "userName", "scimcheck-r1-1", "case.a");
  ledger->created(a, "id-a");
  int b = ledger->pending("/Groups", "displayName", "scimcheck-r1-2", "case.b");
  ledger->created(b, "id-b");
  int c = ledger->pending("/Users", "userName", "scimcheck-r1-3", "case.b");
  ledger->not_created(c);
  BOOST_TEST(ledger->owns("/Users", "id-a"));
  BOOST_TEST(!ledger->owns("/Users", "id-b"));
  BOOST_TEST(!ledger->owns("/Users", "someone-else"));
  auto out = ledger->outstanding();
  BOOST_REQUIRE_EQUAL(out.size(), 2u);
  BOOST_TEST(out[0].id == "id-b");  // newest first
  BOOST_TEST(out[1].id == "id-a");
  BOOST_TEST(ledger->outstanding("case.a").size() == 1u);
  ledger->deleted("/Users", "id-a");
  BOOST_TEST(!ledger->owns("/Users", "id-a"));
  BOOST_TEST(ledger->outstanding().size() == 1u);
  BOOST_TEST(ledger->created_count() == 2);
}

BOOST_AUTO_TEST_CASE(reread_after_crash_keeps_pending_and_created) {
  const std::string path = temp_path("b.jsonl");
  {
    std::string err;
    auto ledger = Ledger::create(path, {"r2", "demo", "http://127.0.0.1:1/scim"}, &err);
    BOOST_REQUIRE(ledger);
    int a = ledger->pending("/Users", "userName", "u-a", "c");
    ledger->created(a, "id-a");
    ledger->pending("/Users", "userName", "u-b", "c");  // the process dies here
  }
  {
    std::ofstream torn(path, std::ios::app);
    torn << "{\"event\":\"created\",\"se";  // torn last line
  }
  std::string err;
  auto again = Ledger::read(path, &err);
  BOOST_REQUIRE(again);
  BOOST_TEST(again->header().run_id == "r2");
  BOOST_TEST(again->header().target == "http://127.0.0.1:1/scim");
  auto out = again->outstanding();
  BOOST_REQUIRE_EQUAL(out.size(), 2u);
  BOOST_TEST((out[0].state == LedgerEntry::State::pending));
  BOOST_TEST(out[0].marker_value == "u-b");
  BOOST_TEST((out[1].state == LedgerEntry::State::created));
  again->deleted("/Users", "id-a");
  auto third = Ledger::read(path, &err);
  BOOST_REQUIRE(third);
  BOOST_TEST(third->outstanding().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_ledger_written_with_other_spacing_and_key_order_is_read_whole) {
  // As another tool (or a person) writes JSON Lines: spaces after the separators, "seq"
  // before "event".
  const std::string path = temp_path("spaced.jsonl");
  {
    std::ofstream out(path);
    out << R"({"event": "run", "run_id": "r9", "profile": "demo", "target": "http://127.0.0.1:1"})" "\n"
        << R"({"event": "pending", "seq": 1, "endpoint": "/Users", "marker_attr": "userName", "marker_value": "u-1", "case": "c"})" "\n"
        << R"({"seq": 1, "event": "created", "id": "id-1"})" "\n"
        << R"({"event": "pending", "seq": 2, "endpoint": "/Users", "marker_attr": "userName", "marker_value": "u-2", "case": "c"})" "\n"
        << R"({"event": "created", "seq": 2, "id": "id-2"})" "\n";
  }
  std::string err;
  auto ledger = Ledger::read(path, &err);
  BOOST_REQUIRE(ledger);
  BOOST_TEST(ledger->created_count() == 2);
  BOOST_TEST(ledger->owns("/Users", "id-1"));
  BOOST_TEST(ledger->owns("/Users", "id-2"));
  ledger->deleted("/Users", "id-1");
  ledger->deleted("/Users", "id-2");
  BOOST_TEST(ledger->deleted_count() == 2);
  BOOST_TEST(ledger->outstanding().empty());
}

BOOST_AUTO_TEST_CASE(unwritable_path_is_an_error_value) {
  std::string err;
  auto ledger = Ledger::create("/nonexistent-dir/x/ledger.jsonl", {}, &err);
  BOOST_TEST(!ledger);
  BOOST_TEST(err.find("cannot write") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unverified_id_is_never_owned_but_stays_outstanding) {
  const std::string path = temp_path("c.jsonl");
  std::string err;
  {
    auto ledger = Ledger::create(path, {"r3", "demo", "http://127.0.0.1:1"}, &err);
    BOOST_REQUIRE(ledger);
    const int a = ledger->pending("/Users", "userName", "scimcheck-r3-1", "c");
    ledger->unverified(a, "someone-else");
    BOOST_TEST(!ledger->owns("/Users", "someone-else"));
    BOOST_TEST(ledger->created_count() == 0);
    ledger->deleted("/Users", "someone-else");  // not the run's: nothing recorded
  }
  auto again = Ledger::read(path, &err);
  BOOST_REQUIRE(again);
  const auto out = again->outstanding();
  BOOST_REQUIRE_EQUAL(out.size(), 1u);
  BOOST_TEST((out[0].state == LedgerEntry::State::unverified));
  BOOST_TEST(out[0].id == "someone-else");
  BOOST_TEST(!again->owns("/Users", "someone-else"));
}

BOOST_AUTO_TEST_CASE(concurrent_writers_share_syncs_and_every_record_is_on_file) {
  const std::string path = temp_path("group.jsonl");
  std::string err;
  slow_syncs = 0;
  auto ledger = Ledger::create(path, {"r4", "demo", "http://127.0.0.1:1"}, &err, slow_sync);
  BOOST_REQUIRE(ledger);
  constexpr int kThreads = 8, kPerThread = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string name = "u-" + std::to_string(t) + "-" + std::to_string(i);
        const int seq = ledger->pending("/Users", "userName", name, "c");
        ledger->created(seq, "id-" + name);
      }
    });
  for (auto& t : threads) t.join();
  const std::uint64_t pendings = kThreads * kPerThread;
  BOOST_TEST(ledger->records() == 1 + 2 * pendings);
  // Each pending waits for a sync; shared, they take fewer syncs than records.
  BOOST_TEST(ledger->syncs() == static_cast<std::uint64_t>(slow_syncs.load()));
  BOOST_TEST(ledger->syncs() >= 1u);
  BOOST_TEST(ledger->syncs() < pendings / 2);
  BOOST_TEST_MESSAGE("syncs: " << ledger->syncs() << " for " << pendings << " pending records");

  std::ifstream in(path);
  std::string line;
  std::set<int> pending_seqs, created_seqs;
  int lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    const auto j = nlohmann::json::parse(line);  // throws if a record is torn or interleaved
    if (j["event"] == "pending") pending_seqs.insert(j["seq"].get<int>());
    if (j["event"] == "created") created_seqs.insert(j["seq"].get<int>());
  }
  BOOST_TEST(lines == static_cast<int>(1 + 2 * pendings));
  BOOST_TEST(pending_seqs.size() == pendings);
  BOOST_TEST((created_seqs == pending_seqs));
  BOOST_TEST(ledger->created_count() == static_cast<int>(pendings));
}

BOOST_AUTO_TEST_CASE(a_pending_record_is_synced_before_it_returns_an_outcome_is_not_waited_for) {
  const std::string path = temp_path("durable.jsonl");
  std::string err;
  auto ledger = Ledger::create(path, {"r7", "demo", "x"}, &err, recording_sync);
  BOOST_REQUIRE(ledger);
  BOOST_TEST(synced_size.load() == file_size(path));  // the header
  const int seq = ledger->pending("/Users", "userName", "u", "c");
  BOOST_TEST(synced_size.load() == file_size(path));
  const auto syncs = ledger->syncs();
  ledger->created(seq, "id");
  BOOST_TEST(ledger->syncs() == syncs);
  BOOST_TEST(synced_size.load() < file_size(path));
  ledger->pending("/Users", "userName", "u2", "c", false);  // several intents, one sync
  ledger->pending("/Users", "userName", "u3", "c", false);
  BOOST_TEST(ledger->syncs() == syncs);
  ledger->sync();
  BOOST_TEST(ledger->syncs() == syncs + 1);
  BOOST_TEST(synced_size.load() == file_size(path));
  ledger->not_created(seq + 1);
  ledger.reset();  // closing syncs the rest
  BOOST_TEST(synced_size.load() == file_size(path));
}

BOOST_AUTO_TEST_CASE(cursor_reads_created_ids_back_from_the_file_in_order) {
  std::string err;
  auto ledger = Ledger::create(temp_path("cursor.jsonl"), {"r5", "demo", "x"}, &err);
  BOOST_REQUIRE(ledger);
  for (int i = 0; i < 5; ++i) {
    const int seq = ledger->pending("/Users", "userName", "u" + std::to_string(i), "load");
    if (i == 3) ledger->not_created(seq);
    else ledger->created(seq, "id" + std::to_string(i));
  }
  const int g = ledger->pending("/Groups", "displayName", "g", "load");
  ledger->created(g, "gid");
  ledger->deleted("/Users", "id1");

  auto users = ledger->created_resources("/Users");
  std::vector<std::string> ids;
  while (auto r = users.next()) ids.push_back(r->id);
  BOOST_TEST((ids == std::vector<std::string>{"id0", "id2", "id4"}));

  auto cycle = ledger->created_resources("/Groups", true);
  for (int i = 0; i < 3; ++i) {
    const auto r = cycle.next();
    BOOST_REQUIRE(r);
    BOOST_TEST(r->id == "gid");
    BOOST_TEST(r->seq == g);
  }
  ledger->deleted(g);
  auto none = ledger->created_resources("/Groups", true);
  BOOST_TEST(!none.next());  // a cycle over nothing ends
  BOOST_TEST(!ledger->created_resources("/Other").next());
}

BOOST_AUTO_TEST_CASE(a_line_longer_than_the_bound_is_skipped) {
  const std::string path = temp_path("long.jsonl");
  {
    std::string err;
    auto ledger = Ledger::create(path, {"r6", "demo", "x"}, &err);
    BOOST_REQUIRE(ledger);
    const int a = ledger->pending("/Users", "userName", "u-a", "c");
    ledger->created(a, std::string(scimcheck::run::LineReader::kMaxLine + 10, 'x'));
    const int b = ledger->pending("/Users", "userName", "u-b", "c");
    ledger->created(b, "id-b");
  }
  std::string err;
  auto again = Ledger::read(path, &err);
  BOOST_REQUIRE(again);
  auto users = again->created_resources("/Users");
  std::vector<std::string> ids;
  while (auto r = users.next()) ids.push_back(r->id);
  BOOST_TEST((ids == std::vector<std::string>{"id-b"}));
  BOOST_TEST(again->outstanding().size() == 2u);  // a is still outstanding, by its marker
}

BOOST_AUTO_TEST_SUITE_END()
