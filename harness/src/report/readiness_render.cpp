#include "report/readiness_render.hpp"

#include "report/html.hpp"
#include "report/markdown.hpp"
#include "report/readiness.hpp"

namespace scimcheck::report {
namespace {

/// The checklist's row classes (report/checklist.hpp), so the section shares its colours.
const char* row_class(ReadinessStatus status) {
  switch (status) {
    case ReadinessStatus::met:
      return "pass";
    case ReadinessStatus::blocker:
      return "fail";
    case ReadinessStatus::warning:
      return "warn";
    case ReadinessStatus::not_tested:
      break;
  }
  return "untested";
}

const char* markdown_mark(ReadinessStatus status) {
  switch (status) {
    case ReadinessStatus::met:
      return "\xE2\x9C\x85 met";
    case ReadinessStatus::blocker:
      return "\xE2\x9D\x8C blocker";
    case ReadinessStatus::warning:
      return "\xE2\x9A\xA0\xEF\xB8\x8F warning";
    case ReadinessStatus::not_tested:
      break;
  }
  return "\xE2\x9E\x96 not tested";
}

}  // namespace

void write_readiness_html(const result::RunResult& run, std::ostream& out) {
  const auto lines = readiness_lines(run);
  if (lines.empty()) return;
  out << "<section id=\"gallery-readiness\">\n<h2>Gallery readiness</h2>\n<p><strong>"
      << html_escape(readiness_summary(lines))
      << "</strong></p>\n<p class=\"muted\">What Microsoft's gallery onboarding validation "
         "asks of the endpoint: a blocker fails it, a warning is reported, not tested means "
         "this run did not show it.</p>\n<table class=\"checklist readiness\">\n<thead><tr>"
         "<th>status</th><th>requirement</th><th>why</th><th>source</th></tr></thead>\n<tbody>\n";
  for (const auto& line : lines) {
    const std::string s = row_class(line.status);
    out << "<tr class=\"s-" << s << "\" data-key=\"" << html_escape(line.key)
        << "\"><td class=\"status s-" << s << "\">" << to_string(line.status) << "</td><td><strong>"
        << html_escape(line.requirement) << "</strong></td><td>" << html_escape(line.why)
        << "</td><td class=\"muted\">" << html_escape(line.citation) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n</section>\n";
}

void write_readiness_markdown(const result::RunResult& run, std::ostream& out) {
  const auto lines = readiness_lines(run);
  if (lines.empty()) return;
  out << "### Gallery readiness\n\n**" << markdown_text(readiness_summary(lines))
      << "**\n\n| status | requirement | why | source |\n|---|---|---|---|\n";
  for (const auto& line : lines)
    out << "| " << markdown_mark(line.status) << " | " << markdown_text(line.requirement) << " | "
        << markdown_text(line.why) << " | " << markdown_text(line.citation) << " |\n";
  out << "\n";
}

std::vector<std::pair<std::string, std::string>> readiness_properties(
    const result::RunResult& run) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto lines = readiness_lines(run);
  if (lines.empty()) return out;
  out.emplace_back("gallery.readiness", readiness_summary(lines));
  for (const auto& line : lines) out.emplace_back(line.key, to_string(line.status));
  const auto& tls = run.readiness->tls;
  if (tls && tls->tls12.verdict == http::TlsVerdict::accepted && !tls->tls12.version.empty())
    out.emplace_back("gallery.tls.negotiated", tls->tls12.version + " " + tls->tls12.cipher);
  return out;
}

}  // namespace scimcheck::report
