#pragma once
/// The reference server's connections: cpp-httplib's server with each connection held to a
/// time and byte budget, so slow, idle or oversized clients cannot hold its workers (a worker
/// serves one connection at a time) or its memory, and a handler can answer before reading a
/// body and have the connection closed after the answer.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>

namespace scimcheck::server {

/// What one connection may take from the server.
struct ConnectionLimits {
  std::size_t workers = 64;  ///< threads serving connections, one connection each at a time
  /// An idle keep-alive connection is closed after this; after `busy_idle` while other
  /// connections wait for a worker.
  std::chrono::milliseconds idle{5000};
  std::chrono::milliseconds busy_idle{100};
  /// A request's line, headers and body must arrive within this from its first byte; within
  /// `busy_request` while other connections wait for a worker (slow clients are cut first).
  std::chrono::milliseconds request{10000};
  std::chrono::milliseconds busy_request{2000};
  std::chrono::milliseconds write{10000};  ///< a response must leave within this
  /// Bytes read for one request (line, headers, body); past it the connection is closed.
  std::size_t request_bytes = 2 * 1024 * 1024;
  std::size_t requests = 1000;  ///< requests served on one connection
};

class BoundedServer : public httplib::Server {
 public:
  explicit BoundedServer(ConnectionLimits limits);

  /// Called by a handler on a worker thread: the connection is closed once the current
  /// response is sent (for an answer given without reading the request's body, whose bytes
  /// would otherwise be read as the next request). The rest of the body is discarded for a
  /// short, bounded time so the client can read the answer, then the connection is closed.
  static void close_after_response();

  const ConnectionLimits& limits() const { return limits_; }

  /// Lengthens the queue of connections the kernel holds until they are accepted; call after
  /// bind_to_port or bind_to_any_port. httplib's is 5 (CPPHTTPLIB_LISTEN_BACKLOG): past it,
  /// simultaneous connects are dropped and each client waits for its SYN retry, 1 s later.
  bool set_listen_backlog(int backlog);

 private:
  bool process_and_close_socket(socket_t sock) override;

  ConnectionLimits limits_;
  /// Connections accepted and waiting for a worker.
  std::shared_ptr<std::atomic<std::size_t>> waiting_;
};

}  // namespace scimcheck::server
