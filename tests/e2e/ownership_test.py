"""Ownership and the stop rule, against a small scripted SCIM server on loopback that holds
resources from before the run and answers badly on purpose, one mode at a time:

  preexisting  creates are answered with the id of a user or group that existed before
  dotdot       creates are answered with "../Groups/<id>" or "../Users/<id>" of an existing
               resource; the server decodes and normalises paths as a naive one does
  numeric      ids are answered as JSON numbers
  hang         connections are accepted and never answered (but for the preflight's reads)

For each: every pre-existing resource is intact and nothing wrote to it, the exit code, the
cleanup summary is honest, the ledger is kept whenever something may be left, and the time
is bounded. Also: `scimcheck cleanup` from a ledger line with a dot-segment id, SIGINT while
the target hangs (the cleanup's own short timeout), and a second signal naming the ledger.
"""
import http.server
import json
import os
import posixpath
import re
import signal
import subprocess
import threading
import time
import urllib.parse

from common import BIN, check, env, finish, scimcheck, tempdir

PRE_USER = {"id": "pre-u1", "userName": "ceo@corp.example", "active": True,
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}
PRE_GROUP = {"id": "pre-g1", "displayName": "Finance",
             "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"]}
ONLY = ["--only", "users.create.*", "--only", "users.delete.*", "--only", "groups.create.*",
        "--only", "groups.delete", "--only", "users.get.*", "--only", "groups.patch.flag-off.rename"]


class Stub:
    def __init__(self, mode):
        self.mode = mode
        self.lock = threading.Lock()
        self.store = {"Users": {PRE_USER["id"]: dict(PRE_USER)},
                      "Groups": {PRE_GROUP["id"]: dict(PRE_GROUP)}}
        self.requests = []  # (method, normalised path)
        self.next = 1000
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                stub.handle(self)

            do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False  # hanging handlers are not waited for
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/scim"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def reply(self, h, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/scim+json")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    @staticmethod
    def preflight(path):
        """The preflight's reads, which even the hanging stub answers so that the run starts."""
        return ("scimcheck-preflight-" in urllib.parse.unquote(path) or
                path.endswith("/ServiceProviderConfig") or path.endswith("/Schemas"))

    def handle(self, h):
        if self.mode == "hang" and not self.preflight(h.path):
            time.sleep(3600)
            return
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        url = urllib.parse.urlsplit(h.path)
        # A naive server: the path decoded, then its dot segments resolved.
        path = posixpath.normpath(urllib.parse.unquote(url.path))
        with self.lock:
            self.requests.append((h.command, path))
        parts = [p for p in path.split("/") if p][1:]  # after /scim
        if not parts or parts[0] not in self.store:
            return self.reply(h, 404, {"status": "404"})
        kind = parts[0]
        with self.lock:
            coll = self.store[kind]
            if len(parts) == 1 and h.command == "POST":
                return self.create(h, kind, json.loads(raw or b"{}"))
            if len(parts) == 1:
                found = list(coll.values())
                flt = urllib.parse.parse_qs(url.query).get("filter", [""])[0]
                m = re.match(r'(\w+) eq "(.*)"$', flt)
                if m:
                    found = [r for r in found if str(r.get(m.group(1), "")).lower() == m.group(2).lower()]
                return self.reply(h, 200, {"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
                                           "totalResults": len(found), "Resources": found})
            rid = "/".join(parts[1:])
            if rid not in coll:
                return self.reply(h, 404, {"status": "404"})
            if h.command == "DELETE":
                del coll[rid]
                return self.reply(h, 204)
            if h.command == "PUT":
                coll[rid] = dict(json.loads(raw or b"{}"), id=coll[rid]["id"])
            return self.reply(h, 200, coll[rid])

    def create(self, h, kind, body):
        pre = PRE_USER["id"] if kind == "Users" else PRE_GROUP["id"]
        other = "Groups/" + PRE_GROUP["id"] if kind == "Users" else "Users/" + PRE_USER["id"]
        if self.mode == "preexisting":
            return self.reply(h, 201, dict(body, id=pre))
        if self.mode == "dotdot":
            return self.reply(h, 201, dict(body, id="../" + other))
        self.next += 1
        resource = dict(body, id=self.next if self.mode == "numeric" else f"n{self.next}")
        self.store[kind][str(self.next) if self.mode == "numeric" else f"n{self.next}"] = resource
        return self.reply(h, 201, resource)

    def intact(self, label):
        """The resources from before the run are there, unchanged, and no request wrote to them."""
        ok = check(self.store["Users"].get("pre-u1") == PRE_USER, f"{label}: the pre-existing user changed or vanished")
        ok = check(self.store["Groups"].get("pre-g1") == PRE_GROUP, f"{label}: the pre-existing group changed or vanished") and ok
        writes = [r for r in self.requests if r[0] in ("DELETE", "PUT", "PATCH") and r[1].split("/")[-1] in ("pre-u1", "pre-g1")]
        return check(not writes, f"{label}: requests wrote to pre-existing resources: {writes[:5]}") and ok

    def run_leftovers(self):
        return [r for kind in ("Users", "Groups") for r in self.store[kind].values()
                if r.get("id") not in ("pre-u1", "pre-g1")]


def run(stub, out, *extra, timeout=300):
    started = time.time()
    rc, stdout, stderr = scimcheck("run", "--profile", "entra", "--url", stub.url, "--out", str(out),
                                   "--format", "json", *ONLY, *extra, timeout=timeout)
    return rc, stdout + stderr, time.time() - started


