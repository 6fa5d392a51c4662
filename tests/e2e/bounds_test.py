"""A run against servers that answer every request badly on purpose stays bounded and its
output stays valid: bodies nested 100,000 deep, bodies without end, 100,000 headers,
Latin-1 text and terminal control characters in answers.

For each mode: the run ends by itself (no signal, exit code 1 or 3) within its time bound,
results.json parses, junit.xml parses as XML, report.html and report.md are UTF-8, nothing a
server sent reaches the console raw, and the largest resident set stays under a bound.

`bounds_test.py serve MODE` serves one mode on a free port (for measuring by hand)."""
import http.server
import json
import pathlib
import resource
import socketserver
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import common  # noqa: E402

USER = '"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"u1","userName":"u1@example.test"'
CONTROL = "\x1b[2J\x1b[H\x07\r\x1b[32mPASS\x1b[0m\x00"
# Bytes that must never reach the console (the run's own colours are off: NO_COLOR).
RAW_CONTROL = [b"\x1b", b"\x07", b"\x00", b"\r"]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    mode = "deep"

    def log_message(self, *args):
        pass

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        status = 201 if self.command == "POST" else 200
        try:
            getattr(self, "mode_" + self.mode.replace("-", "_"))(status)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = answer

    def send_body(self, status, body, content_type="application/scim+json", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def mode_deep(self, status):
        depth = 100_000
        self.send_body(status, ("{" + USER + ',"x":' + "[" * depth + "]" * depth + "}").encode())

    def mode_latin1(self, status):
        body = "{" + USER + ',"name":{"formatted":"José Müller"},"displayName":"José Müller"}'
        self.send_body(status, body.encode("latin-1"), extra=[("X-Name", "Müller")])

    def mode_control(self, status):
        body = "{" + USER + ',"displayName":"' + CONTROL + '"}'
        self.send_body(status, body.encode(), extra=[("X-Note", CONTROL.replace("\r", ""))])

    def mode_headers(self, status):
        self.send_response(status)
        self.send_header("Content-Type", "application/scim+json")
        for i in range(100_000):
            self.send_header(f"X-{i}", "v")
        body = ("{" + USER + "}").encode()
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def mode_big(self, status):
        """A 2 GB body, announced: the client stops reading long before its end."""
        self.send_response(status)
        self.send_header("Content-Type", "application/scim+json")
        self.send_header("Content-Length", str(2 << 30))
        self.end_headers()
        self.wfile.write(("{" + USER + ',"x":"').encode())
        chunk = b"x" * (1 << 16)
        for _ in range((2 << 30) // len(chunk)):
            self.wfile.write(chunk)

    def mode_endless(self, status):
        """A chunked body that never ends."""
        self.send_response(status)
        self.send_header("Content-Type", "application/scim+json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"[" * (1 << 16)
        frame = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
        while True:
            self.wfile.write(frame)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def start(mode):
    handler = type("ModeHandler", (Handler,), {"mode": mode})
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def peak_rss_mb():
    """The largest resident set of any child waited for so far."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run_against(mode, time_bound_s, rss_bound_mb):
    server = start(mode)
    out = common.tempdir("bounds-" + mode)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    started = time.time()
    p = subprocess.run([common.BIN, "run", "--profile", "rfc", "--url", url, "--timeout", "10",
                        "--format", "junit,html,md,json", "--out", str(out)],
                       capture_output=True, timeout=time_bound_s * 3, env=common.env(),
                       stdin=subprocess.DEVNULL)
    elapsed = time.time() - started
    server.shutdown()
    name = f"[{mode}]"
    common.check(p.returncode in (1, 3), f"{name} exit code {p.returncode} (1 or 3 expected); "
                 f"stderr: {p.stderr[-2000:]!r}")
    common.check(elapsed < time_bound_s, f"{name} took {elapsed:.0f} s (bound {time_bound_s} s)")
    common.check(peak_rss_mb() < rss_bound_mb,
                 f"{name} peak RSS {peak_rss_mb():.0f} MB (bound {rss_bound_mb} MB)")
    for raw in RAW_CONTROL:
        common.check(raw not in p.stdout and raw not in p.stderr,
                     f"{name} the console received the raw byte {raw!r}")
    try:
        results = json.loads((out / "results.json").read_bytes())
        common.check(results["totals"]["total"] > 0, f"{name} results.json holds no case")
        size = (out / "results.json").stat().st_size
        common.check(size < 64 << 20, f"{name} results.json is {size} bytes")
    except (OSError, ValueError, KeyError) as e:
        common.check(False, f"{name} results.json: {e}")
    try:
        ET.parse(out / "junit.xml")
    except (OSError, ET.ParseError) as e:
        common.check(False, f"{name} junit.xml: {e}")
    for file in ("report.html", "report.md"):
        try:
            text = (out / file).read_bytes().decode("utf-8")
            common.check("\x1b" not in text and "\x00" not in text, f"{name} {file} holds raw control bytes")
        except (OSError, UnicodeDecodeError) as e:
            common.check(False, f"{name} {file}: {e}")
    print(f"{name} rc {p.returncode}, {elapsed:.1f} s, peak RSS so far {peak_rss_mb():.0f} MB",
          flush=True)
    return p, out


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        server = start(sys.argv[2])
        print(f"http://127.0.0.1:{server.server_address[1]}/", flush=True)
        threading.Event().wait()
    # Sanitizer builds hold more memory than release ones: the bound is loose here, the
    # release figures are in the closing note of issue 10.
    for mode, seconds in (("latin1", 120), ("control", 120), ("deep", 300), ("headers", 300),
                          ("big", 300), ("endless", 300)):
        p, out = run_against(mode, seconds, 1024)
        if mode == "latin1":
            text = (out / "results.json").read_text()
            common.check("Jos\\\\xE9 M\\\\xFCller" in text, "[latin1] results.json lacks the escaped name")
            junit = (out / "junit.xml").read_text()
            common.check("Jos\\xE9 M\\xFCller" in junit, "[latin1] junit.xml lacks the escaped name")
    common.finish()


if __name__ == "__main__":
    main()
