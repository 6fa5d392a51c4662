#!/usr/bin/env python3
"""Writes the fuzz seed corpora, one folder per target, from the shipped suites and profiles
(and, with --results, from the exchanges recorded in a results.json of `scimcheck run
--format json`).

  loader  every suite and profile file as shipped
  filter  the filter query parameters of the suites and of the recorded requests
  path    the SCIM paths of expectations, captures, attribute mappings and PATCH operations
  patch   the PatchOp bodies of the suites, templates filled in
  expect  recorded responses, in the text form of fuzz_support.hpp (status, headers, body)
  redact  recorded requests, in the same text form ("METHOD URL", headers, body)

Usage: seeds.py OUT_DIR [--results results.json]... [--limit N]
The exchanges committed in tests/fuzz/corpus/{expect,redact}/ were made this way from the
rfc, entra and twingate profiles run against the embedded server.
Templates ({{...}}) are filled with plain values so that the seeds parse as they would at
run time. Standard library only.
"""
import argparse
import hashlib
import json
import pathlib
import re
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parents[2]
TEMPLATE = re.compile(r"\{\{([^}]*)\}\}")
PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
REDACT_SECRET = "s3cr3t-T0ken.v4lue"  # one of the secrets of redact.cpp


def fill(text):
    """A template string with each {{...}} replaced by a value of the right shape."""
    def value(m):
        name = m.group(1)
        if "attribute" in name:
            return "userName"
        if name.strip().endswith("id") or "uuid" in name:
            return "2819c223-7f76-453a-919d-413861904646"
        return "scimcheck-fuzz-1"
    return TEMPLATE.sub(value, text)


def fill_json(value):
    if isinstance(value, str):
        return fill(value)
    if isinstance(value, list):
        return [fill_json(v) for v in value]
    if isinstance(value, dict):
        return {fill(k): fill_json(v) for k, v in value.items()}
    return value


def walk(value):
    """Every dict inside a JSON value."""
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v)


class Corpus:
    def __init__(self, out):
        self.out = pathlib.Path(out)
        self.counts = {}

    def add(self, target, data):
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        folder = self.out / target
        folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha1(data).hexdigest()
        path = folder / name
        if not path.exists():
            path.write_bytes(data)
            self.counts[target] = self.counts.get(target, 0) + 1


def from_suites(corpus):
    files = sorted((ROOT / "suites").rglob("*.json"))
    for f in files:
        corpus.add("loader", f.read_bytes())
        doc = json.loads(f.read_text())
        for d in walk(doc):
            query = d.get("query")
            if isinstance(query, dict) and isinstance(query.get("filter"), str):
                corpus.add("filter", fill(query["filter"]))
            path = d.get("path")
            if isinstance(path, str) and path and not path.startswith("/"):
                corpus.add("path", fill(path))
            body = d.get("body")
            if isinstance(body, dict) and PATCH_URN in body.get("schemas", []):
                corpus.add("patch", json.dumps(fill_json(body), indent=1))


def message(first_line, headers, body):
    lines = [first_line] + [f"{h['name']}: {h['value']}" for h in headers]
    return "\n".join(lines) + "\n\n" + (body or "")


def from_results(corpus, results, limit):
    """Responses and requests of the recorded exchanges: the first `limit` of each distinct
    (method, status) pair, so the seeds stay few and varied."""
    seen = {}
    doc = json.loads(pathlib.Path(results).read_text())
    for ex in (d.get("exchange") for d in walk(doc)):
        if not isinstance(ex, dict) or "request" not in ex:
            continue
        req, resp = ex["request"], ex.get("response") or {}
        key = (req.get("method"), resp.get("status"))
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > limit:
            continue
        corpus.add("expect", message(str(resp.get("status", 0)), resp.get("headers", []), resp.get("body")))
        # The recorded credentials are masked already: put back one the redact target knows.
        headers = [{"name": h["name"], "value": h["value"].replace("****", REDACT_SECRET)}
                   for h in req.get("headers", [])]
        corpus.add("redact", message(f"{req.get('method')} {req.get('url')}", headers, req.get("body")))
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(req.get("url", "")).query)
        for f in query.get("filter", []):
            corpus.add("filter", f)
        body = req.get("body") or ""
        if PATCH_URN in body:
            corpus.add("patch", body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--results", action="append", default=[],
                        help="a results.json whose exchanges become seeds (repeatable)")
    parser.add_argument("--limit", type=int, default=3, help="exchanges kept per (method, status)")
    args = parser.parse_args()
    corpus = Corpus(args.out)
    from_suites(corpus)
    for results in args.results:
        from_results(corpus, results, args.limit)
    print("seeds: " + ", ".join(f"{t} {n}" for t, n in sorted(corpus.counts.items())))


if __name__ == "__main__":
    main()
