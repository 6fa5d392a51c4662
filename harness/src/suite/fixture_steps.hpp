#pragma once
/// Fixtures a case declares created (suite format v2): `"alice": {"user": {"create": true}}`
/// stands for the setup step a v1 case writes first, sending the same request.
#include <string>

#include "suite/model.hpp"

namespace scimcheck::suite {

struct FixtureDeclaration {
  std::string kind;     ///< "user" or "group"; empty when the declaration is malformed
  bool create = false;  ///< the case creates it before its own steps
  std::string id;       ///< the capture that holds the created resource's id
};

/// Reads "user", "group", or {"user"|"group": {"create": true, "id": "aid"}}; without "id"
/// the capture is NAME_id. Wrong shapes are the schema's to report.
FixtureDeclaration read_fixture(const std::string& name, const Json& value);

/// The step that creates the fixture, as a v1 suite writes it: POST of {{NAME.body}} to
/// /Users or /Groups, in the cleanup ledger, a setup step of users.create.returns-201
/// (groups.create.returns-201), capturing the new id, expecting 201 with the create fix.
Json create_step(const std::string& name, const FixtureDeclaration& fixture);

}  // namespace scimcheck::suite
