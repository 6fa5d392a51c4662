"""Options and tokens refused before anything is sent: every invalid numeric option value
exits 2 naming the option and the rule; a token holding a control character exits 2 (CR LF
would inject a header), one trailing newline is trimmed from a token file or variable, and
--token-file /dev/zero fails fast instead of reading without end; `--token VALUE` is refused
without echoing the value.
Everyday options: --header and --header-env go on every request of the run (preflight, checks,
cleanup), the --header-env value is masked in every output, malformed ones exit 2; --proxy
carries every request, the embedded server's on loopback too, whatever no_proxy says, and
without it the embedded server is reached directly while --url follows http_proxy;
--fail-fast stops after the first failure with fewer requests and a complete cleanup."""
import http.client
import http.server
import json
import subprocess
import time
import urllib.parse

from common import ROOT, Server, TOKEN, check, finish, http_server, scimcheck, tempdir
import urllib.request

seen = []  # Authorization values received


class Recorder(http.server.BaseHTTPRequestHandler):
    def reply(self):
        seen.append(self.headers.get("Authorization"))
        self.send_response(401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = reply

    def log_message(self, *args):
        pass


def attempt(*args, timeout=60, **extra_env):
    """scimcheck's (exit code, stdout, stderr); exit code None when it did not exit in time
    (an accepted `serve` option starts a server that runs until stopped)."""
    try:
        return scimcheck(*args, timeout=timeout, **extra_env)
    except subprocess.TimeoutExpired:
        return None, "", "(did not exit)"


srv = http_server(Recorder)
url = f"http://127.0.0.1:{srv.server_port}/scim"
work = tempdir("options")
ledger = work / "ledger.jsonl"
ledger.write_text("")
PROTOCOL = str(ROOT / "suites/core/protocol.suite.json")

COMMANDS = {
    "run": ["run", "--profile", "rfc", "--url", url, "--out", str(work / "run")],
    "load": ["load", "--profile", "rfc", "--url", url, "--out", str(work / "load")],
    "cleanup": ["cleanup", "--ledger", str(ledger), "--url", url],
    "serve": ["serve", "--port", "0"],
}
INVALID = [
    ("run", "--timeout", ["0", "-1", "nan", "inf", "1e308", "601", "ten"]),
    ("run", "--max-response-ms", ["0", "-5", "nan", "inf"]),
    ("run", "--rate", ["nan", "-1", "inf"]),
    ("run", "--max-retry-wait", ["nan", "inf", "-1"]),
    ("run", "--server-slow-ms", ["-1"]),
    ("load", "--timeout", ["0", "nan", "1e308"]),
    ("load", "--rate", ["nan", "inf"]),
    ("load", "--max-retry-wait", ["nan"]),
    ("load", "--duration", ["nan", "-1", "inf"]),
    ("load", "--update-share", ["nan", "1.5"]),
    ("load", "--disable-share", ["nan", "-0.1"]),
    ("load", "--concurrency", ["0"]),
    ("load", "--users", ["-1"]),
    ("cleanup", "--timeout", ["0", "-1", "nan", "inf", "1e308"]),
    ("serve", "--port", ["-1", "70000"]),
    ("serve", "--slow-ms", ["-1"]),
]
for command, option, values in INVALID:
    for value in values:
        started = time.monotonic()
        code, out, err = attempt(*COMMANDS[command], option, value, timeout=20)
        label = f"{command} {option} {value}"
        check(code == 2, f"{label}: exit {code}\n{(out + err)[-800:]}")
        check(option in err and f'"{value}"' in err and "must be" in err,
              f"{label}: the message does not name the option, the value and the rule:\n{err[-800:]}")
        check(time.monotonic() - started < 30, f"{label}: took {time.monotonic() - started:.0f} s")
check(not seen, f"invalid options: {len(seen)} requests were sent")

# Valid values at the bounds get past the options: the run stops at the malformed suite.
bad = work / "bad.suite.json"
bad.write_text('{\n  "suite": "x",\n  "cases": [\n    { "id": "x.y", "titel": "typo" }\n  ]\n}\n')
for option, value in [("--timeout", "600"), ("--timeout", "0.5"), ("--max-response-ms", "1"),
                      ("--rate", "0"), ("--rate", "2.5"), ("--max-retry-wait", "0")]:
    code, out, err = scimcheck(*COMMANDS["run"], "--suite", str(bad), option, value, timeout=60)
    check(code == 2 and "titel" in out + err and option not in err,
          f"run {option} {value} refused: exit {code}\n{err[-800:]}")

# Tokens: control characters are refused before anything is sent, with or without --url.
for token in ["tok-1234\r\nX-Injected: yes", "tok-1234\n\n", "tok\x1b[2J-1234", "tok\t1234"]:
    for target in (["--url", url], []):
        code, out, err = scimcheck("run", "--profile", "rfc", *target, "--out", str(work / "ctl"),
                                   timeout=60, SCIM_TOKEN=token)
        label = f"token {token!r} {'with --url' if target else 'embedded'}"
        check(code == 2, f"{label}: exit {code}\n{(out + err)[-800:]}")
        check("control character" in err, f"{label}: no clear message:\n{err[-800:]}")
        check("1234" not in out + err, f"{label}: the message shows the token")
check(not seen, f"tokens with control characters: {len(seen)} requests were sent")

started = time.monotonic()
code, out, err = attempt("run", "--profile", "rfc", "--url", url, "--token-file", "/dev/zero",
                         "--out", str(work / "zero"), timeout=30)
check(code == 2 and "larger than 64 KiB" in err, f"--token-file /dev/zero: exit {code}\n{err[-800:]}")
check(time.monotonic() - started < 10, f"--token-file /dev/zero took {time.monotonic() - started:.0f} s")
check(not seen, f"--token-file /dev/zero: {len(seen)} requests were sent")

# One trailing newline (LF or CRLF) is trimmed: the server receives the token alone.
token_file = work / "token.txt"
token_file.write_bytes(b"tok-from-file-5678\n")
for args, extra, expected in [(["--token-file", str(token_file)], {}, "tok-from-file-5678"),
                              ([], {"SCIM_TOKEN": "tok-from-env-5678\r\n"}, "tok-from-env-5678")]:
    seen.clear()
    code, out, err = scimcheck("run", "--profile", "rfc", "--url", url, "--suite", PROTOCOL, *args,
                               "--timeout", "10", "--out", str(work / "newline"), timeout=300, **extra)
    check(code in (1, 3), f"trailing newline ({expected}): exit {code}\n{err[-800:]}")
    # (None: the preflight's query without credentials.)
    check(seen and set(seen) - {None} == {"Bearer " + expected},
          f"trailing newline ({expected}): the server received {sorted(set(map(repr, seen)))[:3]}")

# The embedded server accepts the token as trimmed too: every check that passes with a clean
# token passes with one ending in a newline (before, each was refused with 401).
code, out, err = scimcheck("run", "--profile", "rfc", "--suite", PROTOCOL, "--out", str(work / "embedded"),
                           timeout=300, SCIM_TOKEN="tok-embedded-5678\n")
check(code == 0, f"embedded run with a trailing newline in SCIM_TOKEN: exit {code}\n{out[-1500:]}")

# --token on the command line: a clear refusal that does not echo the value, nothing sent.
seen.clear()
for args in (["--token", "tok-cli-9876"], ["--token=tok-cli-9876"]):
    code, out, err = scimcheck(*COMMANDS["run"], *args, timeout=60)
    check(code == 2, f"run {args[0]}: exit {code}\n{(out + err)[-800:]}")
    check("never taken on the command line" in err and "SCIM_TOKEN" in err and "--token-env" in err
          and "--token-file" in err, f"run {args[0]}: no clear message:\n{err[-800:]}")
    check("9876" not in out + err, f"run {args[0]}: the message shows the token")
check(not seen, f"--token: {len(seen)} requests were sent")

# Malformed --header and --header-env: exit 2 with a message, nothing sent, no secret shown.
BAD_HEADERS = [
    (["--header", "X-No-Colon"], "NAME:VALUE"),
    (["--header", ":value"], "NAME:VALUE"),
    (["--header", "X Bad:value"], "NAME:VALUE"),
    (["--header", "Authorization:Bearer x"], "sets Authorization itself"),
    (["--header", "content-type:text/plain"], "sets Content-Type itself"),
    (["--header", "Host:example.com"], "sets Host itself"),
    (["--header", "X-Inject:a\r\nX-Other: b"], "control character"),
    (["--header-env", "X-Key"], "NAME:VAR"),
    (["--header-env", "X-Key:SCIMCHECK_UNSET_VAR"], "SCIMCHECK_UNSET_VAR"),
    (["--header-env", "X-Key:SCIMCHECK_SHORT_VAR"], "too short to be masked"),
    (["--header-env", "X-Key:SCIMCHECK_CRLF_VAR"], "control character"),
]
for args, expected in BAD_HEADERS:
    for target in (["--url", url], []):
        code, out, err = scimcheck("run", "--profile", "rfc", *target, "--out", str(work / "hdr"), *args,
                                   timeout=60, SCIMCHECK_SHORT_VAR="abc",
                                   SCIMCHECK_CRLF_VAR="secret-9876\r\nX-Other: b")
        label = f"{args} {'with --url' if target else 'embedded'}"
        check(code == 2, f"{label}: exit {code}\n{(out + err)[-800:]}")
        check(expected in err and args[0] in err, f"{label}: no clear message:\n{err[-800:]}")
        check("9876" not in out + err, f"{label}: the message shows the secret")
check(not seen, f"malformed headers: {len(seen)} requests were sent")


class Proxy(http.server.BaseHTTPRequestHandler):
    """A plain HTTP forward proxy: takes absolute-form request lines, relays them, and records
    (method, URL, headers) of each."""
    protocol_version = "HTTP/1.1"
    log = []

    def relay(self):
        target = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        Proxy.log.append((self.command, self.path, dict(self.headers)))
        if target.scheme != "http":
            self.send_response(400)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("proxy-connection", "connection", "keep-alive")}
        conn.request(self.command, target.path + ("?" + target.query if target.query else ""),
                     body=body, headers=headers)
        answer = conn.getresponse()
        data = answer.read()
        conn.close()
        self.send_response_only(answer.status, answer.reason)
        for k, v in answer.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "keep-alive", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = relay

    def log_message(self, *args):
        pass


