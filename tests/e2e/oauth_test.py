"""OAuth with a token set from an authorization-code flow done elsewhere (`--token-file` holding
JSON): against `scimcheck serve` issuing 3 s access tokens, the run renews the access token
with the refresh-token grant before it expires (and, when the file's expiry is wrong, after the
server's 401), completes green, reports the lifetime and its gallery warning, and never prints
a secret. `scimcheck load` and `scimcheck cleanup --ledger` take the same token file: given an
access token that has already expired, they renew it with the refresh-token grant (before use
when the file says it expired, after the server's 401 when the file's expiry is wrong) and do
their work. A malformed token file is refused with exit 2 without echoing it."""
import datetime
import http.server
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from common import TOKEN, Server, check, files_containing, finish, scimcheck, tempdir

LIFETIME = 2


class TokenProxy:
    """A loopback token endpoint that forwards to the reference server's /oauth/token and
    records each grant_type and every token handed out."""

    def __init__(self, upstream):
        self.grants, self.tokens = [], set()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                form = urllib.parse.parse_qs(body.decode())
                proxy.grants.append(form.get("grant_type", [""])[0])
                req = urllib.request.Request(upstream, data=body, headers={
                    "Content-Type": self.headers.get("Content-Type", "")})
                try:
                    with urllib.request.urlopen(req, timeout=10) as r:
                        status, answer = r.status, r.read()
                except urllib.error.HTTPError as e:
                    status, answer = e.code, e.read()
                if status == 200:
                    j = json.loads(answer)
                    proxy.tokens.update(j[k] for k in ("access_token", "refresh_token") if k in j)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/token"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def client_credentials(self):
        """A first token set, as an authorization flow would leave it."""
        body = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": "scimcheck",
                                       "client_secret": TOKEN}).encode()
        req = urllib.request.Request(self.url, data=body, headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())


def run_with(server, proxy, token_set, name):
    out = tempdir(name)
    token_file = out.parent / (out.name + ".token.json")
    token_file.write_text(json.dumps(token_set, indent=2) + "\n")
    proxy.grants.clear()
    code, stdout, stderr = scimcheck("run", "--profile", "vonage", "--url", server.url,
                                     "--token-file", str(token_file), "--out", str(out),
                                     "--rate", "40",  # over 200 requests: several lifetimes
                                     "--format", "junit,json,html,md,har")
    context = f"{name}: exit {code}\n{stdout[-3000:]}\n{stderr[-2000:]}"
    check(code == 0, context)
    check("refresh_token" in proxy.grants, f"{name}: the token endpoint saw {proxy.grants}")
    check("client_credentials" not in proxy.grants, f"{name}: fell back to client credentials")
    results = json.loads((out / "results.json").read_text())
    auth = results.get("auth", {})
    check(results["duration_ms"] > 2000 * LIFETIME, f"{name}: the run took {results['duration_ms']} ms only")
    check(auth.get("type") == "oauth2 refresh token", f"{name}: auth {auth}")
    check(auth.get("token_lifetime_s") == LIFETIME, f"{name}: auth {auth}")
    check(auth.get("refreshes", 0) >= 1, f"{name}: auth {auth}")
    check(auth.get("token_lifetime_in_gallery_range") is False, f"{name}: auth {auth}")
    check(f"auth: oauth2 refresh token, access token lifetime {LIFETIME} s, " in stdout,
          f"{name}: no auth line\n{stdout[-1500:]}")
    check(f"warning (gallery): access token lifetime {LIFETIME} s is outside" in stdout,
          f"{name}: no gallery warning")
    secrets = proxy.tokens | {TOKEN}
    check(len(proxy.tokens) >= 4, f"{name}: only {len(proxy.tokens)} tokens issued")
    for secret in secrets:
        check(secret not in stdout and secret not in stderr, f"{name}: a secret on the console")
        hits = files_containing(out, secret)
        check(not hits, f"{name}: a secret in {hits}")
    return out


def expired_set(proxy, base, expires_at=None):
    """A token set whose access token has expired; the file says when (or, with expires_at,
    says something else)."""
    first = proxy.client_credentials()
    issued = datetime.datetime.now(datetime.timezone.utc)
    time.sleep(LIFETIME + 0.5)
    said = expires_at or (issued + datetime.timedelta(seconds=first["expires_in"])).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    return {"access_token": first["access_token"], "refresh_token": first["refresh_token"],
            "expires_at": said, **base}


def token_file(name, token_set):
    out = tempdir(name)
    path = out.parent / (out.name + ".token.json")
    path.write_text(json.dumps(token_set) + "\n")
    return out, path


def renewed(name, proxy, stdout, stderr):
    context = f"{name}:\n{stdout[-2000:]}\n{stderr[-2000:]}"
    check("refresh_token" in proxy.grants, f"{name}: the token endpoint saw {proxy.grants}")
    check("client_credentials" not in proxy.grants, f"{name}: fell back to client credentials")
    check(re.search(rf"^auth: oauth2 refresh token, access token lifetime {LIFETIME} s, "
                    r"[1-9]\d* refresh", stdout, re.M), f"{name}: no auth line with a refresh\n{context}")
    for secret in proxy.tokens | {TOKEN}:
        check(secret not in stdout and secret not in stderr, f"{name}: a secret on the console")


