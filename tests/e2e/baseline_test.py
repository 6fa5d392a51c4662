"""A baseline of known failures: a run against a server with a defect fails (exit 1); with
every failure listed in a baseline it passes (exit 0) and reports them as known; with one
entry removed it fails again; an expired entry excuses nothing; a listed check that passes is
reported as fixed; a malformed baseline stops the run before anything is sent (exit 2) and
names the file:line:col of the problem. Known failures are counted the same on the console
and in HTML, Markdown, JUnit and results.json. A pattern entry ("users.*") accepts every
failing check it matches; one matching nothing is named with its place in the file.
`baseline init results.json` writes a run's failures as a baseline that, once used, turns
the same run green."""
import json
import re
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
    cid = tc.get("name")
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

# 7. the problem of a malformed baseline is named where it is written
bad = work / "bad-place.json"
bad.write_text('{"entries": [\n  {"id": "users.a", "reason": "r"},\n  {"id": "users.b", "reson": "r"}\n]}\n')
code, stdout, stderr = run(work / "bad-place", "--baseline", str(bad))
check(code == 2, f"baseline with an unknown key: exit code {code}, expected 2")
check(f"{bad}:3:21: error: entries[1].reson: unknown key" in stderr and 'did you mean "reason"?' in stderr,
      f"the unknown key is not named at its place: {stderr!r}")
check(f"{bad}:3:3: error: entries[1].reason: missing" in stderr, f"the missing reason is not named at its entry: {stderr!r}")
bad.write_text('{"entries": [{"id": "*", "reason": "everything"}]}')
code, stdout, stderr = run(work / "bad-star", "--baseline", str(bad))
check(code == 2 and f"{bad}:1:21: error: entries[0].id: \"*\" would accept every failure" in stderr,
      f"a pattern accepting every failure: exit code {code}: {stderr!r}")


# 8. known failures are counted the same in every report
def console_counts(stdout):
    line = next((l for l in stdout.splitlines() if re.match(r"^\d+ passed, \d+ failed, ", l)), "")
    return {("warning" if k.startswith("warning") else k): int(n)
            for n, k in re.findall(r"(\d+) (passed|failed|errored|skipped|warnings?|blocked|known)", line)}


def html_counts(path):
    html = path.read_text()
    return {k: int(n) for k, n in re.findall(r'<li data-outcome="(\w+)">.*?<span class="n">(\d+)</span>', html)}


def markdown_counts(path):
    m = re.search(r"^\*\*(.*?)\*\* of (\d+) checks", path.read_text(), re.M)
    if not m:
        return {}
    names = {"warnings": "warning", "known failures accepted": "known"}
    counts = {names.get(k, k): int(n) for n, k in re.findall(r"(\d+) ([a-z ]+?)(?:,|$)", m.group(1))}
    counts["total"] = int(m.group(2))
    return counts


def junit_counts(path):
    root = ET.parse(path).getroot()
    known = sum(1 for tc in root.iter("testcase")
                if any(p.get("name") == "baseline" and p.get("value") == "known" for p in tc.iter("property")))
    return {"failed": int(root.get("failures")), "errored": int(root.get("errors")), "known": known,
            "tests": int(root.get("tests"))}


out = work / "counts-plain"
code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--out", str(out), "--format", "json",
                                 "--server-defect", "patch-ignored")
