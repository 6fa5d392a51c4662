#include "report/html.hpp"
#include "source/strings.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "report/auth_line.hpp"
#include "report/checklist.hpp"
#include "report/curl_command.hpp"
#include "report/readiness_render.hpp"
#include "report/schema_drift.hpp"
#include "report/text.hpp"

namespace scimcheck::report {

using result::CaseResult;
using result::Outcome;

namespace {

/// Bodies are shown in full up to this size; a report must stay small enough to open.
constexpr std::size_t kBodyLimit = 64 * 1024;

constexpr const char* kStyle = R"css(
:root{--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--skip:#6e7781;--known:#8250df;
--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--code:#f6f8fa}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
background:var(--bg);margin:0 auto;padding:1rem;max-width:72rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}h4{font-size:.95rem;margin:.8rem 0 .3rem}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--code);padding:.6rem;overflow-x:auto;white-space:pre-wrap;word-break:break-word;
border:1px solid var(--line);border-radius:4px;margin:.3rem 0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;
border-bottom:1px solid var(--line);vertical-align:top}
.verdict{display:inline-block;font-weight:700;padding:.15rem .7rem;border-radius:4px;color:#fff}
.verdict-PASSED{background:var(--pass)}.verdict-FAILED{background:var(--fail)}.verdict-INCOMPLETE{background:var(--warn)}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.6rem 0}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;word-break:break-all}
.alert{color:var(--fail);font-weight:700}
ul.totals{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem}
.n{font-weight:700}
.badge{display:inline-block;min-width:4.2rem;text-align:center;font:700 12px/1.6 ui-monospace,monospace;
border-radius:3px;color:#fff;padding:0 .3rem}
.o-passed{background:var(--pass)}.o-failed,.o-errored{background:var(--fail)}.o-warning{background:var(--warn)}
.o-skipped,.o-blocked,.o-not-evaluated{background:var(--skip)}.o-known{background:var(--known)}
.status{font-weight:700;white-space:nowrap}.s-pass{color:var(--pass)}.s-fail{color:var(--fail)}
.s-warn{color:var(--warn)}.s-untested{color:var(--skip)}
tr.s-pass td:first-child{border-left:5px solid var(--pass)}tr.s-fail td:first-child{border-left:5px solid var(--fail)}
tr.s-warn td:first-child{border-left:5px solid var(--warn)}tr.s-untested td:first-child{border-left:5px solid var(--skip)}
.checks a{display:inline-block;margin:0 .4rem .1rem 0;text-decoration:none;font-size:13px}
.checks a::before{content:"\25CF";margin-right:.2rem}
.checks a.c-passed::before{color:var(--pass)}.checks a.c-failed::before,.checks a.c-errored::before{color:var(--fail)}
.checks a.c-warning::before{color:var(--warn)}.checks a.c-skipped::before,.checks a.c-blocked::before{color:var(--skip)}
.checks a.c-known::before{color:var(--known)}
.bar{display:flex;height:.8rem;min-width:8rem;border-radius:3px;overflow:hidden;background:var(--line)}
.bar span{display:block;height:100%}
.bar .o-passed,.bar .o-failed,.bar .o-errored,.bar .o-warning,.bar .o-skipped,.bar .o-blocked,.bar .o-known{border-radius:0}
#filters{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:center;border:1px solid var(--line);
border-radius:4px;padding:.5rem;margin:.5rem 0}
#filters input[type=search]{flex:1 1 14rem;padding:.3rem;font:inherit}
details.case{border:1px solid var(--line);border-radius:4px;margin:.35rem 0;padding:.1rem .6rem}
details.case>summary{cursor:pointer;padding:.3rem 0;list-style-position:outside}
details.case[open]>summary{border-bottom:1px solid var(--line);margin-bottom:.4rem}
.tag{font-size:12px;border:1px solid var(--known);color:var(--known);border-radius:3px;padding:0 .3rem;margin-left:.3rem}
.muted{color:var(--muted)}
button.copy-curl{font:12px/1.4 system-ui,sans-serif;margin-left:.5rem;padding:0 .4rem;cursor:pointer}
details.curl>summary{cursor:pointer;font-size:13px;color:var(--muted)}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem}.kv dt{color:var(--muted)}.kv dd{margin:0}
table.checks-of-step td{font-size:14px}
td,dd,summary,h3,h4,p,li,code{overflow-wrap:anywhere}
table.checks-of-step{table-layout:fixed}table.checks-of-step th:first-child{width:4.8rem}
@media (max-width:40rem){body{padding:.5rem}dl.meta,.kv{grid-template-columns:1fr}
table.area td:nth-child(3),table.area th:nth-child(3){display:none}
table.checklist td{display:block;border:0}table.checklist tr{display:block;border-bottom:1px solid var(--line)}
table.checklist thead{display:none}
table.checks-of-step,table.checks-of-step tbody,table.checks-of-step tr,table.checks-of-step td{display:block;width:auto}
table.checks-of-step thead{display:none}table.checks-of-step tr{border-bottom:1px solid var(--line)}
table.checks-of-step td{border:0;padding:.1rem .3rem}}
@media print{#filters,button.copy-curl,.copied,details.curl{display:none}details.case{break-inside:avoid-page}
details::details-content{content-visibility:visible;display:block}
details.case[hidden]{display:block}.badge,.verdict,.bar span{-webkit-print-color-adjust:exact;print-color-adjust:exact}
pre{white-space:pre-wrap}a{color:inherit;text-decoration:none}}
)css";

