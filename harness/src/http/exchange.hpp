#pragma once
/// HTTP value types shared by the runner, the transports, redaction and the reports.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scimcheck::http {

struct Header {
  std::string name;
  std::string value;
};
using Headers = std::vector<Header>;

/// Case-insensitive header lookup; nullptr when absent.
const std::string* find_header(const Headers& headers, std::string_view name);

/// A request as it goes on the wire: absolute URL, final headers and body.
struct Request {
  std::string method;
  std::string url;
  Headers headers;
  std::string body;
};

struct Response {
  int status = 0;
  Headers headers;
  std::string body;
};

/// Why a request got no usable response.
enum class ErrorKind { none, connect, tls, timeout, too_large, aborted, other };

struct TransportError {
  ErrorKind kind = ErrorKind::none;
  std::string message;
};

/// One request with what came back (or the transport error), and how long it took.
struct Exchange {
  Request request;
  Response response;
  std::optional<TransportError> error;
  double elapsed_ms = 0;
  /// When the request went out: ISO 8601 UTC with milliseconds; empty when unknown.
  std::string started_at;
};

const char* to_string(ErrorKind kind);

}  // namespace scimcheck::http
