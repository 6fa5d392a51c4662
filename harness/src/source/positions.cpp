#include "source/positions.hpp"

#include "source/json_depth.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace scimcheck::source {
namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void skip_ws(std::string_view text, std::size_t& pos) {
  while (pos < text.size() && is_ws(text[pos])) ++pos;
}

/// At the opening quote: moves past the string (at least one byte) and returns its decoded
/// text (escapes decoded through nlohmann; the raw text when they do not decode).
std::string string_token(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos++;
  bool escaped = false, any_escape = false;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (escaped) {
      escaped = false;
    } else if (c == '\\') {
      escaped = any_escape = true;
    } else if (c == '"') {
      break;
    }
  }
  const std::string_view raw = text.substr(start, pos - start);
  const std::string_view inner = raw.size() >= 2 ? raw.substr(1, raw.size() - 2) : raw.substr(1);
  if (!any_escape) return std::string(inner);
  try {
    return nlohmann::json::parse(raw).get<std::string>();
  } catch (const std::exception&) {
    return std::string(inner);
  }
}

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
  scan();
  line_starts_.push_back(0);
  std::size_t code_points = 0;
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (i % kBlock == 0) block_code_points_.push_back(code_points);
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++code_points;
  }
  block_code_points_.push_back(code_points);
}

std::size_t PositionIndex::code_points_before(std::size_t offset) const {
  const std::size_t block = offset / kBlock;
  std::size_t count = block_code_points_[block];
  for (std::size_t i = block * kBlock; i < offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++count;
  return count;
}

std::uint32_t PositionIndex::child(std::uint32_t parent, std::string token,
                                   std::size_t key_offset, std::uint32_t index) {
  const auto next = static_cast<std::uint32_t>(nodes_.size());
  const auto [it, fresh] = children_.try_emplace(ChildKey{parent, std::move(token)}, next);
  if (fresh) {
    nodes_.push_back(Node{std::string::npos, key_offset, parent, index});
  } else if (key_offset != std::string::npos && duplicates_.size() < kMaxDuplicates) {
    duplicates_.push_back({pointer_of(it->second), key_offset});
  }
  return it->second;
}

// One loop over the text with an explicit stack of open containers: every turn moves at
// least one byte forward, whatever the text holds.
void PositionIndex::scan() {
  struct Open {
    std::uint32_t node;
    bool object;
    std::uint32_t next_index;
  };
  const std::string_view text(text_);
  std::size_t pos = 0;
  std::vector<Open> open;
  nodes_.assign(1, Node{});
  auto start_value = [&](std::uint32_t node) {
    if (nodes_[node].value == std::string::npos) nodes_[node].value = pos;
    if (pos >= text.size()) return;
    const char c = text[pos];
    if (c == '{' || c == '[') {
      open.push_back({node, c == '{', 0});
      ++pos;
    } else if (c == '"') {
      string_token(text, pos);
    } else {
      const std::size_t begin = pos;
      while (pos < text.size() && !is_ws(text[pos]) && text[pos] != ',' && text[pos] != '}' &&
             text[pos] != ']')
        ++pos;
      if (pos == begin) ++pos;
    }
  };
  skip_ws(text, pos);
  start_value(0);
  while (!open.empty()) {
    skip_ws(text, pos);
    if (pos >= text.size()) break;
    const char c = text[pos];
    Open& top = open.back();
    if (c == (top.object ? '}' : ']')) {
      open.pop_back();
      ++pos;
    } else if (c == ',') {
      ++pos;
    } else if (top.object) {
      if (c != '"') {
        ++pos;  // not JSON: skip the byte
        continue;
      }
      const std::size_t key_pos = pos;
      std::string key = string_token(text, pos);
      skip_ws(text, pos);
      if (pos < text.size() && text[pos] == ':') ++pos;
      skip_ws(text, pos);
      const std::uint32_t node = top.node;
      start_value(child(node, std::move(key), key_pos, 0));
    } else {
      const std::uint32_t index = top.next_index++;
      start_value(child(top.node, std::to_string(index), std::string::npos, index));
    }
  }
}

std::string PositionIndex::pointer_of(std::uint32_t node) const {
  std::vector<std::string> tokens;
  for (std::uint32_t n = node; n != 0; n = nodes_[n].parent) {
    if (nodes_[n].key != std::string::npos) {
      std::size_t pos = nodes_[n].key;
      tokens.push_back(pointer_token(string_token(text_, pos)));
    } else {
      tokens.push_back(std::to_string(nodes_[n].index));
    }
  }
  std::string pointer;
  for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) pointer += "/" + *it;
  return pointer;
}

