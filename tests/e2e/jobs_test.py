"""Parallel cases change nothing but the time: --jobs 8 gives the same outcome for every check
as --jobs 1, for every app profile, on a correct server and on one with defects."""
import json

from common import check, finish, scimcheck, tempdir


def outcomes(profile, jobs, *extra):
    out = tempdir(f"jobs{jobs}-{profile}")
    code, stdout, stderr = scimcheck("run", "--profile", profile, "--jobs", str(jobs), "--out", str(out),
                                     "--format", "junit,json", *extra)
    data = json.loads((out / "results.json").read_text())
    cases = {c["id"]: c["outcome"] for s in data["suites"] for c in s["cases"]}
    return code, cases, data["cleanup"]


runs = [(p, ()) for p in ["twingate", "vonage", "mediusflow", "ipass"]]
runs.append(("twingate", ("--server-defect", "member-remove-all", "--server-defect", "filter-no-match-404")))
for profile, extra in runs:
    code1, serial, cleanup1 = outcomes(profile, 1, *extra)
    code8, parallel, cleanup8 = outcomes(profile, 8, *extra)
    label = profile + (" with defects" if extra else "")
    check(code1 == code8, f"{label}: exit code {code1} with --jobs 1, {code8} with --jobs 8")
    check(len(serial) > 20, f"{label}: only {len(serial)} checks")
    check(serial.keys() == parallel.keys(), f"{label}: different checks ran")
    differ = [(k, serial[k], parallel.get(k)) for k in serial if serial[k] != parallel.get(k)]
    check(not differ, f"{label}: outcomes differ between --jobs 1 and --jobs 8: {differ[:5]}")
    check(cleanup1["created"] == cleanup8["created"] and not cleanup8["leftovers"],
          f"{label}: cleanup differs: {cleanup1} vs {cleanup8}")
    if extra:
        check(code1 == 1 and "failed" in serial.values(),
              f"{label}: the defects were not caught (exit {code1})")

finish()
