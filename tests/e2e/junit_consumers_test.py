"""JUnit that real consumers accept: the junit.xml of a run with failures (and of a passing
run) validates against schemas/junit/junit.xsd with xmllint; xunit-viewer's own parser reads
the same checks, outcomes and failure texts we wrote, and its command line renders them;
junit-report-merger merges two runs with the counts added up and the failure texts intact,
and merges the runs of the four app profiles (as tools/run.sh writes them) into one file that
validates against the XSD and keeps every profile's testsuites apart (4 x N, none folded).
The npm programs come from tools/install-npm-tools.sh: when they cannot be installed (no
registry), this test fails rather than passing without them."""
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET

from common import ROOT, check, finish, scimcheck, tempdir

XSD = ROOT / "schemas" / "junit" / "junit.xsd"
work = tempdir("consumers")


def outcome_of(tc):
    for tag, name in (("failure", "failed"), ("error", "errored"), ("skipped", "skipped")):
        if tc.find(tag) is not None:
            return name
    return "passed"


def testcases(path):
    """{(classname, name): (outcome, failure text, failure message)} of a JUnit file."""
    out = {}
    for tc in ET.parse(path).getroot().iter("testcase"):
        problem = tc.find("failure")
        if problem is None:
            problem = tc.find("error")
        text = (problem.text or "") if problem is not None else ""
        message = problem.get("message", "") if problem is not None else ""
        out[(tc.get("classname"), tc.get("name"))] = (outcome_of(tc), text, message)
    return out


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=300, **kw)


def suites_of(path):
    """[(testsuite name, tests attribute, number of testcases)] of a JUnit file."""
    return [(ts.get("name"), int(ts.get("tests")), len(ts.findall("testcase")))
            for ts in ET.parse(path).getroot().iter("testsuite")]


APP_PROFILES = ("twingate", "vonage", "mediusflow", "ipass")


# two runs: one with failures (and a warning or two), one passing
failing = work / "failing"
code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--out", str(failing), "--format", "junit",
                                 "--server-defect", "create-returns-200")
check(code == 1, f"failing run: exit code {code}, expected 1\n{stderr[-1500:]}")
passing = work / "passing"
code, stdout, stderr = scimcheck("run", "--profile", "rfc", "--out", str(passing), "--format", "junit")
check(code == 0, f"passing run: exit code {code}, expected 0\n{stderr[-1500:]}")
a, b = failing / "junit.xml", passing / "junit.xml"
cases_a, cases_b = testcases(a), testcases(b)
check(any(o == "failed" for o, _, _ in cases_a.values()), "the failing run has no <failure>")

# 1. the XSD, with xmllint (libxml2-utils)
xmllint = shutil.which("xmllint")
check(xmllint, "xmllint not found (tools/install-deps.sh installs libxml2-utils)")
if xmllint:
    for path in (a, b):
        p = run(xmllint, "--noout", "--schema", str(XSD), str(path))
        check(p.returncode == 0, f"{path} does not validate against {XSD}:\n{p.stderr[-2000:]}")
    # the schema does reject what consumers could not read
    broken = work / "broken.xml"
    broken.write_text(a.read_text().replace(' classname="', ' clasname="', 1))
    p = run(xmllint, "--noout", "--schema", str(XSD), str(broken))
    check(p.returncode != 0, "the XSD accepts a testcase without classname")