proxy = http_server(Proxy)
proxy_url = f"http://127.0.0.1:{proxy.server_port}"
GATEWAY_SECRET = "gw-secret-" + "5a7c3e91d2"


def every_output(folder):
    return "".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())


# The embedded server through --proxy, with no_proxy naming loopback: every request of the run
# (preflight, checks, cleanup) goes through the proxy and carries both headers; the
# --header-env value is masked everywhere, the --header value is shown.
Proxy.log.clear()
out_dir = work / "proxied"
code, out, err = scimcheck("run", "--profile", "rfc", "--out", str(out_dir), "--format", "junit,html,md,json",
                           "--proxy", proxy_url, "--header", "X-Plain:plain-value-1",
                           "--header-env", "X-Gateway-Key:GATEWAY_KEY", "--verbose", timeout=300,
                           GATEWAY_KEY=GATEWAY_SECRET, no_proxy="127.0.0.1,localhost",
                           NO_PROXY="127.0.0.1,localhost")
check(code == 0, f"--proxy embedded: exit {code}\n{(out + err)[-1500:]}")
results = json.loads((out_dir / "results.json").read_text())
recorded = [st["exchange"] for suite in results["suites"] for case in suite["cases"]
            for st in case["steps"] if st.get("exchange")]
methods = [m for m, _, _ in Proxy.log]
sent = sum(case["requests"] for suite in results["suites"] for case in suite["cases"])
check(len(Proxy.log) == sent > 20 and methods.count("DELETE") >= results["cleanup"]["deleted"] > 0,
      f"--proxy embedded: the proxy saw {len(Proxy.log)} requests ({methods.count('DELETE')} DELETE), "
      f"the run counts {sent} requests and {results['cleanup']['deleted']} deletions")
