"""Interop: scimcheck against SCIMMY, a SCIM server that nobody here wrote.

tests/interop/server.js runs SCIMMY with scimmy-routers under express, the versions pinned by
tests/interop/package-lock.json (installed by `npm ci` in tests/interop, which
`tools/install-deps.sh --test` does), on a free loopback port. scimcheck runs against it three
times: `--profile entra` (Entra's default, flag-off request shapes), `--profile entra
--entra-mode flag-on` and `--profile rfc`. The checks that fail in each run (a JUnit <failure>
or <error>) must be exactly those that tests/interop/expected-failures.json lists for that run:
"expected" holds SCIMMY's real deviations, each with the RFC or Entra-contract reference that
makes it one; "harness_problems" holds failures that come from the harness (notes start with
"harness issue"). A new failure, or a listed one that no longer happens, fails the test with the
difference. The server must hold no user or group after each run. Missing node or npm modules
fail the test with what to install; it never skips.

Refreshing the kept list (after the harness changes):

    SCIMCHECK=build/scimcheck python3 tests/e2e/interop_test.py --print > /tmp/new.json
    diff tests/interop/expected-failures.json /tmp/new.json

prints the kept file with the current failures: entries still failing keep their text (with the
runs they now fail in), entries that no longer fail are dropped, and new failures are added to
"expected" with reason and reference "TODO: ..." (the harness's reason and requirement). Judge
each TODO by hand: a real deviation gets its reference, a harness bug moves to "harness_problems"
with a note "harness issue: ...". The test refuses a kept list that still holds a TODO.
"""
import json
import os
import pathlib
import select
import shutil
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET

_root = pathlib.Path(os.environ.get("SCIMCHECK_ROOT", pathlib.Path(__file__).resolve().parents[2]))
if "SCIMCHECK" not in os.environ:
    for candidate in (_root / "build" / "scimcheck", _root / "build-test" / "scimcheck"):
        if candidate.is_file():
            os.environ["SCIMCHECK"] = str(candidate)
            break

from common import ROOT, TOKEN, check, env, failures, finish, scimcheck, tempdir  # noqa: E402

INTEROP = ROOT / "tests" / "interop"
KEPT = INTEROP / "expected-failures.json"
MODULES = ("express", "scimmy", "scimmy-routers")
RUNS = {
    "entra": ["--profile", "entra"],
    "entra-flag-on": ["--profile", "entra", "--entra-mode", "flag-on"],
    "rfc": ["--profile", "rfc"],
}


def log(*args):
    print(*args, file=sys.stderr if PRINT else sys.stdout, flush=True)


def missing_prerequisites():
    """What to install before the test can run, as messages (empty when all is there)."""
    problems = []
    if not shutil.which("node") or not shutil.which("npm"):
        problems.append("node or npm is missing: install the Debian packages nodejs and npm "
                        "(tools/install-deps.sh --test)")
    lock = json.loads((INTEROP / "package-lock.json").read_text())
    for name in MODULES:
        want = lock["packages"][f"node_modules/{name}"]["version"]
        installed = INTEROP / "node_modules" / name / "package.json"
        have = json.loads(installed.read_text())["version"] if installed.is_file() else None
        if have != want:
            problems.append(f"{name} {want} is not in tests/interop/node_modules (found {have}): "
                            "run `npm ci` in tests/interop (tools/install-deps.sh --test does)")
    return problems


class InteropServer:
    """tests/interop/server.js on a free loopback port; it exits when its stdin closes."""

    def __init__(self):
        self.proc = subprocess.Popen(["node", str(INTEROP / "server.js"), "0"], cwd=INTEROP,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, env=env())
        self.url = None
        deadline = time.monotonic() + 30
        while self.url is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], deadline - time.monotonic())
            line = self.proc.stdout.readline() if ready else ""
            if not line:
                break
            if line.startswith("listening on http://127.0.0.1:"):
                self.url = line.split()[-1]
        if self.url is None:
            self.stop()
            raise RuntimeError("tests/interop/server.js did not print its URL:\n" + self.output())

    def resources(self, endpoint):
        """totalResults of GET endpoint (the server's own count)."""
        req = urllib.request.Request(f"{self.url}/{endpoint}", headers={"Authorization": "Bearer " + TOKEN})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read().decode())["totalResults"]

    def output(self):
        return self.proc.stdout.read() if self.proc.poll() is not None else ""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def failed_checks(junit):
    """{check id: (message, requirement)} of the test cases that failed or errored."""
    result = {}
    for tc in ET.parse(junit).getroot().iter("testcase"):
        bad = tc.find("failure") if tc.find("failure") is not None else tc.find("error")
        if bad is None:
            continue
        requirement = next((p.get("value") for p in tc.iter("property") if p.get("name") == "requirement"), "")
        result[tc.get("name").split(": ", 1)[0]] = (bad.get("message", ""), requirement)
    return result


