#include <boost/test/unit_test.hpp>

#include "test_support.hpp"
#include <filesystem>
#include <fstream>

#include "source/diagnostic_render.hpp"
#include "suite/loader.hpp"
#include "suite/schema_cache.hpp"

using namespace scimcheck;
namespace fs = std::filesystem;

namespace {

struct Loaded {
  std::optional<suite::Suite> suite;
  source::Diagnostics diagnostics;
  std::string text() const { return source::render_all(diagnostics, nullptr); }
};

/// Loads a suite written as `cases` (a JSON array), with optional suite-level `extra` keys.
Loaded load(const std::string& cases, const std::string& extra = "") {
  const fs::path dir = fs::temp_directory_path() / "scimcheck-format-v2";
  fs::create_directories(dir);
  const fs::path file = dir / "v2.suite.json";
  std::ofstream(file) << R"({"suite": "v", "title": "v", )" << extra << R"("cases": )" << cases << "}";
  Loaded l;
  l.suite = suite::load_suite(file.string(), {testing::source_root()}, l.diagnostics);
  return l;
}

std::string one_case(const std::string& fixtures, const std::string& steps) {
  return R"([{"id": "v.one", "title": "t", "requirement": "r", "level": "MUST", "impact": "entra",
    "capability": "create-users", "fixtures": )" + fixtures + R"(, "steps": )" + steps + "}]";
}

const std::string kRead =
    R"([{"name": "read", "request": {"method": "GET", "path": "/Users/{{aid}}"}, "expect": [{"status": 200}]}])";

const std::string kV1Create = R"({"name": "create alice", "setup": "users.create.returns-201",
  "request": {"method": "POST", "path": "/Users", "body": "{{alice.body}}"}, "creates": true,
  "capture": {"aid": "id"}, "expect": [{"status": 201, "fix": "Answer a successful POST /Users with 201 Created and the created user (RFC 7644 §3.3): this check creates the user it works on that way."}]})";

