"""The defect matrix (tests/data/defect_matrix.json): against the reference server with one defect
switched on, the run fails (under --strict, so that SHOULD and MAY checks count) exactly in
the checks named for that defect, and nowhere else (every other check it touches is blocked
or not evaluated): at most 5 failures for any defect, at most 2 on average; every defect of
the server is in the matrix; every check of the suites fails against at least one defect,
outright or, when the check that owns the cause blocks it, run alone ("$proofs")."""
import concurrent.futures
import json
import re

from common import ROOT, check, finish, junit_cases, scimcheck, tempdir

document = json.loads((ROOT / "tests" / "data" / "defect_matrix.json").read_text())
matrix = {k: v for k, v in document.items() if not k.startswith("$")}
proofs = document.get("$proofs", {})

code, listing, _ = scimcheck("serve", "--list-defects")
check(code == 0, "serve --list-defects failed")
server_defects = set(re.findall(r"^\s*([a-z0-9-]+)\s", listing, re.M))
check(server_defects, "no defect listed by serve --list-defects")
check(len(server_defects) >= 30, f"only {len(server_defects)} defects")
for name in sorted(server_defects - set(matrix)):
    check(False, f"defect {name} is not in tests/data/defect_matrix.json")
for name in sorted(set(matrix) - server_defects):
    check(False, f"tests/data/defect_matrix.json names {name}, which the server does not have")


def run(defect, entry, only=None):
    label = defect + ("-" + re.sub(r"[^a-z0-9.-]", "_", only) if only else "")
    args = ["run", "--profile", entry.get("profile", "twingate"), "--server-defect", defect,
            "--out", str(tempdir("defect-" + label)), "--max-response-ms", "1000",
            "--server-slow-ms", "1500", "--timeout", "10", "--strict"]
    if entry.get("mode"):
        args += ["--entra-mode", entry["mode"]]
    if only:
        args += ["--only", only]
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

# One root cause, one failure: a defect fails the checks of the requirements it breaks, and
# every other check it touches is blocked (or not evaluated), not failed.
counts = [len(entry["checks"]) for entry in matrix.values()]
check(max(counts) <= 5, f"a defect fails {max(counts)} checks (at most 5)")
check(sum(counts) <= 2 * len(counts),
      f"{sum(counts)} failures over {len(counts)} defects: more than 2 per defect on average")

# A check that no defect fails outright (it is blocked by the check that owns the cause) is
# run alone against the defect named in "$proofs", where it must fail: every check can fail.
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    for check_id, entry in proofs.items():
        check(entry["defect"] in matrix, f"$proofs: {check_id} names unknown defect {entry['defect']}")
    runs = pool.map(lambda kv: run(kv[1]["defect"], kv[1], only=kv[0]), sorted(proofs.items()))
    for (check_id, entry), (defect, _, code, cases, text) in zip(sorted(proofs.items()), runs):
        if cases is None:
            check(False, f"$proofs {check_id}: no junit: {text}")
            continue
        outcome = cases.get(check_id)
        if check(outcome in ("failed", "errored"),
                 f"$proofs: {check_id} alone against {defect}: {outcome}, expected failed"):
            caught_by.setdefault(check_id, []).append(defect)

# Every check that runs in some profile must be caught by at least one defect (the rfc
# profile adds the checks of RFC filtering that the four apps do not promise, the gallery
# profile the gallery onboarding checks).
all_ids = set()
for profile in ["twingate", "vonage", "mediusflow", "ipass", "rfc", "gallery"]:
    for mode in ["flag-off", "flag-on"]:
        code, out, _ = scimcheck("list", "--profile", profile, "--entra-mode", mode, "--json")
        if check(code == 0, f"list --profile {profile} failed"):
            all_ids |= {c["id"] for c in json.loads(out) if not c.get("skip_reason")}
uncaught = sorted(all_ids - set(caught_by))
check(not uncaught, f"checks no defect can fail: {uncaught}")
finish()
