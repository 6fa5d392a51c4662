"""A baseline of known failures: a run against a server with a defect fails (exit 1); with
every failure listed in a baseline it passes (exit 0) and reports them as known; with one
entry removed it fails again; an expired entry excuses nothing; a listed check that passes is
reported as fixed; a malformed baseline stops the run before anything is sent (exit 2)."""
import json
import xml.etree.ElementTree as ET

from common import TOKEN, check, files_containing, finish, scimcheck, tempdir

DEFECT = ["--server-defect", "create-returns-200"]


def run(out, *extra):
    return scimcheck("run", "--profile", "twingate", "--out", str(out),
                     "--format", "json,junit,md", *DEFECT, *extra)


def cases_of(out):
    """{check id: case} from results.json."""
    doc = json.loads((out / "results.json").read_text())
    return {c["id"]: c for s in doc["suites"] for c in s["cases"]}, doc


def write_baseline(path, entries):
    path.write_text(json.dumps({"entries": entries}, indent=2))
    return path


work = tempdir("baseline")

# 1. the defect fails some checks
out = work / "plain"
code, stdout, stderr = run(out)
check(code == 1, f"without baseline: exit code {code}, expected 1\n{stdout[-2000:]}\n{stderr[-1500:]}")
cases, _ = cases_of(out)
failed = sorted(i for i, c in cases.items() if c["outcome"] == "failed")
passed = sorted(i for i, c in cases.items() if c["outcome"] == "passed")
check(len(failed) >= 2, f"expected at least two failures from the defect, got {failed}")
check(passed, "expected some checks to pass")
if len(failed) < 2 or not passed:
    finish()

# 2. every failure known, plus one passing check: exit 0, known and fixed reported
entries = [{"id": i, "reason": f"vendor ticket for {i}"} for i in failed]
entries.append({"id": passed[0], "reason": "was broken last month", "expires": "2999-12-31"})
full = write_baseline(work / "full.json", entries)
out = work / "full"
code, stdout, stderr = run(out, "--baseline", str(full))
check(code == 0, f"all failures known: exit code {code}, expected 0\n{stdout[-2000:]}\n{stderr[-1500:]}")
cases, doc = cases_of(out)
for i in failed:
    check(cases[i]["outcome"] == "failed" and cases[i]["baseline"] == "known",
          f"{i}: expected a known failure, got {cases[i]['outcome']}/{cases[i]['baseline']}")
    check(cases[i]["baseline_reason"] == f"vendor ticket for {i}", f"{i}: baseline reason lost")
check(cases[passed[0]]["baseline"] == "fixed", f"{passed[0]}: expected fixed, got {cases[passed[0]]['baseline']!r}")
check(doc["totals"]["known"] == len(failed), f"totals.known {doc['totals']['known']} != {len(failed)}")
check(doc["totals"]["fixed"] == 1, f"totals.fixed {doc['totals']['fixed']} != 1")
check(f"baseline: {len(failed)} known failures (not failing the run), 1 fixed" in stdout,
      f"console does not summarise the baseline\n{stdout[-1500:]}")
check(f"fixed:   {passed[0]} passes now" in stdout, "console does not name the fixed check")
# While the run goes on, each known failure is printed as KNOWN, never as FAIL.
for i in failed:
    check(f"KNOWN  {i}  " in stdout and f"(known failure: vendor ticket for {i})" in stdout,
          f"{i}: the console does not print it as a known failure\n{stdout[-1500:]}")
check("\nFAIL " not in stdout, f"the console prints FAIL for a known failure\n{stdout[-1500:]}")
lines = stdout.splitlines()
detailed = [line for n, line in enumerate(lines[:-1])
            if line.startswith("KNOWN ") and lines[n + 1].lstrip().startswith("requirement:")]
check(not detailed, f"the console details a known failure without --verbose: {detailed[:3]}")
code, stdout, stderr = run(work / "full-verbose", "--baseline", str(full), "--verbose")
check(code == 0 and "requirement:" in stdout and f"KNOWN  {failed[0]}  " in stdout,
      f"--verbose: the details of known failures are missing\n{stdout[-1500:]}")