// Shows or hides each check by outcome and search text; printing opens every check.
constexpr const char* kScript = R"js(
(function(){
var boxes=document.querySelectorAll('#filters input[type=checkbox]');
var search=document.getElementById('search');
var cases=document.querySelectorAll('details.case');
var shown=document.getElementById('shown');
function apply(){
var on={};boxes.forEach(function(b){on[b.value]=b.checked;});
var q=search.value.trim().toLowerCase();var n=0;
cases.forEach(function(c){
var ok=on[c.dataset.outcome]&&(!q||c.dataset.search.indexOf(q)>=0||c.textContent.toLowerCase().indexOf(q)>=0);
c.hidden=!ok;if(ok)n++;});
document.querySelectorAll('section.area-checks').forEach(function(s){
s.hidden=!s.querySelector('details.case:not([hidden])');});
shown.textContent=n+' of '+cases.length+' checks shown';}
boxes.forEach(function(b){b.addEventListener('change',apply);});
search.addEventListener('input',apply);
var was=[];
window.addEventListener('beforeprint',function(){was=[];cases.forEach(function(c){was.push([c.open,c.hidden]);c.open=true;c.hidden=false;});
document.querySelectorAll('section.area-checks').forEach(function(s){s.hidden=false;});});
window.addEventListener('afterprint',function(){cases.forEach(function(c,i){if(was[i]){c.open=was[i][0];c.hidden=was[i][1];}});apply();});
document.querySelectorAll('a[href^="#case-"]').forEach(function(a){a.addEventListener('click',function(){
var t=document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));if(t){t.hidden=false;t.open=true;
var s=t.closest('section.area-checks');if(s)s.hidden=false;}});});
document.querySelectorAll('button.copy-curl').forEach(function(b){b.addEventListener('click',function(){
var pre=b.closest('.step').querySelector('pre.curl-command');var said=b.nextElementSibling;
function show(ok){said.textContent=ok?' copied':' select the command below and copy it';if(!ok)pre.closest('details').open=true;}
function by_selection(){pre.closest('details').open=true;var r=document.createRange();r.selectNodeContents(pre);
var sel=window.getSelection();sel.removeAllRanges();sel.addRange(r);var ok=false;try{ok=document.execCommand('copy');}catch(x){}show(ok);}
if(navigator.clipboard&&navigator.clipboard.writeText)navigator.clipboard.writeText(pre.textContent).then(function(){show(true);},by_selection);
else by_selection();});});
apply();
})();
)js";

