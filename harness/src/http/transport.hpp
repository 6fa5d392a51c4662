#pragma once
/// The boundary between the runner and the network. The libcurl transport is the real one;
/// tests use a fake.
#include "http/exchange.hpp"

namespace scimcheck::http {

class Transport {
 public:
  virtual ~Transport() = default;
  /// Sends one request and reports the exchange; never throws for network problems, which
  /// come back in Exchange::error.
  virtual Exchange send(const Request& request) = 0;
};

}  // namespace scimcheck::http
