"""--rate 20 holds the whole run (8 jobs together) to 20 requests a second: counted at the
server from its request log, any 10 s stretch carries 180..220 requests and no second more
than a few over 20."""
import threading
import time

from common import Server, check, finish, scimcheck, tempdir

# mediusflow: the profile with the most requests (about 240), so that the run lasts 12 s.
with Server("--profile", "mediusflow", "--log") as server:
    arrivals = []

    def read_log():
        for line in server.proc.stdout:
            if line.split(" ", 1)[0] in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                arrivals.append(time.monotonic())

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    out = tempdir("rate")
    code, stdout, stderr = scimcheck("run", "--profile", "mediusflow", "--url", server.url, "--jobs", "8",
                                     "--rate", "20", "--out", str(out), "--format", "junit,json")
    time.sleep(0.5)  # the last log lines
    check(code == 0, f"paced run: exit code {code}\n{stdout[-2000:]}\n{stderr[-1000:]}")
    check("pacing: 20 requests/s" in stdout, "console does not report the pacing")
    times = sorted(arrivals)
    if check(len(times) >= 220, f"only {len(times)} requests logged; the run is too short to measure"):
        start = times[0]
        # Every 10 s window that fits in the run, starting at each of the first seconds.
        for offset in range(0, int(times[-1] - start - 10) + 1):
            lo = start + offset
            n = sum(1 for t in times if lo <= t < lo + 10)
            check(180 <= n <= 220, f"{n} requests in the 10 s from second {offset}, expected 200 +- 10%")
        # Per second: no burst well above the rate.
        per_second = {}
        for t in times:
            per_second[int(t - start)] = per_second.get(int(t - start), 0) + 1
        full = [n for s, n in per_second.items() if s < int(times[-1] - start)]
        check(max(full) <= 24, f"a second with {max(full)} requests: {per_second}")
finish()
