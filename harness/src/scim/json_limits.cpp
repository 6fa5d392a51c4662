#include "scim/json_limits.hpp"

#include <string>
#include <utility>
#include <vector>

namespace scimcheck::scim {

bool nesting_exceeds(const nlohmann::json& value, std::size_t limit) {
  // Depth-first over the containers, with an explicit stack of (value, depth).
  std::vector<std::pair<const nlohmann::json*, std::size_t>> pending{{&value, 0}};
  while (!pending.empty()) {
    auto [node, depth] = pending.back();
    pending.pop_back();
    if (!node->is_structured()) continue;
    if (depth + 1 > limit) return true;
    for (const auto& child : *node)
      if (child.is_structured()) pending.emplace_back(&child, depth + 1);
  }
  return false;
}

std::optional<ScimError> parse_bounded_json(std::string_view text, nlohmann::json* out,
                                            std::size_t limit) {
  const auto invalid = [](std::string detail) {
    return ScimError{400, "invalidSyntax", std::move(detail)};
  };
  if (auto at = invalid_utf8_at(text))
    return invalid("the request body is not valid UTF-8 (byte " + std::to_string(*at) + ")");
  if (auto at = nesting_exceeded_at(text, limit))
    return invalid("the request body nests arrays and objects deeper than " +
                   std::to_string(limit) + " levels (at byte " + std::to_string(*at) + ")");
  try {
    *out = nlohmann::json::parse(text);
  } catch (const nlohmann::json::out_of_range& e) {
    // 406: a number beyond the range of a double. The message quotes only the number.
    return ScimError{400, "invalidValue", std::string("a number is out of range: ") + e.what()};
  } catch (const nlohmann::json::exception& e) {
    // The UTF-8 check above keeps the parser's message (which quotes the input) valid UTF-8.
    return invalid(std::string("the request body is not JSON: ") + e.what());
  }
  return std::nullopt;
}

}  // namespace scimcheck::scim
