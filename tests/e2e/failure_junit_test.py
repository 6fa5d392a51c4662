"""A run against a server with a defect fails with exit code 1; the failing case in JUnit
carries the requirement, expected vs actual and the redacted exchange; the token appears in
no output."""
from common import TOKEN, check, files_containing, finish, junit_cases, scimcheck, tempdir
import xml.etree.ElementTree as ET

out = tempdir("failure")
code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--out", str(out),
                                 "--server-defect", "create-returns-200")
check(code == 1, f"exit code {code}, expected 1\n{stdout[-2000:]}\n{stderr[-2000:]}")
cases, root = junit_cases(out / "junit.xml")
failed = [c for c, o in cases.items() if o == "failed"]
check(failed, "no failed testcase in junit")
for tc in root.iter("testcase"):
    f = tc.find("failure")
    if f is None:
        continue
    text = (f.text or "") + (f.get("message") or "")
    check("POST" in text and "HTTP" in text or "200" in text, f"{tc.get('name')}: failure without the exchange")
    props = {p.get("name"): p.get("value") for p in tc.iter("property")}
    check(props.get("requirement"), f"{tc.get('name')}: no requirement property")
    check("Bearer ****" in text or "Authorization" not in text,
          f"{tc.get('name')}: Authorization header not masked")
    break
check(not files_containing(out, TOKEN), "token found in a report file")
check(TOKEN not in stdout + stderr, "token printed on the console")
finish()
