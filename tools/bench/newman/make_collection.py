#!/usr/bin/env python3
"""Writes a Postman collection (v2.1) that repeats a scimcheck run for newman.

Usage: make_collection.py RESULTS_JSON SCHEMA_DIR OUT_COLLECTION

RESULTS_JSON is the results.json of a run in which every check passed. Each step that sent a
request becomes a Postman request with the same method, path, headers and body, in the same
order, and each of its checks becomes a pm.test:
  status is N / one of ...       -> the response code
  header H matches "re"          -> the header against the regular expression
  path P equals | contains V     -> one of the values at the dotted path P (arrays flattened,
  path P is present | absent        names and strings compared without case) is V
  path P has a count of N           (present / absent / count: how many values there are)
  path P differs from V          -> none of the values at P is V
  body is json | body is empty   -> the body parses as JSON / is empty
  body is valid against scim/X   -> pm.response.to.have.jsonSchema with schemas/scim/X
Ids the server hands out are captured into collection variables and used where the run used
them; the run's base URL becomes {{baseUrl}} and its token {{token}} (bearer, collection-wide).
Each case ends with a DELETE of every resource it created and did not delete itself, as
scimcheck's own cleanup does. Prints how many checks were translated. A check it cannot
translate (a write judged against the resource read before it, a path with a filter) is left
out and its kind named on stderr: newman then does less work than scimcheck, never more.
"""
import json
import re
import sys
from urllib.parse import urlsplit

HELPERS = r"""
const sub = (v) => typeof v === 'string'
  ? v.replace(/\{\{(\w+)\}\}/g, (m, n) => pm.collectionVariables.get(n) ?? pm.variables.get(n) ?? m)
  : Array.isArray(v) ? v.map(sub)
  : (v !== null && typeof v === 'object') ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sub(x)]))
  : v;
const values = (path) => {
  let cur = [pm.response.json()];
  for (const part of path.split('.')) {
    const next = [];
    for (const c of cur) {
      if (c === null || typeof c !== 'object') continue;
      const key = Object.keys(c).find((k) => k.toLowerCase() === part.toLowerCase());
      if (key === undefined || c[key] === null) continue;
      if (Array.isArray(c[key])) next.push(...c[key]); else next.push(c[key]);
    }
    cur = next;
  }
  return cur;
};
const same = (a, b) => typeof a === 'string' && typeof b === 'string'
  ? a.toLowerCase() === b.toLowerCase() : JSON.stringify(a) === JSON.stringify(b);
"""


