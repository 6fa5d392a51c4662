#include "report/junit.hpp"

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <pugixml.hpp>
#include <sstream>
#include <string>

#include "report/sample_run_test.hpp"

using namespace scimcheck;
using namespace scimcheck::report;
using testing::sample_run;

namespace {

std::string render(const result::RunResult& run) { return testing::written(run, write_junit); }

/// Parses the report; the document must be well-formed.
void parse(pugi::xml_document& doc, const std::string& xml) {
  const pugi::xml_parse_result parsed = doc.load_string(xml.c_str());
  BOOST_REQUIRE_MESSAGE(parsed, "junit does not parse: " << parsed.description());
}

pugi::xml_node testcase(const pugi::xml_document& doc, const std::string& id) {
  for (pugi::xpath_node n : doc.select_nodes("//testcase")) {
    if (id == n.node().attribute("name").value()) return n.node();
  }
  BOOST_FAIL("no testcase " << id);
  return {};
}

std::string property(pugi::xml_node parent, const std::string& name) {
  for (pugi::xml_node p : parent.child("properties").children("property"))
    if (name == p.attribute("name").value()) return p.attribute("value").value();
  return "<absent>";
}

/// Milliseconds from a "1.234" time attribute, parsed exactly.
long long ms_of(pugi::xml_attribute time) {
  long long s = 0, ms = 0;
  BOOST_REQUIRE(std::sscanf(time.value(), "%lld.%3lld", &s, &ms) == 2);
  return s * 1000 + ms;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

source::Span span(const std::string& file, int line, int column) { return {file, line, column, ""}; }

/// The sample run with the places its cases and expectations are written, as the loader gives
/// them: the failed case's expectations sit below the case in the same file; the warning's
/// expectation comes from another file; the users suite's last case has no place.
result::RunResult sourced_run() {
  auto run = sample_run();
  auto& users = run.suites[0].cases;
  users[0].source = span("suites/core/users.suite.json", 12, 5);
  users[0].steps[0].checks[0].source = span("suites/core/users.suite.json", 20, 11);
  users[1].source = span("suites/core/users.suite.json", 31, 5);
  users[1].steps[0].checks[0].source = span("suites/core/users.suite.json", 38, 11);
  users[1].steps[1].checks[0].source = span("suites/core/users.suite.json", 44, 11);
  users[1].steps[1].checks[1].source = span("suites/core/users.suite.json", 45, 11);
  auto& groups = run.suites[1].cases;
  groups[0].source = span("suites/core/groups.suite.json", 8, 5);
  groups[1].source = span("suites/core/groups.suite.json", 30, 5);
  groups[1].mapping = span("profiles/twingate.profile.json", 17, 9);
  groups[1].steps[0].checks[1].source = span("suites/shared/paging.json", 3, 7);
  return run;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(junit)

BOOST_AUTO_TEST_CASE(golden) { testing::check_golden("junit.xml", render(sourced_run())); }

BOOST_AUTO_TEST_CASE(root_counts_and_run_properties_on_each_suite) {
  pugi::xml_document doc;
  const std::string xml = render(sample_run());
  BOOST_TEST(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) == 0);
  parse(doc, xml);
  pugi::xml_node root = doc.child("testsuites");
  BOOST_REQUIRE(root);
  BOOST_TEST(std::string(root.attribute("name").value()) == "scimcheck twingate");
  BOOST_TEST(root.attribute("tests").as_int() == 5);
  BOOST_TEST(root.attribute("failures").as_int() == 1);
  BOOST_TEST(root.attribute("errors").as_int() == 1);
  BOOST_TEST(root.attribute("skipped").as_int() == 1);
  BOOST_TEST(doc.select_nodes("//testcase").size() == 5u);
  // merged with other runs, a root <properties> would be one of many: the run's properties
  // sit on each testsuite instead
  BOOST_TEST(!root.child("properties"));
  int suites = 0;
  for (pugi::xml_node ts : root.children("testsuite")) {
    ++suites;
    BOOST_TEST(property(ts, "run_id") == "run-20240501-0001");
    BOOST_TEST(property(ts, "profile") == "twingate");
    BOOST_TEST(property(ts, "target") == "https://scim.example.test/scim/v2");
    BOOST_TEST(property(ts, "entra_mode") == "flag-off");
    BOOST_TEST(property(ts, "tool_version") == "0.1.0");
    BOOST_TEST(property(ts, "strict") == "false");
    BOOST_TEST(property(ts, "insecure") == "true");
  }
  BOOST_TEST(suites == 2);
}

BOOST_AUTO_TEST_CASE(suites_counts_and_times_add_up) {
  pugi::xml_document doc;
  parse(doc, render(sample_run()));
  pugi::xml_node root = doc.child("testsuites");
  long long suites_ms = 0;
  int suites = 0;
  for (pugi::xml_node ts : root.children("testsuite")) {
    ++suites;
    long long cases_ms = 0;
    int cases = 0;
    for (pugi::xml_node tc : ts.children("testcase")) {
      ++cases;
      cases_ms += ms_of(tc.attribute("time"));
    }
    BOOST_TEST(ts.attribute("tests").as_int() == cases);
    BOOST_TEST(ms_of(ts.attribute("time")) == cases_ms);
    BOOST_TEST(std::string(ts.attribute("timestamp").value()) == "2024-05-01T10:00:00Z");
    suites_ms += cases_ms;
  }
  BOOST_TEST(suites == 2);
  BOOST_TEST(ms_of(root.attribute("time")) == suites_ms);

  // suite names carry the profile, so that merged runs of several profiles keep them apart
  pugi::xml_node users = root.find_child_by_attribute("testsuite", "name", "twingate.users");
  pugi::xml_node groups = root.find_child_by_attribute("testsuite", "name", "twingate.groups");
  BOOST_REQUIRE(users);
  BOOST_REQUIRE(groups);
  BOOST_TEST(users.attribute("tests").as_int() == 3);
  BOOST_TEST(users.attribute("failures").as_int() == 1);
  BOOST_TEST(users.attribute("errors").as_int() == 0);
  BOOST_TEST(users.attribute("skipped").as_int() == 1);
  BOOST_TEST(groups.attribute("tests").as_int() == 2);
  BOOST_TEST(groups.attribute("failures").as_int() == 0);
  BOOST_TEST(groups.attribute("errors").as_int() == 1);
  BOOST_TEST(std::string(users.attribute("time").value()) == "0.361");
}

BOOST_AUTO_TEST_CASE(testcase_attributes_and_properties) {
  pugi::xml_document doc;
  parse(doc, render(sample_run()));
  pugi::xml_node pass = testcase(doc, "users.create.returns-201");
  // the name is the id alone: editing a title keeps the test's history
  BOOST_TEST(std::string(pass.attribute("name").value()) == "users.create.returns-201");
  BOOST_TEST(property(pass, "title") == "Creating a user returns 201 Created");
  BOOST_TEST(std::string(pass.attribute("classname").value()) == "scimcheck.twingate.users");
  BOOST_TEST(std::string(pass.attribute("time").value()) == "0.120");
  BOOST_TEST(property(pass, "requirement") == "RFC 7644 3.3");
  BOOST_TEST(property(pass, "level") == "MUST");
  BOOST_TEST(property(pass, "capability") == "users");
  BOOST_TEST(!pass.child("failure"));
  BOOST_TEST(!pass.child("error"));
  BOOST_TEST(!pass.child("skipped"));

  pugi::xml_node warn = testcase(doc, "groups.list.paging");
  BOOST_TEST(std::string(warn.attribute("classname").value()) == "scimcheck.twingate.groups");
  BOOST_TEST(property(warn, "level") == "SHOULD");
  BOOST_TEST(property(warn, "impact") == "rfc");
  BOOST_TEST(property(pass, "impact") == "entra");
}

BOOST_AUTO_TEST_CASE(failure_carries_the_evidence) {
  pugi::xml_document doc;
  parse(doc, render(sample_run()));
  pugi::xml_node failure = testcase(doc, "users.get.returns-resource").child("failure");
  BOOST_REQUIRE(failure);
  BOOST_TEST(std::string(failure.attribute("type").value()) == "MUST");
  BOOST_TEST(std::string(failure.attribute("message").value()) ==
             "step get: status is one of 200: expected 200, got 404");
  const std::string text = failure.text().get();
  BOOST_TEST(contains(text, "requirement: RFC 7644 3.4.1"));
  BOOST_TEST(contains(text, "status is one of 200"));
  BOOST_TEST(contains(text, "expected: 200\n"));
  BOOST_TEST(contains(text, "actual:   404\n"));
  BOOST_TEST(contains(text, "message:  the user created in step create must be readable"));
  BOOST_TEST(contains(text, "path userName equals \"bob@example.test\""));
  BOOST_TEST(contains(text, "fix: Keep the user POST created: GET /Users/{id} must find it (200)."));
  BOOST_TEST(!contains(text, "fix: Serve GET /Users/{id}"));
  // both steps' exchanges, with headers and pretty-printed JSON bodies
  BOOST_TEST(contains(text, "POST https://scim.example.test/scim/v2/Users\n"));
  BOOST_TEST(contains(text, "GET https://scim.example.test/scim/v2/Users/u-2\n"));
  BOOST_TEST(contains(text, "Authorization: Bearer ****"));
  BOOST_TEST(contains(text, "HTTP 404"));
  BOOST_TEST(contains(text, "HTTP 201"));
  BOOST_TEST(contains(text, "\n    \"status\": \"404\",\n    \"detail\": \"not found\"\n  }"));
  BOOST_TEST(contains(text, "\n    \"userName\": \"bob@example.test\"\n"));
  // the passing check is not listed as a problem
  BOOST_TEST(!contains(text, "status is one of 201"));
}

BOOST_AUTO_TEST_CASE(testcases_point_at_their_suite_lines) {
  pugi::xml_document doc;
  parse(doc, render(sourced_run()));
  const auto attr = [](pugi::xml_node tc, const char* name) {
    return std::string(tc.attribute(name).as_string("<absent>"));
  };
  pugi::xml_node pass = testcase(doc, "users.create.returns-201");
  BOOST_TEST(attr(pass, "file") == "suites/core/users.suite.json");
  BOOST_TEST(attr(pass, "line") == "12");  // a passing case: its own line

  // a failed case: the line of its first failed expectation, which the message starts with
  pugi::xml_node fail = testcase(doc, "users.get.returns-resource");
  BOOST_TEST(attr(fail, "file") == "suites/core/users.suite.json");
  BOOST_TEST(attr(fail, "line") == "44");
  BOOST_TEST(std::string(fail.child("failure").attribute("message").value()) ==
             "suites/core/users.suite.json:44:11: step get: status is one of 200: expected 200, "
             "got 404");
  const std::string text = fail.child("failure").text().get();
  BOOST_TEST(contains(text, "  actual:   404\n  message:  the user created in step create must be "
                            "readable\n  source:   suites/core/users.suite.json:44:11\n"));
  BOOST_TEST(contains(text, "  source:   suites/core/users.suite.json:45:11\n"));

  // an errored case with no failed expectation: the case's own place
  pugi::xml_node error = testcase(doc, "groups.create.returns-201");
  BOOST_TEST(attr(error, "line") == "8");
  BOOST_TEST(std::string(error.child("error").attribute("message").value()) ==
             "suites/core/groups.suite.json:8:5: step create: timeout error: no response within "
             "30000 ms");

  // an expectation written in another file: the line stays the case's, the message says where
  pugi::xml_node warn = testcase(doc, "groups.list.paging");
  BOOST_TEST(attr(warn, "file") == "suites/core/groups.suite.json");
  BOOST_TEST(attr(warn, "line") == "30");
  BOOST_TEST(property(warn, "mapping") == "profiles/twingate.profile.json:17:9");
  auto strict = sourced_run();
  strict.strict = true;
  pugi::xml_document strict_doc;
  parse(strict_doc, render(strict));
  BOOST_TEST(std::string(testcase(strict_doc, "groups.list.paging")
                             .child("failure")
                             .attribute("message")
                             .value()) ==
             "suites/shared/paging.json:3:7: step list: path itemsPerPage equals 1: expected 1, "
             "got 3");

  // no place known (a case the runner builds itself, like the preflight): no attributes
  pugi::xml_node skip = testcase(doc, "users.patch.multi-valued");
  BOOST_TEST(attr(skip, "file") == "<absent>");
  BOOST_TEST(attr(skip, "line") == "<absent>");
  BOOST_TEST(property(pass, "mapping") == "<absent>");
}

BOOST_AUTO_TEST_CASE(error_skip_and_warning) {
  pugi::xml_document doc;
  parse(doc, render(sample_run()));
  pugi::xml_node error = testcase(doc, "groups.create.returns-201").child("error");
  BOOST_REQUIRE(error);
  BOOST_TEST(std::string(error.attribute("type").value()) == "errored");
  BOOST_TEST(std::string(error.attribute("message").value()) ==
             "step create: timeout error: no response within 30000 ms");
  BOOST_TEST(contains(error.text().get(), "response: none (timeout error"));

  pugi::xml_node skipped = testcase(doc, "users.patch.multi-valued").child("skipped");
  BOOST_REQUIRE(skipped);
  BOOST_TEST(std::string(skipped.attribute("message").value()) == "profile lacks capability patch");

  pugi::xml_node warn = testcase(doc, "groups.list.paging");
  BOOST_TEST(!warn.child("failure"));
  BOOST_REQUIRE(warn.child("system-out"));
  const std::string note = warn.child("system-out").text().get();
  BOOST_TEST(contains(note, "warning"));
  BOOST_TEST(contains(note, "path itemsPerPage equals 1"));
}

BOOST_AUTO_TEST_CASE(strict_turns_warnings_into_failures) {
  auto run = sample_run();
  run.strict = true;
  pugi::xml_document doc;
  parse(doc, render(run));
  pugi::xml_node root = doc.child("testsuites");
  BOOST_TEST(root.attribute("failures").as_int() == 2);
  BOOST_TEST(root.attribute("errors").as_int() == 1);
  BOOST_TEST(property(root.child("testsuite"), "strict") == "true");
  pugi::xml_node groups = root.find_child_by_attribute("testsuite", "name", "twingate.groups");
  BOOST_TEST(groups.attribute("failures").as_int() == 1);
  pugi::xml_node warn = testcase(doc, "groups.list.paging");
  pugi::xml_node failure = warn.child("failure");
  BOOST_REQUIRE(failure);
  BOOST_TEST(std::string(failure.attribute("type").value()) == "SHOULD");
  BOOST_TEST(contains(failure.text().get(), "expected: 1\n"));
  BOOST_TEST(!warn.child("system-out"));
}

BOOST_AUTO_TEST_CASE(known_failures_are_skipped_and_fixed_entries_noted) {
  auto run = sample_run();
  run.suites[0].cases[1].baseline = result::BaselineState::known;
  run.suites[0].cases[1].baseline_reason = "ticket 7";
  run.suites[0].cases[0].baseline = result::BaselineState::fixed;
  run.suites[0].cases[0].baseline_reason = "was 200";
  run.suites[1].cases[0].baseline = result::BaselineState::expired;
  run.suites[1].cases[0].baseline_reason = "until April";
  pugi::xml_document doc;
  parse(doc, render(run));
  pugi::xml_node root = doc.child("testsuites");
  BOOST_TEST(root.attribute("failures").as_int() == 0);
  BOOST_TEST(root.attribute("skipped").as_int() == 2);
  BOOST_TEST(root.attribute("errors").as_int() == 1);  // the expired entry excuses nothing
  pugi::xml_node users = root.find_child_by_attribute("testsuite", "name", "twingate.users");
  BOOST_TEST(users.attribute("failures").as_int() == 0);
  BOOST_TEST(users.attribute("skipped").as_int() == 2);

  pugi::xml_node known = testcase(doc, "users.get.returns-resource");
  BOOST_TEST(!known.child("failure"));
  BOOST_REQUIRE(known.child("skipped"));
  BOOST_TEST(std::string(known.child("skipped").attribute("message").value()) ==
             "known failure: ticket 7");
  BOOST_TEST(property(known, "baseline") == "known");
  const std::string evidence = known.child("system-out").text().get();
  BOOST_TEST(contains(evidence, "known failure (failed, accepted by the baseline: ticket 7)"));
  BOOST_TEST(contains(evidence, "expected: 200\n"));
  BOOST_TEST(contains(evidence, "HTTP 404"));

  pugi::xml_node fixed = testcase(doc, "users.create.returns-201");
  BOOST_TEST(!fixed.child("skipped"));
  BOOST_TEST(property(fixed, "baseline") == "fixed");
  BOOST_TEST(contains(fixed.child("system-out").text().get(), "fixed: the baseline lists"));

  pugi::xml_node expired = testcase(doc, "groups.create.returns-201");
  BOOST_REQUIRE(expired.child("error"));
  BOOST_TEST(contains(expired.child("error").text().get(),
                      "baseline: the entry for this check has expired (until April)"));
  // cases the baseline does not list carry no baseline property
  BOOST_TEST(property(testcase(doc, "groups.list.paging"), "baseline") == "<absent>");
}

BOOST_AUTO_TEST_CASE(large_bodies_are_cut) {
  auto run = sample_run();
  auto& step = run.suites[0].cases[1].steps[1];
  step.exchange->response.headers = {{"Content-Type", "text/plain"}};
  step.exchange->response.body = std::string(20000, 'x');
  pugi::xml_document doc;
  parse(doc, render(run));
  const std::string text =
      testcase(doc, "users.get.returns-resource").child("failure").text().get();
  BOOST_TEST(contains(text, std::string(8192, 'x')));
  BOOST_TEST(!contains(text, std::string(8193, 'x')));
  BOOST_TEST(contains(text, "... (11808 more bytes not shown)"));
}

BOOST_AUTO_TEST_CASE(hostile_bytes_keep_the_xml_well_formed) {
  auto run = sample_run();
  auto& kase = run.suites[0].cases[1];
  kase.title = "bad \x01 title";
  kase.steps[1].exchange->response.body = std::string("ctl\x02\x1b[0m and broken \xC3 utf8");
  kase.steps[1].checks[0].actual = "\xFF";
  pugi::xml_document doc;
  parse(doc, render(run));
  const std::string text =
      testcase(doc, "users.get.returns-resource").child("failure").text().get();
  BOOST_TEST(contains(text, "ctl\\x02\\x1B[0m and broken \\xC3 utf8"));
  BOOST_TEST(contains(text, "actual:   \\xFF"));
  BOOST_TEST(property(testcase(doc, "users.get.returns-resource"), "title") ==
             "bad \\x01 title");
}

BOOST_AUTO_TEST_CASE(empty_run) {
  result::RunResult run;
  run.profile = "rfc";
  pugi::xml_document doc;
  parse(doc, render(run));
  pugi::xml_node root = doc.child("testsuites");
  BOOST_TEST(root.attribute("tests").as_int() == 0);
  BOOST_TEST(std::string(root.attribute("time").value()) == "0.000");
  BOOST_TEST(!root.child("testsuite"));
}

BOOST_AUTO_TEST_SUITE_END()