check(all(u.startswith("http://127.0.0.1:") for _, u, _ in Proxy.log),
      f"--proxy embedded: request lines not in absolute form: {Proxy.log[:1]}")
check(any("Authorization" not in h for _, _, h in Proxy.log),
      "--proxy embedded: the preflight's request without credentials did not go through the proxy")
missing = [(m, u) for m, u, h in Proxy.log
           if h.get("X-Plain") != "plain-value-1" or h.get("X-Gateway-Key") != GATEWAY_SECRET]
check(not missing, f"--header: {len(missing)} of {len(Proxy.log)} requests lack the headers: {missing[:3]}")
shown = [h for ex in recorded for h in ex["request"]["headers"] if h["name"] == "X-Gateway-Key"]
check(len(shown) == len(recorded) and all(h["value"] == "****" for h in shown),
      f"--header-env: results.json shows {shown[:2]} on {len(shown)} of {len(recorded)} exchanges")
outputs = every_output(out_dir) + out + err
check(GATEWAY_SECRET not in outputs and "5a7c3e91d2" not in outputs,
      "--header-env: the secret value appears in an output")
check("plain-value-1" in (out_dir / "results.json").read_text(), "--header: the plain value is not shown")
check(not (out_dir / "ledger.jsonl").exists(), "--proxy embedded: the ledger was kept")
print(f"--proxy: {len(Proxy.log)} requests through the proxy ({methods.count('DELETE')} DELETE), "
      f"the run counts {sent}, cleanup deleted {results['cleanup']['deleted']}", flush=True)

