"""Hostile suite files: `lint` and `run --suite` answer each with one diagnostic at
file:line:col and exit 2, in bounded time, without an abort and without sending anything;
a SIGTERM while a suite is being read ends the process at once."""
import os
import re
import signal
import socket
import subprocess
import time

from common import BIN, ROOT, check, env, finish, scimcheck, tempdir

out = tempdir("hostile-suite")
HEAD = '{"suite": "h", "title": "h", "cases": [{"id": "h.one", "title": "t", "requirement": "r", ' \
       '"level": "MUST", "impact": "entra", "capability": "errors", "steps": [{"name": "s", '


def suite(step_rest):
    return HEAD + step_rest + "}]}]}\n"


def one_step(extra):
    return suite('"request": {"method": "GET", "path": "/Users"}, ' + extra)


CASES = {
    # name: (text, expected diagnostic, after "<file>:")
    "deep-arrays": ("[" * 100_000 + "]" * 100_000 + "\n", "1:65: error: nesting deeper than 64"),
    "deep-objects": ('{"a": ' * 600 + "1" + "}" * 600 + "\n", "1:385: error: nesting deeper than 64"),
    "overflow": (one_step('"expect": [{"max_ms": 1e999}]'), "error: number 1e999 is out of range"),
    "negative-overflow": (one_step('"expect": [{"max_ms": -1e999}]'), "error: number -1e999 is out of range"),
    "huge-integer": (one_step('"expect": [{"max_ms": 18446744073709551616999}]'),
                     'error: value 1.8446744073709552e+22 is out of range at "/cases/0/steps/0/expect/0/max_ms"'),
    "creates-null": (one_step('"creates": null'),
                     'error: wrong type at "/cases/0/steps/0/creates": null is not allowed here'),
}

listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(16)
listener.setblocking(False)
url = f"http://127.0.0.1:{listener.getsockname()[1]}"


def nothing_sent(what):
    try:
        conn, _ = listener.accept()
        conn.close()
        check(False, f"{what}: a connection reached the target")
    except BlockingIOError:
        pass


for name, (text, expected) in CASES.items():
    path = out / f"{name}.suite.json"
    path.write_text(text)
    number = re.search(r"-?1e999", text)
    col = number.start() + 1 if number else None
    for args in (["lint", str(path)], ["run", "--profile", "rfc", "--url", url, "--suite", str(path),
                                        "--out", str(out / name)]):
        started = time.monotonic()
        try:
            code, stdout, stderr = scimcheck(*args, timeout=60)
        except subprocess.TimeoutExpired:
            check(False, f"{name}: {args[0]} did not finish within 60 s")
            continue
        took = time.monotonic() - started
        check(code == 2, f"{name}: {args[0]} exit {code}, expected 2\n{stderr[-2000:]}")
        check(f"{path}:" in stderr and expected in stderr,
              f"{name}: {args[0]} does not say \"{expected}\"\n{stderr[-2000:]}")
        if col is not None:
            check(f"{path}:1:{col}: " in stderr, f"{name}: {args[0]} does not point at column {col}")
        check(took < 30, f"{name}: {args[0]} took {took:.1f} s")
        nothing_sent(f"{name}: {args[0]}")

# Saved results (`scimcheck report`) and baselines (`run --baseline`) get the same bounds
# and positions.
for name, (text, expected) in {"deep": ("[" * 100_000 + "]" * 100_000, ":1:65: nesting deeper than 64"),
                               "overflow": ('{"runs": [1e999]}', ":1:11: number 1e999 is out of range")}.items():
    path = out / f"{name}.results.json"
    path.write_text(text)
    for args in (["report", str(path), "--out", str(out / f"report-{name}")],
                 ["run", "--profile", "rfc", "--url", url, "--baseline", str(path),
                  "--out", str(out / f"baseline-{name}")]):
        code, _, stderr = scimcheck(*args, timeout=60)
        # a baseline's problems are diagnostics, as lint shows them: "file:line:col: error: ..."
        said = expected if args[0] == "report" else expected.replace(": ", ": error: ", 1)
        check(code == 2 and f"{path}{said}" in stderr,
              f"{name}: {args[0]} exit {code}, expected 2 and \"{said}\"\n{stderr[-2000:]}")
        nothing_sent(f"{name}: {args[0]}")

# A SIGTERM while the suite is being read (a FIFO nobody writes to: the read never ends)
# ends the process at once, before anything is created or sent.
fifo = out / "slow.suite.json"
os.mkfifo(fifo)
for args in (["lint", str(fifo)], ["run", "--profile", "rfc", "--url", url, "--suite", str(fifo),
                                    "--out", str(out / "fifo")]):
    proc = subprocess.Popen([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env(), stdin=subprocess.DEVNULL)
    time.sleep(2)
    check(proc.poll() is None, f"{args[0]} of a FIFO ended before the signal")
    proc.send_signal(signal.SIGTERM)
    try:
        _, stderr = proc.communicate(timeout=10)
        check(proc.returncode in (-signal.SIGTERM, 128 + signal.SIGTERM),
              f"{args[0]} stopped by SIGTERM during loading: exit {proc.returncode}\n{stderr[-2000:]}")
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        check(False, f"{args[0]} did not end within 10 s of SIGTERM during loading")
    nothing_sent(f"SIGTERM during {args[0]}")
    check(not (out / "fifo" / "ledger.jsonl").exists(), "a ledger was created before the suite was read")

# A profile whose server flags have the wrong type: `serve` says which one, at its place in
# the file, exit 2, instead of aborting.
import json
for flag in ("oauth", "rotate_tokens", "groups"):
    profile = json.loads((ROOT / "suites" / "profiles" / "rfc.profile.json").read_text())
    profile.pop("$schema", None)
    profile["server"] = {flag: 5}
    path = out / f"flag-{flag}.profile.json"
    path.write_text(json.dumps(profile))
    code, _, stderr = scimcheck("serve", "--port", "0", "--token", "t0ken-for-tests", "--profile", str(path),
                                timeout=30)
    check(code == 2 and f'{path}:1:' in stderr and f'wrong type at "/server/{flag}"' in stderr,
          f"serve with {flag}: 5: exit {code}, expected 2 and the setting named\n{stderr[-2000:]}")

listener.close()
finish()
