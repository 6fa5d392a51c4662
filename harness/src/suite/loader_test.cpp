#include <boost/test/unit_test.hpp>

#include "test_support.hpp"
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "source/diagnostic_render.hpp"
#include "suite/loader.hpp"

using namespace scimcheck;
namespace fs = std::filesystem;

namespace {

fs::path root() { return testing::source_root(); }

using testing::slurp;

/// Loads a file from tests/lint and renders its diagnostics with paths relative to the root.
std::string lint(const std::string& name) {
  const fs::path r = root();
  fs::current_path(r);
  source::Diagnostics d;
  const std::string path = "tests/lint/" + name;
  suite::LoadOptions options{r};
  if (suite::looks_like_profile(path))
    suite::load_profile(path, options, d);
  else
    suite::load_suite(path, options, d);
  return source::render_all(d, source::file_lookup());
}

void golden(const std::string& name) {
  const std::string actual = lint(name);
  const fs::path expected_file = root() / "tests" / "lint" / (name + ".expected");
  if (std::getenv("SCIMCHECK_UPDATE_GOLDEN")) {
    std::ofstream(expected_file, std::ios::binary) << actual;
  }
  BOOST_TEST(actual == slurp(expected_file));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(loader)

BOOST_AUTO_TEST_CASE(every_shipped_profile_loads) {
  int count = 0;
  for (const auto& e : fs::directory_iterator(root() / "suites" / "profiles")) {
    source::Diagnostics d;
    auto p = suite::load_profile(e.path().string(), {root()}, d);
    BOOST_TEST(p.has_value(), e.path() << "\n" << source::render_all(d, source::file_lookup()));
    ++count;
  }
  BOOST_TEST(count >= 6);
}

BOOST_AUTO_TEST_CASE(profile_model_is_decoded) {
  source::Diagnostics d;
  auto p = suite::load_profile((root() / "suites/profiles/twingate.profile.json").string(), {root()}, d);
  BOOST_REQUIRE(p);
  BOOST_TEST(p->name == "twingate");
  BOOST_TEST(p->users.matching == "externalId");
  BOOST_TEST(p->groups.enabled);
  BOOST_TEST(p->has_capability("memberships"));
  BOOST_TEST(p->secrets.size() == 1u);
  bool secret = false;
  for (const auto& v : p->variables)
    if (v.name == "previous_token") secret = v.secret && v.env == "SCIM_PREVIOUS_TOKEN";
  BOOST_TEST(secret);
}

BOOST_AUTO_TEST_CASE(typos_are_all_reported_with_positions_and_hints) { golden("typos.suite.json"); }
BOOST_AUTO_TEST_CASE(syntax_errors_stop_at_the_first_position) { golden("syntax.suite.json"); }
BOOST_AUTO_TEST_CASE(profile_mistakes_are_reported) { golden("bad.profile.json"); }

BOOST_AUTO_TEST_CASE(objects_nested_600_deep_are_one_diagnostic) { golden("deep-objects.suite.json"); }
BOOST_AUTO_TEST_CASE(a_number_beyond_a_double_is_a_diagnostic) { golden("overflow.suite.json"); }
BOOST_AUTO_TEST_CASE(a_negative_number_beyond_a_double_is_a_diagnostic) {
  golden("negative-overflow.suite.json");
}
BOOST_AUTO_TEST_CASE(numbers_out_of_their_range_are_diagnostics) { golden("huge-numbers.suite.json"); }
BOOST_AUTO_TEST_CASE(wrong_types_in_a_suite_are_diagnostics) { golden("wrong-types.suite.json"); }
BOOST_AUTO_TEST_CASE(wrong_types_in_a_profile_are_diagnostics) { golden("wrong-types.profile.json"); }

BOOST_AUTO_TEST_CASE(arrays_nested_100000_deep_are_one_diagnostic_in_bounded_time) {
  const fs::path dir = fs::temp_directory_path() / "scimcheck-loader-deep";
  fs::create_directories(dir);
  const fs::path file = dir / "deep.suite.json";
  std::ofstream(file) << std::string(100000, '[') << std::string(100000, ']') << "\n";
  const auto started = std::chrono::steady_clock::now();
  source::Diagnostics d;
  BOOST_TEST(!suite::load_suite(file.string(), {root()}, d));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  BOOST_TEST(seconds < 10.0);
  const std::string out = source::render_all(d, source::file_lookup());
  BOOST_TEST(out.find(file.string() + ":1:65: error: nesting deeper than 64\n") == 0u, out);
  BOOST_TEST(out.size() < 600u);  // the 200,000-character line is quoted around the column
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_file_with_thousands_of_errors_lists_the_first_200) {
  const fs::path dir = fs::temp_directory_path() / "scimcheck-loader-many";
  fs::create_directories(dir);
  const fs::path file = dir / "many.suite.json";
  {
    // One line of 3,000 unknown keys of 1,000 characters each.
    std::ofstream out(file);
    out << R"({"suite": "many", "title": "many", "cases": [])";
    for (int i = 0; i < 3000; ++i) out << ", \"k" << i << std::string(1000, 'x') << "\": " << i;
    out << "}";
  }
  source::Diagnostics d;
  const auto started = std::chrono::steady_clock::now();
  BOOST_TEST(!suite::load_suite(file.string(), {root()}, d));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  BOOST_REQUIRE(d.size() == 201u);
  BOOST_TEST(d.back().message == "more errors in this file are not listed (the first 200 are)");
  BOOST_TEST(d.front().message.size() < 400u);  // the 1,000-character name is cut
  BOOST_TEST(seconds < 60.0);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_long_regular_expression_is_refused_before_it_is_compiled) {
  const fs::path dir = fs::temp_directory_path() / "scimcheck-loader-regex";
  fs::create_directories(dir);
  const fs::path file = dir / "re.suite.json";
  // 50,000 nested groups overflow the stack of std::regex's recursive compiler.
  std::ofstream(file) << R"({"suite": "re", "title": "re", "cases": [{"id": "re.one", "title": "t",
    "requirement": "r", "level": "MUST", "impact": "entra", "capability": "errors", "steps": [{"name": "s",
    "request": {"method": "GET", "path": "/Users"}, "expect": [{"header": "Location", "matches": ")"
                      << std::string(50000, '(') << std::string(50000, ')') << R"("}]}]}]})";
  source::Diagnostics d;
  BOOST_TEST(!suite::load_suite(file.string(), {root()}, d));
  BOOST_REQUIRE(d.size() == 1u);
  BOOST_TEST(d[0].message == "regular expression longer than 1000 characters");
  BOOST_TEST(d[0].span.line == 3);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_valid_suite_decodes_steps_captures_and_expectations) {
  const fs::path dir = fs::temp_directory_path() / "scimcheck-loader-test";
  fs::create_directories(dir);
  const fs::path file = dir / "ok.suite.json";
  std::ofstream(file) << R"({"suite": "ok", "title": "ok", "cases": [{
    "id": "ok.one", "title": "t", "requirement": "RFC 7644 §3.3", "level": "SHOULD", "impact": "entra",
    "capability": "create-users", "fixtures": {"alice": "user"}, "exclusive": true,
    "steps": [
      {"name": "create", "creates": true,
       "request": {"method": "POST", "path": "/Users", "body": "{{alice.body}}", "query": {"x": "1"}},
       "capture": {"uid": "id", "loc": {"header": "Location"}, "code": {"status": true}},
       "expect": [{"status": [200, 201]}, {"path": "id", "equals": "{{uid}}", "compare": "exact"},
                  {"header": "Location", "matches": "/Users/", "level": "MUST"}]},
      {"name": "read", "request": {"method": "GET", "path": "/Users/{{uid}}", "auth": false},
       "only_if": {"value": "{{loc}}", "reason": "no location"},
       "expect": [{"body": "json"}, {"max_ms": 100}]}
    ]}]})";
  source::Diagnostics d;
  auto s = suite::load_suite(file.string(), {root()}, d);
  BOOST_REQUIRE_MESSAGE(s, source::render_all(d, nullptr));
  const auto& c = s->cases.at(0);
  BOOST_TEST((c.level == suite::Level::should));
  BOOST_TEST(c.exclusive);
  BOOST_TEST(c.steps.size() == 2u);
  BOOST_TEST(c.steps[0].creates);
  BOOST_TEST(c.steps[0].captures.size() == 3u);
  BOOST_TEST(c.steps[0].expect[0].statuses.size() == 2u);
  BOOST_TEST((c.steps[0].expect[1].compare == suite::Compare::exact));
  BOOST_TEST((c.steps[0].expect[2].level == suite::Level::must));
  BOOST_TEST(!c.steps[1].request.send_auth);
  BOOST_TEST(c.steps[1].only_if.has_value());
  BOOST_TEST(c.steps[0].span.line == 5);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(fixture_and_item_members_are_recorded_where_they_are_written) {
  const fs::path dir = fs::temp_directory_path() / "scimcheck-loader-members";
  fs::create_directories(dir);
  const fs::path file = dir / "m.suite.json";
  std::ofstream(file) << R"({"suite": "m", "title": "m", "cases": [{
    "id": "m.one", "title": "t", "requirement": "r", "level": "MUST", "impact": "app",
    "capability": "create-users", "fixtures": {"alice": "user"},
    "steps": [
      {"name": "create", "request": {"method": "POST", "path": "/Users", "body": "{{alice.body}}"},
       "expect": [{"path": "name.givenName", "equals": "x {{alice.name.givenName}}"}]},
      {"name": "read", "request": {"method": "GET", "path": "/Users"},
       "only_if": {"value": "{{alice.match.attribute}}", "equals": "userName"},
       "expect": [{"status": 200}]}
    ]}]})";
  source::Diagnostics d;
  auto s = suite::load_suite(file.string(), {root()}, d);
  BOOST_REQUIRE_MESSAGE(s, source::render_all(d, nullptr));
  const auto& uses = s->cases.at(0).member_uses;
  BOOST_REQUIRE_EQUAL(uses.size(), 3u);
  BOOST_TEST(uses[0].member == "body");
  BOOST_TEST(uses[0].step == 0);
  BOOST_TEST(uses[1].member == "name.givenName");
  BOOST_TEST(uses[1].span.line == 6);
  BOOST_TEST(uses[1].span.column == 59);  // the "{{" after "x "
  BOOST_TEST(uses[2].member == "match.attribute");
  BOOST_TEST(uses[2].step == 1);
  BOOST_TEST(uses[2].condition);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(profile_capabilities_and_suites_keep_their_positions) {
  source::Diagnostics d;
  auto p = suite::load_profile((root() / "suites/profiles/twingate.profile.json").string(), {root()}, d);
  BOOST_REQUIRE(p);
  BOOST_TEST(p->capability_spans.size() == p->capabilities.size());
  BOOST_TEST(p->suite_spans.size() == p->suites.size());
  BOOST_TEST(p->capability_spans.at(1).line == p->capability_spans.at(0).line + 1);
}

