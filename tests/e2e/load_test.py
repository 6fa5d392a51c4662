"""`scimcheck load`: Entra's initial cycle for 200 users and 20 groups against the embedded
server and against `scimcheck serve` (which must be empty afterwards); the summary counts
and the thresholds in load-junit.xml; load.html is self-contained and holds the charts; a rate
below the gallery's 25 successful answers/s fails; a server answering every request with 500
fails the rate however fast it answers; a run shorter than 10 s leaves the 10 s threshold
not measured."""
import json
import re
import xml.etree.ElementTree as ET

from common import TOKEN, CountingServer, Server, check, finish, scimcheck, tempdir

ARGS = ["--users", "200", "--groups", "20", "--members", "30", "--concurrency", "8"]


def verify(label, out, code, stdout):
    check(code == 0, f"{label}: exit code {code}\n{stdout[-3000:]}")
    summary = json.loads((out / "load.json").read_text())
    c = summary["counts"]
    check(c["users_created"] == 200 and c["users_deleted"] == 200, f"{label}: user counts {c}")
    check(c["groups_created"] == 20 and c["groups_deleted"] == 20, f"{label}: group counts {c}")
    check(c["memberships"] == 600, f"{label}: {c['memberships']} memberships, expected 20 x 30")
    check(80 <= c["users_updated"] <= 120, f"{label}: {c['users_updated']} updated, expected about half")
    ops = {o["name"]: o for o in summary["operations"]}
    check(ops.get("query-user", {}).get("count") == 200, f"{label}: query-user {ops.get('query-user')}")
    check(ops.get("add-members", {}).get("count") == 40, f"{label}: 30 members in batches of 25 = 2 per group")
    check(summary["errors"] == {}, f"{label}: errors {summary['errors']}")
    check(summary["cleanup"]["created"] == 220 and summary["cleanup"]["deleted"] == 220,
          f"{label}: cleanup {summary['cleanup']}")
    lat = summary["latency"]
    check(0 < lat["p50_ms"] <= lat["p95_ms"] <= lat["p99_ms"] <= lat["max_ms"], f"{label}: latency {lat}")
    root = ET.parse(out / "load-junit.xml").getroot()
    cases = root.findall(".//testcase")
    check(len(cases) == 5, f"{label}: {len(cases)} testcases in load-junit.xml")
    check(all(tc.find("failure") is None for tc in cases), f"{label}: a threshold failed\n{stdout[-2000:]}")
    check(not (out / "load-ledger.jsonl").exists(), f"{label}: ledger kept although cleanup succeeded")
    page = (out / "load.html").read_text()
    check(page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>"), f"{label}: load.html is cut short")
    check(TOKEN not in page, f"{label}: load.html holds the token")
    outside_target = page.replace(summary["target"], "")
    check(not re.search(r"https?://|<script|<link|url\(", outside_target), f"{label}: load.html refers to something outside itself")
    check('<svg id="timeline"' in page, f"{label}: load.html has no latency-over-time chart")
    check(page.count('<svg class="histogram"') == len(summary["operations"]),
          f"{label}: load.html should draw one histogram per operation ({len(summary['operations'])})")
    seconds = len(summary["per_second"])
    check(page.count('class="b-req"') == sum(1 for s in summary["per_second"] if s["requests"]),
          f"{label}: load.html should draw a bar for each of the {seconds} seconds with requests")
    check(all(s["p50_ms"] <= s["p95_ms"] <= s["max_ms"] for s in summary["per_second"] if s["requests"]),
          f"{label}: per-second percentiles out of order in load.json")


def statuses(out):
    """{threshold id: status} from load.json (a file without `status` read by `passed`)."""
    checks = json.loads((out / "load.json").read_text())["thresholds"]
    return {t["id"]: t.get("status", "passed" if t["passed"] else "failed") for t in checks}


def skipped(out):
    """{testcase name: skip message} of the skipped cases in load-junit.xml."""
    return {tc.get("name"): tc.find("skipped").get("message")
            for tc in ET.parse(out / "load-junit.xml").getroot().iter("testcase")
            if tc.find("skipped") is not None}


out = tempdir("load-embedded")
code, stdout, _ = scimcheck("load", "--profile", "twingate", *ARGS, "--out", str(out))
verify("embedded", out, code, stdout)

with Server("--profile", "twingate") as server:
    out = tempdir("load-url")
    code, stdout, _ = scimcheck("load", "--profile", "twingate", "--url", server.url, *ARGS, "--out", str(out))
    verify("serve", out, code, stdout)
    check(server.get("/Users?count=1")["totalResults"] == 0, "users left on the server")
    check(server.get("/Groups?count=1")["totalResults"] == 0, "groups left on the server")

# Held to 10 requests/s, the endpoint cannot show the gallery's 25.
out = tempdir("load-slow")
code, stdout, _ = scimcheck("load", "--profile", "vonage", "--users", "15", "--rate", "10", "--out", str(out))
check(code == 1, f"rate 10: exit code {code}, expected 1\n{stdout[-2000:]}")
failed = [tc.get("name") for tc in ET.parse(out / "load-junit.xml").getroot().iter("testcase")
          if tc.find("failure") is not None]
check(len(failed) == 1 and failed[0].startswith("load.rate"), f"rate 10: failing checks {failed}")
check("FAIL load.rate" in stdout, "rate 10: console does not show the failed threshold")

# Every answer a 500: nothing answered is throughput, and nothing created means nothing to
# clean up (neither passes).
faulty = CountingServer()
out = tempdir("load-faulty")
code, stdout, _ = scimcheck("load", "--profile", "vonage", "--url", faulty.url, "--users", "30",
                            "--concurrency", "4", "--out", str(out))
faulty.stop()
check(len(faulty.hits) == 30, f"faulty: {len(faulty.hits)} requests, expected one query per user")
check(code == 1, f"faulty: exit code {code}, expected 1 (failed)\n{stdout[-2000:]}")
got = statuses(out)
check(got.get("load.rate") == "failed", f"faulty: load.rate {got.get('load.rate')}\n{stdout[-2000:]}")
check(got.get("load.answers") == "failed", f"faulty: load.answers {got.get('load.answers')}")
check(got.get("load.cleanup") == "not applicable", f"faulty: load.cleanup {got.get('load.cleanup')}")
summary = json.loads((out / "load.json").read_text())
check(summary.get("successes") == 0 and summary["throughput_rps"] == 0,
      f"faulty: {summary.get('successes')} successes, {summary['throughput_rps']} answers/s")
check("FAIL load.rate:" in stdout and "NOT APPLICABLE load.cleanup" in stdout,
      f"faulty: console\n{stdout[-2000:]}")

# About two seconds (reads by id for 2 s): the 10 s window is not measured, nor quoted.
out = tempdir("load-short")
code, stdout, _ = scimcheck("load", "--profile", "vonage", "--users", "10", "--concurrency", "2",
                            "--duration", "2", "--out", str(out))
check(code == 0, f"short: exit code {code}\n{stdout[-2000:]}")
got = statuses(out)
check(got.get("load.rate-10s") == "not measured", f"short: load.rate-10s {got.get('load.rate-10s')}")
check(got.get("load.rate") == "passed", f"short: load.rate {got.get('load.rate')}")
summary = json.loads((out / "load.json").read_text())
check(2 <= summary["wall_ms"] / 1000 < 10 and summary["lowest_10s_rps"] is None,
      f"short: {summary['wall_ms']} ms, slowest 10 s {summary['lowest_10s_rps']}")
message = next((m for name, m in skipped(out).items() if name.startswith("load.rate-10s")), "")
check(message.startswith("not measured: run of") and "shorter than 10 s" in message,
      f"short: load-junit.xml skip message {message!r}")
check("slowest 10 s:" not in stdout and "NOT MEASURED load.rate-10s" in stdout,
      f"short: console\n{stdout[-2000:]}")
check("not measured" in (out / "load.html").read_text(), "short: load.html does not say not measured")
finish()
