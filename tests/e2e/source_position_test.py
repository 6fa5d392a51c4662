"""A failed expectation points at the line of the suite it is written on, in every output a
person or a CI tool reads: the console (a compiler-style `file:line:col:` line), JUnit (the
testcase's `file` and `line`, and a failure message starting with `file:line:col`), the HTML
report and results.json. The test breaks one expectation in a copy of a shipped suite, so the
position is known from the text itself, and runs that copy against the embedded server."""
import html
import json
import re

from common import ROOT, check, finish, scimcheck, tempdir
import xml.etree.ElementTree as ET

CASE = "users.create.returns-201"

work = tempdir("source-position")
text = (ROOT / "suites" / "core" / "users.suite.json").read_text()
case_at = text.index(f'"id": "{CASE}"')
status_at = text.index('"status": 201', case_at)
# The expectation is the object holding the status: its position is that of its opening brace.
brace = text.rindex("{", 0, status_at)
broken = text[:status_at] + '"status": 299' + text[status_at + len('"status": 201'):]
copy = work / "broken-users.suite.json"
copy.write_text(broken)
line = text.count("\n", 0, brace) + 1
column = brace - (text.rindex("\n", 0, brace) + 1) + 1
where = f"{copy}:{line}:{column}"
case_brace = text.rindex("{", 0, case_at)
case_line = text.count("\n", 0, case_brace) + 1
case_column = case_brace - (text.rindex("\n", 0, case_brace) + 1) + 1

out = work / "out"
code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--suite", str(copy), "--only",
                                 CASE, "--out", str(out), "--format", "junit,html,json")
check(code == 1, f"a broken expectation: exit {code}, want 1\n{stdout[-1500:]}\n{stderr[-800:]}")

# Console: the compiler-style line, at the start of a line.
check(re.search(rf"^{re.escape(where)}: {re.escape(CASE)}: status is 299: expected 299, "
                rf"got 201$", stdout, re.M),
      f"console lacks `{where}: {CASE}: ...`\n{stdout[-1500:]}")

# JUnit: file and line of the failed expectation, and a message that starts with the place.
root = ET.parse(out / "junit.xml").getroot()
cases = [tc for tc in root.iter("testcase") if tc.get("name") == CASE]
check(len(cases) == 1, f"JUnit holds {len(cases)} testcases named {CASE}")
if cases:
    tc = cases[0]
    check(tc.get("file") == str(copy), f"JUnit file {tc.get('file')!r}, want {str(copy)!r}")
    check(tc.get("line") == str(line), f"JUnit line {tc.get('line')!r}, want {line}")
    failure = tc.find("failure")
    check(failure is not None and failure.get("message", "").startswith(where),
          f"JUnit failure message {failure.get('message') if failure is not None else None!r} "
          f"does not start with {where}")

# HTML: the place, as text of the page.
page = html.unescape((out / "report.html").read_text())
check(where in page, f"the HTML report does not show {where}")

# results.json: the check's and the case's places.
data = json.loads((out / "results.json").read_text())
kase = next(c for s in data["suites"] for c in s["cases"] if c["id"] == CASE)
check(kase.get("source") == {"file": str(copy), "line": case_line, "column": case_column},
      f"results.json case source {kase.get('source')}, want line {case_line}")
failed = [k for st in kase["steps"] for k in st["checks"] if k["outcome"] == "failed"]
check(len(failed) == 1 and failed[0].get("source") ==
      {"file": str(copy), "line": line, "column": column},
      f"results.json failed checks {failed}")

# The unbroken suite passes: the failure above is the broken expectation's alone.
code, stdout, _ = scimcheck("run", "--profile", "twingate", "--suite",
                            str(ROOT / "suites" / "core" / "users.suite.json"), "--only", CASE,
                            "--out", str(work / "ok"))
check(code == 0, f"the shipped suite: exit {code}\n{stdout[-800:]}")

finish()
