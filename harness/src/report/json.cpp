#include "report/json.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "report/readiness.hpp"
#include "report/text.hpp"

namespace scimcheck::report {

using nlohmann::json;
using namespace result;

namespace {

/// Version of the layout below; bumped when a key changes meaning or disappears.
constexpr int kSchemaVersion = 1;

json totals_json(const Totals& t) {
  return {{"passed", t.passed},   {"failed", t.failed},   {"errored", t.errored},
          {"skipped", t.skipped}, {"warning", t.warning}, {"blocked", t.blocked},
          {"total", t.total()},   {"known", t.known},     {"fixed", t.fixed}};
}

json headers_json(const http::Headers& headers) {
  json out = json::array();
  for (const auto& h : headers) out.push_back({{"name", h.name}, {"value", h.value}});
  return out;
}

json exchange_json(const http::Exchange& ex) {
  json error = nullptr;
  if (ex.error) error = {{"kind", http::to_string(ex.error->kind)}, {"message", ex.error->message}};
  json out = {{"request",
               {{"method", ex.request.method},
                {"url", ex.request.url},
                {"headers", headers_json(ex.request.headers)},
                {"body", ex.request.body}}},
              {"response",
               {{"status", ex.response.status},
                {"headers", headers_json(ex.response.headers)},
                {"body", ex.response.body}}},
              {"error", error},
              {"elapsed_ms", ex.elapsed_ms}};
  if (!ex.started_at.empty()) out["started_at"] = ex.started_at;
  return out;
}

/// Where something is written: {"file", "line", "column"}.
json span_json(const source::Span& span) {
  return {{"file", span.file}, {"line", span.line}, {"column", span.column}};
}

json check_json(const CheckResult& c) {
  json out = {{"description", c.description}, {"outcome", to_string(c.outcome)},
              {"expected", c.expected},       {"actual", c.actual},
              {"message", c.message},         {"level", suite::to_string(c.level)},
              {"fix", c.fix}};
  if (c.impact) out["impact"] = suite::to_string(*c.impact);
  if (!c.source.file.empty()) out["source"] = span_json(c.source);
  return out;
}

json step_json(const StepResult& s) {
  json checks = json::array();
  for (const auto& c : s.checks) checks.push_back(check_json(c));
  json exchange = nullptr;
  if (s.exchange) {
    exchange = exchange_json(*s.exchange);
    exchange["request"]["body_bytes"] =
        std::max(s.request_body_bytes, s.exchange->request.body.size());
    exchange["response"]["body_bytes"] =
        std::max(s.response_body_bytes, s.exchange->response.body.size());
  }
  return {{"name", s.name},
          {"outcome", to_string(s.outcome)},
          {"setup", s.setup},
          {"error", s.error},
          {"checks", checks},
          {"exchange", exchange}};
}

/// Every string of the document (whose nesting is this file's layout, a few levels) with
/// malformed UTF-8 written as "\xNN", so that the document can be serialised.
void escape_strings(json& value) {
  if (value.is_string()) {
    value = utf8_text(value.get_ref<const std::string&>());
  } else if (value.is_structured()) {
    for (auto& item : value) escape_strings(item);
  }
}

json case_json(const CaseResult& k) {
  json steps = json::array();
  for (const auto& s : k.steps) steps.push_back(step_json(s));
  json out = {{"id", k.id},
          {"title", k.title},
          {"suite", k.suite},
          {"requirement", k.requirement},
          {"level", suite::to_string(k.level)},
          {"impact", suite::to_string(k.impact)},
          {"capability", k.capability},
          {"entra_mode", suite::to_string(k.entra_mode)},
          {"fix", k.fix},
          {"rationale", k.rationale},
          {"outcome", to_string(k.outcome)},
          {"reason", k.reason},
          {"blocked_by", k.blocked_by},
          {"duration_ms", k.duration_ms},
          {"slowest_ms", k.slowest_ms},
          {"requests", k.requests},
          {"baseline", to_string(k.baseline)},
          {"baseline_reason", k.baseline_reason},
          {"steps", steps}};
  if (!k.skip_group.empty()) out["skip_group"] = k.skip_group;
  if (!k.source.file.empty()) out["source"] = span_json(k.source);
  if (!k.mapping.file.empty()) out["mapping"] = span_json(k.mapping);
  return out;
}

json suite_json(const SuiteResult& s) {
  json cases = json::array();
  for (const auto& k : s.cases) cases.push_back(case_json(k));
  return {{"id", s.id},
          {"title", s.title},
          {"file", s.file},
          {"totals", totals_json(totals(s))},
          {"cases", cases}};
}

// ---- reading -----------------------------------------------------------------------------

/// Reads one object, naming the offending location (e.g. "suites[0].cases[2].outcome") in
/// every error.
class Reader {
 public:
  Reader(const json& value, std::string where) : value_(value), where_(std::move(where)) {
    if (!value_.is_object()) fail(where_, "expected an object");
  }

