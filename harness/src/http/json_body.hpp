#pragma once
/// Parsing JSON that a server sent. Every body is hostile: its nesting is measured by a flat
/// scan before anything recursive (the parser, dump(), comparisons) touches it.
#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace scimcheck::http {

/// Deepest nesting of arrays and objects accepted in a body: far above any SCIM resource
/// (a User with an extension and complex multi-valued attributes is about 5 deep), far below
/// what overflows a stack in a recursive walk.
constexpr int kMaxBodyDepth = 64;

/// True when no array or object in `text` is nested more than `max_depth` deep. A linear
/// scan without allocation that skips string contents (escapes included); it does not check
/// that the text is JSON.
bool within_depth(std::string_view text, int max_depth = kMaxBodyDepth);

/// The body as JSON, or nullopt when it is not JSON or is nested deeper than `max_depth`.
/// Never throws.
std::optional<nlohmann::json> parse_body(std::string_view text, int max_depth = kMaxBodyDepth);

/// parse_body keeping the order of object members, for showing a body to people.
std::optional<nlohmann::ordered_json> parse_body_ordered(std::string_view text,
                                                         int max_depth = kMaxBodyDepth);

}  // namespace scimcheck::http