std::string badge_text(const std::string& outcome) {
  if (outcome == "passed") return "PASS";
  if (outcome == "failed") return "FAIL";
  if (outcome == "errored") return "ERROR";
  if (outcome == "warning") return "WARN";
  if (outcome == "skipped") return "SKIP";
  if (outcome == "blocked") return "BLOCKED";
  return "KNOWN";
}

std::string badge(const std::string& outcome) {
  return "<span class=\"badge o-" + outcome + "\">" + badge_text(outcome) + "</span>";
}

std::string anchor(const CaseResult& kase) { return "case-" + kase.id; }

std::string label_of(const std::string& outcome) {
  return outcome == "warning" ? "warnings" : outcome == "known" ? "known failures" : outcome;
}

std::string counts_text(const result::Totals& s) {
  std::string out;
  for (const auto& [name, n] : s.items()) {
    if (n == 0 && (name == "known" || name == "errored" || name == "blocked")) continue;
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " " + label_of(name);
  }
  return out;
}

std::string bar(const result::Totals& s) {
  std::string out = "<div class=\"bar\" role=\"img\" aria-label=\"" + html_escape(counts_text(s)) + "\">";
  const int total = s.total();
  for (const auto& [name, n] : s.items()) {
    if (n == 0 || total == 0) continue;
    const double pct = std::round(1000.0 * n / total) / 10.0;
    std::string width = std::to_string(pct);
    width.erase(width.find_last_not_of('0') + 1);
    if (!width.empty() && width.back() == '.') width.pop_back();
    out += "<span class=\"o-" + name + "\" style=\"width:" + width + "%\" title=\"" +
           std::to_string(n) + " " + label_of(name) + "\"></span>";
  }
  return out + "</div>";
}

void header(const result::RunResult& run, std::ostream& out) {
  const std::string v = verdict(run);
  const result::Totals t = result::totals(run);
  out << "<header>\n<h1>scimcheck report: "
      << html_escape(run.profile_title.empty() ? run.profile : run.profile_title)
      << "</h1>\n<p><span class=\"verdict verdict-" << v << "\" id=\"verdict\">" << v
      << "</span></p>\n<dl class=\"meta\">\n";
  const auto row = [&](const char* name, const std::string& value, const char* id) {
    out << "<dt>" << name << "</dt><dd id=\"" << id << "\">" << html_escape(value) << "</dd>\n";
  };
  row("profile", run.profile, "meta-profile");
  row("target", run.target, "meta-target");
  row("Entra mode", run.entra_mode, "meta-entra-mode");
  row("scimcheck", run.tool_version, "meta-version");
  row("run id", run.run_id, "meta-run-id");
  row("started", run.started_at, "meta-started");
  row("duration", std::to_string(std::llround(run.duration_ms)) + " ms", "meta-duration");
  if (const auto auth = auth_summary(run); !auth.empty()) row("auth", auth, "meta-auth");
  if (run.strict) row("strict", "SHOULD and MAY warnings fail the run", "meta-strict");
  if (t.known > 0 || t.fixed > 0)
    row("baseline",
        std::to_string(t.known) + " known failures accepted, " + std::to_string(t.fixed) +
            " entries fixed",
        "meta-baseline");
  out << "</dl>\n";
  if (run.insecure)
    out << "<p class=\"alert\" id=\"insecure\">TLS certificate verification was OFF "
           "(--insecure): these results say nothing about the endpoint's TLS setup.</p>\n";
  if (run.aborted)
    out << "<p class=\"alert\" id=\"aborted\">The run was aborted: "
        << html_escape(run.abort_reason.empty() ? "interrupted" : run.abort_reason) << "</p>\n";
  out << "<ul class=\"totals\" id=\"totals\">\n";
  for (const auto& [name, n] : t.items())
    out << "<li data-outcome=\"" << name << "\">" << badge(name) << " <span class=\"n\">" << n
        << "</span> " << label_of(name) << "</li>\n";
  out << "<li data-outcome=\"total\"><span class=\"n\">" << t.total() << "</span> checks</li>\n";
  if (run.deselected > 0)
    out << "<li data-outcome=\"deselected\"><span class=\"n\">" << run.deselected
        << "</span> not selected (--only, --skip)</li>\n";
  out << "</ul>\n</header>\n";
}

