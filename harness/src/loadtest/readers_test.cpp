// The steady phase's two readers (libcurl's multi interface, plain HTTP on Beast) against
// servers on 127.0.0.1: every answer counted under the right error, a silent server ended by
// the timeout, a stop ending the reads at once, a body over the cap refused, the credentials
// applied before every read; and the ids a feed hands out.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>

#include "http/test_server.hpp"
#include "loadtest/created_stream.hpp"
#include "loadtest/reader_test_support.hpp"
#include "loadtest/workload.hpp"
#include "source/diagnostic_render.hpp"
#include "suite/loader.hpp"
#include "test_support.hpp"

using namespace scimcheck;
using namespace scimcheck::loadtest::reader_testing;
using suite::Json;
namespace fs = std::filesystem;

namespace {

/// A SCIM server of users on loopback: creates, queries (nothing matches), deletes, and reads
/// answered as `reads` says: "" the user, "body" another user's id, "media" the user as
/// text/html, "500" a server error, "401" a refusal of every other read.
class ScimServer {
 public:
  ScimServer() {
    auto& s = http_.server;
    s.Post("/scim/Users", [this](const httplib::Request& req, httplib::Response& res) {
      Json user = Json::parse(req.body);
      std::lock_guard lock(mutex_);
      user["id"] = "u" + std::to_string(++next_);
      users_[user["id"]] = user;
      res.status = 201;
      res.set_content(user.dump(), "application/scim+json");
    });
    s.Get("/scim/Users", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"totalResults":0,"Resources":[]})", "application/scim+json");
    });
    s.Get(R"(/scim/Users/(\w+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      if (reads == "401" && ++seen_ % 2 == 1) {
        res.status = 401;
        return;
      }
      Json user = users_.count(req.matches[1]) ? users_[req.matches[1]] : Json::object();
      if (reads == "body") user["id"] = "someone-else";
      if (reads == "500") res.status = 500;
      res.set_content(user.dump(), reads == "media" ? "text/html" : "application/scim+json");
    });
    s.Delete(R"(/scim/Users/(\w+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      users_.erase(req.matches[1]);
      res.status = 204;
    });
    http_.start();
  }
  std::string base_url() const { return http_.url("/scim"); }
  /// The reads answered in mode "401" (every other one refused).
  int reads_seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  std::string reads;  // set before the run

 private:
  http::testing::TestServer http_;
  std::mutex mutex_;
  std::map<std::string, Json> users_;
  int next_ = 0;
  int seen_ = 0;
};

/// While it lives, the environment names a proxy that no_proxy exempts 127.0.0.1 from: libcurl
/// connects directly, and the plain-HTTP reader stands aside (it never serves a target with
/// a proxy variable set), so a load's reads go through libcurl's multi interface.
struct ProxyAside {
  ProxyAside() {
    ::setenv("http_proxy", "http://127.0.0.1:9", 1);
    ::setenv("no_proxy", "127.0.0.1", 1);
  }
  ~ProxyAside() {
    ::unsetenv("http_proxy");
    ::unsetenv("no_proxy");
  }
  ProxyAside(const ProxyAside&) = delete;
  ProxyAside& operator=(const ProxyAside&) = delete;
};

/// A load target against `base_url` whose transports are libcurl's and whose steady phase
/// goes `via` the given reader (for libcurl's, a ProxyAside must live during the load).
struct Target {
  explicit Target(const std::string& base_url, Via via = Via::plain) {
    source::Diagnostics d;
    auto p = suite::load_profile(
        (testing::source_root() / "suites/profiles/twingate.profile.json").string(),
        {testing::source_root()}, d);
    BOOST_REQUIRE_MESSAGE(p, source::render_all(d, nullptr));
    profile = *p;
    fs::create_directories(dir);
    std::string error;
    auto created =
        run::Ledger::create((dir / "ledger.jsonl").string(), {"mtest", "twingate", "x"}, &error);
    BOOST_REQUIRE_MESSAGE(created, error);
    ledger.emplace(std::move(*created));
    target.base_url = base_url;
    target.run_id = "mtest";
    target.profile = &profile;
    target.variables = {{"domain", "example.com"}};
    http::CurlOptions curl;
    curl.env_proxy = via == Via::multi;
    curl.timeout_s = 5;
    target.curl = curl;
    target.make_transport = [curl] { return std::make_unique<http::CurlTransport>(curl); };
    target.ledger = &*ledger;
  }
  ~Target() { fs::remove_all(dir); }

