#include "app/option_checks.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "server/defects.hpp"

namespace scimcheck::app {
namespace {

std::string number_text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

/// A validator accepting finite numbers in [low, high], or (low, high] when low_open.
CLI::Validator finite_range(double low, double high, bool low_open, const std::string& rule,
                            const std::string& brief) {
  auto check = [=](std::string& input) -> std::string {
    double value = 0;
    if (!CLI::detail::lexical_cast(input, value) || !std::isfinite(value) ||
        (low_open ? value <= low : value < low) || value > high)
      return "must be " + rule + ", got \"" + input + "\"";
    return {};
  };
  return CLI::Validator(check, brief);
}

constexpr double kMax = std::numeric_limits<double>::max();

}  // namespace

CLI::Validator timeout_seconds() {
  const std::string max = number_text(kMaxTimeoutSeconds);
  return finite_range(0, kMaxTimeoutSeconds, true,
                      "a number of seconds above 0 and at most " + max, "(0, " + max + "]");
}

CLI::Validator positive_number() {
  return finite_range(0, kMax, true, "a finite number above 0", "POSITIVE");
}

CLI::Validator non_negative_number() {
  return finite_range(0, kMax, false, "a finite number, 0 or more", "NONNEGATIVE");
}

CLI::Validator number_between(double low, double high) {
  const std::string range = number_text(low) + " to " + number_text(high);
  return finite_range(low, high, false, "a number from " + range, "[" + range + "]");
}

CLI::Validator defect_name() {
  auto check = [](std::string& input) -> std::string {
    if (server::find_defect(input) != nullptr) return {};
    return "unknown defect \"" + input + "\" (`scimcheck serve --list-defects` lists them)";
  };
  return CLI::Validator(check, "DEFECT");
}

}  // namespace scimcheck::app
