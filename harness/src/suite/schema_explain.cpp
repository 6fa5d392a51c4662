#include "suite/schema_explain.hpp"

#include <algorithm>
#include <set>

#include "source/positions.hpp"
#include "source/diagnostic_render.hpp"

namespace scimcheck::suite {
namespace {

using Json = nlohmann::json;

/// A schema node that may apply at a place, with the noun for an object there.
struct Candidate {
  const Json* node = nullptr;
  std::string noun;
};

/// Bounds on walking a schema: the harness schemas nest a few levels, a loop of $ref
/// or of combinators stops here.
constexpr int kMaxRefHops = 16;
constexpr int kMaxUnionDepth = 8;

std::string with_article(const std::string& word) {
  const bool vowel = !word.empty() && std::string("aeiou").find(word[0]) != std::string::npos;
  return (vowel ? "an " : "a ") + word;
}

/// Follows local "$ref"s ("#/definitions/NAME"); the noun becomes "a NAME".
Candidate resolve(const Json& root, Candidate c) {
  for (int hop = 0; hop < kMaxRefHops && c.node && c.node->is_object(); ++hop) {
    const auto ref = c.node->find("$ref");
    if (ref == c.node->end() || !ref->is_string()) break;
    const std::string target = ref->get<std::string>();
    if (target.rfind('#', 0) != 0) break;
    const Json::json_pointer pointer(target.substr(1));
    if (!root.contains(pointer)) return {};
    c.node = &root.at(pointer);
    if (target.rfind("#/definitions/", 0) == 0) {
      std::string name = target.substr(14);
      std::replace(name.begin(), name.end(), '_', ' ');
      c.noun = with_article(name);
    }
  }
  return c;
}

/// Whether a node only chooses among alternatives (a "oneOf"/"anyOf" with no type or
/// properties of its own), rather than adding a constraint to an object it describes.
const Json* union_of(const Json& node) {
  if (node.contains("type") || node.contains("properties")) return nullptr;
  for (const char* key : {"oneOf", "anyOf"})
    if (auto it = node.find(key); it != node.end() && it->is_array()) return &*it;
  return nullptr;
}

void alternatives(const Json& root, Candidate c, std::vector<Candidate>& out, int depth = 0) {
  c = resolve(root, c);
  if (!c.node || !c.node->is_object()) return;
  const Json* branches = depth < kMaxUnionDepth ? union_of(*c.node) : nullptr;
  if (!branches) {
    out.push_back(c);
    return;
  }
  for (const auto& branch : *branches) alternatives(root, {&branch, c.noun}, out, depth + 1);
}

bool type_accepts(const std::string& type, const Json& v) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number();
  return false;
}

/// The JSON type a schema type names, for comparing with an enum's values.
bool same_kind(const Json& a, const Json& b) {
  return a.type() == b.type() || (a.is_number() && b.is_number());
}

bool accepts_type(const Json& node, const Json& v) {
  const auto type = node.find("type");
  if (type == node.end()) {
    // A list of values with no type accepts the types of its values.
    const auto values = node.find("enum");
    return values == node.end() || !values->is_array() ||
           std::any_of(values->begin(), values->end(), [&](const Json& e) { return same_kind(e, v); });
  }
  if (type->is_string()) return type_accepts(type->get<std::string>(), v);
  if (type->is_array())
    return std::any_of(type->begin(), type->end(),
                       [&](const Json& t) { return t.is_string() && type_accepts(t.get<std::string>(), v); });
  return true;
}

std::string singular(const std::string& key) {
  return with_article(!key.empty() && key.back() == 's' ? key.substr(0, key.size() - 1) : key);
}

/// The schema nodes for one member or element of a value that `c` accepts.
void children(const Json& root, const Candidate& c, const Json& value, const std::string& token,
              std::vector<Candidate>& out) {
  const Json& node = *c.node;
  if (value.is_object()) {
    if (auto props = node.find("properties"); props != node.end() && props->contains(token)) {
      alternatives(root, {&(*props)[token], token}, out);
      return;
    }
    if (auto extra = node.find("additionalProperties"); extra != node.end() && extra->is_object())
      alternatives(root, {&*extra, singular(c.noun.substr(c.noun.find(' ') + 1))}, out);
  } else if (value.is_array()) {
    if (auto items = node.find("items"); items != node.end() && items->is_object())
      alternatives(root, {&*items, singular(c.noun.substr(c.noun.find(' ') + 1))}, out);
  }
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

std::string number_text(const Json& bound) {
  std::string text = bound.dump();
  if (bound.is_number_float() && text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0)
    text.erase(text.size() - 2);
  return text;
}

/// Whether an object meets a shallow condition: "required", "not", "anyOf", "allOf" and
/// "$ref" only. nullopt when the condition says anything else.
std::optional<bool> shallow_match(const Json& root, const Json& condition, const Json& value, int depth = 0) {
  const Json* cond = resolve(root, {&condition, ""}).node;
  if (!cond || !cond->is_object() || depth > kMaxUnionDepth) return std::nullopt;
  bool ok = true;
  for (const auto& [key, arg] : cond->items()) {
    if (key == "required" && arg.is_array()) {
      for (const auto& k : arg) ok = ok && k.is_string() && value.contains(k.get<std::string>());
    } else if (key == "not") {
      const auto inner = shallow_match(root, arg, value, depth + 1);
      if (!inner) return std::nullopt;
      ok = ok && !*inner;
    } else if ((key == "anyOf" || key == "allOf") && arg.is_array()) {
      bool any = false, all = true;
      for (const auto& branch : arg) {
        const auto inner = shallow_match(root, branch, value, depth + 1);
        if (!inner) return std::nullopt;
        any = any || *inner;
        all = all && *inner;
      }
      ok = ok && (key == "anyOf" ? any : all);
    } else if (key == "properties" && arg.is_object()) {
      for (const auto& [name, rule] : arg.items()) {  // a key's fixed value, when it is there
        if (!rule.is_object() || rule.size() != 1 || !rule.contains("const")) return std::nullopt;
        ok = ok && (!value.contains(name) || value[name] == rule["const"]);
      }
    } else if (key != "description") {
      return std::nullopt;
    }
  }
  return ok;
}

/// What a shallow condition asks of an object's keys: names it must not have, and groups of
/// names of which it must have one.
struct KeyRules {
  std::vector<std::string> forbidden;
  std::vector<std::vector<std::string>> needed;
};

void key_rules(const Json& root, const Json& condition, bool negated, KeyRules& rules, int depth = 0) {
  const Json* cond = resolve(root, {&condition, ""}).node;
  if (!cond || !cond->is_object() || depth > kMaxUnionDepth) return;
  for (const auto& [key, arg] : cond->items()) {
    if (key == "not") {
      key_rules(root, arg, !negated, rules, depth + 1);
    } else if (key == "allOf" && arg.is_array()) {
      for (const auto& branch : arg) key_rules(root, branch, negated, rules, depth + 1);
    } else if (key == "anyOf" && arg.is_array() && negated) {
      for (const auto& branch : arg) key_rules(root, branch, true, rules, depth + 1);
    } else if (key == "anyOf" && arg.is_array()) {
      std::vector<std::string> group;
      for (const auto& branch : arg)
        if (branch.is_object() && branch.contains("required"))
          for (const auto& k : branch["required"]) group.push_back(k.get<std::string>());
      rules.needed.push_back(group);
    } else if (key == "required" && arg.is_array()) {
      for (const auto& k : arg)
        if (negated) rules.forbidden.push_back(k.get<std::string>());
        else rules.needed.push_back({k.get<std::string>()});
    }
  }
}

/// The names a list of alternatives requires, in order.
std::vector<std::string> required_names(const Json& branches) {
  std::vector<std::string> names;
  for (const auto& b : branches)
    if (b.is_object() && b.contains("required"))
      for (const auto& k : b["required"])
        if (k.is_string()) names.push_back(k.get<std::string>());
  return names;
}

std::string quoted_list(const std::vector<std::string>& names, const std::string& last = " or ") {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i)
    text += (i == 0 ? "" : i + 1 == names.size() ? last : ", ") + ("\"" + names[i] + "\"");
  return text;
}

class Explainer {
 public:
  Explainer(const Json& root, const Json& value, const std::string& pointer, std::vector<SchemaFinding>& out)
      : root_(root), value_(value), pointer_(pointer), where_(pointer.empty() ? "the file" : "\"" + pointer + "\""), out_(out) {}

