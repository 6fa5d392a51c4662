#include "report/junit.hpp"

#include <cmath>
#include <cstdint>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "report/readiness_render.hpp"
#include "report/text.hpp"

namespace scimcheck::report {

using result::CaseResult;
using result::Outcome;

namespace {

/// Bodies longer than this (after pretty-printing) are cut in the failure text.
constexpr std::size_t kBodyLimit = 8 * 1024;

/// Whole milliseconds, so that suite and run times are exact sums of the case times.
std::int64_t case_ms(const CaseResult& kase) {
  return kase.duration_ms > 0 ? std::llround(kase.duration_ms) : 0;
}

/// Milliseconds as JUnit seconds with three decimals: 1234 -> "1.234".
std::string seconds(std::int64_t ms) {
  std::string frac = std::to_string(ms % 1000);
  return std::to_string(ms / 1000) + "." + std::string(3 - frac.size(), '0') + frac;
}

void append_indented(std::string& out, const std::string& text, const std::string& indent) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end == std::string::npos ? end : end - start);
    out += line.empty() ? "\n" : indent + line + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

void append_exchange(std::string& out, const result::StepResult& step) {
  const http::Exchange& ex = *step.exchange;
  out += "\nexchange of step \"" + step.name + "\" (" +
         std::to_string(std::llround(ex.elapsed_ms)) + " ms)\n";
  out += "request:\n  " + ex.request.method + " " + ex.request.url + "\n";
  for (const auto& h : ex.request.headers) out += "  " + h.name + ": " + h.value + "\n";
  if (!ex.request.body.empty()) {
    out += "\n";
    append_indented(out, show_body(ex.request.body, kBodyLimit, step.request_body_bytes), "  ");
  }
  if (ex.error && ex.error->kind != http::ErrorKind::none) {
    out += std::string("response: none (") + http::to_string(ex.error->kind) + " error";
    if (!ex.error->message.empty()) out += ": " + ex.error->message;
    out += ")\n";
    return;
  }
  out += "response:\n  HTTP " + std::to_string(ex.response.status) + "\n";
  for (const auto& h : ex.response.headers) out += "  " + h.name + ": " + h.value + "\n";
  if (!ex.response.body.empty()) {
    out += "\n";
    append_indented(out, show_body(ex.response.body, kBodyLimit, step.response_body_bytes), "  ");
  }
}

/// Everything a reader needs to act on a case that did not pass: the requirement, each check
/// that did not hold with expected and actual values, the fix, and every exchange sent.
std::string evidence(const CaseResult& kase) {
  std::string out;
  out += "requirement: " + kase.requirement + " [" + grade(kase) + "]\n";
  if (!kase.capability.empty()) out += "capability: " + kase.capability + "\n";
  if (!kase.mapping.file.empty()) out += "mapping: " + source::location(kase.mapping) + "\n";
  if (!kase.reason.empty()) out += "reason: " + kase.reason + "\n";
  if (kase.baseline == result::BaselineState::expired)
    out += "baseline: the entry for this check has expired (" + kase.baseline_reason +
           "), so the failure counts again\n";
  for (const auto& step : kase.steps) {
    for (const auto& check : step.checks) {
      if (!result::is_problem(check.outcome)) continue;
      out += "\ncheck " + std::string(result::to_string(check.outcome)) + " in step \"" +
             step.name + "\": " + check.description + " [" + grade(check) + "]\n";
      out += "  expected: " + check.expected + "\n";
      out += "  actual:   " + check.actual + "\n";
      if (!check.message.empty()) out += "  message:  " + check.message + "\n";
      if (!check.source.file.empty())
        out += "  source:   " + source::location(check.source) + "\n";
    }
    if (result::is_problem(step.outcome) && !step.error.empty())
      out += "\nstep \"" + step.name + "\" " + result::to_string(step.outcome) + ": " + step.error +
             "\n";
  }
  if (const std::string fix = result::fix_of(kase); !fix.empty()) out += "\nfix: " + fix + "\n";
  if (!kase.rationale.empty()) out += "why: " + kase.rationale + "\n";
  for (const auto& step : kase.steps)
    if (step.exchange) append_exchange(out, step);
  return out;
}

void set(pugi::xml_node node, const char* name, const std::string& value) {
  node.append_attribute(name).set_value(safe_text(value).c_str());
}

void set(pugi::xml_node node, const char* name, long long value) {
  node.append_attribute(name).set_value(value);
}

void property(pugi::xml_node properties, const char* name, const std::string& value) {
  pugi::xml_node p = properties.append_child("property");
  set(p, "name", name);
  set(p, "value", value);
}

/// The JUnit counts of a set of cases (result::Totals): a known failure, a blocked and a
/// skipped case count as skipped, a warning as a failure only under --strict.
struct Counts {
  long long tests = 0, failures = 0, errors = 0, skipped = 0, ms = 0;
  Counts() = default;
  Counts(const result::SuiteResult& suite, bool strict) {
    const result::Totals t = result::totals(suite);
    tests = t.total();
    failures = t.failed + (strict ? t.warning : 0);
    errors = t.errored;
    skipped = t.skipped + t.blocked + t.known;
    for (const auto& kase : suite.cases) ms += case_ms(kase);
  }
  void add(const Counts& other) {
    tests += other.tests;
    failures += other.failures;
    errors += other.errors;
    skipped += other.skipped;
    ms += other.ms;
  }
};

void set_counts(pugi::xml_node node, const Counts& counts) {
  set(node, "tests", counts.tests);
  set(node, "failures", counts.failures);
  set(node, "errors", counts.errors);
  set(node, "skipped", counts.skipped);
  set(node, "time", seconds(counts.ms));
}

/// Where the case's first problem is written: the first expectation that failed (or errored,
/// or warned) when the runner knows its place, else the case itself.
const source::Span& problem_source(const CaseResult& kase) {
  for (const auto& step : kase.steps)
    for (const auto& check : step.checks)
      if (result::is_problem(check.outcome) && !check.source.file.empty()) return check.source;
  return kase.source;
}

/// The one-line message of a <failure> or <error>: the first problem, prefixed with where it
/// is written ("suites/core/users.suite.json:40:11: step get: ...") as compilers do.
std::string problem_message(const CaseResult& kase) {
  const std::string at = source::location(problem_source(kase));
  return (at.empty() ? "" : at + ": ") + result::first_problem(kase);
}

/// The case's suite file and line; a case that did not pass points at its first problem
/// when that is written in the same file.
void set_location(pugi::xml_node tc, const CaseResult& kase) {
  if (kase.source.file.empty()) return;
  set(tc, "file", kase.source.file);
  int line = kase.source.line;
  if (result::is_problem(kase.outcome)) {
    const source::Span& at = problem_source(kase);
    if (at.file == kase.source.file && at.line > 0) line = at.line;
  }
  if (line > 0) set(tc, "line", line);
}

/// The run's properties, on every testsuite so that they survive a merge of several runs.
void run_properties(pugi::xml_node testsuite, const result::RunResult& run) {
  pugi::xml_node props = testsuite.append_child("properties");
  property(props, "profile", run.profile);
  property(props, "run_id", run.run_id);
  property(props, "target", run.target);
  property(props, "entra_mode", run.entra_mode);
  property(props, "tool_version", run.tool_version);
  property(props, "strict", run.strict ? "true" : "false");
  property(props, "insecure", run.insecure ? "true" : "false");
  for (const auto& [name, value] : readiness_properties(run)) property(props, name.c_str(), value);
}

void write_case(pugi::xml_node parent, const result::RunResult& run,
                const result::SuiteResult& suite, const CaseResult& kase) {
  pugi::xml_node tc = parent.append_child("testcase");
  set(tc, "name", kase.id);
  set(tc, "classname", "scimcheck." + run.profile + "." + suite.id);
  set(tc, "time", seconds(case_ms(kase)));
  set_location(tc, kase);

  pugi::xml_node props = tc.append_child("properties");
  property(props, "title", kase.title);
  property(props, "requirement", kase.requirement);
  property(props, "level", suite::to_string(kase.level));
  property(props, "impact", suite::to_string(kase.impact));
  property(props, "capability", kase.capability);
  if (!kase.mapping.file.empty()) property(props, "mapping", source::location(kase.mapping));
  if (kase.baseline != result::BaselineState::none)
    property(props, "baseline", result::to_string(kase.baseline));

  const auto system_out = [&](const std::string& text) {
    tc.append_child("system-out")
        .append_child(pugi::node_pcdata)
        .set_value(safe_text(text).c_str());
  };
  // A known failure is reported as skipped, so that JUnit consumers do not fail the build on
  // it, with the whole evidence kept in system-out.
  if (result::is_known_failure(kase)) {
    set(tc.append_child("skipped"), "message", "known failure: " + kase.baseline_reason);
    system_out("known failure (" + std::string(result::to_string(kase.outcome)) +
               ", accepted by the baseline: " + kase.baseline_reason +
               "): " + result::first_problem(kase) +
               "\n\n" + evidence(kase));
    return;
  }
  if (kase.baseline == result::BaselineState::fixed)
    system_out("fixed: the baseline lists this check as a known failure (" + kase.baseline_reason +
               ") but it passed; remove its entry from the baseline");

  const auto with_text = [&](const char* element, const std::string& type) {
    pugi::xml_node node = tc.append_child(element);
    set(node, "message", problem_message(kase));
    set(node, "type", type);
    node.append_child(pugi::node_pcdata).set_value(safe_text(evidence(kase)).c_str());
  };
  switch (kase.outcome) {
    case Outcome::passed:
      break;
    case Outcome::failed:
      with_text("failure", suite::to_string(kase.level));
      break;
    case Outcome::errored:
      with_text("error", "errored");
      break;
    case Outcome::skipped:
      set(tc.append_child("skipped"), "message", kase.reason);
      break;
    case Outcome::blocked:
    case Outcome::not_evaluated:
      set(tc.append_child("skipped"), "message",
          "blocked by " + kase.blocked_by + ": " + kase.reason);
      break;
    case Outcome::warning:
      if (run.strict) {
        with_text("failure", suite::to_string(kase.level));
      } else {
        const std::string note =
            "warning (passes without --strict): " + result::first_problem(kase) + "\n\n" + evidence(kase);
        tc.append_child("system-out")
            .append_child(pugi::node_pcdata)
            .set_value(safe_text(note).c_str());
      }
      break;
  }
}

}  // namespace

void write_junit(const result::RunResult& run, std::ostream& out) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");

  pugi::xml_node root = doc.append_child("testsuites");
  set(root, "name", "scimcheck " + run.profile);
  std::vector<Counts> per_suite;
  Counts all;
  for (const auto& suite : run.suites) {
    const Counts counts(suite, run.strict);
    per_suite.push_back(counts);
    all.add(counts);
  }
  set_counts(root, all);

  for (std::size_t i = 0; i < run.suites.size(); ++i) {
    const result::SuiteResult& suite = run.suites[i];
    pugi::xml_node ts = root.append_child("testsuite");
    set(ts, "name", run.profile + "." + suite.id);
    set_counts(ts, per_suite[i]);
    set(ts, "timestamp", run.started_at);
    run_properties(ts, run);
    for (const auto& kase : suite.cases) write_case(ts, run, suite, kase);
  }
  doc.save(out, "  ");
}

}  // namespace scimcheck::report
