#pragma once
// Helpers of the steady-phase reader tests (readers_test.cpp, plain_reader_test.cpp): which
// reader to drive, a loopback port that never answers, an answer in raw bytes (for
// http::testing::RawServer), and a run of a reader over a fixed list of ids with a time limit.
#include <boost/test/unit_test.hpp>

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
#include "http/raw_test_server.hpp"
#include "loadtest/multi_reader.hpp"
#include "loadtest/plain_reader.hpp"

namespace scimcheck::loadtest::reader_testing {

using Clock = std::chrono::steady_clock;
using http::testing::RawServer;

/// Which reader a test drives.
enum class Via { multi, plain };
inline constexpr Via kBoth[] = {Via::multi, Via::plain};
inline const char* name(Via via) { return via == Via::multi ? "libcurl multi" : "plain HTTP"; }

/// A TCP port on 127.0.0.1 that takes connections (the kernel completes them) and never
/// answers: nothing accepts them.
class SilentPort {
 public:
  SilentPort() { fd_ = http::testing::listen_on_loopback(port_); }
  ~SilentPort() { ::close(fd_); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/scim"; }

 private:
  int fd_ = -1;
  int port_ = 0;
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
