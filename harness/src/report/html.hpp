#pragma once
/// The HTML report: one self-contained page (inline CSS and a few lines of inline script, no
/// fetches of any kind) that opens from disk or a CI artifact. A header with profile, target,
/// version, run id, date and verdict; the certification checklist (one row per capability,
/// green/red/amber, with the checks behind it); a summary per area with a bar of outcomes;
/// then every check as a <details> element with its requirement, the checks that did not
/// hold (expected vs actual), the fix and the full redacted exchanges, pretty-printed.
/// Problems are open by default; filters by outcome and a search box work offline; printing
/// expands everything. Every text from the run is escaped: response bodies are hostile input.
#include <ostream>
#include <string>

#include "result/model.hpp"

namespace scimcheck::report {

void write_html(const result::RunResult& run, std::ostream& out);

/// `text` with & < > " ' replaced by entities and unprintable bytes shown as "\xNN".
std::string html_escape(const std::string& text);

}  // namespace scimcheck::report
