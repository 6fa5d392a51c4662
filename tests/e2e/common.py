"""Helpers shared by the end-to-end tests: run the scimcheck binary, start `scimcheck serve`,
read JUnit files, and search every output file for a secret."""
import http.server
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET

BIN = os.environ.get("SCIMCHECK", "scimcheck")
ROOT = pathlib.Path(os.environ.get("SCIMCHECK_ROOT", pathlib.Path(__file__).resolve().parents[2]))
TOKEN = "tok-e2e-" + os.urandom(12).hex()

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message, flush=True)
    return condition


def finish():
    """Prints the closing line and exits non-zero when any check failed."""
    if failures:
        print(f"{len(failures)} check(s) failed", flush=True)
        if made_dirs:
            print("its files are kept in: " + " ".join(map(str, made_dirs)), flush=True)
        sys.exit(1)
    for path in made_dirs:
        shutil.rmtree(path, ignore_errors=True)
    print("all checks passed", flush=True)
    sys.exit(0)


def env(**extra):
    e = dict(os.environ)
    e["SCIM_TOKEN"] = TOKEN
    e["NO_COLOR"] = "1"
    e.update({k: v for k, v in extra.items() if v is not None})
    return e


def scimcheck(*args, timeout=600, **extra_env):
    """Runs scimcheck to completion; returns (exit code, stdout, stderr)."""
    p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=timeout,
                       env=env(**extra_env), stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


made_dirs = []  # removed by finish() when every check passed, kept for a look otherwise


def tempdir(prefix):
    path = pathlib.Path(tempfile.mkdtemp(prefix=f"scimcheck-{prefix}-"))
    made_dirs.append(path)
    return path


class Server:
    """`scimcheck serve` on a free loopback port, stopped on exit."""

    def __init__(self, *args, token=TOKEN):
        self.proc = subprocess.Popen([BIN, "serve", "--port", "0", "--token", token, *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, env=env())
        self.token = token
        deadline = time.time() + 30
        self.url = None
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            m = re.search(r"(http://127\.0\.0\.1:\d+\S*)", line)
            if m:
                self.url = m.group(1).rstrip("/.,")
                break
        if not self.url:
            self.stop()
            raise RuntimeError("scimcheck serve did not print its URL")

    def get(self, path):
        req = urllib.request.Request(self.url + path, headers={"Authorization": "Bearer " + self.token})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read().decode())

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def junit_cases(path):
    """{case id: outcome} from a JUnit file, plus the parsed root."""
    root = ET.parse(path).getroot()
    cases = {}
    for tc in root.iter("testcase"):
        if tc.find("failure") is not None:
            outcome = "failed"
        elif tc.find("error") is not None:
            outcome = "errored"
        elif tc.find("skipped") is not None:
            outcome = "skipped"
        else:
            outcome = "passed"
        cases[tc.get("name")] = outcome  # the check id
    return cases, root


def rfc_only(case):
    """A case of results.json whose failure is of RFC rules alone (its impact is rfc, or every
    check that failed or warned carries impact rfc): the checklist lists it apart and leaves
    its capability's row alone."""
    if case["impact"] == "rfc":
        return True
    bad = [k for s in case["steps"] for k in s["checks"] if k["outcome"] in ("failed", "warning")]
    return bool(bad) and all(k.get("impact") == "rfc" for k in bad)


def files_containing(directory, secret):
    """Every file under directory whose bytes contain the secret."""
    hits = []
    for p in pathlib.Path(directory).rglob("*"):
        if p.is_file() and secret.encode() in p.read_bytes():
            hits.append(str(p))
    return hits


SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed, (\d+) errored, (\d+) skipped, (\d+) warnings?$", re.M)


def summary_counts(stdout):
    m = SUMMARY.search(stdout)
    """(passed, failed) as JUnit counts them: warnings pass (without --strict), errors fail."""
    if not m:
        return None
    passed, failed, errored, _skipped, warnings = (int(g) for g in m.groups())
    return passed + warnings, failed + errored


def http_server(handler):
    """A threaded HTTP server on a free loopback port, serving `handler` in the background."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class CountingServer:
    """A loopback server that answers every request with 500 and records its path, to prove
    a command sent nothing: `hits`, `url` (ending in /scim), `port`; stop() when done."""

    def __init__(self):
        hits = self.hits = []

        class Counter(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server API
                hits.append(self.path)
                self.send_response(500)
                self.end_headers()

            do_POST = do_PATCH = do_DELETE = do_PUT = do_GET

            def log_message(self, *args):
                pass

        self.server = http_server(Counter)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}/scim"

    def stop(self):
        self.server.shutdown()
