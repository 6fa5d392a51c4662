#pragma once
/// Times and identifiers as text: what reports, results and the reference server stamp.
#include <chrono>
#include <string>

namespace scimcheck::source {

/// The time in UTC as an xsd:dateTime with milliseconds ("2024-05-01T12:00:00.123Z").
std::string iso_utc_ms(std::chrono::system_clock::time_point at);

/// A random version-4 UUID (RFC 4122), lowercase ("3f2b...-4...-8...").
std::string new_uuid();

}  // namespace scimcheck::source
