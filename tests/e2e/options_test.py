"""Options and tokens refused before anything is sent: every invalid numeric option value
exits 2 naming the option and the rule; a token holding a control character exits 2 (CR LF
would inject a header), one trailing newline is trimmed from a token file or variable, and
--token-file /dev/zero fails fast instead of reading without end."""
import http.server
import subprocess
import threading
import time

from common import ROOT, check, finish, scimcheck, tempdir

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


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
threading.Thread(target=srv.serve_forever, daemon=True).start()
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

srv.shutdown()
finish()
