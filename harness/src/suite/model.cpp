#include "suite/model.hpp"

#include <algorithm>

namespace scimcheck::suite {

const char* to_string(Level level) {
  switch (level) {
    case Level::must: return "MUST";
    case Level::should: return "SHOULD";
    case Level::entra: return "ENTRA";
  }
  return "MUST";
}

const char* to_string(EntraMode mode) {
  switch (mode) {
    case EntraMode::any: return "any";
    case EntraMode::flag_off: return "flag-off";
    case EntraMode::flag_on: return "flag-on";
  }
  return "any";
}

bool Profile::has_capability(const std::string& name) const {
  return std::find(capabilities.begin(), capabilities.end(), name) != capabilities.end();
}

}  // namespace scimcheck::suite
