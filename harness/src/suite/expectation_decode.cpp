#include <algorithm>
#include <cstdint>
#include <filesystem>

#include <re2/re2.h>

#include "scim/path.hpp"
#include "source/diagnostic_render.hpp"
#include "suite/decode.hpp"

namespace scimcheck::suite {
namespace {

namespace fs = std::filesystem;

struct SubjectKey {
  const char* name;
  Subject subject;
  /// The operator of the long form ({"status": {"equals": 201}}); nullptr: the subject has
  /// a name (header, path) or operands of its own (unchanged, declares) instead.
  const char* long_operator;
};

constexpr SubjectKey kSubjects[] = {
    {"status", Subject::status, "equals"},  {"header", Subject::header, nullptr},
    {"schema", Subject::schema, "equals"},  {"path", Subject::path, nullptr},
    {"body", Subject::body, "equals"},      {"max_ms", Subject::max_ms, "at_most"},
    {"unchanged", Subject::unchanged, nullptr}, {"declares", Subject::declares, nullptr}};

constexpr std::pair<const char*, Operator> kOperators[] = {
    {"present", Operator::present}, {"absent", Operator::absent}, {"equals", Operator::equals},
    {"differs", Operator::differs}, {"matches", Operator::matches}, {"count", Operator::count},
    {"contains", Operator::contains}, {"empty", Operator::empty}, {"none_of", Operator::none_of}};

/// The value a subject takes, short or long form, and where it is written.
struct SubjectValue {
  const Json* value;
  std::string pointer;
};

SubjectValue subject_value(const Json& e, const std::string& p, const SubjectKey& s) {
  const Json& v = e[s.name];
  const std::string pointer = ptr_key(p, s.name);
  if (s.long_operator && v.is_object() && v.contains(s.long_operator))
    return {&v[s.long_operator], ptr_key(pointer, s.long_operator)};
  return {&v, pointer};
}

/// A `matches` pattern: bounded in length, then compiled with RE2 (the engine the checks use)
/// unless it holds a template (compiled when rendered).
void check_pattern(Decoder& d, const std::string& pattern, const std::string& pointer) {
  constexpr std::size_t kMaxPattern = 1000;
  if (pattern.size() > kMaxPattern) {
    d.error(pointer, "regular expression longer than " + std::to_string(kMaxPattern) + " characters");
    return;
  }
  if (pattern.find("{{") != std::string::npos) return;
  const RE2 re(pattern, RE2::Quiet);
  if (!re.ok()) d.error(pointer, "invalid regular expression: " + re.error());
}

/// "server": the server's own /Schemas, judged by the schema-drift rule (run/drift.hpp).
void check_schema_name(Decoder& d, const std::string& name, const std::string& pointer) {
  const fs::path schemas = d.options().root / "schemas";
  std::error_code ec;
  if (name == "server" ||
      (name.find("..") == std::string::npos && fs::is_regular_file(schemas / (name + ".schema.json"), ec)))
    return;
  std::vector<std::string> known;
  for (const auto& dir : {"scim", "harness"}) {
    for (const auto& entry : fs::directory_iterator(schemas / dir, ec)) {
      const std::string f = entry.path().filename().string();
      const auto pos = f.find(".schema.json");
      if (pos != std::string::npos) known.push_back(std::string(dir) + "/" + f.substr(0, pos));
    }
  }
  d.error(pointer, "unknown schema \"" + name + "\" (no schemas/" + name + ".schema.json)", false,
          source::did_you_mean(name, known));
}

void decode_unchanged(Decoder& d, const Json& e, const std::string& p, const TemplateScope& scope,
                      Expectation& x) {
  check_templates(d, x.operand.value, ptr_key(p, "unchanged"), scope);
  x.may_clear = e.contains("may_clear") && e["may_clear"] == Json(true);
  if (!e.contains("except") || !e["except"].is_array()) return;
  for (std::size_t i = 0; i < e["except"].size(); ++i) {
    const Json& path = e["except"][i];
    if (!path.is_string()) continue;
    const std::string pointer = p + "/except/" + std::to_string(i);
    x.except.push_back(path.get<std::string>());
    check_scim_path(d, x.except.back(), pointer);
    check_template_string(d, x.except.back(), pointer, scope, false);
  }
}

/// The subject's own part: its name or value, checked for what a schema cannot say.
bool decode_subject(Decoder& d, const Json& e, const std::string& p, const TemplateScope& scope,
                    const SubjectKey& s, Expectation& x) {
  const auto [value, pointer] = subject_value(e, p, s);
  switch (s.subject) {
    case Subject::status:
      if (value->is_number_integer()) x.statuses.push_back(value->get<int>());
      if (value->is_array())
        for (const auto& v : *value)
          if (v.is_number_integer()) x.statuses.push_back(v.get<int>());
      break;
    case Subject::header:
    case Subject::schema:
    case Subject::path:
      x.name = value->is_string() ? value->get<std::string>() : std::string();
      if (s.subject == Subject::schema) {
        check_schema_name(d, x.name, pointer);
        break;
      }
      if (s.subject == Subject::path && value->is_string()) check_scim_path(d, x.name, pointer);
      check_template_string(d, x.name, pointer, scope, false);
      break;
    case Subject::declares:
      x.name = value->is_string() ? value->get<std::string>() : std::string();
      check_template_string(d, x.name, pointer, scope, false);
      if (!e.contains("attributes")) return false;  // the schema says it is needed
      x.operand = make_template(d, e["attributes"], ptr_key(p, "attributes"));
      check_templates(d, x.operand.value, ptr_key(p, "attributes"), scope);
      break;
    case Subject::unchanged:
      x.operand = make_template(d, *value, pointer);
      decode_unchanged(d, e, p, scope, x);
      break;
    case Subject::body:
    case Subject::max_ms:
      x.operand = make_template(d, *value, pointer);
      break;
  }
  return true;
}

/// The operator and its operand; "" when none is given. Several operators, like several
/// subjects or an operator the subject does not take, are the schema's to report.
std::optional<std::string> decode_operator(Decoder& d, const Json& e, const std::string& p,
                                           const TemplateScope& scope, Expectation& x) {
  std::string given;
  for (const auto& [name, op] : kOperators) {
    if (!e.contains(name)) continue;
    if (!given.empty()) return std::nullopt;
    given = name;
    x.op = op;
    x.operand = make_template(d, e[name], ptr_key(p, name));
  }
  if (given.empty()) return given;
  const std::string pointer = ptr_key(p, given);
  if (x.op == Operator::matches && x.operand.value.is_string())
    check_pattern(d, x.operand.value.get<std::string>(), pointer);
  check_templates(d, x.operand.value, pointer, scope);
  return given;
}

void decode_modifiers(const Json& e, Expectation& x) {
  const std::string c = str(e, "compare");
  x.compare = c == "exact" ? Compare::exact : c == "insensitive" ? Compare::insensitive : Compare::scim;
  if (e.contains("level")) x.level = parse_level(str(e, "level"));
  if (e.contains("impact")) x.impact = parse_impact(str(e, "impact"));
  x.message = str(e, "message");
  x.fix = str(e, "fix");
}

}  // namespace

void check_scim_path(Decoder& d, const std::string& path, const std::string& pointer) {
  if (path.find("{{") != std::string::npos) return;
  auto parsed = scim::parse_path(path);
  if (!parsed) d.error(pointer, "invalid SCIM path \"" + path + "\": " + parsed.error);
}

std::optional<Expectation> decode_expectation(Decoder& d, const Json& e, const std::string& p,
                                              const TemplateScope& scope) {
  if (!e.is_object()) return std::nullopt;
  const SubjectKey* subject = nullptr;
  for (const auto& s : kSubjects) {
    if (!e.contains(s.name)) continue;
    if (subject) return std::nullopt;  // more than one subject: the schema says so
    subject = &s;
  }
  if (!subject) return std::nullopt;
  Expectation x;
  x.span = d.span(p);
  x.subject = subject->subject;
  const auto given = decode_operator(d, e, p, scope, x);
  if (!given) return std::nullopt;
  if (!decode_subject(d, e, p, scope, *subject, x)) return std::nullopt;
  decode_modifiers(e, x);
  return x;
}

}  // namespace scimcheck::suite