# No --proxy: the embedded server is reached directly even with http_proxy set; a --url
# target follows http_proxy (libcurl's environment variables).
Proxy.log.clear()
code, out, err = scimcheck("run", "--profile", "rfc", "--suite", PROTOCOL, "--out", str(work / "direct"),
                           timeout=300, http_proxy=proxy_url, HTTP_PROXY=proxy_url, no_proxy="", NO_PROXY="")
check(code == 0 and not Proxy.log,
      f"embedded without --proxy: exit {code}, {len(Proxy.log)} requests through http_proxy")
seen.clear()
code, out, err = scimcheck("run", "--profile", "rfc", "--url", url, "--out", str(work / "envproxy"),
                           timeout=120, http_proxy=proxy_url, no_proxy="", NO_PROXY="")
check(code == 3 and Proxy.log and len(Proxy.log) == len(seen) and
      all(u.startswith(url) for _, u, _ in Proxy.log),
      f"--url with http_proxy: exit {code}, proxy {len(Proxy.log)}, server {len(seen)} requests")

# --fail-fast: a defect that fails early checks. The run stops scheduling checks after the
# first failure: fewer requests, the rest skipped with the reason, everything created deleted.
def run_with_defect(*extra):
    folder = work / ("-".join(a.strip("-") for a in extra if a.startswith("--")) or "full")
    code, out, err = scimcheck("run", "--profile", "rfc", "--server-defect", "filter-ignored",
                               "--format", "json", "--out", str(folder), *extra, timeout=300)
    results = json.loads((folder / "results.json").read_text())
    cases = [c for suite in results["suites"] for c in suite["cases"]]
    return code, out, results, cases, folder


code, out, results, cases, _ = run_with_defect()
check(code == 1, f"defect without --fail-fast: exit {code}\n{out[-800:]}")
full_requests = sum(c["requests"] for c in cases)
# A failure the baseline accepts is known, not a reason to stop: with every failure of the
# defect listed, --fail-fast runs every check and the run passes.
known = work / "known.json"
known.write_text(json.dumps({"entries": [
    {"id": c["id"], "reason": "accepted for the test"} for c in cases
    if c["outcome"] in ("failed", "errored")]}))
