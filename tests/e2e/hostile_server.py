"""A hostile SCIM server for the end-to-end tests: a proxy in front of `scimcheck serve`
that alters its answers, one --mode per way a real server can answer badly.

    hostile_server.py --scimcheck BIN --mode MODE [--hang-after N] [--port 0]

It starts `BIN serve` on loopback (token from SCIM_TOKEN, three seed users), adds two seed
groups, then listens on 127.0.0.1 and prints its URL on stdout. Every request is forwarded
to the reference server unchanged, except for what the mode alters:

  none          nothing (the control run)
  foreign-id    a create answers the id of a seed user (Users) or seed group (Groups)
  dotdot-id     a create answers `../Groups/<seed group id>` (Users) or `../Users/<seed user id>`
  numeric-id    created resources carry their ids as JSON numbers (and are reached by them)
  deep          reads of /Users and /Groups answer a JSON object nested 100,000 levels deep
  latin1        User bodies carry the name "José Müller" in Latin-1 (invalid UTF-8)
  long-location a create answers a 90 KB Location header
  huge-body     reads answer a 2 GB body (Content-Length), generated as it is sent
  endless       reads answer a chunked body that never ends
  many-headers  reads answer 100,000 header lines
  hang          accepts connections, reads the request and never answers (after
                --hang-after N forwarded requests: 0 by default)
  echo          every answer echoes the Authorization token in headers, in every form
                (verbatim, URL-encoded, base64 of the token and of `Bearer <token>`,
                lower-cased, JSON-escaped); reads of one resource answer 500 with them in
                the error detail
  control       created ids, names in User bodies, and the detail and scimType of errors
                carry ESC sequences (clear screen, window title, colour), BEL, NUL, CR and
                a fake green PASS line

With --hang-after-create, in any mode, every request after the first create answered is left
unanswered, until a request to /__resume.

GET /__state (no credentials) answers what the test needs to judge the run: every user and
group on the reference server, the seed resources as they were at start, and the log of
forwarded requests (method, path, status).
"""
import argparse
import base64
import http.client
import http.server
import json
import os
import re
import signal
import socketserver
import subprocess
import sys
import threading
import time
import urllib.parse

USERS, GROUPS = "/Users", "/Groups"
ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error"
FILLER = b"a" * (1 << 20)
DEEP_LEVELS = 100_000
HUGE_BYTES = 2 << 30
LOCATION_BYTES = 90 * 1024
HEADER_LINES = 100_000


def token_forms(authorization):
    """Every encoding of the credential a careless server might echo, by name."""
    token = authorization.split(" ", 1)[1] if " " in authorization else authorization
    return {
        "verbatim": token,
        "url": urllib.parse.quote(token, safe=""),
        "base64": base64.b64encode(token.encode()).decode(),
        "base64-bearer": base64.b64encode(("Bearer " + token).encode()).decode(),
        "lower": token.lower(),
        "json-slash": token.replace("/", "\\/"),
        "json-unicode": "".join(f"\\u{ord(c):04x}" for c in token),
    }


CONTROL_TEXT = ("\x1b[2J\x1b[H\x07\x00\x1b]0;owned\x07"
                  "\r\x1b[32mPASS\x1b[0m every check passed, exit 0\x1b[8m")


