#include "run/runner.hpp"

#include <algorithm>
#include <chrono>
#include <regex>
#include <mutex>
#include <set>
#include <thread>

#include "check/expect.hpp"
#include "eval/capture.hpp"
#include "eval/fixture.hpp"
#include "eval/render.hpp"
#include "eval/scope.hpp"
#include "http/json_body.hpp"
#include "http/url.hpp"
#include "report/reporter.hpp"
#include "run/request_builder.hpp"

namespace scimcheck::run {
namespace {

using result::CaseResult;
using result::Outcome;
using result::StepResult;
using suite::Json;

/// Worst outcome first: errored > failed > warning > skipped > passed.
int severity(Outcome o) {
  switch (o) {
    case Outcome::errored: return 4;
    case Outcome::failed: return 3;
    case Outcome::warning: return 2;
    case Outcome::skipped: return 1;
    case Outcome::passed: return 0;
  }
  return 0;
}

Outcome worst(Outcome a, Outcome b) { return severity(a) >= severity(b) ? a : b; }

std::string format_ms(double ms) { return std::to_string(static_cast<long long>(ms)) + " ms"; }

bool is_success(int status) { return status >= 200 && status < 300; }

struct Target {
  std::string endpoint;  // "/Users"
  std::string id;
};

/// "/Users/abc" -> {"/Users", "abc"}; anything else (collections, .search) -> nullopt.
std::optional<Target> resource_target(const std::string& path) {
  static const std::regex re(R"(^/(Users|Groups)/([^/?#]+)$)", std::regex::icase);
  std::smatch m;
  if (!std::regex_match(path, m, re)) return std::nullopt;
  if (m[2] == ".search") return std::nullopt;
  const bool users = std::toupper(static_cast<unsigned char>(m[1].str()[0])) == 'U';
  return Target{users ? "/Users" : "/Groups", m[2]};
}

std::string marker_attribute(const std::string& endpoint) {
  return endpoint == "/Groups" ? "displayName" : "userName";
}

std::string first_failure(const StepResult& step) {
  for (const auto& c : step.checks) {
    if (c.outcome == Outcome::failed || c.outcome == Outcome::errored ||
        c.outcome == Outcome::warning)
      return step.name + ": " + c.description + " (expected " + c.expected + ", got " +
             c.actual + ")";
  }
  return step.error.empty() ? std::string() : step.name + ": " + step.error;
}

/// Counts what a case sends, its cleanup included.
class CountingTransport : public http::Transport {
 public:
  explicit CountingTransport(http::Transport& inner) : inner_(inner) {}
  http::Exchange send(const http::Request& request) override {
    ++sent_;
    return inner_.send(request);
  }
  int sent() const { return sent_; }

 private:
  http::Transport& inner_;
  int sent_ = 0;
};

class CaseExecution {
 public:
  CaseExecution(const plan::PlannedCase& planned, RunContext& ctx, http::Transport& transport)
      : planned_(planned), kase_(planned.kase), ctx_(ctx), transport_(transport) {}

  CaseResult execute() {
    CaseResult out = header();
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
      run_step(step, sr);
      out.slowest_ms = std::max(out.slowest_ms, sr.exchange ? sr.exchange->elapsed_ms : 0.0);
      const Outcome step_outcome = sr.outcome;
      if (out.reason.empty() && step_outcome != Outcome::passed) out.reason = first_failure(sr);
      out.outcome = worst(out.outcome, step_outcome);
      out.steps.push_back(std::move(sr));
      if (step_outcome == Outcome::failed || step_outcome == Outcome::errored) break;
    }
    teardown(out);
    finish(out, start);
    return out;
  }

 private:
  CaseResult header() const {
    CaseResult r;
    r.id = kase_.id;
    r.title = kase_.title;
    r.requirement = kase_.requirement;
    r.level = kase_.level;
    r.capability = kase_.capability;
    r.fix = kase_.fix;
    r.rationale = kase_.rationale;
    return r;
  }

  void finish(CaseResult& out, std::chrono::steady_clock::time_point start) const {
    out.requests = transport_.sent();
    out.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }

  bool setup_scope(CaseResult& out) {
    scope_.run_id = ctx_.run_id;
    scope_.variables = ctx_.variables;
    scope_.counter = ctx_.counter;
    for (const auto& [name, kind] : kase_.fixtures) {
      std::string error;
      const suite::ResourceMapping& mapping =
          kind == "group" ? ctx_.profile->groups : ctx_.profile->users;
      auto fixture = eval::make_fixture(kind, mapping, scope_, &error);
      if (!fixture) {
        out.outcome = Outcome::errored;
        out.reason = "fixture " + name + ": " + error;
        return false;
      }
      scope_.fixtures[name] = std::move(*fixture);
    }
    if (planned_.item) {
      std::string error;
      const suite::ResourceMapping& mapping =
          planned_.item_kind == "group" ? ctx_.profile->groups : ctx_.profile->users;
      auto item = eval::make_item(*planned_.item, mapping, scope_, &error);
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

  void run_step(const suite::Step& step, StepResult& sr) {
    std::string error;
    auto rendered = eval::render_request(step.request, scope_, &error);
    if (!rendered) {
      sr.outcome = Outcome::errored;
      sr.error = "cannot build the request: " + error;
      return;
    }
    http::Request request = build_request(*rendered, ctx_.base_url);
    if (auto refused = refuse_foreign(*rendered)) {
      sr.outcome = Outcome::errored;
      sr.error = *refused;
      return;
    }
    if (rendered->send_auth) {
      if (rendered->auth_token) {
        request.headers.push_back({"Authorization", "Bearer " + *rendered->auth_token});
      } else if (ctx_.authorize) {
        if (auto auth_error = ctx_.authorize(request)) {
          sr.outcome = Outcome::errored;
          sr.error = "cannot authenticate: " + *auth_error;
          return;
        }
      }
    }
    int seq = 0;
    if (step.creates && ctx_.ledger) {
      const std::string endpoint = creation_endpoint(rendered->path);
      const std::string attr = marker_attribute(endpoint);
      std::string marker;
      if (rendered->body && rendered->body->is_object())
        marker = rendered->body->value(attr, std::string());
      seq = ctx_.ledger->pending(endpoint, attr, marker, kase_.id);
    }
    http::Exchange exchange = transport_.send(request);
    record_lifecycle(step, *rendered, exchange, seq);

    eval::apply_captures(step.captures, exchange, scope_);
    http::Exchange stored = exchange;
    if (ctx_.redact) ctx_.redact(stored);
    result::keep_evidence(sr, std::move(stored));
    if (exchange.error) {
      sr.outcome = Outcome::errored;
      sr.error = std::string("no response (") + http::to_string(exchange.error->kind) +
                 "): " + exchange.error->message;
      if (ctx_.redact_text) sr.error = ctx_.redact_text(sr.error);
      return;
    }
    for (const auto& expectation : step.expect) {
      auto check = check::evaluate(expectation, exchange, scope_, *ctx_.schemas, kase_.level);
      if (ctx_.redact_text) {
        check.actual = ctx_.redact_text(check.actual);
        check.expected = ctx_.redact_text(check.expected);
      }
      sr.outcome = worst(sr.outcome, check.outcome);
      sr.checks.push_back(std::move(check));
    }
    if (exchange.elapsed_ms > ctx_.max_response_ms) {
      result::CheckResult slow;
      slow.description = "response within " + format_ms(ctx_.max_response_ms) +
                         " (Entra's timeout)";
      slow.outcome = Outcome::failed;
      slow.level = suite::Level::entra;
      slow.expected = "at most " + format_ms(ctx_.max_response_ms);
      slow.actual = format_ms(exchange.elapsed_ms);
      slow.message = "Entra abandons a request after 60 s and retries it in the next cycle";
      sr.outcome = worst(sr.outcome, slow.outcome);
      sr.checks.push_back(std::move(slow));
    }
  }

  /// PUT/PATCH/DELETE only ever go to resources this run created.
  std::optional<std::string> refuse_foreign(const eval::RenderedRequest& r) const {
    if (r.method != "PUT" && r.method != "PATCH" && r.method != "DELETE") return std::nullopt;
    auto target = resource_target(r.path);
    if (!target) return std::nullopt;
    if (ctx_.ledger && ctx_.ledger->owns(target->endpoint, target->id)) return std::nullopt;
    if (ctx_.ledger && deleted_here_.count(target->endpoint + "/" + target->id))
      return std::nullopt;  // a second DELETE of our own resource (expects 404)
    return "refusing to send " + r.method + " " + r.path +
           ": this run did not create that resource";
  }

  static std::string creation_endpoint(const std::string& path) {
    std::string lower = path;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    return lower.rfind("/groups", 0) == 0 ? "/Groups" : "/Users";
  }

  void record_lifecycle(const suite::Step& step, const eval::RenderedRequest& r,
                        const http::Exchange& exchange, int seq) {
    if (!ctx_.ledger) return;
    if (step.creates) {
      if (exchange.error) return;  // outcome unknown: stays pending, found by its marker
      std::string id;
      if (is_success(exchange.response.status)) {
        auto body = http::parse_body(exchange.response.body).value_or(Json());
        if (body.is_object() && body.contains("id") && body["id"].is_string())
          id = body["id"].get<std::string>();
      }
      if (!id.empty())
        ctx_.ledger->created(seq, id);
      else if (is_success(exchange.response.status))
        return;  // created but no id: stays pending, found by its marker
      else
        ctx_.ledger->not_created(seq);
      return;
    }
    if (r.method == "DELETE" && !exchange.error) {
      auto target = resource_target(r.path);
      if (target && (is_success(exchange.response.status) || exchange.response.status == 404) &&
          ctx_.ledger->owns(target->endpoint, target->id)) {
        ctx_.ledger->deleted(target->endpoint, target->id);
        deleted_here_.insert(target->endpoint + "/" + target->id);
      }
    }
  }

  void teardown(CaseResult& out) {
    // After an abort the workers' transports refuse to send: the final sweep deletes instead.
    if (!ctx_.ledger || (ctx_.abort && ctx_.abort->load())) return;
    auto cleanup =
        delete_outstanding(*ctx_.ledger, ctx_.base_url, transport_, ctx_.authorize, kase_.id);
    if (!cleanup.leftovers.empty() && out.outcome == Outcome::passed) {
      // The checks held, but the case could not remove what it created: say so loudly.
      out.outcome = Outcome::errored;
      out.reason = "cleanup failed: " + cleanup.leftovers.front();
    }
  }

  const plan::PlannedCase& planned_;
  const suite::Case& kase_;
  RunContext& ctx_;
  CountingTransport transport_;
  eval::Scope scope_;
  std::set<std::string> deleted_here_;
};

}  // namespace

result::Cleanup delete_outstanding(
    Ledger& ledger, const std::string& base_url, http::Transport& transport,
    const std::function<std::optional<std::string>(http::Request&)>& authorize,
    const std::string& case_id) {
  result::Cleanup cleanup;
  auto send = [&](http::Request request) {
    if (authorize) {
      if (auto error = authorize(request)) {
        http::Exchange ex;
        ex.request = request;
        ex.error = http::TransportError{http::ErrorKind::other, *error};
        return ex;
      }
    }
    return transport.send(request);
  };
  for (const auto& entry : ledger.outstanding(case_id)) {
    std::vector<std::string> ids;
    if (entry.state == LedgerEntry::State::created) {
      ids.push_back(entry.id);
    } else {
      // The create's outcome is unknown: look it up by its marker, but only when the marker
      // carries this run's id, so nothing else can match.
      const std::string& run_id = ledger.header().run_id;
      if (entry.marker_value.empty() || run_id.empty() ||
          entry.marker_value.find(run_id) == std::string::npos) {
        ledger.not_created(entry.seq);
        continue;
      }
      http::Request find;
      find.method = "GET";
      find.url = http::join_url(base_url, entry.endpoint,
                                {{"filter", entry.marker_attr + " eq \"" + entry.marker_value + "\""}});
      auto ex = send(find);
      auto body = http::parse_body(ex.response.body).value_or(Json());
      if (ex.error || !is_success(ex.response.status) || !body.is_object()) {
        cleanup.leftovers.push_back(entry.endpoint + " " + entry.marker_attr + "=" +
                                    entry.marker_value + ": could not look it up");
        continue;
      }
      for (const auto& r : body.value("Resources", Json::array())) {
        if (r.is_object() && r.value(entry.marker_attr, std::string()) == entry.marker_value &&
            r.contains("id") && r["id"].is_string())
          ids.push_back(r["id"].get<std::string>());
      }
      if (ids.empty()) {
        ledger.not_created(entry.seq);
        continue;
      }
      for (const auto& id : ids) ledger.created(entry.seq, id);
    }
    for (const auto& id : ids) {
      http::Request del;
      del.method = "DELETE";
      del.url = http::join_url(base_url, entry.endpoint + "/" + id, {});
      auto ex = send(del);
      if (!ex.error && (is_success(ex.response.status) || ex.response.status == 404)) {
        ledger.deleted(entry.endpoint, id);
        ++cleanup.deleted;
      } else {
        cleanup.leftovers.push_back(
            entry.endpoint + "/" + id + ": " +
            (ex.error ? ex.error->message : "DELETE answered " + std::to_string(ex.response.status)));
      }
    }
  }
  return cleanup;
}

namespace {

CaseResult skipped_case(const plan::PlannedCase& planned, const std::string& reason) {
  CaseResult cr;
  cr.id = planned.kase.id;
  cr.title = planned.kase.title;
  cr.requirement = planned.kase.requirement;
  cr.level = planned.kase.level;
  cr.capability = planned.kase.capability;
  cr.fix = planned.kase.fix;
  cr.rationale = planned.kase.rationale;
  cr.outcome = Outcome::skipped;
  cr.reason = reason;
  return cr;
}

struct Slot {
  std::size_t suite = 0;
  const plan::PlannedCase* planned = nullptr;
  std::optional<CaseResult> result;
};

/// Hands results to the reporter in plan order as soon as every earlier case is done.
class OrderedEmitter {
 public:
  OrderedEmitter(std::vector<Slot>& slots, result::RunResult& run, report::Reporter& reporter)
      : slots_(slots), run_(run), reporter_(reporter) {}

