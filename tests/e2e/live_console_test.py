"""A run people can follow: against a server that answers every request 200 ms late, each
check's line reaches the console when that check finishes (not in one burst at the end), the
preflight's line comes first, a pipe gets plain lines and a terminal a progress line; checks
left out by --only appear in no output but the summary's count; skipped checks are grouped by
reason with their advice, and the run names one slowest exchange."""
import json
import os
import pty
import re
import select
import subprocess
import time

from common import BIN, check, env, finish, junit_cases, scimcheck, tempdir

SLOW_MS = 200
CHECK_LINE = re.compile(r"^(PASS |FAIL |ERROR|WARN |SKIP |BLOCK|KNOWN)  (\S+)  ")
# First in the plan and long (5 requests), then two of one request and a long one (7).
ONLY = ["--only", "connection.*", "--only", "errors.patch-invalid-path-400"]


def slow_run(out, *extra):
    return [BIN, "run", "--profile", "twingate", "--server-defect", "slow", "--server-slow-ms",
            str(SLOW_MS), "--out", str(out), "--format", "junit,json", *ONLY, *extra]


def groups_of(times, gap):
    """How many bursts the times fall into: a new burst after `gap` seconds of silence."""
    bursts, last = 0, None
    for t in sorted(times):
        if last is None or t - last > gap:
            bursts += 1
        last = t
    return bursts


# --- A pipe: the lines as they come, with the time each arrived. ---
out = tempdir("live-pipe")
start = time.monotonic()
proc = subprocess.Popen(slow_run(out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                        env=env(), stdin=subprocess.DEVNULL)
lines = []  # (seconds since start, line)
for line in proc.stdout:
    lines.append((time.monotonic() - start, line.rstrip("\n")))
stderr = proc.stderr.read()
proc.wait(timeout=60)
end = time.monotonic() - start
text = "\n".join(line for _, line in lines)
check(proc.returncode == 0, f"exit {proc.returncode}\n{text[-2000:]}\n{stderr[-1500:]}")
check("\r" not in text and "\x1b" not in text, f"escape codes on a pipe:\n{text!r:.2000}")
check(not any(" checks, " in line for _, line in lines), "a progress line on a pipe")

expected = {"connection.test-connection.empty-list", "connection.auth.missing-token-401",
            "connection.auth.wrong-token-401", "errors.patch-invalid-path-400"}
printed = [m.group(2) for m in map(CHECK_LINE.match, (line for _, line in lines)) if m]
check(sorted(printed) == sorted(expected | {"preflight.target"}),
      f"checks on the console: {printed}")
timed = [(t, m.group(2)) for t, m in ((t, CHECK_LINE.match(line)) for t, line in lines)
         if m and m.group(2) in expected | {"preflight.target"}]
ids = [i for _, i in timed]
check(ids[:1] == ["preflight.target"], f"the preflight's line is not first: {ids}")
if len(timed) == 5 and set(ids[1:]) == expected:
    preflight = timed[0][0]
    checks = [t for t, _ in timed[1:]]
    first, last = min(checks), max(checks)
    header = lines[0][0]
    print(f"header {header:.2f} s, preflight line {preflight:.2f} s, first check line "
          f"{first:.2f} s, last check line {last:.2f} s, exit {end:.2f} s; "
          f"check lines {[round(t - preflight, 2) for t in checks]} s after the preflight's",
          flush=True)
    # The preflight sends three requests: its line follows within a few round trips.
    check(preflight - header < 3 * SLOW_MS / 1000 + 2.0,
          f"the preflight's line came {preflight - header:.2f} s after the header")
    # The first check to finish sends one request; the first planned one sends five. Its line
    # comes in the first half of the checks' time, and the lines come in several bursts.
    check(first - preflight < (last - preflight) / 2,
          f"first check line {first - preflight:.2f} s after the preflight's, the last "
          f"{last - preflight:.2f} s: held back")
    check(groups_of(checks, 0.1) >= 3, f"check lines in bursts at {checks}")
    # The first planned check (five requests) is not the first reported.
    check(ids[1] != "connection.test-connection.empty-list", f"reported in plan order: {ids}")
    check(lines[0][1].startswith("scimcheck ") and lines[0][0] < first, "no header line first")

# The reports keep plan order.
data = json.loads((out / "results.json").read_text())
planned = [c["id"] for s in data["suites"] for c in s["cases"]]
check(planned == ["preflight.target", "connection.test-connection.empty-list",
                  "connection.auth.missing-token-401", "connection.auth.wrong-token-401",
                  "errors.patch-invalid-path-400"], f"results.json order: {planned}")

# --- A terminal: one progress line, redrawn in place, gone at the end. ---
out = tempdir("live-tty")
master, slave = pty.openpty()
proc = subprocess.Popen(slow_run(out, "--only", "discovery.schemas"), stdout=slave,
                        stderr=subprocess.DEVNULL, env=env(TERM="xterm"),
                        stdin=subprocess.DEVNULL)
os.close(slave)
raw = b""
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    ready, _, _ = select.select([master], [], [], 1)
    if not ready:
        if proc.poll() is not None:
            break
        continue
    try:
        chunk = os.read(master, 65536)
    except OSError:  # EIO: the run closed the terminal
        break
    if not chunk:
        break
    raw += chunk
os.close(master)
proc.wait(timeout=30)
screen = raw.decode("utf-8", "replace")
check(proc.returncode == 0, f"terminal run: exit {proc.returncode}\n{screen[-2000:]!r}")
drawn = re.findall(r"\r\x1b\[K(\d+)/(\d+) checks, (\d+) failing, [\d.]+ s", screen)
check(len(drawn) >= 3, f"the progress line was drawn {len(drawn)} times\n{screen[-2000:]!r}")
check(all(total == "6" for _, total, _ in drawn), f"progress totals: {set(t for _, t, _ in drawn)}")
check(re.search(r"waiting [\d.]+ s for (GET|POST|PATCH|PUT|DELETE) /\S*", screen),
      f"the progress line never named the request in flight\n{screen[-2000:]!r}")
tail = screen[screen.rfind("\r\x1b[K") + 4:]
check(" checks, " not in tail and re.search(r"\d+ passed, ", tail),
      f"the progress line is still on screen at the end:\n{tail[-1500:]!r}")

# --- --only: the checks left out appear nowhere but in the summary's count. ---
out = tempdir("live-only")
code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--only", "users.disable.*",
                                 "--out", str(out), "--format", "junit,json,html,md")
