"""`--entra-mode both`: one run runs every check, the flag-off and the flag-on ones each once,
and its reports show a status per mode for each capability; a reference-server defect that
breaks only a flag-on request shape fails the flag-on column alone. A single-mode run says
which capabilities it left partly tested. A profile may ask for both, and the URL's
aadOptscim062020 flag does not narrow an explicit both."""
import json
import re

from common import ROOT, Server, check, finish, scimcheck, tempdir

SHAPES = "request shapes"  # in the reason of every check skipped for its mode


def run(*args, expect):
    out = tempdir("modes")
    code, stdout, stderr = scimcheck("run", "--out", str(out), "--format", "json,html,md,junit",
                                     *args)
    check(code == expect, f"run {' '.join(args)}: exit {code}, expected {expect}\n"
                          f"{stdout[-2000:]}\n{stderr[-2000:]}")
    results = json.loads(read(out / "results.json")) if (out / "results.json").exists() else {}
    return out, stdout, results


def read(path):
    """The file's text, or "" when the run did not write it (the failed run is reported)."""
    return path.read_text() if path.exists() else ""


def cases_of(results):
    return [c for s in results.get("suites", []) for c in s["cases"]]


def html_row(html, capability):
    m = re.search(r'<tr [^>]*data-capability="' + re.escape(capability) + r'".*?</tr>', html, re.S)
    return m.group(0) if m else ""


def md_row(md, capability):
    return next((line for line in md.splitlines() if f"(`{capability}`)" in line), "")


# 1. Both modes against the embedded reference server: everything runs, both columns shown.
out, stdout, results = run("--profile", "twingate", "--entra-mode", "both", expect=0)
cases = cases_of(results)
check(results.get("entra_mode") == "both", f"results.json entra_mode {results.get('entra_mode')}")
for mode in ("flag-off", "flag-on"):
    ran = [c for c in cases if c["id"].startswith(f"users.patch.{mode}.")]
    check(ran and all(c["outcome"] == "passed" for c in ran),
          f"users.patch.{mode}.*: {[(c['id'], c['outcome']) for c in ran]}")
    check(all(c.get("entra_mode") == mode for c in ran), f"users.patch.{mode}.* carry another mode")
    check(any(c.get("entra_mode") == mode for c in cases if not c["id"].startswith("users.patch.")),
          f"no other {mode} check in the run")
check(any(c.get("entra_mode") == "any" for c in cases), "no common check in the run")
mode_skipped = [c["id"] for c in cases if SHAPES in c["reason"]]
check(not mode_skipped, f"checks skipped for their mode in a both run: {mode_skipped}")
ids = [c["id"] for c in cases]
check(len(ids) == len(set(ids)), "a check ran twice")
check("entra modes: both ran" in stdout, "console: no line saying both modes ran")
check("flag-on checks:" not in stdout, "console: per-mode counts without a failing mode")
html = read(out / "report.html")
md = read(out / "report.md")
check("<th>flag-off</th><th>flag-on</th>" in html, "HTML checklist: no column per mode")
sync = html_row(html, "sync-attributes")
check('data-mode="flag-off"' in sync and 'data-mode="flag-on"' in sync,
      f"HTML sync-attributes row without both mode cells: {sync[:400]}")
check("| flag-off | flag-on | capability | checks |" in md, "Markdown checklist: no column per mode")
check(md_row(md, "sync-attributes").startswith("| \u2705 works | \u2705 works |"),
      f"Markdown sync-attributes row: {md_row(md, 'sync-attributes')}")
junit = read(out / "junit.xml")
check('name="entra_mode" value="both"' in junit, "JUnit: no entra_mode property of both")

# `scimcheck report` reads the modes back and draws the same columns.
again = tempdir("modes-report")
code, _, err = scimcheck("report", str(out / "results.json"), "--format", "md", "--out", str(again))
check(code == 0, f"report: exit {code}: {err[-500:]}")
if code == 0:
    check(read(again / "report.md") == md, "report from results.json differs from the run's")

