#pragma once
/// Bounds checked on untrusted JSON text before it is parsed or walked: nesting depth (found
/// by one linear scan, so no recursive code ever sees a deeper document), UTF-8 validity, and
/// numbers out of range. Shared by the reference server and any code that parses bodies.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "scim/error.hpp"
#include "source/json_depth.hpp"
#include "source/utf8.hpp"

namespace scimcheck::scim {

/// The deepest nesting of arrays and objects a request body may have. A SCIM resource nests
/// 3 levels (a PatchOp with a members list 5); every recursive walk in scim/ and server/
/// (nulls dropped, values compared, bodies written) stays within this depth plus a few.
inline constexpr std::size_t kMaxJsonNesting = 64;

/// The offset of the first bracket ('[' or '{', outside strings) that opens a level deeper
/// than `limit`; nullopt when the text never nests deeper (source::measure_json).
inline std::optional<std::size_t> nesting_exceeded_at(std::string_view text,
                                                      std::size_t limit = kMaxJsonNesting) {
  return source::nesting_exceeded_at(text, limit);
}

/// Whether a JSON value nests arrays and objects deeper than `limit` (a scalar is depth 0,
/// [] is 1). Iterative, for values built in code rather than parsed from checked text.
bool nesting_exceeds(const nlohmann::json& value, std::size_t limit = kMaxJsonNesting);

/// The offset of the first byte that is not part of well-formed UTF-8 (source/utf8.hpp).
using source::invalid_utf8_at;

/// Parses an untrusted JSON body within the bounds above. On failure returns a 400 error that
/// never echoes the body's bytes: invalidSyntax for invalid UTF-8, nesting deeper than
/// `limit` and malformed JSON; invalidValue for a number out of range (1e999).
std::optional<ScimError> parse_bounded_json(std::string_view text, nlohmann::json* out,
                                            std::size_t limit = kMaxJsonNesting);

}  // namespace scimcheck::scim
