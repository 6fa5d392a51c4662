#include "suite/loader.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <mutex>
#include <set>

#include <re2/re2.h>

#include "scim/path.hpp"
#include "source/json_schema.hpp"
#include "source/positions.hpp"
#include "source/render.hpp"
#include "source/template_syntax.hpp"
#include "suite/server_settings.hpp"

namespace scimcheck::suite {
namespace {

namespace fs = std::filesystem;
using source::Diagnostic;
using source::Diagnostics;
using source::JsonFile;
using source::Severity;

const std::vector<std::string> kSuiteKeys{"$schema", "suite", "title", "description", "requires", "cases"};
const std::vector<std::string> kCaseKeys{"id",       "title",    "requirement", "level", "impact",
                                         "capability", "fix",    "rationale",   "requires",
                                         "entra_mode", "fixtures", "for_each",  "exclusive",
                                         "feature",    "depends_on", "each_response", "steps"};
const std::vector<std::string> kStepKeys{"name",    "request", "creates", "setup",
                                         "capture", "expect",  "only_if"};
const std::vector<std::string> kRequestKeys{"method", "path", "query", "headers", "body", "auth"};
const std::vector<std::string> kExpectKeys{"status", "header", "schema", "path", "body",
                                           "max_ms", "unchanged", "except", "may_clear", "declares", "attributes", "present", "absent", "equals", "differs",
                                           "matches", "count", "contains", "empty", "none_of", "compare", "level",
                                           "impact", "message", "fix"};
const std::vector<std::string> kProfileKeys{"$schema", "profile", "title", "source", "capabilities",
                                            "entra_mode", "auth", "users", "groups", "variables",
                                            "secrets", "suites", "server"};

/// One compiled harness schema per file, shared by every load.
class SchemaCache {
 public:
  std::shared_ptr<const valijson::Schema> get(const fs::path& file, std::string* error) {
    std::lock_guard lock(mutex_);
    const std::string key = file.string();
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    auto schema = source::compile_schema_file(file, error);
    if (schema) cache_[key] = schema;
    return schema;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const valijson::Schema>> cache_;
};

SchemaCache& schema_cache() {
  static SchemaCache cache;
  return cache;
}

/// A value as JSON text, clipped for a message.
std::string shown(const Json& value) {
  constexpr std::size_t kMaxShown = 80;
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > kMaxShown) text = text.substr(0, kMaxShown) + "...";
  return text;
}

std::string json_type(const Json& v) {
  switch (v.type()) {
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::null: return "null";
    case Json::value_t::number_float: return "a number with a fraction, an exponent or more than 64 bits";
    default: return "a number";
  }
}

/// A message quoting a long name or value from the file, cut to a readable length (at a
/// character boundary).
std::string bounded(const std::string& message) {
  constexpr std::size_t kMaxMessage = 300;
  if (message.size() <= kMaxMessage) return message;
  std::size_t end = kMaxMessage;
  while (end > 0 && (static_cast<unsigned char>(message[end]) & 0xC0) == 0x80) --end;
  return message.substr(0, end) + "...";
}

class Decoder {
 public:
  Decoder(const JsonFile& file, const LoadOptions& options, Diagnostics& out)
      : file_(file), options_(options), out_(out) {}

  bool failed() const { return errors_ > 0; }

  /// Errors listed per file; past them a file is only known to be wrong, so a hostile one
  /// costs no more than this many positions and hints.
  static constexpr int kMaxErrors = 200;
  bool saturated() const { return errors_ >= kMaxErrors; }

  void error(const std::string& pointer, const std::string& message, bool key = false,
             const std::string& hint = {}) {
    if (!saturated())
      out_.push_back({Severity::error, file_.span(pointer, key), bounded(message), hint});
    ++errors_;
    flagged_.insert(pointer);
  }

  /// An error at one character of a string value (or member name): a template's "{{".
  void error_at(const std::string& pointer, std::size_t offset, const std::string& message,
                bool key = false, const std::string& hint = {}) {
    if (!saturated())
      out_.push_back(
          {Severity::error, file_.span_in_string(pointer, offset, key), bounded(message), hint});
    ++errors_;
    flagged_.insert(pointer);
  }

  /// Says that errors were left out, when they were.
  void finish() {
    if (errors_ > kMaxErrors)
      out_.push_back({Severity::error, Span{file_.path, 0, 0, ""},
                      "more errors in this file are not listed (the first " +
                          std::to_string(kMaxErrors) + " are)",
                      ""});
  }

  Span span(const std::string& pointer) const { return file_.span(pointer); }
  Span span_at(const std::string& pointer, std::size_t offset, bool key) const {
    return file_.span_in_string(pointer, offset, key);
  }