# 2. A defect breaking a flag-on request shape only: the flag-on column fails, flag-off passes.
out, stdout, results = run("--profile", "twingate", "--entra-mode", "both",
                           "--server-defect", "patch-dotted-keys-refused", expect=1)
cases = cases_of(results)
failed = sorted(c["id"] for c in cases if c["outcome"] in ("failed", "errored"))
check(failed == ["users.patch.flag-on.mixed"], f"failed under patch-dotted-keys-refused: {failed}")
flag_off = [c for c in cases if c.get("entra_mode") == "flag-off"]
check(flag_off and all(c["outcome"] == "passed" for c in flag_off),
      f"flag-off checks: {[(c['id'], c['outcome']) for c in flag_off if c['outcome'] != 'passed']}")
capability = next((c["capability"] for c in cases if c["id"] == "users.patch.flag-on.mixed"), "")
html = read(out / "report.html")
row = html_row(html, capability)
check(re.search(r'class="status s-pass" data-mode="flag-off"', row) and
      re.search(r'class="status s-fail" data-mode="flag-on"', row),
      f"HTML {capability} row: flag-off should pass, flag-on fail: {row[:400]}")
row = md_row(read(out / "report.md"), capability)
check(row.startswith("| \u2705 works | \u274c broken |"), f"Markdown {capability} row: {row}")
check("flag-off checks: " in stdout and re.search(r"flag-on checks: +\d+ passed, 1 failed", stdout),
      f"console: no per-mode counts for the failing mode:\n{stdout[-1500:]}")

# 3. A single-mode run: rows with checks of the other mode skipped read as partly tested.
out, stdout, results = run("--profile", "twingate", expect=0)
cases = cases_of(results)
skipped_on = [c for c in cases if c.get("entra_mode") == "flag-on"]
check(skipped_on and all(c["outcome"] == "skipped" and SHAPES in c["reason"] for c in skipped_on),
      "a flag-off run: flag-on checks not all skipped for their mode")
row = md_row(read(out / "report.md"), "sync-attributes")
check("flag-on not tested" in row and "--entra-mode both runs them" in row,
      f"Markdown: sync-attributes not marked partly tested: {row}")
row = html_row(read(out / "report.html"), "sync-attributes")
check('data-untested-mode="flag-on"' in row and "flag-on not tested" in row,
      f"HTML: sync-attributes not marked partly tested: {row[:400]}")
check(md_row(read(out / "report.md"), "connection").find("not tested") < 0,
      "Markdown: the connection row, which has no mode-specific check, is marked partly tested")

# 4. A profile asking for both; the URL's flag with an explicit both.
profile = tempdir("modes-profile") / "both.profile.json"
document = json.loads((ROOT / "suites" / "profiles" / "twingate.profile.json").read_text())
document["entra_mode"] = "both"
profile.write_text(json.dumps(document))
code, listed, err = scimcheck("list", "--profile", str(profile), "--json")
check(code == 0, f"list with a both profile: exit {code}: {err[-500:]}")
if code == 0:
    listed = json.loads(listed)
    check(not [c["id"] for c in listed if SHAPES in c["skip_reason"]],
          "a profile of both: checks skipped for their mode")
    check({"flag-off", "flag-on"} <= {c.get("entra_mode") for c in listed}, "list: modes not shown")
code, text, _ = scimcheck("list", "--profile", "twingate", "--entra-mode", "both")
check(code == 0 and "(both)" in text and "(flag-on)" in text,
      "list --entra-mode both: the run's mode or a check's mode not shown")

with Server() as server:
    _, _, results = run("--profile", "twingate", "--url", server.url + "?aadOptscim062020",
                          "--entra-mode", "both", "--only", "users.patch.*", expect=0)
    cases = cases_of(results)
    check(results.get("entra_mode") == "both", "URL flag with --entra-mode both: not a both run")
    for mode in ("flag-off", "flag-on"):
        check(any(c["id"].startswith(f"users.patch.{mode}.") and c["outcome"] == "passed"
                  for c in cases), f"URL flag with --entra-mode both: no users.patch.{mode}.* passed")

finish()