def main():
    results_path, schema_dir, out_path = sys.argv[1:4]
    run = json.load(open(results_path))
    base = None
    ids = {}  # id value -> variable name
    schemas_used = {}
    untranslated = []
    translated = 0

    def origin(url):
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    def templ(text):
        """The run's base URL and ids replaced by Postman variables."""
        if text is None:
            return text
        if base:
            text = text.replace(base, "{{baseUrl}}")
        for value, name in ids.items():
            text = text.replace(value, "{{" + name + "}}")
        return text

    def js(value):
        return json.dumps(value)

    def test_line(check):
        nonlocal translated
        d = check["description"]
        m = re.fullmatch(r"status is (\d+)", d)
        if m:
            line = f"pm.response.to.have.status({m.group(1)});"
        elif (m := re.fullmatch(r"status is one of ([\d, ]+)", d)):
            line = f"pm.expect([{m.group(1)}]).to.include(pm.response.code);"
        elif (m := re.fullmatch(r'header (\S+) matches (".*")', d)):
            pattern = json.loads(m.group(2))
            line = (f"pm.expect(pm.response.headers.get({js(m.group(1))}) || '')"
                    f".to.match(new RegExp(sub({js(templ(pattern))})));")
        elif (m := re.fullmatch(r"path (\S+) equals (.+)", d)):
            expected = json.loads(m.group(2))
            expected = templ(expected) if isinstance(expected, str) else expected
            line = f"pm.expect(values({js(m.group(1))}).some((x) => same(x, sub({js(expected)})))).to.be.true;"
        elif (m := re.fullmatch(r"path (\S+) contains (.+)", d)):
            expected = json.loads(m.group(2))
            expected = templ(expected) if isinstance(expected, str) else expected
            line = f"pm.expect(values({js(m.group(1))}).some((x) => same(x, sub({js(expected)})))).to.be.true;"
        elif (m := re.fullmatch(r"path (\S+) differs from (.+)", d)):
            expected = json.loads(m.group(2))
            expected = templ(expected) if isinstance(expected, str) else expected
            line = f"pm.expect(values({js(m.group(1))}).some((x) => same(x, sub({js(expected)})))).to.be.false;"
        elif d == "body is json":
            line = "pm.expect(() => pm.response.json()).to.not.throw();"
        elif d == "body is empty":
            line = "pm.expect(pm.response.text()).to.eql('');"
        elif (m := re.fullmatch(r"path (\S+) has a count of (\d+)", d)):
            line = f"pm.expect(values({js(m.group(1))}).length).to.eql({m.group(2)});"
        elif (m := re.fullmatch(r"path (\S+) is (present|absent)", d)):
            op = "above(0)" if m.group(2) == "present" else "eql(0)"
            line = f"pm.expect(values({js(m.group(1))}).length).to.be.{op};"
        elif (m := re.fullmatch(r"body is valid against scim/([\w-]+)", d)):
            name = m.group(1)
            schemas_used[name] = json.load(open(f"{schema_dir}/{name}.schema.json"))
            line = f"pm.response.to.have.jsonSchema(JSON.parse(pm.collectionVariables.get({js('schema_' + name)})));"
        else:
            untranslated.append(d)
            return None
        translated += 1
        return f"pm.test({js(d)}, () => {{ {line} }});"

    def request_item(name, method, url, headers, body, tests, auth):
        item = {"name": name,
                "request": {"method": method, "header": headers, "url": url},
                "event": [{"listen": "test", "script": {"type": "text/javascript",
                                                        "exec": (HELPERS + "\n".join(tests)).split("\n")}}]}
        if body:
            item["request"]["body"] = {"mode": "raw", "raw": body}
        if auth is not None:
            item["request"]["auth"] = auth
        return item

    folders = []
    for suite in run["suites"]:
        for case in suite["cases"]:
            if case["outcome"] == "skipped":
                continue
            if case["outcome"] != "passed":
                sys.exit(f"make_collection: {case['id']} did not pass; use a run in which every check passed")
            items, created, deleted = [], [], set()
            for step in case["steps"]:
                ex = step.get("exchange")
                if not ex:
                    continue
                req, resp = ex["request"], ex["response"]
                if base is None:
                    base = origin(req["url"])
                headers, auth = [], {"type": "noauth"}
                for h in req["headers"]:
                    if h["name"].lower() == "authorization":
                        if h["value"] == "Bearer ****":
                            auth = None  # the collection's bearer {{token}}
                        else:
                            headers.append({"key": h["name"], "value": h["value"]})
                    elif h["name"].lower() != "user-agent":
                        headers.append({"key": h["name"], "value": templ(h["value"])})
                url = templ(req["url"])
                body = templ(req["body"]) if req["body"] else ""
                tests = [t for t in (test_line(c) for c in step["checks"]) if t]
                # Capture the id of what this request created, for the requests after it.
                try:
                    answer = json.loads(resp["body"]) if resp["body"] else None
                except ValueError:
                    answer = None
                if req["method"] == "POST" and 200 <= resp["status"] < 300 and isinstance(answer, dict) \
                        and isinstance(answer.get("id"), str) and answer["id"] not in ids:
                    name = f"id{len(ids) + 1}"
                    tests.append(f"pm.collectionVariables.set({js(name)}, pm.response.json().id);")
                    endpoint = "/Groups" if "/groups" in urlsplit(req["url"]).path.lower() else "/Users"
                    created.append((endpoint, name))
                    ids[answer["id"]] = name
                if req["method"] == "DELETE":
                    deleted.add(url.rstrip("/").rsplit("/", 1)[-1])
                items.append(request_item(step["name"], req["method"], url, headers, body, tests, auth))
            for endpoint, name in reversed(created):
                if "{{" + name + "}}" in deleted:
                    continue
                items.append(request_item(
                    f"cleanup {endpoint} {{{{{name}}}}}", "DELETE", "{{baseUrl}}" + endpoint + "/{{" + name + "}}",
                    [], "", ["pm.test('cleanup', () => pm.expect([200, 204, 404]).to.include(pm.response.code));"], None))
            folders.append({"name": case["id"], "item": items})

    collection = {
        "info": {"name": f"scimcheck {run['profile']} checks",
                 "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}", "type": "string"}]},
        "variable": [{"key": "schema_" + n, "value": json.dumps(s)} for n, s in sorted(schemas_used.items())],
        "item": folders,
    }
    json.dump(collection, open(out_path, "w"), indent=1)
    requests = sum(len(f["item"]) for f in folders)
    print(f"{len(folders)} checks, {requests} requests, {translated} assertions translated, "
          f"{len(untranslated)} not translated")
    # A check with no Postman equivalent here (a write judged against the resource read before
    # it) is left out: newman then does less than scimcheck, which only flatters newman.
    before = "body equals the resource before the write"
    kinds = sorted({before if d.startswith(before) else d.split(" equals ")[0] for d in untranslated})
    for kind in kinds:
        print("not translated:", kind, file=sys.stderr)


if __name__ == "__main__":
    main()
