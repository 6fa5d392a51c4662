#include "run/runner.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "check/expect.hpp"
#include "eval/capture.hpp"
#include "eval/fixture.hpp"
#include "eval/template_render.hpp"
#include "eval/scope.hpp"
#include "http/json_body.hpp"
#include "report/reporter.hpp"
#include "result/wording.hpp"
#include "run/case_books.hpp"
#include "run/discovery.hpp"
#include "run/emitter.hpp"
#include "run/request_builder.hpp"
#include "run/resources.hpp"
#include "run/rules.hpp"
#include "run/traffic.hpp"

namespace scimcheck::run {
namespace {

using result::CaseResult;
using result::Outcome;
using result::StepResult;

using result::worst;

/// What the suite says of a planned case, and the profile mapping it was expanded from.
CaseResult planned_header(const plan::PlannedCase& planned) {
  CaseResult out = result::header_of(planned.kase);
  out.mapping = planned.item_span;
  return out;
}

/// What every case of one run shares.
struct RunShared {
  RunContext& ctx;
  Halt& halt;
  RuleBook& rules;
  const std::vector<ResourceType> types;
};

class CaseExecution {
 public:
  CaseExecution(const plan::PlannedCase& planned, std::size_t order, RunShared& shared,
                http::Transport& transport)
      : planned_(planned),
        kase_(planned.kase),
        order_(order),
        ctx_(shared.ctx),
        types_(shared.types),
        transport_(transport, shared.halt, shared.ctx.watcher, shared.ctx.redact_text),
        rules_(shared.rules),
        books_(shared.ctx.ledger, shared.types, shared.ctx.run_id, planned.kase.id) {}

  CaseResult execute() {
    CaseResult out = planned_header(planned_);
    const auto start = std::chrono::steady_clock::now();
    if (!setup_scope(out)) {
      finish(out, start);
      return out;
    }
    for (const auto& step : kase_.steps) {
      if (ctx_.abort && ctx_.abort->load()) {
        out.outcome = worst(out.outcome, Outcome::errored);
        out.reason = "run aborted";
        break;
      }
      StepResult sr;
      sr.name = step.name;
      if (step.only_if && !condition_holds(*step.only_if, sr)) {
        if (sr.outcome == Outcome::errored) {
          out.steps.push_back(sr);
          out.outcome = worst(out.outcome, Outcome::errored);
          out.reason = step.name + ": " + sr.error;
        } else if (out.outcome == Outcome::passed) {
          out.outcome = Outcome::skipped;
          out.reason = step.only_if->reason;
        }
        break;
      }
      sr.setup = step.setup;
      const std::string blocked_by = run_step(step, sr);
      out.slowest_ms = std::max(out.slowest_ms, sr.exchange ? sr.exchange->elapsed_ms : 0.0);
      const Outcome step_outcome = sr.outcome;
      const bool stops = step_outcome == Outcome::failed || step_outcome == Outcome::errored ||
                         step_outcome == Outcome::blocked;
      if (!blocked_by.empty()) {
        block(out, blocked_by, result::step_problem(sr));
      } else if (stops && !step.setup.empty() && step_outcome != Outcome::errored) {
        block(out, step.setup, "setup step failed: " + result::step_problem(sr));
      } else {
        if (out.reason.empty() && step_outcome != Outcome::passed)
          out.reason = result::step_problem(sr);
        out.outcome = worst(out.outcome, step_outcome);
      }
      out.steps.push_back(std::move(sr));
      if (stops) break;
    }
    teardown(out);
    finish(out, start);
    return out;
  }

 private:
  /// The case cannot reach what it tests: `owner` is the check of the requirement that failed.
  static void block(CaseResult& out, const std::string& owner, const std::string& why) {
    if (out.outcome == Outcome::failed || out.outcome == Outcome::errored) return;
    out.outcome = Outcome::blocked;
    out.blocked_by = owner;
    out.reason = why;
  }

  void finish(CaseResult& out, std::chrono::steady_clock::time_point start) const {
    out.requests = transport_.sent();
    out.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }

