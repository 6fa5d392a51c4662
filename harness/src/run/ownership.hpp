#pragma once
/// Proving that a resource is the run's own before anything modifies or deletes it: the
/// resource must read back (GET of its id, as one opaque path segment) with the marker the
/// run put in its marker attribute. Everything here treats the server's answers as hostile:
/// bodies are depth-checked before they are parsed, and nothing is copied out of them.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "http/json_body.hpp"
#include "http/transport.hpp"
#include "suite/model.hpp"

namespace scimcheck::run {

using Authorize = std::function<std::optional<std::string>(http::Request&)>;

/// The JSON value of a body, or a discarded value when it does not parse or nests deeper
/// than max_depth (checked by a linear scan before parsing). Bytes that are not UTF-8 read as
/// U+FFFD (http::parse_body_lenient), so a Latin-1 server can still be cleaned up after.
suite::Json parse_bounded(std::string_view body, int max_depth = http::kMaxBodyDepth);

/// "/Users" or "/Groups" for a path's first segment in any case; empty for anything else.
std::string collection_of(const std::string& segment);

/// An id as text: a string as it is, an integer written in decimal (servers that answer ids
/// as numbers, against RFC 7643 §3.1); nullopt for anything else or an empty string.
std::optional<std::string> id_text(const suite::Json& id);

/// What a read-back showed.
enum class Proof {
  owned,    ///< it carries the marker
  foreign,  ///< it exists without the marker, or its id cannot be one path segment: never touch
  gone,     ///< 404: nothing there (any more)
  unknown,  ///< no usable answer (transport error, 5xx, unparsable body)
};

struct ReadBack {
  Proof proof = Proof::unknown;
  std::string detail;  ///< why, for reports ("userName is \"x\"", "GET answered 500")
  http::Exchange exchange;
};

/// How strictly the marker attribute must match. `exact`: equal to the marker, ignoring case
/// (userName and displayName are caseExact false, RFC 7643 §4.1.1, §4.2): right after the
/// create. `run`: the marker, or any value carrying the run id, since the run may have
/// renamed its own resource (every name it gives carries the run id): before a delete.
enum class MarkerMatch { exact, run };

struct Marker {
  std::string attribute;
  std::string value;
  std::string run_id;
  MarkerMatch match = MarkerMatch::exact;
};

/// Whether resource[attribute] is a string that matches the marker.
bool carries_marker(const suite::Json& resource, const Marker& marker);

/// GET base_url + endpoint + "/" + id (one segment) and check the marker.
ReadBack read_back(http::Transport& transport, const Authorize& authorize,
                   const std::string& base_url, const std::string& endpoint,
                   const std::string& id, const Marker& marker);

/// Sends through authorize (an authorization failure is returned as an exchange error).
http::Exchange send_authorized(http::Transport& transport, const Authorize& authorize,
                               http::Request request);

/// A timeout or a failure to connect (TLS included): the target did not answer at all.
bool is_unanswered(const http::Exchange& exchange);

}  // namespace scimcheck::run
