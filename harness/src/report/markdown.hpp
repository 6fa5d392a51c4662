#pragma once
/// The Markdown report (GitHub-flavoured): the verdict, the certification checklist as a
/// table, then every failure with its requirement, expected vs actual and fix, and the known
/// failures, warnings and fixed baseline entries. Short enough to paste into a pull request,
/// an issue or $GITHUB_STEP_SUMMARY; exchanges stay in the HTML and JUnit reports. Text from
/// the server is escaped so that it renders as text, never as Markdown or HTML.
#include <ostream>
#include <string>

#include "result/model.hpp"

namespace scimcheck::report {

void write_markdown(const result::RunResult& run, std::ostream& out);

/// One line of prose with Markdown and HTML metacharacters escaped and newlines folded.
std::string markdown_text(const std::string& text);

/// An inline code span that holds `text` whatever backticks it contains; newlines folded,
/// cut after `limit` bytes.
std::string markdown_code(const std::string& text, std::size_t limit = 200);

}  // namespace scimcheck::report