  /// The profile's mapping of a resource kind ("user", "group"); users for any other.
  const suite::ResourceMapping& mapping_of(const std::string& kind) const {
    const ResourceType* type = type_of_kind(types_, kind);
    return *(type ? type : &types_.front())->mapping;
  }

  bool setup_scope(CaseResult& out) {
    scope_.run_id = ctx_.run_id;
    scope_.variables = ctx_.variables;
    scope_.counter = ctx_.counter;
    for (const auto& [name, kind] : kase_.fixtures) {
      std::string error;
      auto fixture = eval::make_fixture(kind, mapping_of(kind), scope_, &error,
                                        ctx_.profile->has_capability("entra-rules"));
      if (!fixture) {
        out.outcome = Outcome::errored;
        out.reason = "fixture " + name + ": " + error;
        return false;
      }
      scope_.fixtures[name] = std::move(*fixture);
    }
    if (planned_.item) {
      std::string error;
      auto item = eval::make_item(*planned_.item, mapping_of(planned_.item_kind), scope_, &error);
      if (!item) {
        out.outcome = Outcome::errored;
        out.reason = "for_each item: " + error;
        return false;
      }
      scope_.items[kase_.for_each ? kase_.for_each->as : "item"] = std::move(*item);
    }
    return true;
  }

  bool condition_holds(const suite::Condition& cond, StepResult& sr) {
    std::string error;
    auto value = eval::render(cond.value, scope_, &error);
    if (!cond.equals) {
      // "is it set?": an unset variable is a plain no, not an error.
      return value && !value->is_null() && !(value->is_string() && value->get<std::string>().empty());
    }
    if (!value) {
      sr.outcome = Outcome::errored;
      sr.error = error;
      return false;
    }
    return *value == *cond.equals;
  }

  /// Sends one step and evaluates it; returns the id of the rule (each_response) its response
  /// breaks and that blocks it, or "".
  std::string run_step(const suite::Step& step, StepResult& sr) {
    std::string blocked_by;
    if (auto prepared = prepare(step, sr)) blocked_by = send_step(step, *prepared, sr);
    redact_texts(sr);
    return blocked_by;
  }

  struct Prepared {
    eval::RenderedRequest rendered;
    http::Request request;
  };

  /// The step's request rendered, held to the ownership rules and authorized; nullopt, with
  /// the step errored, when it cannot be sent.
  std::optional<Prepared> prepare(const suite::Step& step, StepResult& sr) {
    std::string error;
    auto rendered = eval::render_request(step.request, scope_, &error);
    if (!rendered) error = "cannot build the request: " + error;
    else if (auto refused = books_.refuse_foreign(*rendered, scope_.drawn_uuids)) error = *refused;
    if (!error.empty()) {
      sr.outcome = Outcome::errored;
      sr.error = error;
      return std::nullopt;
    }
    http::Request request = build_request(*rendered, ctx_.base_url);
    Prepared out{std::move(*rendered), std::move(request)};
    if (!out.rendered.send_auth) return out;
    if (out.rendered.auth_token) {
      out.request.headers.push_back({"Authorization", "Bearer " + *out.rendered.auth_token});
    } else if (ctx_.authorize) {
      if (auto auth_error = ctx_.authorize(out.request)) {
        sr.outcome = Outcome::errored;
        sr.error = "cannot authenticate: " + *auth_error;
        return std::nullopt;
      }
    }
    return out;
  }