  fs::path dir = fs::temp_directory_path() / ("scimcheck-multi-test-" + std::to_string(::getpid()));
  suite::Profile profile;
  std::optional<run::Ledger> ledger;
  loadtest::LoadTarget target;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(readers)

BOOST_AUTO_TEST_CASE(every_answer_is_checked_and_counted_under_its_error) {
  const std::map<std::string, std::string> keys = {{"", ""},
                                                   {"body", "read-user wrong-body"},
                                                   {"media", "read-user wrong-media-type"},
                                                   {"500", "read-user 500"}};
  for (Via via : kBoth) {
    std::optional<ProxyAside> aside;
    if (via == Via::multi) aside.emplace();
    for (const auto& [reads, key] : keys) {
      BOOST_TEST_CONTEXT(name(via) << ", reads: " << reads) {
        ScimServer server;
        server.reads = reads;
        Target t(server.base_url(), via);
        BOOST_TEST(loadtest::PlainReader::serves(*t.target.curl, server.base_url()) ==
                   (via == Via::plain));
        loadtest::LoadOptions options;
        options.users = 4;
        options.concurrency = 3;
        options.duration_s = 0.3;
        loadtest::Progress progress;
        const auto result = loadtest::run_load(options, t.target, progress);
        BOOST_TEST(result.fatal == "");
        const auto found = std::find_if(result.operations.begin(), result.operations.end(),
                                        [](const auto& o) { return o.name == "read-user"; });
        BOOST_REQUIRE(found != result.operations.end());
        const std::uint64_t count = found->latency.count();
        BOOST_TEST(count > 10u);
        BOOST_TEST(found->errors == (key.empty() ? 0 : count));
        if (!key.empty()) {
          const auto counted = result.errors.find(key);
          BOOST_TEST((counted == result.errors.end() ? 0 : counted->second) == count);
        }
        BOOST_TEST(result.users_deleted == 4);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_refused_read_is_sent_again_through_the_transport_and_that_answer_counts) {
  for (Via via : kBoth) {
    BOOST_TEST_CONTEXT(name(via)) {
      std::optional<ProxyAside> aside;
      if (via == Via::multi) aside.emplace();
      ScimServer server;
      server.reads = "401";
      Target t(server.base_url(), via);
      loadtest::LoadOptions options;
      options.users = 2;
      options.concurrency = 1;  // the read again goes out before the next read: it is let through
      options.duration_s = 0.3;
      loadtest::Progress progress;
      const auto result = loadtest::run_load(options, t.target, progress);
      const auto found = std::find_if(result.operations.begin(), result.operations.end(),
                                      [](const auto& o) { return o.name == "read-user"; });
      BOOST_REQUIRE(found != result.operations.end());
      BOOST_TEST(found->latency.count() > 5u);
      BOOST_TEST(found->errors == 0u);
      BOOST_TEST(server.reads_seen() >= 2 * static_cast<int>(found->latency.count()));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_server_that_never_answers_is_left_at_the_timeout) {
  SilentPort silent;
  for (Via via : kBoth) {
    BOOST_TEST_CONTEXT(name(via)) {
      const Outcome outcome = read_for(via, direct(0.4), silent.url(), 2, 0.1);
      BOOST_TEST(outcome.problem == "");
      BOOST_TEST(outcome.seconds < 2.0);
      BOOST_REQUIRE(outcome.reads.size() == 2u);  // one per connection: none starts after the end
      for (const auto& ex : outcome.reads) {
        BOOST_REQUIRE(ex.error);
        BOOST_TEST((ex.error->kind == http::ErrorKind::timeout));
        BOOST_TEST(ex.elapsed_ms >= 350.0);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_stop_ends_the_reads_at_once) {
  SilentPort silent;
  for (Via via : kBoth) {
    BOOST_TEST_CONTEXT(name(via)) {
      std::atomic<bool> stop{false};
      std::thread signal([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        stop = true;
      });
      const Outcome outcome = read_for(via, direct(30), silent.url(), 4, 30, {}, &stop);
      signal.join();
      BOOST_TEST(outcome.seconds < 1.0);
      BOOST_TEST(outcome.reads.empty());  // the reads under way are dropped, not waited for
    }
  }
}

BOOST_AUTO_TEST_CASE(a_body_over_the_cap_is_refused) {
  http::testing::TestServer server;
  server.server.Get(R"(/scim/Users/(\w+))", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/scim+json",
                                     [](std::size_t, httplib::DataSink& sink) {
                                       const std::string block(64 << 10, ' ');
                                       for (int i = 0; i < 8; ++i)
                                         if (!sink.write(block.data(), block.size())) return false;
                                       sink.done();
                                       return true;
                                     });
  });
  server.start();
  http::CurlOptions options = direct(5);
  options.max_response_bytes = 100 << 10;
  for (Via via : kBoth) {
    BOOST_TEST_CONTEXT(name(via)) {
      const Outcome outcome = read_for(via, options, server.url("/scim"), 1, 0.05);
      BOOST_REQUIRE(!outcome.reads.empty());
      BOOST_REQUIRE(outcome.reads.front().error);
      BOOST_TEST((outcome.reads.front().error->kind == http::ErrorKind::too_large));
      BOOST_TEST(outcome.reads.front().response.body.size() <= std::size_t{100 << 10});
    }
  }
}

BOOST_AUTO_TEST_CASE(the_credentials_are_applied_before_every_read) {
  http::testing::TestServer server;
  std::mutex mutex;
  std::vector<std::string> sent;  // the Authorization header of each read, in order
  server.server.Get(R"(/scim/Users/(\w+))",
                    [&](const httplib::Request& req, httplib::Response& res) {
                      std::lock_guard lock(mutex);
                      sent.push_back(req.get_header_value("Authorization"));
                      res.set_content("{}", "application/scim+json");
                    });
  server.start();
  for (Via via : kBoth) {
    BOOST_TEST_CONTEXT(name(via)) {
      {
        std::lock_guard lock(mutex);
        sent.clear();
      }
      std::string token = "Bearer one";
      auto authorize = [&](http::Request& r) -> std::optional<std::string> {
        http::Headers& h = r.headers;
        h.erase(std::remove_if(h.begin(), h.end(),
                               [](const auto& x) { return x.name == "Authorization"; }),
                h.end());
        h.push_back({"Authorization", token});
        return std::nullopt;
      };
      // One connection: each read starts after the previous one ended, when the token is renewed.
      const Outcome outcome =
          read_for(via, direct(5), server.url("/scim"), 1, 0.2, authorize, nullptr,
                   [&](const http::Exchange&) { token = "Bearer two"; });
      std::lock_guard lock(mutex);
      BOOST_REQUIRE(sent.size() >= 2u);
      BOOST_TEST(sent.front() == "Bearer one");
      for (std::size_t i = 1; i < sent.size(); ++i) BOOST_TEST(sent[i] == "Bearer two");
    }
    // Credentials that cannot be applied end the reads, saying why.
    const Outcome refused = read_for(via, direct(5), server.url("/scim"), 1, 5, [](http::Request&) {
      return std::optional<std::string>("no token");
    });
    BOOST_TEST(refused.problem == "cannot authenticate: no token");
    BOOST_TEST(refused.seconds < 1.0);
  }
}

BOOST_AUTO_TEST_CASE(a_feed_cycles_over_the_created_ids_from_memory_after_the_first_pass) {
  const fs::path path =
      fs::temp_directory_path() / ("scimcheck-feed-" + std::to_string(::getpid()));
  std::string error;
  auto ledger = run::Ledger::create(path.string(), {"ftest", "rfc", "x"}, &error);
  BOOST_REQUIRE_MESSAGE(ledger, error);
  std::vector<int> seqs;
  for (int i = 1; i <= 3; ++i) {
    seqs.push_back(ledger->pending("/Users", "userName", "u" + std::to_string(i), "load", false));
    ledger->created(seqs.back(), "id" + std::to_string(i));
  }
  auto first_ids = [&](loadtest::IdFeed& feed, int n) {
    std::string ids, id;
    for (int i = 0; i < n && feed.next(id); ++i) ids += id + " ";
    return ids;
  };
  loadtest::CreatedStream streamed(*ledger, "/Users", true), cached(*ledger, "/Users", true);
  loadtest::IdFeed from_file(streamed), from_memory(cached, 3);
  BOOST_TEST(first_ids(from_file, 4) == "id1 id2 id3 id1 ");
  BOOST_TEST(first_ids(from_memory, 4) == "id1 id2 id3 id1 ");
  // Once the ledger no longer holds them, only the feed that keeps them in memory goes on.
  for (int seq : seqs) ledger->deleted(seq);
  BOOST_TEST(first_ids(from_memory, 3) == "id2 id3 id1 ");
  auto count = [](loadtest::IdFeed& feed, int n) {
    int got = 0;
    std::string id;
    while (got < n && feed.next(id)) ++got;
    return got;
  };
  BOOST_TEST(count(from_memory, 100) == 100);
  BOOST_TEST(count(from_file, 100) < 32);  // what its last batch from the file still held
  fs::remove(path);
}

BOOST_AUTO_TEST_SUITE_END()
