#pragma once
/// Small ASCII text helpers shared by every module: case folding, trimming, form decoding.
#include <string>
#include <string_view>

namespace scimcheck::source {

/// The text with ASCII letters lowered; other bytes (UTF-8 included) unchanged.
std::string fold_case(std::string_view text);

/// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);

/// The text without leading and trailing whitespace (space, \t, \n, \v, \f, \r).
std::string_view trim(std::string_view text);

/// The text without leading and trailing blanks (space and \t only), as HTTP field values.
std::string_view trim_blanks(std::string_view text);

/// Decodes application/x-www-form-urlencoded text: '+' is a space, "%XY" the byte XY; a '%'
/// not followed by two hex digits is kept as it is.
std::string form_decode(std::string_view text);

}  // namespace scimcheck::source
