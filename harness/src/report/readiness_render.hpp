#pragma once
/// The gallery-readiness section (report/readiness.hpp) as the HTML, Markdown and JUnit
/// reports show it. Each writes nothing when the run has no readiness record.
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "result/model.hpp"

namespace scimcheck::report {

/// <section id="gallery-readiness">: the summary and a table of the lines.
void write_readiness_html(const result::RunResult& run, std::ostream& out);

/// "### Gallery readiness": the summary and a table of the lines.
void write_readiness_markdown(const result::RunResult& run, std::ostream& out);

/// JUnit properties: each line's key with its status ("gallery.https" = "met"), the
/// negotiated TLS version and suite ("gallery.tls.negotiated") and the summary
/// ("gallery.readiness").
std::vector<std::pair<std::string, std::string>> readiness_properties(const result::RunResult& run);

}  // namespace scimcheck::report