# 2. the npm consumers
p = run(str(ROOT / "tools" / "install-npm-tools.sh"))
check(p.returncode == 0, f"tools/install-npm-tools.sh failed (npm registry reachable?):\n{p.stderr[-2000:]}")
tools = p.stdout.strip().splitlines()[-1] if p.returncode == 0 and p.stdout.strip() else ""
node = shutil.which("node")
check(node, "node not found (tools/install-deps.sh installs nodejs)")
if tools and node:
    modules = f"{tools}/node_modules"

    # xunit-viewer: its parser, as its viewer uses it
    reader = work / "read.mjs"
    reader.write_text(
        "import fs from 'fs';\n"
        f"import parse from '{modules}/xunit-viewer/src/cli/parse.js';\n"
        "const out = await parse(fs.readFileSync(process.argv[2], 'utf8'));\n"
        "const tests = [];\n"
        "for (const s of Object.values(out.suites))\n"
        "  for (const t of Object.values(s.tests))\n"
        "    tests.push({suite: s.name, name: t.name, classname: t.classname, status: t.status,"
        " messages: t.messages});\n"
        "console.log(JSON.stringify(tests));\n")
    p = run(node, str(reader), str(a))
    check(p.returncode == 0, f"xunit-viewer parser failed:\n{p.stderr[-2000:]}")
    if p.returncode == 0:
        seen = {(t["classname"], t["name"]): t for t in json.loads(p.stdout)}
        check(set(seen) == set(cases_a), "xunit-viewer reads other tests than we wrote: "
              f"{sorted(set(seen) ^ set(cases_a))[:5]}")
        status_of = {"failed": "failure", "errored": "error", "skipped": "skipped", "passed": "passed"}
        for key, (outcome, text, message) in cases_a.items():
            t = seen.get(key)
            name = key[1]
            if not t:
                continue
            check(t["status"] == status_of[outcome], f"xunit-viewer: {name}: status {t['status']}, we wrote {outcome}")
            if outcome == "failed":
                check(text.strip() in t["messages"] and message.strip() in t["messages"],
                      f"xunit-viewer: {name}: failure text or message lost")
    # and its command line renders the report
    html = work / "xunit-viewer.html"
    p = run(node, f"{modules}/xunit-viewer/bin/xunit-viewer.js", "--results", str(a), "--output", str(html),
            "--no-color")
    check(p.returncode == 0 and html.exists() and html.stat().st_size > 1000,
          f"xunit-viewer CLI did not render {html}:\n{p.stdout[-1000:]}\n{p.stderr[-1000:]}")

    # junit-report-merger: two runs into one file
    merged = work / "merged.xml"
    p = run(node, f"{modules}/junit-report-merger/cli.js", str(merged), str(a), str(b))
    check(p.returncode == 0 and merged.exists(), f"junit-report-merger failed:\n{p.stdout}\n{p.stderr[-2000:]}")
    if merged.exists():
        root = ET.parse(merged).getroot()
        ra, rb = ET.parse(a).getroot(), ET.parse(b).getroot()
        for attr in ("tests", "failures", "errors", "skipped"):
            want = int(ra.get(attr)) + int(rb.get(attr))
            check(int(root.get(attr, "-1")) == want, f"merged {attr}={root.get(attr)}, expected {want}")
        merged_cases = testcases(merged)
        check(merged_cases == {**cases_a, **cases_b},
              "merged file differs from the two inputs in names, classnames, outcomes or failure texts")

    # junit-report-merger: the four app profiles, one JUnit file each, into one
    inputs = []
    for profile in APP_PROFILES:
        out = work / "apps" / profile
        code, stdout, stderr = scimcheck("run", "--profile", profile, "--out", str(out), "--format", "junit")
        check(code == 0, f"{profile}: exit code {code}, expected 0\n{stderr[-1500:]}")
        if (out / "junit.xml").exists():
            inputs.append(out / "junit.xml")
    merged = work / "apps-merged.xml"
    p = run(node, f"{modules}/junit-report-merger/cli.js", str(merged), *map(str, inputs))
    check(p.returncode == 0 and merged.exists(), f"junit-report-merger (apps) failed:\n{p.stdout}\n{p.stderr[-2000:]}")
    if len(inputs) == len(APP_PROFILES) and merged.exists():
        if xmllint:
            p = run(xmllint, "--noout", "--schema", str(XSD), str(merged))
            check(p.returncode == 0, f"the merged JUnit of the app profiles does not validate:\n{p.stderr[-2000:]}")
        per_profile = [suites_of(path) for path in inputs]
        n = len(per_profile[0])
        check(n >= 5 and all(len(s) == n for s in per_profile),
              f"suites per profile: {[len(s) for s in per_profile]}, expected the same N >= 5")
        got = suites_of(merged)
        names = [name for name, _, _ in got]
        check(len(got) == len(APP_PROFILES) * n and len(set(names)) == len(names),
              f"merged: {len(got)} testsuites ({len(set(names))} distinct), expected "
              f"{len(APP_PROFILES)} x {n} distinct")
        check(sorted(got) == sorted(s for ss in per_profile for s in ss),
              "merged testsuites differ from the inputs' (a suite folded into another?)")
        folded = [name for name, tests, cases in got if tests != cases]
        check(not folded, f"merged testsuites whose counts are not their own testcases': {folded[:5]}")
        root = ET.parse(merged).getroot()
        check(root.find("properties") is None, "the merged file has a <properties> under its root")
        for ts in root.iter("testsuite"):
            props = {p.get("name"): p.get("value") for p in ts.findall("properties/property")}
            check(ts.get("name").startswith(props.get("profile", "?") + "."),
                  f"testsuite {ts.get('name')}: its profile property is {props.get('profile')!r}")
        if xmllint:
            # what older reports merged into, refused: a second <properties> under the root
            twice = work / "twice.xml"
            twice.write_text(merged.read_text().replace(
                "<testsuite ", '<properties><property name="a" value="1"/></properties>\n<testsuite ', 2))
            p = run(xmllint, "--noout", "--schema", str(XSD), str(twice))
            check(p.returncode != 0, "the XSD accepts <properties> under the root")

finish()
