#include "http/redact.hpp"
#include "source/strings.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string_view>
#include <utility>

#include "http/auth.hpp"
#include "http/url.hpp"

namespace scimcheck::http {
namespace {

/// Shortest derived form (a base64 fragment) masked, as kMinSecretLength for the secret:
/// shorter fragments would hide ordinary words.
constexpr std::size_t kMinDerived = 8;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

/// Matching compares folded bytes: ASCII letters lower-cased, and '+' taken as a space (a
/// form-encoded space and a literal '+' in a token then match whichever way they are sent).
unsigned char fold(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<unsigned char>(c - 'A' + 'a');
  return c == '+' ? ' ' : c;
}

std::string folded(std::string_view s) {
  std::string out(s.size(), '\0');
  std::transform(s.begin(), s.end(), out.begin(),
                 [](char c) { return static_cast<char>(fold(static_cast<unsigned char>(c))); });
  return out;
}

/// The value of `count` hex digits at text[pos], or -1.
long hex_at(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return -1;
  long value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    int digit = hex_value(text[pos + i]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

// ---------------------------------------------------------------------------------------
// The forms of a secret.

std::string base64url(std::string b64) {
  for (auto& c : b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return b64;
}

std::string unpadded(std::string b64) {
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return b64;
}

/// The base64 characters that depend on the secret's bytes alone when it is encoded `shift`
/// bytes after a 3-byte boundary of a longer text: character i is bits [6i, 6i+6) of the
/// encoding, pure when they all fall inside the secret.
std::string base64_core(const std::string& secret, std::size_t shift) {
  std::string encoded = base64_encode(std::string(shift, '\0') + secret);
  std::size_t first = (8 * shift + 5) / 6;
  std::size_t end = 8 * (shift + secret.size()) / 6;
  return end > first ? encoded.substr(first, end - first) : std::string();
}

/// Every form of the secret to look for, before folding.
std::vector<std::string> forms_of(const std::string& secret) {
  std::vector<std::string> forms{secret};
  // Whole encodings with and without their padding, so the padding goes with them.
  std::vector<std::string> encoded{base64_encode(secret), base64_encode("Bearer " + secret)};
  for (std::size_t shift = 0; shift < 3; ++shift) encoded.push_back(base64_core(secret, shift));
  for (const auto& e : encoded) {
    if (unpadded(e).size() < kMinDerived) continue;
    for (const auto& form : {e, unpadded(e)}) {
      forms.push_back(form);
      forms.push_back(base64url(form));
    }
  }
  return forms;
}

// ---------------------------------------------------------------------------------------
// Decoding: the text as a stream of folded bytes, each with the span of the text it came
// from. %XX and JSON escapes are decoded once, so a secret matches however a server encoded
// any of its characters.

/// One decoded unit: up to 4 bytes (a \uXXXX escape as UTF-8) from text[begin, end).
struct Unit {
  std::array<unsigned char, 4> bytes{};
  std::size_t count = 0;
  std::size_t end = 0;
};

void put_utf8(Unit& unit, long cp) {
  auto add = [&unit](long b) { unit.bytes[unit.count++] = static_cast<unsigned char>(b); };
  if (cp < 0x80) {
    add(cp);
  } else if (cp < 0x800) {
    add(0xC0 | (cp >> 6));
    add(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    add(0xE0 | (cp >> 12));
    add(0x80 | ((cp >> 6) & 0x3F));
    add(0x80 | (cp & 0x3F));
  } else {
    add(0xF0 | (cp >> 18));
    add(0x80 | ((cp >> 12) & 0x3F));
    add(0x80 | ((cp >> 6) & 0x3F));
    add(0x80 | (cp & 0x3F));
  }
}

/// A JSON escape at text[i] ('\\'), or false when it is none.
bool json_escape(std::string_view text, std::size_t i, Unit& unit) {
  if (i + 1 >= text.size()) return false;
  static constexpr std::string_view kSimple = "\"\\/bfnrt";
  static constexpr std::string_view kValues = "\"\\/\b\f\n\r\t";
  char c = text[i + 1];
  if (auto k = kSimple.find(c); k != std::string_view::npos) {
    unit.bytes[unit.count++] = static_cast<unsigned char>(kValues[k]);
    unit.end = i + 2;
    return true;
  }
  if (c != 'u') return false;
  long cp = hex_at(text, i + 2, 4);
  if (cp < 0) return false;
  unit.end = i + 6;
  if (cp >= 0xD800 && cp < 0xDC00 && unit.end + 1 < text.size() && text[unit.end] == '\\' &&
      text[unit.end + 1] == 'u') {
    long low = hex_at(text, unit.end + 2, 4);
    if (low >= 0xDC00 && low < 0xE000) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      unit.end += 6;
    }
  }
  put_utf8(unit, cp);
  return true;
}

Unit decode_at(std::string_view text, std::size_t i) {
  Unit unit;
  char c = text[i];
  if (c == '%') {
    long value = hex_at(text, i + 1, 2);
    if (value >= 0) {
      unit.bytes[unit.count++] = static_cast<unsigned char>(value);
      unit.end = i + 3;
      return unit;
    }
  } else if (c == '\\' && json_escape(text, i, unit)) {
    return unit;
  }
  unit.bytes[unit.count++] = static_cast<unsigned char>(c);
  unit.end = i + 1;
  return unit;
}

using Span = std::pair<std::size_t, std::size_t>;  // [begin, end) of the text

/// Adds a span to spans sorted by end, merging it with those it overlaps or touches.
void add_span(std::vector<Span>& spans, Span span) {
  while (!spans.empty() && span.first <= spans.back().second) {
    span.first = std::min(span.first, spans.back().first);
    span.second = std::max(span.second, spans.back().second);
    spans.pop_back();
  }
  spans.push_back(span);
}

std::vector<Span> merge_spans(const std::vector<Span>& a, const std::vector<Span>& b) {
  std::vector<Span> all;
  all.reserve(a.size() + b.size());
  std::merge(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(all));
  std::vector<Span> out;
  for (const auto& span : all) add_span(out, span);
  return out;
}

std::string replace_spans(const std::string& text, const std::vector<Span>& spans) {
  if (spans.empty()) return text;
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  for (const auto& [begin, end] : spans) {
    out.append(text, at, begin - at);
    out += kMask;
    at = end;
  }
  out.append(text, at, std::string::npos);
  return out;
}

// ---------------------------------------------------------------------------------------
// Credentials by name: JSON members and form fields of token requests and answers, and the
// password of a user the run creates.

constexpr std::array<std::string_view, 7> kCredentialNames = {
    "password", "client_secret", "access_token", "refresh_token", "id_token", "token", "secret"};

bool is_credential_name(std::string_view name) {
  return std::any_of(kCredentialNames.begin(), kCredentialNames.end(),
                     [&](std::string_view n) { return source::iequals(n, name); });
}

std::size_t skip_space(const std::string& text, std::size_t j) {
  while (j < text.size() && is_space(text[j])) ++j;
  return j;
}

/// The end of a credential member starting at text[i] ('"'), e.g. "password" : "x\"y", or
/// npos when there is none there. An unterminated value (a truncated body) ends the text.
std::size_t credential_member_end(const std::string& text, std::size_t i, std::string_view& name) {
  auto close = text.find('"', i + 1);
  if (close == std::string::npos || close - i - 1 > 32) return std::string::npos;
  name = std::string_view(text).substr(i + 1, close - i - 1);
  if (!is_credential_name(name)) return std::string::npos;
  std::size_t j = skip_space(text, close + 1);
  if (j >= text.size() || text[j] != ':') return std::string::npos;
  j = skip_space(text, j + 1);
  if (j >= text.size() || text[j] != '"') return std::string::npos;
  std::size_t k = j + 1;
  while (k < text.size() && text[k] != '"') k += text[k] == '\\' ? 2 : 1;
  return std::min(k + 1, text.size());
}

std::string mask_json_members(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  for (std::size_t quote; (quote = text.find('"', i)) != std::string::npos;) {
    std::string_view name;
    std::size_t end = credential_member_end(text, quote, name);
    if (end == std::string::npos) {
      out.append(text, i, quote + 1 - i);
      i = quote + 1;
      continue;
    }
    out.append(text, i, quote - i);
    out.append("\"").append(name).append("\":\"").append(kMask).append("\"");
    i = end;
  }
  out.append(text, i, std::string::npos);
  return out;
}

/// The end of a form field's value when a credential name ends at text[eq] ('='), e.g.
/// client_secret=...&, or npos; `start` gets where the name begins.
std::size_t form_field_end(const std::string& text, std::size_t eq, std::size_t& start) {
  for (auto name : kCredentialNames) {
    if (eq < name.size()) continue;
    start = eq - name.size();
    if (start > 0 && is_word(text[start - 1])) continue;
    if (!source::iequals(std::string_view(text).substr(start, name.size()), name)) continue;
    std::size_t j = eq + 1;
    while (j < text.size() && text[j] != '&' && text[j] != '"' && !is_space(text[j])) ++j;
    if (j > eq + 1) return j;
  }
  return std::string::npos;
}

/// Form fields: client_secret=...& (token requests and answers).
std::string mask_form_fields(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  for (std::size_t eq; (eq = text.find('=', i)) != std::string::npos;) {
    std::size_t start = 0;
    std::size_t end = form_field_end(text, eq, start);
    if (end == std::string::npos || start < i) {
      out.append(text, i, eq + 1 - i);
      i = eq + 1;
      continue;
    }
    out.append(text, i, eq + 1 - i).append(kMask);
    i = end;
  }
  out.append(text, i, std::string::npos);
  return out;
}

void redact_headers(const Redactor& redactor, Headers& headers, bool sent) {
  for (auto& h : headers) {
    if (sent && (source::iequals(h.name, "Authorization") || source::iequals(h.name, "Proxy-Authorization"))) {
      // The scheme is kept only when it is one the run sends; any other first word may be
      // the credential itself.
      const std::string_view scheme = std::string_view(h.value).substr(0, h.value.find(' '));
      const bool known = source::iequals(scheme, "Bearer") || source::iequals(scheme, "Basic");
      h.value = known ? std::string(scheme) + " " + kMask : std::string(kMask);
    } else if (source::iequals(h.name, sent ? "Cookie" : "Set-Cookie")) {
      h.value = kMask;
    } else {
      h.value = redactor.text(h.value);
    }
  }
}

}  // namespace

// -----------------------------------------------------------------------------------------
// Aho-Corasick over folded needles. Each state keeps the length of the longest needle ending
// there (its own or through its failure links), so one step per byte finds the widest match
// ending at each position; overlapping matches merge into one masked span.

class SecretMatcher {
 public:
  explicit SecretMatcher(const std::vector<std::string>& needles) {
    states_.emplace_back();
    for (const auto& needle : needles) insert(needle);
    link();
  }

  /// Spans of the text holding a needle, sorted and merged.
  std::vector<Span> find(std::string_view text) const {
    if (longest_ == 0) return {};
    // Both readings: decoding can hide a secret that stands as it is, as when "%2" happens to
    // come just before it (found by fuzzing), or when the secret itself holds '%' or '\'.
    return merge_spans(scan(text, true), scan(text, false));
  }

 private:
  struct State {
    std::vector<std::pair<unsigned char, std::int32_t>> next;
    std::int32_t fail = 0;
    std::uint32_t own = 0;   ///< length of the needle ending here, 0 for none
    std::uint32_t best = 0;  ///< longest needle ending here, through failure links too
  };

  std::int32_t child(std::int32_t s, unsigned char c) const {
    if (s == 0) return root_[c];
    for (const auto& [byte, to] : states_[s].next)
      if (byte == c) return to;
    return -1;
  }

  void insert(const std::string& needle) {
    if (needle.empty()) return;
    std::int32_t s = 0;
    for (unsigned char c : needle) {
      std::int32_t to = -1;
      for (const auto& [byte, t] : states_[s].next)
        if (byte == c) to = t;
      if (to < 0) {
        to = static_cast<std::int32_t>(states_.size());
        states_[s].next.emplace_back(c, to);
        states_.emplace_back();
      }
      s = to;
    }
    states_[s].own = static_cast<std::uint32_t>(needle.size());
    longest_ = std::max(longest_, needle.size());
  }

  void link() {
    root_.fill(0);
    for (const auto& [byte, to] : states_[0].next) root_[byte] = to;
    std::vector<std::int32_t> queue;
    for (const auto& [byte, to] : states_[0].next) queue.push_back(to);
    for (std::size_t q = 0; q < queue.size(); ++q) {
      State& s = states_[queue[q]];
      s.best = std::max(s.own, states_[s.fail].best);
      for (const auto& [byte, to] : s.next) {
        std::int32_t f = s.fail;
        while (f != 0 && child(f, byte) < 0) f = states_[f].fail;
        std::int32_t via = child(f, byte);
        states_[to].fail = via > 0 && via != to ? via : 0;
        queue.push_back(to);
      }
    }
  }

  std::vector<Span> scan(std::string_view text, bool decode) const {
    std::vector<Span> spans;
    // Text offsets of the most recent decoded bytes: as many as the longest needle, or the
    // text when it is shorter (it decodes to at most as many bytes as it has).
    std::size_t ring = 1;
    while (ring < std::min(longest_, text.size())) ring <<= 1;
    const std::size_t ring_mask = ring - 1;
    std::vector<std::size_t> starts(ring);
    std::size_t emitted = 0;
    std::int32_t s = 0;
    for (std::size_t i = 0; i < text.size();) {
      Unit unit;
      if (decode) {
        unit = decode_at(text, i);
      } else {
        unit.bytes[unit.count++] = static_cast<unsigned char>(text[i]);
        unit.end = i + 1;
      }
      for (std::size_t b = 0; b < unit.count; ++b) {
        unsigned char c = fold(unit.bytes[b]);
        starts[emitted & ring_mask] = i;
        ++emitted;
        std::int32_t to;
        while ((to = child(s, c)) < 0) s = states_[s].fail;
        s = to;
        if (std::uint32_t length = states_[s].best)
          add_span(spans, {starts[(emitted - length) & ring_mask], unit.end});
      }
      i = unit.end;
    }
    return spans;
  }

  std::vector<State> states_;
  std::array<std::int32_t, 256> root_{};
  std::size_t longest_ = 0;
};

Redactor::Redactor() = default;
Redactor::~Redactor() = default;

void Redactor::add_secret(const std::string& value) {
  if (value.size() < kMinSecretLength) return;
  std::lock_guard lock(mutex_);
  if (std::find(secrets_.begin(), secrets_.end(), value) != secrets_.end()) return;
  secrets_.push_back(value);
  for (const auto& form : forms_of(value)) needles_.push_back(folded(form));
  matcher_ = std::make_shared<const SecretMatcher>(needles_);
}

std::string Redactor::text(const std::string& text) const {
  std::shared_ptr<const SecretMatcher> matcher;
  {
    std::lock_guard lock(mutex_);
    matcher = matcher_;
  }
  std::string out = matcher ? replace_spans(text, matcher->find(text)) : text;
  return mask_form_fields(mask_json_members(out));
}

void Redactor::exchange(Exchange& exchange) const {
  exchange.request.url = text(redact_url(exchange.request.url));
  redact_headers(*this, exchange.request.headers, true);
  exchange.request.body = text(exchange.request.body);
  redact_headers(*this, exchange.response.headers, false);
  exchange.response.body = text(exchange.response.body);
  if (exchange.error) exchange.error->message = text(exchange.error->message);
}

}  // namespace scimcheck::http
