#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "source/diagnostic_render.hpp"
#include "suite/loader.hpp"
#include "suite/references.hpp"
#include "test_support.hpp"

using namespace scimcheck;
namespace fs = std::filesystem;

namespace {

/// Loads one suite of the given cases and returns what check_references says of it.
std::string lint(const std::string& cases) {
  const fs::path file =
      fs::temp_directory_path() / ("scimcheck-refs-" + std::to_string(::getpid()) + ".suite.json");
  std::ofstream(file) << R"({"suite": "refs", "title": "t", "cases": [)" << cases << "]}";
  source::Diagnostics d;
  auto s = suite::load_suite(file.string(), {testing::source_root()}, d);
  fs::remove(file);
  BOOST_REQUIRE_MESSAGE(s, source::render_all(d, nullptr));
  suite::check_references({*s}, {"shipped.check"}, d);
  std::string out;
  for (const auto& x : d) out += x.message + "\n";
  return out;
}

std::string kase(const std::string& id, const std::string& extra, const std::string& setup) {
  return R"({"id": ")" + id + R"(", "title": "t", "requirement": "r", "level": "MUST", "impact": "rfc",
    "capability": "protocol")" + extra + R"(, "steps": [
      {"name": "a", )" + setup + R"("request": {"method": "GET", "path": "/Users"}},
      {"name": "b", "request": {"method": "GET", "path": "/Users"}}]})";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(references)

BOOST_AUTO_TEST_CASE(known_references_pass) {
  BOOST_TEST(lint(kase("r.one", "", R"("setup": "shipped.check", )") + "," +
                  kase("r.two", R"(, "depends_on": ["r.one", "shipped.check"])", "")) == "");
}

BOOST_AUTO_TEST_CASE(an_unknown_setup_owner_is_named_with_a_suggestion) {
  const std::string out = lint(kase("r.one", "", R"("setup": "shipped.chek", )"));
  BOOST_TEST(out.find("\"setup\" names \"shipped.chek\", which is no check's id") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_setup_step_may_not_name_its_own_case) {
  BOOST_TEST(lint(kase("r.one", "", R"("setup": "r.one", )")).find("names the check it belongs to") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_case_needs_a_step_that_is_not_setup) {
  const std::string only_setup = R"({"id": "r.one", "title": "t", "requirement": "r", "level": "MUST",
    "impact": "rfc", "capability": "protocol", "steps": [
      {"name": "a", "setup": "shipped.check", "request": {"method": "GET", "path": "/Users"}}]})";
  BOOST_TEST(lint(only_setup).find("every step of \"r.one\" is a setup step") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_depends_on_cycle_is_refused) {
  const std::string out = lint(kase("r.one", R"(, "depends_on": "r.two")", "") + "," +
                               kase("r.two", R"(, "depends_on": "r.one")", ""));
  BOOST_TEST(out.find("\"depends_on\" of \"r.one\" leads back to itself") != std::string::npos);
  BOOST_TEST(out.find("\"depends_on\" of \"r.two\" leads back to itself") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(depends_on_may_not_name_a_rule_over_every_response) {
  const std::string rule = R"({"id": "r.rule", "title": "t", "requirement": "r", "level": "MUST",
    "impact": "rfc", "capability": "protocol", "each_response": {"expect": [{"body": "json"}]}})";
  const std::string out = lint(rule + "," + kase("r.one", R"(, "depends_on": "r.rule")", ""));
  BOOST_TEST(out.find("names a rule over every response") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
