#include "http/curl_transport.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <set>

#include "http/raw_test_server.hpp"
#include "http/test_server.hpp"

namespace scimcheck::http {
// Lets Boost.Test print error kinds in failure messages.
std::ostream& operator<<(std::ostream& out, ErrorKind kind) { return out << to_string(kind); }
}  // namespace scimcheck::http

using namespace scimcheck::http;
using scimcheck::http::testing::RawServer;
using scimcheck::http::testing::TestServer;

namespace {

/// What the server saw of the last request.
struct Seen {
  std::mutex mutex;
  std::string method, body, path;
  httplib::Headers headers;
  std::set<int> remote_ports;
  int count = 0;
};

void echo(Seen& seen, const httplib::Request& req, httplib::Response& res) {
  {
    std::lock_guard lock(seen.mutex);
    seen.method = req.method;
    seen.body = req.body;
    seen.path = req.path;
    seen.headers = req.headers;
    seen.remote_ports.insert(req.remote_port);
    ++seen.count;
  }
  res.set_header("X-Reply", "reply-value");
  res.set_header("X-Method", req.method);
  res.set_content(req.method + ":" + req.body, "text/plain");
}

struct Fixture {
  TestServer ts;
  Seen seen;

  Fixture() {
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      echo(seen, req, res);
    };
    ts.server.Get("/echo", handler);
    ts.server.Post("/echo", handler);
    ts.server.Put("/echo", handler);
    ts.server.Patch("/echo", handler);
    ts.server.Delete("/echo", handler);
    ts.server.Get(R"(/status/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      res.status = std::stoi(req.matches[1]);
      if (res.status != 204) res.set_content("status " + req.matches[1].str(), "text/plain");
    });
    ts.server.Get("/big", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(std::string(std::stoul(req.get_param_value("n")), 'x'), "text/plain");
    });
    ts.server.Get("/big-chunked", [](const httplib::Request& req, httplib::Response& res) {
      const std::size_t n = std::stoul(req.get_param_value("n"));
      res.set_chunked_content_provider(
          "text/plain", [n, sent = std::size_t{0}](std::size_t, httplib::DataSink& sink) mutable {
            const std::string chunk(std::min<std::size_t>(n - sent, 16384), 'x');
            sent += chunk.size();
            if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
            if (sent >= n) sink.done();
            return true;
          });
    });
    ts.server.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1000));
      res.set_content("late", "text/plain");
    });
    ts.start();
  }
};

CurlOptions quick() {
  CurlOptions options;
  options.timeout_s = 10;
  options.connect_timeout_s = 5;
  return options;
}

Request make(std::string method, std::string url, std::string body = {}, Headers headers = {}) {
  return Request{std::move(method), std::move(url), std::move(headers), std::move(body)};
}

std::string server_header(const httplib::Headers& headers, const std::string& name) {
  auto it = headers.find(name);
  return it == headers.end() ? std::string("<absent>") : it->second;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(curl_transport)

BOOST_FIXTURE_TEST_CASE(methods_and_bodies, Fixture) {
  CurlTransport transport(quick());
  for (std::string method : {"GET", "DELETE"}) {
    Exchange ex = transport.send(make(method, ts.url("/echo")));
    BOOST_TEST_CONTEXT(method) {
      BOOST_TEST(!ex.error.has_value());
      BOOST_TEST(ex.response.status == 200);
      BOOST_TEST(ex.response.body == method + ":");
      BOOST_TEST(seen.method == method);
    }
  }
  for (std::string method : {"POST", "PUT", "PATCH", "DELETE"}) {
    const std::string body = R"({"userName":"a@b.com","m":")" + method + "\"}";
    Exchange ex = transport.send(
        make(method, ts.url("/echo"), body, {{"Content-Type", "application/scim+json"}}));
    BOOST_TEST_CONTEXT(method) {
      BOOST_TEST(!ex.error.has_value());
      BOOST_TEST(ex.response.status == 200);
      BOOST_TEST(ex.response.body == method + ":" + body);
      BOOST_TEST(seen.method == method);
      BOOST_TEST(seen.body == body);
      BOOST_TEST(server_header(seen.headers, "Content-Type") == "application/scim+json");
      BOOST_TEST(server_header(seen.headers, "Content-Length") == std::to_string(body.size()));
    }
  }
  // POST without a body still says how long it is.
  Exchange empty = transport.send(make("POST", ts.url("/echo")));
  BOOST_TEST(empty.response.body == "POST:");
  BOOST_TEST(server_header(seen.headers, "Content-Length") == "0");
}

