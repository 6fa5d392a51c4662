"""`scimcheck profile import --entra-schema FILE`: each sample synchronization schema
(tests/data/entra-schemas/, written from the tutorials' mapping tables) becomes a profile
that lints clean and runs green against the embedded server; an ObjectAddOnly attribute is
never PATCHed (asserted on results.json's exchanges, with a control run that shows the same
assertion fails when the attribute is not marked).

`scimcheck profile init --url URL` against `scimcheck serve` writes a profile that runs green
against the same server; hostile discovery answers (too deep, too large, without the User
schema) are refused with exit 3 and nothing written."""
import http.server
import json
import threading

from common import ROOT, Server, check, finish, scimcheck, tempdir

SCHEMAS = ROOT / "tests" / "data" / "entra-schemas"
DEPARTMENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"
work = tempdir("profile-import")


def exchanges(out_dir):
    results = json.loads((out_dir / "results.json").read_text())
    return [st["exchange"] for suite in results["suites"] for case in suite["cases"]
            for st in case["steps"] if st.get("exchange")]


def patches_touching(out_dir, words):
    """PATCH request bodies that name any of `words` (as a path or a member of a value)."""
    return [ex["request"]["body"] for ex in exchanges(out_dir)
            if ex["request"]["method"] == "PATCH"
            and any(w.lower() in (ex["request"]["body"] or "").lower() for w in words)]


def import_and_run(app):
    profile = work / f"{app}.profile.json"
    code, out, err = scimcheck("profile", "import", "--entra-schema", str(SCHEMAS / f"{app}.json"),
                               "--name", f"imported-{app}", "--out", str(profile))
    if not check(code == 0 and profile.exists(), f"{app}: import exit {code}\n{out}{err}"):
        return None, None
    code, out, err = scimcheck("lint", "--profile", str(profile))
    check(code == 0, f"{app}: lint --profile exit {code}\n{(out + err)[-2000:]}")
    out_dir = work / f"run-{app}"
    code, out, err = scimcheck("run", "--profile", str(profile), "--out", str(out_dir),
                               "--format", "json", timeout=600)
    check(code == 0, f"{app}: run exit {code}\n{(out + err)[-3000:]}")
    return json.loads(profile.read_text()), out_dir


profiles = {}
for app in ("twingate", "vonage", "mediusflow", "ipass", "acme"):
    profiles[app] = import_and_run(app)

twingate, _ = profiles["twingate"]
if twingate:
    check(twingate["users"]["matching"] == "externalId" and twingate["groups"]["matching"] == "externalId",
          f"twingate: matching from matchingPriority 1: {twingate['users']['matching']}")
    check("memberships" in twingate["capabilities"], "twingate: members mapped but no memberships")
vonage, _ = profiles["vonage"]
if vonage:
    check("groups" not in vonage and "groups" not in vonage["capabilities"],
          "vonage: a disabled Group object mapping still became groups")
medius, _ = profiles["mediusflow"]
if medius:
    attrs = {a["path"]: a for a in medius["users"]["attributes"]}
    manager = attrs.get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", {})
    check(manager.get("type") == "reference" and "manager" in medius["capabilities"],
          f"mediusflow: manager not a reference: {manager}")
    check(attrs.get("name.formatted", {}).get("value") == "Given{{unique}} Family{{unique}}",
          f"mediusflow: Join([givenName], [surname]): {attrs.get('name.formatted')}")

acme, acme_dir = profiles["acme"]
if acme:
    attrs = {a["path"]: a for a in acme["users"]["attributes"]}
    check(attrs.get(DEPARTMENT, {}).get("add_only") is True and attrs["externalId"].get("add_only") is True,
          f"acme: ObjectAddOnly not marked: {attrs.get(DEPARTMENT)}")
    check(attrs.get("title", {}).get("value") == "Employee" and
          any("Replace" in n for n in acme["source"]["notes"]),
          f"acme: the unknown Replace expression: {attrs.get('title')} {acme['source']['notes']}")
    check("urn:ietf:params:scim:schemas:extension:acme:2.0:User:costCenter" in attrs,
          "acme: the custom-extension attribute is not mapped")