def run_all(server):
    """{run name: failed checks}, or None for a run that did not finish with 0 or 1."""
    outcomes = {}
    for name, args in RUNS.items():
        out = tempdir(f"interop-{name}")
        start = time.monotonic()
        # --strict: SHOULD and MAY deviations are kept in the list too
        code, stdout, stderr = scimcheck("run", *args, "--url", server.url, "--format", "junit,json",
                                         "--strict", "--out", str(out), timeout=300)
        summary = [line for line in stdout.splitlines() if " passed, " in line]
        log(f"{name}: exit {code} in {time.monotonic() - start:.1f} s: {summary[-1] if summary else '?'}")
        if not check(code in (0, 1) and (out / "junit.xml").is_file(),
                     f"{name}: scimcheck exited {code}\n{stdout[-3000:]}\n{stderr[-2000:]}"):
            outcomes[name] = None
            continue
        outcomes[name] = failed_checks(out / "junit.xml")
        for endpoint in ("Users", "Groups"):
            left = server.resources(endpoint)
            check(left == 0, f"{name}: {left} resource(s) left in /{endpoint} after the run")
        shutil.rmtree(out, ignore_errors=True)
    return outcomes


def validate(kept):
    """The kept list's own rules: known runs, a reference for every deviation, no TODO, no overlap."""
    seen = set()
    for section, text_keys in (("expected", ("reason", "reference")), ("harness_problems", ("note",))):
        for entry in kept[section]:
            where = f"{KEPT.name}: {section} {entry.get('id')}"
            check(set(entry.get("runs", [])) <= set(RUNS) and entry.get("runs"), f"{where}: runs must name some of {list(RUNS)}")
            for key in text_keys:
                text = entry.get(key, "")
                check(text.strip() and "TODO" not in text, f"{where}: {key} is missing or still TODO")
            if section == "harness_problems":
                check(entry.get("note", "").startswith("harness issue"), f"{where}: the note must start with 'harness issue'")
            check(entry.get("id") not in seen, f"{where}: listed twice")
            seen.add(entry.get("id"))


def listed(kept, section, run):
    return {e["id"] for e in kept[section] if run in e["runs"]}


def compare(kept, outcomes):
    for run, failed in outcomes.items():
        if failed is None:
            continue
        expected, harness = listed(kept, "expected", run), listed(kept, "harness_problems", run)
        log(f"{run}: {len(failed)} failed ({len(failed.keys() & expected)} expected deviations, "
            f"{len(failed.keys() & harness)} known harness problems)")
        for cid in sorted(failed.keys() - expected - harness):
            check(False, f"{run}: new failure {cid}: {failed[cid][0]} [{failed[cid][1]}]")
        for cid in sorted(expected - failed.keys()):
            check(False, f"{run}: {cid} is listed as a deviation of SCIMMY but did not fail")
        for cid in sorted(harness - failed.keys()):
            check(False, f"{run}: {cid} is listed as a harness problem but did not fail (fixed? remove it)")


def refreshed(kept, outcomes):
    """The kept list rewritten for the current failures (see the top of this file)."""
    failing = {}
    for run, failed in outcomes.items():
        for cid, detail in (failed or {}).items():
            failing.setdefault(cid, ({}, detail))[0][run] = True
    out = {"comment": kept["comment"], "expected": [], "harness_problems": []}
    known = set()
    for section in ("expected", "harness_problems"):
        for entry in kept[section]:
            known.add(entry["id"])
            if entry["id"] in failing:
                out[section].append({**entry, "runs": [r for r in RUNS if r in failing[entry["id"]][0]]})
    for cid, (runs, (message, requirement)) in failing.items():
        if cid not in known:
            out["expected"].append({"id": cid, "runs": [r for r in RUNS if r in runs],
                                    "reason": f"TODO: {message}", "reference": f"TODO: {requirement}"})
    return out


PRINT = "--print" in sys.argv[1:]
if set(sys.argv[1:]) - {"--print"}:
    sys.exit("usage: interop_test.py [--print]")

problems = missing_prerequisites()
for problem in problems:
    check(False, problem)
if problems:
    finish()

kept = json.loads(KEPT.read_text())
if not PRINT:
    validate(kept)
started = time.monotonic()
server = InteropServer()
try:
    outcomes = run_all(server)
finally:
    server.stop()
log(f"interop: {time.monotonic() - started:.1f} s in all")
if PRINT:
    if failures:
        sys.exit(1)
    print(json.dumps(refreshed(kept, outcomes), indent=2, ensure_ascii=False))
    sys.exit(0)
compare(kept, outcomes)
finish()
