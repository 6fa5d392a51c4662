"""Gallery readiness (docs/gallery-readiness.md), loopback only. `scimcheck serve` sits behind
Python TLS proxies configured as three kinds of server:
(a) TLS 1.0/1.1 only: the TLS lines are blockers (the legacy handshake is accepted, TLS 1.2
    refused);
(b) TLS 1.2 with one suite Entra does not offer (AES128-SHA256): the TLS 1.2 line is a blocker;
(c) TLS 1.2 only with ECDHE-RSA-AES128-GCM-SHA256: both TLS lines met, the version and suite
    named, in results.json, the HTML and Markdown reports and the JUnit properties;
(d) a run against plain http:// with --gallery-readiness: the HTTPS line is a blocker;
(e) `scimcheck load`, then `scimcheck report results.json load.json`: the thresholds join the
    section; a file that is neither kind is refused."""
import json
import ssl
import warnings
import xml.etree.ElementTree as ET

from common import Server, check, finish, scimcheck, tempdir
from tls_support import TlsProxy, self_signed_certificate, server_context


def lines_of(results):
    return {line["key"]: line for line in results.get("gallery_readiness", {}).get("lines", [])}


def junit_properties(path):
    root = ET.parse(path).getroot()
    suite = root.find("testsuite") if root.tag == "testsuites" else root
    return {p.get("name"): p.get("value") for p in suite.find("properties")}


work = tempdir("readiness")
cert, key = self_signed_certificate(work)

warnings.filterwarnings("ignore", category=DeprecationWarning)  # TLS 1.0/1.1 on purpose
V = ssl.TLSVersion
SERVERS = {
    "legacy": (V.TLSv1, V.TLSv1_1, "DEFAULT:@SECLEVEL=0"),
    "foreign-suite": (V.TLSv1_2, V.TLSv1_2, "AES128-SHA256"),
    "conforming": (V.TLSv1_2, V.TLSv1_2, "ECDHE-RSA-AES128-GCM-SHA256"),
}


def run(name, url, *extra):
    out = work / name
    code, stdout, stderr = scimcheck("run", "--profile", "rfc", "--url", url, "--timeout", "10",
                                     "--only", "discovery.*", "--gallery-readiness",
                                     "--cacert", str(cert), "--out", str(out),
                                     "--format", "json,junit,html,md", *extra, timeout=300)
    results = json.loads((out / "results.json").read_text()) if (out / "results.json").exists() else {}
    return code, stdout + stderr, results, out


