#pragma once
/// One flat pass over JSON text that measures how deep its arrays and objects nest and how
/// many values it holds, without building anything: the guard every parse of untrusted or
/// user-written JSON runs first, so that nothing recursive ever meets a hostile depth.
#include <cstddef>
#include <limits>
#include <optional>
#include <string_view>

namespace scimcheck::source {

struct JsonExtent {
  /// Offset of the bracket that opens level max_depth + 1 (the scan stops there).
  std::optional<std::size_t> too_deep_at;
  /// Whether more than max_values values (opening brackets and commas) were seen (the scan
  /// stops there).
  bool too_many_values = false;
};

/// Brackets inside strings (escapes included) do not count. Linear and allocation-free; it
/// does not check that the text is JSON.
JsonExtent measure_json(std::string_view text, std::size_t max_depth,
                        std::size_t max_values = std::numeric_limits<std::size_t>::max());

/// Offset of the bracket that opens level max_depth + 1; nullopt when the text stays within.
inline std::optional<std::size_t> nesting_exceeded_at(std::string_view text,
                                                      std::size_t max_depth) {
  return measure_json(text, max_depth).too_deep_at;
}

}  // namespace scimcheck::source
