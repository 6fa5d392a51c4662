#include "check/expect.hpp"
#include "source/strings.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <unordered_set>

#include "check/drift.hpp"
#include "check/effect.hpp"
#include "eval/render.hpp"
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

/// The declares expectation: every path of `paths` names an attribute the /Schemas body
/// declares; one line per missing attribute.
template <typename Pass, typename Fail, typename Errored>
CheckResult declared(const Json& paths, const std::string& core_urn, const std::string& text,
                     Pass pass, Fail fail, Errored errored) {
  const Json listed = paths.is_array() ? paths : Json::array({paths});
  const std::string expected = "every attribute declared: " + clip(json_text(listed), 200);
  const std::optional<Json> body = http::parse_body(text);
  if (!body) return fail(expected, text.empty() ? "no body" : not_json(text));
  std::string why;
  const auto schemas = read_server_schemas(*body, &why);
  if (!schemas) return fail(expected, why);
  std::vector<std::string> missing;
  for (const auto& item : listed) {
    if (!item.is_string()) return errored("an attribute path is not a string: " + json_text(item));
    auto parsed = scim::parse_path(item.get<std::string>());
    if (!parsed) return errored("invalid SCIM path \"" + item.get<std::string>() + "\": " + parsed.error);
    const scim::AttrPath& path = *parsed.value;
    // RFC 7643 §3.1: id, externalId and meta belong to every resource; no schema lists them.
    if (path.urn.empty() && (scim::iequals(path.attr, "id") || scim::iequals(path.attr, "externalId") ||
                             scim::iequals(path.attr, "meta") || scim::iequals(path.attr, "schemas")))
      continue;
    const std::string reason =
        why_undeclared(*schemas, path.urn.empty() ? core_urn : path.urn, path.attr, path.sub);
    if (!reason.empty()) missing.push_back(path.text + " is not declared (" + reason + ")");
  }
  if (missing.empty()) return pass(expected, "all declared");
  constexpr std::size_t kShown = 20;
  std::string actual;
  for (std::size_t i = 0; i < missing.size() && i < kShown; ++i)
    actual += (i ? "; " : "") + missing[i];
  if (missing.size() > kShown) actual += "; (" + std::to_string(missing.size() - kShown) + " more)";
  return fail(expected, actual);
}

}  // namespace

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

