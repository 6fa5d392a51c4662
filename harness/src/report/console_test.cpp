#include "report/console.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "report/sample_run_test.hpp"

using namespace scimcheck;
using namespace scimcheck::report;
using testing::sample_run;

namespace {

/// Feeds the run to a console reporter the way the runner does and returns what it printed.
std::string render(const result::RunResult& run, const ConsoleOptions& options) {
  std::ostringstream out;
  ConsoleReporter console(out, options);
  console.on_run_start(run);
  for (const auto& suite : run.suites)
    for (const auto& kase : suite.cases) console.on_case_done(suite, kase);
  console.on_run_done(run);
  return out.str();
}

std::string render(const result::RunResult& run, bool colour, bool verbose = false) {
  ConsoleOptions options;
  options.colour = colour;
  options.verbose = verbose;
  return render(run, options);
}

std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (l.rfind(prefix, 0) == 0) out.push_back(l);
  return out;
}

/// A skipped case of the users suite.
result::CaseResult skipped(const std::string& id, const std::string& reason,
                           const std::string& group = "") {
  result::CaseResult kase;
  kase.skip_group = group;
  kase.id = id;
  kase.title = "title of " + id;
  kase.outcome = result::Outcome::skipped;
  kase.reason = reason;
  return kase;
}

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (l == line) return true;
  return false;
}

