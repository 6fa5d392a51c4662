"""docs/coverage.md stays in sync with the suites: every Entra operation row and every RFC
line has at least one check id or a written reason, and every id it names exists; its table
of levels and impacts names every check with the level and impact the suites give it."""
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
listed = {}  # id -> (level, impact), over every profile and mode
for profile in ["twingate", "vonage", "mediusflow", "ipass", "entra", "rfc", "gallery"]:
    for mode in ["flag-off", "flag-on"]:
        code, out, _ = scimcheck("list", "--profile", profile, "--entra-mode", mode, "--json")
        if check(code == 0, f"list {profile} {mode}"):
            for c in json.loads(out):
                ids.add(c["id"])
                listed[c["id"]] = (c.get("level"), c.get("impact"))
for cells in rows:
    named = re.findall(r"`([a-z0-9][a-z0-9.\-]+)`", cells[1])
    check(named or len(cells[2]) > 10, f"{cells[0]}: neither a check id nor a reason")
    for n in named:
        check(n in ids, f"{cells[0]}: names unknown check {n}")

# The table of levels and impacts: one row per check id, or per for_each pattern (`<path>`).
graded = {}
for line in text.split("## Level and impact of every check", 1)[-1].splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    m = re.fullmatch(r"`([^`]+)`", cells[0]) if len(cells) >= 3 else None
    if m:
        check(m.group(1) not in graded, f"level table lists {m.group(1)} twice")
        graded[m.group(1)] = (cells[1], cells[2])
check(len(graded) > 0, "coverage.md has no table of levels and impacts")
check(all(lv in ("MUST", "SHOULD", "MAY") and im in ("entra", "gallery", "rfc", "app")
          for lv, im in graded.values()), "level table holds an unknown level or impact")


def row_of(case_id):
    if case_id in graded:
        return case_id
    for key in graded:
        if "<path>" in key and re.fullmatch(re.escape(key).replace("<path>", ".+"), case_id):
            return key
    return None


used = set()
for case_id, grade in sorted(listed.items()):
    key = row_of(case_id)
    if check(key is not None, f"level table has no row for {case_id}"):
        used.add(key)
        check(graded[key] == grade,
              f"{case_id}: level table says {graded[key]}, the suites say {grade}")
for key in sorted(set(graded) - used):
    check(False, f"level table lists {key}, which no profile runs")
finish()
