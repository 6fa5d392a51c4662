#include "load/client.hpp"

#include <array>

#include "http/json_body.hpp"
#include "http/url.hpp"
#include "scim/attributes.hpp"
#include "source/strings.hpp"

namespace scimcheck::load {

namespace {

constexpr std::string_view kUserUrn = scim::kUserUrn;

/// One pass over a JSON text (RFC 8259: the grammar, string escapes and surrogate pairs,
/// UTF-8 as RFC 3629 allows it, a leading byte order mark skipped as nlohmann::json does),
/// iterative with at most http::kMaxBodyDepth open containers, noting the top-level "id"
/// string and whether the top-level "schemas" array holds the core User schema. About ten
/// instructions a byte: nlohmann's SAX parser took about 140 for the same check.
class UserScan {
 public:
  explicit UserScan(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  /// Whether the whole text is one JSON object with that "id" and the User schema.
  bool matches(const std::string& id) {
    if (end_ - p_ >= 3 && std::string_view(p_, 3) == "\xEF\xBB\xBF") p_ += 3;
    return scan() && object_ && id_ && *id_ == id && user_urn_;
  }

 private:
  enum class Key { other, id, schemas };

  bool scan() {
    skip_space();
    if (p_ == end_ || *p_ != '{') return false;  // not an object: not a user
    object_ = true;
    bool expect_value = true;
    for (;;) {
      if (expect_value) {
        skip_space();
        if (p_ == end_) return false;
        const char c = *p_;
        if (c == '{' || c == '[') {
          if (depth_ == http::kMaxBodyDepth) return false;
          stack_[depth_++] = c;
          ++p_;
          skip_space();
          if (p_ != end_ && *p_ == (c == '{' ? '}' : ']')) {
            ++p_;
            --depth_;
          } else if (c == '{') {
            if (!member_name()) return false;
            continue;
          } else {
            continue;
          }
        } else if (!scalar()) {
          return false;
        }
      }
      // After a value: the end of the text, a comma, or the end of the open container.
      skip_space();
      if (depth_ == 0) return p_ == end_;
      if (p_ == end_) return false;
      const char c = *p_++;
      const bool in_object = stack_[depth_ - 1] == '{';
      if (c == ',') {
        skip_space();
        if (in_object && !member_name()) return false;
        expect_value = true;
      } else if (c == (in_object ? '}' : ']')) {
        --depth_;
        expect_value = false;
      } else {
        return false;
      }
    }
  }

  /// A member's name and the colon after it; notes which top-level member comes.
  bool member_name() {
    if (p_ == end_ || *p_ != '"') return false;
    ++p_;
    if (depth_ == 1) {
      buffer_.clear();
      if (!string(&buffer_)) return false;
      key_ = buffer_ == "id" ? Key::id : buffer_ == "schemas" ? Key::schemas : Key::other;
    } else if (!string(nullptr)) {
      return false;
    }
    skip_space();
    if (p_ == end_ || *p_ != ':') return false;
    ++p_;
    return true;
  }

  bool scalar() {
    const char c = *p_;
    if (c == '"') {
      ++p_;
      const bool top_id = depth_ == 1 && key_ == Key::id;
      const bool schema = depth_ == 2 && key_ == Key::schemas && stack_[1] == '[';
      if (!top_id && !schema) return string(nullptr);
      buffer_.clear();
      if (!string(&buffer_)) return false;
      if (top_id) id_ = buffer_;
      if (schema && buffer_ == kUserUrn) user_urn_ = true;
      return true;
    }
    if (c == 't') return literal("true");
    if (c == 'f') return literal("false");
    if (c == 'n') return literal("null");
    return number();
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word)
      return false;
    p_ += word.size();
    return true;
  }

  bool digits() {
    const char* start = p_;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    return p_ != start;
  }

  bool number() {
    if (p_ != end_ && *p_ == '-') ++p_;
    if (p_ == end_) return false;
    if (*p_ == '0') {
      ++p_;
    } else if (!digits()) {
      return false;
    }
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (!digits()) return false;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digits()) return false;
    }
    return true;
  }

  /// The rest of a string after its opening quote; its decoded bytes go to `out` if given.
  bool string(std::string* out) {
    for (;;) {
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (!escape(out)) return false;
      } else if (c < 0x80) {
        if (out) out->push_back(static_cast<char>(c));
        ++p_;
      } else if (!utf8(out)) {
        return false;
      }
    }
  }

  bool hex4(unsigned& value) {
    if (end_ - p_ < 4) return false;
    value = 0;
    for (int i = 0; i < 4; ++i) {
      const int digit = http::hex_value(*p_++);
      if (digit < 0) return false;
      value = value * 16 + static_cast<unsigned>(digit);
    }
    return true;
  }

  bool escape(std::string* out) {
    ++p_;  // the backslash
    if (p_ == end_) return false;
    const char c = *p_++;
    char plain = 0;
    switch (c) {
      case '"': plain = '"'; break;
      case '\\': plain = '\\'; break;
      case '/': plain = '/'; break;
      case 'b': plain = '\b'; break;
      case 'f': plain = '\f'; break;
      case 'n': plain = '\n'; break;
      case 'r': plain = '\r'; break;
      case 't': plain = '\t'; break;
      case 'u': break;
      default: return false;
    }
    if (plain) {
      if (out) out->push_back(plain);
      return true;
    }
    unsigned code = 0;
    if (!hex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return false;  // a low surrogate alone
    if (code >= 0xD800 && code <= 0xDBFF) {
      unsigned low = 0;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    if (out) append_utf8(*out, code);
    return true;
  }

  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (code >> 18)));
      out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  }

  /// One multi-byte UTF-8 sequence (the well-formed ones of Unicode's table 3-7).
  bool utf8(std::string* out) {
    const auto lead = static_cast<unsigned char>(*p_);
    int more = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      more = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      more = 2;
      if (lead == 0xE0) lo = 0xA0;
      if (lead == 0xED) hi = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      more = 3;
      if (lead == 0xF0) lo = 0x90;
      if (lead == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (end_ - p_ <= more) return false;
    for (int i = 1; i <= more; ++i) {
      const auto b = static_cast<unsigned char>(p_[i]);
      if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return false;
    }
    if (out) out->append(p_, static_cast<std::size_t>(more + 1));
    p_ += more + 1;
    return true;
  }

  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  const char* p_;
  const char* end_;
  std::array<char, http::kMaxBodyDepth> stack_{};
  int depth_ = 0;
  Key key_ = Key::other;
  bool object_ = false, user_urn_ = false;
  std::optional<std::string> id_;
  std::string buffer_;
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
  return UserScan(body).matches(id);
}

ReadFault check_read(const http::Response& response, const std::string& id) {
  const std::string* type = http::find_header(response.headers, "Content-Type");
  if (!type || !is_json_media_type(*type)) return ReadFault::media_type;
  return is_user(response.body, id) ? ReadFault::ok : ReadFault::body;
}

UserReader::UserReader(const std::string& base_url, Authorize authorize)
    : authorize_(std::move(authorize)) {
  // The base URL may carry a path and a query string: the id goes between them.
  constexpr std::string_view kMarker = "scimcheck-load-id-marker";
  const std::string url = http::join_url(base_url, "/Users/" + std::string(kMarker), {});
  const auto at = url.find(kMarker);
  prefix_ = url.substr(0, at);
  suffix_ = url.substr(at + kMarker.size());
  request_.method = "GET";
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

}  // namespace scimcheck::load
