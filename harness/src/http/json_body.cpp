#include "http/json_body.hpp"

namespace scimcheck::http {
namespace {

/// True when no array or object is nested deeper than `max_depth` and the text holds at most
/// `max_values` commas and opening brackets outside strings (about its number of values).
bool within_limits(std::string_view text, int max_depth, std::size_t max_values) {
  int depth = 0;
  std::size_t values = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > max_depth || ++values > max_values) return false;
        break;
      case ']':
      case '}':
        --depth;
        break;
      case ',':
        if (++values > max_values) return false;
        break;
      default:
        break;
    }
  }
  return true;
}

template <class J>
std::optional<J> parse_bounded(std::string_view text, int max_depth) {
  if (!within_limits(text, max_depth, kMaxBodyValues)) return std::nullopt;
  try {
    J value = J::parse(text.begin(), text.end(), nullptr, false);
    if (value.is_discarded()) return std::nullopt;
    return value;
  } catch (const std::exception&) {  // std::bad_alloc
    return std::nullopt;
  }
}

}  // namespace

bool within_depth(std::string_view text, int max_depth) {
  return within_limits(text, max_depth, static_cast<std::size_t>(-1));
}

std::optional<nlohmann::json> parse_body(std::string_view text, int max_depth) {
  return parse_bounded<nlohmann::json>(text, max_depth);
}

std::optional<nlohmann::ordered_json> parse_body_ordered(std::string_view text, int max_depth) {
  return parse_bounded<nlohmann::ordered_json>(text, max_depth);
}

}  // namespace scimcheck::http
