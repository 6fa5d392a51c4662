"""The gallery profile against the embedded reference server: the run is green (exit 0, no
failure, no error), every check of the gallery suite ran and passed, the run authenticated
with OAuth 2.0 client credentials at the relative /oauth/token, and `lint --profile` accepts
the profile and its suites."""
import json

from common import ROOT, check, finish, scimcheck, tempdir

GALLERY_CHECKS = {
    "gallery.users.null-empty-update",
    "gallery.users.pagination-count-5",
    "gallery.schemas.mapped-attributes",
    "gallery.schemas.group-schema",
    "gallery.users.patch.same-attribute-several-ops",
    "gallery.groups.patch.same-attribute-several-ops",
    "gallery.users.delete-nonexistent-404",
    "gallery.groups.delete-nonexistent-404",
}

profile = ROOT / "suites" / "profiles" / "gallery.profile.json"
code, stdout, stderr = scimcheck("lint", "--profile", str(profile))
check(code == 0, f"lint --profile gallery: exit {code}\n{stdout[-2000:]}\n{stderr[-2000:]}")

out = tempdir("gallery")
code, stdout, stderr = scimcheck("run", "--profile", "gallery", "--out", str(out), "--format", "json,junit")
check(code == 0, f"run --profile gallery: exit {code}, expected 0\n{stdout[-3000:]}\n{stderr[-2000:]}")
results_file = out / "results.json"
if check(results_file.exists(), f"no results.json in {out}"):
    doc = json.loads(results_file.read_text())
    cases = {c["id"]: c for s in doc["suites"] for c in s["cases"]}
    bad = sorted(i for i, c in cases.items() if c["outcome"] in ("failed", "errored"))
    check(not bad, f"gallery: checks failed or errored: {bad}")
    missing = sorted(GALLERY_CHECKS - set(cases))
    check(not missing, f"gallery: checks not in results.json: {missing}")
    for check_id in sorted(GALLERY_CHECKS & set(cases)):
        outcome = cases[check_id]["outcome"]
        check(outcome == "passed", f"{check_id}: {outcome}, expected passed ({cases[check_id].get('reason')})")
        check(cases[check_id].get("impact") in (None, "gallery"),
              f"{check_id}: impact {cases[check_id].get('impact')}, expected gallery")
    gallery_suite = [s for s in doc["suites"] if s["id"] == "gallery"]
    check(len(gallery_suite) == 1, f"results.json has {len(gallery_suite)} gallery suites, expected 1")
    auth = doc.get("auth") or {}
    check(auth.get("type") == "oauth2 client credentials",
          f"gallery: the run did not authenticate with oauth2 client credentials: {auth}")
    check(auth.get("token_lifetime_in_gallery_range") is True, f"gallery: token lifetime: {auth}")
finish()
