"""A run against a server with a defect fails with exit code 1; the failing case in JUnit
carries the requirement, expected vs actual and the redacted exchange; each failed testcase
points at its suite: `file` and `line` attributes, and a failure message that starts with the
file:line:col of the failed expectation (for annotation actions); the token appears in no
output."""
import pathlib
import re

from common import ROOT, TOKEN, check, files_containing, finish, junit_cases, scimcheck, tempdir

def suite_file(path):
    """A suite path as reports give it: relative to the working folder (when inside it, as
    scimcheck runs here in ours), else absolute."""
    return pathlib.Path(path) if pathlib.Path(path).is_absolute() else pathlib.Path.cwd() / path


out = tempdir("failure")
code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--out", str(out),
                                 "--server-defect", "create-returns-200")
check(code == 1, f"exit code {code}, expected 1\n{stdout[-2000:]}\n{stderr[-2000:]}")
cases, root = junit_cases(out / "junit.xml")
failed = [c for c, o in cases.items() if o == "failed"]
check(failed, "no failed testcase in junit")
evidence_checked = False
located = 0
for tc in root.iter("testcase"):
    f = tc.find("failure")
    if f is None:
        continue
    name = tc.get("name")
    text = (f.text or "") + (f.get("message") or "")
    if not evidence_checked:
        evidence_checked = True
        check("POST" in text and "HTTP" in text or "200" in text, f"{name}: failure without the exchange")
        props = {p.get("name"): p.get("value") for p in tc.iter("property")}
        check(props.get("requirement"), f"{name}: no requirement property")
        check(props.get("title"), f"{name}: no title property")
        check("Bearer ****" in text or "Authorization" not in text,
              f"{name}: Authorization header not masked")
    # file:line:col of the failed expectation, in a suite file that has it there
    m = re.match(r"^(\S+?):(\d+):(\d+): \S", f.get("message") or "")
    if not check(m, f"{name}: failure message does not start with file:line:col: {f.get('message')!r}"):
        continue
    path, line, col = m.group(1), int(m.group(2)), int(m.group(3))
    lines = suite_file(path).read_text().splitlines() if suite_file(path).is_file() else []
    check(0 < line <= len(lines) and lines[line - 1][col - 1:col] in ("{", '"'),
          f"{name}: {path}:{line}:{col} is not the start of an expectation in a suite file")
    check(tc.get("file") == path and tc.get("line") == str(line),
          f"{name}: file/line attributes {tc.get('file')}:{tc.get('line')}, message at {path}:{line}")
    located += 1
check(located == len(failed), f"{located} of {len(failed)} failed testcases point at their suite")
for tc in root.iter("testcase"):
    if tc.get("name") != "preflight.target":
        where = suite_file(tc.get("file", "-")).resolve()
        check((ROOT / "suites") in where.parents and where.is_file() and int(tc.get("line", "0")) > 0,
              f"{tc.get('name')}: file and line attributes {tc.get('file')}:{tc.get('line')} name no suite file")
check(not files_containing(out, TOKEN), "token found in a report file")
check(TOKEN not in stdout + stderr, "token printed on the console")
finish()
