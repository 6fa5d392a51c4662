#include "run/ledger.hpp"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

using scimcheck::run::Ledger;
using scimcheck::run::LedgerEntry;

namespace {
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

BOOST_AUTO_TEST_SUITE_END()
