#include "result/model.hpp"
#include "source/timestamp.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace scimcheck::result {

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

bool is_problem(Outcome outcome) {
  return outcome == Outcome::failed || outcome == Outcome::errored || outcome == Outcome::warning;
}

const char* to_string(BaselineState state) {
  switch (state) {
    case BaselineState::none: return "";
    case BaselineState::known: return "known";
    case BaselineState::fixed: return "fixed";
    case BaselineState::expired: return "expired";
  }
  return "";
}

std::optional<BaselineState> parse_baseline_state(std::string_view text) {
  for (const BaselineState state : {BaselineState::none, BaselineState::known,
                                    BaselineState::fixed, BaselineState::expired})
    if (text == to_string(state)) return state;
  return std::nullopt;
}

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

const CheckResult* first_problem_check(const StepResult& step) {
  for (const auto& check : step.checks)
    if (is_problem(check.outcome)) return &check;
  return nullptr;
}

std::string step_problem(const StepResult& step) {
  if (const CheckResult* c = first_problem_check(step))
    return step.name + ": " + c->description + " (expected " + c->expected + ", got " +
           c->actual + ")";
  return step.error.empty() ? std::string() : step.name + ": " + step.error;
}

std::string first_problem(const CaseResult& kase) {
  if (!kase.reason.empty()) return kase.reason;
  for (const auto& step : kase.steps) {
    if (const CheckResult* c = first_problem_check(step))
      return c->description + ": expected " + c->expected + ", got " + c->actual;
    if (is_problem(step.outcome) && !step.error.empty()) return step.error;
  }
  return std::string(to_string(kase.outcome));
}

void count(Totals& totals, const CaseResult& kase) {
  if (is_known_failure(kase)) {
    ++totals.known;
    return;
  }
  if (kase.baseline == BaselineState::fixed) ++totals.fixed;
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

Totals totals(const std::vector<const CaseResult*>& cases) {
  Totals t;
  for (const CaseResult* kase : cases) count(t, *kase);
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
  return kase.baseline == BaselineState::known && is_problem(kase.outcome);
}

bool fails_run(Outcome outcome, bool strict) {
  return outcome == Outcome::failed || outcome == Outcome::errored ||
         (strict && outcome == Outcome::warning);
}

bool fails_run(const CaseResult& kase, bool strict) {
  return !is_known_failure(kase) && fails_run(kase.outcome, strict);
}

int exit_code(const RunResult& run) {
  if (run.aborted) return 3;
  bool errored = false, failed = false;
  for (const auto& suite : run.suites) {
    for (const auto& kase : suite.cases) {
      if (!fails_run(kase, run.strict)) continue;
      errored = errored || kase.outcome == Outcome::errored;
      failed = true;
    }
  }
  if (errored) return 3;
  return failed ? 1 : 0;
}

}  // namespace scimcheck::result