  std::string send_step(const suite::Step& step, const Prepared& prepared, StepResult& sr) {
    const eval::RenderedRequest& rendered = prepared.rendered;
    std::optional<PendingCreate> create;
    if (step.creates && ctx_.ledger) create = books_.record_pending(rendered);
    http::Exchange exchange = transport_.send(prepared.request);
    std::optional<result::CheckResult> ownership;
    if (create)
      ownership =
          books_.record_create(*create, exchange, transport_, ctx_.authorize, ctx_.base_url);
    books_.record_delete(rendered, exchange);

    eval::apply_captures(step.captures, exchange, scope_);
    http::Exchange stored = exchange;
    if (ctx_.redact) ctx_.redact(stored);
    std::string breach;
    std::string blocked_by =
        rules_.examine({order_, kase_.id, step.name, rendered.method, rendered.path}, exchange,
                       stored, &breach);
    result::keep_evidence(sr, std::move(stored));
    if (exchange.error) {
      sr.outcome = blocked_by.empty() ? Outcome::errored : Outcome::blocked;
      sr.error = result::no_response(http::to_string(exchange.error->kind), exchange.error->message);
      return blocked_by;
    }
    evaluate_step(step, exchange, blocked_by, sr);
    if (sr.outcome == Outcome::blocked)
      sr.error = "the response breaks " + blocked_by + ": " + breach;
    if (ownership) {
      sr.outcome = worst(sr.outcome, ownership->outcome);
      sr.checks.push_back(std::move(*ownership));
    }
    return sr.outcome == Outcome::blocked ? blocked_by : std::string();
  }

  /// Masks the run's secrets in all a step says (its error; each check's expected, actual and
  /// message), once it is complete: the one place step text is redacted. Its exchange was
  /// masked as it was kept.
  void redact_texts(StepResult& sr) const {
    if (!ctx_.redact_text) return;
    sr.error = ctx_.redact_text(sr.error);
    for (auto& check : sr.checks)
      for (std::string* text : {&check.expected, &check.actual, &check.message})
        *text = ctx_.redact_text(*text);
  }

  /// Evaluates the step's expectations, status first. Once the status is wrong, or the
  /// response breaks a blocking rule (its body is not JSON, say), the others are not
  /// evaluated: they would only repeat that one cause.
  void evaluate_step(const suite::Step& step, const http::Exchange& exchange,
                     const std::string& blocked_by, StepResult& sr) {
    std::vector<const suite::Expectation*> order;
    for (const auto& x : step.expect)
      if (x.subject == suite::Subject::status) order.push_back(&x);
    for (const auto& x : step.expect)
      if (x.subject != suite::Subject::status) order.push_back(&x);
    std::string stopped;  // why the rest is not evaluated
    const check::ResponseView view(exchange);
    for (const suite::Expectation* x : order) {
      if (stopped.empty() && !blocked_by.empty() && x->subject != suite::Subject::status)
        stopped = "the response breaks " + blocked_by;
      if (!stopped.empty()) {
        result::CheckResult skipped;
        skipped.description = check::describe(*x);
        skipped.outcome = Outcome::not_evaluated;
        skipped.level = x->level.value_or(kase_.level);
        skipped.actual = stopped;
        sr.checks.push_back(std::move(skipped));
        continue;
      }
      // A setup step must hold for the case to go on, whatever the case's own level.
      const suite::Level level = step.setup.empty() ? kase_.level : suite::Level::must;
      auto check = check::evaluate(*x, view, scope_, *ctx_.schemas, level);
      if (check.outcome == Outcome::failed && x->subject == suite::Subject::status)
        stopped = "the status was wrong";
      const bool reads_body =
          x->subject == suite::Subject::path || x->subject == suite::Subject::schema;
      if (check.outcome == Outcome::failed && reads_body && !http::blank_body(view.text()) &&
          !view.json())
        stopped = "the body is not JSON";
      sr.outcome = worst(sr.outcome, check.outcome);
      sr.checks.push_back(std::move(check));
    }
    if (!blocked_by.empty() && sr.outcome != Outcome::failed && sr.outcome != Outcome::errored)
      sr.outcome = Outcome::blocked;
  }

  void teardown(CaseResult& out) {
    // After an abort the workers' transports refuse to send: the final sweep deletes instead.
    if (!ctx_.ledger || (ctx_.abort && ctx_.abort->load())) return;
    auto cleanup =
        delete_outstanding(*ctx_.ledger, ctx_.base_url, transport_, ctx_.authorize, kase_.id,
                           ctx_.max_unanswered);
    if (!cleanup.leftovers.empty() && out.outcome == Outcome::passed) {
      // The checks held, but the case could not remove what it created: say so loudly.
      out.outcome = Outcome::errored;
      out.reason = "cleanup failed: " + cleanup.leftovers.front();
    }
  }

