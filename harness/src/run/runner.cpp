#include "run/runner.hpp"

#include <algorithm>
#include <chrono>
#include <map>
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
#include "run/discovery.hpp"
#include "run/ownership.hpp"
#include "run/request_builder.hpp"
#include "run/emitter.hpp"
#include "run/rules.hpp"

namespace scimcheck::run {
namespace {

using result::CaseResult;
using result::Outcome;
using result::StepResult;
using suite::Json;

using result::worst;

bool is_success(int status) { return status >= 200 && status < 300; }

bool is_mutating(const std::string& method) {
  return method == "PUT" || method == "PATCH" || method == "DELETE";
}

struct Target {
  std::string endpoint;  // "/Users"
  std::string id;        // as the server reads it: the segment percent-decoded
};

/// What a PUT/PATCH/DELETE path reaches, read as the server reads it.
struct PathReach {
  std::optional<Target> resource;  ///< /Users/<id> or /Groups/<id>
  std::string refusal;             ///< non-empty: the path must not be sent
};

PathReach reach_of(const std::string& path) {
  PathReach out;
  const auto segments = http::path_segments(path);
  if (!segments) {
    out.refusal = "its path has a dot segment";
    return out;
  }
  if (segments->empty()) return out;
  const std::string endpoint = collection_of(segments->front());
  if (endpoint.empty()) return out;  // not a resource collection
  if (segments->size() != 2 || (*segments)[1] == ".search") {
    out.refusal = "it does not name one resource";
    return out;
  }
  out.resource = Target{endpoint, (*segments)[1]};
  return out;
}

/// Stops the run when the target has stopped answering: after `limit` requests in a row (over
/// all workers) got no answer at all, it records one diagnosis and raises the abort flag, so
/// in-flight requests end, the remaining cases are skipped and the final cleanup runs.
class Halt {
 public:
  Halt(int limit, std::atomic<bool>* abort) : limit_(limit), abort_(abort) {}

  void note(const http::Exchange& exchange,
            const std::function<std::string(const std::string&)>& redact) {
    if (!exchange.error) {
      in_a_row_ = 0;
      return;
    }
    if (!is_unanswered(exchange) || limit_ <= 0) return;
    const int n = ++in_a_row_;
    if (n < limit_) return;
    std::lock_guard lock(mutex_);
    if (!reason_.empty()) return;
    std::string last =
        std::string(http::to_string(exchange.error->kind)) + ": " + exchange.error->message;
    if (redact) last = redact(last);
    reason_ = "stopped: " + std::to_string(n) +
              " requests in a row got no answer from the target (the last: " + last +
              "); the rest of the run was skipped";
    if (abort_) abort_->store(true);
  }

  std::string reason() const {
    std::lock_guard lock(mutex_);
    return reason_;
  }

 private:
  const int limit_;
  std::atomic<bool>* abort_;
  std::atomic<int> in_a_row_{0};
  mutable std::mutex mutex_;
  std::string reason_;
};

/// The path of a URL, without its scheme, host and query: what the live progress shows.
std::string path_of(const std::string& url) {
  std::size_t begin = url.find("://");
  begin = begin == std::string::npos ? 0 : url.find('/', begin + 3);
  if (begin == std::string::npos) return "/";
  return url.substr(begin, url.find_first_of("?#", begin) - begin);
}

/// Counts what a case sends, its cleanup included, tells the run's Halt what came back, and
/// the watcher (live progress) what is in flight.
class CountingTransport : public http::Transport {
 public:
  CountingTransport(http::Transport& inner, Halt& halt, const RunContext& ctx)
      : inner_(inner), halt_(halt), ctx_(ctx) {}
  http::Exchange send(const http::Request& request) override {
    ++sent_;
    static std::atomic<std::uint64_t> next_id{0};
    const std::uint64_t id = ++next_id;
    if (ctx_.watcher) {
      std::string path = path_of(request.url);
      if (ctx_.redact_text) path = ctx_.redact_text(path);
      ctx_.watcher->on_request_sent(id, request.method, path);
    }
    http::Exchange exchange = inner_.send(request);
    if (ctx_.watcher) ctx_.watcher->on_request_done(id);
    halt_.note(exchange, ctx_.redact_text);
    return exchange;
  }
  int sent() const { return sent_; }