/// Findings that break no Entra capability: RFC 7643/7644 conformance only.
void rfc_findings_list(const result::RunResult& run, std::ostream& out) {
  const auto findings = rfc_findings(run);
  if (findings.empty()) return;
  out << "<h3 id=\"rfc-findings\">RFC conformance findings</h3>\n<p class=\"muted\">RFC "
         "7643/7644 rules the server does not follow. Entra provisioning works regardless, so "
         "they leave the capabilities above as they are.</p>\n<ul class=\"rfc-findings\">\n";
  for (const CaseResult* kase : findings) {
    const std::string o = display_outcome(*kase);
    out << "<li data-outcome=\"" << o << "\">" << badge(o) << " <a href=\"#" << html_escape(anchor(*kase))
        << "\"><code>" << html_escape(kase->id) << "</code></a> " << html_escape(kase->title) << " <span class=\"muted\">["
        << html_escape(finding_grade(*kase)) << "] " << html_escape(kase->requirement) << "</span></li>\n";
  }
  out << "</ul>\n";
}

void schema_drift_section(const result::RunResult& run, std::ostream& out) {
  const auto drift = schema_drift(run);
  if (!drift) return;
  out << "<section id=\"schema-drift\">\n<h2>Schema drift</h2>\n<p class=\"muted\">The Users and "
         "Groups the server returned, held to its own /Schemas (<a href=\"#case-"
      << html_escape(drift->anchor_id) << "\"><code>" << html_escape(drift->anchor_id) << "</code></a>).</p>\n";
  if (!drift->note.empty()) {
    out << "<p>" << html_escape(drift->note) << "</p>\n</section>\n";
    return;
  }
  out << "<table class=\"drift\">\n<thead><tr><th>outcome</th><th>finding</th><th>declared in "
         "/Schemas</th><th>seen</th><th>first in</th></tr></thead>\n<tbody>\n";
  for (const auto& row : drift->rows)
    out << "<tr><td>" << badge(row.outcome) << "</td><td>" << html_escape(row.finding) << "</td><td><code>"
        << html_escape(row.declaration) << "</code></td><td><code>" << html_escape(row.seen) << "</code></td><td>"
        << html_escape(row.example) << "</td></tr>\n";
  out << "</tbody>\n</table>\n</section>\n";
}

/// A checklist status cell: the status in a word, and under it the mode it is for (a `both`
/// run's column, also in data-mode) or the mode left untested.
std::string status_cell(RowStatus status, const std::string& note, const std::string& mode) {
  const std::string s = to_string(status);
  const char* word = status == RowStatus::pass   ? "&#10003; works"
                     : status == RowStatus::fail ? "&#10007; broken"
                     : status == RowStatus::warn ? "! caveats"
                                                 : "&#8211; not checked";
  std::string cell = "<td class=\"status s-" + s + "\"";
  if (!mode.empty()) cell += " data-mode=\"" + html_escape(mode) + "\"";
  cell += std::string(">") + word;
  if (!note.empty()) cell += "<br><span class=\"muted\">" + html_escape(note) + "</span>";
  return cell + "</td>";
}

