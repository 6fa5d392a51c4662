#include "server/connection.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace scimcheck::server {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// How often a wait looks again at the server's state (stopping, connections waiting).
constexpr milliseconds kSlice{50};
// After an answer given without reading the body: how long, and how much, of the rest is
// read and discarded before the connection is closed (closing with unread bytes sends a
// reset, which can destroy the answer before the client reads it).
constexpr milliseconds kLingerTime{1000};
constexpr std::size_t kLingerBytes = 4 * 1024 * 1024;

// Set while a worker thread processes a request: the flag close_after_response() raises.
thread_local bool* t_close_requested = nullptr;

/// httplib's thread pool, counting the connections that wait for a worker.
class CountingPool final : public httplib::TaskQueue {
 public:
  CountingPool(std::size_t workers, std::shared_ptr<std::atomic<std::size_t>> waiting)
      : waiting_(std::move(waiting)) {
    for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
  }

  void enqueue(std::function<void()> job) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      jobs_.push_back(std::move(job));
      ++*waiting_;
    }
    ready_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& thread : threads_) thread.join();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping, and every accepted connection served
        job = std::move(jobs_.front());
        jobs_.pop_front();
        --*waiting_;
      }
      job();
    }
  }

  std::shared_ptr<std::atomic<std::size_t>> waiting_;
  std::vector<std::thread> threads_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::mutex mutex_;
  std::condition_variable ready_;
};

/// One connection's socket as httplib reads and writes it, within the connection's limits.
class ConnectionStream final : public httplib::Stream {
 public:
  /// `listener`: the server's listening socket, INVALID_SOCKET once the server stops.
  ConnectionStream(socket_t sock, const ConnectionLimits& limits,
                   const std::atomic<std::size_t>& waiting, const std::atomic<socket_t>& listener)
      : sock_(sock), limits_(limits), waiting_(waiting), listener_(listener) {}

  /// Waits for the first byte of the next request: false when the connection stays idle too
  /// long (less long while other connections wait for a worker) or the server stops.
  bool await_request() {
    if (begin_ < end_) return true;
    const auto start = Clock::now();
    for (;;) {
      if (listener_ == INVALID_SOCKET) return false;
      const auto idle = waiting_ > 0 ? limits_.busy_idle : limits_.idle;
      const auto left = std::chrono::duration_cast<milliseconds>(start + idle - Clock::now());
      if (left <= milliseconds::zero()) return false;
      const int ready = wait_for(POLLIN, std::min(left, kSlice));
      if (ready != 0) return ready > 0;
    }
  }

  /// Starts the time and byte budget of a request.
  void begin_request() {
    request_start_ = Clock::now();
    budget_ = limits_.request_bytes;
  }

  bool is_readable() const override { return begin_ < end_ || await_readable(); }

  bool is_writable() const override {
    return wait_for(POLLOUT, std::chrono::duration_cast<milliseconds>(limits_.write)) > 0;
  }

  ssize_t read(char* ptr, size_t size) override {
    if (begin_ == end_) {
      if (budget_ == 0 || !await_readable()) return -1;
      ssize_t n = receive(buffer_.data(), std::min(buffer_.size(), budget_));
      if (n <= 0) return n;
      budget_ -= static_cast<std::size_t>(n);
      begin_ = 0;
      end_ = static_cast<std::size_t>(n);
    }
    const std::size_t n = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    const auto deadline = Clock::now() + limits_.write;
    for (;;) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      if (left <= milliseconds::zero()) return -1;
      const int ready = wait_for(POLLOUT, std::min(left, kSlice));
      if (ready < 0) return -1;
      if (ready == 0) continue;
      ssize_t n;
      do {
        n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
      } while (n < 0 && errno == EINTR);
      return n;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    address_of(&getpeername, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    address_of(&getsockname, ip, port);
  }
  socket_t socket() const override { return sock_; }

  /// Ends the connection after an answer given without reading the whole request: stops
  /// sending, then discards what the client still sends for a bounded time and size.
  void linger() {
    ::shutdown(sock_, SHUT_WR);
    const auto deadline = Clock::now() + kLingerTime;
    std::size_t discarded = 0;
    std::array<char, 16384> sink{};
    while (discarded < kLingerBytes) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      if (left <= milliseconds::zero() || wait_for(POLLIN, left) <= 0) return;
      const ssize_t n = receive(sink.data(), sink.size());
      if (n <= 0) return;
      discarded += static_cast<std::size_t>(n);
    }
  }

