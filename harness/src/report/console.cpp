#include "report/console.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <string>

#include "report/auth_line.hpp"
#include "report/checklist.hpp"
#include "report/text.hpp"

namespace scimcheck::report {

using result::CaseResult;
using result::Outcome;

namespace {

constexpr const char* kGreen = "\033[32m";
constexpr const char* kRed = "\033[31m";
constexpr const char* kYellow = "\033[33m";
constexpr const char* kGrey = "\033[90m";
constexpr const char* kBoldRed = "\033[1;31m";
constexpr const char* kReset = "\033[0m";
/// Back to column 0 and erase the line: where the progress line is drawn.
constexpr const char* kClearLine = "\r\033[K";

/// Most bytes of a body --verbose prints.
constexpr std::size_t kVerboseBodyBytes = 4096;
/// How often the progress line is redrawn while nothing else happens.
constexpr std::chrono::milliseconds kTick{250};

const std::string kIndent = "      ";

/// Fixed-width (5 columns) label for an outcome and the colour it is painted in.
struct Label {
  const char* text;
  const char* colour;
};

Label label_for(Outcome outcome) {
  switch (outcome) {
    case Outcome::passed:
      return {"PASS ", kGreen};
    case Outcome::failed:
      return {"FAIL ", kRed};
    case Outcome::errored:
      return {"ERROR", kRed};
    case Outcome::skipped:
      return {"SKIP ", kGrey};
    case Outcome::warning:
      return {"WARN ", kYellow};
    case Outcome::blocked:
    case Outcome::not_evaluated:
      return {"BLOCK", kGrey};
  }
  return {"ERROR", kRed};
}

/// Text from the run (much of it from the server) as it may reach the terminal.
std::string term(std::string_view text) { return terminal_text(text); }

std::string whole_ms(double ms) { return std::to_string(std::llround(ms)); }

std::string painted(const Label& label, bool colour) {
  if (!colour) return label.text;
  return std::string(label.colour) + label.text + kReset;
}

/// "POST https://host/Users -> 201", or the transport failure in place of the status.
std::string request_line(const http::Exchange& exchange) {
  std::string line = term(exchange.request.method) + " " + term(exchange.request.url) + " -> ";
  if (exchange.error && exchange.error->kind != http::ErrorKind::none) {
    line += std::string(http::to_string(exchange.error->kind)) + " error";
    if (!exchange.error->message.empty()) line += ": " + term(exchange.error->message);
  } else {
    line += std::to_string(exchange.response.status);
  }
  return line;
}

/// Headers and body, curl -v style: each line behind `mark` ("> " or "< "), terminal-safe.
void print_message(std::ostream& out, const char* mark, const http::Headers& headers,
                   const std::string& body, std::size_t received) {
  for (const auto& h : headers) out << kIndent << mark << term(h.name + ": " + h.value) << "\n";
  if (body.empty()) return;
  out << kIndent << mark[0] << "\n";
  std::istringstream lines(show_body(body, kVerboseBodyBytes, received));
  for (std::string line; std::getline(lines, line);) out << kIndent << mark << term(line) << "\n";
}

/// The whole exchange of a failing step (--verbose): already redacted, bodies cut.
void print_exchange(std::ostream& out, const result::StepResult& step) {
  const http::Exchange& ex = *step.exchange;
  out << kIndent << "> " << term(ex.request.method) << " " << term(ex.request.url) << "\n";
  print_message(out, "> ", ex.request.headers, ex.request.body, step.request_body_bytes);
  if (ex.error && ex.error->kind != http::ErrorKind::none) return;
  out << kIndent << "< " << ex.response.status << "\n";
  print_message(out, "< ", ex.response.headers, ex.response.body, step.response_body_bytes);
}

/// The count and noun: "1 check", "11 checks".
std::string checks(std::size_t n) { return std::to_string(n) + (n == 1 ? " check" : " checks"); }

/// "file:line:col" of a span, the file relative to `cwd` when it lies under it.
std::string where(const source::Span& span, const std::string& cwd) {
  std::string file = span.file;
  if (!cwd.empty() && file.size() > cwd.size() && file.compare(0, cwd.size(), cwd) == 0 &&
      file[cwd.size()] == '/')
    file.erase(0, cwd.size() + 1);
  return term(source::location({file, span.line, span.column, ""}));
}

std::string current_dir() {
  std::error_code ec;
  const auto dir = std::filesystem::current_path(ec);
  return ec ? std::string() : dir.string();
}

/// Why a problem case went wrong: each failed expectation where it is written, like a
/// compiler error ("file:line:col: id: description: expected X, got Y"), each step error,
/// and the fix.
void print_details(std::ostream& out, const CaseResult& kase, const std::string& cwd) {
  out << kIndent << "requirement: " << term(kase.requirement) << " [" << grade(kase) << "]\n";
  bool explained = false;
  bool mapping_shown = kase.mapping.file.empty();
  for (const auto& step : kase.steps) {
    for (const auto& check : step.checks) {
      if (!result::is_problem(check.outcome)) continue;
      explained = true;
      const source::Span& span = check.source.file.empty() ? kase.source : check.source;
      const std::string what = term(check.description) + ": expected " + term(check.expected) +
                               ", got " + term(check.actual);
      if (span.file.empty())
        out << kIndent << term(step.name) << ": " << what << "\n";
      else
        out << where(span, cwd) << ": " << term(kase.id) << ": " << what << "\n";
      if (!check.message.empty()) out << kIndent << "  " << term(check.message) << "\n";
      if (!mapping_shown) {
        out << kIndent << "mapped at " << where(kase.mapping, cwd) << "\n";
        mapping_shown = true;
      }
    }
    if (result::is_problem(step.outcome) && !step.error.empty()) {
      explained = true;
      if (kase.source.file.empty())
        out << kIndent << term(step.name) << ": " << term(step.error) << "\n";
      else
        out << where(kase.source, cwd) << ": " << term(kase.id) << ": " << term(step.name) << ": "
            << term(step.error) << "\n";
    }
  }
  if (!explained && !kase.reason.empty()) out << kIndent << term(kase.reason) << "\n";
  if (const std::string fix = result::fix_of(kase); !fix.empty())
    out << kIndent << "fix: " << term(fix) << "\n";
}

/// The first line of a case: label, id, title and what explains the outcome in a few words.
void print_head(std::ostream& out, const CaseResult& kase, bool known, bool colour) {
  out << painted(known ? Label{"KNOWN", kGrey} : label_for(kase.outcome), colour) << "  "
      << term(kase.id) << "  " << term(kase.title);
  if (kase.outcome == Outcome::skipped && !kase.reason.empty())
    out << " (" << term(kase.reason) << ")";
  if (kase.outcome == Outcome::blocked)
    out << " (blocked by " << term(kase.blocked_by) << ": " << term(kase.reason) << ")";
  if (known) out << " (known failure: " << term(kase.baseline_reason) << ")";
  out << "\n";
  if (kase.baseline == result::BaselineState::expired)
    out << kIndent << "baseline entry has expired: the failure counts\n";
}

/// "auth: oauth2 client credentials, access token lifetime 60 min, 1 refresh"; then a gallery
/// warning when the lifetime is outside Entra's range. Nothing for the other types.
std::string auth_lines(const result::RunResult& run, bool quiet) {
  const std::string summary = auth_summary(run);
  if (summary.empty()) return "";
  std::string out;
  if (!quiet) out = "auth: " + summary + "\n";
  if (result::lifetime_in_gallery_range(*run.auth) == false)
    out += "warning (gallery): access token lifetime " +
           lifetime_text(*run.auth->token_lifetime_s) +
           " is outside the 60 min to 6 h Entra requires of gallery apps\n";
  return out;
}

/// The slowest exchange of the run and the check that sent it, or "" when none was sent.
std::string slowest_line(const result::RunResult& run) {
  const http::Exchange* slowest = nullptr;
  const CaseResult* owner = nullptr;
  for (const auto& suite : run.suites)
    for (const auto& kase : suite.cases)
      for (const auto& step : kase.steps)
        if (step.exchange && (!slowest || step.exchange->elapsed_ms > slowest->elapsed_ms)) {
          slowest = &*step.exchange;
          owner = &kase;
        }
  if (!slowest || slowest->elapsed_ms <= 0) return {};
  return "slowest: " + whole_ms(slowest->elapsed_ms) + " ms  " + term(slowest->request.method) +
         " " + term(slowest->request.url) + " (" + term(owner->id) + ")";
}

/// Seconds with one decimal: "4.2 s".
std::string seconds(std::chrono::steady_clock::duration d) {
  const double s = std::chrono::duration<double>(d).count();
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(1);
  out << s << " s";
  return out.str();
}

/// `text` cut to at most `columns` characters (UTF-8 code points), so that it never wraps.
std::string fit(const std::string& text, int columns) {
  int seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (seen++ == columns) return text.substr(0, i);
  }
  return text;
}

int terminal_columns() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

}  // namespace