void checklist_section(const result::RunResult& run, std::ostream& out) {
  const auto rows = checklist(run);
  out << "<section id=\"checklist\">\n<h2>Certification checklist</h2>\n";
  if (rows.empty()) {
    out << "<p class=\"muted\">No check of this run names a capability.</p>\n</section>\n";
    return;
  }
  out << "<p class=\"muted\">One row per capability the app's setup promises: green when every "
         "check behind it passed, red when one failed on a rule of Entra, the gallery or the app, "
         "amber for SHOULD or MAY warnings, blocked checks or known failures, grey when none "
         "of its checks ran. Failures of RFC rules alone are listed below the table.</p>\n";
  if (const auto caption = modes_caption(run); !caption.empty())
    out << "<p class=\"muted\" id=\"checklist-modes\">" << html_escape(caption) << "</p>\n";
  out << "<table class=\"checklist\">\n<thead><tr>"
      << (both_modes(run) ? "<th>flag-off</th><th>flag-on</th>" : "<th>status</th>")
      << "<th>capability</th><th>checks</th></tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    const std::string s = to_string(row.status);
    std::string counts_line = counts_text(result::totals(row.cases));
    if (const auto note = untested_mode_note(row); !note.empty()) counts_line += "; " + note;
    out << "<tr class=\"s-" << s << "\" data-capability=\"" << html_escape(row.capability)
        << "\" data-status=\"" << s << "\"";
    if (row.other_mode_skipped > 0)
      out << " data-untested-mode=\"" << suite::to_string(row.other_mode) << "\"";
    out << ">";
    if (row.modes.empty()) out << status_cell(row.status, untested_mode_label(row), "");
    for (const auto& column : row.modes)
      out << status_cell(column.status, suite::to_string(column.mode), suite::to_string(column.mode));
    out << "<td><strong>" << html_escape(row.label) << "</strong><br><code class=\"muted\">"
        << html_escape(row.capability) << "</code><br><span class=\"muted counts\">" << html_escape(counts_line)
        << "</span></td><td class=\"checks\">";
    for (const CaseResult* kase : row.cases) {
      const std::string o = display_outcome(*kase);
      out << "<a class=\"c-" << o << "\" href=\"#" << html_escape(anchor(*kase)) << "\" title=\""
          << html_escape(o + ": " + kase->title) << "\">" << html_escape(kase->id) << "</a>";
    }
    out << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  rfc_findings_list(run, out);
  out << "</section>\n";
}

