"""429 Too Many Requests with Retry-After: the run waits it out, resends, passes, and counts
the throttling in results.json and on the console; with no retries left, the refusal is the
exchange the checks see and the run fails."""
import json

from common import Server, check, finish, scimcheck, tempdir


def results(out):
    return json.loads((out / "results.json").read_text())


# The server refuses its first 8 requests. The preflight's first request meets them one after
# the other (hence --max-retries 10). (The exclusive check, which would run first and alone, is
# skipped.)
with Server("--profile", "twingate", "--throttle-first", "8") as server:
    out = tempdir("throttle")
    code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--url", server.url, "--jobs", "4",
                                     "--max-retries", "10", "--skip", "protocol.pagination.start-index",
                                     "--out", str(out), "--format", "junit,json")
    check(code == 0, f"throttled run: exit code {code}, expected 0\n{stdout[-3000:]}\n{stderr[-2000:]}")
    t = results(out).get("throttling")
    if check(t is not None, "results.json has no throttling object"):
        check(t["throttled"] == 8, f"throttled {t['throttled']}, expected the server's 8 refusals")
        check(t["exhausted"] == 0, f"exhausted {t['exhausted']}, expected 0")
        check(t["wait_ms"] == 8000, f"wait_ms {t['wait_ms']}, expected 8 x Retry-After: 1 s")
        check(t["requests"] >= 8 + 100, f"only {t['requests']} requests counted")
    check("throttled: 8 answers" in stdout, f"console does not report the throttling\n{stdout[-1500:]}")
    statuses = [s["exchange"]["response"]["status"] for suite in results(out)["suites"]
                for case in suite["cases"] for s in case["steps"] if s.get("exchange")]
    check(429 not in statuses, "a 429 reached the checks although the budget sufficed")

# No retries allowed: the very first request is refused and that refusal is what gets checked.
with Server("--profile", "twingate", "--throttle-first", "1") as server:
    out = tempdir("throttle-exhausted")
    code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--url", server.url, "--jobs", "1",
                                     "--max-retries", "0", "--out", str(out), "--format", "junit,json")
    check(code in (1, 3), f"exhausted run: exit code {code}, expected a failure\n{stdout[-2000:]}")
    r = results(out)
    check(r["throttling"]["exhausted"] == 1, f"exhausted {r['throttling']['exhausted']}, expected 1")
    check(r["throttling"]["throttled"] == 0, f"throttled {r['throttling']['throttled']}, expected 0")
    statuses = [s["exchange"]["response"]["status"] for suite in r["suites"]
                for case in suite["cases"] for s in case["steps"] if s.get("exchange")]
    check(statuses.count(429) == 1, f"expected exactly one 429 exchange in the results, got {statuses.count(429)}")
    check(r["totals"]["failed"] + r["totals"]["errored"] >= 1, "the refused check did not fail")

finish()
