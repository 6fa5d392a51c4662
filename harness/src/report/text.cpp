#include "report/text.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>

#include "http/json_body.hpp"

namespace scimcheck::report {

namespace {

/// Bodies larger than this are shown as sent, not indented: indenting multiplies the size of
/// a deeply nested body by its depth.
constexpr std::size_t kMaxIndentedBody = 64u << 10;

/// One character of UTF-8 text: its code point and length, or length 0 where the bytes are
/// not well-formed UTF-8 (overlong forms and surrogates included).
struct Char {
  std::uint32_t cp = 0;
  std::size_t length = 0;
};

Char decode(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  std::uint32_t cp = 0;
  if ((lead & 0xE0) == 0xC0)
    length = 2, cp = lead & 0x1F;
  else if ((lead & 0xF0) == 0xE0)
    length = 3, cp = lead & 0x0F;
  else if ((lead & 0xF8) == 0xF0)
    length = 4, cp = lead & 0x07;
  else
    return {};
  if (i + length > text.size()) return {};
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  const std::uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < minimum[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, length};
}

/// The text with every byte of a malformed sequence, and every byte of a character `keep`
/// refuses, written as "\xNN".
template <class Keep>
std::string escape_unless(std::string_view text, Keep keep) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const Char c = decode(text, i);
    const bool kept = c.length > 0 && keep(c.cp);
    const std::size_t n = c.length > 0 ? c.length : 1;
    if (kept) {
      out.append(text, i, n);
    } else {
      for (std::size_t k = i; k < i + n; ++k) {
        const auto b = static_cast<unsigned char>(text[k]);
        out += "\\x";
        out += hex[b >> 4];
        out += hex[b & 0xF];
      }
    }
    i += n;
  }
  return out;
}

}  // namespace

std::string safe_text(std::string_view text) {
  return escape_unless(text, [](std::uint32_t cp) {
    if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\r';
    return cp != 0xFFFE && cp != 0xFFFF;
  });
}

std::string utf8_text(std::string_view text) {
  return escape_unless(text, [](std::uint32_t) { return true; });
}

std::string terminal_text(std::string_view text) {
  return escape_unless(text,
                       [](std::uint32_t cp) { return cp >= 0x20 && !(cp >= 0x7F && cp <= 0x9F); });
}

std::string show_body(const std::string& body, std::size_t limit, std::size_t received) {
  std::string text = body;
  if (body.size() <= kMaxIndentedBody) {
    const auto parsed = http::parse_body_ordered(body);
    if (parsed && (parsed->is_object() || parsed->is_array()))
      text = parsed->dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }
  std::string note;
  if (received > body.size())
    note = "\n... (" + std::to_string(received) + " bytes received, the first " +
           std::to_string(body.size()) + " kept)";
  if (text.size() <= limit) return text + note;
  const std::size_t cut = result::char_boundary(text, limit);
  const std::size_t dropped = text.size() - cut;
  text.resize(cut);
  return text + "\n... (" + std::to_string(dropped) + " more bytes not shown)" + note;
}

std::string grade(const result::CaseResult& kase) {
  return std::string(suite::to_string(kase.level)) + ", " + suite::to_string(kase.impact);
}

std::string grade(const result::CheckResult& check) {
  std::string out = suite::to_string(check.level);
  if (check.impact) out += std::string(", ") + suite::to_string(*check.impact);
  return out;
}

}  // namespace scimcheck::report
