#pragma once
/// Text helpers shared by the reporters that show cases to people (JUnit, HTML, Markdown).
#include <cstddef>
#include <string>
#include <string_view>

#include "result/model.hpp"

namespace scimcheck::report {

/// The text with every byte a report cannot carry (control characters other than tab and
/// newlines, broken UTF-8, characters XML 1.0 forbids) shown as "\xNN", so that a hostile
/// response body still yields a well-formed document.
std::string safe_text(std::string_view text);

/// The text with every byte of malformed UTF-8 shown as "\xNN" (a Latin-1 "Jos\xE9"), so
/// that it can go into JSON; well-formed characters, control characters included, are kept.
std::string utf8_text(std::string_view text);

/// The text as it may reach a terminal: control characters (C0, DEL, C1: ESC, BEL, NUL, CR,
/// LF, CSI, ...) and malformed UTF-8 shown as "\xNN", so that a server cannot move the
/// cursor, clear the screen or start a line of its own.
std::string terminal_text(std::string_view text);

/// A body as shown in a report: indented when it is a small JSON object or array (nested no
/// deeper than http::kMaxBodyDepth), cut after `limit` bytes on a character boundary, with
/// the number of bytes left out. `received` is the body's size on the wire when only its
/// start was kept as evidence (result::kEvidenceBodyBytes); the note says so.
std::string show_body(const std::string& body, std::size_t limit, std::size_t received = 0);

/// A case's level and impact as the reports show them: "MUST, entra".
std::string grade(const result::CaseResult& kase);

/// A check's level, with its own impact when it differs from its case's: "MUST" or
/// "MUST, rfc".
std::string grade(const result::CheckResult& check);

}  // namespace scimcheck::report