code, out, _, known_cases, _ = run_with_defect("--fail-fast", "--baseline", str(known))
check(code == 0 and not any(c["reason"].startswith("not run: --fail-fast") for c in known_cases),
      f"--fail-fast with every failure in the baseline: exit {code}, stopped "
      f"{[c['id'] for c in known_cases if c['reason'].startswith('not run')][:3]}")
code, out, results, cases, folder = run_with_defect("--fail-fast")
requests = sum(c["requests"] for c in cases)
failed = [c["id"] for c in cases if c["outcome"] in ("failed", "errored")]
stopped = [c for c in cases if c["reason"].startswith("not run: --fail-fast stopped the run after ")]
check(code == 1, f"--fail-fast: exit {code}\n{out[-800:]}")
check(failed and stopped and all(c["outcome"] == "skipped" for c in stopped) and
      stopped[0]["reason"].rsplit(" ", 1)[1] in failed,
      f"--fail-fast: failed {failed[:3]}, {len(stopped)} not run: {[c['reason'] for c in stopped[:1]]}")
check(requests < full_requests * 0.6,
      f"--fail-fast: {requests} requests, {full_requests} without it")
created, deleted = results["cleanup"]["created"], results["cleanup"]["deleted"]
check(created == deleted and not results["cleanup"]["leftovers"] and
      f"cleanup: created {created}, deleted {deleted}" in out and not (folder / "ledger.jsonl").exists(),
      f"--fail-fast: cleanup {results['cleanup']}")
print(f"--fail-fast: {requests} requests ({len(stopped)} checks not run), {full_requests} without it; "
      f"cleanup created {created}, deleted {deleted}", flush=True)

# `cleanup` after a crash takes the same --header, --header-env and --proxy as the run (a
# gateway in front of the tenant wants its key on the DELETEs too).
with Server("--profile", "rfc") as server:
    marker = "scimcheck-cleanup-proxy-r0000001"
    create = urllib.request.Request(
        server.url + "/Users", method="POST",
        data=json.dumps({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                         "userName": marker}).encode(),
        headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/scim+json"})
    with urllib.request.urlopen(create, timeout=10) as answer:
        user_id = json.loads(answer.read())["id"]
    crash_ledger = work / "crash-ledger.jsonl"
    crash_ledger.write_text("\n".join(json.dumps(line) for line in [
        {"event": "run", "run_id": "r0000001", "profile": "rfc", "target": server.url},
        {"event": "pending", "seq": 1, "endpoint": "/Users", "marker_attr": "userName",
         "marker_value": marker, "case": "users.create.returns-201"},
        {"event": "created", "seq": 1, "id": user_id}]) + "\n")
    Proxy.log.clear()
    code, out, err = scimcheck("cleanup", "--ledger", str(crash_ledger), "--url", server.url,
                               "--proxy", proxy_url, "--header", "X-Plain:plain-value-1",
                               "--header-env", "X-Gateway-Key:GATEWAY_KEY",
                               GATEWAY_KEY=GATEWAY_SECRET)
    deletes = [(u, h) for m, u, h in Proxy.log if m == "DELETE"]
    check(code == 0 and server.get("/Users?filter=" + urllib.parse.quote(
              f'userName eq "{marker}"'))["totalResults"] == 0,
          f"cleanup through the proxy: exit {code}\n{out}\n{err}")
    check(len(deletes) == 1 and deletes[0][0].endswith(f"/Users/{user_id}") and
          deletes[0][1].get("X-Plain") == "plain-value-1" and
          deletes[0][1].get("X-Gateway-Key") == GATEWAY_SECRET,
          f"cleanup: the proxy saw {Proxy.log}")
    check(GATEWAY_SECRET not in out + err, "cleanup printed the --header-env value")

proxy.shutdown()
srv.shutdown()
finish()