def load_with_expired_token(server, proxy, base):
    out, path = token_file("oauth-load", expired_set(proxy, base))
    proxy.grants.clear()
    code, stdout, stderr = scimcheck("load", "--profile", "vonage", "--url", server.url,
                                     "--token-file", str(path), "--users", "6",
                                     "--concurrency", "2", "--out", str(out))
    check(code == 0, f"load: exit {code}\n{stdout[-3000:]}\n{stderr[-2000:]}")
    renewed("load", proxy, stdout, stderr)
    summary = json.loads((out / "load.json").read_text())
    counts = summary["counts"]
    check(counts["users_created"] == 6 and counts["users_deleted"] == 6, f"load: counts {counts}")
    check(summary["errors"] == {}, f"load: errors {summary['errors']}")
    for secret in proxy.tokens:
        check(not files_containing(out, secret), "load: a secret in its reports")


def cleanup_with_expired_token(server, proxy, base):
    """A ledger left by a run whose users are still there; the token file's access token has
    expired but the file says it is good until 2099: the server's 401 renews it."""
    access = proxy.client_credentials()["access_token"]
    run_id = "rtok" + str(int(time.time()))
    names = [f"scimcheck-{run_id}-{i}@example.com" for i in range(3)]
    lines = [{"event": "run", "run_id": run_id, "profile": "vonage", "target": server.url}]
    for seq, name in enumerate(names, start=1):  # as the tool numbers them
        body = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": name,
                "active": True, "name": {"givenName": "Ada", "familyName": "Token"},
                "emails": [{"value": name, "type": "work", "primary": True}]}
        req = urllib.request.Request(server.url + "/Users", data=json.dumps(body).encode(),
                                     method="POST", headers={
                                         "Authorization": "Bearer " + access,
                                         "Content-Type": "application/scim+json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            created = json.loads(r.read())
        lines.append({"event": "pending", "seq": seq, "endpoint": "/Users",
                      "marker_attr": "userName", "marker_value": name, "case": "oauth"})
        lines.append({"event": "created", "seq": seq, "id": created["id"]})
    out, path = token_file("oauth-cleanup", expired_set(proxy, base, "2099-01-01T00:00:00Z"))
    ledger = out / "ledger.jsonl"
    ledger.write_text("".join(json.dumps(line) + "\n" for line in lines))
    query = "/Users?filter=" + urllib.parse.quote(f'userName sw "scimcheck-{run_id}-"')
    check(server.get(query)["totalResults"] == 3, "cleanup: the users to delete are not there")
    proxy.grants.clear()
    code, stdout, stderr = scimcheck("cleanup", "--ledger", str(ledger), "--token-file", str(path))
    check(code == 0, f"cleanup: exit {code}\n{stdout}\n{stderr}")
    check("deleted 3 of 3 created resource(s)" in stdout, f"cleanup: {stdout}")
    renewed("cleanup", proxy, stdout, stderr)
    check(server.get(query)["totalResults"] == 0, "cleanup: users of the ledger left behind")
    check(not ledger.exists(), "cleanup: the ledger is kept although everything was deleted")


with Server("--profile", "vonage", "--token-lifetime", str(LIFETIME)) as server:
    proxy = TokenProxy(server.url + "/oauth/token")
    base = {"token_url": proxy.url, "client_id": "scimcheck", "client_secret": TOKEN}

    # The file says when the token expires: renewed before it does.
    first = proxy.client_credentials()
    run_with(server, proxy, {**first, **base}, "oauth-expiry")

    # The file's expiry is wrong (far ahead) and the token has expired already: the server's 401
    # renews it and the request goes again.
    first = proxy.client_credentials()
    time.sleep(LIFETIME + 0.5)
    lying = {"access_token": first["access_token"], "refresh_token": first["refresh_token"],
             "expires_at": "2099-01-01T00:00:00Z", **base}
    run_with(server, proxy, lying, "oauth-refused")

    # load and cleanup read the same token file and renew its expired access token.
    load_with_expired_token(server, proxy, base)
    cleanup_with_expired_token(server, proxy, base)

    # A malformed token file: exit 2, the member named, no value shown.
    out = tempdir("oauth-malformed")
    bad = out / "token.json"
    secret = "zq9-" + TOKEN
    bad.write_text(json.dumps({"access_token": secret, "expires_at": "next " + secret}))
    code, stdout, stderr = scimcheck("run", "--profile", "vonage", "--url", server.url,
                                     "--token-file", str(bad), "--out", str(out))
    check(code == 2, f"malformed token file: exit {code}\n{stderr}")
    check('member "expires_at" is not an ISO 8601' in stderr, f"malformed token file: {stderr}")
    check("zq9" not in stdout + stderr, "malformed token file: its content was echoed")

    # The embedded server issues its own tokens: a token set is refused.
    good = out / "good.json"
    good.write_text(json.dumps({"access_token": secret}))
    code, stdout, stderr = scimcheck("run", "--profile", "vonage", "--token-file", str(good),
                                     "--out", str(out))
    check(code == 2 and "only a --url target" in stderr, f"embedded with a token set: {code} {stderr}")
    check("zq9" not in stdout + stderr, "embedded with a token set: its content was echoed")

finish()
