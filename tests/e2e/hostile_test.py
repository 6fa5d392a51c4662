"""Against a hostile server (hostile_server.py: a proxy in front of `scimcheck serve` that
alters its answers, one mode per way of answering badly), every run ends on its own with the
right exit code, in bounded time and memory, killed by no signal, with every output file
valid, no form of the token in any output or on the console, no raw control character on the
console, and every resource that existed before the run intact and never written to.

    hostile_test.py [CASE ...]   (default: every case; `sigint` for the two signal cases,
                                  `cleanup` for `scimcheck cleanup` from a hostile ledger)
"""
import base64
import html.parser
import json
import os
import pathlib
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET

from common import BIN, check, finish, tempdir

from hostile_server import token_forms

HERE = pathlib.Path(__file__).resolve().parent
# A token that every encoding changes: '/', '+' and '=' (URL, JSON `\/`), upper case (lower()).
TOKEN = "Hx/Tok+" + os.urandom(9).hex() + "Qz=="
FORMATS = "junit,html,md,json"
FILES = ("junit.xml", "report.html", "report.md", "results.json")
# ASan's shadow memory and quarantine inflate the peak RSS several times over: under the
# sanitizer build the bound is wider; the 200 MB the issue demands holds for the release binary.
# (A clean rfc run peaks near 20 MB in the release build and 210 MB under ASan.) ASan also
# slows a run about four times: the wall-time limits of the cases that work grow with it.
ASAN = pathlib.Path(BIN).is_file() and b"__asan_init" in pathlib.Path(BIN).read_bytes()
RSS_LIMIT_MB = 700 if ASAN else 200
SLOWDOWN = 4 if ASAN else 1
# A run past this is killed at once: the machine is shared, and the issue saw 7.9 GB.
RSS_KILL_MB = 1536

# mode -> (profile, exit codes accepted, wall-time limit in seconds, --timeout). A check whose
# request got no usable answer is "errored" and an errored check makes the exit code 3, so most
# modes accept 1 or 3: what matters there is that the run reports a problem (not 0, as it did
# for foreign ids) and ends by itself. Latin-1 names are a conformance failure (1), not a run
# that could not finish (the 3 the issue calls misleading); a token echoed in an error too.
CASES = {
    "none":          ("rfc",   {0}, 120, 5),
    "none/entra":    ("entra", {0}, 180, 5),
    "foreign-id":    ("rfc",   {1, 3}, 120, 5),
    # Entra's soft delete (PATCH active=false) and membership PATCHes are writes too.
    "foreign-id/entra": ("entra", {1, 3}, 180, 5),
    "dotdot-id":     ("rfc",   {1, 3}, 120, 5),
    "numeric-id":    ("rfc",   {1, 3}, 120, 5),
    "deep":          ("rfc",   {1, 3}, 120, 5),
    "latin1":        ("rfc",   {1}, 120, 5),
    # The long header still ends in one /Users/ segment, the shape the check asks for: what
    # this case guards is the crash (std::regex recursed once per byte), not a verdict.
    "long-location": ("rfc",   {0, 1}, 120, 5),
    "huge-body":     ("rfc",   {1, 3}, 180, 5),
    "endless":       ("rfc",   {1, 3}, 180, 5),
    "many-headers":  ("rfc",   {1, 3}, 120, 5),
    "echo":          ("rfc",   {1}, 120, 5),
    "control":       ("rfc",   {1, 3}, 120, 5),
    # A run that cannot go on stops after a few timeouts: far below 3 s times the ~100
    # requests of a run (the issue saw 150 s at --timeout 5 for rfc, 345 s for entra).
    "hang":          ("rfc",   {3}, 45, 3),
    "hang/entra":    ("entra", {3}, 45, 3),
}


