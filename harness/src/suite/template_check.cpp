#include "suite/template_check.hpp"

#include <algorithm>

#include "source/diagnostic_render.hpp"
#include "source/template_syntax.hpp"

namespace scimcheck::suite {
namespace {

std::vector<std::string> names(const auto& list) { return {std::begin(list), std::end(list)}; }

void check_run(Decoder& d, const source::TemplateRef& ref, const std::string& pointer, bool key) {
  const auto members = names(kRunMembers);
  if (std::find(members.begin(), members.end(), ref.rest) == members.end())
    d.error_at(pointer, ref.begin, "undefined variable \"run." + ref.rest + "\": run has id and prefix",
               key, source::did_you_mean(ref.rest, members));
}

void check_profile(Decoder& d, const source::TemplateRef& ref, const std::string& pointer,
                   const TemplateScope& scope, bool key) {
  if (ref.rest.empty())
    d.error_at(pointer, ref.begin, "\"{{profile}}\" needs a variable name", key);
  else if (scope.variables && !scope.variables->count(ref.rest))
    d.error_at(pointer, ref.begin,
               "undefined variable \"profile." + ref.rest + "\": declare it under \"variables\"", key,
               source::did_you_mean(ref.rest, {scope.variables->begin(), scope.variables->end()}));
}

void check_unknown(Decoder& d, const source::TemplateRef& ref, const std::string& pointer,
                   const TemplateScope& scope, bool key) {
  std::vector<std::string> known = names(kBuiltinRoots);
  if (!scope.profile_only) {
    known.insert(known.end(), scope.fixtures.begin(), scope.fixtures.end());
    known.insert(known.end(), scope.captures.begin(), scope.captures.end());
    if (!scope.item.empty()) known.push_back(scope.item);
  }
  d.error_at(pointer, ref.begin, "undefined variable \"" + ref.root + "\"", key,
             source::did_you_mean(ref.root, known));
}

void check_ref(Decoder& d, const source::TemplateRef& ref, const std::string& pointer,
               const TemplateScope& scope, bool key) {
  const std::string& root = ref.root;
  if (root == "run") {
    check_run(d, ref, pointer, key);
  } else if (root == "profile") {
    check_profile(d, ref, pointer, scope, key);
  } else if (is_builtin_root(root)) {
    if (!ref.rest.empty()) d.error_at(pointer, ref.begin, "\"" + root + "\" takes no attribute", key);
  } else if (!scope.profile_only && (scope.fixtures.count(root) || root == scope.item)) {
    if (ref.rest.empty())
      d.error_at(pointer, ref.begin, "\"{{" + root + "}}\" needs an attribute (e.g. " + root + ".body)", key);
    else if (scope.uses)
      scope.uses->push_back({root, ref.rest, scope.step, scope.condition, d.span_at(pointer, ref.begin, key)});
  } else if (scope.profile_only || !scope.captures.count(root)) {
    // A capture is a plain value; a rest indexes into it as a SCIM path.
    check_unknown(d, ref, pointer, scope, key);
  }
}

}  // namespace

bool is_builtin_root(std::string_view name) {
  return std::find(std::begin(kBuiltinRoots), std::end(kBuiltinRoots), name) != std::end(kBuiltinRoots);
}

bool TemplateScope::knows(const std::string& name) const {
  return is_builtin_root(name) || fixtures.count(name) > 0 || name == item;
}

void check_template_string(Decoder& d, const std::string& text, const std::string& pointer,
                           const TemplateScope& scope, bool key) {
  if (d.saturated()) return;
  for (const auto& ref : source::find_templates(text)) {
    if (!ref.error.empty()) {
      d.error_at(pointer, ref.begin, "bad template in \"" + text + "\": " + ref.error, key);
      continue;
    }
    for (const auto& f : ref.filters)
      if (!source::is_known_filter(f))
        d.error_at(pointer, ref.begin, "unknown template filter \"" + f + "\"", key,
                   source::did_you_mean(f, {"upper", "lower", "json", "url"}));
    check_ref(d, ref, pointer, scope, key);
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

}  // namespace scimcheck::suite
