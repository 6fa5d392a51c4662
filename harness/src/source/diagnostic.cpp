#include "source/diagnostic.hpp"

#include <algorithm>

namespace scimcheck::source {

bool has_errors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

}  // namespace scimcheck::source
