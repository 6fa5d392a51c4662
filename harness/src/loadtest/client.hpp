#pragma once
/// The client side of the load's steady phase (GET /Users/{id} for a fixed time): a request
/// prepared once per connection and only re-addressed from read to read, and a check of every
/// answer that keeps nothing of the body.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "http/exchange.hpp"

namespace scimcheck::loadtest {

/// What is wrong with an answer to GET /Users/{id} whose status was 200; ok when nothing.
enum class ReadFault { ok, media_type, body };

/// "wrong-media-type", "wrong-body" (the error keys of load.json); "" for ok.
const char* to_string(ReadFault fault);

/// Whether a Content-Type value names JSON as SCIM answers it: application/scim+json or
/// application/json, any case, parameters allowed.
bool is_json_media_type(std::string_view content_type);

/// Whether `body` is a JSON object whose top-level "id" is `id` and whose top-level "schemas"
/// holds the core User schema, and the whole text is JSON nesting at most http::kMaxBodyDepth
/// levels (scim::is_user_body).
bool is_user(std::string_view body, const std::string& id);

/// The answer check of a read: media type, then the body.
ReadFault check_read(const http::Response& response, const std::string& id);

/// One connection's GET /Users/{id}: the URL's parts around the id are joined once, and the
/// request (headers included) is kept from read to read; the credentials are applied to it
/// again before every read, so a renewed token goes out at once.
class UserReader {
 public:
  using Authorize = std::function<std::optional<std::string>(http::Request&)>;
  /// `fixed`: headers every read carries besides the credentials.
  UserReader(const std::string& base_url, Authorize authorize, http::Headers fixed = {});

  /// The request for this id, or the reason the credentials could not be applied.
  const http::Request* request(const std::string& id, std::string* error);

 private:
  std::string prefix_, suffix_;  // the URL before and after the id
  Authorize authorize_;
  http::Request request_;
};

}  // namespace scimcheck::loadtest
