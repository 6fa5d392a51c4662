#pragma once
/// What the importers share: small readers of untrusted JSON that never throw, and the parts
/// every profile they write has.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "source/strings.hpp"

namespace scimcheck::mapping {

/// The string member `key` of `object`, or "" when it is absent or not a string.
inline std::string text(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

using source::fold_case;

/// Letters and digits of `name` (at most 40), as a readable prefix of a generated value.
inline std::string word_of(const std::string& name) {
  std::string word;
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c)) && word.size() < 40) word += c;
  return word.empty() ? std::string("value") : word;
}

/// The capabilities every written profile starts from: users created, updated and removed.
inline nlohmann::json base_capabilities() {
  return {"connection", "users", "create-users", "remove-users", "sync-attributes"};
}

/// Fills what every written profile shares: `source` (how it was made, and the notes on what
/// it does not follow), its capabilities, bearer auth, the `domain` variable its generated
/// e-mail addresses use, and the core suites.
inline void complete_profile(nlohmann::json& profile, const std::string& fact,
                             const std::vector<std::string>& notes,
                             const nlohmann::json& capabilities) {
  profile["source"] = {{"facts", {fact}}, {"notes", notes}};
  profile["capabilities"] = capabilities;
  profile["auth"] = {{"type", "bearer"}};
  profile["variables"] = {
      {"domain",
       {{"description", "E-mail domain of the test users the run creates."},
        {"default", "example.com"}}}};
  profile["suites"] = {"core/*.suite.json"};
}

}  // namespace scimcheck::mapping