bool colour_wanted(int fd) {
  if (!::isatty(fd)) return false;
  if (std::getenv("NO_COLOR") != nullptr) return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::strcmp(term, "dumb") != 0;
}

bool live_wanted(int fd) {
  if (!::isatty(fd)) return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::strcmp(term, "dumb") != 0;
}

std::string summary_line(const result::Totals& totals) {
  std::string line = std::to_string(totals.passed) + " passed, " +
                     std::to_string(totals.failed) + " failed, " +
                     std::to_string(totals.errored) + " errored, " +
                     std::to_string(totals.skipped) + " skipped, " +
                     std::to_string(totals.warning) + " warnings";
  if (totals.blocked > 0) line += ", " + std::to_string(totals.blocked) + " blocked";
  if (totals.known > 0) line += ", " + std::to_string(totals.known) + " known";
  return line;
}

std::string modes_lines(const result::RunResult& run) {
  if (!both_modes(run)) return {};
  const auto off = mode_totals(run, suite::EntraMode::flag_off);
  const auto on = mode_totals(run, suite::EntraMode::flag_on);
  std::string text = "entra modes: both ran, " + std::to_string(off.total()) + " flag-off and " +
                     std::to_string(on.total()) + " flag-on checks besides the common ones\n";
  const auto failing = [](const result::Totals& t) { return t.failed + t.errored > 0; };
  if (failing(off) || failing(on))
    text += "flag-off checks: " + summary_line(off) + "\nflag-on checks:  " + summary_line(on) + "\n";
  return text;
}

