"""The HTML report's controls in a real browser, driven through chromedriver (WebDriver on
loopback): the outcome filters and the search box hide and show checks without any network,
a link from the checklist opens its check, "copy as curl" copies its request's command (or
selects it when there is no clipboard), printing opens every check, and on a phone-sized
window the page does not scroll sideways. Fails when chromium or chromedriver is missing."""
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request

from common import check, finish, scimcheck, tempdir


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    """The few WebDriver commands this test needs."""

    def __init__(self, chromedriver, browser):
        self.port = free_port()
        self.proc = subprocess.Popen([chromedriver, f"--port={self.port}", "--allowed-ips=127.0.0.1"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 30
        while True:
            try:
                self.call("GET", "/status")
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        self.profile = tempdir("wd-profile")
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": browser,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     f"--user-data-dir={self.profile}"]}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read().decode())["value"]

    def do(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def js(self, script, *args):
        return self.do("POST", "/execute/sync", {"script": script, "args": list(args)})

    def close(self):
        try:
            self.call("DELETE", f"/session/{self.session}")
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


browser = shutil.which("chromium") or shutil.which("chromium-browser")
chromedriver = shutil.which("chromedriver")
check(browser and chromedriver, "chromium and chromedriver are needed (tools/install-deps.sh installs them)")
if not (browser and chromedriver):
    finish()

out = tempdir("interaction")
code, stdout, stderr = scimcheck("run", "--profile", "twingate", "--out", str(out), "--format", "html,json",
                                 "--server-defect", "create-returns-200")
check(code == 1, f"exit code {code}, expected 1\n{stderr[-1500:]}")
doc = json.loads((out / "results.json").read_text())
cases = {c["id"]: c for s in doc["suites"] for c in s["cases"]}
total = len(cases)
passed = sum(1 for c in cases.values() if c["outcome"] == "passed")

VISIBLE = "return Array.from(document.querySelectorAll('details.case')).filter(d => !d.hidden).map(d => d.id)"
SHOWN = "return document.getElementById('shown').textContent"

driver = Driver(chromedriver, browser)
try:
    driver.do("POST", "/url", {"url": (out / "report.html").resolve().as_uri()})
    check(driver.js(SHOWN) == f"{total} of {total} checks shown", f"initial: {driver.js(SHOWN)!r}")

    # outcome filter: hide the passed checks, then show them again
    driver.js("document.querySelector('#filters input[value=passed]').click()")
    visible = driver.js(VISIBLE)
    check(len(visible) == total - passed, f"passed hidden: {len(visible)} visible, expected {total - passed}")
    check(all(cases[v[len("case-"):]]["outcome"] != "passed" for v in visible), "a passed check is still visible")
    check(driver.js(SHOWN) == f"{total - passed} of {total} checks shown", f"after filter: {driver.js(SHOWN)!r}")
    driver.js("document.querySelector('#filters input[value=passed]').click()")
    check(len(driver.js(VISIBLE)) == total, "passed checks do not come back")

    # search box: an id, then text that is only in a check's details (its requirement)
    target = next(i for i, c in cases.items() if c["outcome"] == "failed")
    driver.js("const s = document.getElementById('search'); s.value = arguments[0];"
              "s.dispatchEvent(new Event('input'))", target)
    visible = driver.js(VISIBLE)
    check(f"case-{target}" in visible, f"search for {target} hides it")
    check(len(visible) < total, "search hides nothing")
    driver.js("const s = document.getElementById('search'); s.value = 'no check is called this';"
              "s.dispatchEvent(new Event('input'))")
    check(driver.js(VISIBLE) == [] and driver.js(SHOWN) == f"0 of {total} checks shown",
          "a search that matches nothing still shows checks")
    # every area section without a visible check is hidden too
    check(driver.js("return Array.from(document.querySelectorAll('section.area-checks')).every(s => s.hidden)"),
          "empty areas stay visible")
    driver.js("const s = document.getElementById('search'); s.value = '';"
              "s.dispatchEvent(new Event('input'))")
    check(len(driver.js(VISIBLE)) == total, "clearing the search does not show every check")

    # a checklist link opens its check even when a filter hid it
    passing = next(i for i, c in cases.items() if c["outcome"] == "passed" and c["capability"])
    driver.js("document.querySelector('#filters input[value=passed]').click()")
    state = driver.js("const a = document.querySelector('#checklist a[href=\"#case-' + arguments[0] + '\"]');"
                      "a.click(); const d = document.getElementById('case-' + arguments[0]);"
                      "return [d.hidden, d.open]", passing)
    check(state == [False, True], f"checklist link to {passing}: hidden/open = {state}")

    # printing opens every check and shows the hidden ones
    state = driver.js("window.dispatchEvent(new Event('beforeprint'));"
                      "const d = Array.from(document.querySelectorAll('details.case'));"
                      "return [d.filter(x => x.open).length, d.filter(x => x.hidden).length]")
    check(state == [total, 0], f"before print: {state[0]} open, {state[1]} hidden; expected {total}, 0")
    driver.js("window.dispatchEvent(new Event('afterprint'))")
    check(len(driver.js(VISIBLE)) == total - passed, "after print the filter is not restored")

    # copy as curl: the button hands the command's exact text to the clipboard; with no
    # clipboard it opens the command and selects it for copying by hand
    COPY = ("const b = document.querySelector('#' + CSS.escape('case-' + arguments[0]) + ' button.copy-curl');"
            "b.click(); return b.closest('.step').querySelector('pre.curl-command').textContent")
    driver.js("window.copied = null; Object.defineProperty(navigator, 'clipboard', {configurable: true,"
              " value: {writeText: function(t) { window.copied = t; return Promise.resolve(); }}})")
    command = driver.js(COPY, target)
    check(command.startswith("curl ") and "$SCIM_TOKEN" in command, f"curl command of {target}: {command!r}")
    check(driver.js("return window.copied") == command, "copy as curl did not copy the command's text")
    check(driver.js("return document.querySelector('#' + CSS.escape('case-' + arguments[0]) +"
                    "' button.copy-curl').nextElementSibling.textContent.trim()", target) == "copied",
          "copy as curl does not say it copied")
    driver.js("Object.defineProperty(navigator, 'clipboard', {configurable: true, value: undefined})")
    command = driver.js(COPY, target)
    state = driver.js("const pre = document.querySelector('#' + CSS.escape('case-' + arguments[0]) + ' pre.curl-command');"
                      "return [pre.closest('details').open, window.getSelection().toString()]", target)
    check(state == [True, command], f"without a clipboard: details open, selection = {state[0]}, {state[1][:80]!r}")

    # a narrow screen: no sideways scrolling
    driver.do("POST", "/window/rect", {"width": 400, "height": 800})
    widths = driver.js("return [document.documentElement.scrollWidth, window.innerWidth]")
    check(widths[0] <= widths[1] + 1, f"narrow window: page is {widths[0]}px wide in a {widths[1]}px window")
finally:
    driver.close()
finish()