/// What a step sends and checks, as text, to compare two decodes.
std::string shape(const suite::Step& s) {
  nlohmann::json j{{"name", s.name}, {"method", s.request.method}, {"path", s.request.path.value},
                   {"body", s.request.body ? s.request.body->value : nullptr}, {"creates", s.creates},
                   {"setup", s.setup}};
  for (const auto& c : s.captures) j["capture"][c.name] = c.path;
  for (const auto& [k, v] : s.request.headers) j["headers"][k] = v.value;
  for (const auto& x : s.expect)
    j["expect"].push_back({{"subject", static_cast<int>(x.subject)}, {"op", static_cast<int>(x.op)},
                           {"statuses", x.statuses}, {"name", x.name}, {"operand", x.operand.value},
                           {"fix", x.fix}});
  return j.dump();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(format_v2)

BOOST_AUTO_TEST_CASE(a_created_fixture_is_the_create_step_a_v1_case_writes) {
  const auto v1 = load(one_case(R"({"alice": "user"})", "[" + kV1Create + "," + kRead.substr(1)));
  const auto v2 = load(one_case(R"({"alice": {"user": {"create": true, "id": "aid"}}})", kRead));
  BOOST_REQUIRE_MESSAGE(v1.suite, v1.text());
  BOOST_REQUIRE_MESSAGE(v2.suite, v2.text());
  const auto& a = v1.suite->cases.at(0);
  const auto& b = v2.suite->cases.at(0);
  BOOST_REQUIRE_EQUAL(b.steps.size(), 2u);
  BOOST_TEST(shape(b.steps[0]) == shape(a.steps[0]));
  BOOST_TEST(shape(b.steps[1]) == shape(a.steps[1]));
  BOOST_TEST(b.fixtures == a.fixtures);
  BOOST_REQUIRE_EQUAL(b.member_uses.size(), 1u);
  BOOST_TEST(b.member_uses[0].member == "body");
  BOOST_TEST(b.member_uses[0].step == 0);
}

BOOST_AUTO_TEST_CASE(created_fixtures_are_created_in_the_order_written_with_a_default_capture) {
  const auto l = load(one_case(R"({"zed": {"group": {"create": true}}, "alice": {"user": {"create": true}}, "bob": "user"})",
                               R"([{"name": "read", "request": {"method": "GET", "path": "/Groups/{{zed_id}}"}}])"));
  BOOST_REQUIRE_MESSAGE(l.suite, l.text());
  const auto& steps = l.suite->cases.at(0).steps;
  BOOST_REQUIRE_EQUAL(steps.size(), 3u);
  BOOST_TEST(steps[0].name == "create zed");
  BOOST_TEST(steps[0].request.path.value == "/Groups");
  BOOST_TEST(steps[0].setup == "groups.create.returns-201");
  BOOST_TEST(steps[0].captures.at(0).name == "zed_id");
  BOOST_TEST(steps[1].name == "create alice");
  BOOST_TEST(steps[1].captures.at(0).name == "alice_id");
}

BOOST_AUTO_TEST_CASE(suite_defaults_fill_what_a_step_leaves_out) {
  const auto l = load(one_case(R"({"alice": {"user": {"create": true, "id": "aid"}}})",
                               R"([{"name": "read", "request": {"method": "GET", "path": "/Users/{{aid}}",
                                    "headers": {"accept": "text/plain"}}, "expect": [{"max_ms": 5}]}])"),
                      R"("defaults": {"max_ms": 2000, "headers": {"Accept": "application/scim+json", "X-Run": "{{run.id}}"}}, )");
  BOOST_REQUIRE_MESSAGE(l.suite, l.text());
  const auto& steps = l.suite->cases.at(0).steps;
  BOOST_REQUIRE_EQUAL(steps.size(), 2u);
  // The created fixture's step takes both defaults.
  BOOST_REQUIRE_EQUAL(steps[0].expect.size(), 2u);
  BOOST_TEST(steps[0].expect[1].operand.value == 2000);
  BOOST_TEST(steps[0].request.headers.size() == 2u);
  // The written step keeps its own max_ms and Accept, and takes X-Run.
  BOOST_REQUIRE_EQUAL(steps[1].expect.size(), 1u);
  BOOST_TEST(steps[1].expect[0].operand.value == 5);
  BOOST_REQUIRE_EQUAL(steps[1].request.headers.size(), 2u);
  BOOST_TEST(steps[1].request.headers[0].second.value == "text/plain");
  BOOST_TEST(steps[1].request.headers[1].first == "X-Run");
}

BOOST_AUTO_TEST_CASE(a_default_header_template_is_checked_where_it_is_written) {
  // Defaults see no fixture: the error is at the default, once, not at each step.
  const auto l = load(one_case(R"({"alice": {"user": {"create": true, "id": "aid"}}})", kRead),
                      R"("defaults": {"headers": {"X": "{{alice.body}}"}}, )");
  BOOST_TEST(!l.suite);
  BOOST_REQUIRE_EQUAL(l.diagnostics.size(), 1u);
  BOOST_TEST(l.diagnostics[0].message == "undefined variable \"alice\"");
  BOOST_TEST(l.diagnostics[0].span.line == 1);
  BOOST_TEST(l.diagnostics[0].span.column == 61);
}

BOOST_AUTO_TEST_CASE(subject_and_operator_form_decodes_as_the_short_form) {
  const std::string steps = R"([{"name": "s", "request": {"method": "GET", "path": "/Users"}, "expect": [)";
  const auto short_form = load(one_case(R"({})", steps +
      R"({"status": [200, 201]}, {"schema": "scim/user"}, {"body": "json"}, {"max_ms": 50}]}])"));
  const auto long_form = load(one_case(R"({})", steps +
      R"({"status": {"equals": [200, 201]}}, {"schema": {"equals": "scim/user"}}, {"body": {"equals": "json"}},
         {"max_ms": {"at_most": 50}}]}])"));
  BOOST_REQUIRE_MESSAGE(short_form.suite, short_form.text());
  BOOST_REQUIRE_MESSAGE(long_form.suite, long_form.text());
  BOOST_TEST(shape(long_form.suite->cases[0].steps[0]) == shape(short_form.suite->cases[0].steps[0]));
}

