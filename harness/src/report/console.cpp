#include "report/console.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

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

}  // namespace

bool colour_wanted(int fd) {
  if (!::isatty(fd)) return false;
  if (std::getenv("NO_COLOR") != nullptr) return false;
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

ConsoleReporter::ConsoleReporter(std::ostream& out, bool colour, bool verbose)
    : out_(out), colour_(colour), verbose_(verbose) {}

void ConsoleReporter::on_run_start(const result::RunResult& run) {
  out_ << "scimcheck " << term(run.tool_version) << "  profile " << term(run.profile) << "  target "
       << term(run.target) << "  run " << term(run.run_id) << "\n";
  if (run.insecure) {
    if (colour_) out_ << kBoldRed;
    out_ << "WARNING: TLS verification is OFF (--insecure)";
    if (colour_) out_ << kReset;
    out_ << "\n";
  }
  out_.flush();
}

void ConsoleReporter::on_case_done(const result::SuiteResult& suite, const CaseResult& kase) {
  (void)suite;
  // A failure the baseline accepts (when the runner's events carry the baseline marks).
  const bool known = result::is_known_failure(kase);
  const Label label = known ? Label{"KNOWN", kGrey} : label_for(kase.outcome);
  if (colour_) out_ << label.colour;
  out_ << label.text;
  if (colour_) out_ << kReset;
  out_ << "  " << term(kase.id) << "  " << term(kase.title);
  if (kase.outcome == Outcome::skipped && !kase.reason.empty())
    out_ << " (" << term(kase.reason) << ")";
  if (kase.outcome == Outcome::blocked)
    out_ << " (blocked by " << term(kase.blocked_by) << ": " << term(kase.reason) << ")";
  if (known) out_ << " (known failure: " << term(kase.baseline_reason) << ")";
  out_ << "\n";
  if (kase.baseline == "expired")
    out_ << "      baseline entry has expired: the failure counts\n";

  const bool details = is_problem(kase.outcome) && (!known || verbose_);
  if (!details && !verbose_) {
    out_.flush();
    return;
  }

  const std::string indent = "      ";
  if (colour_ && details) out_ << kGrey;
  if (details) {
    out_ << indent << "requirement: " << term(kase.requirement) << " [" << grade(kase)
         << "]\n";
    bool explained = false;
    for (const auto& step : kase.steps) {
      for (const auto& check : step.checks) {
        if (!is_problem(check.outcome)) continue;
        explained = true;
        out_ << indent << term(step.name) << ": " << term(check.description) << ": expected "
             << term(check.expected) << ", got " << term(check.actual) << "\n";
        if (!check.message.empty()) out_ << indent << "  " << term(check.message) << "\n";
      }
      if (is_problem(step.outcome) && !step.error.empty()) {
        explained = true;
        out_ << indent << term(step.name) << ": " << term(step.error) << "\n";
      }
    }
    if (!explained && !kase.reason.empty()) out_ << indent << term(kase.reason) << "\n";
    if (const std::string fix = result::fix_of(kase); !fix.empty())
      out_ << indent << "fix: " << term(fix) << "\n";
  }
  for (const auto& step : kase.steps) {
    if (!step.exchange) continue;
    if (!verbose_ && (!is_problem(step.outcome) || known)) continue;
    out_ << indent << request_line(*step.exchange);
    if (verbose_) out_ << "  (" << whole_ms(step.exchange->elapsed_ms) << " ms)";
    out_ << "\n";
  }
  if (colour_ && details) out_ << kReset;
  out_.flush();
}

void ConsoleReporter::on_run_done(const result::RunResult& run) {
  const result::Totals totals = result::totals(run);
  out_ << "\n" << summary_line(totals) << "\n";
  // Baseline states are known only once the run is over: list them under the summary.
  bool any_expired = false;
  for (const auto& suite : run.suites)
    for (const auto& kase : suite.cases) any_expired = any_expired || kase.baseline == "expired";
  if (totals.known > 0 || totals.fixed > 0 || any_expired) {
    out_ << "baseline: " << totals.known << " known failures (not failing the run), "
         << totals.fixed << " fixed\n";
    for (const auto& suite : run.suites) {
      for (const auto& kase : suite.cases) {
        if (result::is_known_failure(kase))
          out_ << "known:   " << term(kase.id) << " (" << term(kase.baseline_reason) << ")\n";
        else if (kase.baseline == "fixed")
          out_ << "fixed:   " << term(kase.id) << " passes now: remove its baseline entry\n";
        else if (kase.baseline == "expired")
          out_ << "expired: " << term(kase.id)
               << " baseline entry has expired: the failure counts\n";
      }
    }
  }
  for (const auto& suite : run.suites) {
    const CaseResult* slowest = nullptr;
    for (const auto& kase : suite.cases)
      if (kase.slowest_ms > 0 && (!slowest || kase.slowest_ms > slowest->slowest_ms))
        slowest = &kase;
    if (slowest)
      out_ << "slowest: " << term(suite.id) << " " << whole_ms(slowest->slowest_ms) << " ms ("
           << term(slowest->id) << ")\n";
  }
  if (const auto& t = run.throttling) {
    if (t->rate > 0)
      out_ << "pacing: " << t->rate << " requests/s, " << t->requests << " requests, "
           << whole_ms(t->rate_wait_ms) << " ms waited in all\n";
    if (t->throttled > 0 || t->exhausted > 0)
      out_ << "throttled: " << t->throttled << " answers (429/503) waited out and resent, "
           << whole_ms(t->wait_ms) << " ms waited; " << t->exhausted
           << " requests ran out of retries\n";
  }
  out_ << "cleanup: created " << run.cleanup.created << ", deleted " << run.cleanup.deleted << "\n";
  for (const auto& leftover : run.cleanup.leftovers) {
    if (colour_) out_ << kYellow;
    out_ << "leftover: " << term(leftover);
    if (colour_) out_ << kReset;
    out_ << "\n";
  }
  if (run.aborted) {
    if (colour_) out_ << kRed;
    out_ << "aborted: " << (run.abort_reason.empty() ? "interrupted" : term(run.abort_reason));
    if (colour_) out_ << kReset;
    out_ << "\n";
  }
  out_.flush();
}

}  // namespace scimcheck::report
