"""A first run on a fresh machine: every app profile passes against the embedded reference
server with no --url, the JUnit file parses and agrees with the console summary, and the
token appears in no output."""
import pathlib

from common import TOKEN, check, files_containing, finish, junit_cases, scimcheck, summary_counts, tempdir

for profile in ["twingate", "vonage", "mediusflow", "ipass", "entra", "rfc"]:
    out = tempdir(profile)
    code, stdout, stderr = scimcheck("run", "--profile", profile, "--out", str(out))
    check(code == 0, f"{profile}: exit code {code}, expected 0\n{stdout[-3000:]}\n{stderr[-2000:]}")
    junit = out / "junit.xml"
    if not check(junit.exists(), f"{profile}: no junit.xml in {out}"):
        continue
    cases, root = junit_cases(junit)
    check(len(cases) > 0, f"{profile}: junit has no testcase")
    passed = sum(1 for o in cases.values() if o == "passed")
    failed = sum(1 for o in cases.values() if o in ("failed", "errored"))
    counts = summary_counts(stdout)
    check(counts == (passed, failed),
          f"{profile}: console summary {counts} differs from junit ({passed}, {failed})")
    check(int(root.get("tests")) == len(cases), f"{profile}: testsuites/@tests disagrees with testcases")
    hits = files_containing(out, TOKEN)
    check(not hits, f"{profile}: token found in {hits}")
    check(TOKEN not in stdout and TOKEN not in stderr, f"{profile}: token printed on the console")
    skipped = [c for c, o in cases.items() if o == "skipped"]
    if profile == "vonage":
        check(any(c.startswith("groups.") for c in skipped), "vonage: group checks should be skipped")

finish()
