#include "http/json_body.hpp"

namespace scimcheck::http {
namespace {

template <class J>
std::optional<J> parse_bounded(std::string_view text, int max_depth) {
  if (!within_depth(text, max_depth)) return std::nullopt;
  try {
    J value = J::parse(text.begin(), text.end(), nullptr, false);
    if (value.is_discarded()) return std::nullopt;
    return value;
  } catch (const std::exception&) {  // std::bad_alloc: a body too large to hold as JSON
    return std::nullopt;
  }
}

}  // namespace

bool within_depth(std::string_view text, int max_depth) {
  int depth = 0;
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
        if (++depth > max_depth) return false;
        break;
      case ']':
      case '}':
        --depth;
        break;
      default:
        break;
    }
  }
  return true;
}

std::optional<nlohmann::json> parse_body(std::string_view text, int max_depth) {
  return parse_bounded<nlohmann::json>(text, max_depth);
}

std::optional<nlohmann::ordered_json> parse_body_ordered(std::string_view text, int max_depth) {
  return parse_bounded<nlohmann::ordered_json>(text, max_depth);
}

}  // namespace scimcheck::http