  [[noreturn]] static void fail(const std::string& where, const std::string& what) {
    throw std::runtime_error("results JSON: " + (where.empty() ? "top level" : where) + ": " +
                             what);
  }

  const std::string& where() const { return where_; }

  std::string path(std::string_view key) const {
    return where_.empty() ? std::string(key) : where_ + "." + std::string(key);
  }

  const json& at(std::string_view key) const {
    const auto it = value_.find(key);
    if (it == value_.end()) fail(path(key), "missing");
    return *it;
  }

  std::string str(std::string_view key) const {
    const json& v = at(key);
    if (!v.is_string()) fail(path(key), "expected a string");
    return v.get<std::string>();
  }

  bool boolean(std::string_view key) const {
    const json& v = at(key);
    if (!v.is_boolean()) fail(path(key), "expected true or false");
    return v.get<bool>();
  }

  int integer(std::string_view key) const {
    const json& v = at(key);
    if (!v.is_number_integer()) fail(path(key), "expected an integer");
    return v.get<int>();
  }

  double number(std::string_view key) const {
    const json& v = at(key);
    if (!v.is_number()) fail(path(key), "expected a number");
    return v.get<double>();
  }

  /// A string that files written before the key existed may lack ("" then).
  std::string optional_str(std::string_view key) const {
    if (value_.find(key) == value_.end()) return "";
    return str(key);
  }

  /// An integer that files written before the key existed may lack (0 then).
  int optional_integer(std::string_view key) const {
    if (value_.find(key) == value_.end()) return 0;
    return integer(key);
  }

  /// A size that files written before the key existed may lack (`fallback` then).
  std::size_t optional_size(std::string_view key, std::size_t fallback) const {
    if (value_.find(key) == value_.end()) return fallback;
    const json& v = at(key);
    if (!v.is_number_unsigned()) fail(path(key), "expected a size in bytes");
    return v.get<std::size_t>();
  }

  /// Where something is written ({"file", "line", "column"}); files written before results
  /// carried it lack it (an empty span then).
  source::Span optional_span(std::string_view key) const {
    if (value_.find(key) == value_.end()) return {};
    const json& v = at(key);
    if (!v.is_object()) fail(path(key), "expected an object");
    Reader r(v, path(key));
    return {r.str("file"), r.integer("line"), r.integer("column"), ""};
  }

  const json& array(std::string_view key) const {
    const json& v = at(key);
    if (!v.is_array()) fail(path(key), "expected an array");
    return v;
  }

  Outcome outcome(std::string_view key) const {
    const std::string s = str(key);
    for (Outcome o :
         {Outcome::passed, Outcome::failed, Outcome::errored, Outcome::skipped, Outcome::warning,
          Outcome::blocked, Outcome::not_evaluated})
      if (s == to_string(o)) return o;
    fail(path(key), "unknown outcome \"" + s + "\"");
  }

  /// A level; "ENTRA", from files written before impacts existed, reads as MUST.
  suite::Level level(std::string_view key) const {
    const std::string s = str(key);
    if (s == "ENTRA") return suite::Level::must;
    if (auto l = suite::parse_level(s)) return *l;
    fail(path(key), "unknown level \"" + s + "\"");
  }

  /// An impact that files written before impacts existed lack (nullopt then).
  std::optional<suite::Impact> optional_impact(std::string_view key) const {
    if (value_.find(key) == value_.end()) return std::nullopt;
    const std::string s = str(key);
    if (auto i = suite::parse_impact(s)) return i;
    fail(path(key), "unknown impact \"" + s + "\"");
  }

  /// A case's Entra mode: any, flag-off or flag-on; files written before cases carried it
  /// lack it (any then).
  suite::EntraMode optional_case_mode(std::string_view key) const {
    if (value_.find(key) == value_.end()) return suite::EntraMode::any;
    const std::string s = str(key);
    const auto mode = suite::parse_entra_mode(s);
    if (!mode || *mode == suite::EntraMode::both) fail(path(key), "unknown case mode \"" + s + "\"");
    return *mode;
  }

