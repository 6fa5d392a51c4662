"""The preflight: before any check, Entra's Test Connection query diagnoses the target. A
wrong token, a wrong base path, a closed port and a TLS failure each stop the run in under
5 s with exit 3 and one message naming the cause, nothing created, no cleanup reported, and
the reports still written with the preflight's exchanges. A healthy target passes it and the
run goes on; /ServiceProviderConfig is read once, in the preflight."""
import json
import socket
import time
import urllib.parse

from common import Server, check, finish, junit_cases, scimcheck, tempdir


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run(name, url, *extra, **env):
    out = tempdir("preflight-" + name)
    started = time.monotonic()
    code, stdout, stderr = scimcheck("run", "--profile", "rfc", "--url", url, "--out", str(out),
                                     "--format", "junit,json,html,md", *extra, timeout=120, **env)
    return code, stdout, stderr, time.monotonic() - started, out


def check_stop(name, url, cause, **env):
    code, stdout, stderr, elapsed, out = run(name, url, **env)
    output = stdout + stderr
    check(code == 3, f"{name}: exit {code}, expected 3\n{output[-2000:]}")
    check(elapsed < 5, f"{name}: took {elapsed:.1f} s, expected under 5 s")
    check(output.count("preflight: ") == 1,
          f"{name}: the preflight's message appears {output.count('preflight: ')} times, expected once\n{output[-2000:]}")
    check(cause in output, f"{name}: the message does not say \"{cause}\"\n{output[-2000:]}")
    check("cleanup incomplete" not in output and "leftover" not in output,
          f"{name}: cleanup reported\n{output[-2000:]}")
    check(not (out / "ledger.jsonl").exists(), f"{name}: a ledger was left behind")
    for f in ("junit.xml", "results.json", "report.html", "report.md"):
        check((out / f).exists(), f"{name}: {f} not written")
    if not (out / "results.json").exists():
        return
    r = json.loads((out / "results.json").read_text())
    check(r["aborted"] is True and cause in r["abort_reason"],
          f"{name}: results.json aborted={r['aborted']} reason={r['abort_reason']!r}")
    suites = [s["id"] for s in r["suites"]]
    check(suites == ["preflight"], f"{name}: suites {suites}, expected the preflight alone")
    cases = [c for s in r["suites"] for c in s["cases"]]
    check(len(cases) == 1 and cases[0]["id"] == "preflight.target" and cases[0]["outcome"] == "errored"
          and cause in cases[0]["reason"],
          f"{name}: cases {[(c['id'], c['outcome']) for c in cases][:5]}, expected preflight.target errored")
    check(cases and cases[0]["steps"], f"{name}: the preflight's exchanges are not in the report")
    check(r["cleanup"]["created"] == 0, f"{name}: something was created")
    junit, _ = junit_cases(out / "junit.xml")
    check(junit == {"preflight.target": "errored"}, f"{name}: junit cases {junit}")
    check(cause in (out / "report.md").read_text(), f"{name}: report.md does not say \"{cause}\"")


with Server("--profile", "rfc") as server:
    parts = urllib.parse.urlsplit(server.url)
    origin = f"{parts.scheme}://{parts.netloc}"

    check_stop("wrong-token", server.url, "the token was refused", SCIM_TOKEN="not-the-token")
    check_stop("wrong-base", origin + "/wrong" + parts.path, "wrong base path")
    check_stop("closed-port", f"http://127.0.0.1:{closed_port()}/scim", "TCP connect")
    check_stop("tls", f"https://{parts.netloc}{parts.path}", "TLS")

    # A healthy target: the preflight passes, comes first in every report, and the run goes on.
    code, stdout, stderr, elapsed, out = run("healthy", server.url, "--only", "discovery.*")
    check(code == 0, f"healthy: exit {code}\n{stdout[-2000:]}{stderr[-1000:]}")
    r = json.loads((out / "results.json").read_text())
    check([s["id"] for s in r["suites"]][:1] == ["preflight"] and len(r["suites"]) > 1,
          f"healthy: suites {[s['id'] for s in r['suites']]}")
    pre = r["suites"][0]["cases"][0]
    check(pre["id"] == "preflight.target" and pre["outcome"] == "passed",
      f"healthy: first case {pre['id']} {pre['outcome']}, expected preflight.target passed")
    # Test Connection with and without credentials, /ServiceProviderConfig, /Schemas.
    check(len(pre["steps"]) == 4, f"healthy: {len(pre['steps'])} preflight steps, expected 4")
    check(all(s["exchange"]["request"]["method"] == "GET" for s in pre["steps"]),
          "healthy: the preflight sent something other than GET")
    check("aborted" not in stdout, f"healthy: the console says aborted\n{stdout[-1500:]}")
    check(server.get("/Users")["totalResults"] == 0, "healthy: the run left users behind")

# The embedded server passes its own preflight.
out = tempdir("preflight-embedded")
code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--only", "connection.*", "--out", str(out),
                                 "--format", "json")
check(code == 0, f"embedded: exit {code}\n{stdout[-2000:]}{stderr[-1000:]}")
r = json.loads((out / "results.json").read_text())
check(r["suites"][0]["cases"][0]["outcome"] == "passed", f"embedded: preflight {r['suites'][0]}")

# A selection matching nothing is refused before any traffic.
code, stdout, stderr = scimcheck("run", "--profile", "rfc", "--url", f"http://127.0.0.1:{closed_port()}",
                                 "--only", "nomatch", "--out", str(tempdir("preflight-nomatch")))
check(code == 2 and "preflight" not in stdout + stderr, f"--only nomatch: exit {code}\n{stdout}{stderr}")
finish()