class Upstream:
    """`scimcheck serve` on a free loopback port, with seed users and groups."""

    def __init__(self, binary):
        self.proc = subprocess.Popen([binary, "serve", "--port", "0", "--token-env", "SCIM_TOKEN",
                                      "--seed-users", "3"],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not m:
            raise SystemExit(f"scimcheck serve did not print its URL: {line!r}")
        self.port = int(m.group(1))
        threading.Thread(target=lambda: self.proc.stdout.read(), daemon=True).start()
        self.auth = "Bearer " + os.environ["SCIM_TOKEN"]

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, r.getheaders(), r.read()
        finally:
            conn.close()

    def call(self, method, path, doc=None):
        body = json.dumps(doc).encode() if doc is not None else None
        status, _, data = self.request(method, path, body, {
            "Authorization": self.auth, "Content-Type": "application/scim+json"})
        return status, (json.loads(data) if data else None)

    def everything(self, endpoint):
        return self.call("GET", f"{endpoint}?count=10000")[1].get("Resources", [])

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class State:
    def __init__(self, upstream, mode, hang_after, hang_after_create):
        self.upstream, self.mode, self.hang_after = upstream, mode, hang_after
        self.hang_after_create, self.created, self.resumed = hang_after_create, 0, False
        self.lock = threading.Lock()
        self.log = []
        self.forwarded = 0
        self.aliases = {}  # numeric-id: number -> real id
        self.numbers = {}  # numeric-id: real id -> number
        users = upstream.everything(USERS)
        for i, user in enumerate(users[:2], 1):
            upstream.call("POST", GROUPS, {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                                           "displayName": f"seed group {i}",
                                           "members": [{"value": user["id"]}]})
        self.seeds = {"users": upstream.everything(USERS), "groups": upstream.everything(GROUPS)}

    def seed_id(self, endpoint):
        return self.seeds["users" if endpoint == USERS else "groups"][0]["id"]

    def alias(self, real):
        with self.lock:
            if real not in self.numbers:
                n = 1000 + len(self.numbers)
                self.numbers[real], self.aliases[n] = n, real
            return self.numbers[real]

    def note(self, method, path, status):
        with self.lock:
            self.log.append([method, path, status])

    def should_hang(self):
        with self.lock:
            if self.resumed or (self.mode != "hang" and not self.hang_after_create):
                return False
            if self.hang_after_create:
                return self.created > 0
            if self.forwarded < self.hang_after:
                self.forwarded += 1
                return False
            return True

    def count_create(self):
        with self.lock:
            self.created += 1


def endpoint_of(path):
    for e in (USERS, GROUPS):
        if path == e or path.startswith(e + "/") or path.startswith(e + "?"):
            return e
    return None


def is_single(path):
    e = endpoint_of(path)
    return e is not None and path.startswith(e + "/") and "?" not in path


def parse(data):
    """The JSON document in data, or None (no body, not JSON, not UTF-8)."""
    try:
        return json.loads(data) if data else None
    except ValueError:
        return None


def walk(doc, fn):
    """Applies fn(key, value) -> value to every member of every object, iteratively."""
    stack = [doc]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in list(items):
            node[k] = fn(k, v)
            if isinstance(node[k], (dict, list)):
                stack.append(node[k])
    return doc


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: State = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_DELETE(self):
        self.handle_any("DELETE")

    # ---- dispatch

    def handle_any(self, method):
        st = self.state
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path == "/__state":
            return self.send_state()
        if self.path == "/__resume":
            st.resumed = True
            return self.send_json(200, {})
        if st.should_hang():
            st.note(method, self.path, "hang")
            while True:
                time.sleep(3600)
        read = method == "GET" and endpoint_of(self.path)
        if read and st.mode in ("deep", "huge-body", "endless", "many-headers"):
            st.note(method, self.path, st.mode)
            return getattr(self, "answer_" + st.mode.replace("-", "_"))()
        if st.mode == "echo" and method == "GET" and is_single(self.path):
            st.note(method, self.path, st.mode)
            return self.answer_error()
        path, body = self.translate_request(self.path, body)
        status, headers, data = st.upstream.request(method, path, body or None, {
            k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "content-length")})
        st.note(method, self.path, status)
        headers = [(k, v) for k, v in headers
                   if k.lower() not in ("content-length", "connection", "transfer-encoding", "keep-alive",
                                         "server", "date")]
        if method == "POST" and status == 201 and endpoint_of(self.path):
            headers, data = self.alter_create(endpoint_of(self.path), headers, data)
            st.count_create()
        elif st.mode == "numeric-id" and parse(data) is not None:
            data = self.numeric_ids(parse(data))
        if st.mode in ("latin1", "control") and endpoint_of(self.path) == USERS and parse(data) is not None:
            data = self.rewrite_values(parse(data))
        if st.mode == "echo":
            headers += [("X-Echo-" + name, form) for name, form in self.forms().items()]
        self.send(status, headers, data)

    def send(self, status, headers, data):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_json(self, status, doc, headers=()):
        self.send(status, [("Content-Type", "application/scim+json"), *headers], json.dumps(doc).encode())

    def send_state(self):
        st = self.state
        with st.lock:
            log = list(st.log)
        self.send_json(200, {"users": st.upstream.everything(USERS), "groups": st.upstream.everything(GROUPS),
                             "seeds": st.seeds, "log": log})

    def forms(self):
        return token_forms(self.headers.get("Authorization", ""))

    # ---- altered creates and ids

    def translate_request(self, path, body):
        """numeric-id: the numbers the run uses reach the real ids on the reference server;
        control: the ids with control characters reach the real ids."""
        st = self.state
        if st.mode == "control":
            path, query, rest = path.partition("?")
            return urllib.parse.unquote(path).replace(CONTROL_TEXT, "") + query + rest, body
        if st.mode != "numeric-id":
            return path, body
        path = re.sub(r"^(/(?:Users|Groups)/)(\d+)", lambda m: m.group(1) + st.aliases.get(int(m.group(2)), m.group(2)), path)
        if body:
            doc = parse(body)
            if doc is None:
                return path, body
            body = json.dumps(walk(doc, lambda k, v: st.aliases.get(int(v), v)
                                   if k == "value" and str(v).isdigit() else v)).encode()
        return path, body

    def numeric_ids(self, doc):
        st = self.state
        with st.lock:
            numbers = dict(st.numbers)

        def swap(k, v):
            if k in ("id", "value") and isinstance(v, str) and v in numbers:
                return numbers[v]
            if k in ("location", "$ref") and isinstance(v, str):
                for real, n in numbers.items():
                    v = v.replace(real, str(n))
            return v
        return json.dumps(walk(doc, swap)).encode()

    def alter_create(self, endpoint, headers, data):
        st = self.state
        doc = parse(data)
        if not isinstance(doc, dict):
            return headers, data
        real = doc.get("id", "")
        other = GROUPS if endpoint == USERS else USERS
        fake = {"foreign-id": st.seed_id(endpoint),
                "dotdot-id": f"..{other}/{st.seed_id(other)}"}.get(st.mode)
        if st.mode == "numeric-id":
            st.alias(real)
            return ([(k, v.replace(real, str(st.numbers[real]))) for k, v in headers],
                    self.numeric_ids(doc))
        if st.mode == "control":
            doc["id"] = real + CONTROL_TEXT  # the run shows it in every request line
        if fake is not None:
            doc["id"] = fake
            if "location" in doc.get("meta", {}):
                doc["meta"]["location"] = doc["meta"]["location"].replace(real, fake)
            headers = [(k, v.replace(real, fake)) for k, v in headers]
        if st.mode == "long-location":
            headers = [(k, v) for k, v in headers if k.lower() != "location"]
            headers.append(("Location", f"http://127.0.0.1:{self.server.server_port}{endpoint}/{real}"
                            + "a" * LOCATION_BYTES))
        if st.mode in ("latin1", "control") and endpoint == USERS:
            return headers, self.rewrite_values(doc)
        return headers, json.dumps(doc).encode()

    def rewrite_values(self, doc):
        """latin1: names in Latin-1 bytes; control: names and error details of control bytes."""
        latin1 = self.state.mode == "latin1"

        def rename(k, v):
            if not isinstance(v, str):
                return v
            if latin1:
                return {"displayName": "José Müller", "givenName": "José", "familyName": "Müller"}.get(k, v)
            if k in ("displayName", "givenName"):
                return CONTROL_TEXT
            return v + CONTROL_TEXT if k in ("detail", "scimType") else v
        walk(doc, rename)
        if latin1:
            return json.dumps(doc, ensure_ascii=False).encode("latin-1", "replace")
        return json.dumps(doc).encode()

    # ---- hostile answers

    def answer_error(self):
        forms = self.forms()
        detail = "invalid credential " + " ".join(forms.values())
        self.send_json(500, {"schemas": [ERROR_URN], "status": "500", "detail": detail},
                       [("X-Echo-" + n, f) for n, f in forms.items()])

    def answer_deep(self):
        self.send(200, [("Content-Type", "application/scim+json")],
                  b'{"a":' * DEEP_LEVELS + b"1" + b"}" * DEEP_LEVELS)

    def stream(self, chunked, total):
        head = b'{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"x":"'
        self.send_response(200)
        self.send_header("Content-Type", "application/scim+json")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(total))
        self.end_headers()
        sent = 0
        try:
            self.write_block(head, chunked)
            sent = len(head)
            while total is None or sent < total:
                block = FILLER if total is None else FILLER[:total - sent]
                self.write_block(block, chunked)
                sent += len(block)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def write_block(self, block, chunked):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)

    def answer_huge_body(self):
        self.stream(False, HUGE_BYTES)

    def answer_endless(self):
        self.stream(True, None)

    def answer_many_headers(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/scim+json")
        lines = b"".join(b"X-H-%d: v\r\n" % i for i in range(HEADER_LINES))
        body = b'{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}'
        try:
            self.wfile.write(b"".join(self._headers_buffer) + lines)
            self._headers_buffer = []
            self.wfile.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)  # a client that hung up is no news


MODES = ("none", "foreign-id", "dotdot-id", "numeric-id", "deep", "latin1", "long-location",
         "huge-body", "endless", "many-headers", "hang", "echo", "control")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scimcheck", required=True, help="the scimcheck binary (for `serve`)")
    ap.add_argument("--mode", choices=MODES, required=True)
    ap.add_argument("--hang-after", type=int, default=0)
    ap.add_argument("--hang-after-create", action="store_true")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    upstream = Upstream(args.scimcheck)
    Handler.state = State(upstream, args.mode, args.hang_after, args.hang_after_create)
    server = Server(("127.0.0.1", args.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"hostile server ({args.mode}) listening on http://127.0.0.1:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    finally:
        upstream.stop()


if __name__ == "__main__":
    sys.exit(main())