class HostileServer:
    def __init__(self, mode, *options):
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "hostile_server.py"), "--scimcheck", BIN, "--mode", mode, *options],
            stdout=subprocess.PIPE, text=True, env={**os.environ, "SCIM_TOKEN": TOKEN})
        line = self.proc.stdout.readline()
        if "http://" not in line:
            self.stop()
            raise RuntimeError(f"the hostile server did not start: {line!r}")
        self.url = line.split()[-1]

    def state(self):
        with urllib.request.urlopen(self.url + "/__state", timeout=60) as r:
            return json.load(r)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class Run:
    """One scimcheck process, its console in a file, its peak memory sampled from /proc every
    10 ms (VmHWM: the high-water mark, so a spike between two samples is not missed unless it
    comes in the last 10 ms)."""

    def __init__(self, args, out):
        self.out = out
        self.console_path = out.parent / f"{out.name}.{args[0]}.console"
        self.console_file = open(self.console_path, "wb")
        env = {**os.environ, "SCIM_TOKEN": TOKEN, "NO_COLOR": "1"}
        self.started = time.monotonic()
        self.proc = subprocess.Popen([BIN, *args], stdout=self.console_file, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=env)
        self.status = None
        self.killed = None  # why the test killed it
        self.rss_mb = self.current_mb = 0
        self.reaped = threading.Event()
        threading.Thread(target=self.sample, daemon=True).start()

    def sample(self):
        while not self.reaped.is_set():
            self.current_mb = self.poll_memory()
            time.sleep(0.01)

    def poll_memory(self):
        """Current and peak RSS in MB from /proc. (ru_maxrss of the child is no use: it keeps
        the peak of the forked test process from before the exec.)"""
        values = {}
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    key, _, rest = line.partition(":")
                    if key in ("VmRSS", "VmHWM"):
                        values[key] = int(rest.split()[0]) / 1024
        except (OSError, ValueError):
            pass
        self.rss_mb = max(self.rss_mb, values.get("VmHWM", 0))
        return values.get("VmRSS", 0)

    def wait(self, limit):
        """Waits at most limit seconds (then SIGKILL); returns True when it ended by itself."""
        deadline = self.started + limit
        while True:
            pid, status = os.waitpid(self.proc.pid, os.WNOHANG)
            if pid:
                break
            if not self.killed:
                if time.monotonic() > deadline:
                    self.killed = f"still running after {limit:.0f} s"
                elif self.current_mb > RSS_KILL_MB:
                    self.killed = f"RSS passed {RSS_KILL_MB} MB after {time.monotonic() - self.started:.0f} s"
                if self.killed:
                    self.proc.kill()
            time.sleep(0.02)
        self.reaped.set()
        self.proc.returncode = 0  # reaped here: keep Popen from waiting again
        self.wall = time.monotonic() - self.started
        self.status = status
        self.console_file.close()
        self.console = self.console_path.read_bytes()
        return not self.killed

    def describe(self):
        if self.killed:
            how = "killed by the test"
        elif os.WIFSIGNALED(self.status):
            how = f"killed by signal {os.WTERMSIG(self.status)}"
        else:
            how = f"exit {os.WEXITSTATUS(self.status)}"
        return f"{how}, {self.wall:.1f} s, peak RSS {self.rss_mb:.0f} MB"

    def tail(self):
        return self.console[-1200:].decode("utf-8", "replace")


def secret_forms():
    forms = token_forms("Bearer " + TOKEN)
    forms["base64-url"] = base64.urlsafe_b64encode(TOKEN.encode()).decode()
    return forms


def leaks(data):
    """The names of the token forms found in data (case-insensitively for the token itself)."""
    found = [name for name, form in secret_forms().items() if form.encode() in data]
    if TOKEN.lower().encode() in data.lower() and "verbatim" not in found:
        found.append("any-case")
    return found


def raw_controls(data):
    text = data.decode("utf-8", "replace")
    return sorted({f"U+{ord(c):04X}" for c in text
                   if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F})


class StrictHtml(html.parser.HTMLParser):
    """Records tags closed out of order: a well-formed report closes every element it opens."""
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            if tag in self.stack:
                del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]
        else:
            self.stack.pop()


def output_errors(out):
    """What is wrong with the report files in out (missing, unparsable, raw control bytes)."""
    errors = []
    for name in FILES:
        path = out / name
        if not path.is_file():
            errors.append(f"{name} missing")
            continue
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            errors.append(f"{name} is not UTF-8: {e}")
            continue
        controls = sorted({f"U+{ord(c):04X}" for c in text if ord(c) < 0x20 and c not in "\n\r\t"})
        if controls:
            errors.append(f"{name} holds raw control characters {controls}")
        try:
            if name == "results.json":
                with open(path, encoding="utf-8") as f:
                    json.load(f)
            elif name == "junit.xml":
                ET.parse(path)
            elif name == "report.html":
                parser = StrictHtml()
                parser.feed(text)
                parser.close()
                if parser.errors or parser.stack:
                    errors.append(f"report.html is not well-formed: {(parser.errors + parser.stack)[:5]}")
        except (ValueError, ET.ParseError) as e:
            errors.append(f"{name} does not parse: {e}")
    return errors


