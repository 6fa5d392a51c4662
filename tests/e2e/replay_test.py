"""Replaying a run's traffic. A run against the embedded server with a defect (POST /Users
answers 200 instead of 201) writes HTML, JSON and HAR. The failing request's "copy as curl"
command, taken from the HTML report as the page embeds it, sent by bash to a separately
started reference server with the same defect, gets the same status; with a wrong
$SCIM_TOKEN it is refused, and a server without the defect answers 201. The HAR file is
HAR 1.2 with one entry per exchange of results.json, in order, with no secret in it, and
`scimcheck report` writes the same HAR from results.json. The failed expectation's
suite file:line:col is on the page. Loopback only."""
import json
import re
import subprocess
from datetime import datetime, timedelta
from html.parser import HTMLParser

from common import TOKEN, Server, check, files_containing, finish, scimcheck, tempdir

DEFECT = "create-returns-200"


class CurlCommands(HTMLParser):
    """{(case id, step index): curl command} and the text of each case, from the report."""

    def __init__(self):
        super().__init__()
        self.commands = {}
        self.case_text = {}
        self.case = None
        self.step = -1
        self.in_command = False
        self.buffer = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "details" and "case" in classes:
            self.case, self.step = a["id"][len("case-"):], -1
            self.case_text[self.case] = ""
        elif tag == "div" and "step" in classes:
            self.step += 1
        elif tag == "pre" and "curl-command" in classes:
            self.in_command, self.buffer = True, ""

    def handle_endtag(self, tag):
        if tag == "pre" and self.in_command:
            self.commands[(self.case, self.step)] = self.buffer
            self.in_command = False

    def handle_data(self, data):
        if self.in_command:
            self.buffer += data
        if self.case:
            self.case_text[self.case] += data


def replay(command, server, token):
    """The status curl gets for the command sent to server (its host:port put in)."""
    port = re.search(r"http://127\.0\.0\.1:\d+", server.url).group(0)
    command = re.sub(r"http://127\.0\.0\.1:\d+", port, command, count=1)
    p = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60,
                       env={"PATH": "/usr/bin:/bin", "SCIM_TOKEN": token})
    m = re.match(r"HTTP/[\d.]+ (\d{3})", p.stdout)
    if not check(m, f"curl printed no status line\n{p.stdout[:500]}\n{p.stderr[:500]}"):
        return None
    return int(m.group(1))


out = tempdir("replay")
code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--out", str(out),
                                 "--format", "html,json,har", "--server-defect", DEFECT)
if not check(code == 1, f"exit code {code}, expected 1\n{stderr[-1500:]}"):
    finish()
doc = json.loads((out / "results.json").read_text())
cases = [c for s in doc["suites"] for c in s["cases"]]

# the failing exchange: a POST /Users that got 200 where a check wanted 201
failing = None
for case in cases:
    for i, step in enumerate(case["steps"]):
        ex = step.get("exchange")
        if (ex and ex["request"]["method"] == "POST" and ex["request"]["url"].endswith("/Users")
                and any(k["outcome"] == "failed" for k in step["checks"])):
            failing = failing or (case, i, step)
check(failing, "no failed check on a POST /Users exchange")
if not failing:
    finish()
case, index, step = failing
recorded = step["exchange"]["response"]["status"]
check(recorded == 200, f"the failing POST got {recorded}, expected the defect's 200")

page = CurlCommands()
page.feed((out / "report.html").read_text())
command = page.commands.get((case["id"], index))
check(command, f"no curl command for {case['id']} step {index} in the HTML report")
if not command:
    finish()
check(command.startswith("curl ") and "--data-binary" in command, f"not a curl POST:\n{command}")
check('"Authorization: Bearer $SCIM_TOKEN"' in command, f"the token is not $SCIM_TOKEN:\n{command}")
check(TOKEN not in command, "the token's value is in the curl command")

with Server("--defect", DEFECT) as server:
    check(replay(command, server, "not-the-token") == 401, "a wrong $SCIM_TOKEN is not refused")
    got = replay(command, server, TOKEN)
    check(got == recorded, f"replayed POST got {got}, the run got {recorded}")
with Server() as server:
    got = replay(command, server, TOKEN)
    check(got == 201, f"replayed POST to a server without the defect got {got}, expected 201")

# the failed expectation points at its suite line
failed = next(k for k in step["checks"] if k["outcome"] == "failed")
source = failed.get("source") or case.get("source") or {}
where = f"{source.get('file')}:{source.get('line')}:{source.get('column')}"
check(source.get("line"), f"results.json has no source for the failed check: {failed}")
check(f"written at {where}" in page.case_text[case["id"]], f"the HTML report does not show {where}")

# HAR: every exchange, in run order, masked
har_path = out / "exchanges.har"
check(har_path.exists() and f"report: {har_path}" in stdout, "exchanges.har not written and named")
har = json.loads(har_path.read_text())
log = har["log"]
check(log["version"] == "1.2", f"log.version {log.get('version')!r}")
check(log["creator"]["name"] == "scimcheck", "creator is not scimcheck")
exchanges = [(c["id"], s["name"], s["exchange"]) for c in cases for s in c["steps"] if s.get("exchange")]
entries = log["entries"]
check(len(entries) == len(exchanges), f"{len(entries)} HAR entries for {len(exchanges)} exchanges")
for entry, (cid, name, ex) in zip(entries, exchanges):
    same = (entry["request"]["method"] == ex["request"]["method"]
            and entry["request"]["url"] == ex["request"]["url"]
            and entry["comment"].startswith(f"check {cid}, step {name}"))
    if not check(same, f"HAR entry {entry['comment']!r} is not {cid} step {name}"):
        break
    if not ex.get("error"):
        check(entry["response"]["status"] == ex["response"]["status"], f"{cid}: status differs")
# each entry starts when its request went out: within the run
def moment(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
start, end = moment(doc["started_at"]), moment(doc["finished_at"])
late = [e["startedDateTime"] for e in entries
        if not start.replace(microsecond=0) <= moment(e["startedDateTime"]) <= end + timedelta(seconds=1)]
check(not late, f"HAR entries starting outside the run {start}..{end}: {late[:3]}")
check(len({e["startedDateTime"] for e in entries}) > len(entries) // 2, "HAR entries share start times")
check(not files_containing(out, TOKEN), f"the token is in {files_containing(out, TOKEN)}")
check(any(h["value"] == "Bearer ****" for e in entries for h in e["request"]["headers"]
          if h["name"].lower() == "authorization"), "no masked Authorization header in the HAR")

# re-rendered from results.json
again = tempdir("replay-again")
code, _, stderr = scimcheck("report", str(out / "results.json"), "--format", "har", "--out", str(again))
check(code == 0, f"report --format har exited {code}: {stderr[-500:]}")
if code == 0:
    check(json.loads((again / "exchanges.har").read_text()) == har, "report writes a different HAR")
finish()
