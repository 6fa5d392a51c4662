#pragma once
/// Small helpers of the reference server: identifiers, tokens, timestamps, Base64 and
/// form decoding, case-insensitive comparison.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "source/strings.hpp"

namespace scimcheck::server {

/// A random version-4 UUID, lowercase ("3f2b...-4...-8...").
std::string new_uuid();
/// A random opaque credential: `bytes` random bytes as lowercase hex.
std::string new_token(std::size_t bytes = 24);
/// The current UTC time as an xsd:dateTime with milliseconds ("2024-05-01T12:00:00.123Z").
std::string utc_timestamp();

using source::fold_case;
using source::iequals;

/// Standard Base64 (with or without padding); nullopt when the text is not Base64.
std::optional<std::string> base64_decode(std::string_view text);

using source::form_decode;
/// The fields of an application/x-www-form-urlencoded body; the first of repeated names wins.
std::map<std::string, std::string> parse_form(std::string_view body);

}  // namespace scimcheck::server
