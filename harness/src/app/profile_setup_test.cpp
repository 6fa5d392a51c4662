#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/profile_setup.hpp"
#include "source/diagnostic_render.hpp"
#include "suite/loader.hpp"
#include "test_support.hpp"

using namespace scimcheck;
namespace fs = std::filesystem;
using suite::Json;

namespace {

fs::path root() { return testing::source_root(); }

/// A profile whose "domain" variable comes from $SCIMCHECK_TEST_DOMAIN, with the given
/// "variables" entries added and the given "server" block.
suite::Profile profile_with(const std::string& variables, const std::string& server) {
  const fs::path dir = fs::temp_directory_path() / "scimcheck-profile-setup";
  fs::create_directories(dir);
  const fs::path file = dir / "setup.profile.json";
  std::ofstream(file) << R"({"profile": "setup", "title": "t", "capabilities": ["users"],
    "users": {"matching": "userName", "attributes": [{"path": "userName", "value": "u@x"}]},
    "variables": {"domain": {"description": "d", "env": "SCIMCHECK_TEST_DOMAIN"})"
                      << variables << R"(}, "suites": ["core/*.suite.json"], "server": )" << server
                      << "}\n";
  source::Diagnostics d;
  auto p = suite::load_profile(file.string(), {root()}, d);
  BOOST_REQUIRE_MESSAGE(p, source::render_all(d, source::file_lookup()));
  fs::remove_all(dir);
  return *p;
}

std::optional<Json> resolve(const suite::Profile& p, const std::map<std::string, std::string>& given,
                            bool embedded, std::string* err = nullptr) {
  std::ostringstream out;
  auto values = app::resolve_variables(p, given, embedded, out);
  if (err) *err = out.str();
  return values;
}

/// Sets an environment variable for the life of the object.
struct EnvVar {
  std::string name;
  EnvVar(std::string n, const char* value) : name(std::move(n)) { ::setenv(name.c_str(), value, 1); }
  ~EnvVar() { ::unsetenv(name.c_str()); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(profile_setup)

BOOST_AUTO_TEST_CASE(var_options_are_name_equals_value) {
  std::ostringstream err;
  const auto given = app::parse_var_options({"a=1", "b=x=y", "c="}, err);
  BOOST_REQUIRE(given);
  BOOST_TEST((*given == std::map<std::string, std::string>{{"a", "1"}, {"b", "x=y"}, {"c", ""}}));
  BOOST_TEST(!app::parse_var_options({"a"}, err));
  BOOST_TEST(!app::parse_var_options({"=1"}, err));
  BOOST_TEST(err.str() == "scimcheck: --var needs NAME=VALUE, got \"a\"\n"
                          "scimcheck: --var needs NAME=VALUE, got \"=1\"\n");
}

BOOST_AUTO_TEST_CASE(a_variable_takes_the_first_of_var_environment_embedded_default) {
  const auto p = profile_with(R"(, "both": {"description": "b", "embedded": "emb", "default": "def"},
    "needed": {"description": "what it is", "required": true})",
                              "{}");
  auto values = resolve(p, {{"needed", "n"}}, true);
  BOOST_REQUIRE(values);
  BOOST_TEST(*values == Json({{"both", "emb"}, {"needed", "n"}}));  // no domain: unset
  values = resolve(p, {{"needed", "n"}}, false);
  BOOST_REQUIRE(values);
  BOOST_TEST((*values)["both"] == "def");  // "embedded" only against the reference server
  {
    EnvVar env("SCIMCHECK_TEST_DOMAIN", "env.example");
    values = resolve(p, {{"needed", "n"}}, false);
    BOOST_REQUIRE(values);
    BOOST_TEST((*values)["domain"] == "env.example");
    values = resolve(p, {{"needed", "n"}, {"domain", "var.example"}}, false);
    BOOST_REQUIRE(values);
    BOOST_TEST((*values)["domain"] == "var.example");
  }
  std::string err;
  BOOST_TEST(!resolve(p, {}, false, &err));
  BOOST_TEST(err == "scimcheck: the profile \"setup\" needs --var needed=VALUE: what it is\n");
  BOOST_TEST(resolve(p, {}, true).has_value());  // the reference server needs no tenant's value
  BOOST_TEST(!resolve(p, {{"domian", "x"}}, true, &err));
  BOOST_TEST(err == "scimcheck: the profile \"setup\" has no variable \"domian\" (did you mean \"domain\"?)\n");
}

BOOST_AUTO_TEST_CASE(an_environment_variable_reaches_a_server_setting) {
  const auto p = profile_with("", R"({"user_name_domains": ["{{profile.domain}}", "b.example"],
    "base_path": "/scim/{{profile.domain | upper}}", "oauth": true, "groups": false,
    "required_user_attributes": ["name.givenName"]})");
  EnvVar env("SCIMCHECK_TEST_DOMAIN", "corp.example");
  const auto values = resolve(p, {}, true);
  BOOST_REQUIRE(values);
  server::ServerOptions so;
  source::Diagnostics d;
  BOOST_REQUIRE_MESSAGE(app::apply_server_settings(p, *values, so, d),
                        source::render_all(d, source::file_lookup()));
  BOOST_TEST(so.profile == "setup");
  BOOST_TEST(so.rules.user_name_domains == (std::vector<std::string>{"corp.example", "b.example"}),
             boost::test_tools::per_element());
  BOOST_TEST(so.base_path == "/scim/CORP.EXAMPLE");
  BOOST_TEST(so.rules.oauth);
  BOOST_TEST(!so.rules.groups);
  BOOST_TEST(!so.rules.rotate_tokens);
  BOOST_REQUIRE_EQUAL(so.rules.required_user_attributes.size(), 1u);
  BOOST_TEST(so.rules.required_user_attributes[0].text == "name.givenName");

  server::ServerOptions given_base;
  given_base.base_path = "/given";  // serve --base-path wins over the profile's
  BOOST_TEST(app::apply_server_settings(p, *values, given_base, d));
  BOOST_TEST(given_base.base_path == "/given");
}

BOOST_AUTO_TEST_CASE(a_server_setting_that_does_not_render_is_a_diagnostic_at_its_value) {
  const auto p = profile_with("", R"({"user_name_domains": ["ok.example",
    "{{profile.domain}}"]})");
  server::ServerOptions so;
  source::Diagnostics d;
  BOOST_TEST(!app::apply_server_settings(p, Json::object(), so, d));
  BOOST_REQUIRE(d.size() == 1u);
  BOOST_TEST(d[0].message == "the profile variable \"domain\" has no value (set it with --var domain=VALUE)");
  BOOST_TEST(d[0].span.line == 4);
  BOOST_TEST(d[0].span.column == 5);

  // A path that parses only once rendered is checked then.
  const auto bad = profile_with("", R"({"required_user_attributes": ["{{profile.domain}}"]})");
  d.clear();
  BOOST_TEST(!app::apply_server_settings(bad, Json({{"domain", "emails[type eq"}}), so, d));
  BOOST_REQUIRE(d.size() == 1u);
  BOOST_TEST(d[0].message.find("required_user_attributes: bad path 'emails[type eq'") !=
                 std::string::npos,
             d[0].message);
  BOOST_TEST(d[0].span.line == 3);  // the block
}

BOOST_AUTO_TEST_CASE(every_shipped_profile_sets_up_a_server_that_starts) {
  for (const auto& e : fs::directory_iterator(root() / "suites" / "profiles")) {
    source::Diagnostics d;
    const auto p = suite::load_profile(e.path().string(), {root()}, d);
    BOOST_REQUIRE_MESSAGE(p, source::render_all(d, source::file_lookup()));
    const auto values = resolve(*p, {}, true);
    BOOST_REQUIRE(values);
    server::ServerOptions so;
    BOOST_TEST_REQUIRE(app::apply_server_settings(*p, *values, so, d),
                       source::render_all(d, source::file_lookup()));
    server::ReferenceServer server(so);
    std::string error;
    BOOST_TEST(server.start(&error), p->name << ": " << error);
    if (p->name == "ipass") {
      BOOST_TEST(so.base_path == "/moservices/scim/v1");
      BOOST_TEST(so.rules.user_name_domains == std::vector<std::string>{"example.com"},
                 boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
