#include "report/console.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <sstream>
#include <string>

#include "report/sample_run_test.hpp"

using namespace scimcheck;
using namespace scimcheck::report;
using testing::sample_run;

namespace {

/// Feeds the run to a console reporter the way the runner does and returns what it printed.
std::string render(const result::RunResult& run, bool colour, bool verbose = false) {
  std::ostringstream out;
  ConsoleReporter console(out, colour, verbose);
  console.on_run_start(run);
  for (const auto& suite : run.suites)
    for (const auto& kase : suite.cases) console.on_case_done(suite, kase);
  console.on_run_done(run);
  return out.str();
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
  BOOST_TEST(has_line(text,
                      "SKIP   users.patch.multi-valued  PATCH replaces a multi-valued "
                      "attribute (profile lacks capability patch)"));
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
  BOOST_TEST(has_line(text, "slowest: users 150 ms (users.get.returns-resource)"));
  BOOST_TEST(has_line(text, "slowest: groups 30000 ms (groups.create.returns-201)"));
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
  run.suites[0].cases[1].baseline = "known";
  run.suites[0].cases[1].baseline_reason = "ticket 7";
  run.suites[0].cases[0].baseline = "fixed";
  run.suites[1].cases[0].baseline = "expired";
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
  failed.baseline = "known";
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
  failed.baseline = "expired";
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
  ::setenv("NO_COLOR", "", 1);
  BOOST_TEST(!colour_wanted(slave));
  ::unsetenv("NO_COLOR");
  ::setenv("TERM", "dumb", 1);
  BOOST_TEST(!colour_wanted(slave));
  ::unsetenv("TERM");
  BOOST_TEST(colour_wanted(slave));
  ::close(slave);
  ::close(master);
}

BOOST_AUTO_TEST_SUITE_END()