std::vector<std::string> skip_groups(const std::vector<SkippedCheck>& skipped) {
  struct Group {
    std::string text;
    bool shared = false;
    std::vector<std::string> ids;
  };
  std::vector<Group> groups;
  for (const auto& check : skipped) {
    const bool shared = !check.group.empty();
    const std::string& text = shared ? check.group : check.reason;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
      return g.shared == shared && g.text == text;
    });
    if (it == groups.end()) it = groups.insert(groups.end(), Group{text, shared, {}});
    it->ids.push_back(check.id);
  }
  std::stable_sort(groups.begin(), groups.end(),
                   [](const Group& a, const Group& b) { return a.ids.size() > b.ids.size(); });
  std::vector<std::string> lines;
  for (const auto& g : groups) {
    std::string line = checks(g.ids.size()) +
                       (g.shared ? (g.ids.size() == 1 ? " needs " : " need ") : ": ") + g.text;
    if (g.ids.size() == 1) line += " (" + g.ids.front() + ")";
    lines.push_back(term(line));
  }
  return lines;
}

ConsoleReporter::ConsoleReporter(std::ostream& out, ConsoleOptions options)
    : out_(out), options_(options), cwd_(current_dir()) {}

ConsoleReporter::~ConsoleReporter() { end_progress(); }