 private:
  http::Transport& inner_;
  Halt& halt_;
  const RunContext& ctx_;
  int sent_ = 0;
};

/// What the suite says of a planned case, and the profile mapping it was expanded from.
CaseResult planned_header(const plan::PlannedCase& planned) {
  CaseResult out = result::header_of(planned.kase);
  out.mapping = planned.item_span;
  return out;
}

class CaseExecution {
 public:
  CaseExecution(const plan::PlannedCase& planned, std::size_t order, RunContext& ctx,
                http::Transport& transport, Halt& halt, RuleBook& rules)
      : planned_(planned),
        kase_(planned.kase),
        order_(order),
        ctx_(ctx),
        transport_(transport, halt, ctx),
        rules_(rules) {}

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

  bool setup_scope(CaseResult& out) {
    scope_.run_id = ctx_.run_id;
    scope_.variables = ctx_.variables;
    scope_.counter = ctx_.counter;
    for (const auto& [name, kind] : kase_.fixtures) {
      std::string error;
      const suite::ResourceMapping& mapping =
          kind == "group" ? ctx_.profile->groups : ctx_.profile->users;
      auto fixture = eval::make_fixture(kind, mapping, scope_, &error,
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

  /// Sends one step and evaluates it; returns the id of the rule (each_response) its response
  /// breaks and that blocks it, or "".
  std::string run_step(const suite::Step& step, StepResult& sr) {
    std::string error;
    auto rendered = eval::render_request(step.request, scope_, &error);
    if (!rendered) {
      sr.outcome = Outcome::errored;
      sr.error = "cannot build the request: " + error;
      return {};
    }
    http::Request request = build_request(*rendered, ctx_.base_url);
    if (auto refused = refuse_foreign(*rendered)) {
      sr.outcome = Outcome::errored;
      sr.error = *refused;
      return {};
    }
    if (rendered->send_auth) {
      if (rendered->auth_token) {
        request.headers.push_back({"Authorization", "Bearer " + *rendered->auth_token});
      } else if (ctx_.authorize) {
        if (auto auth_error = ctx_.authorize(request)) {
          sr.outcome = Outcome::errored;
          sr.error = "cannot authenticate: " + *auth_error;
          return {};
        }
      }
    }
    std::optional<PendingCreate> create;
    if (step.creates && ctx_.ledger) create = record_pending(*rendered);
    http::Exchange exchange = transport_.send(request);
    std::optional<result::CheckResult> ownership;
    if (create) ownership = record_create(*create, exchange);
    record_delete(*rendered, exchange);

    eval::apply_captures(step.captures, exchange, scope_);
    http::Exchange stored = exchange;
    if (ctx_.redact) ctx_.redact(stored);
    std::string breach;
    const std::string blocked_by =
        rules_.examine({order_, kase_.id, step.name, rendered->method, rendered->path}, exchange,
                       stored, &breach);
    result::keep_evidence(sr, std::move(stored));
    if (exchange.error) {
      sr.outcome = blocked_by.empty() ? Outcome::errored : Outcome::blocked;
      sr.error = std::string("no response (") + http::to_string(exchange.error->kind) +
                 "): " + exchange.error->message;
      if (ctx_.redact_text) sr.error = ctx_.redact_text(sr.error);
      return blocked_by;
    }
    evaluate_step(step, exchange, blocked_by, sr);
    if (sr.outcome == Outcome::blocked)
      sr.error = "the response breaks " + blocked_by + ": " + breach;
    if (ownership) {
      if (ctx_.redact_text) {
        ownership->actual = ctx_.redact_text(ownership->actual);
        ownership->expected = ctx_.redact_text(ownership->expected);
        ownership->message = ctx_.redact_text(ownership->message);
      }
      sr.outcome = worst(sr.outcome, ownership->outcome);
      sr.checks.push_back(std::move(*ownership));
    }
    return sr.outcome == Outcome::blocked ? blocked_by : std::string();
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
      if (ctx_.redact_text) {
        check.actual = ctx_.redact_text(check.actual);
        check.expected = ctx_.redact_text(check.expected);
      }
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

  /// PUT/PATCH/DELETE only ever go to resources this run created and proved its own (the
  /// ledger holds only those), read from the path as the server reads it.
  std::optional<std::string> refuse_foreign(const eval::RenderedRequest& r) const {
    if (!is_mutating(r.method)) return std::nullopt;
    const PathReach reach = reach_of(r.path);
    const std::string refusing = "refusing to send " + r.method + " " + r.path + ": ";
    if (!reach.refusal.empty()) return refusing + reach.refusal;
    if (!reach.resource) return std::nullopt;
    const Target& target = *reach.resource;
    if (ctx_.ledger && ctx_.ledger->owns(target.endpoint, target.id)) return std::nullopt;
    if (ctx_.ledger && deleted_here_.count(target.endpoint + "/" + target.id))
      return std::nullopt;  // a second DELETE of our own resource (expects 404)
    if (r.method == "DELETE" && scope_.drawn_uuids.count(target.id))
      return std::nullopt;  // a GUID this case drew itself: an id no server issued (expects 404)
    return refusing + "this run did not create that resource";
  }

  static std::string creation_endpoint(const std::string& path) {
    const auto segments = http::path_segments(path);
    return segments && !segments->empty() && collection_of(segments->front()) == "/Groups"
               ? "/Groups"
               : "/Users";
  }

  struct PendingCreate {
    int seq = 0;
    std::string endpoint;
    Marker marker;
  };

  PendingCreate record_pending(const eval::RenderedRequest& r) {
    PendingCreate create;
    create.endpoint = creation_endpoint(r.path);
    create.marker.attribute = marker_attribute(create.endpoint);
    create.marker.run_id = ctx_.run_id;
    if (r.body && r.body->is_object()) {
      const auto it = r.body->find(create.marker.attribute);
      if (it != r.body->end() && it->is_string()) create.marker.value = it->get<std::string>();
    }
    create.seq = ctx_.ledger->pending(create.endpoint, create.marker.attribute,
                                      create.marker.value, kase_.id);
    return create;
  }

  /// Records the create's outcome. A created resource is the run's own only when its id
  /// reads back with the marker the run sent; otherwise the returned check fails and the id
  /// is never touched (the final sweep looks the resource up by its marker instead).
  std::optional<result::CheckResult> record_create(const PendingCreate& create,
                                                   const http::Exchange& exchange) {
    if (exchange.error) return std::nullopt;  // outcome unknown: stays pending
    if (!is_success(exchange.response.status)) {
      ctx_.ledger->not_created(create.seq);
      return std::nullopt;
    }
    const Json body = parse_bounded(exchange.response.body);
    const auto id = body.is_object() ? body.find("id") : body.end();
    if (!body.is_object() || id == body.end()) return std::nullopt;  // stays pending
    result::CheckResult check;
    check.outcome = Outcome::failed;
    if (!id->is_string()) {
      ctx_.ledger->unverified(create.seq, id->dump());
      check.description = "id is a JSON string (RFC 7643 §3.1)";
      check.expected = "a string";
      check.actual = id->dump(-1, ' ', false, Json::error_handler_t::replace);
      if (check.actual.size() > 200) check.actual = check.actual.substr(0, 200) + "...";
      check.message = "the run finds what it created by its " + create.marker.attribute +
                      " to delete it";
      return check;
    }
    const std::string& text = id->get_ref<const std::string&>();
    const ReadBack proof = read_back(transport_, ctx_.authorize, ctx_.base_url, create.endpoint,
                                     text, create.marker);
    if (proof.proof == Proof::owned) {
      ctx_.ledger->created(create.seq, text);
      return std::nullopt;
    }
    ctx_.ledger->unverified(create.seq, text);
    check.description = "the created resource reads back by its id with the " +
                        create.marker.attribute + " the run sent";
    check.expected = "GET " + create.endpoint + "/{id} answers " + create.marker.attribute +
                     " \"" + create.marker.value + "\"";
    check.actual = proof.detail;
    check.message = "not the run's own: the run will not modify or delete " + create.endpoint +
                    "/" + text;
    return check;
  }

  void record_delete(const eval::RenderedRequest& r, const http::Exchange& exchange) {
    if (!ctx_.ledger || r.method != "DELETE" || exchange.error) return;
    if (!is_success(exchange.response.status) && exchange.response.status != 404) return;
    const PathReach reach = reach_of(r.path);
    if (!reach.resource) return;
    const Target& target = *reach.resource;
    if (!ctx_.ledger->owns(target.endpoint, target.id)) return;
    ctx_.ledger->deleted(target.endpoint, target.id);
    deleted_here_.insert(target.endpoint + "/" + target.id);
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
  CountingTransport transport_;
  RuleBook& rules_;
  eval::Scope scope_;
  std::set<std::string> deleted_here_;
};

}  // namespace

namespace {

/// Counts requests in a row that got no answer at all.
class UnansweredCount : public http::Transport {
 public:
  explicit UnansweredCount(http::Transport& inner) : inner_(inner) {}
  http::Exchange send(const http::Request& request) override {
    http::Exchange exchange = inner_.send(request);
    if (is_unanswered(exchange))
      ++in_a_row_;
    else if (!exchange.error)
      in_a_row_ = 0;
    return exchange;
  }
  int in_a_row() const { return in_a_row_; }

 private:
  http::Transport& inner_;
  int in_a_row_ = 0;
};

/// Lists in a marker lookup examined at most (the marker is unique: one match is expected).
constexpr std::size_t kMaxExamined = 1000;
constexpr std::size_t kMaxCandidates = 8;

/// The final delete of what the ledger still holds: each id is read back and deleted only
/// when it carries the run's marker; entries with no proven id are looked up by their marker.
class Sweeper {
 public:
  Sweeper(Ledger& ledger, const std::string& base_url, http::Transport& transport,
          const Authorize& authorize, int max_unanswered)
      : ledger_(ledger), base_url_(base_url), transport_(transport), authorize_(authorize),
        max_unanswered_(max_unanswered) {}

  result::Cleanup sweep(const std::string& case_id) {
    for (const auto& entry : ledger_.outstanding(case_id)) {
      if (stalled()) {
        leftover(entry, "not tried: the target stopped answering");
        continue;
      }
      if (entry.state == LedgerEntry::State::created)
        remove(entry, entry.id);
      else
        find_and_remove(entry);
    }
    return std::move(cleanup_);
  }

 private:
  bool stalled() const { return max_unanswered_ > 0 && transport_.in_a_row() >= max_unanswered_; }

  Marker marker_of(const LedgerEntry& entry) const {
    return {entry.marker_attr, entry.marker_value, ledger_.header().run_id, MarkerMatch::run};
  }

  static std::string name_of(const LedgerEntry& entry) {
    return entry.endpoint + " " + entry.marker_attr + "=" + entry.marker_value;
  }

  void leftover(const LedgerEntry& entry, const std::string& why) {
    const std::string what = entry.id.empty() || entry.state != LedgerEntry::State::created
                                 ? name_of(entry)
                                 : entry.endpoint + "/" + entry.id;
    cleanup_.leftovers.push_back(what + ": " + why);
  }

  /// deleted; gone (404 before the DELETE); kept (not proven the run's own: listed when the
  /// entry is created); failed (proven, but the DELETE failed: listed).
  enum class Removal { deleted, gone, kept, failed };

  /// Reads id back and deletes it when it is the run's own.
  Removal remove(const LedgerEntry& entry, const std::string& id) {
    const std::string where = entry.endpoint + "/" + id;
    const ReadBack proof = read_back(transport_, authorize_, base_url_, entry.endpoint, id,
                                     marker_of(entry));
    if (proof.proof == Proof::gone) {
      if (entry.state == LedgerEntry::State::created) {
        ledger_.deleted(entry.endpoint, id);
        ++cleanup_.deleted;
      }
      return Removal::gone;
    }
    if (proof.proof != Proof::owned) {
      if (entry.state == LedgerEntry::State::created)
        cleanup_.leftovers.push_back(where + ": not deleted: " + proof.detail);
      last_detail_ = proof.detail;
      return Removal::kept;
    }
    if (entry.state != LedgerEntry::State::created) ledger_.created(entry.seq, id);
    http::Request del;
    del.method = "DELETE";
    del.url = http::join_url(base_url_, entry.endpoint + "/" + *http::path_segment(id), {});
    const auto ex = send_authorized(transport_, authorize_, std::move(del));
    if (!ex.error && (is_success(ex.response.status) || ex.response.status == 404)) {
      ledger_.deleted(entry.endpoint, id);
      ++cleanup_.deleted;
      return Removal::deleted;
    }
    cleanup_.leftovers.push_back(
        where + ": " +
        (ex.error ? ex.error->message : "DELETE answered " + std::to_string(ex.response.status)));
    return Removal::failed;
  }

  /// The ids of the resources a filter on the entry's marker lists with that marker (a
  /// bounded number, read in place); nullopt when the lookup got no usable list.
  std::optional<std::vector<std::string>> find_by_marker(const LedgerEntry& entry) {
    std::string value;
    for (char c : entry.marker_value) {
      if (c == '"' || c == '\\') value += '\\';
      value += c;
    }
    http::Request find;
    find.method = "GET";
    find.url = http::join_url(base_url_, entry.endpoint,
                              {{"filter", entry.marker_attr + " eq \"" + value + "\""}});
    const auto ex = send_authorized(transport_, authorize_, std::move(find));
    if (ex.error || !is_success(ex.response.status)) return std::nullopt;
    const Json body = parse_bounded(ex.response.body);
    if (!body.is_object()) return std::nullopt;
    std::vector<std::string> ids;
    const auto resources = body.find("Resources");
    if (resources == body.end()) return ids;
    if (!resources->is_array()) return std::nullopt;
    const Marker exact{entry.marker_attr, entry.marker_value, {}, MarkerMatch::exact};
    const std::size_t n = std::min(resources->size(), kMaxExamined);
    for (std::size_t i = 0; i < n && ids.size() < kMaxCandidates; ++i) {
      const Json& r = (*resources)[i];
      if (!carries_marker(r, exact)) continue;
      const auto id = r.find("id");
      if (id == r.end()) continue;
      if (auto text = id_text(*id)) ids.push_back(std::move(*text));
    }
    return ids;
  }

  /// The create's outcome is unknown or unproven: look it up by its marker, but only when the
  /// marker carries this run's id, so nothing else can match.
  void find_and_remove(const LedgerEntry& entry) {
    const std::string& run_id = ledger_.header().run_id;
    if (entry.marker_value.empty() || run_id.empty() ||
        entry.marker_value.find(run_id) == std::string::npos) {
      if (entry.state == LedgerEntry::State::unverified && !entry.id.empty())
        leftover(entry, "answered as " + entry.id +
                            ", which the run cannot prove its own (no run marker); not deleted");
      else
        ledger_.not_created(entry.seq);
      return;
    }
    const auto found = find_by_marker(entry);
    if (!found) {
      leftover(entry, "could not look it up");
      return;
    }
    const std::vector<std::string>& candidates = *found;
    if (candidates.empty()) {
      ledger_.not_created(entry.seq);
      return;
    }
    bool kept = false, all_gone = true;
    for (const auto& id : candidates) {
      const Removal removal = remove(entry, id);
      kept = kept || removal == Removal::kept;
      all_gone = all_gone && removal == Removal::gone;
    }
    if (kept)
      leftover(entry, "found by its marker, but not proven the run's own (" + last_detail_ + ")");
    else if (all_gone)
      ledger_.not_created(entry.seq);
  }

  Ledger& ledger_;
  const std::string& base_url_;
  UnansweredCount transport_;
  const Authorize& authorize_;
  const int max_unanswered_;
  result::Cleanup cleanup_;
  std::string last_detail_;  ///< why the last resource was kept
};

}  // namespace

result::Cleanup delete_outstanding(Ledger& ledger, const std::string& base_url,
                                   http::Transport& transport, const Authorize& authorize,
                                   const std::string& case_id, int max_unanswered) {
  return Sweeper(ledger, base_url, transport, authorize, max_unanswered).sweep(case_id);
}

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
/// is applied, so a check blocked by another's failure is not the one that stops the run,
/// and a failure the baseline accepts stops nothing.
class FailFast : public report::Reporter {
 public:
  FailFast(report::Reporter& inner, bool on, bool strict,
           std::function<bool(const CaseResult&)> known)
      : inner_(inner), on_(on), strict_(strict), known_(std::move(known)) {}

  void on_run_start(const result::RunResult& run) override { inner_.on_run_start(run); }
  void on_case_done(const result::SuiteResult& suite, const CaseResult& kase) override {
    note(kase);
    inner_.on_case_done(suite, kase);
  }
  void on_run_done(const result::RunResult& run) override { inner_.on_run_done(run); }

  /// The skip reason of a check not started; empty while the run goes on.
  std::string reason() const {
    std::lock_guard lock(mutex_);
    return first_.empty() ? std::string() : "not run: --fail-fast stopped the run after " + first_;
  }

 private:
  void note(const CaseResult& result) {
    if (!on_ || !result::fails_run(result.outcome, strict_) || (known_ && known_(result))) return;
    std::lock_guard lock(mutex_);
    if (first_.empty()) first_ = result.id;
  }

  report::Reporter& inner_;
  const bool on_, strict_;
  const std::function<bool(const CaseResult&)> known_;
  mutable std::mutex mutex_;
  std::string first_;
};

void run_one(Slot& slot, std::size_t index, RunContext& ctx, http::Transport& transport,
             Halt& halt, FailFast& fail_fast, RuleBook& rules, Emitter& emitter) {
  const plan::PlannedCase& planned = *slot.planned;
  if (!planned.skip_reason.empty()) {
    CaseResult skipped = skipped_case(planned, planned.skip_reason);
    skipped.skip_group = planned.skip_group;
    emitter.complete(index, std::move(skipped));
  } else if (aborted(ctx)) {
    emitter.complete(index, skipped_case(planned, "run aborted before this check"));
  } else if (is_rule(slot)) {
    return;  // judged at the end, over every response (RuleBook)
  } else if (const std::string stopped = fail_fast.reason(); !stopped.empty()) {
    emitter.complete(index, skipped_case(planned, stopped));
  } else {
    CaseResult result = apply_discovery(planned.kase, ctx.discovery,
                                        CaseExecution(planned, index, ctx, transport, halt, rules)
                                            .execute());
    emitter.complete(index, std::move(result));
  }
}

/// Runs the slots at `order` on up to `jobs` workers, each with its own transport, taking
/// them in that order as workers come free.
void run_batch(std::vector<Slot>& slots, const std::vector<std::size_t>& order, RunContext& ctx,
               std::vector<std::unique_ptr<http::Transport>>& transports, Halt& halt,
               FailFast& fail_fast, RuleBook& rules, Emitter& emitter) {
  const std::size_t workers = std::min(transports.size(), order.size());
  std::atomic<std::size_t> next{0};
  auto work = [&](http::Transport& transport) {
    for (std::size_t i = next++; i < order.size(); i = next++)
      run_one(slots[order[i]], order[i], ctx, transport, halt, fail_fast, rules, emitter);
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
    for (const auto& planned : planned_suite.cases)
      slots.push_back({s, &planned, std::nullopt, false});
  }
  run.deselected = static_cast<int>(plan.deselected.size());
  const int jobs = std::max(1, ctx.jobs);
  std::vector<std::unique_ptr<http::Transport>> transports;
  for (int i = 0; i < jobs; ++i) transports.push_back(ctx.make_transport());
  FailFast fail_fast(reporter, ctx.fail_fast, ctx.strict, ctx.known_failure);
  Emitter emitter(slots, run, fail_fast);
  std::atomic<bool> local_abort{false};
  if (!ctx.abort) ctx.abort = &local_abort;
  Halt halt(ctx.max_unanswered, ctx.abort);
  RuleBook rules(plan, *ctx.schemas, ctx.max_response_ms, ctx.redact_text, ctx.server_schemas,
                 ctx.server_schemas_problem);

  // The run's length is bounded below by its critical path: every exclusive case (each must
  // run alone) plus the longest of the others. So the exclusive cases go first, one at a time,
  // and then every other case at once, longest first, so that no long chain of requests
  // starts last. Each result reaches the reporter when it is known; RunResult::suites lists
  // them in plan order.
  std::vector<std::size_t> shared;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (slots[i].planned->kase.exclusive && slots[i].planned->skip_reason.empty())
      run_batch(slots, {i}, ctx, transports, halt, fail_fast, rules, emitter);
    else
      shared.push_back(i);
  }
  std::stable_sort(shared.begin(), shared.end(), [&](std::size_t a, std::size_t b) {
    return estimated_requests(*slots[a].planned) > estimated_requests(*slots[b].planned);
  });
run_batch(slots, shared, ctx, transports, halt, fail_fast, rules, emitter);
  emitter.finish(rules);
  if (const std::string reason = halt.reason(); !reason.empty()) {
    run.aborted = true;
    run.abort_reason = reason;
  }

  if (ctx.abort == &local_abort) ctx.abort = nullptr;
  if (ctx.ledger) {
    auto cleanup_transport =
        ctx.make_cleanup_transport ? ctx.make_cleanup_transport() : ctx.make_transport();
    run.cleanup = delete_outstanding(*ctx.ledger, ctx.base_url, *cleanup_transport, ctx.authorize,
                                     {}, ctx.max_unanswered);
    run.cleanup.created = ctx.ledger->created_count();
    run.cleanup.deleted = ctx.ledger->deleted_count();
  }
}

}  // namespace scimcheck::run
