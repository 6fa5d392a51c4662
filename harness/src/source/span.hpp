#pragma once
/// Where something came from in a source file, so every message can point back at it.
#include <string>

namespace scimcheck::source {

struct Span {
  std::string file;     ///< path as given on the command line or found by the loader
  int line = 0;         ///< 1-based; 0 when unknown
  int column = 0;       ///< 1-based, in characters (UTF-8 code points)
  std::string pointer;  ///< JSON Pointer of the value inside the file ("/cases/0/steps/1")
};

/// "file:line:col" of a span, the file alone when the line is unknown, "" when it has no file.
inline std::string location(const Span& span) {
  if (span.file.empty()) return "";
  if (span.line <= 0) return span.file;
  return span.file + ":" + std::to_string(span.line) + ":" + std::to_string(span.column);
}

}  // namespace scimcheck::source