/// Restores an environment variable when the test ends.
class EnvGuard {
 public:
  explicit EnvGuard(const char* name) : name_(name) {
    if (const char* v = std::getenv(name)) saved_ = v, had_ = true;
  }
  ~EnvGuard() {
    if (had_)
      ::setenv(name_, saved_.c_str(), 1);
    else
      ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::string saved_;
  bool had_ = false;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(console)

BOOST_AUTO_TEST_CASE(summary_line_format) {
  result::Totals t;
  t.passed = 12;
  t.failed = 1;
  t.skipped = 3;
  BOOST_TEST(summary_line(t) == "12 passed, 1 failed, 0 errored, 3 skipped, 0 warnings");
}

BOOST_AUTO_TEST_CASE(golden_without_colour) {
  const std::string text = render(sample_run(), false);
  BOOST_TEST(text.find('\033') == std::string::npos);
  testing::check_golden("console.txt", text);
}

BOOST_AUTO_TEST_CASE(lines_per_case_and_summary) {
  const std::string text = render(sample_run(), false);
  BOOST_TEST(text.rfind("scimcheck 0.1.0  profile twingate  target "
                        "https://scim.example.test/scim/v2  run run-20240501-0001\n",
                        0) == 0);
  BOOST_TEST(has_line(text, "WARNING: TLS verification is OFF (--insecure)"));
  BOOST_TEST(
      has_line(text, "PASS   users.create.returns-201  Creating a user returns 201 Created"));
  BOOST_TEST(
      has_line(text, "FAIL   users.get.returns-resource  Fetching a user by id returns it (Zoë)"));
  // Skipped checks: one line per reason.
  BOOST_TEST(
      has_line(text, "SKIP   1 check: profile lacks capability patch (users.patch.multi-valued)"));
  BOOST_TEST(
      has_line(text, "ERROR  groups.create.returns-201  Creating a group returns 201 Created"));
  BOOST_TEST(has_line(text, "WARN   groups.list.paging  Listing groups honours count"));
  BOOST_TEST(has_line(text, "      get: status is one of 200: expected 200, got 404"));
  // The fix of the expectation that failed, not the case's.
  BOOST_TEST(has_line(text, "      fix: Keep the user POST created: GET /Users/{id} must find it (200)."));
  BOOST_TEST(text.find("Serve GET /Users/{id} for every id returned by POST.") == std::string::npos);
  BOOST_TEST(has_line(text, "      GET https://scim.example.test/scim/v2/Users/u-2 -> 404"));
  BOOST_TEST(has_line(text,
                      "      POST https://scim.example.test/scim/v2/Groups -> timeout "
                      "error: no response within 30000 ms"));
  BOOST_TEST(has_line(text, "1 passed, 1 failed, 1 errored, 1 skipped, 1 warnings"));
  BOOST_TEST(has_line(text,
                      "slowest: 30000 ms  POST https://scim.example.test/scim/v2/Groups "
                      "(groups.create.returns-201)"));
  BOOST_TEST(has_line(text, "cleanup: created 3, deleted 2"));
  BOOST_TEST(has_line(text, "leftover: /Users/u-2: DELETE answered 500"));
  BOOST_TEST(text.find("aborted:") == std::string::npos);
  // the passed case's exchange is only shown in verbose mode
  BOOST_TEST(text.find("POST https://scim.example.test/scim/v2/Users -> 201") == std::string::npos);
  BOOST_TEST(render(sample_run(), false, true)
                 .find("POST https://scim.example.test/scim/v2/Users -> 201") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(summary_preceded_by_blank_line) {
  const std::string text = render(sample_run(), false);
  BOOST_TEST(text.find("\n\n1 passed, 1 failed, 1 errored, 1 skipped, 1 warnings\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(control_characters_from_the_server_are_escaped) {
  auto run = sample_run();
  auto& kase = run.suites[0].cases[1];
  // Clears the screen, rings the bell, returns to column 0 and prints a green PASS.
  kase.steps[1].checks[0].actual = "404\x1B[2J\x07\r\x1B[32mPASS\x1B[0m\nPASS   forged";
  kase.steps[1].error = std::string("nul\0here", 8);
  kase.steps[1].outcome = result::Outcome::errored;
  kase.steps[1].exchange->request.url +=
      "\x9B"
      "2J";  // C1 CSI as a byte
  kase.steps[1].exchange->request.url +=
      "\xC2\x9B"
      "2J";  // C1 CSI as UTF-8
  run.cleanup.leftovers.push_back("/Users/\x1B]0;title\x07");
  const std::string text = render(run, false);
  for (char c : {'\x1B', '\x07', '\0', '\r', '\x9B'}) BOOST_TEST(text.find(c) == std::string::npos);
  BOOST_TEST(text.find("\xC2\x9B") == std::string::npos);
  BOOST_TEST(!has_line(text, "PASS   forged"));
  BOOST_TEST(text.find("got 404\\x1B[2J\\x07\\x0D\\x1B[32mPASS\\x1B[0m\\x0APASS   forged") !=
             std::string::npos);
  BOOST_TEST(text.find("nul\\x00here") != std::string::npos);
  BOOST_TEST(text.find("leftover: /Users/\\x1B]0;title\\x07") != std::string::npos);
  // Text that is only unusual stays readable.
  BOOST_TEST(
      has_line(text, "FAIL   users.get.returns-resource  Fetching a user by id returns it (Zoë)"));
}

BOOST_AUTO_TEST_CASE(colour_adds_escapes) {
  const std::string text = render(sample_run(), true);
  BOOST_TEST(text.find("\033[32mPASS \033[0m") != std::string::npos);
  BOOST_TEST(text.find("\033[31mFAIL \033[0m") != std::string::npos);
  BOOST_TEST(text.find("\033[33mWARN \033[0m") != std::string::npos);
  BOOST_TEST(text.find("\033[90mSKIP \033[0m") != std::string::npos);
  // the summary stays plain so that scripts can read it
  BOOST_TEST(has_line(text, "1 passed, 1 failed, 1 errored, 1 skipped, 1 warnings"));
}

BOOST_AUTO_TEST_CASE(secure_run_has_no_tls_warning_and_aborted_run_says_why) {
  auto run = sample_run();
  run.insecure = false;
  run.aborted = true;
  run.abort_reason = "interrupted by a signal";
  const std::string text = render(run, false);
  BOOST_TEST(text.find("WARNING") == std::string::npos);
  BOOST_TEST(has_line(text, "aborted: interrupted by a signal"));
}

BOOST_AUTO_TEST_CASE(baseline_states_under_the_summary) {
  auto run = sample_run();
  BOOST_TEST(render(run, false).find("baseline:") == std::string::npos);
  run.suites[0].cases[1].baseline = result::BaselineState::known;
  run.suites[0].cases[1].baseline_reason = "ticket 7";
  run.suites[0].cases[0].baseline = result::BaselineState::fixed;
  run.suites[1].cases[0].baseline = result::BaselineState::expired;
  const std::string text = render(run, false);
  BOOST_TEST(has_line(text, "1 passed, 0 failed, 1 errored, 1 skipped, 1 warnings, 1 known"));
  BOOST_TEST(has_line(text, "baseline: 1 known failures (not failing the run), 1 fixed"));
  BOOST_TEST(has_line(text, "known:   users.get.returns-resource (ticket 7)"));
  BOOST_TEST(
      has_line(text, "fixed:   users.create.returns-201 passes now: remove its baseline entry"));
  BOOST_TEST(has_line(
      text, "expired: groups.create.returns-201 baseline entry has expired: the failure counts"));
}

BOOST_AUTO_TEST_CASE(a_known_failure_is_printed_as_known_without_its_details) {
  auto run = sample_run();
  auto& failed = run.suites[0].cases[1];
  const std::string before = render(run, false);
  BOOST_TEST(before.find("FAIL   users.get.returns-resource") != std::string::npos);
  failed.baseline = result::BaselineState::known;
  failed.baseline_reason = "ticket 7";
  std::string text = render(run, false);
  BOOST_TEST(text.find("FAIL   users.get.returns-resource") == std::string::npos);
  BOOST_TEST(text.find("KNOWN  users.get.returns-resource  ") != std::string::npos);
  BOOST_TEST(text.find("(known failure: ticket 7)") != std::string::npos);
  BOOST_TEST(text.find("requirement: RFC 7644 3.4.1") == std::string::npos);
  BOOST_TEST(before.find("GET https://scim.example.test/scim/v2/Users/u-2 -> 404") != std::string::npos);
  BOOST_TEST(text.find("GET https://scim.example.test/scim/v2/Users/u-2 -> 404") == std::string::npos);
  // --verbose keeps the evidence.
  BOOST_TEST(render(run, false, true).find("requirement: RFC 7644 3.4.1") != std::string::npos);
  // An expired entry: a plain failure, with a word on the entry.
  failed.baseline = result::BaselineState::expired;
  text = render(run, false);
  BOOST_TEST(text.find("FAIL   users.get.returns-resource") != std::string::npos);
  BOOST_TEST(text.find("baseline entry has expired: the failure counts") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(colour_only_on_a_terminal) {
  EnvGuard no_color("NO_COLOR");
  EnvGuard term("TERM");
  ::unsetenv("NO_COLOR");
  ::setenv("TERM", "xterm-256color", 1);

  int pipe_fds[2];
  BOOST_REQUIRE(::pipe(pipe_fds) == 0);
  BOOST_TEST(!colour_wanted(pipe_fds[1]));
  BOOST_TEST(!live_wanted(pipe_fds[1]));
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);

  const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) {
    if (master >= 0) ::close(master);
    BOOST_TEST_MESSAGE("no pseudo-terminal available; terminal half skipped");
    return;
  }
  const int slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
  BOOST_REQUIRE(slave >= 0);
  BOOST_TEST(colour_wanted(slave));
  BOOST_TEST(live_wanted(slave));
  ::setenv("NO_COLOR", "", 1);
  BOOST_TEST(!colour_wanted(slave));
  BOOST_TEST(live_wanted(slave));  // no colour, but a progress line still
  ::unsetenv("NO_COLOR");
  ::setenv("TERM", "dumb", 1);
  BOOST_TEST(!colour_wanted(slave));
  BOOST_TEST(!live_wanted(slave));
  ::unsetenv("TERM");
  BOOST_TEST(colour_wanted(slave));
  ::close(slave);
  ::close(master);
}

BOOST_AUTO_TEST_CASE(skipped_checks_are_grouped_by_reason_with_the_advice_that_lifts_it) {
  auto run = sample_run();
  auto& cases = run.suites[0].cases;
  const std::string flag_on =
      "uses Entra's flag-on request shapes; this run uses flag-off (add ?aadOptscim062020 to "
      "the URL or pass --entra-mode flag-on)";
  const std::string flag_on_group =
      "Entra's flag-on request shapes: add ?aadOptscim062020 to the URL or pass --entra-mode "
      "flag-on";
  for (const char* id : {"users.patch.flag-on.a", "users.patch.flag-on.b", "users.disable.flag-on"})
    cases.push_back(skipped(id, flag_on, flag_on_group));
  for (const char* id : {"protocol.filter.eq-and", "protocol.filter.ne-pr"})
    cases.push_back(skipped(id, "profile twingate does not have capability 'filtering'",
                            "capability 'filtering', which profile twingate does not have: if "
                            "the app supports it, add --capability filtering"));
  cases.push_back(skipped("users.patch.{{attr.path}}",
                          "profile twingate maps no attribute this check applies to",
                          "an attribute mapping of the kind the check covers, which profile "
                          "twingate does not have"));
  cases.push_back(skipped("users.etag", "the server sends no ETag (versioning is optional)"));
  const std::string text = render(run, false);
  const auto groups = lines_starting(text, "SKIP ");
  BOOST_TEST(groups.size() == 5u);
  // Most frequent first; each with its count, the advice for the reasons the plan gives, and
  // the id of a check that is alone in its group.
  BOOST_REQUIRE(groups.size() >= 2u);
  BOOST_TEST(groups[0] ==
             "SKIP   3 checks need Entra's flag-on request shapes: add ?aadOptscim062020 to the "
             "URL or pass --entra-mode flag-on");
  BOOST_TEST(groups[1] ==
             "SKIP   2 checks need capability 'filtering', which profile twingate does not have: "
             "if the app supports it, add --capability filtering");
  BOOST_TEST(has_line(text,
                      "SKIP   1 check needs an attribute mapping of the kind the check covers, "
                      "which profile twingate does not have (users.patch.{{attr.path}})"));
  BOOST_TEST(has_line(
      text, "SKIP   1 check: the server sends no ETag (versioning is optional) (users.etag)"));
  BOOST_TEST(has_line(text, "      (--show-skipped lists each skipped check)"));
  // The groups come after the checks that ran, before the summary.
  BOOST_TEST(text.find("SKIP ") > text.find("WARN   groups.list.paging"));
  BOOST_TEST(text.find("SKIP ") < text.find(" passed, "));

  // --show-skipped: one line per check, as they finish, and no groups.
  ConsoleOptions options;
  options.show_skipped = true;
  const std::string listed = render(run, options);
  BOOST_TEST(lines_starting(listed, "SKIP ").size() == 8u);
  BOOST_TEST(has_line(listed,
                      "SKIP   users.etag  title of users.etag (the server sends no ETag "
                      "(versioning is optional))"));
  BOOST_TEST(listed.find("checks need") == std::string::npos);
  BOOST_TEST(listed.find("--show-skipped") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(checks_skipped_for_a_shared_cause_group_apart_from_a_reason_of_their_own) {
  // Two checks with the same shared cause form one group whatever their own reasons (which
  // name where each is written); a reason without a shared cause is its own group.
  const auto lines = skip_groups({{"a", "maps no name.givenName (used at x:1:1)", "givenName"},
                                  {"b", "maps no name.givenName (used at x:9:1)", "givenName"},
                                  {"c", "givenName", ""}});
  BOOST_REQUIRE(lines.size() == 2u);
  BOOST_TEST(lines[0] == "2 checks need givenName");
  BOOST_TEST(lines[1] == "1 check: givenName (c)");
}

BOOST_AUTO_TEST_CASE(one_slowest_line_for_the_whole_run) {
  auto run = sample_run();
  run.suites.push_back(run.suites[0]);  // a third suite: still one line
  const std::string text = render(run, false);
  const auto slowest = lines_starting(text, "slowest:");
  BOOST_REQUIRE(slowest.size() == 1u);
  BOOST_TEST(slowest[0] ==
             "slowest: 30000 ms  POST https://scim.example.test/scim/v2/Groups "
             "(groups.create.returns-201)");
}

BOOST_AUTO_TEST_CASE(oauth2_token_lifetime_and_refreshes) {
  auto run = sample_run();
  run.auth = result::AuthRecord{"oauth2 client credentials", 3600, 1};
  std::string text = render(run, false);
  BOOST_TEST(has_line(text, "auth: oauth2 client credentials, access token lifetime 60 min, 1 refresh"),
             text);
  BOOST_TEST(text.find("warning (gallery)") == std::string::npos);
  run.auth = result::AuthRecord{"oauth2 refresh token", 2, 3};
  text = render(run, false);
  BOOST_TEST(has_line(text, "auth: oauth2 refresh token, access token lifetime 2 s, 3 refreshes"));
  BOOST_TEST(has_line(text, "warning (gallery): access token lifetime 2 s is outside the 60 min "
                            "to 6 h Entra requires of gallery apps"));
  run.auth = result::AuthRecord{"oauth2 client credentials", 21601, 0};
  BOOST_TEST(render(run, false).find("warning (gallery)") != std::string::npos);
  run.auth = result::AuthRecord{"oauth2 client credentials", std::nullopt, 0};
  text = render(run, false);
  BOOST_TEST(has_line(text, "auth: oauth2 client credentials, access token lifetime not stated, "
                            "0 refreshes"));
  BOOST_TEST(text.find("warning (gallery)") == std::string::npos);
  run.auth = result::AuthRecord{"bearer", std::nullopt, 0};
  BOOST_TEST(render(run, false).find("auth:") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(checks_left_out_by_the_selection_are_only_counted) {
  auto run = sample_run();
  run.deselected = 75;
  const std::string text = render(run, false);
  BOOST_TEST(
      has_line(text, "1 passed, 1 failed, 1 errored, 1 skipped, 1 warnings, 75 not selected"));
  run.deselected = 0;
  BOOST_TEST(render(run, false).find("not selected") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_both_run_says_so_and_counts_a_failing_mode) {
  auto run = sample_run();
  BOOST_TEST(render(run, false).find("entra modes") == std::string::npos);
  run.entra_mode = "both";
  run.suites[0].cases[0].entra_mode = suite::EntraMode::flag_off;  // passed
  run.suites[0].cases[2].entra_mode = suite::EntraMode::flag_on;   // skipped
  std::string text = render(run, false);
  BOOST_TEST(has_line(text, "entra modes: both ran, 1 flag-off and 1 flag-on checks besides the "
                            "common ones"));
  BOOST_TEST(text.find("flag-on checks:") == std::string::npos);  // no mode fails on its own
  run.suites[0].cases[1].entra_mode = suite::EntraMode::flag_on;  // failed
  text = render(run, false);
  BOOST_TEST(has_line(text, "flag-off checks: 1 passed, 0 failed, 0 errored, 0 skipped, 0 warnings"));
  BOOST_TEST(has_line(text, "flag-on checks:  0 passed, 1 failed, 0 errored, 1 skipped, 0 warnings"));
}

BOOST_AUTO_TEST_CASE(quiet_prints_failures_errors_warnings_and_the_summary_only) {
  auto run = sample_run();
  ConsoleOptions options;
  options.quiet = true;
  const std::string text = render(run, options);
  BOOST_TEST(text.find("scimcheck 0.1.0") == std::string::npos);  // no header
  BOOST_TEST(text.find("PASS ") == std::string::npos);
  BOOST_TEST(text.find("SKIP ") == std::string::npos);
  BOOST_TEST(text.find("slowest:") == std::string::npos);
  BOOST_TEST(text.find("cleanup: created") == std::string::npos);
  BOOST_TEST(
      has_line(text, "FAIL   users.get.returns-resource  Fetching a user by id returns it (Zoë)"));
  BOOST_TEST(has_line(text, "      get: status is one of 200: expected 200, got 404"));
  BOOST_TEST(
      has_line(text, "ERROR  groups.create.returns-201  Creating a group returns 201 Created"));
  BOOST_TEST(has_line(text, "WARN   groups.list.paging  Listing groups honours count"));
  BOOST_TEST(has_line(text, "1 passed, 1 failed, 1 errored, 1 skipped, 1 warnings"));
  // What must never go unseen stays: the TLS warning and what the run left behind.
  BOOST_TEST(has_line(text, "WARNING: TLS verification is OFF (--insecure)"));
  BOOST_TEST(has_line(text, "leftover: /Users/u-2: DELETE answered 500"));
  // A known failure is not a failure.
  run.suites[0].cases[1].baseline = result::BaselineState::known;
  BOOST_TEST(render(run, options).find("users.get.returns-resource  ") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_failed_expectation_points_at_where_it_is_written) {
  auto run = sample_run();
  auto& kase = run.suites[0].cases[1];
  kase.source = {"suites/core/users.suite.json", 98, 5, "/cases/3"};
  kase.steps[1].checks[0].source = {"suites/core/users.suite.json", 120, 13,
                                    "/cases/3/steps/1/expect/status"};
  // The second failed check has no span of its own: the case's stands in.
  const std::string text = render(run, false);
  BOOST_TEST(has_line(text,
                      "suites/core/users.suite.json:120:13: users.get.returns-resource: "
                      "status is one of 200: expected 200, got 404"));
  BOOST_TEST(has_line(text,
                      "suites/core/users.suite.json:98:5: users.get.returns-resource: "
                      "path userName equals \"bob@example.test\": expected "
                      "\"bob@example.test\", got absent"));
  BOOST_TEST(has_line(text, "        the user created in step create must be readable"));
  BOOST_TEST(text.find("mapped at") == std::string::npos);
  // A check expanded for a profile attribute names the mapping too, once.
  kase.mapping = {"suites/profiles/twingate.profile.json", 36, 7, "/users/attributes/1"};
  const std::string mapped = render(run, false);
  BOOST_TEST(has_line(mapped, "      mapped at suites/profiles/twingate.profile.json:36:7"));
  BOOST_TEST(lines_starting(mapped, "      mapped at").size() == 1u);
  // A file under the working directory is shown relative to it.
  kase.steps[1].checks[0].source.file =
      (std::filesystem::current_path() / "suites/core/users.suite.json").string();
  BOOST_TEST(has_line(render(run, false),
                      "suites/core/users.suite.json:120:13: "
                      "users.get.returns-resource: status is one of 200: "
                      "expected 200, got 404"));
  // A step error names the case's line.
  run.suites[1].cases[0].source = {"suites/core/groups.suite.json", 7, 5, "/cases/0"};
  BOOST_TEST(has_line(render(run, false),
                      "suites/core/groups.suite.json:7:5: groups.create.returns-201: create: "
                      "timeout error: no response within 30000 ms"));
}

BOOST_AUTO_TEST_CASE(verbose_prints_the_failing_exchange_cut_and_terminal_safe) {
  auto run = sample_run();
  auto& get = run.suites[0].cases[1].steps[1];
  const std::string quiet_text = render(run, false);
  BOOST_TEST(quiet_text.find("      > GET") == std::string::npos);
  std::string text = render(run, false, true);
  BOOST_TEST(has_line(text, "      > GET https://scim.example.test/scim/v2/Users/u-2"));
  BOOST_TEST(has_line(text, "      > Authorization: Bearer ****"));
  BOOST_TEST(has_line(text, "      < 404"));
  BOOST_TEST(has_line(text, "      < Content-Type: application/scim+json"));
  BOOST_TEST(has_line(text, "      <   \"detail\": \"not found\""));
  // The passing step's exchange is not dumped.
  BOOST_TEST(text.find("      > POST https://scim.example.test/scim/v2/Users") ==
             std::string::npos);
  // Bodies are cut at 4 KB and cannot drive the terminal.
  get.exchange->response.body = "\x1B[2J" + std::string(10000, 'x');
  text = render(run, false, true);
  BOOST_TEST(text.find('\x1B') == std::string::npos);
  BOOST_TEST(text.find("< \\x1B[2J" + std::string(4092, 'x') + "\n") != std::string::npos);
  BOOST_TEST(text.find("(5908 more bytes not shown)") != std::string::npos);
  BOOST_TEST(text.find(std::string(4100, 'x')) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_progress_line_is_redrawn_below_the_results_on_a_terminal) {
  auto run = sample_run();
  std::ostringstream out;
  ConsoleOptions options;
  options.live = true;
  options.columns = 200;
  ConsoleReporter console(out, options);
  console.expect_checks(5);
  console.on_run_start(run);
  BOOST_TEST(console.progress().rfind("0/5 checks, 0 failing, ", 0) == 0u);
  console.on_request_sent(7, "PATCH", "/scim/v2/Users/u-1");
  console.on_request_sent(8, "GET", "/scim/v2/Users/\x1B[2J");
  BOOST_TEST(console.progress().find(" s for PATCH /scim/v2/Users/u-1 (+1 more)") !=
             std::string::npos);
  console.on_case_done(run.suites[0], run.suites[0].cases[1]);  // a failure
  console.on_request_done(7);
  const std::string progress = console.progress();
  BOOST_TEST(progress.rfind("1/5 checks, 1 failing, ", 0) == 0u);
  BOOST_TEST(progress.find("for GET /scim/v2/Users/\\x1B[2J") != std::string::npos);
  // The line is drawn after the case's lines and erased before the next ones.
  const std::string text = out.str();
  const auto fail = text.find("FAIL   users.get.returns-resource");
  BOOST_REQUIRE(fail != std::string::npos);
  BOOST_TEST(text.rfind("\r\033[K", fail) != std::string::npos);
  BOOST_TEST(text.find("\r\033[K1/5 checks, 1 failing, ", fail) != std::string::npos);
  console.on_case_done(run.suites[1], run.suites[1].cases[1]);  // a warning is not a failure
  BOOST_TEST(console.progress().rfind("2/5 checks, 1 failing, ", 0) == 0u);
  // Once the checks are done the line is erased, before anything else reaches the terminal.
  console.end_progress();
  BOOST_TEST(out.str().size() >= 4u);
  BOOST_TEST(out.str().substr(out.str().size() - 4) == "\r\033[K");
  console.on_run_done(run);
  // At the end it is gone: the summary is the last thing on the screen.
  const std::string all = out.str();
  BOOST_TEST(all.substr(all.rfind("\r\033[K") + 4).find("checks,") == std::string::npos);
  BOOST_TEST(all.find("1 passed, 1 failed") > all.rfind("\r\033[K"));

  // Never wider than the terminal, so that it never wraps.
  options.columns = 20;
  std::ostringstream narrow_out;
  ConsoleReporter narrow(narrow_out, options);
  narrow.expect_checks(5);
  narrow.on_run_start(run);
  const std::string narrow_text = narrow_out.str();
  const auto drawn = narrow_text.rfind("\r\033[K");
  BOOST_REQUIRE(drawn != std::string::npos);
  BOOST_TEST(narrow_text.substr(drawn + 4) == "0/5 checks, 0 faili");
}

BOOST_AUTO_TEST_CASE(without_a_terminal_plain_lines_only) {
  auto run = sample_run();
  std::ostringstream out;
  ConsoleReporter console(out, ConsoleOptions{});
  console.expect_checks(5);
  console.on_run_start(run);
  console.on_request_sent(1, "GET", "/Users");
  for (const auto& suite : run.suites)
    for (const auto& kase : suite.cases) console.on_case_done(suite, kase);
  console.on_run_done(run);
  BOOST_TEST(console.progress().empty());
  BOOST_TEST(out.str().find('\r') == std::string::npos);
  BOOST_TEST(out.str().find('\033') == std::string::npos);
  BOOST_TEST(out.str().find("checks,") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
