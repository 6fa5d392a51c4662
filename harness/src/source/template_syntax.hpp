#pragma once
/// The syntax of {{templates}} inside strings of suites and profiles (docs/suite-format.md):
///   {{ root.rest | filter | filter }}
/// root is an identifier (run, profile, item, uuid, unique, a fixture or a capture name); rest
/// is everything after the first '.', kept verbatim (it may be a SCIM path with [filters]).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace scimcheck::source {

struct TemplateRef {
  std::size_t begin = 0;  ///< offset of "{{" in the string
  std::size_t end = 0;    ///< offset just past "}}"
  std::string root;       ///< first identifier
  std::string rest;       ///< after "root.", trimmed; empty when none
  std::vector<std::string> filters;  ///< after '|', trimmed
  std::string error;      ///< non-empty when the expression is malformed
};

/// All {{...}} expressions of a string, in order. An unclosed "{{" yields one ref with error.
std::vector<TemplateRef> find_templates(std::string_view text);

/// The filters a template may use.
bool is_known_filter(std::string_view name);

/// True when the whole string is exactly one template (its value keeps its JSON type).
bool is_whole_template(std::string_view text);

}  // namespace scimcheck::source