# JUnit: known failures are skipped with the reason, and counted as skipped, not failures
root = ET.parse(out / "junit.xml").getroot()
check(root.get("failures") == "0" and root.get("errors") == "0",
      f"junit counts failures={root.get('failures')} errors={root.get('errors')}, expected 0 and 0")
for tc in root.iter("testcase"):
    cid = tc.get("name").split(": ", 1)[0]
    if cid in failed:
        sk = tc.find("skipped")
        check(sk is not None and sk.get("message") == f"known failure: vendor ticket for {cid}",
              f"{cid}: junit does not mark the known failure as skipped with its reason")
        so = tc.find("system-out")
        check(so is not None and "expected" in (so.text or ""), f"{cid}: junit lost the evidence of the known failure")
    if cid == passed[0]:
        so = tc.find("system-out")
        check(so is not None and (so.text or "").startswith("fixed:"), f"{cid}: junit does not say fixed")
md = (out / "report.md").read_text()
check(md.startswith("## scimcheck Twingate: PASSED"), f"markdown verdict: {md[:80]!r}")
check("### Known failures (baseline)" in md and "### Fixed (remove from the baseline)" in md,
      "markdown lacks the known/fixed sections")
check("### Failures" not in md, "markdown lists failures although all are known")

# 3. one entry removed: that failure is new again and fails the run
removed = failed[0]
partial = write_baseline(work / "partial.json", [e for e in entries if e["id"] != removed])
out = work / "partial"
code, stdout, stderr = run(out, "--baseline", str(partial))
check(code == 1, f"one failure not in the baseline: exit code {code}, expected 1")
check(f"FAIL   {removed}  " in stdout,
      f"{removed}: the console should print the new failure as FAIL\n{stdout[-1500:]}")
cases, _ = cases_of(out)
check(cases[removed]["baseline"] == "", f"{removed}: should not be marked, got {cases[removed]['baseline']!r}")
check(all(cases[i]["baseline"] == "known" for i in failed[1:]), "the other failures should stay known")
md = (out / "report.md").read_text()
check(md.startswith("## scimcheck Twingate: FAILED"), f"markdown verdict: {md[:80]!r}")
check(f"#### `{removed}`" in md, f"markdown does not list the new failure {removed}")

# 4. an expired entry counts as a failure
expired_entries = [dict(e) for e in entries]
expired_entries[0]["expires"] = "2000-01-01"
expired = write_baseline(work / "expired.json", expired_entries)
out = work / "expired"
code, stdout, stderr = run(out, "--baseline", str(expired))
check(code == 1, f"expired entry: exit code {code}, expected 1")
cases, _ = cases_of(out)
check(cases[expired_entries[0]["id"]]["baseline"] == "expired", "expired entry not reported as expired")
check(f"expired: {expired_entries[0]['id']}" in stdout, "console does not name the expired entry")

# 5. `report` applies a baseline to a saved run as well
out_report = work / "rerender"
code, stdout, stderr = scimcheck("report", str(work / "plain" / "results.json"), "--format", "md,junit",
                                 "--out", str(out_report), "--baseline", str(full))
check(code == 0, f"report --baseline: exit code {code}\n{stderr}")
md = (out_report / "report.md").read_text() if (out_report / "report.md").exists() else ""
check("### Known failures (baseline)" in md, "report --baseline: no known failures section")

# 6. a malformed baseline: exit 2 before anything is sent, no report written
bad = work / "bad.json"
bad.write_text('{"entries": [{"id": "x", "reason": "r", "expires": "soon"}]}')
out = work / "bad"
code, stdout, stderr = run(out, "--baseline", str(bad))
check(code == 2, f"malformed baseline: exit code {code}, expected 2")
check("entries[0].expires: expected a date YYYY-MM-DD" in stderr, f"malformed baseline message: {stderr!r}")
check(not (out / "junit.xml").exists(), "malformed baseline: a report was written")
code, stdout, stderr = run(work / "missing", "--baseline", str(work / "nope.json"))
check(code == 2, f"missing baseline: exit code {code}, expected 2")

check(not files_containing(work, TOKEN), "token found in a report file")
finish()
