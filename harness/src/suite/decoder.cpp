#include "suite/decoder.hpp"

#include "source/json_schema.hpp"
#include "suite/schema_cache.hpp"
#include "suite/schema_explain.hpp"

namespace scimcheck::suite {
namespace {

/// A message quoting a long name or value from the file, cut to a readable length (at a
/// character boundary).
std::string bounded(const std::string& message) {
  constexpr std::size_t kMaxMessage = 300;
  if (message.size() <= kMaxMessage) return message;
  std::size_t end = kMaxMessage;
  while (end > 0 && (static_cast<unsigned char>(message[end]) & 0xC0) == 0x80) --end;
  return message.substr(0, end) + "...";
}

/// Whether `flagged` holds `pointer` or one of its ancestors.
bool covered(const std::set<std::string>& flagged, const std::string& pointer) {
  for (std::size_t end = pointer.size();; end = pointer.rfind('/', end - 1)) {
    if (flagged.count(pointer.substr(0, end))) return true;
    if (end == 0 || end == std::string::npos) return false;
  }
}

}  // namespace

void Decoder::push(Span span, const std::string& message, const std::string& hint,
                   const std::string& pointer) {
  if (!saturated())
    out_.push_back({source::Severity::error, std::move(span), bounded(message), hint});
  ++errors_;
  flagged_.insert(pointer);
}

void Decoder::error(const std::string& pointer, const std::string& message, bool key,
                    const std::string& hint) {
  push(saturated() ? Span{} : file_.span(pointer, key), message, hint, pointer);
}

void Decoder::error_at(const std::string& pointer, std::size_t offset, const std::string& message,
                       bool key, const std::string& hint) {
  push(saturated() ? Span{} : file_.span_in_string(pointer, offset, key), message, hint, pointer);
}

void Decoder::validate(const std::string& schema_file, const std::string& noun) {
  std::string problem;
  const auto compiled = cached_schema(options_.root / "schemas" / "harness" / schema_file, &problem);
  if (!compiled) {
    push(Span{file_.path, 0, 0, ""}, problem, "", "");
    return;
  }
  const std::set<std::string> decoded = flagged_;
  std::vector<std::string> pointers;
  for (const auto& p : source::schema_problems(*compiled->schema, file_.json))
    pointers.push_back(p.pointer);
  for (const auto& f : explain_schema_problems(compiled->document, file_.json, pointers, noun)) {
    if (saturated()) {
      ++errors_;
      continue;
    }
    // An unknown key is its own mistake; any other problem inside a value the decoder
    // already explained would only repeat it.
    if (f.key ? decoded.count(f.pointer) > 0 : covered(decoded, f.pointer)) continue;
    error(f.pointer, f.message, f.key, f.hint);
  }
}

void Decoder::finish() {
  if (errors_ > kMaxErrors)
    out_.push_back({source::Severity::error, Span{file_.path, 0, 0, ""},
                    "more errors in this file are not listed (the first " +
                        std::to_string(kMaxErrors) + " are)",
                    ""});
}

bool flag(const Json& object, const char* key, bool fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

bool has_string(const Json& object, const char* key) {
  if (!object.is_object()) return false;
  auto it = object.find(key);
  return it != object.end() && it->is_string();
}

std::string str(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> strings(const Json& array) {
  std::vector<std::string> out;
  if (array.is_array())
    for (const auto& v : array)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::string ptr_key(const std::string& pointer, const std::string& key) {
  return pointer + "/" + source::pointer_token(key);
}

}  // namespace scimcheck::suite
