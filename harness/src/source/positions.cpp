#include "source/positions.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

namespace scimcheck::source {
namespace {

/// Recursive scanner over text that is known to be valid JSON.
class Scanner {
 public:
  Scanner(std::string_view text, std::unordered_map<std::string, std::size_t>& values,
          std::unordered_map<std::string, std::size_t>& keys,
          std::vector<std::pair<std::string, std::size_t>>& duplicates)
      : text_(text), values_(values), keys_(keys), duplicates_(duplicates) {}

  void run() {
    skip_ws();
    value("");
  }

 private:
  void skip_ws() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  std::string string_token() {
    // pos_ at the opening quote; returns the decoded text (escapes kept simple: the decoded
    // form is only used as an object key, so \uXXXX is decoded through nlohmann).
    const std::size_t start = pos_;
    ++pos_;
    bool escaped = false;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        break;
      }
    }
    const std::string_view raw = text_.substr(start, pos_ - start);
    if (raw.find('\\') == std::string_view::npos) return std::string(raw.substr(1, raw.size() - 2));
    try {
      return nlohmann::json::parse(raw).get<std::string>();
    } catch (const std::exception&) {
      return std::string(raw.substr(1, raw.size() - 2));
    }
  }

  void value(const std::string& pointer) {
    if (depth_ > 512) return;
    values_.emplace(pointer, pos_);
    if (pos_ >= text_.size()) return;
    const char c = text_[pos_];
    if (c == '{') {
      ++pos_;
      ++depth_;
      skip_ws();
      while (pos_ < text_.size() && text_[pos_] != '}') {
        const std::size_t key_pos = pos_;
        const std::string key = string_token();
        const std::string child = pointer + "/" + pointer_token(key);
        if (!keys_.emplace(child, key_pos).second) duplicates_.push_back({child, key_pos});
        skip_ws();
        if (pos_ < text_.size() && text_[pos_] == ':') ++pos_;
        skip_ws();
        value(child);
        skip_ws();
        if (pos_ < text_.size() && text_[pos_] == ',') ++pos_;
        skip_ws();
      }
      if (pos_ < text_.size()) ++pos_;
      --depth_;
    } else if (c == '[') {
      ++pos_;
      ++depth_;
      skip_ws();
      std::size_t index = 0;
      while (pos_ < text_.size() && text_[pos_] != ']') {
        value(pointer + "/" + std::to_string(index++));
        skip_ws();
        if (pos_ < text_.size() && text_[pos_] == ',') ++pos_;
        skip_ws();
      }
      if (pos_ < text_.size()) ++pos_;
      --depth_;
    } else if (c == '"') {
      string_token();
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' &&
             text_[pos_] != ']' && text_[pos_] != ' ' && text_[pos_] != '\n' &&
             text_[pos_] != '\r' && text_[pos_] != '\t')
        ++pos_;
    }
  }

  std::string_view text_;
  std::unordered_map<std::string, std::size_t>& values_;
  std::unordered_map<std::string, std::size_t>& keys_;
  std::vector<std::pair<std::string, std::size_t>>& duplicates_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

LineCol line_col(std::string_view text, std::size_t offset) {
  LineCol lc;
  offset = std::min(offset, text.size());
  for (std::size_t i = 0; i < offset; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++lc.line;
      lc.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++lc.column;  // count code points, not continuation bytes
    }
  }
  return lc;
}

