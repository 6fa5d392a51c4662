#include "report/curl_command.hpp"
#include "source/strings.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "http/redact.hpp"
#include "report/text.hpp"

namespace scimcheck::report {
namespace {

constexpr const char* kTokenVariable = "SCIM_TOKEN";
constexpr std::string_view kContinue = " \\\n  ";

bool is_control(unsigned char c) { return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f; }

/// Needs $'...': a control character a terminal or the page would not carry as it is, or
/// malformed UTF-8.
bool needs_escapes(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return is_control(static_cast<unsigned char>(c)); }) ||
         utf8_text(text) != text;
}

std::string ansi_c_quote(std::string_view text) {
  std::string out = "$'";
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\\' || c == '\'') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c >= 0x7f) {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    } else {
      out += ch;
    }
  }
  return out + "'";
}

/// Literal inside double quotes: nothing the shell expands there ($, `, \, ") and no '!'
/// (history expansion in an interactive bash).
bool double_quote_safe(std::string_view text) {
  return text.find_first_of("\"\\$`!") == std::string_view::npos && !needs_escapes(text);
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::vector<std::string_view> split_on_mask(std::string_view text) {
  const std::string_view mask = http::kMask;
  std::vector<std::string_view> parts;
  std::size_t at = 0;
  for (std::size_t hit; (hit = text.find(mask, at)) != std::string_view::npos;
       at = hit + mask.size())
    parts.push_back(text.substr(at, hit - at));
  parts.push_back(text.substr(at));
  return parts;
}

bool holds_mask(std::string_view text) { return text.find(http::kMask) != std::string_view::npos; }

/// -H for one header; Authorization with a masked bearer token or basic credential refers to
/// $SCIM_TOKEN.
std::string header_option(const http::Header& h) {
  if (source::iequals(h.name, "Authorization")) {
    const std::string mask = http::kMask;
    if (source::iequals(h.value, "Bearer " + mask))
      return "-H " + shell_word_with_variable("Authorization: Bearer " + mask, kTokenVariable);
    if (source::iequals(h.value, "Basic " + mask))
      return "--user " + shell_word_with_variable(mask, kTokenVariable);
  }
  // curl sends "Name;" as a header with an empty value ("Name:" would remove it).
  const std::string line = h.value.empty() ? h.name + ";" : h.name + ": " + h.value;
  return "-H " + shell_word_with_variable(line, variable_for_header(h.name));
}

}  // namespace

std::string shell_quote(std::string_view text) {
  if (needs_escapes(text)) return ansi_c_quote(text);
  std::string out = "'";
  for (char c : text) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string shell_word_with_variable(std::string_view text, const std::string& variable) {
  const auto parts = split_on_mask(text);
  if (parts.size() == 1) return shell_quote(text);
  const bool simple = std::all_of(parts.begin(), parts.end(), double_quote_safe);
  std::string out = simple ? "\"" : "";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (simple) {
      out += parts[i];
    } else if (!parts[i].empty()) {
      out += shell_quote(parts[i]);
    }
    if (i + 1 == parts.size()) break;
    // ${NAME} when a name character follows, which would otherwise lengthen the name
    const bool braces = !parts[i + 1].empty() && is_name_char(parts[i + 1].front());
    const std::string ref = braces ? "${" + variable + "}" : "$" + variable;
    out += simple ? ref : "\"" + ref + "\"";
  }
  return simple ? out + "\"" : out;
}

std::string variable_for_header(std::string_view name) {
  std::string out;
  for (char c : name)
    out += std::isalnum(static_cast<unsigned char>(c))
               ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
               : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out.front()))) out.insert(0, "H_");
  return out;
}

CurlCommand curl_command(const http::Request& request, const CurlOptions& options) {
  CurlCommand result;
  std::vector<std::string> lines;
  std::string first = "curl --globoff --include";
  if (options.insecure) first += " --insecure";
  first += request.method == "HEAD" ? " --head" : " --request " + shell_quote(request.method);
  lines.push_back(first + " " + shell_quote(request.url));
  for (const auto& h : request.headers) {
    // curl counts the body it sends itself
    if (source::iequals(h.name, "Content-Length")) continue;
    lines.push_back(header_option(h));
  }
  if (!http::find_header(request.headers, "Accept")) lines.push_back("-H 'Accept:'");
  if (!request.body.empty() && !http::find_header(request.headers, "Content-Type"))
    lines.push_back("-H 'Content-Type:'");
  if (!request.body.empty()) {
    // --data-binary @x would read the file x
    const char* option = request.body.front() == '@' ? "--data-raw " : "--data-binary ";
    lines.push_back(option + shell_quote(request.body));
  }

  std::string& command = result.command;
  for (const auto& line : lines) command += (command.empty() ? "" : std::string(kContinue)) + line;

  if (options.body_bytes > request.body.size())
    result.notes.push_back("the body was kept up to " + std::to_string(request.body.size()) +
                           " of its " + std::to_string(options.body_bytes) +
                           " bytes: the command sends only that start");
  if (request.body.find('\0') != std::string::npos)
    result.notes.push_back(
        "the body holds a NUL byte, which no shell word can carry: the "
        "command sends the body up to it");
  if (holds_mask(request.url) || holds_mask(request.body))
    result.notes.push_back(std::string("the URL or body holds masked values: the command sends ") +
                           http::kMask + " in their place");
  return result;
}

}  // namespace scimcheck::report