BOOST_FIXTURE_TEST_CASE(head_request_has_no_body, Fixture) {
  CurlTransport transport(quick());
  Exchange ex = transport.send(make("HEAD", ts.url("/echo")));
  BOOST_TEST(!ex.error.has_value());
  BOOST_TEST(ex.response.status == 200);
  BOOST_TEST(ex.response.body.empty());
  // The transport can go on after a HEAD.
  Exchange next = transport.send(make("GET", ts.url("/echo")));
  BOOST_TEST(next.response.body == "GET:");
}

BOOST_FIXTURE_TEST_CASE(a_reused_handle_carries_nothing_over_from_one_request_to_the_next, Fixture) {
  CurlTransport transport(quick());
  transport.send(make("PATCH", ts.url("/echo"), R"({"a":1})",
                      {{"Content-Type", "application/scim+json"}, {"X-One", "1"}}));
  BOOST_TEST(seen.body == R"({"a":1})");
  for (int round = 0; round < 2; ++round) {  // the second GET reuses the first's header list
    Exchange get = transport.send(make("GET", ts.url("/echo"), {}, {{"X-Two", "2"}}));
    BOOST_TEST_CONTEXT("GET " << round) {
      BOOST_TEST(get.response.body == "GET:");
      BOOST_TEST(seen.method == "GET");
      BOOST_TEST(seen.body.empty());
      BOOST_TEST(server_header(seen.headers, "Content-Length") == "<absent>");
      BOOST_TEST(server_header(seen.headers, "Content-Type") == "<absent>");
      BOOST_TEST(server_header(seen.headers, "X-One") == "<absent>");
      BOOST_TEST(server_header(seen.headers, "X-Two") == "2");
    }
  }
  Exchange head = transport.send(make("HEAD", ts.url("/echo")));
  BOOST_TEST(head.response.body.empty());
  Exchange del = transport.send(make("DELETE", ts.url("/echo")));
  BOOST_TEST(del.response.body == "DELETE:");
  BOOST_TEST(seen.method == "DELETE");
  BOOST_TEST(server_header(seen.headers, "X-Two") == "<absent>");
  Exchange post = transport.send(make("POST", ts.url("/echo"), "b"));
  BOOST_TEST(post.response.body == "POST:b");
  BOOST_TEST(seen.count == 6);
}

BOOST_FIXTURE_TEST_CASE(status_codes, Fixture) {
  CurlTransport transport(quick());
  for (int status : {200, 201, 204, 400, 404, 409, 412, 500, 503}) {
    Exchange ex = transport.send(make("GET", ts.url("/status/" + std::to_string(status))));
    BOOST_TEST_CONTEXT(status) {
      BOOST_TEST(!ex.error.has_value());
      BOOST_TEST(ex.response.status == status);
      BOOST_TEST(ex.response.body ==
                 (status == 204 ? std::string() : "status " + std::to_string(status)));
    }
  }
}

BOOST_FIXTURE_TEST_CASE(redirects_are_not_followed, Fixture) {
  ts.server.Get("/moved", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/echo", 302);
  });
  CurlTransport transport(quick());
  Exchange ex = transport.send(make("GET", ts.url("/moved")));
  BOOST_TEST(ex.response.status == 302);
  BOOST_TEST(seen.count == 0);
  BOOST_REQUIRE(find_header(ex.response.headers, "location"));
  BOOST_TEST(*find_header(ex.response.headers, "location") == "/echo");
}

