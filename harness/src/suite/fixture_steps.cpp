#include "suite/fixture_steps.hpp"

namespace scimcheck::suite {

FixtureDeclaration read_fixture(const std::string& name, const Json& value) {
  FixtureDeclaration fixture;
  if (value.is_string()) {
    fixture.kind = value.get<std::string>();
    return fixture;
  }
  if (!value.is_object() || value.size() != 1) return fixture;
  const Json& options = value.begin().value();
  fixture.kind = value.begin().key();
  fixture.create = options.is_object() && options.value("create", Json(false)) == Json(true);
  fixture.id = options.is_object() && options.contains("id") && options["id"].is_string()
                   ? options["id"].get<std::string>()
                   : name + "_id";
  return fixture;
}

Json create_step(const std::string& name, const FixtureDeclaration& fixture) {
  const bool group = fixture.kind == "group";
  const std::string collection = group ? "/Groups" : "/Users";
  const std::string noun = group ? "group" : "user";
  return Json{
      {"name", "create " + name},
      {"request", {{"method", "POST"}, {"path", collection}, {"body", "{{" + name + ".body}}"}}},
      {"creates", true},
      {"setup", std::string(group ? "groups" : "users") + ".create.returns-201"},
      {"capture", {{fixture.id, "id"}}},
      {"expect", Json::array({{{"status", 201},
                               {"fix", "Answer a successful POST " + collection + " with 201 Created and the created " +
                                           noun + " (RFC 7644 \u00a73.3): this check creates the " + noun +
                                           " it works on that way."}}})}};
}

}  // namespace scimcheck::suite
