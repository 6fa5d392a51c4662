// The reference server against hostile requests: deep, malformed and oversized bodies,
// unauthenticated uploads, filters built to exhaust the parser, slow and idle connections.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "scim/json_limits.hpp"
#include "server/test_client.hpp"

using namespace scimcheck::server;
using namespace scimcheck::server::testing;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kErrorUrn = "urn:ietf:params:scim:api:messages:2.0:Error";

/// A client socket to the server under test, sending and reading raw bytes.
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0)
      throw std::runtime_error("cannot connect to the server under test");
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  /// Sends what the socket takes now, waiting at most `wait_ms`; -1 when the server closed.
  long send_some(const std::string& bytes, int wait_ms) {
    pollfd fd{fd_, POLLOUT, 0};
    if (::poll(&fd, 1, wait_ms) <= 0) return 0;
    long n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : n;
  }
  /// What has arrived so far (waiting at most `wait_ms` for the first bytes); appends to
  /// received() and tells whether the server has closed its side.
  bool receive(int wait_ms) {
    pollfd fd{fd_, POLLIN, 0};
    if (::poll(&fd, 1, wait_ms) <= 0) return false;
    char buffer[65536];
    long n = ::recv(fd_, buffer, sizeof(buffer), MSG_DONTWAIT);
    if (n > 0) received_.append(buffer, static_cast<std::size_t>(n));
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }
  const std::string& received() const { return received_; }

 private:
  int fd_;
  std::string received_;
};

/// Whether `response` holds a whole HTTP answer: its head and as many body bytes as its
/// Content-Length says.
bool complete_response(const std::string& response) {
  const std::size_t head_end = response.find("\r\n\r\n");
  if (head_end == std::string::npos) return false;
  std::string head = response.substr(0, head_end);
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::size_t field = head.find("\r\ncontent-length:");
  if (field == std::string::npos) return true;
  const std::size_t length = std::stoul(head.substr(field + 17));
  return response.size() - (head_end + 4) >= length;
}

/// Uploads `body_bytes` of body after `head` until the server answers or closes: the bytes of
/// body sent by then, with the answer in connection.received().
std::size_t upload(RawConnection& connection, const std::string& head, std::size_t body_bytes) {
  const std::string chunk(64 * 1024, 'x');
  if (connection.send_some(head, 5000) != static_cast<long>(head.size()))
    throw std::runtime_error("the request head was not sent");
  std::size_t sent = 0;
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (sent < body_bytes && Clock::now() < deadline) {
    bool closed = connection.receive(0);
    if (closed || connection.received().find("\r\n\r\n") != std::string::npos) break;
    long n = connection.send_some(chunk.substr(0, std::min(chunk.size(), body_bytes - sent)), 10);
    if (n < 0) break;
    sent += static_cast<std::size_t>(n);
  }
  // The head and the body of the answer can arrive in separate segments: read until the
  // body named by Content-Length is in (or the server closes), for at most 5 s.
  for (int i = 0; i < 50 && !complete_response(connection.received()); ++i)
    if (connection.receive(100)) break;
  return sent;
}