cases, _ = cases_of(out)
failing = sorted(i for i, c in cases.items() if c["outcome"] == "failed")
warning = sorted(i for i, c in cases.items() if c["outcome"] == "warning")
check(code == 1 and len(failing) >= 2, f"patch-ignored: exit {code}, failures {failing}")
if len(failing) >= 2:
    one = write_baseline(work / "one.json", [{"id": failing[0], "reason": "accepted for now"}])
    out = work / "counts"
    code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--out", str(out), "--format",
                                     "json,junit,md,html", "--server-defect", "patch-ignored", "--baseline", str(one))
    check(code == 1, f"one failure known of {len(failing)}: exit code {code}, expected 1")
    totals = json.loads((out / "results.json").read_text())["totals"]
    want_failed, want_known = len(failing) - 1, 1
    check(totals["failed"] == want_failed and totals["known"] == want_known,
          f"results.json: {totals['failed']} failed + {totals['known']} known, expected {want_failed} + {want_known}")
    views = {"console": console_counts(stdout), "html": html_counts(out / "report.html"),
             "markdown": markdown_counts(out / "report.md"), "junit": junit_counts(out / "junit.xml")}
    for name, counts in views.items():
        check(counts.get("failed") == totals["failed"] and counts.get("known") == totals["known"],
              f"{name}: {counts.get('failed')} failed + {counts.get('known')} known, results.json says "
              f"{totals['failed']} + {totals['known']} ({counts})")
        check(counts.get("errored", 0) == totals["errored"], f"{name}: errored {counts.get('errored')} != {totals['errored']}")
    for name in ("console", "html", "markdown"):
        for outcome in ("passed", "skipped", "warning", "blocked"):
            check(views[name].get(outcome, 0) == totals[outcome],
                  f"{name}: {outcome} {views[name].get(outcome, 0)}, results.json {totals[outcome]}")
    total = sum(totals[k] for k in ("passed", "failed", "errored", "skipped", "warning", "blocked", "known"))
    check(views["html"].get("total") == total and views["markdown"].get("total") == total
          and views["junit"]["tests"] == total,
          f"totals: html {views['html'].get('total')}, markdown {views['markdown'].get('total')}, "
          f"junit {views['junit']['tests']}, results.json {total}")

    # 9. a pattern entry accepts every failing check it matches; one matching nothing is named
    area = failing[0].split(".")[0]
    by_area = [i for i in failing if i.startswith(area + ".")]
    others = [i for i in failing if not i.startswith(area + ".")]
    patterns = write_baseline(work / "patterns.json", [
        {"id": area + ".*", "reason": "the whole area is next quarter"},
        {"id": "nosuch.*", "reason": "typo"}] + [{"id": i, "reason": "ticket"} for i in others])
    out = work / "patterns"
    code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--out", str(out), "--format", "json",
                                     "--server-defect", "patch-ignored", "--baseline", str(patterns))
    check(code == 0, f"every failure known through a pattern: exit code {code}, expected 0\n{stdout[-1500:]}\n{stderr[-1500:]}")
    cases, doc = cases_of(out)
    for i in by_area:
        check(cases[i]["baseline"] == "known" and cases[i]["baseline_reason"] == "the whole area is next quarter",
              f"{i}: not accepted by the pattern {area}.*: {cases[i]['baseline']!r}")
    passing_in_area = [i for i, c in cases.items() if i.startswith(area + ".") and c["outcome"] == "passed"]
    check(passing_in_area and all(cases[i]["baseline"] == "" for i in passing_in_area),
          "passing checks under a pattern are marked (a pattern is not fixed by one passing check)")
    want_known = len(failing) + len([i for i in warning if i.startswith(area + ".")])
    check(doc["totals"]["known"] == want_known, f"totals.known {doc['totals']['known']} != {want_known}")
    lines = patterns.read_text().splitlines()
    at = next(f"{n}:{line.index(chr(34) + 'nosuch') + 1}" for n, line in enumerate(lines, 1) if "nosuch" in line)
    check(f'{patterns}:{at}: warning: baseline pattern "nosuch.*" matches no check of this run' in stderr,
          f"the pattern matching nothing is not named at its place: {stderr!r}")

# 10. `baseline init` writes the failures of a saved run; with it the same run passes
plain = work / "plain" / "results.json"
init = work / "init.json"
code, stdout, stderr = scimcheck("baseline", "init", str(plain), "--out", str(init), "--days", "10",
                                 SCIMCHECK_TODAY="2031-12-25")
check(code == 0 and init.exists(), f"baseline init: exit code {code}\n{stdout}\n{stderr}")
if init.exists():
    entries = json.loads(init.read_text())["entries"]
    check(sorted(e["id"] for e in entries) == failed,
          f"baseline init lists {sorted(e['id'] for e in entries)}, the run failed {failed}")
    check(all(e["reason"].startswith("TODO: ") and e["expires"] == "2032-01-04" for e in entries),
          f"baseline init: reasons or expiry dates: {entries}")
    code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--out", str(work / "with-init"),
                                     "--format", "json", *DEFECT, "--baseline", str(init),
                                     SCIMCHECK_TODAY="2032-01-04")
    check(code == 0, f"the same run with the baseline init wrote: exit code {code}, expected 0\n{stdout[-1500:]}")
    code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--out", str(work / "init-expired"),
                                     "--format", "json", *DEFECT, "--baseline", str(init),
                                     SCIMCHECK_TODAY="2032-01-05")
    check(code == 1, f"after its expiry, the init baseline excuses nothing: exit code {code}, expected 1")
    before = init.read_text()
    code, stdout, stderr = scimcheck("baseline", "init", str(plain), "--out", str(init))
    check(code == 2 and "--force" in stderr and init.read_text() == before,
          f"baseline init over an existing file: exit code {code}, {stderr!r}")
    code, stdout, stderr = scimcheck("baseline", "init", str(plain), "--out", str(init), "--force")
    check(code == 0 and json.loads(init.read_text())["entries"], f"baseline init --force: exit code {code}")
# blocked and skipped checks are no failures to accept
counts_plain = work / "counts-plain" / "results.json"
if counts_plain.exists():
    code, stdout, stderr = scimcheck("baseline", "init", str(counts_plain), "--out", str(work / "init2.json"))
    run_cases, _ = cases_of(work / "counts-plain")
    want = sorted(i for i, c in run_cases.items() if c["outcome"] in ("failed", "errored", "warning"))
    got = sorted(e["id"] for e in json.loads((work / "init2.json").read_text())["entries"]) if code == 0 else []
    check(got == want and any(c["outcome"] == "blocked" for c in run_cases.values()),
          f"baseline init of a run with blocked checks lists {got}, expected {want}")

check(not files_containing(work, TOKEN), "token found in a report file")
finish()
