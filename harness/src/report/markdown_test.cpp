#include "report/markdown.hpp"

#include <boost/test/unit_test.hpp>
#include <sstream>
#include <string>

#include "report/sample_run_test.hpp"

using namespace scimcheck;
using namespace scimcheck::report;
using testing::sample_run;

namespace {

std::string render(const result::RunResult& run) { return testing::written(run, write_markdown); }

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(markdown)

BOOST_AUTO_TEST_CASE(golden) { testing::check_golden("report.md", render(sample_run())); }

BOOST_AUTO_TEST_CASE(checklist_per_mode_columns_and_partly_tested_rows) {
  auto run = sample_run();  // flag-off
  run.suites[0].cases[0].entra_mode = suite::EntraMode::flag_off;  // users: passed
  run.suites[0].cases[1].entra_mode = suite::EntraMode::flag_on;   // users: failed
  run.suites[0].cases[2].entra_mode = suite::EntraMode::flag_on;   // patch: skipped
  std::string md = render(run);
  BOOST_TEST(contains(md, "| status | capability | checks |"));
  BOOST_TEST(contains(md, "not checked, flag-on not tested | patch (`patch`) | 0 passed, 1 skipped; "
                          "1 flag-on check not run: --entra-mode both runs it |"));
  run.entra_mode = "both";
  run.suites[0].cases[2].outcome = result::Outcome::passed;
  md = render(run);
  BOOST_TEST(contains(md, "| flag-off | flag-on | capability | checks |\n|---|---|---|---|\n"));
  BOOST_TEST(contains(md, "| \xE2\x9C\x85 works | \xE2\x9D\x8C broken | users (`users`) |"));
  BOOST_TEST(contains(md, "| \xE2\x9E\x96 not checked | \xE2\x9C\x85 works | patch (`patch`) |"));
  BOOST_TEST(contains(md, "each mode's column counts the checks common to both"));
  BOOST_TEST(!contains(md, "not tested"));
}

BOOST_AUTO_TEST_CASE(golden_with_baseline) {
  auto run = sample_run();
  run.suites[1].cases[0].baseline = result::BaselineState::known;
  run.suites[1].cases[0].baseline_reason = "groups time out on staging (TICKET-7)";
  run.suites[0].cases[0].baseline = result::BaselineState::fixed;
  run.suites[0].cases[0].baseline_reason = "was 200 before 2.3";
  run.suites[0].cases[1].baseline = result::BaselineState::expired;
  run.suites[0].cases[1].baseline_reason = "until the April release";
  run.insecure = false;
  testing::check_golden("report-baseline.md", render(run));
}

BOOST_AUTO_TEST_CASE(header_states_the_oauth_token_lifetime_and_refreshes) {
  auto run = sample_run();
  run.auth = result::AuthRecord{"bearer", std::nullopt, 0};
  BOOST_TEST(render(run).find("auth:") == std::string::npos);
  run.auth = result::AuthRecord{"oauth2 refresh token", 2, 3};
  const std::string md = render(run);
  const auto line = md.find("\n\nauth: oauth2 refresh token, access token lifetime 2 s, 3 refreshes\n\n");
  BOOST_TEST(line != std::string::npos);
  BOOST_TEST(line < md.find("checks"));  // in the run's header
}

BOOST_AUTO_TEST_CASE(failures_carry_expected_actual_and_fix) {
  const std::string md = render(sample_run());
  BOOST_TEST(md.rfind("## scimcheck Twingate: INCOMPLETE\n", 0) == 0);
  BOOST_TEST(
      contains(md, "#### `users.get.returns-resource` Fetching a user by id returns it (Zoë)\n"));
  BOOST_TEST(contains(md,
                      "- `get`: status is one of 200: expected `200`, got `404` (the user "
                      "created in step create must be readable)\n"));
  BOOST_TEST(contains(md, "- **fix**: Keep the user POST created: GET /Users/{id} must find it (200).\n"));
  BOOST_TEST(!contains(md, "Serve GET /Users/{id} for every id returned by POST."));
  BOOST_TEST(contains(md, "#### `groups.create.returns-201`"));
  // passed and skipped cases are not listed
  BOOST_TEST(!contains(md, "#### `users.create.returns-201`"));
  BOOST_TEST(!contains(md, "#### `users.patch.multi-valued`"));
}

BOOST_AUTO_TEST_CASE(server_text_cannot_inject_markup) {
  auto run = sample_run();
  auto& check = run.suites[0].cases[1].steps[1].checks[0];
  check.actual = "``<script>alert(1)</script>`` |\nnext";
  check.message = "<img src=x> **bold** [link](http://x)";
  const std::string md = render(run);
  BOOST_TEST(contains(md, "got ``` ``<script>alert(1)</script>`` | next ``` ("));
  BOOST_TEST(contains(md, "(&lt;img src=x&gt; \\*\\*bold\\*\\* \\[link\\](http://x))"));
  BOOST_TEST(!contains(md, "<img"));
}

BOOST_AUTO_TEST_CASE(code_spans_and_text) {
  BOOST_TEST(markdown_code("a`b") == "``a`b``");
  BOOST_TEST(markdown_code("`x`") == "`` `x` ``");
  BOOST_TEST(markdown_code("") == "(empty)");
  BOOST_TEST(markdown_code(std::string(300, 'x'), 10) == "`xxxxxxxxxx...`");
  BOOST_TEST(markdown_text("a|b_c\nd") == "a\\|b\\_c d");
}

BOOST_AUTO_TEST_SUITE_END()