  const plan::PlannedCase& planned_;
  const suite::Case& kase_;
  const std::size_t order_;
  RunContext& ctx_;
  const std::vector<ResourceType>& types_;
  CountingTransport transport_;
  RuleBook& rules_;
  eval::Scope scope_;
  CaseBooks books_;
};

}  // namespace


namespace {

CaseResult skipped_case(const plan::PlannedCase& planned, const std::string& reason) {
  CaseResult cr = planned_header(planned);
  cr.outcome = Outcome::skipped;
  cr.reason = reason;
  return cr;
}

bool aborted(const RunContext& ctx) { return ctx.abort && ctx.abort->load(); }

/// --fail-fast: the first check that failed or errored (or warned, under --strict); once
/// one has, no new check starts. It sees each result as the reporter does, once depends_on
/// and the baseline are applied, so a check blocked by another's failure is not the one that
/// stops the run, and a failure the baseline accepts stops nothing.
class FailFast : public report::Reporter {
 public:
  FailFast(report::Reporter& inner, bool on, bool strict)
      : inner_(inner), on_(on), strict_(strict) {}

  void on_run_start(const result::RunResult& run) override { inner_.on_run_start(run); }
  void on_case_done(const result::SuiteResult& suite, const CaseResult& kase) override {
    note(kase);
    inner_.on_case_done(suite, kase);
  }
  void on_run_done(const result::RunResult& run) override { inner_.on_run_done(run); }

  /// The skip reason of a check not started; empty while the run goes on.
  std::string reason() const {
    std::lock_guard lock(mutex_);
    return first_.empty() ? std::string() : result::fail_fast_skip(first_);
  }

 private:
  void note(const CaseResult& result) {
    if (!on_ || !result::fails_run(result, strict_)) return;
    std::lock_guard lock(mutex_);
    if (first_.empty()) first_ = result.id;
  }

