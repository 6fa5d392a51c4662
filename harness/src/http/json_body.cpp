#include "http/json_body.hpp"

#include <algorithm>

#include "source/json_depth.hpp"
#include "source/utf8.hpp"

namespace scimcheck::http {
namespace {

/// True when no array or object is nested deeper than `max_depth` and the text holds at most
/// `max_values` values.
bool within_limits(std::string_view text, int max_depth, std::size_t max_values) {
  const auto extent = source::measure_json(text, static_cast<std::size_t>(std::max(max_depth, 0)),
                                           max_values);
  return !extent.too_deep_at && !extent.too_many_values;
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

bool blank_body(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::optional<nlohmann::json> parse_body(std::string_view text, int max_depth) {
  return parse_bounded<nlohmann::json>(text, max_depth);
}

std::optional<nlohmann::json> parse_body_lenient(std::string_view text, int max_depth) {
  auto value = parse_body(text, max_depth);
  if (value || !source::invalid_utf8_at(text)) return value;
  return parse_body(source::repair_utf8(text), max_depth);
}

std::optional<nlohmann::ordered_json> parse_body_ordered(std::string_view text, int max_depth) {
  return parse_bounded<nlohmann::ordered_json>(text, max_depth);
}

}  // namespace scimcheck::http