std::uint32_t PositionIndex::find(const std::string& pointer, bool* exact) const {
  *exact = false;
  if (nodes_.empty()) return 0;
  std::uint32_t node = 0;
  std::size_t pos = 0;
  while (pos < pointer.size()) {
    if (pointer[pos] != '/') return node;
    std::size_t end = pointer.find('/', pos + 1);
    if (end == std::string::npos) end = pointer.size();
    std::string token;
    for (std::size_t i = pos + 1; i < end; ++i) {
      if (pointer[i] == '~' && i + 1 < end && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
        token += pointer[++i] == '0' ? '~' : '/';
      } else {
        token += pointer[i];
      }
    }
    const auto it = children_.find(ChildKey{node, std::move(token)});
    if (it == children_.end()) return node;
    node = it->second;
    pos = end;
  }
  *exact = true;
  return node;
}

LineCol PositionIndex::at(std::size_t offset) const {
  // The line by binary search, the column from the code points counted per block: a file's
  // checks are located by the hundred, and counting from the top (or from the start of a
  // long line) each time made loading quadratic.
  offset = std::min(offset, text_.size());
  if (block_code_points_.empty()) return {};
  const auto line = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - 1;
  LineCol lc;
  lc.line = static_cast<int>(line - line_starts_.begin()) + 1;
  lc.column = static_cast<int>(code_points_before(offset) - code_points_before(*line)) + 1;
  return lc;
}

LineCol PositionIndex::locate(const std::string& pointer, bool key) const {
  bool exact = false;
  const std::uint32_t node = find(pointer, &exact);
  if (nodes_.empty()) return {};
  if (exact && key && nodes_[node].key != std::string::npos) return at(nodes_[node].key);
  return nodes_[node].value == std::string::npos ? LineCol{} : at(nodes_[node].value);
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
  bool exact = false;
  const std::uint32_t node = find(pointer, &exact);
  const std::size_t start = exact ? (key ? nodes_[node].key : nodes_[node].value) : std::string::npos;
  if (start >= text_.size() || text_[start] != '"') return locate(pointer, key);
  // Walk the raw text from the opening quote, counting the bytes the string decodes to: an
  // escaped quote is two characters in the file and one in the string; a Unicode escape is
  // six (twelve for a surrogate pair) for the code point's UTF-8 bytes.
  const std::string_view text(text_);
  std::size_t pos = start + 1, seen = 0;
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

/// nlohmann's exception text without its "[json.exception.parse_error.101] parse error at
/// line x, column y: " prefix, and clipped: the token it quotes can be the whole file.
std::string clean_parse_message(std::string_view what) {
  if (what.rfind("[json.exception.", 0) == 0) {
    if (const auto end = what.find("] "); end != std::string_view::npos) what.remove_prefix(end + 2);
  }
  if (what.rfind("parse error", 0) == 0) {
    if (const auto colon = what.find(": "); colon != std::string_view::npos) what.remove_prefix(colon + 2);
  }
  constexpr std::size_t kMaxMessage = 200;
  std::string msg(what.substr(0, kMaxMessage));
  if (what.size() > kMaxMessage) msg += "...";
  if (msg.empty()) msg = "invalid JSON";
  return msg;
}

std::string clip(std::string_view text, std::size_t max) {
  return text.size() <= max ? std::string(text) : std::string(text.substr(0, max)) + "...";
}

/// Checks what nlohmann accepts without building anything: nesting depth, and the first
/// error with its position (numbers that overflow a double are errors, not exceptions).
class Checker : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit Checker(int max_depth) : max_depth_(max_depth) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool key(string_t&) override { return true; }
  bool start_object(std::size_t) override { return enter(); }
  bool end_object() override { return leave(); }
  bool start_array(std::size_t) override { return enter(); }
  bool end_array() override { return leave(); }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) override {
    failed_ = true;
    if (ex.id == 406) {  // out_of_range: a number beyond a double, after its last character
      problem_.offset = position >= last_token.size() ? position - last_token.size() : 0;
      problem_.message = "number " + clip(last_token, 40) + " is out of range";
    } else {  // position is 1-based: the offending character
      problem_.offset = position > 0 ? position - 1 : 0;
      problem_.message = "invalid JSON: " + clean_parse_message(ex.what());
    }
    return false;
  }

  bool too_deep() const { return too_deep_; }
  bool failed() const { return failed_; }
  const JsonProblem& problem() const { return problem_; }

 private:
  bool enter() {
    if (++depth_ <= max_depth_) return true;
    too_deep_ = true;
    return false;
  }
  bool leave() {
    --depth_;
    return true;
  }

  int max_depth_;
  int depth_ = 0;
  bool too_deep_ = false;
  bool failed_ = false;
  JsonProblem problem_;
};

