"""The command line: help and version, exit codes for bad invocations and bad files, nothing
sent when a suite is malformed, and an unreachable target reported as errored (exit 3)."""
import pathlib

from common import ROOT, CountingServer, check, finish, scimcheck, tempdir

for cmd in ([], ["run"], ["list"], ["lint"], ["cleanup"], ["serve"]):
    code, out, err = scimcheck(*cmd, "--help")
    check(code == 0 and "Usage" in (out + err), f"{' '.join(cmd)} --help: exit {code}")
code, out, _ = scimcheck("--version")
check(code == 0 and out.startswith("scimcheck "), f"--version: {code} {out!r}")

code, out, err = scimcheck("run", "--profile", "no-such-app")
check(code == 2, f"unknown profile: exit {code}")
check("no-such-app" in out + err, "unknown profile: message does not name it")

code, out, err = scimcheck("run", "--profile", "ipass", "--url", "http://127.0.0.1:9/scim")
check(code == 2, f"ipass with --url and no domain: exit {code}")
check("domain" in out + err, "missing required variable not named")

# A malformed suite: exit 2, file:line:col, and not one request sent.
counting = CountingServer()
hits = counting.hits
bad = tempdir("cli") / "bad.suite.json"
bad.write_text('{\n  "suite": "x",\n  "cases": [\n    { "id": "x.y", "titel": "typo" }\n  ]\n}\n')
code, out, err = scimcheck("run", "--profile", "entra", "--url", f"http://127.0.0.1:{counting.port}",
                           "--suite", str(bad))
check(code == 2, f"malformed suite: exit {code}")
check(f"{bad}:4:" in out + err, f"malformed suite: no file:line:col in\n{out}{err}")
check(not hits, f"malformed suite: {len(hits)} requests were sent")
code, out, err = scimcheck("lint", str(bad))
check(code == 2 and "titel" in out + err, f"lint of a bad suite: exit {code}")
code, out, err = scimcheck("lint", *[str(p) for p in (ROOT / "suites").rglob("*.json") if p.name != "readiness.json"])
check(code == 0, f"lint of the shipped suites and profiles: exit {code}\n{out}{err}")
counting.stop()

# Nothing listening: every check errors, exit 3, fast.
out_dir = tempdir("unreachable")
code, out, err = scimcheck("run", "--profile", "entra", "--url", "http://127.0.0.1:9/", "--out", str(out_dir),
                           timeout=120)
check(code == 3, f"unreachable target: exit {code}\n{out[-1500:]}")
check((out_dir / "junit.xml").exists(), "unreachable target: no junit written")
# A selection that matches no check is a typo, not a green run: exit 2, nothing run.
out_dir = tempdir("nomatch")
code, out, err = scimcheck("run", "--profile", "twingate", "--only", "user.*", "--skip", "users.*",
                           "--out", str(out_dir))
check(code == 2 and '"user.*" matches no check of profile twingate' in err,
      f"--only matching nothing: exit {code}, expected 2 and the pattern named\n{err[-1500:]}")
check("users.*" not in err, "--skip users.* matches checks of twingate but was reported")
check(not (out_dir / "junit.xml").exists(), "--only matching nothing: a report was written")
finish()
