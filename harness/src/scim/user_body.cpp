#include "scim/user_body.hpp"

#include <simdjson.h>

#include <nlohmann/json.hpp>

#include "scim/attributes.hpp"

namespace scimcheck::scim {

namespace {

using Json = nlohmann::json;

/// Reads a JSON text once and notes whether it is an object with the given top-level "id"
/// and the core User schema among the strings of its top-level "schemas" array.
class UserCheck : public nlohmann::json_sax<Json> {
 public:
  UserCheck(std::string_view id, std::size_t max_depth) : id_(id), max_depth_(max_depth) {}
  bool matches() const { return id_seen_ && urn_seen_; }

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t& text) override {
    if (depth_ == 1 && key_ == Key::id) id_seen_ = text == id_;
    if (depth_ == 2 && in_schemas_ && text == kUserUrn) urn_seen_ = true;
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
    return object_ && depth_ <= max_depth_;
  }
  bool close() {
    --depth_;
    return true;
  }
  std::string_view id_;
  std::size_t max_depth_;
  std::size_t depth_ = 0;
  Key key_ = Key::other;
  bool object_ = false, in_schemas_ = false, id_seen_ = false, urn_seen_ = false;
};

/// One simdjson parser per thread and depth limit, its buffers sized for the largest body it
/// has read (at most kFastUserBodyLimit).
simdjson::dom::parser& parser_for(std::size_t max_depth) {
  thread_local simdjson::dom::parser parser(kFastUserBodyLimit);
  thread_local std::size_t depth = 0;
  if (depth != max_depth) {
    if (parser.allocate(4096, max_depth) != simdjson::SUCCESS)
      depth = 0;
    else
      depth = max_depth;
  }
  return parser;
}

}  // namespace

bool is_user_body_sax(std::string_view body, std::string_view id, std::size_t max_depth) {
  UserCheck check(id, max_depth);
  return Json::sax_parse(body, &check) && check.matches();
}

bool is_user_body(std::string_view body, std::string_view id, std::size_t max_depth) {
  if (body.size() > kFastUserBodyLimit || max_depth == 0)
    return is_user_body_sax(body, id, max_depth);
  simdjson::dom::parser& parser = parser_for(max_depth);
  simdjson::dom::element root;
  // Any refusal (not JSON, too deep, a number simdjson does not hold, no memory) is settled
  // by the SAX reader, so the verdict never depends on which reader ran.
  if (parser.max_depth() != max_depth || parser.parse(body.data(), body.size()).get(root))
    return is_user_body_sax(body, id, max_depth);
  simdjson::dom::object object;
  if (root.get(object)) return false;  // a top-level scalar or array is not a user
  bool id_seen = false, urn_seen = false;
  for (const simdjson::dom::key_value_pair field : object) {
    if (field.key == "id") {
      std::string_view text;
      if (!field.value.get(text)) id_seen = text == id;
    } else if (field.key == "schemas") {
      simdjson::dom::array schemas;
      if (field.value.get(schemas)) continue;
      for (const simdjson::dom::element item : schemas) {
        std::string_view text;
        if (!item.get(text) && text == kUserUrn) urn_seen = true;
      }
    }
  }
  return id_seen && urn_seen;
}

}  // namespace scimcheck::scim
