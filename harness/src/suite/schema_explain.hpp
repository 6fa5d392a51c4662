#pragma once
/// Why a document breaks a harness JSON Schema, told in the loader's words. valijson decides
/// whether a file is valid and where it is not; this reads the schema at each such place and
/// names the kind of constraint the value breaks there (an unknown key, a missing key, a wrong
/// type, a value not in the list, out of range, the wrong form, the wrong count, not exactly
/// one of the alternatives), so the schemas are the one list of keys and allowed values.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace scimcheck::suite {

struct SchemaFinding {
  std::string pointer;  ///< the value, or the member whose name is wrong
  bool key = false;     ///< points at the member name (an unknown key)
  std::string message;
  std::string hint;     ///< did-you-mean for an unknown key
};

/// The findings at each place valijson reported (`pointers`, JSON Pointers into `document`).
/// `noun` names the document ("a suite"); objects reached through "#/definitions/NAME" are
/// "a NAME", through a property KEY are "KEY", members of one are "a KEY" without its plural
/// "s". A place whose value breaks nothing the schema says at that level (its problem is below
/// it) gives no finding, unless nothing below it was reported either.
std::vector<SchemaFinding> explain_schema_problems(const nlohmann::json& schema,
                                                   const nlohmann::json& document,
                                                   const std::vector<std::string>& pointers,
                                                   const std::string& noun);

/// A value as JSON text, clipped for a message.
std::string shown(const nlohmann::json& value);

}  // namespace scimcheck::suite
