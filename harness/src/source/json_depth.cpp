#include "source/json_depth.hpp"

namespace scimcheck::source {

JsonExtent measure_json(std::string_view text, std::size_t max_depth, std::size_t max_values) {
  JsonExtent extent;
  std::size_t depth = 0;
  std::size_t values = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;  // the escaped character cannot end the string
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
        if (++depth > max_depth) {
          extent.too_deep_at = i;
          return extent;
        }
        [[fallthrough]];
      case ',':
        if (++values > max_values) {
          extent.too_many_values = true;
          return extent;
        }
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return extent;
}

}  // namespace scimcheck::source