int status_of(const std::string& response) {
  return response.rfind("HTTP/1.1 ", 0) == 0 ? std::stoi(response.substr(9, 3)) : 0;
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

/// A PATCH with a body given as text (a deep body cannot be built as a Json: printing it
/// would recurse as deep).
Reply patch_text(Api& api, const std::string& path, const std::string& body) {
  httplib::Client client("127.0.0.1", api.server().port());
  client.set_read_timeout(20, 0);
  auto result = client.Patch((api.prefix() + path).c_str(),
                             {{"Authorization", std::string("Bearer ") + kTestToken}}, body,
                             "application/scim+json");
  if (!result) throw std::runtime_error("no HTTP response to the PATCH");
  Reply reply;
  reply.status = result->status;
  reply.text = result->body;
  reply.body = Json::parse(reply.text, nullptr, false);
  if (reply.body.is_discarded()) reply.body = nullptr;
  return reply;
}

void expect_error(const Reply& reply, int status, const std::string& scim_type) {
  BOOST_TEST(reply.status == status, reply.text.substr(0, 300));
  BOOST_TEST(reply.body.value("scimType", "") == scim_type);
  BOOST_TEST(reply.body.value("status", "") == std::to_string(status));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(server_limits)

BOOST_AUTO_TEST_CASE(deep_bodies_are_refused_before_parsing) {
  Api api(test_options());
  // 100,000 levels once overflowed the stack while nulls were dropped from the new user.
  const std::string deep_user =
      R"({"userName": "deep@example.com", "x-deep": )" + nested(100000) + "}";
  expect_error(api.post_text("/Users", deep_user), 400, "invalidSyntax");
  auto user = api.create_user("shallow@example.com");
  const std::string id = user["id"];
  expect_error(patch_text(api, "/Users/" + id,
                          R"({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                              "Operations": [{"op": "add", "path": "nickName", "value": )" +
                              nested(100000) + "}]}"),
               400, "invalidSyntax");
  expect_error(api.post_text("/.search", R"({"filter": )" + nested(100000) + "}"), 400,
               "invalidSyntax");
  // At the limit a body is still read.
  const std::string at_limit = R"({"userName": "limit@example.com", "x": )" +
                               nested(scimcheck::scim::kMaxJsonNesting - 1) + "}";
  BOOST_TEST(api.post_text("/Users", at_limit).status == 201);
  BOOST_TEST(api.get("/Users/" + id).status == 200);
}

BOOST_AUTO_TEST_CASE(filters_built_to_exhaust_the_parser_are_invalid) {
  Api api(test_options());
  api.create_user("someone@example.com");
  auto wrap = [](std::size_t depth, const std::string& open) {
    std::string text;
    for (std::size_t i = 0; i < depth; ++i) text += open;
    return text + R"(userName eq "someone@example.com")" + std::string(depth, ')');
  };
  for (const auto& filter : {wrap(10000, "("), wrap(50000, "not ("), wrap(65, "(")}) {
    expect_error(api.post("/.search", {{"filter", filter}}), 400, "invalidFilter");
    expect_error(api.post("/Users/.search", {{"filter", filter}}), 400, "invalidFilter");
  }
  std::string chain = R"(userName eq "a")";
  for (int i = 0; i < 20000; ++i) chain += R"( or userName eq "a")";
  expect_error(api.post("/.search", {{"filter", chain}}), 400, "invalidFilter");
  auto found = api.post("/Users/.search", {{"filter", wrap(64, "(")}});
  BOOST_TEST(found.status == 200);
  BOOST_TEST(found.body["totalResults"] == 1);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_and_numbers_out_of_range_are_400) {
  Api api(test_options());
  // A Latin-1 "José Müller": the parser's message quotes the bytes, which made the answer 500.
  expect_error(api.post_text("/Users", "{\"userName\": \"Jos\xe9 M\xfcller\"}"), 400,
               "invalidSyntax");
  expect_error(api.post_text("/Users", R"({"userName": "big@example.com", "x": 1e999})"), 400,
               "invalidValue");
  expect_error(api.post_text("/.search", R"({"filter": "userName eq \"a\"", "count": 1e999})"), 400,
               "invalidValue");
  auto user = api.create_user("utf8@example.com");
  const std::string id = user["id"];
  auto patched = api.patch(
      "/Users/" + id, Json::parse(R"({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                                      "Operations": [{"op": "add", "path": "nickName",
                                                      "value": 1e308}]})"));
  BOOST_TEST(patched.status == 400);  // a number for a string: invalidValue, not a crash
  // Bytes that are not UTF-8 in the path are echoed in the 404's detail as U+FFFD.
  auto missing = api.get("/Users/%E9%FF");
  BOOST_TEST(missing.status == 404, missing.text);
  BOOST_TEST(!scimcheck::scim::invalid_utf8_at(missing.text).has_value());
}

