#pragma once
/// Text helpers shared by the reporters that show cases to people (JUnit, HTML, Markdown).
#include <cstddef>
#include <string>

#include "result/model.hpp"

namespace scimcheck::report {

/// Failed, errored and warning: the outcomes that come with an explanation.
bool is_problem(result::Outcome outcome);

/// The text with every byte a report cannot carry (control characters other than tab and
/// newlines, broken UTF-8, characters XML 1.0 forbids) shown as "\xNN", so that a hostile
/// response body still yields a well-formed document.
std::string safe_text(const std::string& text);

/// A body as shown in a report: indented when it is a JSON object or array, cut after `limit`
/// bytes on a character boundary, with the number of bytes left out.
std::string show_body(const std::string& body, std::size_t limit);

/// One line naming the first thing that went wrong in a case (its reason when it has one).
std::string first_problem(const result::CaseResult& kase);

}  // namespace scimcheck::report
