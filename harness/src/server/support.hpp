#pragma once
/// Small helpers of the reference server: identifiers, tokens, timestamps, Base64 and
/// form decoding, case-insensitive comparison, JSON members named in any case.
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "source/strings.hpp"
#include "source/timestamp.hpp"

namespace scimcheck::server {

using source::new_uuid;
/// A random opaque credential: `bytes` random bytes as lowercase hex.
std::string new_token(std::size_t bytes = 24);
/// The current UTC time as an xsd:dateTime with milliseconds ("2024-05-01T12:00:00.123Z").
inline std::string utc_timestamp() { return source::iso_utc_ms(std::chrono::system_clock::now()); }

using source::fold_case;
using source::iequals;

/// Standard Base64 (with or without padding); nullopt when the text is not Base64.
std::optional<std::string> base64_decode(std::string_view text);

using source::form_decode;
/// The fields of an application/x-www-form-urlencoded body; the first of repeated names wins.
std::map<std::string, std::string> parse_form(std::string_view body);

/// Removes every member of the object whose name is `name` in any case.
void erase_member(nlohmann::json& object, std::string_view name);
/// The string member of the object named `name` (in any case), "" when absent or not a string.
std::string string_member(const nlohmann::json& object, std::string_view name);

}  // namespace scimcheck::server
