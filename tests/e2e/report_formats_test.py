"""Several report formats from one run, and the same reports re-rendered from results.json by
`scimcheck report`: every file is written and named on the console, the HTML report is one
self-contained page whose checks and checklist agree with JUnit and results.json, the default
is JUnit plus HTML, an unknown format is a bad invocation, and the token is in no file."""
import filecmp
import json
from html.parser import HTMLParser

from common import TOKEN, check, files_containing, finish, junit_cases, rfc_only, scimcheck, tempdir


class Page(HTMLParser):
    """Collects what the checks below need from an HTML report."""

    def __init__(self):
        super().__init__()
        self.external = []  # attributes that would fetch something
        self.cases = {}  # check id -> (data-outcome, open)
        self.rows = {}  # capability -> status
        self.scripts = 0
        self.ids = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        for name in ("src", "srcset", "poster", "data"):
            if name in a:
                self.external.append(f"<{tag} {name}={a[name]}>")
        if tag == "link" or (tag == "a" and (a.get("href") or "").startswith(("http:", "https:"))):
            self.external.append(f"<{tag} href={a.get('href')}>")
        if tag == "script":
            self.scripts += 1
        if tag == "details" and "case" in (a.get("class") or ""):
            self.cases[a["id"][len("case-"):]] = (a.get("data-outcome"), "open" in a)
        if tag == "tr" and "data-capability" in a:
            self.rows[a["data-capability"]] = a.get("data-status")


out = tempdir("formats")
code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--out", str(out),
                                 "--format", "junit,html,md,json", "--server-defect", "create-returns-200")
check(code == 1, f"exit code {code}, expected 1\n{stdout[-2000:]}\n{stderr[-1500:]}")
for name in ("junit.xml", "report.html", "report.md", "results.json"):
    check((out / name).exists(), f"{name} not written")
    check(f"report: {out / name}" in stdout, f"{name} not named on the console")

doc = json.loads((out / "results.json").read_text())
by_id = {c["id"]: c for s in doc["suites"] for c in s["cases"]}
junit, _ = junit_cases(out / "junit.xml")
check(set(junit) == set(by_id), "junit and results.json disagree on the checks")

html_text = (out / "report.html").read_text()
page = Page()
page.feed(html_text)
check(not page.external, f"the HTML report fetches something: {page.external[:5]}")
check(page.scripts == 1, f"expected one inline script, found {page.scripts}")
check(len(page.ids) == len(set(page.ids)), "duplicate element ids in the HTML report")
check(set(page.cases) == set(by_id), "the HTML report's checks differ from results.json")
for cid, case in by_id.items():
    outcome, is_open = page.cases.get(cid, (None, None))
    check(outcome == case["outcome"], f"{cid}: HTML says {outcome}, results.json {case['outcome']}")
    if case["outcome"] == "failed":
        check(is_open, f"{cid}: failed check not expanded in the HTML report")
capabilities = {c["capability"] for c in by_id.values() if c["capability"]}
check(set(page.rows) == capabilities, f"checklist rows {sorted(page.rows)} != capabilities {sorted(capabilities)}")
failed_cases = [c for c in by_id.values() if c["outcome"] == "failed"]
failing_caps = {c["capability"] for c in failed_cases if not rfc_only(c)}
for cap in failing_caps:
    check(page.rows.get(cap) == "fail", f"checklist row {cap} is {page.rows.get(cap)}, expected fail")
for cap, status in page.rows.items():
    if status == "fail":
        check(cap in failing_caps, f"checklist row {cap} is fail with RFC-only failures alone")
findings = html_text.split('<h3 id="rfc-findings">', 1)[-1].split("</ul>", 1)[0]
for case in failed_cases:
    listed = f'href="#case-{case["id"]}"><code>' in findings
    check(listed == rfc_only(case),
          f"{case['id']}: {'missing from' if rfc_only(case) else 'wrongly in'} the RFC findings")
check('id="verdict">FAILED<' in html_text, "HTML verdict is not FAILED")
check(f'<dd id="meta-run-id">{doc["run_id"]}</dd>' in html_text, "HTML header lacks the run id")

md = (out / "report.md").read_text()
check(md.startswith("## scimcheck Twingate: FAILED"), f"markdown starts {md[:60]!r}")
for cid, case in by_id.items():
    if case["outcome"] == "failed":
        check(f"#### `{cid}`" in md, f"{cid}: not among the markdown failures")

# the same reports from the saved JSON, byte for byte
again = tempdir("rerender")
code, stdout, stderr = scimcheck("report", str(out / "results.json"), "--format", "html,md,junit,json",
                                 "--out", str(again))
check(code == 0, f"report: exit code {code}\n{stderr}")
for name in ("junit.xml", "report.html", "report.md", "results.json"):
    check((again / name).exists() and filecmp.cmp(out / name, again / name, shallow=False),
          f"report: {name} differs from the one the run wrote")
    check(f"report: {again / name}" in stdout, f"report: {name} not named on the console")
# default: html beside the results file
code, stdout, stderr = scimcheck("report", str(again / "results.json"))
check(code == 0 and f"report: {again / 'report.html'}" in stdout, f"report without --format: {code} {stdout}")

# bad input
code, _, stderr = scimcheck("report", str(out / "junit.xml"))
check(code == 2 and "junit.xml" in stderr, f"report of a non-JSON file: exit {code}, {stderr!r}")
code, _, _ = scimcheck("report", str(out / "results.json"), "--format", "pdf")
check(code == 2, f"report --format pdf: exit code {code}, expected 2")
code, _, _ = scimcheck("run", "--profile", "twingate", "--out", str(tempdir("bad")), "--format", "junit,pdf")
check(code == 2, f"run --format pdf: exit code {code}, expected 2")

# default formats of a run: JUnit and HTML
plain = tempdir("default")
code, stdout, stderr = scimcheck("run", "--profile", "rfc", "--out", str(plain))
check(code == 0, f"default run: exit code {code}\n{stdout[-1500:]}")
check(sorted(p.name for p in plain.iterdir() if p.suffix != ".jsonl") == ["junit.xml", "report.html"],
      f"default formats wrote {sorted(p.name for p in plain.iterdir())}")
check('id="verdict">PASSED<' in (plain / "report.html").read_text(), "passing run: HTML verdict is not PASSED")

for d in (out, again, plain):
    hits = files_containing(d, TOKEN)
    check(not hits, f"token found in {hits}")
finish()
