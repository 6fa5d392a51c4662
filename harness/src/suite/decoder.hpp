#pragma once
/// What every decode of a suite or profile shares: the file with its positions, the
/// diagnostics it collects (bounded per file), the harness JSON Schema check, and small readers
/// of JSON members that leave wrong types to the schema.
#include <set>
#include <string>
#include <vector>

#include "source/diagnostic.hpp"
#include "source/positions.hpp"
#include "suite/loader.hpp"
#include "suite/model.hpp"

namespace scimcheck::suite {

class Decoder {
 public:
  Decoder(const source::JsonFile& file, const LoadOptions& options, source::Diagnostics& out)
      : file_(file), options_(options), out_(out) {}

  /// Errors listed per file; past them a file is only known to be wrong, so a hostile one
  /// costs no more than this many positions and hints.
  static constexpr int kMaxErrors = 200;

  bool failed() const { return errors_ > 0; }
  bool saturated() const { return errors_ >= kMaxErrors; }
  const LoadOptions& options() const { return options_; }

  /// An error at the value at `pointer` (with key=true, at its member name).
  void error(const std::string& pointer, const std::string& message, bool key = false,
             const std::string& hint = {});
  /// An error at one character of a string value (or member name): a template's "{{".
  void error_at(const std::string& pointer, std::size_t offset, const std::string& message,
                bool key = false, const std::string& hint = {});
  /// Checks the file against schemas/harness/<schema_file>; each problem is told by its kind
  /// (suite/schema_explain.hpp), except where the decoder already said something about the
  /// same value or one that holds it. `noun` names the file's kind ("a suite").
  void validate(const std::string& schema_file, const std::string& noun);
  /// Says that errors were left out, when they were.
  void finish();

  Span span(const std::string& pointer) const { return file_.span(pointer); }
  Span span_at(const std::string& pointer, std::size_t offset, bool key) const {
    return file_.span_in_string(pointer, offset, key);
  }

 private:
  void push(Span span, const std::string& message, const std::string& hint,
            const std::string& pointer);

  const source::JsonFile& file_;
  const LoadOptions& options_;
  source::Diagnostics& out_;
  int errors_ = 0;
  std::set<std::string> flagged_;
};

/// The boolean member `key`, or `fallback` when absent or not a boolean (the schema then
/// reports the wrong type at its position).
bool flag(const Json& object, const char* key, bool fallback);
/// Whether `key` holds a string (other types are reported by the schema).
bool has_string(const Json& object, const char* key);
/// The string member `key`; empty when absent or not a string.
std::string str(const Json& object, const char* key);
/// The strings of an array (other elements are the schema's to report).
std::vector<std::string> strings(const Json& array);
/// `pointer` extended by the member `key`.
std::string ptr_key(const std::string& pointer, const std::string& key);

}  // namespace scimcheck::suite
