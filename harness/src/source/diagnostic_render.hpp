#pragma once
/// Renders diagnostics for people:
///   suites/core/users.suite.json:12:7: error: unknown key "expct"
///      12 |       "expct": [
///         |       ^
///     hint: did you mean "expect"?
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "source/diagnostic.hpp"

namespace scimcheck::source {

/// Returns the text of a file by path ("" when unknown), so the source line can be quoted.
using TextLookup = std::function<std::string(const std::string& path)>;

std::string render(const Diagnostic& diagnostic, const TextLookup& lookup);
/// How many diagnostics render_all shows; the count that ends its text includes the rest.
inline constexpr int kMaxRendered = 100;

/// Every diagnostic, sorted by file, line and column, followed by "N error(s)" when any.
/// Long source lines are quoted as a window around the column.
std::string render_all(Diagnostics diagnostics, const TextLookup& lookup);

/// A TextLookup that reads files from disk (and caches them).
TextLookup file_lookup();

/// The candidate closest to `word` (Damerau-Levenshtein, case-insensitive) when it is close
/// enough to be a likely misspelling; "" otherwise.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);
/// "did you mean \"x\"?" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace scimcheck::source