void ConsoleReporter::expect_checks(std::size_t count) {
  std::lock_guard lock(mutex_);
  expected_ = count;
}

void ConsoleReporter::on_run_start(const result::RunResult& run) {
  std::ostringstream text;
  if (!options_.quiet)
    text << "scimcheck " << term(run.tool_version) << "  profile " << term(run.profile)
         << "  target " << term(run.target) << "  run " << term(run.run_id) << "\n";
  if (run.insecure) {
    if (options_.colour) text << kBoldRed;
    text << "WARNING: TLS verification is OFF (--insecure)";
    if (options_.colour) text << kReset;
    text << "\n";
  }
  std::lock_guard lock(mutex_);
  started_ = std::chrono::steady_clock::now();
  write(text.str());
  if (options_.live && !options_.quiet && !ticker_.joinable())
    ticker_ = std::thread([this] { tick(); });
}

void ConsoleReporter::on_case_done(const result::SuiteResult& suite, const CaseResult& kase) {
  (void)suite;
  // A failure the baseline accepts (when the runner's events carry the baseline marks).
  const bool known = result::is_known_failure(kase);
  const bool problem = result::is_problem(kase.outcome) && !known;
  std::ostringstream text;
  const bool listed =
      options_.quiet ? problem : kase.outcome != Outcome::skipped || options_.show_skipped;
  if (listed) {
    print_head(text, kase, known, options_.colour);
    const bool details = result::is_problem(kase.outcome) && (!known || options_.verbose);
    if (options_.colour && details) text << kGrey;
    if (details) print_details(text, kase, cwd_);
    for (const auto& step : kase.steps) {
      if (!step.exchange) continue;
      if (!options_.verbose && (!result::is_problem(step.outcome) || known)) continue;
      text << kIndent << request_line(*step.exchange);
      if (options_.verbose) text << "  (" << whole_ms(step.exchange->elapsed_ms) << " ms)";
      text << "\n";
      if (options_.verbose && result::is_problem(step.outcome)) print_exchange(text, step);
    }
    if (options_.colour && details) text << kReset;
  }
  std::lock_guard lock(mutex_);
  ++done_;
  if (!known && (kase.outcome == Outcome::failed || kase.outcome == Outcome::errored)) ++failing_;
  if (kase.outcome == Outcome::skipped && !listed && !options_.quiet)
    skipped_.push_back({kase.id, kase.reason, kase.skip_group});
  write(text.str());
}

void ConsoleReporter::end_progress() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  std::lock_guard lock(mutex_);
  if (progress_shown_) {
    out_ << kClearLine;
    out_.flush();
    progress_shown_ = false;
  }
}

