#pragma once
/// Well-formed UTF-8 (RFC 3629): what JSON text exchanged between systems must be
/// (RFC 8259 §8.1), checked byte by byte on text a server or a client sent.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace scimcheck::source {

/// The length of the UTF-8 sequence starting at text[i], or 0 when it is ill-formed.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

/// The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlong
/// forms, no surrogates, nothing above U+10FFFF); nullopt when the whole text is well formed.
std::optional<std::size_t> invalid_utf8_at(std::string_view text);

/// The text with every ill-formed byte replaced by U+FFFD, the replacement character.
std::string repair_utf8(std::string_view text);

}  // namespace scimcheck::source
