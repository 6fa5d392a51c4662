#include "scim/path.hpp"

#include <cctype>
#include <optional>
#include <utility>

#include "scim/filter.hpp"

namespace scimcheck::scim {
namespace {

bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_name_char(char c) { return is_alpha(c) || is_digit(c) || c == '-' || c == '_'; }
bool is_path_char(char c) { return is_name_char(c) || c == ':' || c == '.' || c == '$'; }

Parsed<AttrPath> fail(std::string message, std::size_t offset) {
  Parsed<AttrPath> result;
  result.error = std::move(message);
  result.offset = offset;
  return result;
}

/// Checks ATTRNAME (RFC 7644: ALPHA *(nameChar)); sub-attributes may also be "$ref".
/// Returns the offset of the first bad character, or npos when the name is valid.
std::size_t bad_name_at(std::string_view name, bool is_sub) {
  if (name.empty()) return 0;
  std::size_t i = 0;
  if (is_sub && name[0] == '$') i = 1;
  if (i >= name.size() || !is_alpha(name[i])) return i;
  for (++i; i < name.size(); ++i) {
    if (!is_name_char(name[i])) return i;
  }
  return std::string_view::npos;
}

bool istarts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

long double number_of(const nlohmann::json& value) {
  if (value.is_number_unsigned()) return static_cast<long double>(value.get<std::uint64_t>());
  if (value.is_number_integer()) return static_cast<long double>(value.get<std::int64_t>());
  return static_cast<long double>(value.get<double>());
}

/// "true"/"false" (any case) as a boolean, for lenient comparisons.
std::optional<bool> string_boolean(const nlohmann::json& value) {
  if (!value.is_string()) return std::nullopt;
  const auto& text = value.get_ref<const std::string&>();
  if (iequals(text, "true")) return true;
  if (iequals(text, "false")) return false;
  return std::nullopt;
}

}  // namespace

bool is_schema_urn(std::string_view name) {
  for (const auto& schema : schemas()) {
    if (iequals(schema.id, name)) return true;
  }
  return false;
}

bool is_core_urn(std::string_view urn) { return iequals(urn, kUserUrn) || iequals(urn, kGroupUrn); }

std::string container_urn(const AttrPath& path, ResourceKind kind) {
  if (!path.urn.empty()) {
    if (is_core_urn(path.urn)) return {};
    return iequals(path.urn, kEnterpriseUrn) ? std::string(kEnterpriseUrn) : path.urn;
  }
  // An unqualified name that only the enterprise extension defines (manager, department).
  if (kind == ResourceKind::user && find_attribute(kind, kUserUrn, path.attr) == nullptr &&
      find_attribute(kind, kEnterpriseUrn, path.attr) != nullptr) {
    return kEnterpriseUrn;
  }
  return {};
}

namespace detail {

Parsed<AttrPath> parse_path_at(std::string_view text, std::size_t& pos, bool allow_filter,
                               std::size_t nesting) {
  const std::size_t start = pos;
  while (pos < text.size() && is_path_char(text[pos])) ++pos;
  const std::string_view head = text.substr(start, pos - start);
  if (head.empty()) return fail("expected an attribute name", start);

  AttrPath path;
  if (is_schema_urn(head)) {
    // The whole extension object, a top-level member named by its URN.
    path.attr = std::string(head);
  } else {
    std::string_view name = head;
    std::size_t name_at = start;
    if (const auto colon = head.rfind(':'); colon != std::string_view::npos) {
      if (!istarts_with(head, "urn:")) return fail("a schema URN must start with 'urn:'", start);
      path.urn = std::string(head.substr(0, colon));
      name = head.substr(colon + 1);
      name_at = start + colon + 1;
      if (name.empty()) return fail("expected an attribute name after the schema URN", name_at);
    }
    std::string_view sub;
    if (const auto dot = name.find('.'); dot != std::string_view::npos) {
      sub = name.substr(dot + 1);
      name = name.substr(0, dot);
      if (sub.empty()) return fail("expected a sub-attribute name after '.'", name_at + dot + 1);
      if (const auto bad = bad_name_at(sub, true); bad != std::string_view::npos) {
        return fail("invalid character in sub-attribute name", name_at + dot + 1 + bad);
      }
    }
    if (const auto bad = bad_name_at(name, false); bad != std::string_view::npos) {
      return fail("invalid character in attribute name", name_at + bad);
    }
    path.attr = std::string(name);
    path.sub = std::string(sub);
  }

  if (pos < text.size() && text[pos] == '[') {
    if (!allow_filter) return fail("a value filter cannot be nested in another", pos);
    if (!path.sub.empty() || is_schema_urn(path.attr)) {
      return fail("a value filter must follow an attribute name", pos);
    }
    ++pos;
    auto filter = parse_value_filter_at(text, pos, nesting);
    if (!filter) return fail(filter.error, filter.offset);
    if (pos >= text.size() || text[pos] != ']') return fail("expected ']'", pos);
    ++pos;
    path.filter = std::make_shared<const Filter>(std::move(*filter.value));
    if (pos < text.size() && text[pos] == '.') {
      const std::size_t sub_at = ++pos;
      while (pos < text.size() && (is_name_char(text[pos]) || text[pos] == '$')) ++pos;
      const std::string_view sub = text.substr(sub_at, pos - sub_at);
      if (const auto bad = bad_name_at(sub, true); bad != std::string_view::npos) {
        return fail("expected a sub-attribute name after ']'", sub_at + bad);
      }
      path.sub = std::string(sub);
    }
  }
  path.text = std::string(text.substr(start, pos - start));
  Parsed<AttrPath> result;
  result.value = std::move(path);
  return result;
}

}  // namespace detail

Parsed<AttrPath> parse_path(std::string_view text) {
  std::size_t pos = 0;
  auto result = detail::parse_path_at(text, pos, true);
  if (result && pos != text.size()) {
    return fail("unexpected '" + std::string(1, text[pos]) + "' in path", pos);
  }
  return result;
}

std::vector<nlohmann::json> select(const nlohmann::json& resource, const AttrPath& path,
                                   ResourceKind kind) {
  std::vector<nlohmann::json> out;
  const nlohmann::json* container = &resource;
  if (const std::string urn = container_urn(path, kind); !urn.empty()) {
    container = find_member(resource, urn);
  }
  if (container == nullptr || !container->is_object()) return out;
  const nlohmann::json* value = find_member(*container, path.attr);
  if (value == nullptr || value->is_null()) return out;

  std::vector<const nlohmann::json*> elements;
  if (value->is_array()) {
    for (const auto& element : *value) {
      if (!element.is_null()) elements.push_back(&element);
    }
  } else {
    elements.push_back(value);
  }
  for (const nlohmann::json* element : elements) {
    if (path.filter && !matches_element(*path.filter, *element, kind, path)) continue;
    if (path.sub.empty()) {
      out.push_back(*element);
      continue;
    }
    if (!element->is_object()) continue;
    const nlohmann::json* sub = find_member(*element, path.sub);
    if (sub == nullptr || sub->is_null()) continue;
    if (sub->is_array()) {
      for (const auto& item : *sub) {
        if (!item.is_null()) out.push_back(item);
      }
    } else {
      out.push_back(*sub);
    }
  }
  return out;
}

void remove_selected(nlohmann::json& resource, const AttrPath& path, ResourceKind kind) {
  nlohmann::json* container = &resource;
  if (const std::string urn = container_urn(path, kind); !urn.empty())
    container = find_member(resource, urn);
  if (container == nullptr || !container->is_object()) return;
  nlohmann::json* value = find_member(*container, path.attr);
  if (value == nullptr) return;
  auto erase_member = [](nlohmann::json& object, std::string_view name) {
    for (auto it = object.begin(); it != object.end(); ++it) {
      if (iequals(it.key(), name)) {
        object.erase(it);
        return;
      }
    }
  };
  auto selected = [&](const nlohmann::json& element) {
    return !path.filter || matches_element(*path.filter, element, kind, path);
  };
  // A single value is one element, as select() sees it.
  if (!value->is_array()) {
    if (!selected(*value)) return;
    if (path.sub.empty())
      erase_member(*container, path.attr);
    else if (value->is_object())
      erase_member(*value, path.sub);
    return;
  }
  if (!path.filter && path.sub.empty()) {
    erase_member(*container, path.attr);
    return;
  }
  nlohmann::json kept = nlohmann::json::array();
  for (auto& element : *value) {
    const bool chosen = selected(element);
    if (chosen && path.sub.empty()) continue;
    if (chosen && element.is_object()) erase_member(element, path.sub);
    kept.push_back(std::move(element));
  }
  *value = std::move(kept);
}

const nlohmann::json* find_member(const nlohmann::json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  if (auto exact = object.find(name); exact != object.end()) return &*exact;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (iequals(it.key(), name)) return &it.value();
  }
  return nullptr;
}

