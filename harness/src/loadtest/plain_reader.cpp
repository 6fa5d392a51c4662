#include "loadtest/plain_reader.hpp"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <optional>

#include "http/url.hpp"

namespace scimcheck::loadtest {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

/// Longest stretch of socket work before the stop flag is looked at again.
constexpr auto kPollSlice = std::chrono::milliseconds(50);
/// Interim (1xx) answers skipped before the final answer of one read.
constexpr int kMaxInterim = 8;

SteadyReader::Clock::duration seconds(double s) {
  return std::chrono::duration_cast<SteadyReader::Clock::duration>(
      std::chrono::duration<double>(s));
}

/// Reads one answer straight into a Response: its status, its header lines (in order, as
/// sent; more than `max_lines` is an error) and its body.
class AnswerParser : public bhttp::basic_parser<false> {
 public:
  AnswerParser(http::Response& response, std::size_t max_lines)
      : response_(response), max_lines_(max_lines) {}

 private:
  void on_request_impl(bhttp::verb, beast::string_view, beast::string_view, int,
                       beast::error_code&) override {}
  void on_response_impl(int code, beast::string_view, int, beast::error_code&) override {
    response_.status = code;
  }
  void on_field_impl(bhttp::field, beast::string_view name, beast::string_view value,
                     beast::error_code& ec) override {
    if (response_.headers.size() >= max_lines_) {
      ec = bhttp::error::header_limit;
      return;
    }
    response_.headers.push_back(
        {std::string(name.data(), name.size()), std::string(value.data(), value.size())});
  }
  void on_header_impl(beast::error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length,
                         beast::error_code&) override {
    if (length)
      response_.body.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(*length, 1u << 20)));
  }
  std::size_t on_body_impl(beast::string_view body, beast::error_code&) override {
    response_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, beast::string_view, beast::error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, beast::string_view body,
                                 beast::error_code&) override {
    return on_body_impl(body, ignored_);
  }
  void on_finish_impl(beast::error_code&) override {}

  http::Response& response_;
  std::size_t max_lines_;
  beast::error_code ignored_;
};

/// One connection: its socket, its prepared request and the read under way.
struct Connection {
  Connection(asio::io_context& io, const std::string& base_url, UserReader::Authorize authorize,
             http::Headers fixed)
      : stream(io), reader(base_url, std::move(authorize), std::move(fixed)) {}

  void close() {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
    open = false;
    buffer.clear();
  }

  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  std::string wire;  // the request as sent
  std::optional<AnswerParser> parser;
  UserReader reader;
  std::string id;
  http::Exchange exchange;  // the answer of the read under way; its request stays empty
  SteadyReader::Clock::time_point started;
  bool open = false;     // connected, and kept open by the server so far
  int served = 0;        // answers read on the open connection
  bool retried = false;  // the read under way was sent again on a new connection
  int interim = 0;       // 1xx answers skipped in the read under way
};

}  // namespace

struct PlainReader::Impl {
  asio::io_context io{1};
  http::CurlOptions options;
  std::string host;  // for the resolver: an IPv6 literal without its brackets
  std::string port;
  std::string host_header;      // as the URL writes it, with the port unless it is 80
  std::size_t origin_size = 0;  // "http://host:port": where the request target starts
  std::optional<tcp::resolver::results_type> endpoints;
  std::vector<std::unique_ptr<Connection>> connections;

  // The run under way.
  Clock::time_point until;
  const std::atomic<bool>* stop = nullptr;
  const NextId* next = nullptr;
  const OnRead* on_read = nullptr;
  std::string problem;
  std::size_t busy = 0;
  bool stopping = false;  // handlers of dropped reads do nothing

  bool stopped() const { return stop && stop->load(); }
  bool may_start() const { return Clock::now() < until && !stopped(); }

  /// Starts the next read on `c`, if there is an id left.
  void start(Connection& c) {
    if (!(*next)(c.id)) return;
    std::string error;
    const http::Request* request = c.reader.request(c.id, &error);
    if (!request) {
      problem = "cannot authenticate: " + error;
      return;
    }
    // The request line, Host, then exactly the request's headers (checked upstream: no CR or
    // LF), as libcurl writes them.
    const std::string_view url = request->url;
    c.wire.assign("GET ").append(url.size() > origin_size ? url.substr(origin_size) : "/");
    c.wire.append(" HTTP/1.1\r\nHost: ").append(host_header).append("\r\n");
    for (const auto& h : request->headers)
      c.wire.append(h.name).append(": ").append(h.value).append("\r\n");
    c.wire.append("\r\n");
    c.exchange.response = {};
    c.exchange.error.reset();
    c.retried = false;
    c.interim = 0;
    c.started = Clock::now();
    ++busy;
    send(c);
  }

  void send(Connection& c) {
    if (c.open) return write(c);
    c.stream.expires_at(std::min(Clock::now() + seconds(options.connect_timeout_s),
                                 c.started + seconds(options.timeout_s)));
    c.stream.async_connect(*endpoints, [this, &c](const beast::error_code& ec,
                                                  const tcp::endpoint&) {
      if (stopping) return;
      if (ec) {
        c.close();
        return fail(
            c, ec == beast::error::timeout ? http::ErrorKind::timeout : http::ErrorKind::connect,
            "cannot connect to " + host_header + ": " + ec.message());
      }
      beast::error_code ignored;
      c.stream.socket().set_option(tcp::no_delay(true), ignored);
      c.open = true;
      c.served = 0;
      write(c);
    });
  }

  void write(Connection& c) {
    c.stream.expires_at(c.started + seconds(options.timeout_s));
    asio::async_write(c.stream, asio::buffer(c.wire),
                      [this, &c](const beast::error_code& ec, std::size_t) {
                        if (stopping) return;
                        if (ec) return broken(c, ec, "the request could not be sent");
                        new_parser(c);
                        read(c);
                      });
  }

