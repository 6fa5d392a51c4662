#pragma once
/// For tests that must see or send exact bytes: a listening socket on 127.0.0.1, and a server
/// written on bare sockets for answers no HTTP library would send (interim blocks, malformed
/// heads, floods of header lines, connections closed without notice).
#include <boost/test/unit_test.hpp>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace scimcheck::http::testing {

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

/// Serves one connection at a time: for each request read (up to its blank line) it writes
/// what `answer` gives for (the connection's number, the request's number on it, both from 1,
/// and the request's head), and closes the connection when told to: it stops writing, reads
/// what the client still sends until the client closes (so that no reset cuts the answer
/// short), then closes.
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
  /// Answers every request with `canned`, then closes the connection.
  explicit RawServer(std::string canned)
      : RawServer([canned = std::move(canned)](int, int, const std::string&) {
          return Reply{canned, true};
        }) {}
  ~RawServer() {
    done_ = true;
    thread_.join();
    ::close(fd_);
  }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  std::string url(const std::string& path = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int connections() const { return connections_; }
  /// The first request's line and header lines as received (each with its CRLF, without the
  /// blank line that ends them).
  std::string head() const {
    std::lock_guard lock(mutex_);
    return first_head_;
  }

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
    char chunk[4096];
    while (readable(fd_)) {
      const int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      const int connection = ++connections_;
      std::string pending;
      int request = 0;
      bool open = true;
      while (open && readable(client)) {
        const ssize_t n = ::recv(client, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        pending.append(chunk, static_cast<std::size_t>(n));
        for (std::size_t end; open && (end = pending.find("\r\n\r\n")) != std::string::npos;) {
          const std::string head = pending.substr(0, end + 4);
          pending.erase(0, end + 4);
          {
            std::lock_guard lock(mutex_);
            if (connection == 1 && request == 0) first_head_ = head.substr(0, end + 2);
          }
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
      if (!open) {
        ::shutdown(client, SHUT_WR);
        while (readable(client) && ::recv(client, chunk, sizeof chunk, 0) > 0) {
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
  mutable std::mutex mutex_;
  std::string first_head_;
  std::thread thread_;
};

}  // namespace scimcheck::http::testing
