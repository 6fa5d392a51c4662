#pragma once
/// The load's steady phase on libcurl's multi interface: one thread drives every connection.
/// Each connection is an easy handle set up once (http::CurlHandle, the options of every
/// transport) with its prepared GET /Users/{id} (UserReader); when its answer is complete the
/// handle is re-addressed to the next id, authorized again and re-added.
#include <memory>
#include <string>

#include "http/curl_transport.hpp"
#include "loadtest/client.hpp"
#include "loadtest/steady_reader.hpp"

namespace scimcheck::loadtest {

class MultiReader : public SteadyReader {
 public:
  /// `connections` handles (at least one) with `options`, reading from `base_url`;
  /// `authorize` puts the credentials on every request just before it goes out.
  MultiReader(const http::CurlOptions& options, const std::string& base_url,
              const UserReader::Authorize& authorize, int connections);
  ~MultiReader() override;
  MultiReader(const MultiReader&) = delete;
  MultiReader& operator=(const MultiReader&) = delete;

  std::string run(Clock::time_point until, const std::atomic<bool>* stop, const NextId& next,
                  const OnRead& on_read) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scimcheck::loadtest
