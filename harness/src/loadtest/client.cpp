#include "loadtest/client.hpp"

#include "http/json_body.hpp"
#include "http/url.hpp"
#include "scim/user_body.hpp"
#include "source/strings.hpp"

namespace scimcheck::loadtest {

const char* to_string(ReadFault fault) {
  switch (fault) {
    case ReadFault::ok: return "";
    case ReadFault::media_type: return "wrong-media-type";
    case ReadFault::body: return "wrong-body";
  }
  return "wrong-body";
}

bool is_json_media_type(std::string_view content_type) {
  const std::string_view type = source::trim(content_type.substr(0, content_type.find(';')));
  return source::iequals(type, "application/scim+json") || source::iequals(type, "application/json");
}

bool is_user(std::string_view body, const std::string& id) {
  return scim::is_user_body(body, id, http::kMaxBodyDepth);
}

ReadFault check_read(const http::Response& response, const std::string& id) {
  const std::string* type = http::find_header(response.headers, "Content-Type");
  if (!type || !is_json_media_type(*type)) return ReadFault::media_type;
  return is_user(response.body, id) ? ReadFault::ok : ReadFault::body;
}

UserReader::UserReader(const std::string& base_url, Authorize authorize, http::Headers fixed)
    : authorize_(std::move(authorize)) {
  // The base URL may carry a path and a query string: the id goes between them.
  constexpr std::string_view kMarker = "scimcheck-load-id-marker";
  const std::string url = http::join_url(base_url, "/Users/" + std::string(kMarker), {});
  const auto at = url.find(kMarker);
  prefix_ = url.substr(0, at);
  suffix_ = url.substr(at + kMarker.size());
  request_.method = "GET";
  request_.headers = std::move(fixed);
}

const http::Request* UserReader::request(const std::string& id, std::string* error) {
  request_.url.assign(prefix_).append(id).append(suffix_);
  if (authorize_) {
    if (auto problem = authorize_(request_)) {
      if (error) *error = *problem;
      return nullptr;
    }
  }
  return &request_;
}

}  // namespace scimcheck::loadtest
