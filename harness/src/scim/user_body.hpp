#pragma once
/// The check of a GET /Users/{id} answer body that the load's steady phase makes on every
/// read: is the text one JSON object whose top-level "id" is the id asked for and whose
/// top-level "schemas" holds the core User schema? Nothing of the document is kept.
#include <cstddef>
#include <string_view>

namespace scimcheck::scim {

/// Whether `body` is, as a whole, well-formed JSON (RFC 8259, UTF-8) nesting at most
/// `max_depth` arrays and objects, and an object whose last string-valued top-level "id" is
/// `id` and whose top-level "schemas" array holds the core User schema URN among its strings.
/// Bodies up to kFastUserBodyLimit bytes are read by simdjson's validating parser (a few
/// instructions a byte); a larger body, or one simdjson refuses, gets the verdict of
/// is_user_body_sax, so the two agree on every input (tests/fuzz/user_body.cpp).
bool is_user_body(std::string_view body, std::string_view id, std::size_t max_depth);

/// The same verdict from nlohmann's SAX reader, which stops at the first byte that is not
/// JSON or at a level deeper than `max_depth`.
bool is_user_body_sax(std::string_view body, std::string_view id, std::size_t max_depth);

/// The largest body is_user_body gives to simdjson: its parser keeps buffers as large as the
/// largest document it has read, one parser per thread, so this bounds their memory.
inline constexpr std::size_t kFastUserBodyLimit = 64 * 1024;

}  // namespace scimcheck::scim