 private:
  /// Waits for request bytes until the request's deadline, which is shorter while other
  /// connections wait for a worker, or until the server stops.
  bool await_readable() const {
    for (;;) {
      if (listener_ == INVALID_SOCKET) return false;
      const auto allowed = waiting_ > 0 ? limits_.busy_request : limits_.request;
      const auto left =
          std::chrono::duration_cast<milliseconds>(request_start_ + allowed - Clock::now());
      if (left <= milliseconds::zero()) return false;
      const int ready = wait_for(POLLIN, std::min(left, kSlice));
      if (ready != 0) return ready > 0;
    }
  }

  /// poll() for the events: 1 ready (or hung up: the next read tells), 0 timed out, -1 error.
  int wait_for(short events, milliseconds timeout) const {
    pollfd fd{sock_, events, 0};
    int ready;
    do {
      ready = ::poll(&fd, 1, static_cast<int>(timeout.count()));
    } while (ready < 0 && errno == EINTR);
    return ready < 0 ? -1 : (ready > 0 ? 1 : 0);
  }

  ssize_t receive(char* into, std::size_t size) const {
    ssize_t n;
    do {
      n = ::recv(sock_, into, size, 0);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void address_of(int (*query)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const {
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    if (query(sock_, reinterpret_cast<sockaddr*>(&address), &length) != 0) return;
    std::array<char, NI_MAXHOST> host{};
    std::array<char, NI_MAXSERV> service{};
    if (getnameinfo(reinterpret_cast<sockaddr*>(&address), length, host.data(), host.size(),
                    service.data(), service.size(), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
      ip = host.data();
      port = std::atoi(service.data());
    }
  }

  socket_t sock_;
  const ConnectionLimits& limits_;
  const std::atomic<std::size_t>& waiting_;
  const std::atomic<socket_t>& listener_;
  Clock::time_point request_start_ = Clock::now();
  std::size_t budget_ = 0;
  std::array<char, 4096> buffer_{};
  std::size_t begin_ = 0, end_ = 0;
};

}  // namespace

BoundedServer::BoundedServer(ConnectionLimits limits)
    : limits_(limits), waiting_(std::make_shared<std::atomic<std::size_t>>(0)) {
  new_task_queue = [workers = limits_.workers, waiting = waiting_] {
    return new CountingPool(workers, waiting);
  };
}

bool BoundedServer::set_listen_backlog(int backlog) {
  const socket_t sock = svr_sock_;
  return sock != INVALID_SOCKET && ::listen(sock, backlog) == 0;
}

void BoundedServer::close_after_response() {
  if (t_close_requested) *t_close_requested = true;
}

bool BoundedServer::process_and_close_socket(socket_t sock) {
  ConnectionStream stream(sock, limits_, *waiting_, svr_sock_);
  bool served = false;
  for (std::size_t left = limits_.requests; left > 0; --left) {
    if (!stream.await_request()) break;
    stream.begin_request();
    bool close_requested = false;
    bool connection_closed = false;
    t_close_requested = &close_requested;
    served = process_request(stream, left == 1, connection_closed, nullptr);
    t_close_requested = nullptr;
    if (close_requested) {
      stream.linger();
      break;
    }
    if (!served || connection_closed) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return served;
}

}  // namespace scimcheck::server
