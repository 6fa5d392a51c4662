#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "source/diagnostic_render.hpp"
#include "suite/loader.hpp"
#include "test_support.hpp"

using namespace scimcheck;
namespace fs = std::filesystem;

namespace {

fs::path root() { return testing::source_root(); }

using testing::slurp;

/// A profile with the given "server" block, written to a temporary file.
fs::path profile_with_server(const std::string& name, const std::string& server) {
  const fs::path dir = fs::temp_directory_path() / "scimcheck-server-settings";
  fs::create_directories(dir);
  const fs::path file = dir / (name + ".profile.json");
  std::ofstream(file) << R"({"profile": ")" << name << R"(", "title": "t", "capabilities": ["users"],
    "users": {"matching": "userName", "attributes": [{"path": "userName", "value": "u@x"}]},
    "variables": {"domain": {"description": "d", "env": "SCIMCHECK_TEST_DOMAIN"}},
    "suites": ["core/*.suite.json"])"
                      << (server.empty() ? "" : R"(, "server": )" + server) << "}\n";
  return file;
}

std::vector<std::string> texts(const std::vector<suite::Template>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) out.push_back(v.value.get<std::string>());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(server_settings)

BOOST_AUTO_TEST_CASE(every_key_of_the_server_block_is_decoded_with_its_span) {
  const fs::path file = profile_with_server("full", R"({
    "base_path": "/scim/{{profile.domain}}", "groups": false, "oauth": true, "rotate_tokens": true,
    "required_user_attributes": ["name.givenName", "emails[type eq \"work\"].value"],
    "user_name_domains": ["{{profile.domain}}", "example.org"]})");
  source::Diagnostics d;
  const auto p = suite::load_profile(file.string(), {root()}, d);
  BOOST_REQUIRE_MESSAGE(p, source::render_all(d, source::file_lookup()));
  const suite::ServerSettings& s = p->server;
  BOOST_REQUIRE(s.base_path);
  BOOST_TEST(s.base_path->value == "/scim/{{profile.domain}}");
  BOOST_TEST(s.base_path->span.line == 5);
  BOOST_TEST(!s.groups);
  BOOST_TEST(s.oauth);
  BOOST_TEST(s.rotate_tokens);
  BOOST_TEST(texts(s.required_user_attributes) ==
                 (std::vector<std::string>{"name.givenName", "emails[type eq \"work\"].value"}),
             boost::test_tools::per_element());
  BOOST_TEST(texts(s.user_name_domains) ==
                 (std::vector<std::string>{"{{profile.domain}}", "example.org"}),
             boost::test_tools::per_element());
  BOOST_TEST(s.user_name_domains[1].span.line == 7);
  BOOST_TEST(s.span.line == 4);  // the block's "{"
  fs::remove_all(file.parent_path());
}

BOOST_AUTO_TEST_CASE(a_profile_without_a_server_block_has_the_defaults) {
  const fs::path file = profile_with_server("none", "");
  source::Diagnostics d;
  const auto p = suite::load_profile(file.string(), {root()}, d);
  BOOST_REQUIRE_MESSAGE(p, source::render_all(d, source::file_lookup()));
  BOOST_TEST(!p->server.base_path);
  BOOST_TEST(p->server.groups);
  BOOST_TEST(!p->server.oauth);
  BOOST_TEST(!p->server.rotate_tokens);
  BOOST_TEST(p->server.required_user_attributes.empty());
  BOOST_TEST(p->server.user_name_domains.empty());
  BOOST_TEST(p->server.span.line == 1);  // the profile itself
  fs::remove_all(file.parent_path());
}

BOOST_AUTO_TEST_CASE(the_shipped_server_blocks_are_decoded) {
  source::Diagnostics d;
  const auto vonage = suite::load_profile((root() / "suites/profiles/vonage.profile.json").string(), {root()}, d);
  const auto ipass = suite::load_profile((root() / "suites/profiles/ipass.profile.json").string(), {root()}, d);
  BOOST_REQUIRE_MESSAGE(vonage && ipass, source::render_all(d, source::file_lookup()));
  BOOST_TEST(!vonage->server.groups);
  BOOST_TEST(vonage->server.oauth);
  BOOST_TEST(vonage->server.required_user_attributes.size() == 3u);
  BOOST_REQUIRE(ipass->server.base_path);
  BOOST_TEST(ipass->server.base_path->value == "/moservices/scim/v1");
  BOOST_TEST(texts(ipass->server.user_name_domains) == std::vector<std::string>{"{{profile.domain}}"},
             boost::test_tools::per_element());
}

// Unknown keys (match_on, which nothing reads), wrong types, bad paths and templates that are
// not {{profile.NAME}} of a declared variable: each at its file:line:col.
BOOST_AUTO_TEST_CASE(mistakes_in_the_server_block_are_reported_with_positions) {
  fs::current_path(root());
  const std::string path = "tests/lint/server.profile.json";
  source::Diagnostics d;
  BOOST_TEST(!suite::load_profile(path, {root()}, d));
  const std::string actual = source::render_all(d, source::file_lookup());
  const fs::path expected = root() / (path + ".expected");
  if (std::getenv("SCIMCHECK_UPDATE_GOLDEN")) std::ofstream(expected, std::ios::binary) << actual;
  BOOST_TEST(actual == slurp(expected));
}

BOOST_AUTO_TEST_SUITE_END()
