#include "source/template_syntax.hpp"
#include "source/strings.hpp"

#include <array>
#include <cctype>

namespace scimcheck::source {
namespace {

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// Splits on '|' that are outside double quotes (a SCIM filter inside a path may hold "a|b").
std::vector<std::string> split_pipes(std::string_view s) {
  std::vector<std::string> parts;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && quoted && i + 1 < s.size()) {
      cur += c;
      cur += s[++i];
      continue;
    }
    if (c == '"') quoted = !quoted;
    if (c == '|' && !quoted) {
      parts.emplace_back(trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.emplace_back(trim(cur));
  return parts;
}

TemplateRef parse_inner(std::string_view inner, std::size_t begin, std::size_t end) {
  TemplateRef ref;
  ref.begin = begin;
  ref.end = end;
  auto parts = split_pipes(inner);
  const std::string expr = parts.front();
  std::size_t i = 0;
  while (i < expr.size() && is_ident_char(expr[i])) ++i;
  ref.root = expr.substr(0, i);
  if (ref.root.empty()) {
    ref.error = expr.empty() ? "empty template expression" : "a template expression starts with a name";
    return ref;
  }
  if (i < expr.size()) {
    if (expr[i] != '.') {
      ref.error = "expected '.' after \"" + ref.root + "\"";
      return ref;
    }
    ref.rest = trim(std::string_view(expr).substr(i + 1));
    if (ref.rest.empty()) ref.error = "expected a name after \"" + ref.root + ".\"";
  }
  for (std::size_t k = 1; k < parts.size(); ++k) {
    if (!is_known_filter(parts[k]) && ref.error.empty())
      ref.error = "unknown filter \"" + parts[k] + "\" (known: upper, lower, json, url)";
    ref.filters.push_back(parts[k]);
  }
  return ref;
}

}  // namespace

bool is_known_filter(std::string_view name) {
  static constexpr std::array<std::string_view, 4> kFilters = {"upper", "lower", "json", "url"};
  for (auto f : kFilters)
    if (f == name) return true;
  return false;
}

std::vector<TemplateRef> find_templates(std::string_view text) {
  std::vector<TemplateRef> refs;
  std::size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string_view::npos) {
    // Skip the closing braces of a quoted string inside the expression.
    std::size_t i = pos + 2;
    bool quoted = false;
    std::size_t close = std::string_view::npos;
    for (; i + 1 < text.size(); ++i) {
      if (text[i] == '\\' && quoted) { ++i; continue; }
      if (text[i] == '"') quoted = !quoted;
      if (!quoted && text[i] == '}' && text[i + 1] == '}') { close = i; break; }
    }
    if (close == std::string_view::npos) {
      TemplateRef ref;
      ref.begin = pos;
      ref.end = text.size();
      ref.error = "unclosed \"{{\"";
      refs.push_back(ref);
      break;
    }
    refs.push_back(parse_inner(text.substr(pos + 2, close - pos - 2), pos, close + 2));
    pos = close + 2;
  }
  return refs;
}

bool is_whole_template(std::string_view text) {
  auto refs = find_templates(text);
  return refs.size() == 1 && refs[0].begin == 0 && refs[0].end == text.size() && refs[0].error.empty();
}

}  // namespace scimcheck::source
