#include "report/html.hpp"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <regex>
#include <sstream>
#include <string>

#include "report/sample_run_test.hpp"

using namespace scimcheck;
using namespace scimcheck::report;
using testing::sample_run;

namespace {

std::string render(const result::RunResult& run) { return testing::written(run, write_html); }

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// The opening tag of the element with this id attribute.
std::string tag_with_id(const std::string& html, const std::string& id) {
  const std::size_t at = html.find("id=\"" + id + "\"");
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "no element with id " << id);
  const std::size_t start = html.rfind('<', at);
  return html.substr(start, html.find('>', at) - start + 1);
}

/// The <details> element of a case, from its opening tag to the next case or the end of its
/// area (a case holds <details> of its own: the curl commands).
std::string case_block(const std::string& html, const std::string& id) {
  const std::size_t at = html.find("<details class=\"case\" id=\"case-" + id + "\"");
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "no case " << id);
  const std::size_t end = std::min(html.find("<details class=\"case\"", at + 1), html.find("</section>", at));
  return html.substr(at, end - at);
}

/// The sample run with the capabilities of a real profile, so that the known rows show.
result::RunResult profile_run() {
  auto run = sample_run();
  run.suites[0].cases[0].capability = "create-users";
  run.suites[0].cases[1].capability = "create-users";
  run.suites[0].cases[2].capability = "sync-attributes";
  run.suites[1].cases[0].capability = "provision-groups";
  run.suites[1].cases[1].capability = "protocol";
  return run;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(html)

BOOST_AUTO_TEST_CASE(checklist_per_mode_columns_and_partly_tested_rows) {
  auto run = testing::sample_run();  // flag-off
  run.suites[0].cases[1].entra_mode = suite::EntraMode::flag_on;  // users: failed
  run.suites[0].cases[2].entra_mode = suite::EntraMode::flag_on;  // patch: skipped
  std::string html = render(run);
  BOOST_TEST(contains(html, "<th>status</th><th>capability</th>"));
  BOOST_TEST(contains(html, "data-capability=\"patch\" data-status=\"untested\" "
                            "data-untested-mode=\"flag-on\"><td class=\"status s-untested\">&#8211; "
                            "not checked<br><span class=\"muted\">flag-on not tested</span></td>"));
  BOOST_TEST(contains(html, "1 flag-on check not run: --entra-mode both runs it"));
  run.entra_mode = "both";
  html = render(run);
  BOOST_TEST(contains(html, "<th>flag-off</th><th>flag-on</th><th>capability</th>"));
  BOOST_TEST(contains(html, "data-capability=\"users\" data-status=\"fail\"><td class=\"status "
                            "s-pass\" data-mode=\"flag-off\">&#10003; works<br><span "
                            "class=\"muted\">flag-off</span></td><td class=\"status s-fail\" "
                            "data-mode=\"flag-on\">&#10007; broken"));
  BOOST_TEST(contains(html, "id=\"checklist-modes\""));
  BOOST_TEST(!contains(html, "data-untested-mode"));
}

BOOST_AUTO_TEST_CASE(self_contained_document) {
  const std::string html = render(sample_run());
  BOOST_TEST(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
  BOOST_TEST(contains(html, "<meta charset=\"utf-8\">"));
  BOOST_TEST(contains(html, "<meta name=\"viewport\""));
  BOOST_TEST(html.size() > 1000u);
  BOOST_TEST(html.substr(html.size() - 8) == "</html>\n");
  // nothing is fetched: no external script, stylesheet, font or image
  BOOST_TEST(!contains(html, "src="));
  BOOST_TEST(!contains(html, "<link"));
  BOOST_TEST(!contains(html, "@import"));
  BOOST_TEST(!contains(html, "url("));
  BOOST_TEST(!contains(html, "href=\"http"));
  BOOST_TEST(count(html, "<script>") == 1u);
  BOOST_TEST(count(html, "</script>") == 1u);
  BOOST_TEST(count(html, "<style>") == 1u);
  BOOST_TEST(contains(html, "@media print"));
  BOOST_TEST(contains(html, "beforeprint"));
  BOOST_TEST(contains(html, "@media (max-width:"));
}

BOOST_AUTO_TEST_CASE(header_names_the_run) {
  const std::string html = render(sample_run());
  BOOST_TEST(contains(html, "<title>scimcheck twingate: INCOMPLETE</title>"));
  BOOST_TEST(tag_with_id(html, "verdict") ==
             "<span class=\"verdict verdict-INCOMPLETE\" id=\"verdict\">");
  BOOST_TEST(contains(html, "<dd id=\"meta-profile\">twingate</dd>"));
  BOOST_TEST(contains(html, "<dd id=\"meta-target\">https://scim.example.test/scim/v2</dd>"));
  BOOST_TEST(contains(html, "<dd id=\"meta-version\">0.1.0</dd>"));
  BOOST_TEST(contains(html, "<dd id=\"meta-run-id\">run-20240501-0001</dd>"));
  BOOST_TEST(contains(html, "<dd id=\"meta-started\">2024-05-01T10:00:00Z</dd>"));
  BOOST_TEST(contains(html, "id=\"insecure\""));
  BOOST_TEST(!contains(html, "id=\"aborted\""));

  auto run = sample_run();
  run.suites[1].cases.clear();  // no error, no warning
  run.suites[0].cases.erase(run.suites[0].cases.begin() + 1);
  run.insecure = false;
  const std::string passed = render(run);
  BOOST_TEST(contains(passed, "id=\"verdict\">PASSED</span>"));
  BOOST_TEST(!contains(passed, "id=\"insecure\""));
  run = sample_run();
  run.suites[1].cases.erase(run.suites[1].cases.begin());
  BOOST_TEST(contains(render(run), "id=\"verdict\">FAILED</span>"));
}

BOOST_AUTO_TEST_CASE(header_states_the_oauth_token_lifetime_and_refreshes) {
  auto run = sample_run();
  BOOST_TEST(!contains(render(run), "id=\"meta-auth\""));
  run.auth = result::AuthRecord{"bearer", std::nullopt, 0};
  BOOST_TEST(!contains(render(run), "id=\"meta-auth\""));
  run.auth = result::AuthRecord{"oauth2 client credentials", 3600, 0};
  BOOST_TEST(contains(render(run), "<dt>auth</dt><dd id=\"meta-auth\">oauth2 client credentials, "
                                   "access token lifetime 60 min, 0 refreshes</dd>"));
}

BOOST_AUTO_TEST_CASE(totals_count_every_outcome) {
  const std::string html = render(sample_run());
  for (const char* outcome : {"passed", "failed", "errored", "warning", "skipped"})
    BOOST_TEST(
        contains(html, std::string("<li data-outcome=\"") + outcome + "\"><span class=\"badge"),
        outcome);
  const std::regex total(R"(<li data-outcome="total"><span class="n">(\d+)</span>)");
  std::smatch m;
  BOOST_REQUIRE(std::regex_search(html, m, total));
  BOOST_TEST(m[1].str() == "5");
  const std::regex failed(
      R"(<li data-outcome="failed"><span class="badge o-failed">FAIL</span> <span class="n">(\d+)</span>)");
  BOOST_REQUIRE(std::regex_search(html, m, failed));
  BOOST_TEST(m[1].str() == "1");
  BOOST_TEST(count(html, "<details class=\"case\"") == 5u);
}

BOOST_AUTO_TEST_CASE(checklist_rows_in_tutorial_order) {
  const std::string html = render(profile_run());
  const std::regex row(R"re(<tr class="s-(\w+)" data-capability="([\w-]+)")re");
  std::string rows;
  for (std::sregex_iterator it(html.begin(), html.end(), row), end; it != end; ++it)
    rows += (*it)[2].str() + "=" + (*it)[1].str() + " ";
  // remove-users, memberships, ... have no case: no row. The protocol case's warning is an
  // RFC-only finding: listed under the table, the row stays green
  BOOST_TEST(rows ==
             "create-users=fail sync-attributes=untested provision-groups=fail protocol=pass ");
  const auto findings = html.find("<h3 id=\"rfc-findings\">RFC conformance findings</h3>");
  BOOST_REQUIRE(findings != std::string::npos);
  BOOST_TEST(findings < html.find("</section>", html.find("<section id=\"checklist\">")));
  BOOST_TEST(contains(html, "<li data-outcome=\"warning\">"));
  BOOST_TEST(contains(html, "<a href=\"#case-groups.list.paging\"><code>groups.list.paging</code></a>"));
  BOOST_TEST(contains(html, "[SHOULD, rfc] RFC 7644 3.4.2.4"));
  // the checks behind a row link to their details
  BOOST_TEST(contains(html, "<a class=\"c-failed\" href=\"#case-users.get.returns-resource\""));
  BOOST_TEST(contains(html, "<a class=\"c-passed\" href=\"#case-users.create.returns-201\""));
  BOOST_TEST(contains(html, "1 passed, 1 failed, 0 warnings, 0 skipped"));
}

BOOST_AUTO_TEST_CASE(areas_with_bars) {
  const std::string html = render(sample_run());
  BOOST_TEST(contains(html, "<tr data-suite=\"users\" data-total=\"3\">"));
  BOOST_TEST(contains(html, "<tr data-suite=\"groups\" data-total=\"2\">"));
  BOOST_TEST(contains(html, "<span class=\"o-passed\" style=\"width:33.3%\" title=\"1 passed\">"));
  BOOST_TEST(contains(html, "<span class=\"o-errored\" style=\"width:50%\" title=\"1 errored\">"));
  BOOST_TEST(contains(html, "1 passed, 1 failed, 0 warnings, 1 skipped"));
}

BOOST_AUTO_TEST_CASE(failure_is_expanded_with_its_evidence) {
  const std::string html = render(sample_run());
  const std::string fail = case_block(html, "users.get.returns-resource");
  BOOST_TEST(fail.rfind("<details class=\"case\" id=\"case-users.get.returns-resource\" "
                        "data-outcome=\"failed\"",
                        0) == 0);
  BOOST_TEST(contains(fail.substr(0, fail.find('>')), " open"));
  BOOST_TEST(contains(fail, "RFC 7644 3.4.1 [MUST, entra]"));
  BOOST_TEST(contains(
      fail, "<code class=\"expected\">200</code></td><td><code class=\"actual\">404</code>"));
  BOOST_TEST(contains(fail, "<code class=\"expected\">&quot;bob@example.test&quot;</code>"));
  BOOST_TEST(contains(fail, "the user created in step create must be readable"));
  BOOST_TEST(contains(fail, "Keep the user POST created: GET /Users/{id} must find it (200)."));
  BOOST_TEST(!contains(fail, "Serve GET /Users/{id} for every id returned by POST."));
  BOOST_TEST(contains(fail, "GET https://scim.example.test/scim/v2/Users/u-2\n"));
  BOOST_TEST(contains(fail, "Authorization: Bearer ****"));
  BOOST_TEST(contains(fail, "HTTP 404\n"));
  // pretty JSON, quotes escaped
  BOOST_TEST(contains(fail, "{\n  &quot;schemas&quot;: [\n"));
  BOOST_TEST(contains(fail, "  &quot;detail&quot;: &quot;not found&quot;\n}"));
  BOOST_TEST(contains(fail, "Zoë"));  // UTF-8 kept

  const std::string pass = case_block(html, "users.create.returns-201");
  BOOST_TEST(!contains(pass.substr(0, pass.find('>')), " open"));
  const std::string error = case_block(html, "groups.create.returns-201");
  BOOST_TEST(contains(error, "no response (timeout error: no response within 30000 ms)"));
  const std::string skip = case_block(html, "users.patch.multi-valued");
  BOOST_TEST(contains(skip, "<dt>skipped because</dt><dd>profile lacks capability patch</dd>"));
}

BOOST_AUTO_TEST_CASE(hostile_bodies_are_escaped) {
  auto run = sample_run();
  auto& kase = run.suites[0].cases[1];
  kase.title = "<img src=x onerror=alert(1)>";
  kase.steps[1].exchange->response.body = "</pre></details><script>alert('pwned')</script>\x01\xC3";
  kase.steps[1].exchange->response.headers.push_back({"X-Evil", "\"><script>x</script>"});
  kase.steps[1].checks[0].actual = "<b>&amp;</b>";
  kase.steps[0].exchange->request.body = "</pre></details><script>x('y')</script>\x1b[2J";
  kase.id = "users.\"quoted\"";
  const std::string html = render(run);
  BOOST_TEST(count(html, "<script>") == 1u);  // only ours
  BOOST_TEST(!contains(html, "<img"));
  BOOST_TEST(contains(html, "&lt;img src=x onerror=alert(1)&gt;"));
  BOOST_TEST(contains(html,
                      "&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;alert(&#39;pwned&#39;)"
                      "&lt;/script&gt;\\x01\\xC3"));
  BOOST_TEST(contains(html, "X-Evil: &quot;&gt;&lt;script&gt;x&lt;/script&gt;"));
  BOOST_TEST(contains(html, "<code class=\"actual\">&lt;b&gt;&amp;amp;&lt;/b&gt;</code>"));
  BOOST_TEST(contains(html, "id=\"case-users.&quot;quoted&quot;\""));
  // the curl command of a hostile body: escaped for the shell, then for the page
  BOOST_TEST(contains(html, "--data-binary $&#39;&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;"
                            "x(\\&#39;y\\&#39;)&lt;/script&gt;\\x1B[2J&#39;</pre>"));
  BOOST_TEST(count(html, "<details") == count(html, "</details>"));
  BOOST_TEST(count(html, "<pre") == count(html, "</pre>"));
}

BOOST_AUTO_TEST_CASE(baseline_states_show) {
  auto run = sample_run();
  run.suites[0].cases[1].baseline = result::BaselineState::known;
  run.suites[0].cases[1].baseline_reason = "vendor ticket 42";
  run.suites[0].cases[0].baseline = result::BaselineState::fixed;
  run.suites[0].cases[0].baseline_reason = "was broken";
  const std::string html = render(run);
  const std::string known = case_block(html, "users.get.returns-resource");
  BOOST_TEST(contains(known, "data-outcome=\"known\""));
  BOOST_TEST(!contains(known.substr(0, known.find('>')), " open"));
  BOOST_TEST(contains(known, "known: vendor ticket 42"));
  BOOST_TEST(contains(case_block(html, "users.create.returns-201"), "fixed: remove from baseline"));
  BOOST_TEST(
      contains(html, "<dd id=\"meta-baseline\">1 known failures accepted, 1 entries fixed</dd>"));
  BOOST_TEST(contains(html, "<input type=\"checkbox\" value=\"known\" checked>"));
}

BOOST_AUTO_TEST_CASE(escape_function) {
  BOOST_TEST(html_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
  BOOST_TEST(html_escape("ctl\x07") == "ctl\\x07");
  BOOST_TEST(html_escape("tab\tnew\nline") == "tab\tnew\nline");
}

BOOST_AUTO_TEST_CASE(each_exchange_can_be_copied_as_curl) {
  const auto run = sample_run();
  const std::string html = render(run);
  std::size_t exchanges = 0;
  for (const auto& suite : run.suites)
    for (const auto& kase : suite.cases)
      for (const auto& step : kase.steps) exchanges += step.exchange ? 1 : 0;
  BOOST_TEST(count(html, "<button type=\"button\" class=\"copy-curl\"") == exchanges);
  BOOST_TEST(count(html, "<pre class=\"curl-command\">") == exchanges);
  // the failing GET of the sample run, with the token as a variable and the run's --insecure
  const std::string block = case_block(html, "users.get.returns-resource");
  BOOST_TEST(contains(block,
                      "<pre class=\"curl-command\">curl --globoff --include --insecure --request "
                      "&#39;GET&#39; &#39;https://scim.example.test/scim/v2/Users/u-2&#39; \\\n"
                      "  -H &quot;Authorization: Bearer $SCIM_TOKEN&quot; \\\n"
                      "  -H &#39;Accept: application/scim+json&#39;</pre>"));
  // the page copies the command's text; printing leaves the controls out
  BOOST_TEST(contains(html, "navigator.clipboard"));
  BOOST_TEST(contains(html, "button.copy-curl,.copied,details.curl{display:none}"));
}

BOOST_AUTO_TEST_CASE(failed_expectations_point_at_their_source) {
  auto run = sample_run();
  auto& fail = run.suites[0].cases[1];
  fail.source = {"suites/core/users.suite.json", 40, 5, "/cases/1"};
  fail.steps[1].checks[0].source = {"suites/core/users.suite.json", 52, 19, "/cases/1/steps/1/expect/status"};
  fail.mapping = {"profiles/twingate.profile.json", 12, 7, "/mapping/userName"};
  // a passing expectation shows no location of its own
  fail.steps[0].checks[0].source = {"suites/core/users.suite.json", 44, 19, ""};
  const std::string block = case_block(render(run), fail.id);
  BOOST_TEST(contains(block, "written at <code class=\"where\">suites/core/users.suite.json:52:19</code>"));
  // the second failed expectation has no location: its case's
  BOOST_TEST(contains(block, "written at <code class=\"where\">suites/core/users.suite.json:40:5</code>"));
  BOOST_TEST(count(block, "value mapped at <code class=\"where\">profiles/twingate.profile.json:12:7</code>") == 2u);
  BOOST_TEST(!contains(block, ":44:19"));
  BOOST_TEST(contains(block, "<dt>written at</dt><dd>suites/core/users.suite.json:40:5</dd>"));
}

BOOST_AUTO_TEST_SUITE_END()
