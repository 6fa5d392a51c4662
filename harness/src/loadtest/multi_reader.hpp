#pragma once
/// The load's steady phase on libcurl's multi interface: one thread drives every connection.
/// Each connection is an easy handle set up once (http::CurlHandle, the options of every
/// transport) with its prepared GET /Users/{id} (UserReader); when its answer is complete the
/// handle is re-addressed to the next id, authorized again and re-added.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/curl_transport.hpp"
#include "loadtest/client.hpp"

namespace scimcheck::loadtest {

class MultiReader {
 public:
  using Clock = std::chrono::steady_clock;
  /// Gives the next id to read; false when there is none.
  using NextId = std::function<bool(std::string& id)>;
  /// Told of every finished read: the id asked for and the exchange's outcome (response,
  /// transport error, time from the start of the transfer to its end; no request).
  using OnRead = std::function<void(const std::string& id, const http::Exchange& exchange)>;

  /// `connections` handles (at least one) with `options`, reading from `base_url`;
  /// `authorize` puts the credentials on every request just before it goes out.
  MultiReader(const http::CurlOptions& options, const std::string& base_url,
              const UserReader::Authorize& authorize, int connections);
  ~MultiReader();
  MultiReader(const MultiReader&) = delete;
  MultiReader& operator=(const MultiReader&) = delete;

  /// Reads until `until` (no read starts after it; those under way finish, each bounded by
  /// the options' timeout), until `next` has no id, or at once when `stop` is set (reads
  /// under way are dropped). `on_read` gets every finished read, on this thread. Returns ""
  /// or why the reads could not go on (credentials that could not be applied, libcurl).
  std::string run(Clock::time_point until, const std::atomic<bool>* stop, const NextId& next,
                  const OnRead& on_read);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scimcheck::loadtest
