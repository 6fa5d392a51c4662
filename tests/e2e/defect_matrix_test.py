"""The defect matrix (suites/defects.json): against the reference server with one defect
switched on, the run fails (under --strict, so that SHOULD and MAY checks count) exactly in
the checks named for that defect, and nowhere else;
every defect of the server is in the matrix; every check of the suites fails against at
least one defect."""
import concurrent.futures
import json
import re

from common import ROOT, check, finish, junit_cases, scimcheck, tempdir

matrix = json.loads((ROOT / "suites" / "defects.json").read_text())
matrix = {k: v for k, v in matrix.items() if not k.startswith("$")}

code, listing, _ = scimcheck("serve", "--list-defects")
check(code == 0, "serve --list-defects failed")
server_defects = set(re.findall(r"^\s*([a-z0-9-]+)\s", listing, re.M))
check(server_defects, "no defect listed by serve --list-defects")
check(len(server_defects) >= 30, f"only {len(server_defects)} defects")
for name in sorted(server_defects - set(matrix)):
    check(False, f"defect {name} is not in suites/defects.json")
for name in sorted(set(matrix) - server_defects):
    check(False, f"suites/defects.json names {name}, which the server does not have")


def run(defect, entry):
    args = ["run", "--profile", entry.get("profile", "twingate"), "--server-defect", defect,
            "--out", str(tempdir("defect-" + defect)), "--max-response-ms", "1000",
            "--server-slow-ms", "1500", "--timeout", "10", "--strict"]
    if entry.get("mode"):
        args += ["--entra-mode", entry["mode"]]
    code, stdout, stderr = scimcheck(*args, timeout=600)
    out = args[args.index("--out") + 1]
    try:
        cases, _ = junit_cases(out + "/junit.xml")
    except Exception as e:  # noqa: BLE001 - reported as a failed check below
        return defect, entry, code, None, f"{e}\n{stdout[-2000:]}\n{stderr[-2000:]}"
    return defect, entry, code, cases, stdout


caught_by = {}
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    for defect, entry, code, cases, text in pool.map(lambda kv: run(*kv), sorted(matrix.items())):
        if cases is None:
            check(False, f"{defect}: no junit: {text}")
            continue
        failing = {c for c, o in cases.items() if o in ("failed", "errored")}
        expected = set(entry["checks"])
        check(code == 1 or (code == 3 and failing), f"{defect}: exit code {code}, expected 1")
        check(failing == expected,
              f"{defect}: failing checks differ\n  expected only: {sorted(expected - failing)}\n"
              f"  failing too:   {sorted(failing - expected)}")
        for c in failing:
            caught_by.setdefault(c, []).append(defect)

# Every check that runs in some profile must be caught by at least one defect (the rfc
# profile adds the checks of RFC filtering that the four apps do not promise).
all_ids = set()
for profile in ["twingate", "vonage", "mediusflow", "ipass", "rfc"]:
    for mode in ["flag-off", "flag-on"]:
        code, out, _ = scimcheck("list", "--profile", profile, "--entra-mode", mode, "--json")
        if check(code == 0, f"list --profile {profile} failed"):
            all_ids |= {c["id"] for c in json.loads(out) if not c.get("skip_reason")}
uncaught = sorted(all_ids - set(caught_by))
check(not uncaught, f"checks no defect can fail: {uncaught}")
finish()
