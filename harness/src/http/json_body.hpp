#pragma once
/// Parsing JSON that a server sent. Every body is hostile: its nesting is measured by a flat
/// scan before anything recursive (the parser, dump(), comparisons) touches it.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

namespace scimcheck::http {

/// Deepest nesting of arrays and objects accepted in a body: far above any SCIM resource
/// (a User with an extension and complex multi-valued attributes is about 5 deep), far below
/// what overflows a stack in a recursive walk.
constexpr int kMaxBodyDepth = 64;

/// Most values (array elements, object members, containers) accepted in a body: a list of a
/// thousand SCIM users holds some tens of thousands; a million small values parsed take
/// about 100 MB.
constexpr std::size_t kMaxBodyValues = 1'000'000;

/// True when no array or object in `text` is nested more than `max_depth` deep. A linear
/// scan without allocation that skips string contents (escapes included); it does not check
/// that the text is JSON.
bool within_depth(std::string_view text, int max_depth = kMaxBodyDepth);

/// The body as JSON, or nullopt when it is not JSON, is nested deeper than `max_depth` or
/// holds more than kMaxBodyValues values. Never throws.
std::optional<nlohmann::json> parse_body(std::string_view text, int max_depth = kMaxBodyDepth);

/// The body holds nothing but JSON whitespace (or nothing at all).
bool blank_body(std::string_view text);

/// parse_body of a body whose only flaw may be bytes that are not UTF-8 (which RFC 8259 §8.1
/// forbids): those bytes read as U+FFFD. For taking ids and captures, so that the run can go
/// on and clean up after a server that answers Latin-1; the checks judge the bytes themselves.
std::optional<nlohmann::json> parse_body_lenient(std::string_view text,
                                                 int max_depth = kMaxBodyDepth);

/// parse_body keeping the order of object members, for showing a body to people.
std::optional<nlohmann::ordered_json> parse_body_ordered(std::string_view text,
                                                         int max_depth = kMaxBodyDepth);

}  // namespace scimcheck::http
