#pragma once
/// Checking the {{templates}} of a suite or profile at load time: each names something the
/// place can know (docs/suite-format.md, "Variables and templates").
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "suite/decoder.hpp"

namespace scimcheck::suite {

/// The template roots every place knows; no fixture, capture or for_each item may take one
/// of these names.
inline constexpr std::string_view kBuiltinRoots[] = {"run", "profile", "uuid", "unique"};
/// The members of `run`.
inline constexpr std::string_view kRunMembers[] = {"id", "prefix"};

/// Whether `name` is one of kBuiltinRoots.
bool is_builtin_root(std::string_view name);

/// What a template may refer to at a given place.
struct TemplateScope {
  std::set<std::string> fixtures;
  std::set<std::string> captures;
  std::string item;  ///< for_each name, or ""
  bool profile_only = false;  ///< in profiles and suite defaults: the built-in roots only
  /// The profile's variables, when known: {{profile.X}} must name one of them.
  const std::set<std::string>* variables = nullptr;
  /// Where {{fixture.member}} and {{item.member}} uses are recorded, with the step they are in.
  std::vector<MemberUse>* uses = nullptr;
  int step = -1;
  bool condition = false;

  /// Whether `name` is a root this scope already knows (built in, fixture, item).
  bool knows(const std::string& name) const;
};

/// The templates of one string (a value, or a member name with key=true) at `pointer`.
void check_template_string(Decoder& d, const std::string& text, const std::string& pointer,
                           const TemplateScope& scope, bool key);
/// The templates of every string and member name in a JSON value.
void check_templates(Decoder& d, const Json& value, const std::string& pointer,
                     const TemplateScope& scope);

/// A template value as written at `pointer`, with its span.
Template make_template(const Decoder& d, const Json& value, const std::string& pointer);

}  // namespace scimcheck::suite