BOOST_AUTO_TEST_CASE(the_schema_holds_one_subject_and_at_most_one_operator) {
  const std::string steps = R"([{"name": "s", "request": {"method": "GET", "path": "/Users"}, "expect": [)";
  const auto l = load(one_case(R"({})", steps +
      R"({"status": 200, "header": "Location", "present": true}, {"path": "id", "equals": 1, "matches": "x"},
         {"message": "m"}, {"status": {"at_most": 200}}, {"max_ms": {"equals": 5}}]}])"));
  BOOST_TEST(!l.suite);
  const std::string text = l.text();
  const std::string at = "\"/cases/0/steps/0/expect/";
  BOOST_TEST(text.find(at + "0\" has \"status\" and \"header\": only one of them is allowed") != std::string::npos, text);
  BOOST_TEST(text.find(at + "1\" has \"equals\" and \"matches\": only one of them is allowed") != std::string::npos, text);
  BOOST_TEST(text.find(at + "2\" needs one of \"status\", \"header\", \"schema\", \"path\", \"body\", \"max_ms\", \"unchanged\" or \"declares\"") != std::string::npos, text);
  BOOST_TEST(text.find("unknown key \"at_most\" in status") != std::string::npos, text);
  BOOST_TEST(text.find("unknown key \"equals\" in max_ms") != std::string::npos, text);
  BOOST_TEST(text.find("hint: did you mean \"at_most\"?") == std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(which_operators_a_subject_takes_is_read_from_the_schema) {
  const std::string steps = R"([{"name": "s", "request": {"method": "GET", "path": "/Users"}, "expect": [)";
  const auto l = load(one_case(R"({})", steps +
      R"({"header": "ETag", "empty": true}, {"header": "ETag"}, {"path": "id"}, {"body": "json", "absent": true},
         {"status": 200, "except": ["id"]}, {"declares": "urn:x"}]}])"));
  BOOST_TEST(!l.suite);
  const std::string text = l.text();
  for (const char* message : {"\"empty\" does not apply to \"header\"",
                              "\"header\" needs one of \"present\", \"absent\", \"equals\", \"matches\" or \"differs\"",
                              "\"path\" needs one of \"present\"", "\"absent\" does not apply to \"body\"",
                              "\"except\" applies to \"unchanged\" only", "\"declares\" needs \"attributes\""})
    BOOST_TEST(text.find(message) != std::string::npos, message << "\n" << text);
  BOOST_TEST(l.diagnostics.size() == 6u, text);
}

BOOST_AUTO_TEST_CASE(a_fixture_declaration_of_the_wrong_shape_is_refused) {
  const auto l = load(one_case(R"({"alice": {"user": {"create": "yes"}}, "bob": {"person": {}}, "eve": "admin"})", kRead));
  BOOST_TEST(!l.suite);
  const std::string text = l.text();
  BOOST_TEST(text.find("wrong type at \"/cases/0/fixtures/alice/user/create\": a string is not allowed here") != std::string::npos, text);
  BOOST_TEST(text.find("unknown key \"person\" in a fixture") != std::string::npos, text);
  BOOST_TEST(text.find("wrong type at \"/cases/0/fixtures/eve\"") == std::string::npos, text);
  BOOST_TEST(text.find("value \"admin\" is not allowed at \"/cases/0/fixtures/eve\"") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(the_loader_and_the_checks_share_one_compiled_schema) {
  std::string error;
  const fs::path file = testing::source_root() / "schemas" / "scim" / "user.schema.json";
  const auto a = suite::cached_schema(file, &error);
  const auto b = suite::cached_schema(file.parent_path() / "." / "user.schema.json", &error);
  BOOST_REQUIRE(a);
  BOOST_TEST(a.get() == b.get());
  BOOST_TEST(!suite::cached_schema(file.parent_path() / "missing.schema.json", &error));
  BOOST_TEST(error.find("missing.schema.json") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