  /// Unknown keys of an object, each with a did-you-mean hint.
  void check_keys(const Json& object, const std::string& pointer,
                  const std::vector<std::string>& allowed, const std::string& what) {
    if (!object.is_object()) return;
    for (const auto& [key, value] : object.items()) {
      (void)value;
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      error(pointer + "/" + source::pointer_token(key), "unknown key \"" + key + "\" in " + what,
            true, saturated() ? std::string() : source::did_you_mean(key, allowed));
    }
  }

  /// The harness JSON Schema: reported where the decoder found nothing more specific.
  void validate(const std::string& schema_file) {
    std::string problem;
    auto schema = schema_cache().get(options_.root / "schemas" / "harness" / schema_file, &problem);
    if (!schema) {
      out_.push_back({Severity::error, Span{file_.path, 0, 0, ""}, problem, ""});
      ++errors_;
      return;
    }
    const std::set<std::string> decoded = flagged_;
    const auto problems = source::schema_problems(*schema, file_.json);
    auto summary = [](const std::string& description) {
      return description.rfind("Failed to validate", 0) == 0;
    };
    std::set<std::string> specific;  // values with a problem more telling than a summary
    std::set<std::string> pointers;
    for (const auto& [pointer, description] : problems) {
      pointers.insert(pointer);
      if (!summary(description)) specific.insert(pointer);
    }
    // A problem inside a value means its type matched one alternative of a oneOf: the
    // other alternatives' type errors about the value itself only mislead.
    auto inside = [&](const std::string& pointer) {
      const auto next = pointers.lower_bound(pointer + "/");
      return next != pointers.end() && next->rfind(pointer + "/", 0) == 0;
    };
    std::set<std::string> reported;
    for (const auto& [pointer, description] : problems) {
      if (description.find("could not be validated using 'properties'") != std::string::npos)
        continue;  // unknown keys: reported by check_keys with a hint
      if (summary(description) && specific.count(pointer)) continue;
      if (description.find("'type' constraint") != std::string::npos && inside(pointer)) continue;
      // Skip what the decoder already said about the same value or one that contains it.
      if (covered(decoded, pointer) || !reported.insert(pointer + description).second) continue;
      error(pointer, saturated() ? std::string() : describe(pointer, description));
    }
  }

  /// Whether `flagged` holds `pointer` or one of its ancestors.
  static bool covered(const std::set<std::string>& flagged, const std::string& pointer) {
    for (std::size_t end = pointer.size();; end = pointer.rfind('/', end - 1)) {
      if (flagged.count(pointer.substr(0, end))) return true;
      if (end == 0 || end == std::string::npos) return false;
    }
  }

  std::string describe(const std::string& pointer, const std::string& description) const {
    const Json* value = nullptr;
    try {
      value = &file_.json.at(Json::json_pointer(pointer));
    } catch (const std::exception&) {
    }
    const std::string where = pointer.empty() ? "the file" : "\"" + pointer + "\"";
    if (description.find("Missing required property") != std::string::npos) {
      const auto q = description.find('\'');
      const std::string name = q == std::string::npos
                                   ? std::string()
                                   : description.substr(q + 1, description.rfind('\'') - q - 1);
      return "missing required key \"" + name + "\" in " + where;
    }
    if (description.find("enum") != std::string::npos && value)
      return "value " + shown(*value) + " is not allowed at " + where;
    if (description.find("'type' constraint") != std::string::npos && value)
      return "wrong type at " + where + ": " + json_type(*value) + " is not allowed here";
    if (description.find("pattern") != std::string::npos && value)
      return "value " + shown(*value) + " has the wrong form at " + where;
    // valijson reads integers as int64: an unsigned one beyond it is "less than" the minimum.
    if ((description.find("less than") != std::string::npos ||
         description.find("greater than") != std::string::npos) &&
        value && value->is_number()) {
      std::string bound = description;  // "Expected number less than or equal to 599.000000"
      if (const auto zeros = bound.rfind(".000000"); zeros != std::string::npos) bound.erase(zeros);
      bound[0] = 'e';
      const bool beyond_int64 = value->is_number_unsigned() &&
                                value->get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max();
      return "value " + shown(*value) + " is out of range at " + where +
             (beyond_int64 ? "" : " (" + bound + ")");
    }
    return description + " (at " + where + ")";
  }