  /// The findings of one schema node; returns how many.
  int check(const Candidate& c) {
    const std::size_t before = out_.size();
    const Json& n = *c.node;
    values(n);
    if (value_.is_object()) object(n, c.noun);
    if (value_.is_number()) number(n);
    if (value_.is_string()) text(n);
    if (value_.is_array()) array(n);
    return static_cast<int>(out_.size() - before);
  }

  void wrong_type() { add("wrong type at " + where_ + ": " + json_type(value_) + " is not allowed here"); }
  void not_allowed() { add("value " + shown(value_) + " is not allowed at " + where_); }

 private:
  void add(std::string message, bool key = false, const std::string& pointer = {},
           std::string hint = {}) {
    out_.push_back({key ? pointer : pointer_, key, std::move(message), std::move(hint)});
  }

  void values(const Json& n) {
    if (auto e = n.find("enum"); e != n.end() && e->is_array() &&
                                 std::find(e->begin(), e->end(), value_) == e->end())
      not_allowed();
    if (auto k = n.find("const"); k != n.end() && *k != value_) not_allowed();
  }

  void object(const Json& n, const std::string& noun) {
    required(n, "");
    const auto props = n.find("properties");
    if (auto extra = n.find("additionalProperties"); extra != n.end() && *extra == Json(false)) {
      std::vector<std::string> known;
      if (props != n.end())
        for (const auto& [k, v] : props->items()) known.push_back(k);
      for (const auto& [k, v] : value_.items())
        if (std::find(known.begin(), known.end(), k) == known.end())
          add("unknown key \"" + k + "\" in " + noun, true, pointer_ + "/" + source::pointer_token(k),
              source::did_you_mean(k, known));
    }
    if (auto deps = n.find("dependencies"); deps != n.end() && deps->is_object())
      for (const auto& [key, dependency] : deps->items())
        if (value_.contains(key)) depends(key, dependency);
    count(n, "minProperties", value_.size(), " needs at least ", " key");
    count(n, "maxProperties", value_.size(), " takes at most ", " key");
    for (const char* key : {"oneOf", "allOf"})
      if (auto branches = n.find(key); branches != n.end() && branches->is_array()) exactly_one(*branches, key);
    if (auto condition = n.find("if"); condition != n.end()) conditional(n, *condition);
  }

