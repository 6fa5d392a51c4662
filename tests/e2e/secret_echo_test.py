"""A server that echoes the run's credential back in every encoding it could: verbatim, in
upper and lower case, URL-encoded (upper- and lower-case hex, '+' for a space), base64 and
base64url (of the token, of the whole Authorization value, of Basic's user:password),
JSON-escaped ('\\/', '\\uXXXX'). No form of the secret may reach junit.xml, report.html,
report.md, results.json, exchanges.har or the console; the server's own WWW-Authenticate
challenge must reach them unchanged (only the run's secrets are masked)."""
import base64
import http.server
import json
import pathlib
import urllib.parse

from common import ROOT, check, finish, http_server, scimcheck, tempdir

CHALLENGE = 'Bearer realm="SCIM", error="invalid_token"'
# Characters each encoding changes: '/', '+', '=', '~' and letters of both cases.
BEARER_TOKEN = "tOk/e2E+" + "a1B2c3D4e5F6" + "=x~Yz"
BASIC_USER, BASIC_PASSWORD = "scim-admin", "Pa55/w+rd =Q~" + "9f8E7d6C"  # a space: '+' when form-encoded


def b64(text):
    return base64.b64encode(text.encode()).decode()


def forms(secret, header_value):
    """{name: text} for every form of the secret a server might echo."""
    out = {
        "verbatim": secret,
        "upper": secret.upper(),
        "lower": secret.lower(),
        "url-upper": urllib.parse.quote(secret, safe=""),
        "url-lower": "".join(f"%{b:02x}" for b in secret.encode()),
        "url-plus": urllib.parse.quote_plus(secret),
        "base64": b64(secret),
        "base64url": base64.urlsafe_b64encode(secret.encode()).decode().rstrip("="),
        "base64-header": b64(header_value),
        "json-slash": secret.replace("/", "\\/"),
        "json-unicode": "".join(f"\\u{ord(c):04X}" for c in secret),
    }
    return out


def secrets_of(authorization):
    """The secrets a server can see in the Authorization value it received."""
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() == "basic":
        user_password = base64.b64decode(credential).decode()
        return [user_password, user_password.partition(":")[2]]
    return [credential]


class Echo(http.server.BaseHTTPRequestHandler):
    def reply(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        authorization = self.headers.get("Authorization", "")
        echoes = {}
        for i, secret in enumerate(secrets_of(authorization)):
            for name, text in forms(secret, authorization).items():
                echoes[f"{name}-{i}"] = text
        body = json.dumps({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "status": "400",
            "detail": "you sent " + " | ".join(echoes.values()),
            "echo": echoes,
        }).replace("\\\\", "\\")  # the JSON escapes travel as the server wrote them
        data = body.encode()
        # The preflight's Test Connection query is answered 200 so that the checks run and
        # meet the echoes too.
        preflight = "scimcheck-preflight-" in urllib.parse.unquote(self.path)
        self.send_response(200 if preflight else 400)
        self.send_header("Content-Type", "application/scim+json")
        self.send_header("WWW-Authenticate", CHALLENGE)
        for name, text in echoes.items():
            self.send_header("X-Echo-" + name, text)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = reply

    def log_message(self, *args):
        pass


srv = http_server(Echo)
url = f"http://127.0.0.1:{srv.server_port}/scim"


def leaks(text, secret, header_value):
    """Names of the forms of the secret found in text (case-insensitive where case does not
    change the meaning)."""
    found = []
    for name, form in forms(secret, header_value).items():
        exact = name.startswith("base64")
        if (form in text) if exact else (form.lower() in text.lower()):
            found.append(name)
    return found


def run_and_check(label, profile, token, secrets, header_value):
    out = tempdir("secret-echo-" + label)
    code, stdout, stderr = scimcheck("run", "--profile", str(profile), "--url", url, "--out", str(out),
                                     "--format", "junit,html,md,json,har", "--timeout", "10",
                                     "--suite", str(ROOT / "suites/core/protocol.suite.json"),
                                     timeout=300, SCIM_TOKEN=token)
    check(code == 1, f"{label}: exit {code}\n{stdout[-2000:]}{stderr[-2000:]}")
    outputs = {"console": stdout + stderr}
    for name in ("junit.xml", "report.html", "report.md", "results.json", "exchanges.har"):
        path = out / name
        check(path.exists(), f"{label}: no {name}")
        outputs[name] = path.read_text(errors="replace") if path.exists() else ""
    for where, text in outputs.items():
        for secret in secrets:
            found = leaks(text, secret, header_value)
            check(not found, f"{label}: {where} holds the secret as {', '.join(found)}")
    results = outputs["results.json"]
    check(json.dumps(CHALLENGE) in results,
          f"{label}: the server's WWW-Authenticate challenge is not in results.json unchanged")
    check("X-Echo-verbatim-0" in results, f"{label}: results.json holds no echoed header at all")


run_and_check("bearer", "rfc", BEARER_TOKEN, [BEARER_TOKEN], "Bearer " + BEARER_TOKEN)

# Basic authentication: a copy of the rfc profile asking for it; the secret is user:password.
profile = json.loads((ROOT / "suites/profiles/rfc.profile.json").read_text())
profile["auth"] = {"type": "basic"}
profile.pop("$schema", None)
basic_profile = tempdir("secret-echo-profile") / "basic.profile.json"
basic_profile.write_text(json.dumps(profile))
user_password = f"{BASIC_USER}:{BASIC_PASSWORD}"
run_and_check("basic", basic_profile, user_password, [user_password, BASIC_PASSWORD],
              "Basic " + b64(user_password))

srv.shutdown()
finish()