def seed_checks(label, before, after, since=0):
    """Every resource that existed before the run is still there, unchanged, never written to
    (by the requests logged from index since on)."""
    now = {r["id"]: r for r in after["users"] + after["groups"]}
    for kind in ("users", "groups"):
        for seed in before["seeds"][kind]:
            check(seed["id"] in now, f"{label}: pre-existing {kind[:-1]} {seed['id']} was deleted")
            check(seed["id"] not in now or now[seed["id"]] == seed,
                  f"{label}: pre-existing {kind[:-1]} {seed['id']} was changed:\n"
                  f"  before {json.dumps(seed)[:400]}\n  after  {json.dumps(now.get(seed['id']))[:400]}")
    seed_ids = [s["id"] for kind in ("users", "groups") for s in before["seeds"][kind]]
    writes = [f"{m} {p} -> {s}" for m, p, s in after["log"][since:]
              if m in ("PATCH", "PUT", "DELETE") and any(i in p for i in seed_ids)]
    check(not writes, f"{label}: requests written to pre-existing resources: {writes[:5]}")


def leftover_checks(label, run, before, after):
    """Whatever the run left on the server is listed on the console and kept in the ledger."""
    seed_ids = {s["id"] for kind in ("users", "groups") for s in before["seeds"][kind]}
    left = [r for r in after["users"] + after["groups"] if r["id"] not in seed_ids]
    if not left:
        return
    ledger = run.out / "ledger.jsonl"
    check(ledger.is_file(), f"{label}: {len(left)} resource(s) of the run left on the server and the "
                            f"ledger was deleted")
    console = run.console.decode("utf-8", "replace")
    unlisted = [r.get("userName") or r.get("displayName") for r in left
                if str(r["id"]) not in console and (r.get("userName") or r.get("displayName")) not in console]
    check(not unlisted, f"{label}: {len(unlisted)} leftover(s) of {len(left)} not listed on the console: "
                        f"{unlisted[:5]}")


def common_checks(label, run, limit_s):
    check(run.killed or not os.WIFSIGNALED(run.status), f"{label}: killed by signal ({run.describe()})\n{run.tail()}")
    check(not run.killed, f"{label}: killed by the test: {run.killed} ({run.describe()})\n{run.tail()}")
    check(run.rss_mb < RSS_LIMIT_MB, f"{label}: peak RSS {run.rss_mb:.0f} MB, limit {RSS_LIMIT_MB} MB")
    for name in [p.name for p in run.out.rglob("*") if p.is_file()]:
        found = leaks((run.out / name).read_bytes())
        check(not found, f"{label}: {name} holds the token as {found}")
    found = leaks(run.console)
    check(not found, f"{label}: the console shows the token as {found}")
    controls = raw_controls(run.console)
    check(not controls, f"{label}: raw control characters on the console: {controls}")


def run_case(name):
    mode, _, _ = name.partition("/")
    profile, codes, limit_s, timeout = CASES[name]
    limit_s = limit_s + 15 if mode == "hang" and ASAN else limit_s * SLOWDOWN
    label = f"{name} ({profile})"
    with HostileServer(mode) as server:
        before = server.state()
        out = tempdir("hostile-" + name.replace("/", "-"))
        run = Run(["run", "--profile", profile, "--url", server.url, "--out", str(out),
                   "--format", FORMATS, "--timeout", str(timeout)], out)
        run.wait(limit_s)
        after = server.state()
    print(f"{label}: {run.describe()}", flush=True)
    common_checks(label, run, limit_s)
    if not os.WIFSIGNALED(run.status) and not run.killed:
        code = os.WEXITSTATUS(run.status)
        check(code in codes, f"{label}: exit {code}, expected {sorted(codes)}\n{run.tail()}")
        for e in output_errors(out):
            check(False, f"{label}: {e}")
    seed_checks(label, before, after)
    leftover_checks(label, run, before, after)
    if mode == "hang" and not run.killed:
        # One diagnosis, after the time-outs of the checks in flight (4 jobs) that led to it;
        # not one time-out per check of the profile. Request lines ("-> timeout error") aside.
        console = run.console.decode("utf-8", "replace").lower()
        reports = [line for line in console.splitlines()
                   if ("timed out" in line or "timeout" in line) and "-> timeout" not in line]
        check(1 <= len(reports) <= 8, f"{label}: {len(reports)} time-outs reported on the console, "
                                      f"expected one diagnosis after a few\n{run.tail()}")


def wait_for_hang(server, limit=90):
    deadline = time.time() + limit
    while time.time() < deadline:
        if any(s == "hang" for _, _, s in server.state()["log"]):
            return True
        time.sleep(0.2)
    return False


