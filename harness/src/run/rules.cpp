#include "run/rules.hpp"

#include <algorithm>
#include <cctype>

#include "check/expect.hpp"
#include "eval/scope.hpp"
#include "http/json_body.hpp"
#include "http/url.hpp"
#include "run/ownership.hpp"

namespace scimcheck::run {
namespace {

using result::CheckResult;
using result::Outcome;
using suite::Subject;

bool has_subject(const suite::EachResponse& spec, Subject subject) {
  return std::any_of(spec.expect.begin(), spec.expect.end(),
                     [&](const suite::Expectation& x) { return x.subject == subject; });
}

std::string status_class(int status) { return std::to_string(status / 100) + "xx"; }

bool listed(const std::vector<std::string>& list, const std::string& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

/// The kind of response a request gets: "list", "resource" or "" (anything else).
std::string target_of(const std::string& method, const std::string& path) {
  const auto segments = http::path_segments(path);
  if (!segments || segments->empty()) return "";
  if (method == "POST" && segments->back() == ".search") return "list";
  if (collection_of(segments->front()).empty()) return "";
  if (segments->size() == 1) return method == "GET" ? "list" : method == "POST" ? "resource" : "";
  if (segments->size() == 2 && (method == "GET" || method == "PUT" || method == "PATCH"))
    return "resource";
  return "";
}

/// The request names the attributes to return (`attributes=`), so the response holds only
/// those and `id` (RFC 7644 §3.4.2.5).
bool asks_for_attributes(const std::string& url) {
  const auto query = url.find('?');
  if (query == std::string::npos) return false;
  std::size_t at = query + 1;
  while (at <= url.size()) {
    std::size_t end = url.find('&', at);
    if (end == std::string::npos) end = url.size();
    const std::string_view param(url.data() + at, end - at);
    if (param.substr(0, param.find('=')) == "attributes") return true;
    at = end + 1;
  }
  return false;
}

/// The rule reads the body (a schema or a path), so it has nothing to say of one that is not
/// JSON: the JSON rule owns that.
bool reads_body(const suite::EachResponse& spec) {
  return has_subject(spec, Subject::schema) || has_subject(spec, Subject::path);
}

CheckResult no_answer(const suite::Expectation& x, const http::Exchange& exchange,
                      suite::Level level) {
  CheckResult r;
  r.description = check::describe(x);
  r.level = x.level.value_or(level);
  r.outcome = r.level == suite::Level::must ? Outcome::failed : Outcome::warning;
  r.expected = "an answer";
  r.actual = "no answer after " + std::to_string(static_cast<long long>(exchange.elapsed_ms)) +
             " ms (" + exchange.error->message + ")";
  r.fix = x.fix;
  r.source = x.span;
  return r;
}

}  // namespace

RuleBook::RuleBook(const plan::Plan& plan, const check::SchemaRegistry& schemas,
                   double max_response_ms,
                   const std::function<std::string(const std::string&)>& redact_text,
                   std::optional<check::ServerSchemas> declared, std::string declared_problem)
    : schemas_(schemas),
      redact_text_(redact_text),
      drift_(std::move(declared), std::move(declared_problem), redact_text) {
  for (const auto& suite : plan.suites) {
    for (const auto& planned : suite.cases) {
      if (!planned.kase.each_response || !planned.skip_reason.empty()) continue;
      Rule rule{&planned, *planned.kase.each_response, false};
      rule.drift = std::any_of(rule.spec.expect.begin(), rule.spec.expect.end(),
                               [](const suite::Expectation& x) {
                                 return x.subject == Subject::schema && x.name == kServerSchemaName;
                               });
      for (auto& x : rule.spec.expect) {
        if (x.subject != Subject::max_ms || !x.operand.value.is_number()) continue;
        x.operand.value = std::min(x.operand.value.get<double>(), max_response_ms);
      }
      if (time_rule_.empty() && has_subject(rule.spec, Subject::max_ms))
        time_rule_ = planned.kase.id;
      tallies_[planned.kase.id];
      rules_.push_back(std::move(rule));
    }
  }
}

bool RuleBook::applies(const suite::EachResponse& spec, const ExchangeOrigin& origin,
                       const http::Exchange& exchange) {
  if (!listed(spec.methods, origin.method)) return false;
  if (exchange.error) return has_subject(spec, Subject::max_ms);
  if (!listed(spec.statuses, status_class(exchange.response.status))) return false;
  if (spec.body && http::blank_body(exchange.response.body)) return false;
  if (!spec.projected && asks_for_attributes(exchange.request.url)) return false;
  return spec.target == "any" || spec.target == target_of(origin.method, origin.path);
}

std::string RuleBook::examine(const ExchangeOrigin& origin, const http::Exchange& exchange,
                              const http::Exchange& evidence, std::string* why) {
  std::string blocking;
  const bool timed_out = exchange.error && exchange.error->kind == http::ErrorKind::timeout;
  if (exchange.error && !timed_out) return blocking;  // no answer at all: not the rules' business
  const check::ResponseView view(exchange);
  const bool unreadable =
      !exchange.error && !http::blank_body(exchange.response.body) && !view.json();
  for (const Rule& rule : rules_) {
    if (!applies(rule.spec, origin, exchange)) continue;
    if (unreadable && reads_body(rule.spec)) continue;
    if (rule.drift) {
      if (!timed_out) drift_.examine(origin, exchange, evidence);
      continue;
    }
    const suite::Case& kase = rule.planned->kase;
    std::vector<CheckResult> failed;
    for (const auto& x : rule.spec.expect) {
      if (timed_out) {
        if (x.subject == Subject::max_ms) failed.push_back(no_answer(x, exchange, kase.level));
        continue;
      }
      eval::Scope scope;
      CheckResult check = check::evaluate(x, view, scope, schemas_, kase.level);
      if (check.outcome == Outcome::passed) continue;
      if (redact_text_) {
        check.expected = redact_text_(check.expected);
        check.actual = redact_text_(check.actual);
      }
      failed.push_back(std::move(check));
    }
    {
      std::lock_guard lock(mutex_);
      ++tallies_[kase.id].examined;
    }
    if (failed.empty()) continue;
    const bool breaks = std::any_of(failed.begin(), failed.end(), [](const CheckResult& c) {
      return c.outcome == Outcome::failed;
    });
    if (blocking.empty() && breaks && (rule.spec.blocks || (timed_out && kase.id == time_rule_))) {
      blocking = kase.id;
      const CheckResult& first = failed.front();
      if (why)
        *why = first.description + " (expected " + first.expected + ", got " + first.actual + ")";
    }
    record(rule, origin, evidence, std::move(failed));
  }
  return blocking;
}

void RuleBook::record(const Rule& rule, const ExchangeOrigin& origin,
                      const http::Exchange& evidence, std::vector<CheckResult> failed) {
  std::lock_guard lock(mutex_);
  Tally& tally = tallies_[rule.planned->kase.id];
  ++tally.offending;
  Hit hit;
  hit.origin = origin;
  hit.seq = seq_++;
  hit.step.name = origin.case_id + " / " + origin.step;
  hit.step.checks = std::move(failed);
  for (const auto& c : hit.step.checks) hit.step.outcome = result::worst(hit.step.outcome, c.outcome);
  const auto later = [](const Hit& a, const Hit& b) {
    return a.origin.order != b.origin.order ? a.origin.order < b.origin.order : a.seq < b.seq;
  };
  // Keep the earliest in plan order: the evidence then reads the same whatever the timing.
  if (tally.hits.size() >= kMaxRuleEvidence && !later(hit, tally.hits.back())) return;
  result::keep_evidence(hit.step, evidence);
  tally.hits.insert(std::upper_bound(tally.hits.begin(), tally.hits.end(), hit, later),
                    std::move(hit));
  if (tally.hits.size() > kMaxRuleEvidence) tally.hits.pop_back();
}

result::CaseResult RuleBook::result_of(const plan::PlannedCase& planned) const {
  const suite::Case& kase = planned.kase;
  for (const Rule& rule : rules_)
    if (rule.planned == &planned && rule.drift) return drift_.result_of(kase);
  result::CaseResult out = result::header_of(kase);
  std::lock_guard lock(mutex_);
  const auto it = tallies_.find(kase.id);
  if (it == tallies_.end() || it->second.examined == 0) {
    out.outcome = Outcome::skipped;
    out.reason = "no response of this kind in this run";
    return out;
  }
  const Tally& tally = it->second;
  for (const auto& hit : tally.hits) {
    out.outcome = result::worst(out.outcome, hit.step.outcome);
    out.steps.push_back(hit.step);
  }
  if (tally.offending == 0) return out;
  const std::string share = std::to_string(tally.offending) + " of " +
                            std::to_string(tally.examined) + " responses";
  out.reason = share + "; the first: " + result::step_problem(tally.hits.front().step);
  if (tally.offending > static_cast<int>(tally.hits.size()))
    out.reason += " (the first " + std::to_string(tally.hits.size()) + " are kept as evidence)";
  return out;
}

}  // namespace scimcheck::run
