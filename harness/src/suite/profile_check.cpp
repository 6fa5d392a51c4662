#include "suite/profile_check.hpp"

#include <algorithm>

#include "source/positions.hpp"
#include "source/diagnostic_render.hpp"

namespace scimcheck::suite {
namespace {

void add_strings(const Json& value, std::set<std::string>& out) {
  if (value.is_string()) out.insert(value.get<std::string>());
  if (value.is_array())
    for (const auto& v : value)
      if (v.is_string()) out.insert(v.get<std::string>());
}

}  // namespace

const std::vector<std::string>& harness_capabilities() {
  static const std::vector<std::string> names{"entra-rules", "oauth", "rfc-only"};
  return names;
}

std::set<std::string> suite_capabilities(const std::vector<Suite>& suites) {
  std::set<std::string> names;
  for (const auto& s : suites) {
    names.insert(s.requires_.begin(), s.requires_.end());
    for (const auto& c : s.cases) {
      names.insert(c.requires_.begin(), c.requires_.end());
      if (!c.capability.empty()) names.insert(c.capability);
    }
  }
  return names;
}

std::set<std::string> shipped_capabilities(const std::filesystem::path& root) {
  std::set<std::string> names;
  for (const char* dir : {"suites/core", "suites/apps"}) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(root / dir, ec)) {
      if (e.path().extension() != ".json") continue;
      std::string error;
      const auto json = source::read_json_value(e.path().string(), source::kMaxJsonFileBytes, &error);
      if (!json || !json->is_object()) continue;
      add_strings(json->value("requires", Json()), names);
      const Json cases = json->value("cases", Json::array());
      if (!cases.is_array()) continue;
      for (const auto& c : cases) {
        if (!c.is_object()) continue;
        add_strings(c.value("requires", Json()), names);
        add_strings(c.value("capability", Json()), names);
      }
    }
  }
  return names;
}

void check_capabilities(const Profile& profile, const std::set<std::string>& known,
                        source::Diagnostics& diagnostics) {
  std::vector<std::string> all(known.begin(), known.end());
  for (const auto& h : harness_capabilities())
    if (!known.count(h)) all.push_back(h);
  for (std::size_t i = 0; i < profile.capabilities.size(); ++i) {
    const std::string& name = profile.capabilities[i];
    if (std::find(all.begin(), all.end(), name) != all.end()) continue;
    const bool listed = i < profile.capability_spans.size();
    diagnostics.push_back({source::Severity::error, listed ? profile.capability_spans[i] : profile.span,
                           "unknown capability \"" + name + "\"" + (listed ? "" : " (from --capability)") +
                               ": no suite requires or proves it, so it would change nothing",
                           source::did_you_mean(name, all)});
  }
}

}  // namespace scimcheck::suite
