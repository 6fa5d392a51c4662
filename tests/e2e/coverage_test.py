"""docs/coverage.md stays in sync with the suites: every Entra operation row and every RFC
line has at least one check id or a written reason, and every id it names exists."""
import json
import re

from common import ROOT, check, finish, scimcheck

text = (ROOT / "docs" / "coverage.md").read_text()
rows = []
for line in text.splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) >= 3 and re.match(r"^(U\d+|G\d+|D\d+|RFC [\d.]+)", cells[0]):
        rows.append(cells)
keys = {r[0].split()[0] if not r[0].startswith("RFC") else " ".join(r[0].split()[:2]) for r in rows}
for needed in [f"U{i}" for i in range(1, 10)] + [f"G{i}" for i in range(1, 8)] + ["D1"]:
    check(needed in keys, f"coverage.md has no row for {needed}")
check(sum(1 for k in keys if k.startswith("RFC")) >= 10, "coverage.md lists fewer than 10 RFC lines")

ids = set()
for profile in ["twingate", "vonage", "mediusflow", "ipass", "entra", "rfc"]:
    for mode in ["flag-off", "flag-on"]:
        code, out, _ = scimcheck("list", "--profile", profile, "--entra-mode", mode, "--json")
        if check(code == 0, f"list {profile} {mode}"):
            ids |= {c["id"] for c in json.loads(out)}
for cells in rows:
    named = re.findall(r"`([a-z0-9][a-z0-9.\-]+)`", cells[1])
    check(named or len(cells[2]) > 10, f"{cells[0]}: neither a check id nor a reason")
    for n in named:
        check(n in ids, f"{cells[0]}: names unknown check {n}")
finish()