  report::Reporter& inner_;
  const bool on_, strict_;
  mutable std::mutex mutex_;
  std::string first_;
};

/// The cases of one run and what runs them: one transport per worker.
struct Workers {
  std::vector<Slot>& slots;
  std::vector<std::unique_ptr<http::Transport>> transports;
  RunShared& shared;
  FailFast& fail_fast;
  Emitter& emitter;
};

void run_one(Workers& w, std::size_t index, http::Transport& transport) {
  Slot& slot = w.slots[index];
  const plan::PlannedCase& planned = *slot.planned;
  if (!planned.skip_reason.empty()) {
    CaseResult skipped = skipped_case(planned, planned.skip_reason);
    skipped.skip_group = planned.skip_group;
    w.emitter.complete(index, std::move(skipped));
  } else if (aborted(w.shared.ctx)) {
    w.emitter.complete(index, skipped_case(planned, "run aborted before this check"));
  } else if (is_rule(slot)) {
    return;  // judged at the end, over every response (RuleBook)
  } else if (const std::string stopped = w.fail_fast.reason(); !stopped.empty()) {
    w.emitter.complete(index, skipped_case(planned, stopped));
  } else {
    CaseResult result = apply_discovery(
        planned.kase, w.shared.ctx.discovery,
        CaseExecution(planned, index, w.shared, transport).execute());
    w.emitter.complete(index, std::move(result));
  }
}

/// Runs the slots at `order` on up to one worker per transport, taking them in that order as
/// workers come free.
void run_batch(Workers& w, const std::vector<std::size_t>& order) {
  const std::size_t workers = std::min(w.transports.size(), order.size());
  std::atomic<std::size_t> next{0};
  auto work = [&](http::Transport& transport) {
    for (std::size_t i = next++; i < order.size(); i = next++) run_one(w, order[i], transport);
  };
  if (workers <= 1) {
    work(*w.transports[0]);
    return;
  }
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < workers; ++t) threads.emplace_back(work, std::ref(*w.transports[t]));
  for (auto& t : threads) t.join();
}

/// How many requests a case will send at most: its steps and one DELETE per resource it
/// creates. Used only to start the longest cases first.
std::size_t estimated_requests(const plan::PlannedCase& planned) {
  if (!planned.skip_reason.empty()) return 0;
  std::size_t n = 0;
  for (const auto& step : planned.kase.steps) n += step.creates ? 2 : 1;
  return n;
}

/// The run's length is bounded below by its critical path: every exclusive case (each must run
/// alone) plus the longest of the others. So the exclusive cases go first, one at a time, and
/// then every other case at once, longest first, so that no long chain of requests starts last.
void run_all(Workers& w) {
  std::vector<std::size_t> together;
  for (std::size_t i = 0; i < w.slots.size(); ++i) {
    if (w.slots[i].planned->kase.exclusive && w.slots[i].planned->skip_reason.empty())
      run_batch(w, {i});
    else
      together.push_back(i);
  }
  std::stable_sort(together.begin(), together.end(), [&](std::size_t a, std::size_t b) {
    return estimated_requests(*w.slots[a].planned) > estimated_requests(*w.slots[b].planned);
  });
  run_batch(w, together);
}

/// One slot per planned case, and one (empty) suite result per planned suite.
std::vector<Slot> make_slots(const plan::Plan& plan, result::RunResult& run) {
  std::vector<Slot> slots;
  for (std::size_t s = 0; s < plan.suites.size(); ++s) {
    const auto& planned_suite = plan.suites[s];
    result::SuiteResult sres;
    sres.id = planned_suite.suite->id;
    sres.title = planned_suite.suite->title;
    sres.file = planned_suite.suite->file;
    run.suites.push_back(sres);
    for (const auto& planned : planned_suite.cases)
      slots.push_back({s, &planned, std::nullopt, false});
  }
  return slots;
}

/// The final sweep, on a transport that still works after an abort.
void final_sweep(RunContext& ctx, result::RunResult& run) {
  auto transport = ctx.make_cleanup_transport ? ctx.make_cleanup_transport() : ctx.make_transport();
  run.cleanup = delete_outstanding(*ctx.ledger, ctx.base_url, *transport, ctx.authorize, {},
                                   ctx.max_unanswered);
  run.cleanup.created = ctx.ledger->created_count();
  run.cleanup.deleted = ctx.ledger->deleted_count();
}

}  // namespace

void run_plan(const plan::Plan& plan, RunContext& ctx, result::RunResult& run,
              report::Reporter& reporter) {
  std::vector<Slot> slots = make_slots(plan, run);
  run.deselected = static_cast<int>(plan.deselected.size());
  FailFast fail_fast(reporter, ctx.fail_fast, ctx.strict);
  Emitter emitter(slots, run, fail_fast, ctx.baseline);
  std::atomic<bool> local_abort{false};
  if (!ctx.abort) ctx.abort = &local_abort;
  Halt halt(ctx.max_unanswered, ctx.abort);
  RuleBook rules(plan, *ctx.schemas, ctx.max_response_ms, ctx.redact_text, ctx.server_schemas,
                 ctx.server_schemas_problem);
  RunShared shared{ctx, halt, rules, resource_types(*ctx.profile)};
  Workers workers{slots, {}, shared, fail_fast, emitter};
  for (int i = 0; i < std::max(1, ctx.jobs); ++i) workers.transports.push_back(ctx.make_transport());
  run_all(workers);
  // Each result reached the reporter when it was known; RunResult::suites lists them in plan
  // order.
  emitter.finish(rules);
  if (const std::string reason = halt.reason(); !reason.empty()) {
    run.aborted = true;
    run.abort_reason = reason;
  }
  if (ctx.abort == &local_abort) ctx.abort = nullptr;
  if (ctx.ledger) final_sweep(ctx, run);
}

}  // namespace scimcheck::run
