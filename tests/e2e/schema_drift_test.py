"""Schema drift (protocol.responses.schema-drift): against the reference server, the Users
and Groups it returns keep to its own /Schemas; each drift defect is one finding naming the
attribute, the declaration and the value seen, in results.json and in the reports' Schema
drift section; a password returned is a MUST finding whose value is not shown; a readOnly value the server
keeps from a create body (meta.created) is a MUST finding "readOnly taken from the request",
while the readOnly values a correct server ignores or sets itself are none; without
/Schemas the check is skipped and the section says why."""
import concurrent.futures
import json

from common import check, finish, scimcheck, tempdir

DRIFT = "protocol.responses.schema-drift"


def run(defect):
    out = tempdir("drift-" + (defect or "none"))
    args = ["run", "--profile", "twingate", "--out", str(out), "--format", "json,md,html"]
    if defect:
        args += ["--server-defect", defect]
    code, stdout, stderr = scimcheck(*args, timeout=600)
    results = json.loads((out / "results.json").read_text())
    kase = next(c for s in results["suites"] for c in s["cases"] if c["id"] == DRIFT)
    md = next(out.glob("*.md")).read_text()
    html = next(out.glob("*.html")).read_text()
    return defect, code, kase, md, html, stdout + stderr


def findings(kase):
    return [(c["description"], c["expected"], c["actual"], c["outcome"])
            for s in kase.get("steps", []) for c in s["checks"]]


defects = [None, "undeclared-attribute", "schemas-wrong-type", "password-returned",
           "schemas-endpoint-missing", "readonly-from-request"]
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    runs = {r[0]: r for r in pool.map(run, defects)}

_, code, kase, md, html, text = runs[None]
check(code == 0, f"correct server: exit {code}\n{text[-1500:]}")
check(kase["outcome"] == "passed", f"correct server: {kase['outcome']} {kase.get('reason')}")
check("### Schema drift" in md and "None: every User and Group" in md,
      "correct server: the Markdown has no Schema drift section saying none")
check('id="schema-drift"' in html, "correct server: the HTML has no Schema drift section")

_, _, kase, md, html, _ = runs["undeclared-attribute"]
found = findings(kase)
check(kase["outcome"] == "warning" and len(found) == 1, f"undeclared-attribute: {kase['outcome']} {found}")
if found:
    description, expected, actual, _ = found[0]
    check("employeeBadge" in description and "undeclared" in description, description)
    check(expected == "not declared in /Schemas", expected)
    check('"B-' in actual and "responses)" in actual, actual)
check("employeeBadge" in md and "employeeBadge" in html, "undeclared-attribute: not in the reports")

_, _, kase, _, _, _ = runs["schemas-wrong-type"]
found = findings(kase)
check(len(found) == 1 and "active" in found[0][0] and "type string" in found[0][1]
      and found[0][2].startswith("true"), f"schemas-wrong-type: {found}")

_, _, kase, md, _, _ = runs["password-returned"]
found = findings(kase)
check(kase["outcome"] == "failed" and len(found) == 1, f"password-returned: {kase['outcome']} {found}")
if found:
    check("password" in found[0][0] and "returned never" in found[0][0], found[0][0])
    check("not shown" in found[0][2], f"password-returned: the value is shown: {found[0][2]}")

_, code, kase, md, html, text = runs["readonly-from-request"]
found = findings(kase)
check(code == 1, f"readonly-from-request: exit {code}\n{text[-1500:]}")
check(kase["outcome"] == "failed" and len(found) == 1,
      f"readonly-from-request: {kase['outcome']} {found}")
if found:
    description, expected, actual, outcome = found[0]
    check("meta.created" in description and "readOnly taken from the request" in description,
          description)
    check(expected.startswith("mutability readOnly"), expected)
    check('"2001-01-01T00:00:00Z", as the request sent it (in 1 response)' == actual, actual)
    check(outcome == "failed", outcome)
    step = kase["steps"][0]
    check(step["name"].startswith("groups.create.read-only-ignored / "), step["name"])
    check("SHALL NOT be modified" in step["checks"][0].get("message", ""), step["checks"][0])
for name, report in (("Markdown", md), ("HTML", html)):
    check("readOnly taken from the request" in report and "2001-01-01T00:00:00Z" in report,
          f"readonly-from-request: not in the {name} Schema drift section")

_, _, kase, md, html, _ = runs["schemas-endpoint-missing"]
check(kase["outcome"] == "skipped" and "GET /Schemas answered 404" in kase.get("reason", ""),
      f"schemas-endpoint-missing: {kase['outcome']} {kase.get('reason')}")
check("Not checked: the server's /Schemas could not be read" in md,
      "schemas-endpoint-missing: the Markdown section does not say why")
check("Not checked: the server&#39;s /Schemas could not be read" in html,
      "schemas-endpoint-missing: the HTML section does not say why")
finish()
