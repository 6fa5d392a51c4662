"""load.html on a phone: headless Chromium opens the load.html of a short load run in a frame
390 px wide (headless windows are at least 500 px wide; a copy of the page with a probe script
appended, which posts its measures to the frame's parent: the page itself has no script) and
the page must not be wider than the screen (tables and charts scroll in their own boxes) and
every chart label must be drawn at 11 px or more once the SVG is scaled to the page.
A screenshot is kept in $SCIMCHECK_ARTIFACTS (or the run's folder). Fails when Chromium is
missing."""
import json
import os
import pathlib
import re
import shutil
import subprocess

from common import check, finish, scimcheck, tempdir

WIDTH, HEIGHT = 390, 844
MIN_LABEL_PX = 11

# Measures the page as laid out: its scroll width, the viewport, every SVG label's size on
# screen (computed font size x the SVG's scale) and whether each table sits in a box of its own.
PROBE = """
<script>
addEventListener("load", () => {
  const labels = [...document.querySelectorAll("svg text")].map(t => {
    const scale = t.getScreenCTM() ? t.getScreenCTM().a : 0;
    return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale};
  });
  const tables = [...document.querySelectorAll("table")].map(t => ({
    id: t.id, box: getComputedStyle(t.parentElement).overflowX,
    fits: t.parentElement.getBoundingClientRect().right <= innerWidth + 0.5}));
  parent.postMessage(JSON.stringify({
    scrollWidth: document.documentElement.scrollWidth, innerWidth, labels, tables,
    svgs: document.querySelectorAll("svg").length}), "*");
});
</script>
"""

# The phone: a frame of that size; what the probe posts is written into this page's DOM.
FRAME = f"""<!DOCTYPE html><html><body style="margin:0">
<iframe src="load-probe.html" style="width:{WIDTH}px;height:{HEIGHT}px;border:0"></iframe>
<script>
addEventListener("message", e => {{
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = e.data;
  document.body.appendChild(out);
}});
</script></body></html>
"""

browser = shutil.which("chromium") or shutil.which("chromium-browser")
check(browser, "chromium not found (tools/install-deps.sh installs it)")
if not browser:
    finish()

out = tempdir("load-html")
code, stdout, stderr = scimcheck("load", "--profile", "twingate", "--users", "40", "--concurrency", "2",
                                 "--duration", "2", "--out", str(out))
check(code in (0, 1), f"load exited {code}\n{stdout[-1500:]}\n{stderr[-1500:]}")
page = out / "load.html"
check(page.exists(), "no load.html")
if not page.exists():
    finish()

probe = out / "load-probe.html"
probe.write_text(page.read_text().replace("</body>", PROBE + "</body>"))
frame = out / "phone.html"
frame.write_text(FRAME)
profile_dir = tempdir("chromium-profile")
base = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        f"--user-data-dir={profile_dir}", "--hide-scrollbars", f"--window-size=500,{HEIGHT}",
        "--virtual-time-budget=10000"]

artifacts = pathlib.Path(os.environ.get("SCIMCHECK_ARTIFACTS") or out)
artifacts.mkdir(parents=True, exist_ok=True)
shot = artifacts / "load-390.png"
p = subprocess.run(base + [f"--screenshot={shot}", frame.resolve().as_uri()], capture_output=True, text=True,
                   timeout=180)
check(p.returncode == 0 and shot.exists(), f"chromium --screenshot failed ({p.returncode}):\n{p.stderr[-1500:]}")

p = subprocess.run(base + ["--dump-dom", frame.resolve().as_uri()], capture_output=True, text=True, timeout=180)
found = re.search(r'<pre id="probe">(.*?)</pre>', p.stdout, re.S)
check(p.returncode == 0 and found, f"chromium --dump-dom gave no probe ({p.returncode}):\n{p.stderr[-1500:]}")
if not found:
    finish()
m = json.loads(found.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
               .replace("&amp;", "&"))

check(m["innerWidth"] == WIDTH, f"the viewport is {m['innerWidth']} px wide, not {WIDTH}: nothing measured")
check(m["scrollWidth"] <= WIDTH, f"the page is {m['scrollWidth']} px wide at a {WIDTH} px screen")
check(m["svgs"] >= 2, f"{m['svgs']} charts: expected the timeline and a histogram per operation")
check(len(m["labels"]) >= 10, f"only {len(m['labels'])} chart labels")
small = [lab for lab in m["labels"] if lab["px"] < MIN_LABEL_PX]
check(not small, f"{len(small)} of {len(m['labels'])} chart labels under {MIN_LABEL_PX} px, e.g. "
      + ", ".join(f"{lab['text']!r} at {lab['px']:.1f} px" for lab in small[:3]))
check(len(m["tables"]) >= 3, f"{len(m['tables'])} tables")
for t in m["tables"]:
    check(t["box"] in ("auto", "scroll") and t["fits"],
          f"table {t['id']} does not scroll in a box of its own that fits the screen: {t}")

shutil.rmtree(profile_dir, ignore_errors=True)
finish()