nlohmann::json* find_member(nlohmann::json& object, std::string_view name) {
  return const_cast<nlohmann::json*>(find_member(std::as_const(object), name));
}

bool values_equal(const nlohmann::json& a, const nlohmann::json& b, bool case_exact,
                  bool lenient_booleans) {
  if (a.is_string() && b.is_string()) {
    const auto& x = a.get_ref<const std::string&>();
    const auto& y = b.get_ref<const std::string&>();
    return case_exact ? x == y : iequals(x, y);
  }
  if (a.is_number() && b.is_number()) return number_of(a) == number_of(b);
  if (a.is_boolean() && b.is_boolean()) return a.get<bool>() == b.get<bool>();
  if (lenient_booleans) {
    if (a.is_boolean() && b.is_string()) return string_boolean(b) == a.get<bool>();
    if (b.is_boolean() && a.is_string()) return string_boolean(a) == b.get<bool>();
  }
  if (a.is_null() && b.is_null()) return true;
  if (a.is_object() && b.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      const nlohmann::json* other = find_member(b, it.key());
      if (other == nullptr || !values_equal(it.value(), *other, case_exact, lenient_booleans)) {
        return false;
      }
    }
    return true;
  }
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!values_equal(a[i], b[i], case_exact, lenient_booleans)) return false;
    }
    return true;
  }
  return false;
}

}  // namespace scimcheck::scim
