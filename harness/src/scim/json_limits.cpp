#include "scim/json_limits.hpp"

#include <string>
#include <utility>
#include <vector>

namespace scimcheck::scim {
namespace {

/// The length of the UTF-8 sequence starting at text[i], or 0 when it is ill-formed
/// (the table of well-formed byte sequences in Unicode 15, section 3.9, table 3-7).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // no overlong forms
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  if (byte(1) < low || byte(1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(k) < 0x80 || byte(k) > 0xBF) return 0;
  return length;
}

}  // namespace

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

std::optional<std::size_t> invalid_utf8_at(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
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