if acme_dir:
    touched = patches_touching(acme_dir, [DEPARTMENT, "department", "externalId"])
    check(not touched, f"acme: PATCH bodies touch an ObjectAddOnly attribute: {touched[:2]}")
    posts = [ex for ex in exchanges(acme_dir) if ex["request"]["method"] == "POST"
             and "department" in (ex["request"]["body"] or "")]
    check(posts, "acme: no create sent the ObjectAddOnly department")

    # Control: the same profile without the marks PATCHes department, so the assertion above can fail.
    for a in acme["users"]["attributes"]:
        a.pop("add_only", None)
    control = work / "control.profile.json"
    control.write_text(json.dumps(acme))
    control_dir = work / "run-control"
    code, out, err = scimcheck("run", "--profile", str(control), "--out", str(control_dir),
                               "--format", "json", "--only", "*department*", timeout=600)
    check(patches_touching(control_dir, [DEPARTMENT]),
          f"control: without add_only no PATCH touched department (exit {code})\n{(out + err)[-1500:]}")

# A schema without a User mapping, and a bad --name, are refused (exit 2) with a message.
empty = work / "empty.json"
empty.write_text('{"synchronizationRules": [], "directories": []}')
code, out, err = scimcheck("profile", "import", "--entra-schema", str(empty), "--out", str(work / "x.json"))
check(code == 2 and "User" in err and not (work / "x.json").exists(), f"no User mapping: exit {code} {err}")
code, out, err = scimcheck("profile", "import", "--entra-schema", str(SCHEMAS / "acme.json"), "--name", "Bad Name")
check(code == 2 and "--name" in err, f"bad --name: exit {code} {err}")
code, out, err = scimcheck("profile", "import", "--entra-schema", str(SCHEMAS / "acme.json"),
                           "--name", "acme", "--out", str(work / "acme.profile.json"))
check(code == 2 and "exists" in err, f"existing --out without --force: exit {code} {err}")

# profile init: from the reference server's /Schemas and /ResourceTypes, then run green there.
with Server() as srv:
    init = work / "init.profile.json"
    code, out, err = scimcheck("profile", "init", "--url", srv.url, "--name", "from-schemas", "--out", str(init))
    if check(code == 0 and init.exists(), f"init: exit {code}\n{out}{err}"):
        written = json.loads(init.read_text())
        check(written["users"]["matching"] == "userName" and "groups" in written,
              f"init: userName matching and groups expected: {json.dumps(written)[:400]}")
        code, out, err = scimcheck("lint", "--profile", str(init))
        check(code == 0, f"init: lint exit {code}\n{(out + err)[-2000:]}")
        code, out, err = scimcheck("run", "--profile", str(init), "--url", srv.url,
                                   "--out", str(work / "run-init"), "--format", "json", timeout=600)
        check(code == 0, f"init: run against serve exit {code}\n{(out + err)[-3000:]}")


class Hostile(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):  # noqa: N802 - http.server API
        self.send_response(200)
        self.send_header("Content-Type", "application/scim+json")
        self.send_header("Content-Length", str(len(Hostile.body)))
        self.end_headers()
        try:
            self.wfile.write(Hostile.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # scimcheck stopped reading: what the size bound is for

    def log_message(self, *args):
        pass


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
threading.Thread(target=srv.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{srv.server_address[1]}/scim"
# Each answer but the last would make a profile if it were read whole.
USER = b'{"id": "urn:ietf:params:scim:schemas:core:2.0:User", "attributes": [], "x": '
for label, body in (("100000 levels deep", b'{"Resources": [' + USER + b"[" * 100000 + b"]" * 100000 + b"}]}"),
                    ("5 MiB", b'{"Resources": [' + USER + b'"' + b"x" * (5 << 20) + b'"}]}'),
                    ("no User schema", b'{"Resources": [{"id": "urn:x"}]}')):
    Hostile.body = body
    target = work / f"hostile-{label.split()[0]}.profile.json"
    code, out, err = scimcheck("profile", "init", "--url", url, "--out", str(target), timeout=120)
    check(code == 3 and not target.exists() and "scimcheck:" in err,
          f"init against an answer {label}: exit {code}, file written {target.exists()}: {err[-300:]}")
srv.shutdown()

finish()
