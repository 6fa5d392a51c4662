#pragma once
/// Small readers shared by the importers: untrusted JSON read without throwing.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>

namespace scimcheck::mapping {

/// The string member `key` of `object`, or "" when it is absent or not a string.
inline std::string text(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

inline std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// Letters and digits of `name` (at most 40), as a readable prefix of a generated value.
inline std::string word_of(const std::string& name) {
  std::string word;
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c)) && word.size() < 40) word += c;
  return word.empty() ? std::string("value") : word;
}

}  // namespace scimcheck::mapping
