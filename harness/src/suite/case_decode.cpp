#include <algorithm>
#include <set>

#include "source/strings.hpp"
#include "suite/decode.hpp"
#include "suite/fixture_steps.hpp"

namespace scimcheck::suite {
namespace {

void decode_request(Decoder& d, const Json& r, const std::string& rp, const TemplateScope& scope,
                    RequestTemplate& request) {
  request.span = d.span(rp);
  request.method = str(r, "method");
  request.path = make_template(d, r.value("path", Json("")), rp + "/path");
  check_templates(d, request.path.value, rp + "/path", scope);
  for (const char* part : {"query", "headers"}) {
    if (!r.contains(part) || !r[part].is_object()) continue;
    auto& target = std::string(part) == "query" ? request.query : request.headers;
    for (const auto& [k, v] : r[part].items()) {
      const std::string vp = ptr_key(rp + "/" + part, k);
      target.emplace_back(k, make_template(d, v, vp));
      check_templates(d, v, vp, scope);
    }
  }
  if (r.contains("body")) {
    request.body = make_template(d, r["body"], rp + "/body");
    check_templates(d, r["body"], rp + "/body", scope);
  }
  if (r.contains("auth")) {
    const Json& a = r["auth"];
    if (a.is_boolean()) request.send_auth = a.get<bool>();
    if (a.is_string()) {
      request.auth_token = make_template(d, a, rp + "/auth");
      check_templates(d, a, rp + "/auth", scope);
    }
  }
}

Condition decode_condition(Decoder& d, const Json& c, const std::string& cp, const TemplateScope& scope) {
  Condition cond;
  cond.span = d.span(cp);
  cond.value = make_template(d, c.value("value", Json()), cp + "/value");
  TemplateScope condition = scope;
  condition.condition = true;
  check_templates(d, cond.value.value, cp + "/value", condition);
  if (c.contains("equals")) cond.equals = c["equals"];
  cond.reason = str(c, "reason");
  return cond;
}

void decode_captures(Decoder& d, const Json& captures, const std::string& cp, const TemplateScope& scope,
                     Step& step) {
  for (const auto& [name, v] : captures.items()) {
    Capture cap;
    cap.name = name;
    cap.span = d.span(ptr_key(cp, name));
    if (v.is_string()) {
      cap.from = Capture::From::body;
      cap.path = v.get<std::string>();
      if (cap.path != "$") check_scim_path(d, cap.path, ptr_key(cp, name));
    } else if (v.is_object() && v.contains("header")) {
      cap.from = Capture::From::header;
      cap.path = str(v, "header");
    } else {
      cap.from = Capture::From::status;
    }
    if (scope.knows(name))
      d.error(ptr_key(cp, name), "capture \"" + name + "\" hides a variable of the same name", true);
    step.captures.push_back(std::move(cap));
  }
}

/// The suite's defaults for what a step leaves out.
void apply_defaults(const StepDefaults& defaults, Step& step) {
  const bool timed = std::any_of(step.expect.begin(), step.expect.end(),
                                 [](const Expectation& x) { return x.subject == Subject::max_ms; });
  if (defaults.max_ms && !timed) step.expect.push_back(*defaults.max_ms);
  for (const auto& header : defaults.headers) {
    const std::string& name = header.first;
    const bool set = std::any_of(step.request.headers.begin(), step.request.headers.end(),
                                 [&](const auto& h) { return source::iequals(h.first, name); });
    if (!set) step.request.headers.emplace_back(name, header.second);
  }
}

/// Fixture names with their kind; those the case creates (v2) in the order written.
std::vector<std::pair<std::string, FixtureDeclaration>> decode_fixtures(Decoder& d, const Json& fixtures,
                                                                 const std::string& fp, Case& k,
                                                                 TemplateScope& scope) {
  std::vector<std::pair<std::string, FixtureDeclaration>> created;
  for (const auto& [name, v] : fixtures.items()) {
    FixtureDeclaration declared = read_fixture(name, v);
    k.fixtures.emplace_back(name, declared.kind);
    scope.fixtures.insert(name);
    if (is_builtin_root(name) || name == "item")
      d.error(ptr_key(fp, name), "fixture name \"" + name + "\" is reserved", true);
    if (declared.create) created.emplace_back(name, std::move(declared));
  }
  std::stable_sort(created.begin(), created.end(), [&](const auto& a, const auto& b) {
    const Span sa = d.span(ptr_key(fp, a.first)), sb = d.span(ptr_key(fp, b.first));
    return std::pair(sa.line, sa.column) < std::pair(sb.line, sb.column);
  });
  return created;
}

std::optional<ForEach> decode_for_each(Decoder& d, const Json& f, const std::string& fp) {
  if (!f.is_object()) return std::nullopt;
  ForEach each;
  each.span = d.span(fp);
  each.in = str(f, "in");
  each.where = f.value("where", Json());
  each.as = f.contains("as") ? str(f, "as") : "item";
  return each;
}

void decode_header(const Json& c, Case& k) {
  k.id = str(c, "id");
  k.title = str(c, "title");
  k.requirement = str(c, "requirement");
  k.level = parse_level(str(c, "level")).value_or(Level::must);
  k.impact = parse_impact(str(c, "impact")).value_or(Impact::entra);
  k.capability = str(c, "capability");
  k.fix = str(c, "fix");
  k.rationale = str(c, "rationale");
  k.requires_ = strings(c.value("requires", Json::array()));
  k.mode = parse_entra_mode(str(c, "entra_mode")).value_or(EntraMode::any);
  k.exclusive = flag(c, "exclusive", false);
  k.feature = str(c, "feature");
  k.depends_on = c.contains("depends_on") && c["depends_on"].is_string()
                     ? std::vector<std::string>{str(c, "depends_on")}
                     : strings(c.value("depends_on", Json::array()));
}

/// The case's steps: first one per fixture it creates, then those written.
void decode_steps(Decoder& d, const Json& c, const std::string& p, TemplateScope& scope,
                  const std::vector<std::pair<std::string, FixtureDeclaration>>& created,
                  const StepDefaults& defaults, Case& k) {
  std::set<std::string> names;
  auto add = [&](const Json& json, const std::string& sp) {
    scope.step = static_cast<int>(k.steps.size());
    auto step = decode_step(d, json, sp, scope);
    if (!step) return;
    if (!names.insert(step->name).second)
      d.error(sp + "/name", "step name \"" + step->name + "\" is used twice in this case");
    apply_defaults(defaults, *step);
    k.steps.push_back(std::move(*step));
  };
  for (const auto& [name, fixture] : created) add(create_step(name, fixture), ptr_key(p + "/fixtures", name));
  if (!c.contains("steps") || !c["steps"].is_array()) return;
  for (std::size_t i = 0; i < c["steps"].size(); ++i) add(c["steps"][i], p + "/steps/" + std::to_string(i));
}

}  // namespace

std::optional<Step> decode_step(Decoder& d, const Json& s, const std::string& p, TemplateScope& scope) {
  if (!s.is_object()) return std::nullopt;
  Step step;
  step.span = d.span(p);
  step.name = str(s, "name");
  step.creates = flag(s, "creates", false);
  step.setup = str(s, "setup");
  // The request sees captures of earlier steps only.
  if (s.contains("request") && s["request"].is_object())
    decode_request(d, s["request"], p + "/request", scope, step.request);
  if (s.contains("only_if") && s["only_if"].is_object())
    step.only_if = decode_condition(d, s["only_if"], p + "/only_if", scope);
  if (s.contains("capture") && s["capture"].is_object()) decode_captures(d, s["capture"], p + "/capture", scope, step);
  // Expectations are evaluated after the captures of their own step.
  for (const auto& c : step.captures) scope.captures.insert(c.name);
  if (s.contains("expect") && s["expect"].is_array()) {
    for (std::size_t i = 0; i < s["expect"].size(); ++i)
      if (auto x = decode_expectation(d, s["expect"][i], p + "/expect/" + std::to_string(i), scope))
        step.expect.push_back(std::move(*x));
  }
  return step;
}

EachResponse decode_each_response(Decoder& d, const Json& e, const std::string& p) {
  EachResponse rule;
  rule.span = d.span(p);
  rule.statuses = strings(e.value("status", Json::array()));
  rule.methods = strings(e.value("method", Json::array()));
  rule.target = e.contains("target") ? str(e, "target") : "any";
  rule.body = flag(e, "body", false);
  rule.projected = flag(e, "projected", true);
  rule.blocks = flag(e, "blocks", false);
  const TemplateScope scope;  // a rule sees no fixture and no capture
  if (e.contains("expect") && e["expect"].is_array()) {
    for (std::size_t i = 0; i < e["expect"].size(); ++i) {
      const std::string xp = p + "/expect/" + std::to_string(i);
      if (auto x = decode_expectation(d, e["expect"][i], xp, scope)) rule.expect.push_back(std::move(*x));
    }
  }
  return rule;
}

std::optional<Case> decode_case(Decoder& d, const Json& c, const std::string& p,
                                const StepDefaults& defaults) {
  if (!c.is_object()) return std::nullopt;
  Case k;
  k.span = d.span(p);
  decode_header(c, k);
  TemplateScope scope;
  scope.uses = &k.member_uses;
  std::vector<std::pair<std::string, FixtureDeclaration>> created;
  if (c.contains("fixtures") && c["fixtures"].is_object())
    created = decode_fixtures(d, c["fixtures"], p + "/fixtures", k, scope);
  if (c.contains("for_each")) k.for_each = decode_for_each(d, c["for_each"], p + "/for_each");
  if (k.for_each) scope.item = k.for_each->as;
  check_template_string(d, k.id, p + "/id", scope, false);
  if (!k.for_each && k.id.find("{{") != std::string::npos)
    d.error(p + "/id", "only a for_each case may use templates in its id");
  if (c.contains("each_response") && c["each_response"].is_object())
    k.each_response = decode_each_response(d, c["each_response"], p + "/each_response");
  decode_steps(d, c, p, scope, created, defaults, k);
  return k;
}

StepDefaults decode_defaults(Decoder& d, const Json& suite) {
  StepDefaults defaults;
  if (!suite.contains("defaults") || !suite["defaults"].is_object()) return defaults;
  const Json& j = suite["defaults"];
  TemplateScope scope;
  scope.profile_only = true;
  if (j.contains("max_ms")) {
    Expectation x;
    x.subject = Subject::max_ms;
    x.span = d.span("/defaults/max_ms");
    x.operand = make_template(d, j["max_ms"], "/defaults/max_ms");
    defaults.max_ms = x;
  }
  if (j.contains("headers") && j["headers"].is_object()) {
    for (const auto& [name, value] : j["headers"].items()) {
      const std::string vp = ptr_key("/defaults/headers", name);
      check_templates(d, value, vp, scope);
      defaults.headers.emplace_back(name, make_template(d, value, vp));
    }
  }
  return defaults;
}

}  // namespace scimcheck::suite