  /// A parser for the next answer on `c`, with the options' caps.
  void new_parser(Connection& c) const {
    c.exchange.response.headers.clear();
    c.exchange.response.body.clear();
    c.parser.emplace(c.exchange.response, options.max_header_count);
    c.parser->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(
        options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    c.parser->body_limit(static_cast<std::uint64_t>(options.max_response_bytes));
  }

  void read(Connection& c) {
    bhttp::async_read(c.stream, c.buffer, *c.parser,
                      [this, &c](const beast::error_code& ec, std::size_t) {
                        if (stopping) return;
                        if (ec)
                          return c.parser->got_some() ? refused(c, ec, "the answer broke off")
                                                      : broken(c, ec, "no answer");
                        answered(c);
                      });
  }

  /// The request could not go out, or no byte of an answer came back: on a connection that
  /// served reads before, the server may have closed it in between, so the request goes
  /// once more on a new connection (as libcurl does).
  void broken(Connection& c, const beast::error_code& ec, const char* what) {
    const bool closed_by_peer = ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
                                ec == asio::error::connection_reset ||
                                ec == asio::error::broken_pipe;
    const bool reused = c.served > 0;
    c.close();
    if (closed_by_peer && reused && !c.retried) {
      c.retried = true;
      return send(c);
    }
    refused(c, ec, what);
  }

  /// A read that ends in `ec`: a cap broken, the time up, or else `what` happened.
  void refused(Connection& c, const beast::error_code& ec, const char* what) {
    c.close();
    if (ec == bhttp::error::body_limit)
      return fail(c, http::body_too_large(options, c.exchange.response.body));
    if (ec == bhttp::error::header_limit) return fail(c, http::headers_too_large(options));
    if (ec == beast::error::timeout)
      return fail(c, http::ErrorKind::timeout,
                  "no whole answer within " +
                      std::to_string(static_cast<long>(options.timeout_s * 1000)) + " ms");
    fail(c, http::ErrorKind::other, std::string(what) + ": " + ec.message());
  }

  void answered(Connection& c) {
    const int status = c.exchange.response.status;
    if (status >= 100 && status < 200 && status != 101 && ++c.interim <= kMaxInterim) {
      new_parser(c);
      return read(c);
    }
    ++c.served;
    if (!c.parser->keep_alive()) c.close();
    finish(c);
  }

  void fail(Connection& c, http::ErrorKind kind, std::string message) {
    fail(c, http::TransportError{kind, std::move(message)});
  }
  void fail(Connection& c, http::TransportError error) {
    c.exchange.error = std::move(error);
    finish(c);
  }

  void finish(Connection& c) {
    --busy;
    c.exchange.elapsed_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - c.started).count();
    (*on_read)(c.id, c.exchange);
    if (problem.empty() && may_start()) start(c);
  }
};

bool PlainReader::serves(const http::CurlOptions& options, const std::string& base_url) {
  const auto parts = http::parse_url(base_url);
  if (!parts || parts->scheme != "http" || !parts->user.empty() || !parts->password.empty())
    return false;
  if (!options.proxy.empty()) return false;
  // libcurl's variables for an http:// URL: http_proxy (lower case only), then all_proxy.
  if (options.env_proxy)
    for (const char* name : {"http_proxy", "all_proxy", "ALL_PROXY"})
      if (const char* value = std::getenv(name); value && *value) return false;
  return true;
}

PlainReader::PlainReader(const http::CurlOptions& options, const std::string& base_url,
                         const UserReader::Authorize& authorize, int connections)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.options = options;
  if (const auto parts = http::parse_url(base_url)) {
    m.host = parts->host;
    if (m.host.size() >= 2 && m.host.front() == '[') m.host = m.host.substr(1, m.host.size() - 2);
    m.port = std::to_string(parts->port);
    m.host_header = parts->port == 80 ? parts->host : parts->host + ":" + m.port;
    m.origin_size = base_url.find_first_of("/?#", base_url.find("//") + 2);
    if (m.origin_size == std::string::npos) m.origin_size = base_url.size();
  }
  for (int i = 0; i < std::max(1, connections); ++i)
    m.connections.push_back(
        std::make_unique<Connection>(m.io, base_url, authorize, http::fixed_headers(options)));
}

PlainReader::~PlainReader() = default;

std::string PlainReader::run(Clock::time_point until, const std::atomic<bool>* stop,
                             const NextId& next, const OnRead& on_read) {
  Impl& m = *impl_;
  if (m.host.empty()) return "not an http:// URL";
  if (!m.endpoints) {
    tcp::resolver resolver(m.io);
    beast::error_code ec;
    auto found = resolver.resolve(m.host, m.port, ec);
    if (ec || found.empty()) return "cannot resolve " + m.host + ": " + ec.message();
    m.endpoints = std::move(found);
  }
  m.until = until;
  m.stop = stop;
  m.next = &next;
  m.on_read = &on_read;
  m.problem.clear();
  m.stopping = false;
  m.busy = 0;
  for (auto& c : m.connections)
    if (m.problem.empty() && m.may_start()) m.start(*c);
  while (m.problem.empty() && m.busy > 0 && !m.stopped()) {
    m.io.run_for(kPollSlice);
    if (m.io.stopped()) m.io.restart();
  }
  // Reads under way are dropped: their handlers run once more, to no effect.
  m.stopping = true;
  for (auto& c : m.connections) c->close();
  m.io.restart();
  m.io.run();
  m.io.restart();
  m.busy = 0;
  return m.problem;
}

}  // namespace scimcheck::loadtest