 private:
  const json& value_;
  std::string where_;
};

std::string item(const std::string& where, std::string_view key, std::size_t i) {
  return (where.empty() ? "" : where + ".") + std::string(key) + "[" + std::to_string(i) + "]";
}

http::Headers read_headers(const Reader& r, std::string_view key) {
  http::Headers out;
  const json& list = r.array(key);
  for (std::size_t i = 0; i < list.size(); ++i) {
    Reader h(list[i], item(r.where(), key, i));
    out.push_back({h.str("name"), h.str("value")});
  }
  return out;
}

http::ErrorKind error_kind(const Reader& r, std::string_view key) {
  const std::string s = r.str(key);
  for (http::ErrorKind k : {http::ErrorKind::none, http::ErrorKind::connect, http::ErrorKind::tls,
                            http::ErrorKind::timeout, http::ErrorKind::too_large,
                            http::ErrorKind::aborted, http::ErrorKind::other})
    if (s == http::to_string(k)) return k;
  Reader::fail(r.path(key), "unknown error kind \"" + s + "\"");
}

http::Exchange read_exchange(const json& value, const std::string& where) {
  Reader r(value, where);
  http::Exchange ex;
  Reader req(r.at("request"), r.path("request"));
  ex.request.method = req.str("method");
  ex.request.url = req.str("url");
  ex.request.headers = read_headers(req, "headers");
  ex.request.body = req.str("body");
  Reader res(r.at("response"), r.path("response"));
  ex.response.status = res.integer("status");
  ex.response.headers = read_headers(res, "headers");
  ex.response.body = res.str("body");
  if (const json& error = r.at("error"); !error.is_null()) {
    Reader e(error, r.path("error"));
    ex.error = http::TransportError{error_kind(e, "kind"), e.str("message")};
  }
  ex.elapsed_ms = r.number("elapsed_ms");
  ex.started_at = r.optional_str("started_at");
  return ex;
}

CheckResult read_check(const json& value, const std::string& where) {
  Reader r(value, where);
  CheckResult c;
  c.description = r.str("description");
  c.outcome = r.outcome("outcome");
  c.expected = r.str("expected");
  c.actual = r.str("actual");
  c.message = r.str("message");
  c.level = r.level("level");
  // Results written before checks carried their own fix have none.
  if (value.contains("fix")) c.fix = r.str("fix");
  c.impact = r.optional_impact("impact");
  c.source = r.optional_span("source");
  return c;
}

StepResult read_step(const json& value, const std::string& where) {
  Reader r(value, where);
  StepResult s;
  s.name = r.str("name");
  s.outcome = r.outcome("outcome");
  s.setup = r.optional_str("setup");
  s.error = r.str("error");
  const json& checks = r.array("checks");
  for (std::size_t i = 0; i < checks.size(); ++i)
    s.checks.push_back(read_check(checks[i], item(where, "checks", i)));
  if (const json& ex = r.at("exchange"); !ex.is_null()) {
    s.exchange = read_exchange(ex, r.path("exchange"));
    const std::string where_ex = r.path("exchange");
    s.request_body_bytes = Reader(ex.at("request"), where_ex + ".request")
                               .optional_size("body_bytes", s.exchange->request.body.size());
    s.response_body_bytes = Reader(ex.at("response"), where_ex + ".response")
                                .optional_size("body_bytes", s.exchange->response.body.size());
  }
  return s;
}

CaseResult read_case(const json& value, const std::string& where) {
  Reader r(value, where);
  CaseResult k;
  k.id = r.str("id");
  k.title = r.str("title");
  k.suite = r.str("suite");
  k.requirement = r.str("requirement");
  k.level = r.level("level");
  k.impact = r.optional_impact("impact").value_or(suite::Impact::entra);
  k.capability = r.str("capability");
  k.entra_mode = r.optional_case_mode("entra_mode");
  k.fix = r.str("fix");
  k.rationale = r.str("rationale");
  k.outcome = r.outcome("outcome");
  k.reason = r.str("reason");
  k.blocked_by = r.optional_str("blocked_by");
  k.skip_group = r.optional_str("skip_group");
  k.duration_ms = r.number("duration_ms");
  k.slowest_ms = r.number("slowest_ms");
  k.requests = r.optional_integer("requests");
  const std::string baseline = r.optional_str("baseline");
  const auto state = result::parse_baseline_state(baseline);
  if (!state) Reader::fail(r.path("baseline"), "unknown baseline state \"" + baseline + "\"");
  k.baseline = state.value_or(result::BaselineState::none);
  k.baseline_reason = r.optional_str("baseline_reason");
  k.source = r.optional_span("source");
  k.mapping = r.optional_span("mapping");
  const json& steps = r.array("steps");
  for (std::size_t i = 0; i < steps.size(); ++i)
    k.steps.push_back(read_step(steps[i], item(where, "steps", i)));
  return k;
}

SuiteResult read_suite(const json& value, const std::string& where) {
  Reader r(value, where);
  SuiteResult s;
  s.id = r.str("id");
  s.title = r.str("title");
  s.file = r.str("file");
  const json& cases = r.array("cases");
  for (std::size_t i = 0; i < cases.size(); ++i)
    s.cases.push_back(read_case(cases[i], item(where, "cases", i)));
  return s;
}

}  // namespace

json to_json(const RunResult& run) {
  json suites = json::array();
  for (const auto& s : run.suites) suites.push_back(suite_json(s));
  json leftovers = json::array();
  for (const auto& l : run.cleanup.leftovers) leftovers.push_back(l);
  json out = {{"schema_version", kSchemaVersion},
          {"tool_version", run.tool_version},
          {"run_id", run.run_id},
          {"profile", run.profile},
          {"profile_title", run.profile_title},
          {"target", run.target},
          {"entra_mode", run.entra_mode},
          {"started_at", run.started_at},
          {"finished_at", run.finished_at},
          {"duration_ms", run.duration_ms},
          {"strict", run.strict},
          {"insecure", run.insecure},
          {"aborted", run.aborted},
          {"abort_reason", run.abort_reason},
          {"deselected", run.deselected},
          {"totals", totals_json(totals(run))},
          {"suites", suites},
          {"cleanup",
           {{"created", run.cleanup.created},
            {"deleted", run.cleanup.deleted},
            {"leftovers", leftovers}}}};
  if (const auto& t = run.throttling)
    out["throttling"] = {{"rate", t->rate},           {"requests", t->requests},
                         {"throttled", t->throttled}, {"exhausted", t->exhausted},
                         {"wait_ms", t->wait_ms},     {"rate_wait_ms", t->rate_wait_ms}};
  if (const auto& a = run.auth) {
    json auth = {{"type", a->type}, {"refreshes", a->refreshes}};
    if (a->token_lifetime_s) auth["token_lifetime_s"] = *a->token_lifetime_s;
    if (auto ok = lifetime_in_gallery_range(*a)) auth["token_lifetime_in_gallery_range"] = *ok;
    out["auth"] = auth;
  }
  if (run.readiness) out["gallery_readiness"] = readiness_json(run);
  escape_strings(out);
  return out;
}

RunResult from_json(const json& value) {
  Reader r(value, "");
  if (r.integer("schema_version") != kSchemaVersion)
    Reader::fail("schema_version", "unsupported version " + r.at("schema_version").dump());
  RunResult run;
  run.tool_version = r.str("tool_version");
  run.run_id = r.str("run_id");
  run.profile = r.str("profile");
  run.profile_title = r.str("profile_title");
  run.target = r.str("target");
  run.entra_mode = r.str("entra_mode");
  run.started_at = r.str("started_at");
  run.finished_at = r.str("finished_at");
  run.duration_ms = r.number("duration_ms");
  run.strict = r.boolean("strict");
  run.insecure = r.boolean("insecure");
  run.aborted = r.boolean("aborted");
  run.abort_reason = r.str("abort_reason");
  run.deselected = r.optional_integer("deselected");
  const json& suites = r.array("suites");
  for (std::size_t i = 0; i < suites.size(); ++i)
    run.suites.push_back(read_suite(suites[i], item("", "suites", i)));
  Reader c(r.at("cleanup"), "cleanup");
  run.cleanup.created = c.integer("created");
  run.cleanup.deleted = c.integer("deleted");
  const json& leftovers = c.array("leftovers");
  for (std::size_t i = 0; i < leftovers.size(); ++i) {
    if (!leftovers[i].is_string())
      Reader::fail(item("cleanup", "leftovers", i), "expected a string");
    run.cleanup.leftovers.push_back(leftovers[i].get<std::string>());
  }
  if (value.contains("throttling")) {
    Reader t(r.at("throttling"), "throttling");
    run.throttling = Throttling{t.number("rate"),     t.integer("requests"),
                                t.integer("throttled"), t.integer("exhausted"),
                                t.number("wait_ms"),  t.number("rate_wait_ms")};
  }
  if (value.contains("auth")) {
    Reader a(r.at("auth"), "auth");
    AuthRecord auth{a.str("type"), std::nullopt, a.integer("refreshes")};
    if (r.at("auth").contains("token_lifetime_s")) auth.token_lifetime_s = a.integer("token_lifetime_s");
    run.auth = auth;
  }
  if (value.contains("gallery_readiness"))
    run.readiness = readiness_from_json(value["gallery_readiness"]);
  return run;
}

}  // namespace scimcheck::report
