"""`scimcheck load` killed with SIGKILL at random moments (any phase: creates, updates, groups,
memberships, deletes), each time followed by `scimcheck cleanup --ledger FILE`: the server must
hold exactly its seed users and no group afterwards, every time. The delays are drawn from a
seeded generator (SCIMCHECK_CRASH_SEED to replay one); the seed and the delays are printed."""
import os
import random
import signal
import subprocess
import time

from common import BIN, Server, check, env, finish, scimcheck, tempdir

RUNS = 12
SEEDS = 5
# About 600 requests, held to 400/s so that the phases last longer than the start-up.
ARGS = ["--users", "150", "--groups", "6", "--members", "20", "--member-batch", "5",
        "--concurrency", "8", "--rate", "400"]


def server_state(server):
    """(user names, group count) on the server."""
    users = server.get("/Users?count=1000").get("Resources", [])
    groups = server.get("/Groups?count=1").get("totalResults", -1)
    return sorted(u.get("userName", "") for u in users), groups


def load(server, out):
    return subprocess.Popen([BIN, "load", "--profile", "twingate", "--url", server.url, *ARGS,
                             "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env())


seed = int(os.environ.get("SCIMCHECK_CRASH_SEED", random.randrange(1 << 30)))
rng = random.Random(seed)
print(f"seed {seed} (SCIMCHECK_CRASH_SEED={seed} replays these delays)", flush=True)

with Server("--profile", "twingate", "--seed-users", str(SEEDS)) as server:
    seeds = server_state(server)
    check(len(seeds[0]) == SEEDS and seeds[1] == 0, f"the server starts with {seeds}")

    # One whole run, to know when the requests start (the ledger appears) and end here, and
    # that an uninterrupted run leaves nothing.
    began = time.monotonic()
    out = tempdir("load-crash-whole")
    whole = load(server, out)
    first = None
    while whole.poll() is None:
        if first is None and (out / "load-ledger.jsonl").exists():
            first = time.monotonic() - began
        time.sleep(0.005)
    length = time.monotonic() - began
    first = first if first is not None else 0.0
    check(whole.returncode == 0, f"an uninterrupted run exited {whole.returncode}")
    check(server_state(server) == seeds, "an uninterrupted run left something behind")
    print(f"an uninterrupted run sends from {first:.2f} s to {length:.2f} s", flush=True)

    killed = dirty = 0
    for run in range(1, RUNS + 1):
        # The moment of the kill counts from the ledger's appearance (the first request),
        # since the start-up before it varies much more than the sending does.
        delay = rng.uniform(0, (length - first) * 0.9)
        out = tempdir(f"load-crash-{run}")
        p = load(server, out)
        deadline = time.monotonic() + 60
        while (p.poll() is None and not (out / "load-ledger.jsonl").exists()
               and time.monotonic() < deadline):
            time.sleep(0.002)
        time.sleep(delay)
        ended = p.poll() is not None
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
        killed += not ended
        ledger = out / "load-ledger.jsonl"
        left = server_state(server)
        dirty += left != seeds
        print(f"run {run}: {'ended before' if ended else 'killed'} {delay:.3f} s after its first request, "
              f"{len(left[0]) - SEEDS} users and {left[1]} groups on the server, "
              f"ledger {'kept' if ledger.exists() else 'absent'}", flush=True)
        if ledger.exists():
            code, stdout, stderr = scimcheck("cleanup", "--ledger", str(ledger), "--url", server.url)
            check(code == 0, f"run {run} (delay {delay:.3f} s): cleanup exit code {code}\n{stdout}\n{stderr}")
        after = server_state(server)
        check(after == seeds,
              f"run {run} (seed {seed}, delay {delay:.3f} s): the server holds "
              f"{len(after[0])} users (expected the {SEEDS} seeds) and {after[1]} groups")
    check(killed >= RUNS // 2, f"only {killed} of {RUNS} runs were killed before they ended")
    check(dirty >= RUNS // 3, f"only {dirty} of {RUNS} kills left something to clean up: "
                              "the test proves little")
finish()
