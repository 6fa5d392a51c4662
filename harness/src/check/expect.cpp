#include "check/expect.hpp"
#include "source/strings.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <unordered_set>

#include "check/drift.hpp"
#include "check/effect.hpp"
#include "eval/template_render.hpp"
#include "http/json_body.hpp"
#include "scim/attributes.hpp"
#include "scim/path.hpp"
#include "source/utf8.hpp"

namespace scimcheck::check {
namespace {

using result::CheckResult;
using result::Outcome;
using suite::Json;
using suite::Operator;
using suite::Subject;

std::string clip(std::string text, std::size_t limit = 400) {
  if (text.size() > limit) text = text.substr(0, limit) + "...";
  return text;
}

/// Why a body that is not taken as JSON was refused, with its start.
std::string not_json(const std::string& body) {
  std::string why = "not JSON: ";
  if (!http::within_depth(body))
    why = "not JSON (nested deeper than " + std::to_string(http::kMaxBodyDepth) + " levels): ";
  else if (auto at = source::invalid_utf8_at(body))
    why = "not JSON (byte " + std::to_string(*at) +
          " is not UTF-8, which RFC 8259 §8.1 requires): ";
  return why + clip(body, 200);
}

/// A value as JSON text; strings captured from headers may hold malformed UTF-8, which
/// dump() would throw on.
std::string json_text(const Json& v) {
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string text_of(const Json& v) { return v.is_string() ? v.get<std::string>() : json_text(v); }

std::string values_text(const std::vector<Json>& values) {
  if (values.empty()) return "absent";
  if (values.size() == 1) return clip(json_text(values.front()));
  return clip(json_text(Json(values)));
}

const char* op_name(Operator op) {
  switch (op) {
    case Operator::present: return "is present";
    case Operator::absent: return "is absent";
    case Operator::equals: return "equals";
    case Operator::differs: return "differs from";
    case Operator::matches: return "matches";
    case Operator::count: return "has a count of";
    case Operator::contains: return "contains";
    case Operator::empty: return "is empty";
    case Operator::none_of: return "is none of";
    case Operator::none: return "";
  }
  return "";
}

/// The resource kind a body holds, for caseExact rules.
scim::ResourceKind kind_of(const Json& body) {
  auto from_schemas = [](const Json& doc) {
    if (!doc.is_object() || !doc.contains("schemas") || !doc["schemas"].is_array())
      return scim::ResourceKind::other;
    for (const auto& s : doc["schemas"]) {
      if (s == scim::kUserUrn) return scim::ResourceKind::user;
      if (s == scim::kGroupUrn) return scim::ResourceKind::group;
    }
    return scim::ResourceKind::other;
  };
  return from_schemas(body);
}

/// A `matches` pattern, compiled by RE2: linear in the text searched, whatever the server
/// sent, where std::regex backtracks and recurses per character.
class Pattern {
 public:
  explicit Pattern(const std::string& text) : re_(text, RE2::Quiet) {}
  bool ok() const { return re_.ok(); }
  std::string error() const { return "invalid regular expression: " + re_.error(); }
  bool found_in(const std::string& text) const { return RE2::PartialMatch(text, re_); }

 private:
  RE2 re_;
};

bool case_exact_for(const scim::AttrPath& path, scim::ResourceKind kind) {
  return scim::is_case_exact(kind, path.urn, path.attr, path.sub);
}

bool string_contains(const std::string& haystack, const std::string& needle, bool case_exact) {
  if (case_exact) return haystack.find(needle) != std::string::npos;
  return source::fold_case(haystack).find(source::fold_case(needle)) != std::string::npos;
}

/// "header Location matches \"x\"", "path userName is absent": a subject with its operator.
std::string operator_text(const char* subject, const std::string& name, Operator op,
                          const Json& operand) {
  std::string s = std::string(subject) + " " + name + " " + op_name(op);
  if (op != Operator::present && op != Operator::absent && op != Operator::empty)
    s += " " + clip(json_text(operand), 120);
  return s;
}

/// Sets the outcome of one expectation: passed, failed (or warning, by level) or errored.
class Verdict {
 public:
  explicit Verdict(CheckResult& r)
      : r_(r), on_failure_(r.level == suite::Level::must ? Outcome::failed : Outcome::warning) {}

  CheckResult pass(std::string expected, std::string actual) const {
    return with(Outcome::passed, std::move(expected), std::move(actual));
  }
  /// MUST fails the check; SHOULD and MAY only warn.
  CheckResult fail(std::string expected, std::string actual) const {
    return with(on_failure_, std::move(expected), std::move(actual));
  }
  CheckResult judge(bool ok, std::string expected, std::string actual) const {
    return ok ? pass(std::move(expected), std::move(actual))
              : fail(std::move(expected), std::move(actual));
  }
  CheckResult errored(std::string why) const {
    return with(Outcome::errored, "an expectation that can be evaluated", std::move(why));
  }
  /// Replaces the description, to show a rendered template instead of the template.
  void describe(std::string text) const { r_.description = std::move(text); }

 private:
  CheckResult with(Outcome outcome, std::string expected, std::string actual) const {
    r_.outcome = outcome;
    r_.expected = std::move(expected);
    r_.actual = std::move(actual);
    return r_;
  }
  CheckResult& r_;
  Outcome on_failure_;
};

/// Why a body is not a JSON object, for the expectations that read one.
std::string not_an_object(const ResponseView& view) {
  if (view.text().empty()) return "no body";
  if (view.json()) return "not a JSON object: " + clip(view.text(), 200);
  return not_json(view.text());
}

/// Up to `shown` problems joined by "; ", with how many more there are.
std::string listed(const std::vector<std::string>& problems, std::size_t shown) {
  std::string text;
  for (std::size_t i = 0; i < problems.size() && i < shown; ++i) text += (i ? "; " : "") + problems[i];
  if (problems.size() > shown) text += "; (" + std::to_string(problems.size() - shown) + " more)";
  return text;
}

/// A SCIM path; nullopt with the reason in `error` when it does not parse.
std::optional<scim::AttrPath> parsed_path(const std::string& text, std::string* error) {
  auto parsed = scim::parse_path(text);
  if (!parsed) {
    *error = "invalid SCIM path \"" + text + "\": " + parsed.error;
    return std::nullopt;
  }
  return *parsed.value;
}

CheckResult check_status(const suite::Expectation& x, const ResponseView& view, const Verdict& v) {
  std::string expected;
  for (std::size_t i = 0; i < x.statuses.size(); ++i)
    expected += (i ? " or " : "") + std::to_string(x.statuses[i]);
  const bool ok =
      std::find(x.statuses.begin(), x.statuses.end(), view.status()) != x.statuses.end();
  return v.judge(ok, expected, std::to_string(view.status()));
}

CheckResult check_header(const suite::Expectation& x, const ResponseView& view,
                         const Json& operand, eval::Scope& scope, const Verdict& v) {
  std::string error;
  auto name = eval::render_text(x.name, scope, &error);
  if (!name) return v.errored(error);
  const std::string* value = view.header(*name);
  const std::string actual = value ? clip(*value) : "absent";
  const std::string wanted = text_of(operand);
  switch (x.op) {
    case Operator::present: return v.judge(value != nullptr, "present", actual);
    case Operator::absent: return v.judge(value == nullptr, "absent", actual);
    case Operator::equals: return v.judge(value && *value == wanted, wanted, actual);
    case Operator::differs: return v.judge(!(value && *value == wanted), "not " + wanted, actual);
    case Operator::matches: {
      const Pattern pattern(wanted);
      if (!pattern.ok()) return v.errored(pattern.error());
      return v.judge(value && pattern.found_in(*value), "matching /" + wanted + "/", actual);
    }
    default: return v.errored("operator not supported for headers");
  }
}

CheckResult check_body(const suite::Expectation& x, const ResponseView& view, const Verdict& v) {
  const bool blank = http::blank_body(view.text());
  if (text_of(x.operand.value) == "empty")
    return v.judge(blank, "an empty body", blank ? "empty" : clip(view.text(), 200));
  if (view.json()) return v.pass("a JSON body", "JSON");
  return v.fail("a JSON body", blank ? "empty" : clip(view.text(), 200));
}

CheckResult check_time(const Json& operand, const ResponseView& view, const Verdict& v) {
  const double limit = operand.is_number() ? operand.get<double>() : 0;
  const double elapsed = view.exchange().elapsed_ms;
  return v.judge(elapsed <= limit,
                 "at most " + std::to_string(static_cast<long long>(limit)) + " ms",
                 std::to_string(static_cast<long long>(elapsed)) + " ms");
}

CheckResult check_schema(const suite::Expectation& x, const ResponseView& view,
                         const SchemaRegistry& schemas, const Verdict& v) {
  const std::string expected = "valid against " + x.name;
  if (!view.json()) return v.fail(expected, view.text().empty() ? "no body" : not_json(view.text()));
  std::vector<std::string> problems;
  if (schemas.validate(x.name, *view.json(), &problems)) return v.pass(expected, "valid");
  return v.fail(expected, listed(problems, 4));
}

CheckResult check_unchanged(const suite::Expectation& x, const ResponseView& view,
                            const Json& before, eval::Scope& scope, const Verdict& v) {
  if (!before.is_object()) return v.errored("the resource before the write is not a JSON object");
  std::vector<scim::AttrPath> except;
  std::string allowed;
  for (const auto& text : x.except) {
    std::string error;
    auto rendered = eval::render_text(text, scope, &error);
    if (!rendered) return v.errored(error);
    auto path = parsed_path(*rendered, &error);
    if (!path) return v.errored(error);
    except.push_back(std::move(*path));
    allowed += (allowed.empty() ? "" : ", ") + *rendered;
  }
  const std::string expected = allowed.empty() ? "nothing changed" : "only " + allowed + " changed";
  v.describe("body equals the resource before the write" +
             (allowed.empty() ? std::string() : " except " + allowed) +
             (x.may_clear ? " (omitted values may be cleared)" : ""));
  const Json* after = view.object();
  if (!after) return v.fail(expected, not_an_object(view));
  const auto changes = unexpected_changes(before, *after, except, kind_of(*after), x.may_clear);
  if (changes.empty()) return v.pass(expected, "nothing else changed");
  std::string actual = "also changed: ";
  for (std::size_t i = 0; i < changes.size(); ++i) actual += (i ? "; " : "") + changes[i];
  return v.fail(expected, actual);
}

/// Whether an attribute path of `declares` is one RFC 7643 §3.1 gives every resource, which
/// no schema lists.
bool common_to_every_resource(const scim::AttrPath& path) {
  return path.urn.empty() &&
         (scim::iequals(path.attr, "id") || scim::iequals(path.attr, "externalId") ||
          scim::iequals(path.attr, "meta") || scim::iequals(path.attr, "schemas"));
}

/// Every path of the operand names an attribute the /Schemas body declares; one line per
/// missing attribute.
CheckResult check_declares(const suite::Expectation& x, const ResponseView& view,
                           const Json& paths, eval::Scope& scope, const Verdict& v) {
  std::string error;
  auto core_urn = eval::render_text(x.name, scope, &error);
  if (!core_urn) return v.errored(error);
  v.describe("/Schemas declares the attributes of " + *core_urn);
  const Json listed_paths = paths.is_array() ? paths : Json::array({paths});
  const std::string expected = "every attribute declared: " + clip(json_text(listed_paths), 200);
  if (!view.json()) return v.fail(expected, view.text().empty() ? "no body" : not_json(view.text()));
  std::string why;
  const auto schemas = read_server_schemas(*view.json(), &why);
  if (!schemas) return v.fail(expected, why);
  std::vector<std::string> missing;
  for (const auto& item : listed_paths) {
    if (!item.is_string()) return v.errored("an attribute path is not a string: " + json_text(item));
    auto path = parsed_path(item.get<std::string>(), &error);
    if (!path) return v.errored(error);
    if (common_to_every_resource(*path)) continue;
    const std::string reason =
        why_undeclared(*schemas, path->urn.empty() ? *core_urn : path->urn, path->attr, path->sub);
    if (!reason.empty()) missing.push_back(path->text + " is not declared (" + reason + ")");
  }
  if (missing.empty()) return v.pass(expected, "all declared");
  return v.fail(expected, listed(missing, 20));
}

/// The values a path expectation compares, and how it compares them.
struct Selected {
  std::vector<Json> values;
  std::string actual;  ///< the values as evidence
  bool case_exact = false;
  bool equal(const Json& a, const Json& b) const { return scim::values_equal(a, b, case_exact, false); }
  bool any_equal(const Json& wanted) const {
    return std::any_of(values.begin(), values.end(), [&](const Json& v) { return equal(v, wanted); });
  }
};

CheckResult path_count(const Selected& s, const Json& operand, const Verdict& v) {
  long wanted = -1;
  if (operand.is_number_integer()) wanted = operand.get<long>();
  if (operand.is_string()) {
    try {
      wanted = std::stol(operand.get<std::string>());
    } catch (const std::exception&) {
      return v.errored("count is not a number: " + json_text(operand));
    }
  }
  const std::size_t n = s.values.size();
  const std::string expected = std::to_string(wanted) + (wanted == 1 ? " value" : " values");
  const std::string got = std::to_string(n) + (n == 1 ? " value" : " values") +
                          (n == 0 ? "" : ": " + s.actual);
  return v.judge(static_cast<long>(n) == wanted, expected, got);
}

CheckResult path_contains(const Selected& s, const Json& operand, const Verdict& v) {
  const bool any = std::any_of(s.values.begin(), s.values.end(), [&](const Json& value) {
    if (s.equal(value, operand)) return true;
    if (value.is_string() && operand.is_string())
      return string_contains(value.get<std::string>(), operand.get<std::string>(), s.case_exact);
    if (value.is_array())
      return std::any_of(value.begin(), value.end(), [&](const Json& e) { return s.equal(e, operand); });
    return false;
  });
  return v.judge(any, "containing " + clip(json_text(operand)), s.actual);
}

CheckResult path_empty(const Selected& s, const Verdict& v) {
  const bool unassigned = std::all_of(s.values.begin(), s.values.end(), [](const Json& value) {
    return value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty()) ||
           ((value.is_array() || value.is_object()) && value.empty());
  });
  return v.judge(unassigned, "empty (absent, null or \"\")", s.actual);
}

CheckResult path_none_of(const Selected& s, const Json& operand, const Verdict& v) {
  // Looked up by key, not compared pairwise: both lists may come from a server.
  const Json listed_values = operand.is_array() ? operand : Json::array({operand});
  const auto key = [&](const Json& value) {
    if (!value.is_string()) return json_text(value);
    const auto& text = value.get_ref<const std::string&>();
    return "s" + (s.case_exact ? text : source::fold_case(text));
  };
  std::unordered_set<std::string> keys;
  for (const auto& e : listed_values) keys.insert(key(e));
  std::vector<Json> repeated;
  for (const auto& value : s.values)
    if (keys.count(key(value))) repeated.push_back(value);
  const std::string expected = "none of " + clip(json_text(listed_values));
  if (repeated.empty()) return v.pass(expected, s.actual);
  return v.fail(expected, "also found: " + values_text(repeated));
}

CheckResult path_operator(Operator op, const Selected& s, const Json& operand, const Verdict& v) {
  switch (op) {
    case Operator::present: return v.judge(!s.values.empty(), "present", s.values.empty() ? "absent" : s.actual);
    case Operator::absent: return v.judge(s.values.empty(), "absent", s.actual);
    case Operator::count: return path_count(s, operand, v);
    case Operator::equals: {
      const bool whole = operand.is_array() && s.values.size() != 1 && s.equal(Json(s.values), operand);
      return v.judge(whole || s.any_equal(operand), clip(json_text(operand)), s.actual);
    }
    case Operator::differs:
      return v.judge(!s.any_equal(operand), "anything but " + clip(json_text(operand)), s.actual);
    case Operator::matches: {
      const Pattern pattern(text_of(operand));
      if (!pattern.ok()) return v.errored(pattern.error());
      const bool any = std::any_of(s.values.begin(), s.values.end(),
                                   [&](const Json& value) { return pattern.found_in(text_of(value)); });
      return v.judge(any, "matching /" + text_of(operand) + "/", s.actual);
    }
    case Operator::contains: return path_contains(s, operand, v);
    case Operator::empty: return path_empty(s, v);
    case Operator::none_of: return path_none_of(s, operand, v);
    default: return v.errored("operator not supported for paths");
  }
}

CheckResult check_path(const suite::Expectation& x, const ResponseView& view, const Json& operand,
                       eval::Scope& scope, const Verdict& v) {
  std::string error;
  auto text = eval::render_text(x.name, scope, &error);
  if (!text) return v.errored(error);
  v.describe(operator_text("path", *text, x.op, operand));
  auto path = parsed_path(*text, &error);
  if (!path) return v.errored(error);
  const Json* body = view.object();
  if (!body) return v.fail("a JSON object body", not_an_object(view));
  const scim::ResourceKind kind = kind_of(*body);
  Selected s;
  s.values = scim::select(*body, *path, kind);
  s.actual = values_text(s.values);
  if (x.compare == suite::Compare::exact) s.case_exact = true;
  if (x.compare == suite::Compare::scim) s.case_exact = case_exact_for(*path, kind);
  return path_operator(x.op, s, operand, v);
}

/// Whether the expectation has an operand to render (status, schema and body have none).
bool takes_operand(const suite::Expectation& x) {
  return x.op != Operator::none || x.subject == Subject::max_ms ||
         x.subject == Subject::unchanged || x.subject == Subject::declares;
}

}  // namespace

const std::string* ResponseView::header(std::string_view name) const {
  return http::find_header(exchange_.response.headers, name);
}

const std::optional<Json>& ResponseView::json() const {
  if (!json_) json_.emplace(http::parse_body(exchange_.response.body));
  return *json_;
}

const Json* ResponseView::object() const {
  const std::optional<Json>& body = json();
  return body && body->is_object() ? &*body : nullptr;
}

std::string describe(const suite::Expectation& x) {
  switch (x.subject) {
    case Subject::status: {
      if (x.statuses.size() == 1) return "status is " + std::to_string(x.statuses.front());
      std::string s = "status is one of ";
      for (std::size_t i = 0; i < x.statuses.size(); ++i)
        s += (i ? ", " : "") + std::to_string(x.statuses[i]);
      return s;
    }
    case Subject::header: return operator_text("header", x.name, x.op, x.operand.value);
    case Subject::schema: return "body is valid against " + x.name;
    case Subject::path: return operator_text("path", x.name, x.op, x.operand.value);
    case Subject::body: return "body is " + text_of(x.operand.value);
    case Subject::max_ms: return "response within " + text_of(x.operand.value) + " ms";
    case Subject::declares: return "/Schemas declares the attributes of " + x.name;
    case Subject::unchanged: {
      std::string s = "body equals the resource before the write";
      for (std::size_t i = 0; i < x.except.size(); ++i) s += (i ? ", " : " except ") + x.except[i];
      if (x.may_clear) s += " (omitted values may be cleared)";
      return s;
    }
  }
  return "";
}

CheckResult evaluate(const suite::Expectation& x, const ResponseView& view, eval::Scope& scope,
                     const SchemaRegistry& schemas, suite::Level case_level) {
  CheckResult r;
  r.level = x.level.value_or(case_level);
  r.impact = x.impact;
  r.description = describe(x);
  r.message = x.message;
  r.fix = x.fix;
  r.source = x.span;
  const Verdict v(r);
  Json operand;
  if (takes_operand(x)) {
    std::string error;
    auto rendered = eval::render(x.operand, scope, &error);
    if (!rendered) return v.errored(error);
    operand = std::move(*rendered);
    // Show the rendered operand, not the template.
    if (x.subject == Subject::header) v.describe(operator_text("header", x.name, x.op, operand));
  }
  switch (x.subject) {
    case Subject::status: return check_status(x, view, v);
    case Subject::header: return check_header(x, view, operand, scope, v);
    case Subject::body: return check_body(x, view, v);
    case Subject::max_ms: return check_time(operand, view, v);
    case Subject::unchanged: return check_unchanged(x, view, operand, scope, v);
    case Subject::declares: return check_declares(x, view, operand, scope, v);
    case Subject::schema: return check_schema(x, view, schemas, v);
    case Subject::path: return check_path(x, view, operand, scope, v);
  }
  return v.errored("unknown expectation");
}

CheckResult evaluate(const suite::Expectation& x, const http::Exchange& exchange,
                     eval::Scope& scope, const SchemaRegistry& schemas, suite::Level case_level) {
  return evaluate(x, ResponseView(exchange), scope, schemas, case_level);
}

}  // namespace scimcheck::check