  void complete(std::size_t index, CaseResult result) {
    std::lock_guard lock(mutex_);
    result.suite = run_.suites[slots_[index].suite].id;
    slots_[index].result = std::move(result);
    while (next_ < slots_.size() && slots_[next_].result) {
      auto& suite = run_.suites[slots_[next_].suite];
      suite.cases.push_back(*slots_[next_].result);
      reporter_.on_case_done(suite, suite.cases.back());
      ++next_;
    }
  }

 private:
  std::vector<Slot>& slots_;
  result::RunResult& run_;
  report::Reporter& reporter_;
  std::mutex mutex_;
  std::size_t next_ = 0;
};

bool aborted(const RunContext& ctx) { return ctx.abort && ctx.abort->load(); }

void run_one(Slot& slot, std::size_t index, RunContext& ctx, http::Transport& transport,
             OrderedEmitter& emitter) {
  const plan::PlannedCase& planned = *slot.planned;
  if (!planned.skip_reason.empty())
    emitter.complete(index, skipped_case(planned, planned.skip_reason));
  else if (aborted(ctx))
    emitter.complete(index, skipped_case(planned, "run aborted before this check"));
  else
    emitter.complete(index, CaseExecution(planned, ctx, transport).execute());
}

/// Runs the slots at `order` on up to `jobs` workers, each with its own transport, taking
/// them in that order as workers come free.
void run_batch(std::vector<Slot>& slots, const std::vector<std::size_t>& order, RunContext& ctx,
               std::vector<std::unique_ptr<http::Transport>>& transports,
               OrderedEmitter& emitter) {
  const std::size_t workers = std::min(transports.size(), order.size());
  std::atomic<std::size_t> next{0};
  auto work = [&](http::Transport& transport) {
    for (std::size_t i = next++; i < order.size(); i = next++)
      run_one(slots[order[i]], order[i], ctx, transport, emitter);
  };
  if (workers <= 1) {
    work(*transports[0]);
    return;
  }
  std::vector<std::thread> threads;
  for (std::size_t w = 0; w < workers; ++w) threads.emplace_back(work, std::ref(*transports[w]));
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

}  // namespace

void run_plan(const plan::Plan& plan, RunContext& ctx, result::RunResult& run,
              report::Reporter& reporter) {
  std::vector<Slot> slots;
  for (std::size_t s = 0; s < plan.suites.size(); ++s) {
    const auto& planned_suite = plan.suites[s];
    result::SuiteResult sres;
    sres.id = planned_suite.suite->id;
    sres.title = planned_suite.suite->title;
    sres.file = planned_suite.suite->file;
    run.suites.push_back(sres);
    for (const auto& planned : planned_suite.cases) slots.push_back({s, &planned, std::nullopt});
  }
  const int jobs = std::max(1, ctx.jobs);
  std::vector<std::unique_ptr<http::Transport>> transports;
  for (int i = 0; i < jobs; ++i) transports.push_back(ctx.make_transport());
  OrderedEmitter emitter(slots, run, reporter);

  // The run's length is bounded below by its critical path: every exclusive case (each must
  // run alone) plus the longest of the others. So the exclusive cases go first, one at a time,
  // and then every other case at once, longest first, so that no long chain of requests
  // starts last. Results still reach the reporter in plan order.
  std::vector<std::size_t> shared;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (slots[i].planned->kase.exclusive && slots[i].planned->skip_reason.empty())
      run_batch(slots, {i}, ctx, transports, emitter);
    else
      shared.push_back(i);
  }
  std::stable_sort(shared.begin(), shared.end(), [&](std::size_t a, std::size_t b) {
    return estimated_requests(*slots[a].planned) > estimated_requests(*slots[b].planned);
  });
  run_batch(slots, shared, ctx, transports, emitter);

  if (ctx.ledger) {
    auto cleanup_transport =
        ctx.make_cleanup_transport ? ctx.make_cleanup_transport() : ctx.make_transport();
    run.cleanup = delete_outstanding(*ctx.ledger, ctx.base_url, *cleanup_transport, ctx.authorize);
    run.cleanup.created = ctx.ledger->created_count();
    run.cleanup.deleted = ctx.ledger->deleted_count();
  }
}

}  // namespace scimcheck::run