BOOST_FIXTURE_TEST_CASE(headers_both_ways, Fixture) {
  CurlTransport transport(quick());
  Exchange ex = transport.send(make("POST", ts.url("/echo"), "a=b",
                                    {{"X-Custom", "custom value"},
                                     {"Authorization", "Bearer abc"}}));
  BOOST_TEST(!ex.error.has_value());
  BOOST_TEST(server_header(seen.headers, "X-Custom") == "custom value");
  BOOST_TEST(server_header(seen.headers, "Authorization") == "Bearer abc");
  // Nothing libcurl would add on its own besides Host/Content-Length/User-Agent.
  BOOST_TEST(server_header(seen.headers, "Accept") == "<absent>");
  BOOST_TEST(server_header(seen.headers, "Expect") == "<absent>");
  BOOST_TEST(server_header(seen.headers, "Content-Type") == "<absent>");
  BOOST_TEST(server_header(seen.headers, "User-Agent") == "scimcheck");
  // The exchange records the request as sent, User-Agent included.
  BOOST_TEST(ex.request.url == ts.url("/echo"));
  BOOST_TEST(ex.request.body == "a=b");
  BOOST_REQUIRE(find_header(ex.request.headers, "user-agent"));
  BOOST_TEST(*find_header(ex.request.headers, "user-agent") == "scimcheck");
  BOOST_TEST(ex.elapsed_ms > 0);

  BOOST_REQUIRE(find_header(ex.response.headers, "x-reply"));
  BOOST_TEST(*find_header(ex.response.headers, "x-reply") == "reply-value");
  BOOST_REQUIRE(find_header(ex.response.headers, "Content-Type"));
  BOOST_TEST(*find_header(ex.response.headers, "Content-Type") == "text/plain");

  // A request's own Accept and User-Agent replace libcurl's.
  transport.send(make("GET", ts.url("/echo"), {},
                      {{"Accept", "application/scim+json"}, {"User-Agent", "other/1"}}));
  BOOST_TEST(server_header(seen.headers, "Accept") == "application/scim+json");
  BOOST_TEST(server_header(seen.headers, "User-Agent") == "other/1");
}