/// The byte offset of the bracket that opens level max_depth + 1.
std::size_t deep_bracket(std::string_view text, int max_depth) {
  return nesting_exceeded_at(text, static_cast<std::size_t>(max_depth)).value_or(0);
}

}  // namespace

std::optional<nlohmann::json> parse_bounded(std::string_view text, JsonProblem* problem,
                                            int max_depth) {
  Checker checker(max_depth);
  nlohmann::json::sax_parse(text, &checker);
  if (checker.too_deep()) {
    *problem = {deep_bracket(text, max_depth), "nesting deeper than " + std::to_string(max_depth)};
    return std::nullopt;
  }
  if (checker.failed()) {
    *problem = checker.problem();
    return std::nullopt;
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // not expected after the check
    *problem = {0, "invalid JSON: " + clean_parse_message(e.what())};
    return std::nullopt;
  }
}

std::optional<JsonFile> parse_json_text(const std::string& path, std::string text,
                                        Diagnostics& diagnostics) {
  JsonFile file;
  file.path = path;
  file.text = std::move(text);
  JsonProblem problem;
  auto json = parse_bounded(file.text, &problem);
  if (!json) {
    const LineCol lc = line_col(file.text, problem.offset);
    diagnostics.push_back({Severity::error, Span{path, lc.line, lc.column, ""}, problem.message, ""});
    return std::nullopt;
  }
  file.json = std::move(*json);
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

namespace {

/// At most `max_bytes` of the file; false when it cannot be read or is larger.
bool read_capped(const std::string& path, std::size_t max_bytes, std::string* text,
                 std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read the file";
    return false;
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  text->assign(std::min<std::uintmax_t>(ec ? 0 : size, max_bytes) + 1, '\0');
  std::size_t got = 0;
  while (in && got <= max_bytes) {
    if (got == text->size()) text->resize(std::min(text->size() * 2, max_bytes + 1));
    in.read(text->data() + got, static_cast<std::streamsize>(text->size() - got));
    got += static_cast<std::size_t>(in.gcount());
  }
  text->resize(got);
  if (got > max_bytes) {
    *error = "the file is larger than " + std::to_string(max_bytes >> 20) + " MB";
    return false;
  }
  return true;
}

}  // namespace

std::optional<JsonFile> read_json_file(const std::string& path, Diagnostics& diagnostics) {
  std::string text, error;
  if (!read_capped(path, kMaxJsonFileBytes, &text, &error)) {
    diagnostics.push_back({Severity::error, Span{path, 0, 0, ""}, error, ""});
    return std::nullopt;
  }
  return parse_json_text(path, std::move(text), diagnostics);
}

std::optional<nlohmann::json> read_json_value(const std::string& path, std::size_t max_bytes,
                                              std::string* error) {
  std::string text;
  if (!read_capped(path, max_bytes, &text, error)) {
    *error = path + ": " + *error;
    return std::nullopt;
  }
  JsonProblem problem;
  auto json = parse_bounded(text, &problem);
  if (!json) {
    const LineCol lc = line_col(text, problem.offset);
    *error = path + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " +
             problem.message;
  }
  return json;
}

}  // namespace scimcheck::source