CheckResult evaluate(const suite::Expectation& x, const http::Exchange& exchange,
                     eval::Scope& scope, const SchemaRegistry& schemas, suite::Level case_level) {
  CheckResult r;
  r.level = x.level.value_or(case_level);
  r.impact = x.impact;
  r.description = describe(x);
  r.message = x.message;
  r.fix = x.fix;
  r.source = x.span;
  // MUST fails the check; SHOULD and MAY only warn.
  const Outcome on_failure = r.level == suite::Level::must ? Outcome::failed : Outcome::warning;
  auto fail = [&](std::string expected, std::string actual) {
    r.outcome = on_failure;
    r.expected = std::move(expected);
    r.actual = std::move(actual);
    return r;
  };
  auto pass = [&](std::string expected, std::string actual) {
    r.outcome = Outcome::passed;
    r.expected = std::move(expected);
    r.actual = std::move(actual);
    return r;
  };
  auto errored = [&](std::string why) {
    r.outcome = Outcome::errored;
    r.expected = "an expectation that can be evaluated";
    r.actual = std::move(why);
    return r;
  };
  std::optional<Json> operand;
  if (x.op != Operator::none || x.subject == Subject::max_ms || x.subject == Subject::unchanged ||
      x.subject == Subject::declares) {
    std::string error;
    operand = eval::render(x.operand, scope, &error);
    if (!operand) return errored(error);
    // Show the rendered operand, not the template.
    if (x.subject == Subject::header) r.description = operator_text("header", x.name, x.op, *operand);
  }
  const http::Response& response = exchange.response;

  switch (x.subject) {
    case Subject::status: {
      std::string expected;
      for (std::size_t i = 0; i < x.statuses.size(); ++i)
        expected += (i ? " or " : "") + std::to_string(x.statuses[i]);
      const bool ok = std::find(x.statuses.begin(), x.statuses.end(), response.status) !=
                      x.statuses.end();
      return ok ? pass(expected, std::to_string(response.status))
                : fail(expected, std::to_string(response.status));
    }
    case Subject::header: {
      std::string error;
      auto name = eval::render_text(x.name, scope, &error);
      if (!name) return errored(error);
      const std::string* value = http::find_header(response.headers, *name);
      const std::string actual = value ? clip(*value) : "absent";
      switch (x.op) {
        case Operator::present:
          return value ? pass("present", actual) : fail("present", "absent");
        case Operator::absent:
          return value ? fail("absent", actual) : pass("absent", "absent");
        case Operator::equals:
          return value && *value == text_of(*operand) ? pass(text_of(*operand), actual)
                                                      : fail(text_of(*operand), actual);
        case Operator::differs:
          return value && *value == text_of(*operand) ? fail("not " + text_of(*operand), actual)
                                                      : pass("not " + text_of(*operand), actual);
        case Operator::matches: {
          const Pattern pattern(text_of(*operand));
          if (!pattern.ok()) return errored(pattern.error());
          const std::string expected = "matching /" + text_of(*operand) + "/";
          return value && pattern.found_in(*value) ? pass(expected, actual)
                                                   : fail(expected, actual);
        }
        default:
          return errored("operator not supported for headers");
      }
    }
    case Subject::body: {
      const std::string wanted = text_of(x.operand.value);
      const bool blank = http::blank_body(response.body);
      if (wanted == "empty")
        return blank ? pass("an empty body", "empty")
                     : fail("an empty body", clip(response.body, 200));
      return http::parse_body(response.body)
                 ? pass("a JSON body", "JSON")
                 : fail("a JSON body", blank ? "empty" : clip(response.body, 200));
    }
    case Subject::max_ms: {
      const double limit = operand->is_number() ? operand->get<double>() : 0;
      const std::string expected = "at most " + std::to_string(static_cast<long long>(limit)) + " ms";
      const std::string actual = std::to_string(static_cast<long long>(exchange.elapsed_ms)) + " ms";
      return exchange.elapsed_ms <= limit ? pass(expected, actual) : fail(expected, actual);
    }
    case Subject::unchanged: {
      if (!operand->is_object()) return errored("the resource before the write is not a JSON object");
      std::vector<scim::AttrPath> except;
      std::string allowed;
      for (const auto& text : x.except) {
        std::string error;
        auto rendered = eval::render_text(text, scope, &error);
        if (!rendered) return errored(error);
        auto parsed = scim::parse_path(*rendered);
        if (!parsed) return errored("invalid SCIM path \"" + *rendered + "\": " + parsed.error);
        except.push_back(*parsed.value);
        allowed += (allowed.empty() ? "" : ", ") + *rendered;
      }
      const std::string expected =
          allowed.empty() ? "nothing changed" : "only " + allowed + " changed";
      r.description = "body equals the resource before the write" +
                      (allowed.empty() ? std::string() : " except " + allowed) +
                      (x.may_clear ? " (omitted values may be cleared)" : "");
      const std::optional<Json> body = http::parse_body(response.body);
      if (!body || !body->is_object())
        return fail(expected, response.body.empty() ? "no body"
                              : body ? "not a JSON object: " + clip(response.body, 200)
                                     : not_json(response.body));
      const auto changes =
          unexpected_changes(*operand, *body, except, kind_of(*body), x.may_clear);
      if (changes.empty()) return pass(expected, "nothing else changed");
      std::string actual = "also changed: ";
      for (std::size_t i = 0; i < changes.size(); ++i) actual += (i ? "; " : "") + changes[i];
      return fail(expected, actual);
    }
    case Subject::declares: {
      std::string error;
      auto urn = eval::render_text(x.name, scope, &error);
      if (!urn) return errored(error);
      r.description = "/Schemas declares the attributes of " + *urn;
      return declared(*operand, *urn, response.body, pass, fail, errored);
    }
    case Subject::schema: {
      const std::optional<Json> body = http::parse_body(response.body);
      const std::string expected = "valid against " + x.name;
      if (!body) return fail(expected, response.body.empty() ? "no body" : not_json(response.body));
      std::vector<std::string> problems;
      if (schemas.validate(x.name, *body, &problems)) return pass(expected, "valid");
      std::string actual;
      for (std::size_t i = 0; i < problems.size() && i < 4; ++i) actual += (i ? "; " : "") + problems[i];
      if (problems.size() > 4) actual += "; (" + std::to_string(problems.size() - 4) + " more)";
      return fail(expected, actual);
    }
    case Subject::path: {
      std::string error;
      auto path_text = eval::render_text(x.name, scope, &error);
      if (!path_text) return errored(error);
      r.description = operator_text("path", *path_text, x.op, *operand);
      auto parsed = scim::parse_path(*path_text);
      if (!parsed) return errored("invalid SCIM path \"" + *path_text + "\": " + parsed.error);
      const std::optional<Json> body = http::parse_body(response.body);
      if (!body || !body->is_object()) {
        return fail("a JSON object body", response.body.empty() ? "no body"
                                          : body ? "not a JSON object: " + clip(response.body, 200)
                                                 : not_json(response.body));
      }
      const scim::ResourceKind kind = kind_of(*body);
      const std::vector<Json> values = scim::select(*body, *parsed.value, kind);
      const std::string actual = values_text(values);
      bool case_exact = false;
      if (x.compare == suite::Compare::exact) case_exact = true;
      if (x.compare == suite::Compare::scim) case_exact = case_exact_for(*parsed.value, kind);
      auto equal = [&](const Json& a, const Json& b) { return scim::values_equal(a, b, case_exact, false); };
      switch (x.op) {
        case Operator::present:
          return values.empty() ? fail("present", "absent") : pass("present", actual);
        case Operator::absent:
          return values.empty() ? pass("absent", "absent") : fail("absent", actual);
        case Operator::count: {
          long wanted = -1;
          if (operand->is_number_integer()) wanted = operand->get<long>();
          if (operand->is_string()) {
            try {
              wanted = std::stol(operand->get<std::string>());
            } catch (const std::exception&) {
              return errored("count is not a number: " + json_text(*operand));
            }
          }
          const std::string expected = std::to_string(wanted) + (wanted == 1 ? " value" : " values");
          const std::string got = std::to_string(values.size()) + (values.size() == 1 ? " value" : " values") +
                                  (values.empty() ? "" : ": " + actual);
          return static_cast<long>(values.size()) == wanted ? pass(expected, got) : fail(expected, got);
        }
        case Operator::equals: {
          const bool whole = operand->is_array() && values.size() != 1 &&
                             equal(Json(values), *operand);
          const bool any = std::any_of(values.begin(), values.end(),
                                       [&](const Json& v) { return equal(v, *operand); });
          return whole || any ? pass(clip(json_text(*operand)), actual)
                              : fail(clip(json_text(*operand)), actual);
        }
        case Operator::differs: {
          const bool any = std::any_of(values.begin(), values.end(),
                                       [&](const Json& v) { return equal(v, *operand); });
          const std::string expected = "anything but " + clip(json_text(*operand));
          return any ? fail(expected, actual) : pass(expected, actual);
        }
        case Operator::matches: {
          const Pattern pattern(text_of(*operand));
          if (!pattern.ok()) return errored(pattern.error());
          const bool any = std::any_of(values.begin(), values.end(),
                                       [&](const Json& v) { return pattern.found_in(text_of(v)); });
          const std::string expected = "matching /" + text_of(*operand) + "/";
          return any ? pass(expected, actual) : fail(expected, actual);
        }
        case Operator::contains: {
          const bool any = std::any_of(values.begin(), values.end(), [&](const Json& v) {
            if (equal(v, *operand)) return true;
            if (v.is_string() && operand->is_string())
              return string_contains(v.get<std::string>(), operand->get<std::string>(), case_exact);
            if (v.is_array())
              return std::any_of(v.begin(), v.end(), [&](const Json& e) { return equal(e, *operand); });
            return false;
          });
          const std::string expected = "containing " + clip(json_text(*operand));
          return any ? pass(expected, actual) : fail(expected, actual);
        }
        case Operator::empty: {
          const bool unassigned = std::all_of(values.begin(), values.end(), [](const Json& v) {
            return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()) ||
                   ((v.is_array() || v.is_object()) && v.empty());
          });
          const std::string expected = "empty (absent, null or \"\")";
          return unassigned ? pass(expected, actual) : fail(expected, actual);
        }
        case Operator::none_of: {
          // Looked up by key, not compared pairwise: both lists may come from a server.
          const Json listed = operand->is_array() ? *operand : Json::array({*operand});
          const auto key = [&](const Json& v) {
            if (!v.is_string()) return json_text(v);
            const auto& text = v.get_ref<const std::string&>();
            return "s" + (case_exact ? text : source::fold_case(text));
          };
          std::unordered_set<std::string> keys;
          for (const auto& e : listed) keys.insert(key(e));
          std::vector<Json> repeated;
          for (const auto& v : values)
            if (keys.count(key(v))) repeated.push_back(v);
          const std::string expected = "none of " + clip(json_text(listed));
          return repeated.empty() ? pass(expected, actual)
                                  : fail(expected, "also found: " + values_text(repeated));
        }
        default:
          return errored("operator not supported for paths");
      }
    }
  }
  return errored("unknown expectation");
}

}  // namespace scimcheck::check
