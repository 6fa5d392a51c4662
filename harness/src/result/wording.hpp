#pragma once
/// What the runner's own findings say: the checks it adds to a step (ownership of what a
/// case created) and the reasons it gives when it stops, so that the runner fills in facts and
/// formats no text of its own.
#include <string>

#include "result/model.hpp"

namespace scimcheck::result {

/// Most bytes of a server's value quoted in a check's actual value.
inline constexpr std::size_t kMaxQuotedValue = 200;

/// The check a create fails when the id it answered is not a JSON string (RFC 7643 §3.1):
/// `id_json` is the id as the server wrote it (cut at kMaxQuotedValue bytes), and the run will
/// find the resource by its marker attribute instead.
CheckResult id_not_a_string(const std::string& id_json, const std::string& marker_attribute);

/// What a created resource was expected to read back as.
struct MarkerClaim {
  std::string endpoint;   ///< "/Users"
  std::string attribute;  ///< "userName"
  std::string value;      ///< the marker the run sent
};

/// The check a create fails when the resource `id` it answered does not read back with the
/// marker the run sent (`detail`: what the read-back showed).
CheckResult created_not_own(const MarkerClaim& claim, const std::string& id,
                            const std::string& detail);

/// A step's error when its request got no response: "no response (<kind>): <message>".
std::string no_response(const std::string& kind, const std::string& message);

/// The abort reason of a run stopped after `in_a_row` requests got no answer, the last
/// failing with `last` ("timeout: ...").
std::string unanswered_stop(int in_a_row, const std::string& last);

/// The skip reason of a check --fail-fast did not start after `first` failed.
std::string fail_fast_skip(const std::string& first);

}  // namespace scimcheck::result
