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

}  // namespace scimcheck::source