  /// "if" with "then" / "else": the keys the branch that applies requires.
  void conditional(const Json& n, const Json& condition) {
    const auto holds = shallow_match(root_, condition, value_);
    if (!holds) return;
    const auto branch = n.find(*holds ? "then" : "else");
    if (branch == n.end() || !branch->is_object()) return;
    required(*branch, branch->value("description", ""));
  }

  /// The keys of a node's "required" the object lacks, each with `why` when there is one.
  void required(const Json& n, const std::string& why) {
    if (auto req = n.find("required"); req != n.end() && req->is_array())
      for (const auto& k : *req)
        if (k.is_string() && !value_.contains(k.get<std::string>()))
          add("missing required key \"" + k.get<std::string>() + "\" in " + where_ +
              (why.empty() ? "" : ": " + why));
  }

  /// A key that asks for other keys ("dependencies"): a list of keys, or a condition on them.
  void depends(const std::string& key, const Json& dependency) {
    const std::string at = pointer_ + "/" + source::pointer_token(key);
    if (dependency.is_array()) {  // a key that qualifies another: "except" of "unchanged"
      std::vector<std::string> missing;
      for (const auto& k : dependency)
        if (k.is_string() && !value_.contains(k.get<std::string>())) missing.push_back(k.get<std::string>());
      if (!missing.empty()) add("\"" + key + "\" applies to " + quoted_list(missing, " and ") + " only", true, at);
      return;
    }
    const auto holds = shallow_match(root_, dependency, value_);
    if (!holds || *holds) return;
    KeyRules rules;
    key_rules(root_, dependency, false, rules);
    // An operator the subject does not take: that is the mistake, not a missing one.
    bool misplaced = false;
    for (const auto& name : rules.forbidden)
      if (value_.contains(name)) {
        misplaced = true;
        add("\"" + name + "\" does not apply to \"" + key + "\"", true, pointer_ + "/" + source::pointer_token(name));
      }
    for (const auto& group : rules.needed) {
      if (misplaced) break;
      if (std::any_of(group.begin(), group.end(), [&](const std::string& k) { return value_.contains(k); })) continue;
      add("\"" + key + "\" needs " + (group.size() == 1 ? "" : "one of ") + quoted_list(group), true, at);
    }
  }

  /// A oneOf of conditions on which keys an object has: none or more than one holds.
  void exactly_one(const Json& branches, const std::string& key) {
    if (key == "allOf") {
      for (const auto& b : branches)
        if (auto inner = b.find("oneOf"); b.is_object() && inner != b.end() && inner->is_array())
          exactly_one(*inner, "oneOf");
      return;
    }
    int holding = 0;
    for (const auto& b : branches) {
      const auto m = shallow_match(root_, b, value_);
      if (!m) return;
      holding += *m;
    }
    if (holding == 1) return;
    const auto names = required_names(branches);
    std::vector<std::string> found;
    for (const auto& name : names)
      if (value_.contains(name)) found.push_back(name);
    if (holding == 0)
      add(where_ + " needs one of " + quoted_list(names));
    else
      add(where_ + " has " + quoted_list(found, " and ") + ": only one of them is allowed");
  }

  void number(const Json& n) {
    auto bound = [&](const char* key, bool below, bool strict, const char* words) {
      const auto b = n.find(key);
      if (b == n.end() || !b->is_number()) return;
      const double v = value_.get<double>(), limit = b->get<double>();
      const bool broken = below ? (strict ? v <= limit : v < limit) : (strict ? v >= limit : v > limit);
      if (broken)
        add("value " + shown(value_) + " is out of range at " + where_ + " (expected " + words + " " +
            number_text(*b) + ")");
    };
    bound("minimum", true, false, "at least");
    bound("exclusiveMinimum", true, true, "more than");
    bound("maximum", false, false, "at most");
    bound("exclusiveMaximum", false, true, "less than");
  }

