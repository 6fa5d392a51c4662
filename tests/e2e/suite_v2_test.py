"""Suite format v2 sends what v1 sends: every shipped suite is written back in v1 (each
created fixture spelled out as the create step it stands for, each suite default copied into
the steps that lack it), and a run of a profile on the embedded server with the v1 copy and
with the shipped files sends the same requests (method, path, body) in every case step, once
run ids, counters, UUIDs and server ids are normalised.

Usage: suite_v2_test.py [PROFILE...]   (default: twingate)
       suite_v2_test.py --compare DIR_A DIR_B   (two results.json folders, same profile)
"""
import json
import pathlib
import re
import shutil
import sys

from common import ROOT, check, finish, scimcheck, tempdir

CREATE_FIX = ("Answer a successful POST {c} with 201 Created and the created {n} (RFC 7644 \u00a73.3): "
              "this check creates the {n} it works on that way.")


def create_step(name, kind, capture):
    group = kind == "group"
    collection, noun = ("/Groups", "group") if group else ("/Users", "user")
    return {"name": "create " + name,
            "request": {"method": "POST", "path": collection, "body": "{{" + name + ".body}}"},
            "creates": True,
            "setup": ("groups" if group else "users") + ".create.returns-201",
            "capture": {capture: "id"},
            "expect": [{"status": 201, "fix": CREATE_FIX.format(c=collection, n=noun)}]}


def as_v1(suite):
    """The suite with its v2 shorthands spelled out as v1 writes them."""
    defaults = suite.pop("defaults", {})
    for case in suite["cases"]:
        created = []
        for name, value in list(case.get("fixtures", {}).items()):
            if isinstance(value, dict):
                (kind, options), = value.items()
                case["fixtures"][name] = kind
                if options.get("create"):
                    created.append(create_step(name, kind, options.get("id", name + "_id")))
        if "steps" not in case:
            continue
        case["steps"] = created + case["steps"]
        for step in case["steps"]:
            request = step["request"]
            for header, value in defaults.get("headers", {}).items():
                if header.lower() not in (h.lower() for h in request.get("headers", {})):
                    request.setdefault("headers", {})[header] = value
            if "max_ms" in defaults and not any("max_ms" in x for x in step.get("expect", [])):
                step.setdefault("expect", []).append({"max_ms": defaults["max_ms"]})
    return suite


def v1_root():
    """A data folder whose suites are the shipped ones in v1."""
    root = tempdir("v1-root")
    shutil.copytree(ROOT / "suites", root / "suites")
    (root / "schemas").symlink_to(ROOT / "schemas")
    for path in (root / "suites").rglob("*.suite.json"):
        path.write_text(json.dumps(as_v1(json.loads(path.read_text())), indent=2, ensure_ascii=False))
    return root


def normalise(text, run_id):
    text = re.sub(r"https?://[^/\s\"]+", "", text)
    text = re.sub(re.escape(run_id) + r"-\d+", "<unique>", text, flags=re.I)  # also upper-cased
    text = re.sub(re.escape(run_id), "<run>", text, flags=re.I)
    text = re.sub(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "<uuid>", text)
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "<time>", text)


def requests(out):
    """{(suite, case, step): (method, path, body)} of a run's results.json, normalised."""
    results = json.loads((out / "results.json").read_text())
    found = {}
    for suite in results["suites"]:
        for case in suite["cases"]:
            for i, step in enumerate(case.get("steps", [])):
                exchange = step.get("exchange")
                if not exchange:
                    continue
                r = exchange["request"]
                found[(suite["id"], case["id"], i)] = tuple(
                    normalise(str(v), results["run_id"]) for v in (r["method"], r["url"], r["body"]))
    return found


def check_ids(out):
    results = json.loads((out / "results.json").read_text())
    return [(s["id"], c["id"], c["outcome"]) for s in results["suites"] for c in s["cases"]]


def compare(label, before, after):
    ids_a, ids_b = check_ids(before), check_ids(after)
    check(ids_a == ids_b, f"{label}: check ids or outcomes differ: {sorted(set(ids_a) ^ set(ids_b))[:5]}")
    a, b = requests(before), requests(after)
    check(a.keys() == b.keys(), f"{label}: steps sent differ: {sorted(a.keys() ^ b.keys())[:5]}")
    differing = [k for k in a.keys() & b.keys() if a[k] != b[k]]
    for k in sorted(differing)[:5]:
        print(f"{label}: {k}\n  v1: {a[k]}\n  v2: {b[k]}", flush=True)
    check(not differing, f"{label}: {len(differing)} request(s) differ")
    print(f"{label}: {len(ids_a)} checks, {len(a)} requests compared, {len(differing)} differ", flush=True)


def run(profile, root=None):
    out = tempdir(f"v2-{profile}")
    code, stdout, stderr = scimcheck("run", "--profile", profile, "--format", "json", "--out", str(out),
                                     SCIMCHECK_ROOT=str(root) if root else None)
    check((out / "results.json").exists(), f"{profile}: no results.json (exit {code})\n{stdout[-2000:]}\n{stderr[-2000:]}")
    return out


if len(sys.argv) == 4 and sys.argv[1] == "--compare":
    compare("compare", pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]))
    finish()

root = v1_root()
for profile in sys.argv[1:] or ["twingate"]:
    v1, v2 = run(profile, root), run(profile)
    if (v1 / "results.json").exists() and (v2 / "results.json").exists():
        compare(profile, v1, v2)
finish()
