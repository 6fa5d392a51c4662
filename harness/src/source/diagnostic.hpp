#pragma once
/// Problems found in input files, rendered as `file:line:col: error: message`, the source
/// line, a caret under the column, and an optional hint.
#include <string>
#include <vector>

#include "source/span.hpp"

namespace scimcheck::source {

enum class Severity { error, warning };

struct Diagnostic {
  Severity severity = Severity::error;
  Span span;
  std::string message;
  std::string hint;  ///< e.g. "did you mean \"expect\"?"; empty for none
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics);

}  // namespace scimcheck::source
