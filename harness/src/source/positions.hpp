#pragma once
/// Positions inside JSON text. nlohmann/json keeps no source positions, so a small scanner
/// walks the text once and records where each value (and each object key) starts, by JSON
/// Pointer; diagnostics then point at line:column of the offending key or value.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "source/diagnostic.hpp"

namespace scimcheck::source {

struct LineCol {
  int line = 1;
  int column = 1;
};

/// 1-based line and column (in code points) of a byte offset.
LineCol line_col(std::string_view text, std::size_t offset);

/// Escapes one reference token of a JSON Pointer ('~' -> "~0", '/' -> "~1").
std::string pointer_token(std::string_view token);

class PositionIndex {
 public:
  PositionIndex() = default;
  /// Scans well-formed JSON text (as accepted by nlohmann::json::parse).
  explicit PositionIndex(std::string_view text);

  /// Where the value at `pointer` starts; with key=true, where its member name starts (for
  /// object members). Falls back to the nearest ancestor that is known.
  LineCol locate(const std::string& pointer, bool key = false) const;
  /// Where the character at byte `offset` of the decoded string value (or member name, with
  /// key=true) at `pointer` is written, escapes accounted for; locate() when it is not a string.
  LineCol locate_in_string(const std::string& pointer, std::size_t offset, bool key = false) const;
  /// Object members whose name occurred before in the same object: pointer and offset.
  const std::vector<std::pair<std::string, std::size_t>>& duplicates() const { return duplicates_; }

 private:
  std::unordered_map<std::string, std::size_t> values_;
  std::unordered_map<std::string, std::size_t> keys_;
  std::vector<std::pair<std::string, std::size_t>> duplicates_;
  std::string text_;
  std::vector<std::size_t> line_starts_;  ///< byte offset of each line's first character

  LineCol at(std::size_t offset) const;
};

/// A file read and parsed, with its position index.
struct JsonFile {
  std::string path;
  std::string text;
  nlohmann::json json;
  PositionIndex index;

  Span span(const std::string& pointer, bool key = false) const;
  /// The span of one character inside a string value or member name (see locate_in_string).
  Span span_in_string(const std::string& pointer, std::size_t offset, bool key = false) const;
};

/// Reads and parses a JSON file. On failure (unreadable, syntax error, duplicate member)
/// appends an error with file:line:col and returns nullopt.
std::optional<JsonFile> read_json_file(const std::string& path, Diagnostics& diagnostics);
/// The same for text already in memory.
std::optional<JsonFile> parse_json_text(const std::string& path, std::string text,
                                        Diagnostics& diagnostics);

}  // namespace scimcheck::source
