#include "report/markdown.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "report/auth_line.hpp"
#include "report/checklist.hpp"
#include "report/readiness_render.hpp"
#include "report/schema_drift.hpp"
#include "report/text.hpp"

namespace scimcheck::report {

using result::CaseResult;
using result::Outcome;

namespace {

/// Newlines and tabs as spaces, cut after `limit` bytes on a character boundary.
std::string one_line(const std::string& text, std::size_t limit) {
  std::string out = safe_text(text);
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (out.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    out += "...";
  }
  return out;
}

const char* status_mark(RowStatus status) {
  switch (status) {
    case RowStatus::pass:
      return "\xE2\x9C\x85 works";  // white heavy check mark
    case RowStatus::fail:
      return "\xE2\x9D\x8C broken";  // cross mark
    case RowStatus::warn:
      return "\xE2\x9A\xA0\xEF\xB8\x8F caveats";  // warning sign
    case RowStatus::untested:
      return "\xE2\x9E\x96 not checked";  // heavy minus sign
  }
  return "";
}

std::string counts(const result::Totals& t) {
  std::string out = std::to_string(t.passed) + " passed";
  const auto add = [&](int n, const char* what) {
    if (n > 0) out += ", " + std::to_string(n) + " " + what;
  };
  add(t.failed, "failed");
  add(t.errored, "errored");
  add(t.warning, "warnings");
  add(t.blocked, "blocked");
  add(t.skipped, "skipped");
  add(t.known, "known failures accepted");
  return out;
}

void case_details(const CaseResult& kase, std::ostream& out) {
  out << "- requirement: " << markdown_text(kase.requirement) << " [" << grade(kase) << "]";
  if (!kase.capability.empty()) out << ", capability " << markdown_code(kase.capability);
  out << "\n";
  bool explained = false;
  for (const auto& step : kase.steps) {
    for (const auto& check : step.checks) {
      if (!result::is_problem(check.outcome)) continue;
      explained = true;
      out << "- " << markdown_code(step.name) << ": " << markdown_text(check.description)
          << ": expected " << markdown_code(check.expected) << ", got "
          << markdown_code(check.actual);
      if (!check.message.empty()) out << " (" << markdown_text(check.message) << ")";
      out << "\n";
    }
    if (result::is_problem(step.outcome) && !step.error.empty()) {
      explained = true;
      out << "- " << markdown_code(step.name) << ": " << markdown_text(step.error) << "\n";
    }
  }
  if (!explained && !kase.reason.empty()) out << "- " << markdown_text(kase.reason) << "\n";
  if (kase.baseline == result::BaselineState::expired)
    out << "- baseline entry expired: " << markdown_text(kase.baseline_reason) << "\n";
  if (const std::string fix = result::fix_of(kase); !fix.empty())
    out << "- **fix**: " << markdown_text(fix) << "\n";
}

std::string heading(const CaseResult& kase) {
  return markdown_code(kase.id) + " " + markdown_text(kase.title);
}

/// A `both` run has a status column per Entra mode; a single-mode row that skipped the
/// other mode's checks says so.
void checklist_table(const result::RunResult& run, std::ostream& out) {
  const auto rows = checklist(run);
  if (rows.empty()) return;
  out << "### Certification checklist\n\n";
  if (const auto caption = modes_caption(run); !caption.empty())
    out << markdown_text(caption) << "\n\n";
  out << (both_modes(run) ? "| flag-off | flag-on | capability | checks |\n|---|---|---|---|\n"
                          : "| status | capability | checks |\n|---|---|---|\n");
  for (const auto& row : rows) {
    out << "| " << status_mark(row.modes.empty() ? row.status : row.modes[0].status);
    if (!row.modes.empty())
      out << " | " << status_mark(row.modes[1].status);
    else if (const auto label = untested_mode_label(row); !label.empty())
      out << ", " << markdown_text(label);
    out << " | " << markdown_text(row.label) << " (" << markdown_code(row.capability) << ") | "
        << counts(row.totals);
    if (const auto note = untested_mode_note(row); !note.empty()) out << "; " << markdown_text(note);
    out << " |\n";
  }
  out << "\n";
}

void schema_drift_section(const result::RunResult& run, std::ostream& out) {
  const auto drift = schema_drift(run);
  if (!drift) return;
  out << "### Schema drift\n\nThe Users and Groups the server returned, held to its own "
         "/Schemas ("
      << markdown_code(drift->anchor_id) << ").\n\n";
  if (!drift->note.empty()) {
    out << markdown_text(drift->note) << "\n\n";
    return;
  }
  out << "| outcome | finding | declared in /Schemas | seen | first in |\n|---|---|---|---|---|\n";
  for (const auto& row : drift->rows)
    out << "| " << markdown_text(row.outcome) << " | " << markdown_text(row.finding) << " | "
        << markdown_code(row.declaration) << " | " << markdown_code(row.seen) << " | "
        << markdown_code(row.example) << " |\n";
  out << "\n";
}

}  // namespace

std::string markdown_text(const std::string& text) {
  std::string out;
  for (char c : one_line(text, 2000)) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '#':
      case '~':
      case '!':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string markdown_code(const std::string& text, std::size_t limit) {
  std::string body = one_line(text, limit);
  if (body.empty()) return "(empty)";
  // A span is delimited by a run of backticks longer than any run inside it.
  std::size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  const bool pad = body.front() == '`' || body.back() == '`' || body.front() == ' ';
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

void write_markdown(const result::RunResult& run, std::ostream& out) {
  const result::Totals t = result::totals(run);
  out << "## scimcheck "
      << markdown_text(run.profile_title.empty() ? run.profile : run.profile_title) << ": "
      << verdict(run) << "\n\n";
  out << "profile " << markdown_code(run.profile) << " \xC2\xB7 target "
      << markdown_code(run.target) << " \xC2\xB7 scimcheck " << markdown_text(run.tool_version)
      << " \xC2\xB7 run " << markdown_code(run.run_id) << " \xC2\xB7 "
      << markdown_text(run.started_at) << "\n\n";
  if (const auto auth = auth_summary(run); !auth.empty())
    out << "auth: " << markdown_text(auth) << "\n\n";
  out << "**" << counts(t) << "** of " << t.total() << " checks";
  if (t.fixed > 0) out << "; " << t.fixed << " baseline entries fixed";
  if (run.deselected > 0) out << "; " << run.deselected << " not selected (--only, --skip)";
  out << "\n\n";
  if (run.insecure) out << "> **TLS certificate verification was off** (`--insecure`).\n\n";
  if (run.aborted)
    out << "> **The run was aborted**: "
        << markdown_text(run.abort_reason.empty() ? "interrupted" : run.abort_reason) << "\n\n";

  checklist_table(run, out);
  if (const auto findings = rfc_findings(run); !findings.empty()) {
    out << "### RFC conformance findings\n\nRFC 7643/7644 rules the server does not follow; "
           "Entra provisioning works regardless.\n\n";
    for (const CaseResult* kase : findings)
      out << "- **" << display_outcome(*kase) << "** " << heading(*kase) << " [" << finding_grade(*kase) << "]: "
          << markdown_text(kase->requirement) << "\n";
    out << "\n";
  }

  write_readiness_markdown(run, out);
  schema_drift_section(run, out);

  const auto section = [&](const char* title, auto wanted, bool details) {
    bool any = false;
    for (const auto& suite : run.suites) {
      for (const auto& kase : suite.cases) {
        if (!wanted(kase)) continue;
        if (!any) out << "### " << title << "\n\n";
        any = true;
        if (details) {
          out << "#### " << heading(kase) << "\n\n";
          case_details(kase, out);
          out << "\n";
        } else {
          out << "- " << heading(kase);
          if (!kase.baseline_reason.empty()) out << ": " << markdown_text(kase.baseline_reason);
          out << "\n";
        }
      }
    }
    if (any && !details) out << "\n";
  };
  const auto counts_against = [&](const CaseResult& k) { return result::fails_run(k, run.strict); };
  section("Failures", counts_against, true);
  section(
      "Warnings (SHOULD, MAY)",
      [&](const CaseResult& k) {
        return !run.strict && k.outcome == Outcome::warning && !result::is_known_failure(k);
      },
      true);
  section(
      "Known failures (baseline)", [](const CaseResult& k) { return result::is_known_failure(k); },
      false);
  section(
      "Fixed (remove from the baseline)",
      [](const CaseResult& k) { return k.baseline == result::BaselineState::fixed; },
      false);

  out << "cleanup: created " << run.cleanup.created << ", deleted " << run.cleanup.deleted;
  if (!run.cleanup.leftovers.empty())
    out << ", **" << run.cleanup.leftovers.size()
        << " left on the server** (run `scimcheck cleanup`)";
  out << "\n";
}

}  // namespace scimcheck::report
