"""The HTML report in a real browser: headless Chromium opens report.html of a run with
failures from disk (no network), its inline script runs (the "N of N checks shown" line is
filled in), and the DOM it ends with has the checklist rows, the counts of results.json and
every failed check expanded. The screenshot is kept as a test artifact in
$SCIMCHECK_ARTIFACTS (or the run's folder). Fails when Chromium is missing."""
import json
import os
import pathlib
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser

from common import TOKEN, check, files_containing, finish, rfc_only, scimcheck, tempdir

WIDTH, HEIGHT = 1280, 2000


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows = {}  # capability -> status
        self.open_cases = {}  # check id -> (outcome, open)
        self.totals = {}  # outcome -> count
        self._in = None
        self._total_for = None
        self.text = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "data-capability" in a:
            self.rows[a["data-capability"]] = a.get("data-status")
        if tag == "details" and "case" in (a.get("class") or ""):
            self.open_cases[a["id"][len("case-"):]] = (a.get("data-outcome"), "open" in a)
        if tag == "li" and "data-outcome" in a:
            self._total_for = a["data-outcome"]
        if tag == "span" and a.get("class") == "n" and self._total_for:
            self._in = ("total", self._total_for)
        if a.get("id") in ("shown", "verdict"):
            self._in = ("id", a["id"])

    def handle_data(self, data):
        if self._in and self._in[0] == "total":
            self.totals[self._in[1]] = int(data)
        elif self._in:
            self.text[self._in[1]] = self.text.get(self._in[1], "") + data

    def handle_endtag(self, tag):
        if tag in ("span", "li"):
            self._in = None
        if tag == "li":
            self._total_for = None


browser = shutil.which("chromium") or shutil.which("chromium-browser")
check(browser, "chromium not found (tools/install-deps.sh installs it)")
if not browser:
    finish()

out = tempdir("browser")
code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--out", str(out), "--format", "html,json",
                                 "--server-defect", "create-returns-200")
check(code == 1, f"exit code {code}, expected 1\n{stderr[-1500:]}")
report = out / "report.html"
doc = json.loads((out / "results.json").read_text())
cases = {c["id"]: c for s in doc["suites"] for c in s["cases"]}

artifacts = pathlib.Path(os.environ.get("SCIMCHECK_ARTIFACTS") or out)
artifacts.mkdir(parents=True, exist_ok=True)
shot = artifacts / "report.png"
profile_dir = tempdir("chromium-profile")
base = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        f"--user-data-dir={profile_dir}", "--hide-scrollbars"]
url = report.resolve().as_uri()

p = subprocess.run(base + [f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={shot}", url],
                   capture_output=True, text=True, timeout=180)
check(p.returncode == 0 and shot.exists(), f"chromium --screenshot failed ({p.returncode}):\n{p.stderr[-1500:]}")
if shot.exists():
    data = shot.read_bytes()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", "the screenshot is not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    check((width, height) == (WIDTH, HEIGHT), f"screenshot is {width}x{height}, expected {WIDTH}x{HEIGHT}")
    check(len(data) > 50_000, f"screenshot of {len(data)} bytes: blank page?")
    print(f"screenshot: {shot}")

p = subprocess.run(base + ["--dump-dom", url], capture_output=True, text=True, timeout=180)
check(p.returncode == 0 and "<html" in p.stdout, f"chromium --dump-dom failed ({p.returncode}):\n{p.stderr[-1500:]}")
dom = Dom()
dom.feed(p.stdout)

# the inline script ran, offline, and counted every check as shown
shown = dom.text.get("shown", "")
check(re.fullmatch(rf"{len(cases)} of {len(cases)} checks shown", shown),
      f"the filter script did not run: #shown is {shown!r}")
check(dom.text.get("verdict") == "FAILED", f"verdict {dom.text.get('verdict')!r}")

# the checklist: one row per capability, red where a check of Entra, the gallery or the app
# failed (a failure of RFC rules alone leaves the row alone)
capabilities = {c["capability"] for c in cases.values() if c["capability"]}
check(set(dom.rows) == capabilities, f"checklist rows {sorted(dom.rows)} != {sorted(capabilities)}")
failing = {c["capability"] for c in cases.values() if c["outcome"] == "failed" and not rfc_only(c)}
for cap in failing:
    check(dom.rows.get(cap) == "fail", f"checklist row {cap}: {dom.rows.get(cap)}, expected fail")
for cap, status in dom.rows.items():
    check(status != "fail" or cap in failing, f"checklist row {cap} is fail with RFC-only failures alone")

# the counts agree with results.json
for outcome in ("passed", "failed", "errored", "skipped"):
    check(dom.totals.get(outcome) == doc["totals"][outcome],
          f"{outcome}: page says {dom.totals.get(outcome)}, results.json {doc['totals'][outcome]}")
check(dom.totals.get("total") == len(cases), f"total {dom.totals.get('total')} != {len(cases)}")

# every failed check is expanded, passing ones are not
check(set(dom.open_cases) == set(cases), "the page's checks differ from results.json")
failed = [i for i, c in cases.items() if c["outcome"] == "failed"]
check(failed, "no failed check to look at")
for cid in failed:
    check(dom.open_cases.get(cid, (None, False))[1], f"{cid}: failed check not expanded")
for cid, c in cases.items():
    if c["outcome"] == "passed":
        check(not dom.open_cases[cid][1], f"{cid}: passing check expanded")

check(not files_containing(out, TOKEN), "token found in a report file")
shutil.rmtree(profile_dir, ignore_errors=True)
finish()