  void text(const Json& n) {
    count(n, "minLength", value_.get<std::string>().size(), " needs at least ", " character");
    count(n, "maxLength", value_.get<std::string>().size(), " takes at most ", " character");
    // The pattern itself is valijson's: a string valijson reported that breaks nothing
    // else the node says has the wrong form.
    if (n.contains("pattern") && out_.empty())
      add("value " + shown(value_) + " has the wrong form at " + where_);
  }

  void array(const Json& n) {
    count(n, "minItems", value_.size(), " needs at least ", " item");
    count(n, "maxItems", value_.size(), " takes at most ", " item");
    if (n.value("uniqueItems", false)) {
      for (std::size_t i = 0; i < value_.size(); ++i)
        for (std::size_t j = i + 1; j < value_.size(); ++j)
          if (value_[i] == value_[j]) {
            add(where_ + " lists " + shown(value_[i]) + " twice");
            return;
          }
    }
  }

  void count(const Json& n, const char* key, std::size_t size, const char* words, const char* unit) {
    const auto b = n.find(key);
    if (b == n.end() || !b->is_number_unsigned()) return;
    const auto limit = b->get<std::size_t>();
    const bool at_least = std::string(words).find("least") != std::string::npos;
    if (at_least ? size >= limit : size <= limit) return;
    add(where_ + words + std::to_string(limit) + unit + (limit == 1 ? "" : "s"));
  }

  const Json& root_;
  const Json& value_;
  const std::string& pointer_;
  const std::string where_;
  std::vector<SchemaFinding>& out_;
};

/// The schema nodes that may apply at `pointer`.
std::vector<Candidate> candidates_at(const Json& schema, const Json& document, const std::string& pointer,
                                     const std::string& noun) {
  std::vector<Candidate> current;
  alternatives(schema, {&schema, noun}, current);
  const Json::json_pointer target(pointer);
  std::vector<std::string> tokens;
  for (Json::json_pointer p = target; !p.empty(); p = p.parent_pointer()) tokens.push_back(p.back());
  std::reverse(tokens.begin(), tokens.end());
  Json::json_pointer at;
  for (const auto& token : tokens) {
    const Json& value = document.at(at);
    std::vector<Candidate> next;
    for (const auto& c : current)
      if (accepts_type(*c.node, value)) children(schema, c, value, token, next);
    current = std::move(next);
    at /= token;
  }
  return current;
}

void explain_one(const Json& schema, const Json& document, const std::string& pointer,
                 const std::string& noun, bool below, std::vector<SchemaFinding>& out) {
  const Json& value = document.at(Json::json_pointer(pointer));
  const auto candidates = candidates_at(schema, document, pointer, noun);
  std::vector<SchemaFinding> best;
  bool typed = false, clean = false;
  for (const auto& c : candidates) {
    if (!accepts_type(*c.node, value)) continue;
    std::vector<SchemaFinding> found;
    Explainer(schema, value, pointer, found).check(c);
    if (found.empty()) clean = true;
    if (!typed || found.size() < best.size()) best = std::move(found);
    typed = true;
  }
  std::vector<SchemaFinding> own;
  Explainer explainer(schema, value, pointer, own);
  const bool listed = std::any_of(candidates.begin(), candidates.end(), [](const Candidate& c) {
    return c.node->contains("enum") && !c.node->contains("type");
  });
  if (!candidates.empty() && !typed && listed)
    explainer.not_allowed();
  else if (!candidates.empty() && !typed)
    explainer.wrong_type();
  else if (!clean)
    own = std::move(best);
  else if (!below)
    explainer.not_allowed();
  out.insert(out.end(), own.begin(), own.end());
}

}  // namespace

std::string shown(const Json& value) {
  constexpr std::size_t kMaxShown = 80;
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > kMaxShown) text = text.substr(0, kMaxShown) + "...";
  return text;
}

std::vector<SchemaFinding> explain_schema_problems(const Json& schema, const Json& document,
                                                   const std::vector<std::string>& pointers,
                                                   const std::string& noun) {
  const std::set<std::string> places(pointers.begin(), pointers.end());
  std::vector<SchemaFinding> out;
  for (const auto& pointer : places) {
    if (!document.contains(Json::json_pointer(pointer))) continue;
    const auto next = places.upper_bound(pointer);
    const bool below = next != places.end() && next->rfind(pointer + "/", 0) == 0;
    explain_one(schema, document, pointer, noun, below, out);
  }
  return out;
}

}  // namespace scimcheck::suite