void ConsoleReporter::on_run_done(const result::RunResult& run) {
  end_progress();
  std::lock_guard lock(mutex_);
  const bool quiet = options_.quiet;
  std::ostringstream text;
  const auto groups = skip_groups(skipped_);
  for (const auto& line : groups)
    text << painted(label_for(Outcome::skipped), options_.colour) << "  " << line << "\n";
  if (!groups.empty()) text << kIndent << "(--show-skipped lists each skipped check)\n";

  const result::Totals totals = result::totals(run);
  text << "\n" << summary_line(totals);
  if (run.deselected > 0) text << ", " << run.deselected << " not selected";
  text << "\n" << modes_lines(run);
  // Baseline states are known only once the run is over: list them under the summary.
  bool any_expired = false;
  for (const auto& suite : run.suites)
    for (const auto& kase : suite.cases)
      any_expired = any_expired || kase.baseline == result::BaselineState::expired;
  if (totals.known > 0 || totals.fixed > 0 || any_expired) {
    text << "baseline: " << totals.known << " known failures (not failing the run), "
         << totals.fixed << " fixed\n";
    for (const auto& suite : run.suites) {
      for (const auto& kase : suite.cases) {
        if (result::is_known_failure(kase))
          text << "known:   " << term(kase.id) << " (" << term(kase.baseline_reason) << ")\n";
        else if (kase.baseline == result::BaselineState::fixed)
          text << "fixed:   " << term(kase.id) << " passes now: remove its baseline entry\n";
        else if (kase.baseline == result::BaselineState::expired)
          text << "expired: " << term(kase.id)
               << " baseline entry has expired: the failure counts\n";
      }
    }
  }
  if (const std::string slowest = slowest_line(run); !slowest.empty() && !quiet)
    text << slowest << "\n";
  if (const auto& t = run.throttling; t && !quiet) {
    if (t->rate > 0)
      text << "pacing: " << t->rate << " requests/s, " << t->requests << " requests, "
           << whole_ms(t->rate_wait_ms) << " ms waited in all\n";
    if (t->throttled > 0 || t->exhausted > 0)
      text << "throttled: " << t->throttled << " answers (429/503) waited out and resent, "
           << whole_ms(t->wait_ms) << " ms waited; " << t->exhausted
           << " requests ran out of retries\n";
  }
  text << auth_lines(run, quiet);
  if (!quiet)
    text << "cleanup: created " << run.cleanup.created << ", deleted " << run.cleanup.deleted
         << "\n";
  for (const auto& leftover : run.cleanup.leftovers) {
    if (options_.colour) text << kYellow;
    text << "leftover: " << term(leftover);
    if (options_.colour) text << kReset;
    text << "\n";
  }
  if (run.aborted) {
    if (options_.colour) text << kRed;
    text << "aborted: " << (run.abort_reason.empty() ? "interrupted" : term(run.abort_reason));
    if (options_.colour) text << kReset;
    text << "\n";
  }
  write(text.str());
}

void ConsoleReporter::on_request_sent(std::uint64_t id, std::string_view method,
                                      std::string_view path) {
  if (!options_.live) return;
  std::lock_guard lock(mutex_);
  in_flight_[id] = {std::string(method), std::string(path), std::chrono::steady_clock::now()};
}

void ConsoleReporter::on_request_done(std::uint64_t id) {
  if (!options_.live) return;
  std::lock_guard lock(mutex_);
  in_flight_.erase(id);
}

std::string ConsoleReporter::progress() const {
  std::lock_guard lock(mutex_);
  return progress_locked();
}

std::string ConsoleReporter::progress_locked() const {
  if (!options_.live || options_.quiet) return {};
  const auto now = std::chrono::steady_clock::now();
  std::string line = std::to_string(done_) + "/" + std::to_string(expected_) + " checks, " +
                     std::to_string(failing_) + " failing, " + seconds(now - started_);
  // The request waited on longest: ids grow, so the first in the map was sent first.
  if (!in_flight_.empty()) {
    const InFlight& oldest = in_flight_.begin()->second;
    line += ", waiting " + seconds(now - oldest.since) + " for " + term(oldest.method) + " " +
            term(oldest.path);
    if (in_flight_.size() > 1) line += " (+" + std::to_string(in_flight_.size() - 1) + " more)";
  }
  return line;
}

void ConsoleReporter::draw_progress() {
  const std::string line = progress_locked();
  if (line.empty() || stopping_) return;
  const int columns = options_.columns > 0 ? options_.columns : terminal_columns();
  out_ << kClearLine << fit(line, std::max(1, columns - 1));
  out_.flush();
  progress_shown_ = true;
}

void ConsoleReporter::write(const std::string& text) {
  if (progress_shown_) {
    out_ << kClearLine;
    progress_shown_ = false;
  }
  out_ << text;
  draw_progress();
  out_.flush();
}

void ConsoleReporter::tick() {
  std::unique_lock lock(mutex_);
  while (!stop_cv_.wait_for(lock, kTick, [this] { return stopping_; })) draw_progress();
}

}  // namespace scimcheck::report
