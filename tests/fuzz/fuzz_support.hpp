#pragma once
/// What the fuzz targets share: fixed SCIM resources to evaluate against, and the text form
/// of an HTTP message that the exchange-based targets (expect, redact) decode fuzz bytes from:
///
///   <first line>\n<Name>: <value>\n...\n\n<body>
///
/// The first line is a status code (responses) or "METHOD URL" (requests). Recorded exchanges
/// are written in this form by tests/fuzz/seeds.py, so seeds stay readable and so do crashes.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "http/exchange.hpp"

namespace scimcheck::fuzz {

/// A user with core, multi-valued, complex and enterprise-extension attributes.
nlohmann::json sample_user();
/// A group with two members.
nlohmann::json sample_group();

/// The fuzz input as a string (any bytes, NULs included).
inline std::string input_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// An HTTP message decoded from the text form above: first line, headers, body. Header lines
/// without ':' are kept with an empty value; nothing is rejected.
struct Message {
  std::string first_line;
  http::Headers headers;
  std::string body;
};
Message parse_message(std::string_view text);

}  // namespace scimcheck::fuzz
