"""HTTPS. `scimcheck serve` sits behind a TLS proxy on loopback whose certificate is
self-signed for 127.0.0.1:
- without trust, the preflight stops the run naming the TLS error, and the run exits 3;
- with --cacert pointing at the certificate, the checks pass as over plain HTTP;
- with --insecure they pass too, and the console and results.json say verification was off.
The certificate comes from the openssl command (tools/install-deps.sh installs it)."""
import json

from common import Server, check, finish, scimcheck, tempdir
from tls_support import TlsProxy, self_signed_certificate, server_context


work = tempdir("tls")
cert, key = self_signed_certificate(work)

with Server("--profile", "rfc") as server:
    port = int(server.url.rsplit(":", 1)[1].split("/")[0])
    proxy = TlsProxy(server_context(cert, key), port)
    url = f"https://127.0.0.1:{proxy.port}"

    def run(name, *extra):
        out = work / name
        code, stdout, stderr = scimcheck("run", "--profile", "rfc", "--url", url, "--timeout", "10",
                                         "--out", str(out), "--format", "json,junit", *extra)
        return code, stdout, stderr, json.loads((out / "results.json").read_text())

    # 1. An untrusted certificate: nothing gets through, and the preflight says why.
    code, stdout, stderr, r = run("untrusted")
    check(code == 3, f"untrusted certificate: exit code {code}, expected 3\n{stdout[-1500:]}\n{stderr[-800:]}")
    cases = [c for s in r["suites"] for c in s["cases"]]
    check([c["id"] for c in cases] == ["preflight.target"] and cases[0]["outcome"] == "errored",
          f"untrusted certificate: cases {[(c['id'], c['outcome']) for c in cases][:5]}, expected the preflight errored alone")
    check(cases and "TLS" in cases[0]["reason"] and "certificate" in cases[0]["reason"],
          f"untrusted certificate: no TLS error named; reason: {cases[0]['reason'] if cases else None}")
    check(r["insecure"] is False, "results.json says insecure without --insecure")

    # 2. --cacert trusts it: the run passes as it does over plain HTTP.
    code, stdout, stderr, r = run("cacert", "--cacert", str(cert))
    check(code == 0, f"--cacert: exit code {code}, expected 0\n{stdout[-2500:]}\n{stderr[-800:]}")
    check(r["totals"]["failed"] == 0 and r["totals"]["passed"] >= 40,
          f"--cacert: {r['totals']} (the rfc profile runs over 40 checks, all passing)")
    check("WARNING: TLS verification is OFF" not in stdout, "--cacert: the console warns of --insecure")

    # 3. --insecure: passes, and says so wherever it is read.
    code, stdout, stderr, r = run("insecure", "--insecure")
    check(code == 0, f"--insecure: exit code {code}, expected 0\n{stdout[-2500:]}\n{stderr[-800:]}")
    check("WARNING: TLS verification is OFF (--insecure)" in stdout, "--insecure: no warning on the console")
    check(r["insecure"] is True, "--insecure: results.json does not record it")
    proxy.close()

finish()
