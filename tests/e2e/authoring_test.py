"""A profile of one's own (issue 12, item 7): an app "acme" matching on externalId, mapping
userName and the work e-mail, no groups, no name. Lint checks only the profile and its suites,
reports template and capability typos with file:line:col and exits 2; the run skips the
checks that read what acme does not map (never errors them) and exits 0 against the embedded
server; a suite listed as ./acme.suite.json resolves next to the profile; --suite replaces
the profile's suites, --add-suite adds to them; authoring errors stop the run before any
request."""
import json
import re

from common import ROOT, CountingServer, check, finish, scimcheck, tempdir

CORE = sorted((ROOT / "suites" / "core").glob("*.suite.json"))

ACME_SUITE = {
    "suite": "acme",
    "title": "Acme's own rule",
    "requires": ["users"],
    "cases": [{
        "id": "acme.create.keeps-username",
        "title": "A created user reads back with its userName",
        "requirement": "Acme tutorial",
        "level": "MUST",
        "impact": "app",
        "capability": "create-users",
        "fixtures": {"alice": "user"},
        "steps": [{
            "name": "create",
            "request": {"method": "POST", "path": "/Users", "body": "{{alice.body}}"},
            "creates": True,
            "expect": [{"status": 201},
                       {"path": "userName", "equals": "{{alice.userName}}"}],
        }],
    }],
}


def acme(folder, capabilities=("connection", "users", "create-users", "remove-users",
                               "sync-attributes", "entra-rules"),
         suites=("core/*.suite.json", "./acme.suite.json"), body="{{alice.body}}"):
    """Writes acme.profile.json and acme.suite.json into folder; returns the profile path."""
    suite = json.loads(json.dumps(ACME_SUITE))
    suite["cases"][0]["steps"][0]["request"]["body"] = body
    (folder / "acme.suite.json").write_text(json.dumps(suite, indent=2) + "\n")
    profile = {
        "profile": "acme",
        "title": "Acme",
        "capabilities": list(capabilities),
        "users": {"matching": "externalId", "attributes": [
            {"path": "externalId", "value": "{{uuid}}"},
            {"path": "userName", "value": "scimcheck-{{unique}}@example.com"},
            {"path": "emails[type eq \"work\"].value", "value": "mail-{{unique}}@example.com"},
        ]},
        "suites": list(suites),
    }
    path = folder / "acme.profile.json"
    path.write_text(json.dumps(profile, indent=2) + "\n")
    return path


def line_col(path, needle):
    """1-based line and column of the first occurrence of needle in the file."""
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


# --- A correct profile: lint passes, counting only its own files; the run skips, exit 0. ---
good_dir = tempdir("acme-good")
good = acme(good_dir)
code, out, err = scimcheck("lint", "--profile", str(good))
files = 2 + len(CORE)
check(code == 0, f"lint of a correct acme profile: exit {code}\n{out}{err}")
check(f"{files} of {files} files OK" in out, f"lint counts the profile's files only: {out!r}")
check("maps no name.givenName for users" in err and "warning" in err,
      f"lint notes the attribute acme does not map:\n{err}")

out_dir = tempdir("acme-run")
code, out, err = scimcheck("run", "--profile", str(good), "--out", str(out_dir), "--format", "json",
                           timeout=600)
check(code == 0, f"run of acme against the embedded server: exit {code}\n{out[-3000:]}{err[-2000:]}")
results = json.loads((out_dir / "results.json").read_text()) if (out_dir / "results.json").exists() else {}
cases = [c for s in results.get("suites", []) for c in s.get("cases", [])]
errored = [c["id"] for c in cases if c.get("outcome") == "errored"]
check(not errored, f"acme: checks errored instead of skipped: {errored}")
given = [c for c in cases if "maps no name.givenName for users" in (c.get("reason") or "")]
check(len(given) >= 1, "acme: no check skipped for name.givenName")
users_suite = ROOT / "suites" / "core" / "users.suite.json"
pattern = re.compile(r"^profile acme maps no name\.givenName for users \(used at (.+):(\d+):(\d+)\)$")
for c in given:
    m = pattern.match(c["reason"])
    check(c.get("outcome") == "skipped" and m is not None, f"acme: {c['id']}: {c.get('outcome')} {c['reason']!r}")
    if m:
        where = ROOT / m.group(1) if not m.group(1).startswith("/") else m.group(1)
        text = open(where).read().splitlines()[int(m.group(2)) - 1]
        check(text[int(m.group(3)) - 1:].startswith("{{") and "name.givenName" in text,
              f"acme: {c['id']} points at {m.group(0)!r}, not at the template: {text!r}")