std::string pointer_token(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

PositionIndex::PositionIndex(std::string_view text) : text_(text) {
  Scanner(text_, values_, keys_, duplicates_).run();
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

LineCol PositionIndex::at(std::size_t offset) const {
  // The line by binary search, then the column within it: a file's checks are located by the
  // hundred, and scanning from the top each time made loading quadratic.
  offset = std::min(offset, text_.size());
  const auto line = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - 1;
  LineCol lc = line_col(std::string_view(text_).substr(*line, offset - *line), offset - *line);
  lc.line = static_cast<int>(line - line_starts_.begin()) + 1;
  return lc;
}

LineCol PositionIndex::locate(const std::string& pointer, bool key) const {
  std::string p = pointer;
  bool want_key = key;
  while (true) {
    const auto& map = want_key ? keys_ : values_;
    if (auto it = map.find(p); it != map.end()) return at(it->second);
    if (want_key) {
      want_key = false;
      continue;
    }
    if (p.empty()) return {};
    p = p.substr(0, p.rfind('/'));
  }
}

namespace {

unsigned hex4(std::string_view s) {
  unsigned v = 0;
  for (char c : s.substr(0, 4)) {
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
  }
  return v;
}

}  // namespace

LineCol PositionIndex::locate_in_string(const std::string& pointer, std::size_t decoded,
                                        bool key) const {
  const auto& map = key ? keys_ : values_;
  const auto it = map.find(pointer);
  if (it == map.end() || it->second >= text_.size() || text_[it->second] != '"')
    return locate(pointer, key);
  // Walk the raw text from the opening quote, counting the bytes the string decodes to: an
  // escaped quote is two characters in the file and one in the string; a Unicode escape is
  // six (twelve for a surrogate pair) for the code point's UTF-8 bytes.
  const std::string_view text(text_);
  std::size_t pos = it->second + 1, seen = 0;
  while (seen < decoded && pos < text.size() && text[pos] != '"') {
    if (text[pos] != '\\') {
      ++pos;
      ++seen;
    } else if (pos + 5 < text.size() && text[pos + 1] == 'u') {
      unsigned cp = hex4(text.substr(pos + 2));
      pos += 6;
      if (cp >= 0xD800 && cp < 0xDC00 && pos + 5 < text.size() && text[pos] == '\\' &&
          text[pos + 1] == 'u') {
        pos += 6;
        cp = 0x10000;  // any code point beyond the BMP: four bytes
      }
      seen += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    } else {
      pos += 2;
      ++seen;
    }
  }
  return at(pos);
}

Span JsonFile::span(const std::string& pointer, bool key) const {
  const LineCol lc = index.locate(pointer, key);
  return Span{path, lc.line, lc.column, pointer};
}

Span JsonFile::span_in_string(const std::string& pointer, std::size_t offset, bool key) const {
  const LineCol lc = index.locate_in_string(pointer, offset, key);
  return Span{path, lc.line, lc.column, pointer};
}

namespace {

/// nlohmann's parse_error text without its "[json.exception...] parse error at line x,
/// column y: " prefix.
std::string clean_parse_message(const std::string& what) {
  static const std::regex prefix(R"(^\[json\.exception\.[a-z_]+\.\d+\] (parse error( at line \d+, column \d+)?: )?)");
  std::string msg = std::regex_replace(what, prefix, "");
  if (msg.empty()) msg = "invalid JSON";
  return msg;
}

}  // namespace

std::optional<JsonFile> parse_json_text(const std::string& path, std::string text,
                                        Diagnostics& diagnostics) {
  JsonFile file;
  file.path = path;
  file.text = std::move(text);
  try {
    file.json = nlohmann::json::parse(file.text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    const LineCol lc = line_col(file.text, offset);
    diagnostics.push_back({Severity::error, Span{path, lc.line, lc.column, ""},
                           "invalid JSON: " + clean_parse_message(e.what()), ""});
    return std::nullopt;
  }
  file.index = PositionIndex(file.text);
  bool duplicated = false;
  for (const auto& [pointer, offset] : file.index.duplicates()) {
    const LineCol lc = line_col(file.text, offset);
    const std::string name = pointer.substr(pointer.rfind('/') + 1);
    diagnostics.push_back({Severity::error, Span{path, lc.line, lc.column, pointer},
                           "duplicate key \"" + name + "\" (JSON keeps only the last one)", ""});
    duplicated = true;
  }
  if (duplicated) return std::nullopt;
  return file;
}

std::optional<JsonFile> read_json_file(const std::string& path, Diagnostics& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.push_back({Severity::error, Span{path, 0, 0, ""}, "cannot read the file", ""});
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_json_text(path, text.str(), diagnostics);
}

}  // namespace scimcheck::source
