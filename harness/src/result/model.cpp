#include "result/model.hpp"
#include "source/timestamp.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace scimcheck::result {
namespace {

}  // namespace

const char* to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::passed:
      return "passed";
    case Outcome::failed:
      return "failed";
    case Outcome::errored:
      return "errored";
    case Outcome::skipped:
      return "skipped";
    case Outcome::warning:
      return "warning";
    case Outcome::blocked:
      return "blocked";
    case Outcome::not_evaluated:
      return "not-evaluated";
  }
  return "errored";
}

namespace {

int severity(Outcome o) {
  switch (o) {
    case Outcome::errored: return 6;
    case Outcome::failed: return 5;
    case Outcome::warning: return 4;
    case Outcome::blocked: return 3;
    case Outcome::not_evaluated: return 2;
    case Outcome::skipped: return 1;
    case Outcome::passed: return 0;
  }
  return 0;
}

}  // namespace

Outcome worst(Outcome a, Outcome b) { return severity(a) >= severity(b) ? a : b; }

std::size_t char_boundary(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text.size();
  std::size_t cut = limit;
  while (cut > 0 && limit - cut < 3 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return cut;
}

void keep_evidence(StepResult& step, http::Exchange exchange) {
  if (exchange.started_at.empty()) {
    const auto elapsed =
        std::chrono::duration<double, std::milli>(std::max(0.0, exchange.elapsed_ms));
    exchange.started_at =
        source::iso_utc_ms(std::chrono::system_clock::now() -
               std::chrono::duration_cast<std::chrono::system_clock::duration>(elapsed));
  }
  step.request_body_bytes = exchange.request.body.size();
  step.response_body_bytes = exchange.response.body.size();
  for (std::string* body : {&exchange.request.body, &exchange.response.body}) {
    if (body->size() <= kEvidenceBodyBytes) continue;
    body->resize(char_boundary(*body, kEvidenceBodyBytes));
    body->shrink_to_fit();
  }
  step.exchange = std::move(exchange);
}

std::string step_problem(const StepResult& step) {
  for (const auto& c : step.checks) {
    if (c.outcome == Outcome::failed || c.outcome == Outcome::errored ||
        c.outcome == Outcome::warning)
      return step.name + ": " + c.description + " (expected " + c.expected + ", got " +
             c.actual + ")";
  }
  return step.error.empty() ? std::string() : step.name + ": " + step.error;
}

void count(Totals& totals, const CaseResult& kase) {
  if (is_known_failure(kase)) {
    ++totals.known;
    return;
  }
  if (kase.baseline == "fixed") ++totals.fixed;
  switch (kase.outcome) {
    case Outcome::passed:
      ++totals.passed;
      break;
    case Outcome::failed:
      ++totals.failed;
      break;
    case Outcome::errored:
      ++totals.errored;
      break;
    case Outcome::skipped:
      ++totals.skipped;
      break;
    case Outcome::warning:
      ++totals.warning;
      break;
    case Outcome::blocked:
    case Outcome::not_evaluated:
      ++totals.blocked;
      break;
  }
}

Totals totals(const SuiteResult& suite) {
  Totals t;
  for (const auto& kase : suite.cases) count(t, kase);
  return t;
}

Totals totals(const RunResult& run) {
  Totals t;
  for (const auto& suite : run.suites)
    for (const auto& kase : suite.cases) count(t, kase);
  return t;
}

std::string fix_of(const CaseResult& kase) {
  for (const Outcome wanted : {Outcome::failed, Outcome::warning})
    for (const auto& step : kase.steps)
      for (const auto& check : step.checks)
        if (check.outcome == wanted && !check.fix.empty()) return check.fix;
  return kase.fix;
}

CaseResult header_of(const suite::Case& kase) {
  CaseResult r;
  r.id = kase.id;
  r.title = kase.title;
  r.requirement = kase.requirement;
  r.level = kase.level;
  r.impact = kase.impact;
  r.capability = kase.capability;
  r.entra_mode = kase.mode;
  r.fix = kase.fix;
  r.rationale = kase.rationale;
  r.source = kase.span;
  return r;
}

bool is_known_failure(const CaseResult& kase) {
  return kase.baseline == "known" &&
         (kase.outcome == Outcome::failed || kase.outcome == Outcome::errored ||
          kase.outcome == Outcome::warning);
}

bool fails_run(Outcome outcome, bool strict) {
  return outcome == Outcome::failed || outcome == Outcome::errored ||
         (strict && outcome == Outcome::warning);
}

int exit_code(const RunResult& run) {
  if (run.aborted) return 3;
  bool errored = false, failed = false;
  for (const auto& suite : run.suites) {
    for (const auto& kase : suite.cases) {
      if (is_known_failure(kase) || !fails_run(kase.outcome, run.strict)) continue;
      errored = errored || kase.outcome == Outcome::errored;
      failed = true;
    }
  }
  if (errored) return 3;
  return failed ? 1 : 0;
}

}  // namespace scimcheck::result
