// The plain-HTTP reader against servers written on bare sockets: the request it writes (the
// same bytes as libcurl's), which targets it serves, connections the server closes, interim
// answers, malformed answers and a port nobody listens on.
#include <boost/test/unit_test.hpp>

#include <mutex>
#include <vector>

#include "loadtest/reader_test_support.hpp"

using namespace scimcheck;
using namespace scimcheck::loadtest::reader_testing;

BOOST_AUTO_TEST_SUITE(plain_reader)

BOOST_AUTO_TEST_CASE(both_readers_send_the_same_request) {
  std::mutex mutex;
  std::vector<std::string> heads;
  RawServer server([&](int, int, const std::string& head) {
    std::lock_guard lock(mutex);
    heads.push_back(head);
    return RawServer::Reply{answer(R"({"id":"a"})"), false};
  });
  http::CurlOptions options = direct(5);
  options.extra_headers = {{"X-Tenant", "t1"}};
  auto authorize = [](http::Request& r) -> std::optional<std::string> {
    r.headers.push_back({"Authorization", "Bearer t"});
    return std::nullopt;
  };
  std::string first[2];
  for (Via via : kBoth) {
    {
      std::lock_guard lock(mutex);
      heads.clear();
    }
    read_for(via, options, server.url("/scim?tenant=x"), 1, 0.02, authorize);
    std::lock_guard lock(mutex);
    BOOST_REQUIRE(!heads.empty());
    first[via == Via::plain] = heads.front();
  }
  const std::string host = server.url().substr(7);
  BOOST_TEST(first[0] ==
             "GET /scim/Users/a?tenant=x HTTP/1.1\r\nHost: " + host +
                 "\r\nX-Tenant: t1\r\nUser-Agent: scimcheck\r\nAuthorization: Bearer t\r\n\r\n");
  BOOST_TEST(first[1] == first[0]);
}

BOOST_AUTO_TEST_CASE(plain_http_serves_direct_http_targets_only) {
  using loadtest::PlainReader;
  http::CurlOptions options = direct(5);
  BOOST_TEST(PlainReader::serves(options, "http://127.0.0.1:8080/scim"));
  BOOST_TEST(PlainReader::serves(options, "http://[::1]/scim?x=1"));
  BOOST_TEST(!PlainReader::serves(options, "https://127.0.0.1/scim"));
  BOOST_TEST(!PlainReader::serves(options, "http://user:secret@127.0.0.1/scim"));
  BOOST_TEST(!PlainReader::serves(options, "not a url"));
  options.proxy = "http://127.0.0.1:3128";
  BOOST_TEST(!PlainReader::serves(options, "http://127.0.0.1/scim"));
  // The environment's proxy counts only when the options follow the environment.
  options.proxy.clear();
  ::setenv("http_proxy", "http://127.0.0.1:3128", 1);
  BOOST_TEST(PlainReader::serves(options, "http://127.0.0.1/scim"));
  options.env_proxy = true;
  BOOST_TEST(!PlainReader::serves(options, "http://127.0.0.1/scim"));
  ::unsetenv("http_proxy");
}

BOOST_AUTO_TEST_CASE(
    plain_http_reads_again_on_a_new_connection_when_the_server_closed_the_kept_one) {
  const std::string user = R"({"id":"a"})";
  // Closed after every answer, silently or saying so: each read still gets its answer.
  for (const bool say_so : {false, true}) {
    BOOST_TEST_CONTEXT("Connection: close sent: " << say_so) {
      RawServer server([&](int, int, const std::string&) {
        return RawServer::Reply{answer(user, say_so ? "Connection: close\r\n" : ""), true};
      });
      const Outcome outcome = read_for(Via::plain, direct(5), server.url("/scim"), 1, 0.2);
      BOOST_TEST(outcome.problem == "");
      BOOST_REQUIRE(outcome.reads.size() > 3u);
      for (const auto& ex : outcome.reads) {
        BOOST_TEST(!ex.error);
        BOOST_TEST(ex.response.status == 200);
        BOOST_TEST(ex.response.body == user);
      }
      BOOST_TEST(server.connections() >= static_cast<int>(outcome.reads.size()));
    }
  }
  // Kept open: one connection serves every read.
  RawServer kept([&](int, int, const std::string&) {
    return RawServer::Reply{answer(user), false};
  });
  const Outcome outcome = read_for(Via::plain, direct(5), kept.url("/scim"), 1, 0.2);
  BOOST_TEST(outcome.reads.size() > 3u);
  BOOST_TEST(kept.connections() == 1);
}

BOOST_AUTO_TEST_CASE(plain_http_skips_interim_answers_and_keeps_the_final_one) {
  RawServer server([](int, int, const std::string&) {
    return RawServer::Reply{"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n" +
                                answer(R"({"id":"a"})", "X-Final: yes\r\n", 201),
                            false};
  });
  const Outcome outcome = read_for(Via::plain, direct(5), server.url("/scim"), 1, 0.1);
  BOOST_REQUIRE(!outcome.reads.empty());
  for (const auto& ex : outcome.reads) {
    BOOST_TEST(!ex.error);
    BOOST_TEST(ex.response.status == 201);
    BOOST_TEST(http::find_header(ex.response.headers, "x-final") != nullptr);
    BOOST_TEST(ex.response.body == R"({"id":"a"})");
  }
}

BOOST_AUTO_TEST_CASE(plain_http_reports_a_malformed_answer_as_the_reads_error) {
  struct Hostile {
    const char* name;
    std::string bytes;
    http::ErrorKind kind;
  };
  std::string many_headers;
  for (int i = 0; i < 600; ++i) many_headers += "X-" + std::to_string(i) + ": v\r\n";
  const std::vector<Hostile> cases = {
      {"not HTTP", "garbage\r\n\r\n", http::ErrorKind::other},
      {"a body cut short", answer(std::string(100, 'x')).substr(0, 120), http::ErrorKind::other},
      {"a header over the byte cap",
       "HTTP/1.1 200 OK\r\nX: " + std::string(300 << 10, 'h') + "\r\n\r\n",
       http::ErrorKind::too_large},
      {"more header lines than the cap", answer("{}", many_headers), http::ErrorKind::too_large},
      {"a chunk size out of range",
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n",
       http::ErrorKind::other},
  };
  for (const Hostile& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      RawServer server([&](int, int, const std::string&) {
        return RawServer::Reply{c.bytes, true};
      });
      const Outcome outcome = read_for(Via::plain, direct(2), server.url("/scim"), 1, 0.05);
      BOOST_TEST(outcome.problem == "");
      BOOST_REQUIRE(!outcome.reads.empty());
      for (const auto& ex : outcome.reads) {
        BOOST_REQUIRE(ex.error);
        BOOST_TEST((ex.error->kind == c.kind), ex.error->message);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(plain_http_reports_a_port_nobody_listens_on_as_connect_errors) {
  int port = 0;
  {
    SilentPort closed;  // bound, then closed: nothing listens there any more
    const std::string url = closed.url();
    port = std::stoi(url.substr(url.rfind(':') + 1));
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/scim";
  const Outcome outcome = read_for(Via::plain, direct(2), url, 2, 0.05);
  BOOST_TEST(outcome.problem == "");
  BOOST_REQUIRE(!outcome.reads.empty());
  for (const auto& ex : outcome.reads) {
    BOOST_REQUIRE(ex.error);
    BOOST_TEST((ex.error->kind == http::ErrorKind::connect), ex.error->message);
  }
}

BOOST_AUTO_TEST_SUITE_END()