check(any(c["id"] == "acme.create.keeps-username" and c.get("outcome") == "passed" for c in cases),
      "acme: the profile's own ./acme.suite.json did not run and pass")

# --- Authoring mistakes: lint reports each with file:line:col and exits 2. ---
bad_dir = tempdir("acme-bad")
bad = acme(bad_dir, capabilities=("users", "create-users", "group", "manger"), body="{{alice.bdy}}")
code, out, err = scimcheck("lint", "--profile", str(bad))
check(code == 2, f"lint of acme with typos: exit {code}\n{err}")
for needle, hint, path in (('"group"', 'did you mean "groups"?', bad), ('"manger"', 'did you mean "manager"?', bad),
                           ("{{alice.bdy}}", 'did you mean "body"?', bad_dir / "acme.suite.json")):
    line, col = line_col(path, needle)
    check(f"{path}:{line}:{col}: error:" in err, f"lint: no {path}:{line}:{col} error for {needle}:\n{err}")
    check(hint in err, f"lint: no hint {hint!r}:\n{err}")
check(f"{files - 2} of {files} files OK" in out, f"lint counts the two files with errors: {out!r}")

# The same mistakes stop `run` before any request: exit 2, nothing sent.
counting = CountingServer()
hits, url = counting.hits, counting.url
# Each profile lists a shipped suite only, and the template typo comes with --suite, so that
# nothing but the mistake itself can stop the run.
caps = acme(tempdir("acme-caps"), capabilities=("users", "create-users", "group"),
            suites=("core/users.suite.json",))
typo = acme(tempdir("acme-tmpl"), body="{{alice.bdy}}", suites=("core/users.suite.json",))
for label, profile, extra_args, needle in (
        ("capability typo", caps, (), 'unknown capability "group"'),
        ("template typo", typo, ("--suite", str(typo.parent / "acme.suite.json")), 'unknown member "bdy"')):
    for target in (("--url", url), ()):
        code, out, err = scimcheck("run", "--profile", str(profile), *extra_args, *target,
                                   "--out", str(tempdir("acme-out")))
        check(code == 2 and needle in err,
              f"run with a {label} ({'url' if target else 'embedded'}): exit {code}\n{out[-1500:]}{err}")
check(not hits, f"authoring errors: {len(hits)} requests were sent")
counting.stop()

# A suite entry relative to the profile that matches nothing points at the entry.
missing = acme(tempdir("acme-missing"), suites=("./nothing.suite.json",))
code, out, err = scimcheck("lint", "--profile", str(missing))
line, col = line_col(missing, '"./nothing.suite.json"')
check(code == 2 and f"{missing}:{line}:{col}: error:" in err, f"unmatched suite entry: exit {code}\n{err}")

# --- --suite replaces the profile's suites, --add-suite adds to them. ---
only_core = acme(tempdir("acme-list"), suites=("core/users.suite.json",))
extra = good_dir / "acme.suite.json"


def listed(*args):
    code, out, err = scimcheck("list", "--profile", str(only_core), "--json", *args)
    check(code == 0, f"list {args}: exit {code}\n{err}")
    return {c["id"] for c in json.loads(out)} if code == 0 else set()


own = listed()
replaced = listed("--suite", str(extra))
added = listed("--add-suite", str(extra))
check("acme.create.keeps-username" not in own and any(i.startswith("users.") for i in own), f"profile suites: {own}")
check(replaced == {"acme.create.keeps-username"}, f"--suite replaces: {replaced}")
check(added == own | {"acme.create.keeps-username"}, f"--add-suite adds: {sorted(added - own)}")
code, out, err = scimcheck("run", "--profile", str(only_core), "--add-suite", str(extra),
                           "--only", "acme.*", "--out", str(tempdir("acme-add")))
check(code == 0 and "acme.create.keeps-username" in out, f"run --add-suite: exit {code}\n{out}{err}")

finish()
