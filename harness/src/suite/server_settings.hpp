#pragma once
/// Decoding a profile's "server" block (the reference server's emulation of the app) into
/// suite::ServerSettings, with the problems the JSON Schema cannot see.
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "source/positions.hpp"
#include "suite/model.hpp"

namespace scimcheck::suite {

/// The keys of the "server" block, as schemas/harness/profile.schema.json lists them.
extern const std::vector<std::string> kServerSettingKeys;

/// A problem at a place of the file: the value (or, with `key`, the member name) at
/// `pointer`, or with `offset` set one character inside that string.
struct DecodeProblem {
  std::string pointer;
  std::string message;
  std::string hint;
  bool key = false;
  std::size_t offset = std::string::npos;
};

/// The "server" block at `pointer` of the profile file (absent: the defaults). A value of the
/// wrong type keeps its default: the JSON Schema reports it. Adds to `problems` an unknown key
/// (with a did-you-mean hint), a template that is not {{profile.NAME}} of one of `variables`,
/// and a required attribute that is not a SCIM path.
ServerSettings decode_server_settings(const source::JsonFile& file, const std::string& pointer,
                                      const std::set<std::string>& variables,
                                      std::vector<DecodeProblem>& problems);

}  // namespace scimcheck::suite