check(code == 0, f"--only: exit {code}\n{stdout[-2000:]}\n{stderr[-1500:]}")
data = json.loads((out / "results.json").read_text())
in_results = {c["id"] for s in data["suites"] for c in s["cases"]}
selected = {i for i in in_results if i != "preflight.target"}
check(selected and all(i.startswith("users.disable.") for i in selected),
      f"--only users.disable.*: results.json holds {sorted(in_results)}")
cases, _ = junit_cases(out / "junit.xml")
check(set(cases) == in_results, f"--only: JUnit holds {sorted(cases)}")
check("not selected by --only" not in stdout, f"--only: left-out checks on the console\n{stdout[-1500:]}")
printed = {m.group(2) for m in map(CHECK_LINE.match, stdout.splitlines()) if m}
check(printed <= in_results, f"--only: the console names {sorted(printed - in_results)}")
listed = json.loads(scimcheck("list", "--profile", "twingate", "--json")[1])
m = re.search(r"^\d+ passed, .*, (\d+) not selected$", stdout, re.M)
check(m and int(m.group(1)) == len(listed) - len(selected),
      f"--only: summary should count {len(listed) - len(selected)} not selected\n{stdout[-800:]}")
left_out = len(listed) - len(selected)
check(data.get("deselected") == left_out,
      f"--only: results.json deselected {data.get('deselected')}, want {left_out}")
html = (out / "report.html").read_text()
check(f'<li data-outcome="deselected"><span class="n">{left_out}</span> not selected' in html,
      "--only: the HTML summary lacks the not-selected count")
check(f"; {left_out} not selected (--only, --skip)" in (out / "report.md").read_text(),
      "--only: the Markdown summary lacks the not-selected count")
for leftover in ("users.create.returns-201", "discovery.schemas", "protocol.put.replaces"):
    check(leftover not in html, f"--only: the HTML report names {leftover}")

# --- A larger selection: skips grouped by reason with advice, one slowest line. ---
out = tempdir("live-groups")
code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--only", "users.*", "--only",
                                 "manager.*", "--out", str(out), "--format", "json")
check(code == 0, f"groups: exit {code}\n{stdout[-2000:]}\n{stderr[-1500:]}")
data = json.loads((out / "results.json").read_text())
skipped = [c for s in data["suites"] for c in s["cases"] if c["outcome"] == "skipped"]
flag_on = sum(1 for c in skipped if "flag-on request shapes" in c["reason"])
check(flag_on >= 2 and f"SKIP   {flag_on} checks need Entra's flag-on request shapes: add "
      "?aadOptscim062020 to the URL or pass --entra-mode flag-on" in stdout,
      f"groups: no line for the {flag_on} flag-on checks\n{stdout[-2500:]}")
check("SKIP   3 checks need capability 'manager', which profile twingate does not have: if the "
      "app supports it, add --capability manager" in stdout, f"groups: no manager line\n{stdout[-2500:]}")
skip_lines = [line for line in stdout.splitlines() if line.startswith("SKIP ")]
reasons = {c["reason"] for c in skipped}
check(len(skip_lines) == len(reasons), f"groups: {len(skip_lines)} SKIP lines for {len(reasons)} reasons")
check(len([line for line in stdout.splitlines() if line.startswith("slowest: ")]) == 1,
      f"groups: not one slowest line\n{stdout[-1500:]}")
code, shown, _ = scimcheck("run", "--profile", "twingate", "--only", "users.*", "--only", "manager.*",
                           "--out", str(tempdir("live-shown")), "--format", "json", "--show-skipped")
check(len([line for line in shown.splitlines() if line.startswith("SKIP ")]) == len(skipped),
      f"--show-skipped: not one line per skipped check\n{shown[-2000:]}")
finish()
