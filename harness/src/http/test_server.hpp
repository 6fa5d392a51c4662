#pragma once
/// For the http module's tests: an httplib server on 127.0.0.1 (a free port) serving from a
/// background thread for the lifetime of the object.
#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>

namespace scimcheck::http::testing {

class TestServer {
 public:
  httplib::Server server;

  TestServer() { server.set_keep_alive_max_count(1000); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;
  ~TestServer() { stop(); }

  /// Binds and starts serving; call after registering the handlers.
  void start() {
    port_ = server.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  void stop() {
    server.stop();
    if (thread_.joinable()) thread_.join();
  }

  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  int port_ = -1;
  std::thread thread_;
};

}  // namespace scimcheck::http::testing