void areas_section(const result::RunResult& run, std::ostream& out) {
  out << "<section id=\"areas\">\n<h2>Areas</h2>\n<table class=\"area\">\n<thead><tr><th>area</th>"
         "<th>outcomes</th><th>counts</th></tr></thead>\n<tbody>\n";
  for (const auto& suite : run.suites) {
    const result::Totals s = result::totals(suite);
    out << "<tr data-suite=\"" << html_escape(suite.id) << "\" data-total=\"" << s.total()
        << "\"><td><a href=\"#suite-" << html_escape(suite.id) << "\">"
        << html_escape(suite.title.empty() ? suite.id : suite.title) << "</a></td><td>" << bar(s)
        << "</td><td class=\"counts\">" << html_escape(counts_text(s)) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n</section>\n";
}

/// The request as a curl command, in a collapsed block the "copy as curl" button copies.
void curl_block(const result::StepResult& step, bool insecure, std::ostream& out) {
  const CurlCommand curl = curl_command(
      step.exchange->request, {.insecure = insecure, .body_bytes = step.request_body_bytes});
  out << "<details class=\"curl\"><summary>curl command (the secret as $SCIM_TOKEN)</summary>\n"
         "<pre class=\"curl-command\">"
      << html_escape(curl.command) << "</pre>\n";
  for (const auto& note : curl.notes) out << "<p class=\"muted curl-note\">" << html_escape(note) << "</p>\n";
  out << "</details>\n";
}

void exchange_block(const result::StepResult& step, bool insecure, std::ostream& out) {
  const http::Exchange& ex = *step.exchange;
  std::string request = ex.request.method + " " + ex.request.url + "\n";
  for (const auto& h : ex.request.headers) request += h.name + ": " + h.value + "\n";
  if (!ex.request.body.empty())
    request += "\n" + show_body(ex.request.body, kBodyLimit, step.request_body_bytes) + "\n";
  out << "<h5>request <button type=\"button\" class=\"copy-curl\" title=\"copy a curl command "
         "that sends this request again\">copy as curl</button><span class=\"copied muted\" "
         "aria-live=\"polite\"></span></h5>\n<pre class=\"request\">"
      << html_escape(request) << "</pre>\n";
  curl_block(step, insecure, out);
  if (ex.error && ex.error->kind != http::ErrorKind::none) {
    std::string what = std::string("no response (") + http::to_string(ex.error->kind) + " error";
    if (!ex.error->message.empty()) what += ": " + ex.error->message;
    out << "<h5>response</h5>\n<pre class=\"response\">" << html_escape(what + ")") << "</pre>\n";
    return;
  }
  std::string response = "HTTP " + std::to_string(ex.response.status) + "\n";
  for (const auto& h : ex.response.headers) response += h.name + ": " + h.value + "\n";
  if (!ex.response.body.empty())
    response += "\n" + show_body(ex.response.body, kBodyLimit, step.response_body_bytes) + "\n";
  out << "<h5>response (" << std::llround(ex.elapsed_ms) << " ms)</h5>\n<pre class=\"response\">"
      << html_escape(response) << "</pre>\n";
}

/// Where a failed expectation is written, and the profile mapping its case was expanded for.
void source_note(const CaseResult& kase, const result::CheckResult& check, std::ostream& out) {
  const source::Span& span = check.source.file.empty() ? kase.source : check.source;
  if (!span.file.empty())
    out << "<br><span class=\"muted source\">written at <code class=\"where\">"
        << html_escape(source::location(span)) << "</code></span>";
  if (!kase.mapping.file.empty())
    out << "<br><span class=\"muted mapping\">value mapped at <code class=\"where\">"
        << html_escape(source::location(kase.mapping)) << "</code></span>";
}

void case_block(const CaseResult& kase, bool insecure, std::ostream& out) {
  const std::string o = display_outcome(kase);
  const bool open = result::is_problem(kase.outcome) && o != "known";
  std::string search = source::fold_case(kase.id + " " + kase.title + " " + kase.requirement + " " +
                             kase.capability + " " + kase.suite + " " + o);
  out << "<details class=\"case\" id=\"" << html_escape(anchor(kase)) << "\" data-outcome=\"" << o
      << "\" data-search=\"" << html_escape(search) << "\"" << (open ? " open" : "") << ">\n<summary>"
      << badge(o) << " <code>" << html_escape(kase.id) << "</code> " << html_escape(kase.title);
  if (kase.baseline == result::BaselineState::fixed)
    out << " <span class=\"tag\">fixed: remove from baseline</span>";
  if (kase.baseline == result::BaselineState::expired)
    out << " <span class=\"tag\">baseline entry expired</span>";
  out << "</summary>\n<dl class=\"kv\">\n";
  const auto kv = [&](const char* name, const std::string& value) {
    if (!value.empty()) out << "<dt>" << name << "</dt><dd>" << html_escape(value) << "</dd>\n";
  };
  kv("requirement", kase.requirement + " [" + grade(kase) + "]");
  kv("capability", kase.capability);
  if (kase.outcome == Outcome::blocked) kv("blocked by", kase.blocked_by);
  kv(kase.outcome == Outcome::skipped ? "skipped because" : "reason", kase.reason);
  if (kase.baseline != result::BaselineState::none)
    kv("baseline", result::to_string(kase.baseline) + std::string(": ") + kase.baseline_reason);
  kv("fix", result::fix_of(kase));
  kv("why it matters", kase.rationale);
  if (!kase.source.file.empty()) kv("written at", source::location(kase.source));
  if (!kase.mapping.file.empty()) kv("value mapped at", source::location(kase.mapping));
  kv("duration", std::to_string(std::llround(kase.duration_ms)) + " ms");
  out << "</dl>\n";
  for (const auto& step : kase.steps) {
    out << "<div class=\"step\" data-step-outcome=\"" << result::to_string(step.outcome)
        << "\">\n<h4>step " << html_escape(step.name) << " " << badge(result::to_string(step.outcome))
        << "</h4>\n";
    if (!step.error.empty()) out << "<p class=\"step-error\">" << html_escape(step.error) << "</p>\n";
    if (!step.checks.empty()) {
      out << "<table class=\"checks-of-step\">\n<thead><tr><th></th><th>check</th><th>expected"
             "</th><th>actual</th></tr></thead>\n<tbody>\n";
      for (const auto& check : step.checks) {
        const std::string co = result::to_string(check.outcome);
        out << "<tr class=\"check\" data-outcome=\"" << co << "\"><td>" << badge(co) << "</td><td>"
            << html_escape(check.description) << " <span class=\"muted\">[" << html_escape(grade(check))
            << "]</span>";
        if (!check.message.empty())
          out << "<br><span class=\"muted\">" << html_escape(check.message) << "</span>";
        if (result::is_problem(check.outcome)) source_note(kase, check, out);
        out << "</td><td><code class=\"expected\">" << html_escape(check.expected)
            << "</code></td><td><code class=\"actual\">" << html_escape(check.actual)
            << "</code></td></tr>\n";
      }
      out << "</tbody>\n</table>\n";
    }
    if (step.exchange) exchange_block(step, insecure, out);
    out << "</div>\n";
  }
  out << "</details>\n";
}

void checks_section(const result::RunResult& run, std::ostream& out) {
  out << "<section id=\"checks\">\n<h2>Checks</h2>\n<div id=\"filters\" role=\"search\">\n";
  for (const char* name : {"passed", "failed", "errored", "warning", "blocked", "skipped", "known"})
    out << "<label><input type=\"checkbox\" value=\"" << name << "\" checked> " << badge(name)
        << "</label>\n";
  out << "<input type=\"search\" id=\"search\" placeholder=\"search ids, titles, requirements, "
         "bodies\" aria-label=\"search checks\">\n<span id=\"shown\" class=\"muted\"></span>\n"
         "</div>\n";
  for (const auto& suite : run.suites) {
    out << "<section class=\"area-checks\" id=\"suite-" << html_escape(suite.id) << "\">\n<h3>"
        << html_escape(suite.title.empty() ? suite.id : suite.title) << " <span class=\"muted\">"
        << html_escape(suite.file) << "</span></h3>\n";
    for (const auto& kase : suite.cases) case_block(kase, run.insecure, out);
    out << "</section>\n";
  }
  out << "</section>\n";
}

void cleanup_section(const result::RunResult& run, std::ostream& out) {
  out << "<section id=\"cleanup\">\n<h2>Cleanup</h2>\n<p>created " << run.cleanup.created
      << ", deleted " << run.cleanup.deleted << "</p>\n";
  if (!run.cleanup.leftovers.empty()) {
    out << "<p class=\"alert\">Left on the server (run <code>scimcheck "
           "cleanup</code>):</p>\n<ul>\n";
    for (const auto& l : run.cleanup.leftovers) out << "<li><code>" << html_escape(l) << "</code></li>\n";
    out << "</ul>\n";
  }
  out << "</section>\n";
}

}  // namespace

std::string html_escape(const std::string& text) {
  const std::string safe = safe_text(text);
  std::string out;
  out.reserve(safe.size());
  for (char c : safe) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void write_html(const result::RunResult& run, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"scimcheck "
      << html_escape(run.tool_version) << "\">\n<title>scimcheck " << html_escape(run.profile) << ": " << verdict(run)
      << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n";
  header(run, out);
  checklist_section(run, out);
  write_readiness_html(run, out);
  schema_drift_section(run, out);
  areas_section(run, out);
  checks_section(run, out);
  cleanup_section(run, out);
  out << "<footer class=\"muted\"><p>Written by scimcheck " << html_escape(run.tool_version) << " from run "
      << html_escape(run.run_id) << " (" << html_escape(run.started_at) << " to " << html_escape(run.finished_at)
      << "). Secrets were masked before this file was written.</p></footer>\n<script>" << kScript
      << "</script>\n</body>\n</html>\n";
}

}  // namespace scimcheck::report
