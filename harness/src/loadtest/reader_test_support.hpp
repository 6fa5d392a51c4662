#pragma once
// Helpers of the steady-phase reader tests (readers_test.cpp, plain_reader_test.cpp): which
// reader to drive, loopback servers that never answer or answer with raw bytes, and a run of
// a reader over a fixed list of ids with a time limit.
#include <boost/test/unit_test.hpp>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "http/curl_transport.hpp"
#include "loadtest/multi_reader.hpp"
#include "loadtest/plain_reader.hpp"

namespace scimcheck::loadtest::reader_testing {

using Clock = std::chrono::steady_clock;

/// Which reader a test drives.
enum class Via { multi, plain };
inline constexpr Via kBoth[] = {Via::multi, Via::plain};
inline const char* name(Via via) { return via == Via::multi ? "libcurl multi" : "plain HTTP"; }

/// A socket listening on 127.0.0.1 at a port the kernel picks; `port` gets it.
inline int listen_on_loopback(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  BOOST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0);
  BOOST_REQUIRE(::listen(fd, 16) == 0);
  BOOST_REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0);
  port = ntohs(address.sin_port);
  return fd;
}

/// A TCP port on 127.0.0.1 that takes connections (the kernel completes them) and never
/// answers: nothing accepts them.
class SilentPort {
 public:
  SilentPort() { fd_ = listen_on_loopback(port_); }
  ~SilentPort() { ::close(fd_); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/scim"; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

/// A server on 127.0.0.1 written on bare sockets, for answers no HTTP library would send. It
/// serves one connection at a time: for each request read (up to its blank line) it writes
/// what `answer` gives for (the connection's number, the request's number on it, both from 1,
/// and the request's head), and closes the connection when told to.
class RawServer {
 public:
  struct Reply {
    std::string bytes;
    bool close = false;
  };
  using Answer = std::function<Reply(int connection, int request, const std::string& head)>;

  explicit RawServer(Answer answer) : answer_(std::move(answer)) {
    fd_ = listen_on_loopback(port_);
    thread_ = std::thread([this] { serve(); });
  }
  ~RawServer() {
    done_ = true;
    thread_.join();
    ::close(fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/scim"; }
  int connections() const { return connections_; }

 private:
  /// Waits until `fd` is readable, looking at the stop flag every 50 ms; false when stopping.
  bool readable(int fd) const {
    while (!done_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) > 0) return true;
    }
    return false;
  }
  void serve() {
    while (readable(fd_)) {
      const int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      const int connection = ++connections_;
      std::string pending;
      int request = 0;
      char chunk[4096];
      bool open = true;
      while (open && readable(client)) {
        const ssize_t n = ::recv(client, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        pending.append(chunk, static_cast<std::size_t>(n));
        for (std::size_t end; open && (end = pending.find("\r\n\r\n")) != std::string::npos;) {
          const std::string head = pending.substr(0, end + 4);
          pending.erase(0, end + 4);
          const Reply reply = answer_(connection, ++request, head);
          for (std::size_t sent = 0; sent < reply.bytes.size();) {
            const ssize_t w =
                ::send(client, reply.bytes.data() + sent, reply.bytes.size() - sent, MSG_NOSIGNAL);
            if (w <= 0) break;
            sent += static_cast<std::size_t>(w);
          }
          open = !reply.close;
        }
      }
      ::close(client);
    }
  }

  Answer answer_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> done_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

/// An answer of `status` with a JSON body and the given extra header lines.
inline std::string answer(const std::string& body, const std::string& extra = "",
                          int status = 200) {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/scim+json\r\n" +
         extra + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

struct Outcome {
  std::vector<http::Exchange> reads;
  std::string problem;
  double seconds = 0;
};

/// Runs a reader of `connections` over the ids "a", "b", "c"... for `duration_s`, in another
/// thread; a run that has not ended 10 s later is stopped and fails the test.
inline Outcome read_for(Via via, const http::CurlOptions& options, const std::string& base_url,
                        int connections, double duration_s,
                        loadtest::UserReader::Authorize authorize = {},
                        std::atomic<bool>* stop = nullptr,
                        const std::function<void(const http::Exchange&)>& seen = {}) {
  std::atomic<bool> own_stop{false};
  if (!stop) stop = &own_stop;
  Outcome outcome;
  const auto began = Clock::now();
  auto done = std::async(std::launch::async, [&] {
    char next = 'a';
    const auto until = began + std::chrono::milliseconds(static_cast<int>(duration_s * 1000));
    const auto next_id = [&](std::string& id) {
      id.assign(1, next);
      next = next == 'z' ? 'a' : static_cast<char>(next + 1);
      return true;
    };
    const auto on_read = [&](const std::string&, const http::Exchange& ex) {
      outcome.reads.push_back(ex);
      if (seen) seen(ex);
    };
    std::unique_ptr<loadtest::SteadyReader> reader;
    if (via == Via::multi) {
      reader = std::make_unique<loadtest::MultiReader>(options, base_url, std::move(authorize),
                                                       connections);
    } else {
      BOOST_REQUIRE(loadtest::PlainReader::serves(options, base_url));
      reader = std::make_unique<loadtest::PlainReader>(options, base_url, std::move(authorize),
                                                       connections);
    }
    outcome.problem = reader->run(until, stop, next_id, on_read);
  });
  if (done.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    BOOST_ERROR("the reads did not end within 10 s");
    *stop = true;
  }
  done.get();
  outcome.seconds = std::chrono::duration<double>(Clock::now() - began).count();
  return outcome;
}

inline http::CurlOptions direct(double timeout_s) {
  http::CurlOptions options;
  options.env_proxy = false;
  options.timeout_s = timeout_s;
  return options;
}

}  // namespace scimcheck::loadtest::reader_testing
