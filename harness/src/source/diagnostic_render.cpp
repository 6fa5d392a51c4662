#include "source/diagnostic_render.hpp"
#include "source/strings.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

namespace scimcheck::source {
namespace {

std::string line_of(const std::string& text, int line) {
  int current = 1;
  std::size_t start = 0;
  while (current < line) {
    const std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) return {};
    start = nl + 1;
    ++current;
  }
  std::size_t end = text.find('\n', start);
  if (end == std::string::npos) end = text.size();
  std::string out = text.substr(start, end - start);
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return out;
}

/// Byte length of the first `columns - 1` code points, so the caret lands under the column
/// even after multi-byte characters; tabs are kept so terminals align them the same way.
std::string caret_prefix(const std::string& line, int column) {
  std::string prefix;
  int col = 1;
  for (std::size_t i = 0; i < line.size() && col < column; ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    prefix += (c == '\t') ? '\t' : ' ';
    ++col;
  }
  return prefix;
}

/// A long line (a minified file) is quoted as a window of about 160 bytes around the
/// column; `column` is moved to where the caret goes in what is returned.
std::string quoted_window(const std::string& line, int& column) {
  constexpr std::size_t kMaxQuoted = 200, kBefore = 80, kWidth = 160;
  if (line.size() <= kMaxQuoted) return line;
  auto continuation = [&](std::size_t i) {
    return i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80;
  };
  std::size_t at = 0;  // byte offset of the column
  for (int col = 1; at < line.size() && col < column; ++col)
    do ++at; while (continuation(at));
  std::size_t start = at > kBefore ? at - kBefore : 0;
  while (continuation(start)) ++start;
  std::size_t end = std::min(line.size(), start + kWidth);
  while (end > start && continuation(end)) --end;
  std::string out = start > 0 ? "..." : "";
  int caret = start > 0 ? 4 : 1;
  for (std::size_t i = start; i < at; ++i)
    if (!continuation(i)) ++caret;
  column = caret;
  out += line.substr(start, end - start);
  if (end < line.size()) out += "...";
  return out;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

}  // namespace

std::string render(const Diagnostic& d, const TextLookup& lookup) {
  std::ostringstream out;
  out << location(d.span) << ": " << (d.severity == Severity::error ? "error" : "warning") << ": " << d.message
      << "\n";
  if (d.span.line > 0 && lookup) {
    const std::string text = lookup(d.span.file);
    int column = d.span.column;
    const std::string line = quoted_window(line_of(text, d.span.line), column);
    if (!text.empty()) {
      const std::string number = std::to_string(d.span.line);
      const std::string gutter(number.size(), ' ');
      out << " " << number << " | " << line << "\n";
      out << " " << gutter << " | " << caret_prefix(line, column) << "^\n";
    }
  }
  if (!d.hint.empty()) out << "  hint: " << d.hint << "\n";
  return out.str();
}

std::string render_all(Diagnostics diagnostics, const TextLookup& lookup) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const auto& a, const auto& b) {
    return std::tie(a.span.file, a.span.line, a.span.column) <
           std::tie(b.span.file, b.span.line, b.span.column);
  });
  std::string out;
  int errors = 0, warnings = 0;
  for (const auto& d : diagnostics) {
    if (errors + warnings < kMaxRendered) out += render(d, lookup);
    (d.severity == Severity::error ? errors : warnings)++;
  }
  if (errors + warnings > kMaxRendered)
    out += "... and " + std::to_string(errors + warnings - kMaxRendered) + " more not shown\n";
  if (errors > 0 || warnings > 0) {
    out += std::to_string(errors) + (errors == 1 ? " error" : " errors");
    if (warnings > 0) out += ", " + std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings");
    out += "\n";
  }
  return out;
}

TextLookup file_lookup() {
  auto cache = std::make_shared<std::map<std::string, std::string>>();
  auto mutex = std::make_shared<std::mutex>();
  return [cache, mutex](const std::string& path) {
    std::lock_guard lock(*mutex);
    if (auto it = cache->find(path); it != cache->end()) return it->second;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    return (*cache)[path] = text.str();
  };
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  constexpr std::size_t kMaxWord = 64;  // no misspelt name is longer; keeps the table small
  if (word.size() > kMaxWord) return {};
  const std::string w = fold_case(word);
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(w, fold_case(c));
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  // Close enough: at most a third of the word's length (and at least one edit allowed).
  const std::size_t limit = std::max<std::size_t>(1, (w.size() + 2) / 3);
  if (best.empty() || best == word || best_distance > limit) return {};
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string c = closest(word, candidates);
  return c.empty() ? std::string() : "did you mean \"" + c + "\"?";
}

}  // namespace scimcheck::source