BOOST_AUTO_TEST_CASE(exactly_the_given_headers_go_on_the_wire) {
  RawServer raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
  CurlOptions options = quick();
  options.user_agent = "scimcheck/test";
  CurlTransport transport(options);
  Exchange ex = transport.send(make("PATCH", raw.url("/scim/Users/1"), "{}",
                                    {{"X-Empty", ""}, {"X-Folded", "a b"}}));
  BOOST_TEST(!ex.error.has_value());
  BOOST_TEST(ex.response.body == "ok");
  const std::string head = raw.head();
  BOOST_TEST(head.rfind("PATCH /scim/Users/1 HTTP/1.1\r\n", 0) == 0u);
  BOOST_TEST(head.find("\r\nX-Empty:") != std::string::npos);
  BOOST_TEST(head.find("\r\nX-Folded: a b\r\n") != std::string::npos);
  BOOST_TEST(head.find("\r\nUser-Agent: scimcheck/test\r\n") != std::string::npos);
  BOOST_TEST(head.find("\r\nContent-Length: 2\r\n") != std::string::npos);
  BOOST_TEST(head.find("Accept") == std::string::npos);
  BOOST_TEST(head.find("Expect") == std::string::npos);
  BOOST_TEST(head.find("Content-Type") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(extra_headers_go_on_every_request_unless_the_request_sets_them) {
  RawServer raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
  CurlOptions options = quick();
  options.extra_headers = {{"X-Api-Key", "gateway-key"}, {"X-Tenant", "extra"}};
  CurlTransport transport(options);
  Exchange ex = transport.send(make("GET", raw.url("/scim/Users"), {}, {{"X-Tenant", "own"}}));
  BOOST_TEST(!ex.error.has_value());
  const std::string head = raw.head();
  BOOST_TEST(head.find("\r\nX-Api-Key: gateway-key\r\n") != std::string::npos);
  BOOST_TEST(head.find("\r\nX-Tenant: own\r\n") != std::string::npos);
  BOOST_TEST(head.find("extra") == std::string::npos);
  // The exchange records what was sent, so reports (after redaction) show the header too.
  BOOST_REQUIRE(find_header(ex.request.headers, "X-Api-Key"));
  BOOST_TEST(*find_header(ex.request.headers, "X-Api-Key") == "gateway-key");
}

/// Sets an environment variable for the lifetime of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

BOOST_AUTO_TEST_CASE(a_given_proxy_carries_loopback_requests_whatever_no_proxy_says) {
  RawServer proxy("HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nproxied");
  ScopedEnv no_proxy("no_proxy", "127.0.0.1,localhost");
  ScopedEnv no_proxy_upper("NO_PROXY", "127.0.0.1,localhost");
  CurlOptions options = quick();
  options.proxy = proxy.url("");
  CurlTransport transport(options);
  // Port 9 (discard) on loopback: only the proxy can answer.
  Exchange ex = transport.send(make("GET", "http://127.0.0.1:9/scim/Users?x=1"));
  BOOST_TEST(!ex.error.has_value());
  BOOST_TEST(ex.response.body == "proxied");
  BOOST_TEST(proxy.head().rfind("GET http://127.0.0.1:9/scim/Users?x=1 HTTP/1.1\r\n", 0) == 0u);
}

BOOST_FIXTURE_TEST_CASE(environment_proxy_used_only_when_allowed, Fixture) {
  RawServer proxy("HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nproxied");
  ScopedEnv http_proxy("http_proxy", proxy.url(""));
  ScopedEnv no_proxy("no_proxy", "");
  ScopedEnv no_proxy_upper("NO_PROXY", "");
  CurlOptions direct = quick();
  direct.env_proxy = false;
  Exchange ex = CurlTransport(direct).send(make("GET", ts.url("/echo")));
  BOOST_TEST(!ex.error.has_value());
  BOOST_TEST(ex.response.body == "GET:");
  BOOST_TEST(seen.count == 1);
  ex = CurlTransport(quick()).send(make("GET", ts.url("/echo")));
  BOOST_TEST(ex.response.body == "proxied");
  BOOST_TEST(proxy.head().rfind("GET " + ts.url("/echo") + " HTTP/1.1\r\n", 0) == 0u);
  BOOST_TEST(seen.count == 1);
}

BOOST_AUTO_TEST_CASE(only_the_final_header_block_is_kept) {
  RawServer raw(
      "HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n"
      "HTTP/1.1 201 Created\r\nContent-Type: application/scim+json\r\n"
      "X-Long: first\r\n  second\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
  CurlTransport transport(quick());
  Exchange ex = transport.send(make("POST", raw.url("/scim/Users"), "{}"));
  BOOST_TEST(!ex.error.has_value());
  BOOST_TEST(ex.response.status == 201);
  BOOST_TEST(ex.response.body == "{}");
  BOOST_TEST(find_header(ex.response.headers, "X-Interim") == nullptr);
  BOOST_REQUIRE(find_header(ex.response.headers, "content-type"));
  BOOST_TEST(*find_header(ex.response.headers, "content-type") == "application/scim+json");
  BOOST_REQUIRE(find_header(ex.response.headers, "X-Long"));
  BOOST_TEST(*find_header(ex.response.headers, "X-Long") == "first second");
  BOOST_TEST(ex.response.headers.size() == 4u);
}

BOOST_FIXTURE_TEST_CASE(interim_100_continue_headers_are_dropped, Fixture) {
  CurlTransport transport(quick());
  Exchange ex = transport.send(make("PUT", ts.url("/echo"), std::string(2000, 'b'),
                                    {{"Expect", "100-continue"}}));
  BOOST_TEST(!ex.error.has_value());
  BOOST_TEST(ex.response.status == 200);
  BOOST_TEST(ex.response.body == "PUT:" + std::string(2000, 'b'));
  int content_lengths = 0;
  for (const auto& h : ex.response.headers) {
    BOOST_TEST(h.name.rfind("HTTP/", 0) != 0);
    if (h.name == "Content-Length") ++content_lengths;
  }
  BOOST_TEST(content_lengths == 1);
  BOOST_TEST(find_header(ex.response.headers, "X-Method") != nullptr);
}

BOOST_FIXTURE_TEST_CASE(connection_is_reused, Fixture) {
  CurlTransport transport(quick());
  for (int i = 0; i < 4; ++i) {
    Exchange ex = transport.send(make(i % 2 ? "POST" : "GET", ts.url("/echo"), i % 2 ? "x" : ""));
    BOOST_TEST(ex.response.status == 200);
  }
  BOOST_TEST(seen.count == 4);
  BOOST_TEST(seen.remote_ports.size() == 1u);

  // A second transport has its own connection.
  CurlTransport other(quick());
  other.send(make("GET", ts.url("/echo")));
  BOOST_TEST(seen.remote_ports.size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(timeout, Fixture) {
  CurlOptions options = quick();
  options.timeout_s = 0.3;
  CurlTransport transport(options);
  Exchange ex = transport.send(make("GET", ts.url("/slow")));
  BOOST_REQUIRE(ex.error.has_value());
  BOOST_TEST(ex.error->kind == ErrorKind::timeout);
  BOOST_TEST(!ex.error->message.empty());
  BOOST_TEST(ex.elapsed_ms >= 250);
  BOOST_TEST(ex.elapsed_ms < 900);
  // The transport recovers on the next request.
  Exchange next = transport.send(make("GET", ts.url("/echo")));
  BOOST_TEST(!next.error.has_value());
  BOOST_TEST(next.response.status == 200);
}

BOOST_FIXTURE_TEST_CASE(response_size_cap, Fixture) {
  CurlOptions options = quick();
  options.max_response_bytes = 1000;
  CurlTransport transport(options);
  Exchange fits = transport.send(make("GET", ts.url("/big?n=1000")));
  BOOST_TEST(!fits.error.has_value());
  BOOST_TEST(fits.response.body.size() == 1000u);
  Exchange big = transport.send(make("GET", ts.url("/big?n=5000")));
  BOOST_REQUIRE(big.error.has_value());
  BOOST_TEST(big.error->kind == ErrorKind::too_large);
  BOOST_TEST(big.error->message.find("1000") != std::string::npos);
  BOOST_TEST(big.response.body.size() <= 1000u);
}

BOOST_FIXTURE_TEST_CASE(a_body_refused_as_too_large_keeps_only_its_start, Fixture) {
  CurlOptions options = quick();
  options.max_response_bytes = 1u << 20;
  CurlTransport transport(options);
  // Sent without a length, the body is read up to the cap; only its start is kept.
  Exchange big = transport.send(make("GET", ts.url("/big-chunked?n=2000000")));
  BOOST_REQUIRE(big.error.has_value());
  BOOST_TEST(big.error->kind == ErrorKind::too_large);
  BOOST_TEST(big.response.body.size() == (64u << 10));
  BOOST_TEST(big.response.body.capacity() < (128u << 10));
}

BOOST_FIXTURE_TEST_CASE(a_body_announced_too_large_is_not_read, Fixture) {
  CurlOptions options = quick();
  options.max_response_bytes = 1u << 20;
  CurlTransport transport(options);
  Exchange big = transport.send(make("GET", ts.url("/big?n=2000000")));
  BOOST_REQUIRE(big.error.has_value());
  BOOST_TEST(big.error->kind == ErrorKind::too_large);
  BOOST_TEST(big.response.body.empty());
}

/// An answer with `count` extra header lines of the form "X-N: v".
std::string many_headers(int count) {
  std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n";
  for (int i = 0; i < count; ++i) answer += "X-" + std::to_string(i) + ": v\r\n";
  return answer + "\r\nok";
}

BOOST_AUTO_TEST_CASE(header_count_cap) {
  RawServer fits(many_headers(400));
  CurlTransport transport(quick());
  Exchange ok = transport.send(make("GET", fits.url("/")));
  BOOST_TEST(!ok.error.has_value());
  BOOST_TEST(ok.response.headers.size() == 402u);

  RawServer flood(many_headers(5000));
  Exchange ex = transport.send(make("GET", flood.url("/")));
  BOOST_REQUIRE(ex.error.has_value());
  BOOST_TEST(ex.error->kind == ErrorKind::too_large);
  BOOST_TEST(ex.error->message.find("headers") != std::string::npos);
  BOOST_TEST(ex.response.headers.size() <= 500u);
}

BOOST_AUTO_TEST_CASE(header_bytes_cap) {
  std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n";
  for (int i = 0; i < 40; ++i)
    answer += "X-" + std::to_string(i) + ": " + std::string(8000, 'v') + "\r\n";
  RawServer raw(answer + "\r\nok");
  CurlTransport transport(quick());
  Exchange ex = transport.send(make("GET", raw.url("/")));
  BOOST_REQUIRE(ex.error.has_value());
  BOOST_TEST(ex.error->kind == ErrorKind::too_large);
  std::size_t kept = 0;
  for (const auto& h : ex.response.headers) kept += h.name.size() + h.value.size();
  BOOST_TEST(kept <= (256u << 10));
}

BOOST_FIXTURE_TEST_CASE(abort_flag_set_before_sending, Fixture) {
  std::atomic<bool> abort{true};
  CurlOptions options = quick();
  options.abort = &abort;
  CurlTransport transport(options);
  Exchange ex = transport.send(make("GET", ts.url("/echo")));
  BOOST_REQUIRE(ex.error.has_value());
  BOOST_TEST(ex.error->kind == ErrorKind::aborted);
  BOOST_TEST(seen.count == 0);
  abort = false;
  BOOST_TEST(!transport.send(make("GET", ts.url("/echo"))).error.has_value());
}

BOOST_AUTO_TEST_CASE(abort_flag_stops_a_running_transfer) {
  TestServer ts;
  std::mutex mutex;
  std::condition_variable cv;
  bool release = false;
  ts.server.Get("/hang", [&](const httplib::Request&, httplib::Response& res) {
    std::unique_lock lock(mutex);
    cv.wait_for(lock, std::chrono::seconds(5), [&] { return release; });
    res.set_content("done", "text/plain");
  });
  ts.start();

  std::atomic<bool> abort{false};
  CurlOptions options = quick();
  options.abort = &abort;
  CurlTransport transport(options);
  std::thread setter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    abort = true;
  });
  Exchange ex = transport.send(make("GET", ts.url("/hang")));
  setter.join();
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  cv.notify_all();
  BOOST_REQUIRE(ex.error.has_value());
  BOOST_TEST(ex.error->kind == ErrorKind::aborted);
  BOOST_TEST(ex.elapsed_ms >= 150);
  BOOST_TEST(ex.elapsed_ms < 2500);
}

BOOST_AUTO_TEST_CASE(connect_error_on_closed_port) {
  // A socket bound but not listening: the port is ours and connections are refused.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  BOOST_REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  BOOST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  BOOST_REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  int port = ntohs(addr.sin_port);

  CurlTransport transport(quick());
  Exchange ex =
      transport.send(make("GET", "http://127.0.0.1:" + std::to_string(port) + "/scim/Users"));
  ::close(fd);
  BOOST_REQUIRE(ex.error.has_value());
  BOOST_TEST(ex.error->kind == ErrorKind::connect);
  BOOST_TEST(ex.error->message.find("onnect") != std::string::npos);
  BOOST_TEST(ex.response.status == 0);
}

BOOST_AUTO_TEST_CASE(unsupported_scheme_is_other) {
  CurlTransport transport(quick());
  Exchange ex = transport.send(make("GET", "nosuchscheme://127.0.0.1/x"));
  BOOST_REQUIRE(ex.error.has_value());
  BOOST_TEST(ex.error->kind == ErrorKind::other);
}

BOOST_AUTO_TEST_SUITE_END()
