#include "loadtest/client.hpp"

#include <nlohmann/json.hpp>

#include "http/json_body.hpp"
#include "http/url.hpp"
#include "scim/attributes.hpp"
#include "source/strings.hpp"

namespace scimcheck::loadtest {

namespace {

using Json = nlohmann::json;

/// Reads a JSON text once and notes whether it is an object with the given top-level "id"
/// and the core User schema among its top-level "schemas".
class UserCheck : public nlohmann::json_sax<Json> {
 public:
  explicit UserCheck(const std::string& id) : id_(id) {}
  bool matches() const { return id_seen_ && urn_seen_; }

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t& text) override {
    if (depth_ == 1 && key_ == Key::id) id_seen_ = text == id_;
    if (depth_ == 2 && in_schemas_ && text == scim::kUserUrn) urn_seen_ = true;
    return value();
  }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override {
    if (depth_ == 0) object_ = true;
    return open();
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override {
    if (depth_ == 1) in_schemas_ = key_ == Key::schemas;
    return open();
  }
  bool end_array() override {
    if (depth_ == 2) in_schemas_ = false;
    return close();
  }
  bool key(string_t& name) override {
    if (depth_ == 1) key_ = name == "id" ? Key::id : name == "schemas" ? Key::schemas : Key::other;
    return object_;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    id_seen_ = urn_seen_ = false;
    return false;
  }

 private:
  enum class Key { other, id, schemas };
  bool value() const { return object_; }  // a top-level scalar is not a user: stop
  bool open() {
    ++depth_;
    return object_ && depth_ <= http::kMaxBodyDepth;
  }
  bool close() {
    --depth_;
    return true;
  }
  const std::string& id_;
  int depth_ = 0;
  Key key_ = Key::other;
  bool object_ = false, in_schemas_ = false, id_seen_ = false, urn_seen_ = false;
};

}  // namespace

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
  UserCheck check(id);
  return Json::sax_parse(body, &check) && check.matches();
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
