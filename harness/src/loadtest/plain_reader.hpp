#pragma once
/// The load's steady phase over plain HTTP/1.1 without libcurl: Boost.Beast's parser on
/// Boost.Asio sockets, every connection driven by one thread. For a target reached directly
/// over http:// (no TLS, no proxy, no credentials in the URL) a read then costs a fraction of
/// a libcurl transfer, so the client keeps pace with the server it measures when both share
/// the machine's CPUs. Everything else (https, proxies) is read by MultiReader.
///
/// What a read does is what MultiReader's does: the request UserReader prepares (its headers
/// and nothing else, plus Host), the options' whole-request and connect timeouts, body and
/// header caps, and a connection kept from read to read while the server keeps it open. A
/// request that finds its kept connection closed by the server is sent once more on a new one.
#include <memory>
#include <string>

#include "http/curl_transport.hpp"
#include "loadtest/client.hpp"
#include "loadtest/steady_reader.hpp"

namespace scimcheck::loadtest {

class PlainReader : public SteadyReader {
 public:
  /// Whether reads of `base_url` with `options` can go this way: an http:// URL without
  /// userinfo, and no proxy (none given, and none in http_proxy, all_proxy or ALL_PROXY
  /// when the environment's proxies apply).
  static bool serves(const http::CurlOptions& options, const std::string& base_url);

  /// `connections` connections (at least one) reading from `base_url`, which serves() must
  /// accept; `authorize` puts the credentials on every request just before it goes out.
  PlainReader(const http::CurlOptions& options, const std::string& base_url,
              const UserReader::Authorize& authorize, int connections);
  ~PlainReader() override;
  PlainReader(const PlainReader&) = delete;
  PlainReader& operator=(const PlainReader&) = delete;

  std::string run(Clock::time_point until, const std::atomic<bool>* stop, const NextId& next,
                  const OnRead& on_read) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scimcheck::loadtest