BOOST_AUTO_TEST_CASE(unchanged_takes_a_whole_body_capture_and_except_paths) {
  const fs::path dir = fs::temp_directory_path() / "scimcheck-loader-unchanged";
  fs::create_directories(dir);
  const fs::path file = dir / "w.suite.json";
  const auto load = [&](const std::string& second_expectation) {
    std::ofstream(file) << R"({"suite": "w", "title": "w", "cases": [{
      "id": "w.one", "title": "t", "requirement": "RFC 7644 §3.5.2", "level": "MUST", "impact": "rfc",
      "capability": "sync-attributes", "steps": [
        {"name": "before", "request": {"method": "GET", "path": "/Users/x"},
         "capture": {"before": "$"}, "expect": [{"status": 200}]},
        {"name": "after", "request": {"method": "GET", "path": "/Users/x"},
         "expect": [{"unchanged": "{{before}}", "except": ["emails[type eq \"work\"].value"],
                     "may_clear": true, "fix": "Change only what the PATCH names."},
                    )" << second_expectation << "]}]}]}";
    source::Diagnostics d;
    auto s = suite::load_suite(file.string(), {root()}, d);
    return std::make_pair(std::move(s), source::render_all(d, nullptr));
  };
  auto [ok, ok_text] = load(R"({"status": 200})");
  BOOST_REQUIRE_MESSAGE(ok, ok_text);
  const auto& x = ok->cases.at(0).steps.at(1).expect.at(0);
  BOOST_TEST((x.subject == suite::Subject::unchanged));
  BOOST_TEST(x.except == std::vector<std::string>{"emails[type eq \"work\"].value"});
  BOOST_TEST(x.may_clear);
  BOOST_TEST(x.fix == "Change only what the PATCH names.");
  BOOST_TEST(ok->cases.at(0).steps.at(0).captures.at(0).path == "$");
  auto [misplaced, misplaced_text] = load(R"({"status": 200, "except": ["name"]})");
  BOOST_TEST(!misplaced);
  BOOST_TEST(misplaced_text.find("\"except\" applies to \"unchanged\" only") != std::string::npos,
             misplaced_text);
  auto [bad_path, bad_path_text] = load(R"({"unchanged": "{{before}}", "except": ["emails[type eq"]})");
  BOOST_TEST(!bad_path);
  BOOST_TEST(bad_path_text.find("invalid SCIM path") != std::string::npos, bad_path_text);
  auto [unknown, unknown_text] = load(R"({"unchanged": "{{nothing}}"})");
  BOOST_TEST(!unknown);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(declares_empty_and_none_of_are_read) {
  const fs::path dir = fs::temp_directory_path() / "scimcheck-loader-declares";
  fs::create_directories(dir);
  const fs::path file = dir / "d.suite.json";
  const auto load = [&](const std::string& expectation) {
    std::ofstream(file) << R"({"suite": "d", "title": "d", "cases": [{
      "id": "d.one", "title": "t", "requirement": "RFC 7643 §7", "level": "MUST", "impact": "gallery",
      "capability": "discovery", "steps": [
        {"name": "list", "request": {"method": "GET", "path": "/Schemas"},
         "capture": {"first": "$"}, "expect": [)" << expectation << "]}]}]}";
    source::Diagnostics d;
    auto s = suite::load_suite(file.string(), {root()}, d);
    return std::make_pair(std::move(s), source::render_all(d, nullptr));
  };
  auto [ok, ok_text] = load(R"({"declares": "urn:ietf:params:scim:schemas:core:2.0:User",
                                "attributes": ["userName", "name.givenName"]},
                               {"path": "displayName", "empty": true},
                               {"path": "Resources.id", "none_of": "{{first.Resources.id}}"})");
  BOOST_REQUIRE_MESSAGE(ok, ok_text);
  const auto& expect = ok->cases.at(0).steps.at(0).expect;
  BOOST_TEST((expect.at(0).subject == suite::Subject::declares));
  BOOST_TEST(expect.at(0).name == "urn:ietf:params:scim:schemas:core:2.0:User");
  BOOST_TEST(expect.at(0).operand.value.size() == 2u);
  BOOST_TEST((expect.at(1).op == suite::Operator::empty));
  BOOST_TEST((expect.at(2).op == suite::Operator::none_of));
  auto [bare, bare_text] = load(R"({"declares": "urn:ietf:params:scim:schemas:core:2.0:User"})");
  BOOST_TEST(!bare);
  BOOST_TEST(bare_text.find("\"declares\" needs \"attributes\"") != std::string::npos, bare_text);
  auto [stray, stray_text] = load(R"({"status": 200, "attributes": ["userName"]})");
  BOOST_TEST(!stray);
  BOOST_TEST(stray_text.find("\"attributes\" applies to \"declares\" only") != std::string::npos,
             stray_text);
  auto [header_empty, header_text] = load(R"({"header": "ETag", "empty": true})");
  BOOST_TEST(!header_empty);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(profile_variables_are_checked_against_suites) {
  const fs::path dir = fs::temp_directory_path() / "scimcheck-loader-test2";
  fs::create_directories(dir);
  const fs::path file = dir / "v.suite.json";
  std::ofstream(file) << R"({"suite": "v", "title": "v", "cases": [{
    "id": "v.one", "title": "t", "requirement": "r", "level": "MUST", "impact": "entra", "capability": "errors",
    "steps": [{"name": "get", "request": {"method": "GET", "path": "/Users/{{profile.domian}}"}}]}]})";
  source::Diagnostics d;
  auto s = suite::load_suite(file.string(), {root()}, d);
  BOOST_REQUIRE(s);
  auto p = suite::load_profile((root() / "suites/profiles/twingate.profile.json").string(), {root()}, d);
  BOOST_REQUIRE(p);
  suite::check_against_profile({*s}, *p, d);
  BOOST_REQUIRE(d.size() == 1u);
  BOOST_TEST(d[0].message.find("profile.domian") != std::string::npos);
  BOOST_TEST(d[0].hint == "did you mean \"domain\"?");
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