def summary(output):
    m = re.search(r"cleanup: created (\d+), deleted (\d+)", output)
    return (int(m.group(1)), int(m.group(2))) if m else None


# A create answered with the id of a resource that existed before the run.
stub = Stub("preexisting")
out = tempdir("own-pre")
rc, output, _ = run(stub, out)
stub.intact("preexisting")
check(rc in (1, 3), f"preexisting: exit code {rc}\n{output[-2000:]}")
check(summary(output) == (0, 0), f"preexisting: summary {summary(output)}, expected created 0, deleted 0")
check("reads back by its id" in output, "preexisting: no check names the foreign read-back")
stub.close()

# A create answered with ../Groups/<id> (and ../Users/<id>).
stub = Stub("dotdot")
out = tempdir("own-dots")
rc, output, _ = run(stub, out)
stub.intact("dotdot")
check(rc in (1, 3), f"dotdot: exit code {rc}\n{output[-2000:]}")

# `scimcheck cleanup` from a ledger that holds such an id as created: never sent anywhere
# but to the one segment, and listed as left behind (the ledger is kept).
ledger = out / "crafted.jsonl"
ledger.write_text("\n".join(json.dumps(line) for line in [
    {"event": "run", "run_id": "rcraft01", "profile": "entra", "target": stub.url},
    {"event": "pending", "seq": 1, "endpoint": "/Users", "marker_attr": "userName",
     "marker_value": "scimcheck-rcraft01-1@example.com", "case": "c"},
    {"event": "created", "seq": 1, "id": "../Groups/pre-g1"}]) + "\n")
stub.requests.clear()
rc, output, err = scimcheck("cleanup", "--ledger", str(ledger), "--url", stub.url, "--auth", "none",
                            timeout=60)
stub.intact("cleanup --ledger with ../Groups/<id>")
check(rc == 3, f"cleanup of a foreign ledger line: exit code {rc}, expected 3\n{output}{err}")
check("left behind" in output, f"cleanup: the foreign line is not listed\n{output}")
check(ledger.exists(), "cleanup: the ledger was deleted although something was not")
stub.close()

# Ids answered as JSON numbers: the check fails, and everything created is still deleted.
stub = Stub("numeric")
out = tempdir("own-num")
rc, output, _ = run(stub, out)
stub.intact("numeric")
created = summary(output)
check(rc in (1, 3), f"numeric: exit code {rc}\n{output[-2000:]}")
check(created is not None and created[0] > 0 and created[0] == created[1],
      f"numeric: summary {created}, expected created N, deleted N with N > 0")
check(not stub.run_leftovers(), f"numeric: {len(stub.run_leftovers())} resources of the run left on the server")
check("id is a JSON string" in output, "numeric: no check says the id must be a string")
check(not (out / "ledger.jsonl").exists(), "numeric: the ledger was kept although nothing is left")
stub.close()

# A server that accepts connections and never answers: the run stops after three requests
# in a row got no answer, cleans up what it can (short), lists the rest and keeps the ledger.
stub = Stub("hang")
out = tempdir("own-hang")
rc, output, elapsed = run(stub, out, "--timeout", "2", timeout=600)
print(f"hang: exit {rc} in {elapsed:.1f} s", flush=True)
check(rc == 3, f"hang: exit code {rc}, expected 3\n{output[-2000:]}")
check(elapsed < 25, f"hang: the run took {elapsed:.0f} s, expected < 25 s")
check(output.count("requests in a row got no answer") >= 1, f"hang: no single diagnosis\n{output[-2000:]}")
check("leftover:" in output and (out / "ledger.jsonl").exists(),
      "hang: what could not be looked up is not listed, or the ledger was not kept")


def interrupted(out, signals, wait_after_first):
    """Runs against the hanging stub with the default 60 s timeout, sends the signals, and
    returns (exit code, output, seconds from the first signal to the exit)."""
    p = subprocess.Popen([BIN, "run", "--profile", "entra", "--url", stub.url, "--out", str(out),
                          "--format", "json", *ONLY], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, env=env(), stdin=subprocess.DEVNULL)
    time.sleep(4)
    first = time.time()
    for i in range(signals):
        if i:
            time.sleep(wait_after_first)
        p.send_signal(signal.SIGINT)
    try:
        output, _ = p.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        p.kill()
        output, _ = p.communicate()
    return p.returncode, output, time.time() - first


# SIGINT while the target hangs: the cleanup's requests time out after 10 s, and it stops
# after three of them, instead of waiting 60 s for each.
out = tempdir("own-sigint")
rc, output, after = interrupted(out, 1, 0)
print(f"sigint: exit {rc}, {after:.1f} s after the signal", flush=True)
check(rc == 3, f"sigint: exit code {rc}, expected 3\n{output[-2000:]}")
check(after < 45, f"sigint: the run took {after:.0f} s after SIGINT, expected < 45 s")
check((out / "ledger.jsonl").exists(), "sigint: the ledger was not kept")

# A second signal exits at once and names the real ledger.
out = tempdir("own-sigint2")
rc, output, after = interrupted(out, 2, 2)
ledger_path = str(out / "ledger.jsonl")
check(rc == 130, f"second signal: exit code {rc}, expected 130\n{output[-2000:]}")
check(after < 10, f"second signal: exit {after:.0f} s after the first signal")
check(f"scimcheck cleanup --ledger {ledger_path}" in output and "FILE" not in output,
      f"second signal: the ledger path is not printed\n{output[-1000:]}")
check(os.path.exists(ledger_path), "second signal: the ledger is gone")
stub.close()
finish()