def sigint_cases():
    """SIGINT while the target hangs (after the run created resources, default 60 s timeout):
    the cleanup gives up quickly instead of waiting 60 s per request; a second SIGINT exits
    at once and names the real ledger, which stays on disk."""
    for twice in (False, True):
        label = "sigint twice" if twice else "sigint once"
        # 29: the preflight's 4 requests, then 25 of the checks', in the middle of a check
        # that has created a user.
        with HostileServer("hang", "--hang-after", "29") as server:
            out = tempdir("hostile-sigint")
            run = Run(["run", "--profile", "rfc", "--url", server.url, "--out", str(out),
                       "--format", FORMATS, "--jobs", "1"], out)
            if not check(wait_for_hang(server), f"{label}: the run never reached the hanging server"):
                run.wait(0)
                continue
            time.sleep(1)
            run.proc.send_signal(signal.SIGINT)
            if twice:
                time.sleep(2)
                run.proc.send_signal(signal.SIGINT)
            sent = time.monotonic() - run.started
            run.wait(sent + (10 if twice else 30))
            after = server.state()
        print(f"{label}: {run.describe()} ({run.wall - sent:.1f} s after the last signal)", flush=True)
        check(not run.killed, f"{label}: killed by the test ({run.killed}), {run.wall - sent:.0f} s after "
                              f"SIGINT: the cleanup waits on the hanging server\n{run.tail()}")
        code = None if run.killed or os.WIFSIGNALED(run.status) else os.WEXITSTATUS(run.status)
        expected = 130 if twice else 3
        check(run.killed or code == expected, f"{label}: {run.describe()}, expected exit {expected}\n{run.tail()}")
        created = [r for r in after["users"] + after["groups"]
                   if r["id"] not in {s["id"] for k in ("users", "groups") for s in after["seeds"][k]}]
        check(bool(created), f"{label}: the run created nothing before the server hung: the case proves nothing")
        ledger = out / "ledger.jsonl"
        check(ledger.is_file(), f"{label}: the ledger is gone although the server kept what the run created")
        console = run.console.decode("utf-8", "replace")
        check(str(ledger) in console, f"{label}: the console does not name the ledger {ledger}\n{run.tail()}")
        check("--ledger FILE" not in console, f"{label}: the console names a literal FILE as the ledger")
        check(not leaks(run.console), f"{label}: the console shows the token")


def cleanup_case():
    """`scimcheck cleanup` from the ledger of a run killed after the server answered its first
    create with `../Groups/<id of a pre-existing group>`: it touches no pre-existing resource
    either. (The server hangs from that answer on, so the run cannot clean up itself.)"""
    label = "cleanup dotdot-id"
    with HostileServer("dotdot-id", "--hang-after-create") as server:
        before = server.state()
        out = tempdir("hostile-cleanup")
        run = Run(["run", "--profile", "rfc", "--url", server.url, "--out", str(out), "--jobs", "1"], out)
        reached = wait_for_hang(server)
        run.proc.kill()
        run.wait(30)
        if not check(reached, f"{label}: the run never created anything"):
            return
        urllib.request.urlopen(server.url + "/__resume", timeout=60).close()
        # Judge the cleanup alone: the seeds as the killed run left them, the requests after.
        mid = server.state()
        seed_ids = {r["id"] for k in ("users", "groups") for r in before["seeds"][k]}
        left_by_run = {k: [r for r in mid[k] if r["id"] in seed_ids] for k in ("users", "groups")}
        ledger = out / "ledger.jsonl"
        if not check(ledger.is_file(), f"{label}: the killed run left no ledger"):
            return
        cleanup = Run(["cleanup", "--ledger", str(ledger), "--url", server.url, "--timeout", "5"], out)
        cleanup.wait(60 * SLOWDOWN)
        after = server.state()
    print(f"{label}: {cleanup.describe()}", flush=True)
    check(not cleanup.killed and not os.WIFSIGNALED(cleanup.status),
          f"{label}: {cleanup.describe()}\n{cleanup.tail()}")
    seed_checks(label, {"seeds": left_by_run}, after, since=len(mid["log"]))
    leftover_checks(label, cleanup, before, after)
    check(not leaks(cleanup.console), f"{label}: the console shows the token")


def main():
    names = sys.argv[1:] or [*CASES, "sigint", "cleanup"]
    print(f"binary {BIN}{' (ASan)' if ASAN else ''}; RSS limit {RSS_LIMIT_MB} MB", flush=True)
    for name in names:
        if name == "sigint":
            sigint_cases()
        elif name == "cleanup":
            cleanup_case()
        else:
            run_case(name)
    finish()


if __name__ == "__main__":
    main()
