#pragma once
/// Positions inside JSON text. nlohmann/json keeps no source positions, so a small scanner
/// walks the text once and records where each value (and each object key) starts, in a tree
/// looked up by JSON Pointer; diagnostics then point at line:column of the offending key or
/// value. Input files are hostile until proven otherwise: nesting depth, size and numbers are
/// bounded before anything walks the parsed value.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "source/diagnostic.hpp"

namespace scimcheck::source {

/// Deepest nesting of arrays and objects accepted in an input file (suites nest about 8).
inline constexpr int kMaxJsonDepth = 64;
/// Largest input file read (the shipped suites are under 64 KB).
inline constexpr std::size_t kMaxJsonFileBytes = 4 * 1024 * 1024;

struct LineCol {
  int line = 1;
  int column = 1;
};

/// 1-based line and column (in code points) of a byte offset.
LineCol line_col(std::string_view text, std::size_t offset);

/// Escapes one reference token of a JSON Pointer ('~' -> "~0", '/' -> "~1").
std::string pointer_token(std::string_view token);

/// Why text is not accepted: where (a byte offset) and what, for a diagnostic.
struct JsonProblem {
  std::size_t offset = 0;
  std::string message;  ///< "invalid JSON: ...", "number 1e999 is out of range", "nesting deeper than 64"
};

/// Parses JSON text, refusing nesting deeper than `max_depth` (the problem points at the
/// bracket that crosses it, before any value is built) and numbers a double cannot hold.
/// Never throws; nullopt with `problem` filled on refusal.
std::optional<nlohmann::json> parse_bounded(std::string_view text, JsonProblem* problem,
                                            int max_depth = kMaxJsonDepth);

class PositionIndex {
 public:
  PositionIndex() = default;
  /// Scans JSON text in one pass, without recursion, in time and memory linear in the text;
  /// text that is not valid JSON gives positions that may be wrong but never hangs.
  explicit PositionIndex(std::string_view text);

  /// Where the value at `pointer` starts; with key=true, where its member name starts (for
  /// object members). Falls back to the nearest ancestor that is known.
  LineCol locate(const std::string& pointer, bool key = false) const;
  /// Where the character at byte `offset` of the decoded string value (or member name, with
  /// key=true) at `pointer` is written, escapes accounted for; locate() when it is not a string.
  LineCol locate_in_string(const std::string& pointer, std::size_t offset, bool key = false) const;
  /// Object members whose name occurred before in the same object: pointer and offset.
  /// At most kMaxDuplicates are kept.
  const std::vector<std::pair<std::string, std::size_t>>& duplicates() const { return duplicates_; }

  static constexpr std::size_t kMaxDuplicates = 20;

 private:
  /// One value of the document: where it starts, where its member name starts (npos for
  /// the root and array elements), its parent, and its index in the parent array.
  struct Node {
    std::size_t value = std::string::npos;
    std::size_t key = std::string::npos;
    std::uint32_t parent = 0;
    std::uint32_t index = 0;
  };
  /// A child by its parent and its reference token (member name, or array index in decimal).
  struct ChildKey {
    std::uint32_t parent;
    std::string token;
    bool operator==(const ChildKey&) const = default;
  };
  struct ChildHash {
    std::size_t operator()(const ChildKey& k) const {
      return std::hash<std::string>()(k.token) * 31 + k.parent;
    }
  };

  std::vector<Node> nodes_;  ///< nodes_[0] is the root
  std::unordered_map<ChildKey, std::uint32_t, ChildHash> children_;
  std::vector<std::pair<std::string, std::size_t>> duplicates_;
  std::string text_;
  std::vector<std::size_t> line_starts_;  ///< byte offset of each line's first character
  /// Code points before each block of kBlock bytes: a column on a long line (a minified
  /// file is one line) is counted from the nearest block, not from the line's start.
  std::vector<std::size_t> block_code_points_;
  static constexpr std::size_t kBlock = 1024;

  std::size_t code_points_before(std::size_t offset) const;

  void scan();
  /// The child of `parent` named `token`, created when new; a member met twice is noted.
  std::uint32_t child(std::uint32_t parent, std::string token, std::size_t key_offset,
                      std::uint32_t index);
  std::string pointer_of(std::uint32_t node) const;
  LineCol at(std::size_t offset) const;
  /// The node at `pointer`, or its nearest known ancestor; `exact` tells which.
  std::uint32_t find(const std::string& pointer, bool* exact) const;
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

/// Reads and parses a JSON file. On failure (unreadable, larger than kMaxJsonFileBytes,
/// syntax error, number out of range, nesting deeper than kMaxJsonDepth, duplicate member)
/// appends an error with file:line:col and returns nullopt.
std::optional<JsonFile> read_json_file(const std::string& path, Diagnostics& diagnostics);
/// Reads and parses a JSON file that needs no position index (a saved result, a baseline),
/// with the bounds of parse_bounded; on failure nullopt and `error` as "file:line:col: what".
std::optional<nlohmann::json> read_json_value(const std::string& path, std::size_t max_bytes,
                                              std::string* error);
/// The same for text already in memory.
std::optional<JsonFile> parse_json_text(const std::string& path, std::string text,
                                        Diagnostics& diagnostics);

}  // namespace scimcheck::source