  const JsonFile& file_;
  const LoadOptions& options_;
  Diagnostics& out_;
  int errors_ = 0;
  std::set<std::string> flagged_;
};

/// The boolean member `key`, or `fallback` when absent or not a boolean (the schema then
/// reports the wrong type at its position).
bool flag(const Json& object, const char* key, bool fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

/// Whether `key` holds a string (other types are reported by the schema).
bool has_string(const Json& object, const char* key) {
  if (!object.is_object()) return false;
  auto it = object.find(key);
  return it != object.end() && it->is_string();
}

std::string str(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string ptr_key(const std::string& pointer, const std::string& key) {
  return pointer + "/" + source::pointer_token(key);
}

/// The schemas allow any, flag-off and flag-on in a case, and flag-off, flag-on and both in
/// a profile.
EntraMode parse_mode(const std::string& s) { return suite::parse_entra_mode(s).value_or(EntraMode::any); }

/// What a template may refer to at a given place.
struct TemplateScope {
  std::set<std::string> fixtures;
  std::set<std::string> captures;
  std::string item;  ///< for_each name, or ""
  bool profile_only = false;  ///< in profiles: run, profile, uuid, unique only
  /// The profile's variables, when known: {{profile.X}} must name one of them.
  const std::set<std::string>* variables = nullptr;
  /// Where {{fixture.member}} and {{item.member}} uses are recorded, with the step they are in.
  std::vector<MemberUse>* uses = nullptr;
  int step = -1;
  bool condition = false;
};

const std::set<std::string> kRunKeys{"id", "prefix"};

void check_template_string(Decoder& d, const std::string& text, const std::string& pointer,
                           const TemplateScope& scope, bool key) {
  if (d.saturated()) return;
  for (const auto& ref : source::find_templates(text)) {
    if (!ref.error.empty()) {
      d.error_at(pointer, ref.begin, "bad template in \"" + text + "\": " + ref.error, key);
      continue;
    }
    for (const auto& f : ref.filters) {
      if (!source::is_known_filter(f))
        d.error_at(pointer, ref.begin, "unknown template filter \"" + f + "\"", key,
                source::did_you_mean(f, {"upper", "lower", "json", "url"}));
    }
    const std::string& root = ref.root;
    if (root == "run") {
      if (!kRunKeys.count(ref.rest))
        d.error_at(pointer, ref.begin, "undefined variable \"run." + ref.rest + "\": run has id and prefix", key,
                source::did_you_mean(ref.rest, {"id", "prefix"}));
    } else if (root == "profile") {
      if (ref.rest.empty())
        d.error_at(pointer, ref.begin, "\"{{profile}}\" needs a variable name", key);
      else if (scope.variables && !scope.variables->count(ref.rest))
        d.error_at(pointer, ref.begin, "undefined variable \"profile." + ref.rest + "\": declare it under \"variables\"",
                key, source::did_you_mean(ref.rest, {scope.variables->begin(), scope.variables->end()}));
    } else if (root == "uuid" || root == "unique") {
      if (!ref.rest.empty()) d.error_at(pointer, ref.begin, "\"" + root + "\" takes no attribute", key);
    } else if (!scope.profile_only && (scope.fixtures.count(root) || root == scope.item)) {
      if (ref.rest.empty())
        d.error_at(pointer, ref.begin, "\"{{" + root + "}}\" needs an attribute (e.g. " + root + ".body)", key);
      else if (scope.uses)
        scope.uses->push_back(
            {root, ref.rest, scope.step, scope.condition, d.span_at(pointer, ref.begin, key)});
    } else if (!scope.profile_only && scope.captures.count(root)) {
      // captures are plain values; a rest would index into them as a SCIM path, allowed.
    } else {
      std::vector<std::string> known{"run", "profile", "uuid", "unique"};
      if (!scope.profile_only) {
        known.insert(known.end(), scope.fixtures.begin(), scope.fixtures.end());
        known.insert(known.end(), scope.captures.begin(), scope.captures.end());
        if (!scope.item.empty()) known.push_back(scope.item);
      }
      d.error_at(pointer, ref.begin, "undefined variable \"" + root + "\"", key, source::did_you_mean(root, known));
    }
  }
}

void check_templates(Decoder& d, const Json& value, const std::string& pointer,
                     const TemplateScope& scope) {
  if (value.is_string()) {
    check_template_string(d, value.get<std::string>(), pointer, scope, false);
  } else if (value.is_object()) {
    for (const auto& [k, v] : value.items()) {
      const std::string child = ptr_key(pointer, k);
      check_template_string(d, k, child, scope, true);
      check_templates(d, v, child, scope);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      check_templates(d, value[i], pointer + "/" + std::to_string(i), scope);
  }
}

Template make_template(const Decoder& d, const Json& value, const std::string& pointer) {
  return Template{value, d.span(pointer)};
}

/// A SCIM path as written in a suite: checked when it holds no template.
void check_scim_path(Decoder& d, const std::string& path, const std::string& pointer) {
  if (path.find("{{") != std::string::npos) return;
  auto parsed = scim::parse_path(path);
  if (!parsed) d.error(pointer, "invalid SCIM path \"" + path + "\": " + parsed.error);
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

std::optional<Expectation> decode_expectation(Decoder& d, const Json& e, const std::string& p,
                                              const TemplateScope& scope) {
  d.check_keys(e, p, kExpectKeys, "an expectation");
  if (!e.is_object()) return std::nullopt;
  Expectation x;
  x.span = d.span(p);
  int subjects = 0;
  for (const char* s : {"status", "header", "schema", "path", "body", "max_ms", "unchanged", "declares"})
    subjects += e.contains(s);
  if (subjects != 1) {
    d.error(p, subjects == 0 ? "an expectation needs one subject: status, header, schema, path, body, max_ms, unchanged or declares"
                             : "an expectation has exactly one subject (status, header, schema, path, body, max_ms, unchanged or declares)");
    return std::nullopt;
  }
  static const std::vector<std::pair<const char*, Operator>> ops{
      {"present", Operator::present}, {"absent", Operator::absent}, {"equals", Operator::equals},
      {"differs", Operator::differs}, {"matches", Operator::matches}, {"count", Operator::count},
      {"contains", Operator::contains}, {"empty", Operator::empty}, {"none_of", Operator::none_of}};
  std::vector<std::string> given;
  for (const auto& [name, op] : ops) {
    if (e.contains(name)) {
      given.push_back(name);
      x.op = op;
      x.operand = make_template(d, e[name], ptr_key(p, name));
    }
  }
  if (given.size() > 1) {
    d.error(ptr_key(p, given[1]), "an expectation has one operator, found " + given[0] + " and " + given[1], true);
    return std::nullopt;
  }
  if (e.contains("compare")) {
    const std::string c = str(e, "compare");
    x.compare = c == "exact" ? Compare::exact : c == "insensitive" ? Compare::insensitive : Compare::scim;
  }
  if (e.contains("level")) x.level = parse_level(str(e, "level"));
  if (e.contains("impact")) x.impact = parse_impact(str(e, "impact"));
  x.message = str(e, "message");
  x.fix = str(e, "fix");
  auto needs_op = [&](std::initializer_list<Operator> allowed, const char* subject) {
    if (x.op == Operator::none) {
      d.error(p, std::string("\"") + subject + "\" needs an operator", false);
      return false;
    }
    if (std::find(allowed.begin(), allowed.end(), x.op) == allowed.end()) {
      d.error(ptr_key(p, given[0]), "\"" + given[0] + "\" does not apply to \"" + subject + "\"", true);
      return false;
    }
    return true;
  };
  auto no_op = [&](const char* subject) {
    if (x.op == Operator::none) return true;
    d.error(ptr_key(p, given[0]), "\"" + given[0] + "\" does not apply to \"" + subject + "\"", true);
    return false;
  };
  if (e.contains("status")) {
    x.subject = Subject::status;
    const Json& s = e["status"];
    if (s.is_number_integer()) x.statuses.push_back(s.get<int>());
    if (s.is_array())
      for (const auto& v : s)
        if (v.is_number_integer()) x.statuses.push_back(v.get<int>());
    if (!no_op("status")) return std::nullopt;
  } else if (e.contains("header")) {
    x.subject = Subject::header;
    x.name = str(e, "header");
    if (!needs_op({Operator::present, Operator::absent, Operator::equals, Operator::matches, Operator::differs}, "header"))
      return std::nullopt;
  } else if (e.contains("schema")) {
    x.subject = Subject::schema;
    x.name = str(e, "schema");
    if (!no_op("schema")) return std::nullopt;
    std::error_code ec;
    // "server": the server's own /Schemas, judged by the schema-drift rule (run/drift.hpp).
    if (x.name != "server" && (x.name.find("..") != std::string::npos ||
        !fs::is_regular_file(d.options_.root / "schemas" / (x.name + ".schema.json"), ec))) {
      std::vector<std::string> known;
      for (const auto& dir : {"scim", "harness"}) {
        for (const auto& entry : fs::directory_iterator(d.options_.root / "schemas" / dir, ec)) {
          const std::string f = entry.path().filename().string();
          const auto pos = f.find(".schema.json");
          if (pos != std::string::npos) known.push_back(std::string(dir) + "/" + f.substr(0, pos));
        }
      }
      d.error(ptr_key(p, "schema"), "unknown schema \"" + x.name + "\" (no schemas/" + x.name + ".schema.json)",
              false, source::did_you_mean(x.name, known));
    }
  } else if (e.contains("path")) {
    x.subject = Subject::path;
    x.name = str(e, "path");
    if (has_string(e, "path")) check_scim_path(d, x.name, ptr_key(p, "path"));
    check_template_string(d, x.name, ptr_key(p, "path"), scope, false);
    if (!needs_op({Operator::present, Operator::absent, Operator::equals, Operator::differs,
                   Operator::matches, Operator::count, Operator::contains, Operator::empty,
                   Operator::none_of}, "path"))
      return std::nullopt;
  } else if (e.contains("unchanged")) {
    x.subject = Subject::unchanged;
    x.operand = make_template(d, e["unchanged"], ptr_key(p, "unchanged"));
    if (!no_op("unchanged")) return std::nullopt;
    check_templates(d, x.operand.value, ptr_key(p, "unchanged"), scope);
    x.may_clear = e.contains("may_clear") && e["may_clear"] == Json(true);
    if (e.contains("except") && e["except"].is_array()) {
      for (std::size_t i = 0; i < e["except"].size(); ++i) {
        const Json& path = e["except"][i];
        if (!path.is_string()) continue;
        const std::string pointer = p + "/except/" + std::to_string(i);
        x.except.push_back(path.get<std::string>());
        check_scim_path(d, x.except.back(), pointer);
        check_template_string(d, x.except.back(), pointer, scope, false);
      }
    }
  } else if (e.contains("declares")) {
    x.subject = Subject::declares;
    x.name = str(e, "declares");
    check_template_string(d, x.name, ptr_key(p, "declares"), scope, false);
    if (!no_op("declares")) return std::nullopt;
    if (!e.contains("attributes")) {
      d.error(p, "\"declares\" needs \"attributes\": the attribute paths that must be declared", false);
      return std::nullopt;
    }
    x.operand = make_template(d, e["attributes"], ptr_key(p, "attributes"));
    check_templates(d, x.operand.value, ptr_key(p, "attributes"), scope);
  } else if (e.contains("body")) {
    x.subject = Subject::body;
    x.operand = make_template(d, e["body"], ptr_key(p, "body"));
    if (!no_op("body")) return std::nullopt;
  } else {
    x.subject = Subject::max_ms;
    x.operand = make_template(d, e["max_ms"], ptr_key(p, "max_ms"));
    if (!no_op("max_ms")) return std::nullopt;
  }
  if (x.op == Operator::matches) {
    const Json& pattern = x.operand.value;
    if (pattern.is_string()) check_pattern(d, pattern.get<std::string>(), ptr_key(p, "matches"));
  }
  // Parsed integers of 0 and above are unsigned; only a signed one can be negative.
  const Json& count = x.operand.value;
  if (x.op == Operator::count && count.is_number_integer() && !count.is_number_unsigned() &&
      count.get<std::int64_t>() < 0)
    d.error(ptr_key(p, "count"), "count must not be negative");
  if (x.op != Operator::none) check_templates(d, x.operand.value, ptr_key(p, given[0]), scope);
  if (x.subject == Subject::header) check_template_string(d, x.name, ptr_key(p, "header"), scope, false);
  for (const char* key : {"except", "may_clear"})
    if (e.contains(key) && x.subject != Subject::unchanged)
      d.error(ptr_key(p, key), std::string("\"") + key + "\" applies to \"unchanged\" only", true);
  if (e.contains("attributes") && x.subject != Subject::declares)
    d.error(ptr_key(p, "attributes"), "\"attributes\" applies to \"declares\" only", true);
  return x;
}

std::optional<Step> decode_step(Decoder& d, const Json& s, const std::string& p,
                                TemplateScope& scope) {
  d.check_keys(s, p, kStepKeys, "a step");
  if (!s.is_object()) return std::nullopt;
  Step step;
  step.span = d.span(p);
  step.name = str(s, "name");
  step.creates = flag(s, "creates", false);
  step.setup = str(s, "setup");
  // The request sees captures of earlier steps only.
  const std::string rp = p + "/request";
  if (s.contains("request") && s["request"].is_object()) {
    const Json& r = s["request"];
    d.check_keys(r, rp, kRequestKeys, "a request");
    step.request.span = d.span(rp);
    step.request.method = str(r, "method");
    step.request.path = make_template(d, r.value("path", Json("")), rp + "/path");
    check_templates(d, step.request.path.value, rp + "/path", scope);
    for (const char* part : {"query", "headers"}) {
      if (!r.contains(part) || !r[part].is_object()) continue;
      auto& target = std::string(part) == "query" ? step.request.query : step.request.headers;
      for (const auto& [k, v] : r[part].items()) {
        const std::string vp = ptr_key(rp + "/" + part, k);
        target.emplace_back(k, make_template(d, v, vp));
        check_templates(d, v, vp, scope);
      }
    }
    if (r.contains("body")) {
      step.request.body = make_template(d, r["body"], rp + "/body");
      check_templates(d, r["body"], rp + "/body", scope);
    }
    if (r.contains("auth")) {
      const Json& a = r["auth"];
      if (a.is_boolean()) step.request.send_auth = a.get<bool>();
      if (a.is_string()) {
        step.request.auth_token = make_template(d, a, rp + "/auth");
        check_templates(d, a, rp + "/auth", scope);
      }
    }
  }
  if (s.contains("only_if") && s["only_if"].is_object()) {
    const Json& c = s["only_if"];
    Condition cond;
    cond.span = d.span(p + "/only_if");
    cond.value = make_template(d, c.value("value", Json()), p + "/only_if/value");
    TemplateScope condition = scope;
    condition.condition = true;
    check_templates(d, cond.value.value, p + "/only_if/value", condition);
    if (c.contains("equals")) cond.equals = c["equals"];
    cond.reason = str(c, "reason");
    step.only_if = cond;
  }
  if (s.contains("capture") && s["capture"].is_object()) {
    for (const auto& [name, v] : s["capture"].items()) {
      Capture cap;
      cap.name = name;
      cap.span = d.span(ptr_key(p + "/capture", name));
      if (v.is_string()) {
        cap.from = Capture::From::body;
        cap.path = v.get<std::string>();
        if (cap.path != "$") check_scim_path(d, cap.path, ptr_key(p + "/capture", name));
      } else if (v.is_object() && v.contains("header")) {
        cap.from = Capture::From::header;
        cap.path = str(v, "header");
      } else {
        cap.from = Capture::From::status;
      }
      if (scope.fixtures.count(name) || name == "run" || name == "profile" || name == "uuid" ||
          name == "unique" || name == scope.item)
        d.error(ptr_key(p + "/capture", name), "capture \"" + name + "\" hides a variable of the same name", true);
      step.captures.push_back(std::move(cap));
    }
  }
  // Expectations are evaluated after the captures of their own step.
  for (const auto& c : step.captures) scope.captures.insert(c.name);
  if (s.contains("expect") && s["expect"].is_array()) {
    for (std::size_t i = 0; i < s["expect"].size(); ++i) {
      if (auto x = decode_expectation(d, s["expect"][i], p + "/expect/" + std::to_string(i), scope))
        step.expect.push_back(std::move(*x));
    }
  }
  return step;
}

std::vector<std::string> strings(const Json& array) {
  std::vector<std::string> out;
  if (array.is_array())
    for (const auto& v : array)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

EachResponse decode_each_response(Decoder& d, const Json& e, const std::string& p) {
  d.check_keys(e, p, {"status", "method", "target", "body", "projected", "blocks", "expect"}, "each_response");
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
  if (rule.expect.empty()) d.error(p, "each_response needs at least one expectation");
  return rule;
}

std::optional<Case> decode_case(Decoder& d, const Json& c, const std::string& p) {
  d.check_keys(c, p, kCaseKeys, "a case");
  if (!c.is_object()) return std::nullopt;
  Case k;
  k.span = d.span(p);
  k.id = str(c, "id");
  k.title = str(c, "title");
  k.requirement = str(c, "requirement");
  k.level = parse_level(str(c, "level")).value_or(Level::must);
  k.impact = parse_impact(str(c, "impact")).value_or(Impact::entra);
  k.capability = str(c, "capability");
  k.fix = str(c, "fix");
  k.rationale = str(c, "rationale");
  k.requires_ = strings(c.value("requires", Json::array()));
  k.mode = parse_mode(str(c, "entra_mode"));
  k.exclusive = flag(c, "exclusive", false);
  k.feature = str(c, "feature");
  k.depends_on = c.contains("depends_on") && c["depends_on"].is_string()
                     ? std::vector<std::string>{str(c, "depends_on")}
                     : strings(c.value("depends_on", Json::array()));
  TemplateScope scope;
  scope.uses = &k.member_uses;
  if (c.contains("fixtures") && c["fixtures"].is_object()) {
    for (const auto& [name, kind] : c["fixtures"].items()) {
      k.fixtures.emplace_back(name, kind.is_string() ? kind.get<std::string>() : "");
      scope.fixtures.insert(name);
      if (name == "run" || name == "profile" || name == "uuid" || name == "unique" || name == "item")
        d.error(ptr_key(p + "/fixtures", name), "fixture name \"" + name + "\" is reserved", true);
    }
  }
  if (c.contains("for_each") && c["for_each"].is_object()) {
    const Json& f = c["for_each"];
    d.check_keys(f, p + "/for_each", {"in", "where", "as"}, "for_each");
    ForEach each;
    each.span = d.span(p + "/for_each");
    each.in = str(f, "in");
    each.where = f.value("where", Json());
    each.as = f.contains("as") ? str(f, "as") : "item";
    scope.item = each.as;
    k.for_each = each;
  }
  check_template_string(d, k.id, p + "/id", scope, false);
  if (!k.for_each && k.id.find("{{") != std::string::npos)
    d.error(p + "/id", "only a for_each case may use templates in its id");
  if (c.contains("each_response") && c["each_response"].is_object())
    k.each_response = decode_each_response(d, c["each_response"], p + "/each_response");
  if (k.each_response.has_value() == c.contains("steps"))
    d.error(p, "a case has either \"steps\" or \"each_response\"");
  if (c.contains("steps") && c["steps"].is_array()) {
    std::set<std::string> names;
    for (std::size_t i = 0; i < c["steps"].size(); ++i) {
      const std::string sp = p + "/steps/" + std::to_string(i);
      scope.step = static_cast<int>(k.steps.size());
      if (auto step = decode_step(d, c["steps"][i], sp, scope)) {
        if (!names.insert(step->name).second)
          d.error(sp + "/name", "step name \"" + step->name + "\" is used twice in this case");
        k.steps.push_back(std::move(*step));
      }
    }
  }
  return k;
}

Template profile_template(Decoder& d, const Json& value, const std::string& pointer,
                          const std::set<std::string>& variables) {
  TemplateScope scope;
  scope.profile_only = true;
  scope.variables = &variables;
  check_templates(d, value, pointer, scope);
  return Template{value, d.span(pointer)};
}

ResourceMapping decode_mapping(Decoder& d, const Json& m, const std::string& p,
                               const std::set<std::string>& variables) {
  ResourceMapping r;
  if (!m.is_object()) return r;
  r.enabled = true;
  r.span = d.span(p);
  d.check_keys(m, p, {"matching", "attributes"}, "a mapping");
  r.matching = str(m, "matching");
  if (has_string(m, "matching")) check_scim_path(d, r.matching, p + "/matching");
  bool matching_mapped = false;
  if (m.contains("attributes") && m["attributes"].is_array()) {
    for (std::size_t i = 0; i < m["attributes"].size(); ++i) {
      const Json& a = m["attributes"][i];
      const std::string ap = p + "/attributes/" + std::to_string(i);
      d.check_keys(a, ap, {"path", "type", "value", "update", "add_only"},
                   "an attribute mapping");
      if (!a.is_object()) continue;
      AttributeMapping am;
      am.span = d.span(ap);
      am.path = str(a, "path");
      if (has_string(a, "path")) check_scim_path(d, am.path, ap + "/path");
      if (a.contains("type")) am.type = str(a, "type");
      if (!a.contains("value") && am.type != "reference")
        d.error(ap, "missing required key \"value\" in \"" + ap + "\" (only a reference may omit it)");
      am.value = profile_template(d, a.value("value", Json()), ap + "/value", variables);
      if (a.contains("update")) am.update = profile_template(d, a["update"], ap + "/update", variables);
      if (a.contains("add_only")) {
        if (a["add_only"].is_boolean()) am.add_only = a["add_only"].get<bool>();
        else d.error(ap + "/add_only", "\"add_only\" must be true or false");
      }
      if (am.path == r.matching) matching_mapped = true;
      r.attributes.push_back(std::move(am));
    }
  }
  if (!r.matching.empty() && !matching_mapped)
    d.error(p + "/matching", "the matching attribute \"" + r.matching + "\" is not among the mapped attributes");
  return r;
}

}  // namespace

std::optional<Suite> load_suite(const std::string& path, const LoadOptions& options,
                                Diagnostics& diagnostics) {
  auto file = source::read_json_file(path, diagnostics);
  if (!file) return std::nullopt;
  Decoder d(*file, options, diagnostics);
  const Json& j = file->json;
  if (!j.is_object()) {
    d.error("", "a suite is a JSON object with \"suite\", \"title\" and \"cases\"");
    return std::nullopt;
  }
  d.check_keys(j, "", kSuiteKeys, "a suite");
  Suite s;
  s.file = path;
  s.span = d.span("");
  s.id = str(j, "suite");
  s.title = str(j, "title");
  s.requires_ = strings(j.value("requires", Json::array()));
  std::map<std::string, std::string> ids;
  if (j.contains("cases") && j["cases"].is_array()) {
    for (std::size_t i = 0; i < j["cases"].size(); ++i) {
      const std::string cp = "/cases/" + std::to_string(i);
      if (auto c = decode_case(d, j["cases"][i], cp)) {
        if (!c->id.empty() && !ids.emplace(c->id, cp).second)
          d.error(cp + "/id", "case id \"" + c->id + "\" is used twice in this suite");
        s.cases.push_back(std::move(*c));
      }
    }
  }
  d.validate("suite.schema.json");
  d.finish();
  if (d.failed()) return std::nullopt;
  return s;
}

std::optional<Profile> load_profile(const std::string& path, const LoadOptions& options,
                                    Diagnostics& diagnostics) {
  auto file = source::read_json_file(path, diagnostics);
  if (!file) return std::nullopt;
  Decoder d(*file, options, diagnostics);
  const Json& j = file->json;
  if (!j.is_object()) {
    d.error("", "a profile is a JSON object with \"profile\", \"title\", \"users\" and \"suites\"");
    return std::nullopt;
  }
  d.check_keys(j, "", kProfileKeys, "a profile");
  Profile p;
  p.file = path;
  p.span = d.span("");
  p.name = str(j, "profile");
  p.title = str(j, "title");
  p.capabilities = strings(j.value("capabilities", Json::array()));
  for (std::size_t i = 0; i < p.capabilities.size(); ++i)
    p.capability_spans.push_back(d.span("/capabilities/" + std::to_string(i)));
  p.mode = j.contains("entra_mode") ? parse_mode(str(j, "entra_mode")) : EntraMode::flag_off;
  if (j.contains("auth") && j["auth"].is_object()) {
    p.auth.type = str(j["auth"], "type");
    p.auth.token_url = str(j["auth"], "token_url");
    p.auth.span = d.span("/auth");
    d.check_keys(j["auth"], "/auth", {"type", "token_url"}, "auth");
  }
  std::set<std::string> variable_names;
  if (j.contains("variables") && j["variables"].is_object()) {
    for (const auto& [name, v] : j["variables"].items()) {
      variable_names.insert(name);
      Variable var;
      var.name = name;
      var.span = d.span(ptr_key("/variables", name));
      d.check_keys(v, ptr_key("/variables", name),
                   {"description", "default", "embedded", "required", "env", "secret"}, "a variable");
      if (!v.is_object()) continue;
      var.description = str(v, "description");
      if (v.contains("default")) var.default_value = v["default"];
      if (v.contains("embedded")) var.embedded_value = v["embedded"];
      var.required = flag(v, "required", false);
      var.env = str(v, "env");
      var.secret = flag(v, "secret", false);
      p.variables.push_back(std::move(var));
    }
  }
  p.secrets = strings(j.value("secrets", Json::array()));
  for (std::size_t i = 0; i < p.secrets.size(); ++i) {
    if (!variable_names.count(p.secrets[i]))
      d.error("/secrets/" + std::to_string(i), "secret \"" + p.secrets[i] + "\" is not a declared variable",
              false, source::did_you_mean(p.secrets[i], {variable_names.begin(), variable_names.end()}));
    else
      for (auto& v : p.variables)
        if (v.name == p.secrets[i]) v.secret = true;
  }
  p.users = decode_mapping(d, j.value("users", Json()), "/users", variable_names);
  p.groups = decode_mapping(d, j.value("groups", Json()), "/groups", variable_names);
  p.suites = strings(j.value("suites", Json::array()));
  for (std::size_t i = 0; i < p.suites.size(); ++i)
    p.suite_spans.push_back(d.span("/suites/" + std::to_string(i)));
  std::vector<DecodeProblem> server_problems;
  p.server = decode_server_settings(*file, "/server", variable_names, server_problems);
  for (const auto& x : server_problems) {
    if (x.offset == std::string::npos) d.error(x.pointer, x.message, x.key, x.hint);
    else d.error_at(x.pointer, x.offset, x.message, x.key, x.hint);
  }
  d.validate("profile.schema.json");
  d.finish();
  if (d.failed()) return std::nullopt;
  return p;
}

void check_against_profile(const std::vector<Suite>& suites, const Profile& profile,
                           Diagnostics& diagnostics) {
  std::set<std::string> variables;
  for (const auto& v : profile.variables) variables.insert(v.name);
  std::map<std::string, Span> seen;
  auto walk_strings = [&](const Json& v, const Span& span, auto&& self) -> void {
    if (v.is_string()) {
      for (const auto& ref : source::find_templates(v.get<std::string>())) {
        if (ref.error.empty() && ref.root == "profile" && !variables.count(ref.rest)) {
          diagnostics.push_back({Severity::error, span,
                                 "undefined variable \"profile." + ref.rest + "\": the profile \"" +
                                     profile.name + "\" declares no such variable",
                                 source::did_you_mean(ref.rest, {variables.begin(), variables.end()})});
        }
      }
    } else if (v.is_object()) {
      for (const auto& [k, child] : v.items()) {
        self(Json(k), span, self);
        self(child, span, self);
      }
    } else if (v.is_array()) {
      for (const auto& child : v) self(child, span, self);
    }
  };
  for (const auto& s : suites) {
    for (const auto& c : s.cases) {
      if (!c.for_each) {
        if (auto [it, fresh] = seen.emplace(c.id, c.span); !fresh) {
          diagnostics.push_back({Severity::error, c.span,
                                 "case id \"" + c.id + "\" is also used at " + it->second.file + ":" +
                                     std::to_string(it->second.line),
                                 ""});
        }
      }
      for (const auto& st : c.steps) {
        auto w = [&](const Template& t) { walk_strings(t.value, t.span, walk_strings); };
        w(st.request.path);
        for (const auto& q : st.request.query) w(q.second);
        for (const auto& h : st.request.headers) w(h.second);
        if (st.request.body) w(*st.request.body);
        if (st.only_if) w(st.only_if->value);
        for (const auto& x : st.expect) {
          w(x.operand);
          walk_strings(Json(x.name), x.span, walk_strings);
        }
      }
    }
  }
}

bool looks_like_profile(const std::string& path) {
  if (path.size() >= 13 && path.compare(path.size() - 13, 13, ".profile.json") == 0) return true;
  if (path.size() >= 11 && path.compare(path.size() - 11, 11, ".suite.json") == 0) return false;
  std::string error;
  const auto j = source::read_json_value(path, source::kMaxJsonFileBytes, &error);
  return j && j->is_object() && j->contains("profile");
}

}  // namespace scimcheck::suite
