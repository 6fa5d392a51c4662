#include "suite/model.hpp"

#include <algorithm>

namespace scimcheck::suite {

const char* to_string(Level level) {
  switch (level) {
    case Level::must: return "MUST";
    case Level::should: return "SHOULD";
    case Level::may: return "MAY";
  }
  return "MUST";
}

const char* to_string(Impact impact) {
  switch (impact) {
    case Impact::entra: return "entra";
    case Impact::gallery: return "gallery";
    case Impact::rfc: return "rfc";
    case Impact::app: return "app";
  }
  return "entra";
}

std::optional<Level> parse_level(std::string_view text) {
  for (Level l : {Level::must, Level::should, Level::may})
    if (text == to_string(l)) return l;
  return std::nullopt;
}

std::optional<Impact> parse_impact(std::string_view text) {
  for (Impact i : {Impact::entra, Impact::gallery, Impact::rfc, Impact::app})
    if (text == to_string(i)) return i;
  return std::nullopt;
}

const char* to_string(EntraMode mode) {
  switch (mode) {
    case EntraMode::any: return "any";
    case EntraMode::flag_off: return "flag-off";
    case EntraMode::flag_on: return "flag-on";
    case EntraMode::both: return "both";
  }
  return "any";
}

std::optional<EntraMode> parse_entra_mode(std::string_view text) {
  for (EntraMode m : {EntraMode::any, EntraMode::flag_off, EntraMode::flag_on, EntraMode::both})
    if (text == to_string(m)) return m;
  return std::nullopt;
}

bool Profile::has_capability(const std::string& name) const {
  return std::find(capabilities.begin(), capabilities.end(), name) != capabilities.end();
}

}  // namespace scimcheck::suite
