#pragma once
/// The result model: run > suite > case > step > check. Reporters read this and nothing
/// else. Exchanges stored here are already redacted.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/exchange.hpp"
#include "http/tls_probe.hpp"
#include "source/span.hpp"
#include "suite/model.hpp"

namespace scimcheck::result {

/// blocked: a case whose setup step failed before the feature under test was reached (the
/// check named in CaseResult::blocked_by owns the cause). not_evaluated: an expectation left
/// unevaluated because its step's status or body already failed.
enum class Outcome { passed, failed, errored, skipped, warning, blocked, not_evaluated };
const char* to_string(Outcome outcome);  ///< "passed", "failed", ..., "not-evaluated"

/// The worse of two outcomes: errored > failed > warning > blocked > not evaluated > skipped
/// > passed.
Outcome worst(Outcome a, Outcome b);

/// Failed, errored and warning: the outcomes that come with an explanation.
bool is_problem(Outcome outcome);

/// A case's standing against the baseline of known failures (--baseline).
enum class BaselineState {
  none,     ///< not listed
  known,    ///< a failure the baseline accepts: reported, but the run does not fail for it
  fixed,    ///< listed, but passed this time (its entry can go)
  expired,  ///< listed, but the entry's date has passed, so the failure counts again
};
const char* to_string(BaselineState state);  ///< "", "known", "fixed", "expired"
/// The state to_string names; nullopt for any other text.
std::optional<BaselineState> parse_baseline_state(std::string_view text);

/// One expectation evaluated against one exchange.
struct CheckResult {
  std::string description;  ///< "status is one of 201", "path userName equals \"x\""
  Outcome outcome = Outcome::passed;
  std::string expected;
  std::string actual;
  std::string message;  ///< extra explanation on failure
  suite::Level level = suite::Level::must;
  /// The expectation's own impact when it differs from its case's (an RFC-only rule inside
  /// an Entra check); nullopt: the case's.
  std::optional<suite::Impact> impact;
  std::string fix;  ///< the expectation's own fix; empty: the case's
  /// Where the expectation is written (suite file:line:col); empty file for checks the runner
  /// adds itself (ownership of a created resource).
  source::Span source;
};

/// Most bytes of a request or response body that a step keeps as evidence: the checks see
/// the whole body, the result model and the reports its start.
constexpr std::size_t kEvidenceBodyBytes = 64u << 10;

struct StepResult {
  std::string name;
  Outcome outcome = Outcome::passed;
  std::string setup;  ///< setup step: the id of the check owning its requirement; empty: subject
  /// Redacted, bodies cut at kEvidenceBodyBytes; absent when nothing was sent.
  std::optional<http::Exchange> exchange;
  std::vector<CheckResult> checks;
  std::string error;  ///< why the step errored or was skipped
  std::size_t request_body_bytes = 0;   ///< the request body's whole size
  std::size_t response_body_bytes = 0;  ///< the response body's whole size as received
};

/// The largest cut of `text` at most `limit` bytes long that does not split a UTF-8
/// sequence (looking back at most 3 bytes, so malformed text is still cut near `limit`).
std::size_t char_boundary(const std::string& text, std::size_t limit);

/// The step's first check that failed, errored or warned; nullptr when none did.
const CheckResult* first_problem_check(const StepResult& step);

/// One line naming the first problem of a step: "<step>: <check> (expected X, got Y)", or
/// its error; empty when it has none.
std::string step_problem(const StepResult& step);

/// Keeps `exchange` as the step's evidence: its bodies cut at kEvidenceBodyBytes on a
/// character boundary, their whole sizes in request_body_bytes and response_body_bytes, and,
/// when it has none, its started_at taken as now minus its elapsed time (it is kept as soon
/// as it has been checked).
void keep_evidence(StepResult& step, http::Exchange exchange);

struct CaseResult {
  std::string id;
  std::string title;
  std::string suite;  ///< suite id (area)
  std::string requirement;
  suite::Level level = suite::Level::must;
  suite::Impact impact = suite::Impact::entra;
  std::string capability;
  /// The Entra request shapes the case uses: any (common to both modes), flag_off or flag_on.
  suite::EntraMode entra_mode = suite::EntraMode::any;
  std::string fix;
  std::string rationale;
  Outcome outcome = Outcome::passed;
  std::string reason;  ///< skip reason, error message, or first failure summary
  std::string blocked_by;  ///< blocked: the id of the check that tests the failed requirement
  /// skipped: what every check skipped for the same cause needs, with what lifts it (the
  /// console's grouped line); empty when the reason is the check's own.
  std::string skip_group;
  std::vector<StepResult> steps;
  double duration_ms = 0;
  double slowest_ms = 0;  ///< slowest exchange of the case
  /// HTTP requests the case sent, its own cleanup included: the length of its chain of
  /// dependent requests.
  int requests = 0;
  /// Standing against the baseline of known failures (--baseline).
  BaselineState baseline = BaselineState::none;
  std::string baseline_reason;  ///< the entry's reason, when the case is listed
  source::Span source;   ///< where the case is written in its suite
  /// A for_each case: the profile attribute mapping it was expanded for; empty file otherwise.
  source::Span mapping;
};

/// What the vendor should change for this case: the fix of its first failed expectation
/// that has one, else of its first warning that has one, else the case's fix.
std::string fix_of(const CaseResult& kase);

/// A result for `kase` with what the suite says of it (id, title, requirement, level, impact,
/// capability, Entra mode, fix, rationale) and nothing run yet.
CaseResult header_of(const suite::Case& kase);

/// The case failed (or errored, or warned) and the baseline accepts it.
bool is_known_failure(const CaseResult& kase);

/// One line naming the first thing that went wrong in a case: its reason when it has one,
/// else "<check>: expected X, got Y" of its first problem check, else its first step error,
/// else its outcome.
std::string first_problem(const CaseResult& kase);

struct SuiteResult {
  std::string id;
  std::string title;
  std::string file;
  std::vector<CaseResult> cases;
};

struct Cleanup {
  int created = 0;
  int deleted = 0;
  std::vector<std::string> leftovers;  ///< "/Users/<id>: <why>"
};

/// What pacing and throttling did over the run (http/pacing.hpp).
struct Throttling {
  double rate = 0;          ///< requested requests per second for the run; 0: unlimited
  int requests = 0;         ///< requests sent, resends included
  int throttled = 0;        ///< 429/503 answers waited out and resent
  int exhausted = 0;        ///< requests whose retry budget ran out (the refusal was checked)
  double wait_ms = 0;       ///< Retry-After waits, summed over requests
  double rate_wait_ms = 0;  ///< waits for the rate limit, summed over requests
};

/// Access-token lifetimes Entra requires of gallery apps using OAuth client credentials:
/// 60 min to 6 h (entra-contract.md, OAuth 2.0 client credentials row).
inline constexpr long long kGalleryMinTokenLifetimeS = 60 * 60;
inline constexpr long long kGalleryMaxTokenLifetimeS = 6 * 60 * 60;

/// How the run authenticated (http/auth.hpp AuthStats).
struct AuthRecord {
  /// "bearer", "basic", "none", "oauth2 client credentials" or "oauth2 refresh token".
  std::string type;
  /// oauth2: expires_in of the first access token the token endpoint issued; absent when the
  /// endpoint did not say or issued none.
  std::optional<long long> token_lifetime_s;
  int refreshes = 0;  ///< oauth2: access tokens obtained after the first one
};

/// Whether a known token lifetime is inside Entra's gallery range; nullopt when unknown.
inline std::optional<bool> lifetime_in_gallery_range(const AuthRecord& auth) {
  if (!auth.token_lifetime_s) return std::nullopt;
  return *auth.token_lifetime_s >= kGalleryMinTokenLifetimeS &&
         *auth.token_lifetime_s <= kGalleryMaxTokenLifetimeS;
}

/// One requirement of Entra's gallery onboarding validation and the checks that show it
/// (suites/gallery/readiness.json).
struct GalleryRequirement {
  std::string id;        ///< "users.create"
  std::string title;     ///< "Create user"
  std::string citation;  ///< "entra-contract.md §2.6"
  bool optional = false;  ///< a failure is a warning only
  std::vector<std::string> checks;  ///< check ids or globs (source/glob.hpp)
};

/// How a failed `scimcheck load` threshold weighs on gallery readiness.
struct GalleryLoadRule {
  std::string threshold;  ///< "load.rate"
  std::string citation;
  bool blocker = true;  ///< false: a warning
};

/// One threshold of a merged `scimcheck load` result (load.json).
struct LoadThreshold {
  std::string id;  ///< "load.rate"
  std::string title;
  /// "passed", "failed", "not measured" (the run was too short or sent nothing) or "not
  /// applicable" (e.g. cleanup when nothing was created), as load.json says.
  std::string status;
  std::string expected;
  std::string actual;
};

/// What the gallery-readiness section is built from (report/readiness.hpp): facts the run
/// gathered, the requirement table it was given, and any merged load results.
struct Readiness {
  std::string scheme;  ///< the target URL's scheme: "https" or "http"
  std::optional<http::TlsProbe> tls;  ///< absent when not probed (plain http, or none asked)
  std::vector<GalleryRequirement> requirements;
  std::vector<GalleryLoadRule> load_rules;
  std::vector<LoadThreshold> load;  ///< empty until a load.json is merged
  std::string load_run_id;          ///< the merged load run's id
};

/// The counts every report shows. Each case counts once: a failure (or error, or warning)
/// the baseline accepts counts as `known`, not under its outcome.
struct Totals {
  int passed = 0, failed = 0, errored = 0, skipped = 0, warning = 0, blocked = 0;
  int known = 0;
  int fixed = 0;  ///< an overlay on `passed` (not added to total()): baseline entries that passed
  int total() const { return passed + failed + errored + skipped + warning + blocked + known; }
  /// Display outcome names ("passed", ..., "blocked", "known") with their counts, in the
  /// order the reports show them.
  std::vector<std::pair<std::string, int>> items() const {
    return {{"passed", passed},   {"failed", failed},   {"errored", errored},
            {"warning", warning}, {"blocked", blocked}, {"skipped", skipped},
            {"known", known}};
  }
};

struct RunResult {
  std::string tool_version;
  std::string run_id;
  std::string profile;
  std::string profile_title;
  std::string target;  ///< redacted base URL, or "embedded reference server"
  /// "flag-off" or "flag-on": the checks of the other mode were skipped; "both": every check
  /// ran with its own shapes.
  std::string entra_mode;
  std::string started_at;   ///< ISO 8601 UTC
  std::string finished_at;  ///< ISO 8601 UTC
  double duration_ms = 0;
  bool strict = false;
  bool insecure = false;  ///< TLS verification was switched off
  bool aborted = false;   ///< interrupted (SIGINT/SIGTERM)
  std::string abort_reason;
  std::vector<SuiteResult> suites;
  /// Checks --only/--skip left out: in no suite, no report lists them; only counted.
  int deselected = 0;
  Cleanup cleanup;
  std::optional<Throttling> throttling;  ///< absent when no pacer was involved
  std::optional<AuthRecord> auth;        ///< absent in files written before it existed
  /// Present when the gallery-readiness section is wanted (gallery profile,
  /// --gallery-readiness, or a merged load.json).
  std::optional<Readiness> readiness;
};

/// Adds one case to `totals`: the one place cases are counted.
void count(Totals& totals, const CaseResult& kase);
Totals totals(const RunResult& run);
Totals totals(const SuiteResult& suite);
Totals totals(const std::vector<const CaseResult*>& cases);

/// An outcome that fails the run: failed or errored, or a warning under --strict. A known
/// failure (is_known_failure) is the caller's to excuse.
bool fails_run(Outcome outcome, bool strict);

/// A case that fails the run: its outcome does (fails_run) and the baseline does not accept it.
bool fails_run(const CaseResult& kase, bool strict);

/// 0 all passed (warnings allowed unless strict), 1 conformance failures, 3 errored or aborted.
/// Known failures (baseline) count as passed here.
int exit_code(const RunResult& run);

}  // namespace scimcheck::result
