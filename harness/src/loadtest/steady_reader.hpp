#pragma once
/// What drives the load's steady phase: GET /Users/{id} on a set of connections from one
/// thread, until a deadline. Two implementations: PlainReader (plain HTTP/1.1 on Boost.Beast,
/// for direct http:// targets) and MultiReader (libcurl's multi interface, for the others).
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "http/curl_transport.hpp"
#include "loadtest/client.hpp"

namespace scimcheck::loadtest {

class SteadyReader {
 public:
  using Clock = std::chrono::steady_clock;
  /// Gives the next id to read; false when there is none.
  using NextId = std::function<bool(std::string& id)>;
  /// Told of every finished read: the id asked for and the exchange's outcome (response,
  /// transport error, time from the start of the transfer to its end; no request).
  using OnRead = std::function<void(const std::string& id, const http::Exchange& exchange)>;

  virtual ~SteadyReader() = default;

  /// Reads until `until` (no read starts after it; those under way finish, each bounded by
  /// the options' timeout), until `next` has no id, or at once when `stop` is set (reads
  /// under way are dropped). `on_read` gets every finished read, on this thread. Returns ""
  /// or why the reads could not go on (credentials that could not be applied, the host not
  /// resolved, libcurl).
  virtual std::string run(Clock::time_point until, const std::atomic<bool>* stop,
                          const NextId& next, const OnRead& on_read) = 0;
};

/// The reader for `base_url`: a PlainReader when it serves the target, else a MultiReader;
/// `connections` connections, each request authorized by `authorize` just before it goes out.
std::unique_ptr<SteadyReader> make_steady_reader(const http::CurlOptions& options,
                                                 const std::string& base_url,
                                                 const UserReader::Authorize& authorize,
                                                 int connections);

/// Splits `connections` (at least one) over one thread per CPU this process may run on (its
/// affinity mask: taskset, a container's cpuset), at most one thread per connection and at
/// most `max_threads`; runs read(thread's index, its connections) on each and waits for all.
void on_each_cpu(int connections, std::size_t max_threads,
                 const std::function<void(std::size_t index, int connections)>& read);

}  // namespace scimcheck::loadtest