with Server("--profile", "rfc") as server:
    port = int(server.url.rsplit(":", 1)[1].split("/")[0])
    outcomes = {}
    for name, (lowest, highest, ciphers) in SERVERS.items():
        proxy = TlsProxy(server_context(cert, key, lowest, highest, ciphers), port)
        outcomes[name] = run(name, f"https://127.0.0.1:{proxy.port}")
        proxy.close()

    # (a) TLS 1.0/1.1 only.
    code, text, results, out = outcomes["legacy"]
    lines = lines_of(results)
    check(lines.get("gallery.tls.legacy", {}).get("status") == "blocker",
          f"legacy server: TLS 1.0/1.1 line {lines.get('gallery.tls.legacy')}\n{text[-1500:]}")
    check(lines.get("gallery.tls.tls12", {}).get("status") == "blocker",
          f"legacy server: TLS 1.2 line {lines.get('gallery.tls.tls12')}")
    check(results["gallery_readiness"]["tls"]["legacy"]["version"] in ("TLSv1", "TLSv1.1"),
          f"legacy server: negotiated {results['gallery_readiness']['tls']['legacy']}")
    check(lines.get("gallery.https", {}).get("status") == "met", "legacy server: HTTPS line not met")

    # (b) TLS 1.2, a suite outside Entra's list: the run itself works, the TLS 1.2 line does not.
    code, text, results, out = outcomes["foreign-suite"]
    lines = lines_of(results)
    check(code == 0, f"foreign-suite server: run exit {code}\n{text[-1500:]}")
    check(lines.get("gallery.tls.tls12", {}).get("status") == "blocker",
          f"foreign-suite server: TLS 1.2 line {lines.get('gallery.tls.tls12')}")
    check(lines.get("gallery.tls.legacy", {}).get("status") == "met",
          f"foreign-suite server: TLS 1.0/1.1 line {lines.get('gallery.tls.legacy')}")

    # (c) Conforming: met, version and suite named everywhere.
    code, text, results, out = outcomes["conforming"]
    lines = lines_of(results)
    check(code == 0, f"conforming server: run exit {code}\n{text[-1500:]}")
    tls12 = lines.get("gallery.tls.tls12", {})
    check(tls12.get("status") == "met" and tls12.get("why") ==
          "negotiated TLSv1.2 with ECDHE-RSA-AES128-GCM-SHA256", f"conforming server: {tls12}")
    check(lines.get("gallery.tls.legacy", {}).get("status") == "met",
          f"conforming server: TLS 1.0/1.1 line {lines.get('gallery.tls.legacy')}")
    html = (out / "report.html").read_text()
    md = (out / "report.md").read_text()
    check("<h2>Gallery readiness</h2>" in html and "ECDHE-RSA-AES128-GCM-SHA256" in html,
          "conforming server: the HTML report lacks the section or the suite")
    check("### Gallery readiness" in md and "ECDHE-RSA-AES128-GCM-SHA256" in md,
          "conforming server: the Markdown report lacks the section or the suite")
    props = junit_properties(out / "junit.xml")
    check(props.get("gallery.tls.tls12") == "met" and
          props.get("gallery.tls.negotiated") == "TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256",
          f"conforming server: JUnit properties {props}")
    check(props.get("gallery.auth") == "blocker", f"bearer token: gallery.auth {props.get('gallery.auth')}")
    # `scimcheck report` rebuilds the same section from results.json.
    again = work / "again"
    code, _, text = scimcheck("report", str(out / "results.json"), "--format", "md", "--out", str(again))
    check(code == 0 and (again / "report.md").read_text().count("Gallery readiness") == 1 and
          "negotiated TLSv1.2 with ECDHE-RSA-AES128-GCM-SHA256" in (again / "report.md").read_text(),
          f"report from results.json: exit {code} {text[-500:]}")

    # Without --gallery-readiness (and not the gallery profile) there is no section.
    plain = work / "plain"
    code, text, _ = scimcheck("run", "--profile", "rfc", "--url", server.url, "--only", "discovery.*",
                              "--out", str(plain), "--format", "json,md")
    check("gallery_readiness" not in json.loads((plain / "results.json").read_text()) and
          "Gallery readiness" not in (plain / "report.md").read_text(), "section without being asked")

    # (d) Plain http://.
    code, text, results, out = run("http", server.url)
    lines = lines_of(results)
    check(lines.get("gallery.https", {}).get("status") == "blocker",
          f"http target: HTTPS line {lines.get('gallery.https')}\n{text[-1500:]}")
    check("tls" not in results.get("gallery_readiness", {}), "http target: a TLS probe was recorded")
    html = (out / "report.html").read_text()
    md = (out / "report.md").read_text()
    check('data-key="gallery.https"><td class="status s-fail">blocker' in html,
          "http target: the HTML report has no HTTPS blocker")
    check("| \u274c blocker | HTTPS |" in md, "http target: the Markdown report has no HTTPS blocker")
    http_results = out / "results.json"

# (e) Load thresholds merged into the section.
load_out = work / "load"
code, text, err = scimcheck("load", "--profile", "twingate", "--users", "20", "--groups", "0",
                          "--concurrency", "4", "--out", str(load_out), timeout=300)
check(code in (0, 1) and (load_out / "load.json").exists(), f"load: exit {code}\n{text[-1500:]}{err[-1500:]}")
if (load_out / "load.json").exists():
    merged = work / "merged"
    code, text, err = scimcheck("report", str(http_results), str(load_out / "load.json"),
                              "--format", "md,json,junit", "--out", str(merged))
    check(code == 0, f"report with load.json: exit {code}\n{err[-1500:]}")
    lines = lines_of(json.loads((merged / "results.json").read_text()))
    thresholds = json.loads((load_out / "load.json").read_text())["thresholds"]
    for t in thresholds:
        line = lines.get("gallery." + t["id"], {})
        wanted = {"passed": ("met",), "failed": ("blocker", "warning")}.get(t["status"],
                                                                          ("not tested",))
        check(line.get("status") in wanted and
              t["actual"] in line.get("why", ""), f"merged threshold {t['id']}: {line}")
    check("gallery.load" not in lines, "merged: the 'no load result' line is still there")
    # A load run of well under 10 s cannot measure the sustained window: not tested, not met.
    check(lines.get("gallery.load.rate-10s", {}).get("status") == "not tested",
          f"merged: the 10 s window of a short load run reads {lines.get('gallery.load.rate-10s')}")
    md = (merged / "report.md").read_text()
    check("25 requests/s" in md, "merged: the Markdown report does not show the rate threshold")
    check("gallery.load.rate" in junit_properties(merged / "junit.xml"), "merged: no JUnit property")
    # A file that is neither a results.json nor a load.json is refused.
    other = work / "other.json"
    other.write_text('{"hello": "world"}\n')
    code, stdout, stderr = scimcheck("report", str(http_results), str(other), "--out", str(work / "x"))
    check(code == 2 and "neither a results.json" in stderr, f"other file: exit {code} {stderr[-500:]}")

finish()