BOOST_AUTO_TEST_CASE(an_unauthenticated_upload_is_refused_before_its_body_is_read) {
  Api api(test_options());
  const std::size_t hundred_mb = 100u * 1024 * 1024;
  auto head = [&](const std::string& authorization, const std::string& framing) {
    return "POST /Users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/scim+json\r\n" +
           authorization + framing + "\r\n";
  };
  const std::string length = "Content-Length: " + std::to_string(hundred_mb) + "\r\n";
  const std::string chunked = "Transfer-Encoding: chunked\r\n";
  const std::string token = std::string("Authorization: Bearer ") + kTestToken + "\r\n";
  struct Case {
    std::string head;
    int status;
  };
  for (const Case& c :
       {Case{head("", length), 401}, Case{head("Authorization: Bearer x\r\n", length), 401},
        Case{head("", chunked), 401}, Case{head(token, length), 413},
        // Refused instead of "100 Continue": the client need not send the body at all.
        Case{head("Expect: 100-continue\r\n", length), 401},
        Case{head(token + "Expect: 100-continue\r\n", length), 413}}) {
    RawConnection connection(api.server().port());
    const auto begin = Clock::now();
    const std::size_t sent = upload(connection, c.head, hundred_mb);
    const auto seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    BOOST_TEST_MESSAGE("answered " << status_of(connection.received()) << " after " << sent
                                   << " bytes of body, " << seconds << " s");
    BOOST_TEST(status_of(connection.received()) == c.status, connection.received().substr(0, 200));
    BOOST_TEST(connection.received().find(kErrorUrn) != std::string::npos);
    // The answer comes before the body: what was sent is what the socket buffers took.
    BOOST_TEST(sent < hundred_mb / 4, "sent " << sent << " bytes in " << seconds << " s");
    BOOST_TEST(seconds < 5.0);
  }
  // The server still answers on new connections.
  BOOST_TEST(api.get("/ServiceProviderConfig").status == 200);
}

BOOST_AUTO_TEST_CASE(a_body_over_the_size_limit_is_413) {
  Api api(test_options());
  const std::string big(kMaxRequestBodyBytes + 1, ' ');
  auto reply = api.post_text("/Users", big);
  BOOST_TEST(reply.status == 413);
  BOOST_TEST(reply.body.value("status", "") == "413");
  // At the limit it is read (and judged as JSON).
  std::string padded = R"({"userName": "padded@example.com"})";
  padded += std::string(kMaxRequestBodyBytes - padded.size(), ' ');
  BOOST_TEST(api.post_text("/Users", padded).status == 201);
  BOOST_TEST(api.get("/Users").status == 200);
}

BOOST_AUTO_TEST_CASE(slow_connections_do_not_starve_other_clients) {
  Api api(test_options());
  // More connections than the server has threads, each sending a request one byte every
  // 200 ms from the moment it connects (setting up that many can take seconds). Before,
  // each held its thread for as long as it kept sending (about 14 s); now a slow request is
  // cut kBusyRequestTimeoutMs after its first byte while other connections wait.
  const std::string request =
      std::string("GET /Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ") + kTestToken +
      "\r\n\r\n";
  std::mutex mutex;
  std::vector<std::pair<std::unique_ptr<RawConnection>, std::size_t>> slow;  // bytes sent
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    while (!done) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        for (auto& [connection, sent] : slow)
          if (sent < request.size() && connection->send_some(request.substr(sent, 1), 0) == 1)
            ++sent;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  for (std::size_t i = 0; i < kServerWorkers + 8; ++i) {
    auto connection = std::make_unique<RawConnection>(api.server().port());
    connection->send_some(request.substr(0, 1), 0);
    std::lock_guard<std::mutex> lock(mutex);
    slow.emplace_back(std::move(connection), 1);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  double slowest = 0;
  for (int i = 0; i < 3; ++i) {
    const auto begin = Clock::now();
    auto reply = api.get("/ServiceProviderConfig");
    slowest = std::max(slowest, std::chrono::duration<double>(Clock::now() - begin).count());
    BOOST_TEST(reply.status == 200);
  }
  done = true;
  trickle.join();
  BOOST_TEST_MESSAGE("answered with every thread taken by a slow client within " << slowest
                                                                                 << " s");
  BOOST_TEST(slowest < kBusyRequestTimeoutMs / 1000.0 + 1.0);
}

BOOST_AUTO_TEST_CASE(limits_are_described_as_configured) {
  const std::string text = limits_description();
  BOOST_TEST(text.find(std::to_string(kServerWorkers) + " threads") != std::string::npos, text);
  BOOST_TEST(text.find(std::to_string(kMaxRequestBodyBytes) + " bytes") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
