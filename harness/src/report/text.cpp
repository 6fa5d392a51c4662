#include "report/text.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>

namespace scimcheck::report {

using result::Outcome;

namespace {

/// Length of the well-formed UTF-8 sequence at text[i] that XML 1.0 allows, or 0 when the
/// bytes there are malformed or encode a character XML forbids.
std::size_t char_length(const std::string& text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return (lead >= 0x20 || lead == '\t' || lead == '\n' || lead == '\r') ? 1 : 0;
  std::size_t length = 0;
  std::uint32_t cp = 0;
  if ((lead & 0xE0) == 0xC0)
    length = 2, cp = lead & 0x1F;
  else if ((lead & 0xF0) == 0xE0)
    length = 3, cp = lead & 0x0F;
  else if ((lead & 0xF8) == 0xF0)
    length = 4, cp = lead & 0x07;
  else
    return 0;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  const std::uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < minimum[length] || cp > 0x10FFFF) return 0;
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) return 0;
  return length;
}

}  // namespace

bool is_problem(Outcome outcome) {
  return outcome == Outcome::failed || outcome == Outcome::errored || outcome == Outcome::warning;
}

std::string safe_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  static const char* hex = "0123456789ABCDEF";
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = char_length(text, i);
    if (n == 0) {
      const auto b = static_cast<unsigned char>(text[i]);
      out += "\\x";
      out += hex[b >> 4];
      out += hex[b & 0xF];
      ++i;
    } else {
      out.append(text, i, n);
      i += n;
    }
  }
  return out;
}

std::string show_body(const std::string& body, std::size_t limit) {
  std::string text = body;
  const auto parsed = nlohmann::ordered_json::parse(body, nullptr, false);
  if (!parsed.is_discarded() && (parsed.is_object() || parsed.is_array()))
    text = parsed.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  if (text.size() <= limit) return text;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  const std::size_t dropped = text.size() - cut;
  text.resize(cut);
  return text + "\n... (" + std::to_string(dropped) + " more bytes not shown)";
}

std::string first_problem(const result::CaseResult& kase) {
  if (!kase.reason.empty()) return kase.reason;
  for (const auto& step : kase.steps) {
    for (const auto& check : step.checks)
      if (is_problem(check.outcome))
        return check.description + ": expected " + check.expected + ", got " + check.actual;
    if (is_problem(step.outcome) && !step.error.empty()) return step.error;
  }
  return std::string(result::to_string(kase.outcome));
}

}  // namespace scimcheck::report
