"""The GitHub Action and the split of dependencies.

- action.yml passes the action schema check of @action-validator/cli (from the npm registry,
  installed by tools/install-npm-tools.sh), and a broken copy does not;
- the README's GitHub Actions example uses the action with its inputs;
- tools/action-run.sh (the action's run step) runs scimcheck with the inputs, writes the exit
  code to $GITHUB_OUTPUT and report.md to $GITHUB_STEP_SUMMARY, for a green and a red run;
- tools/install-deps.sh installs no test tool (no browser, no Boost, no node) unless --test,
  and tools/run.sh asks for that set only."""
import os
import pathlib
import re
import shutil
import subprocess

from common import BIN, ROOT, check, env, finish, tempdir


def run(*argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kw)


# 1. the schema check
p = run(str(ROOT / "tools" / "install-npm-tools.sh"))
check(p.returncode == 0, f"tools/install-npm-tools.sh failed (npm registry reachable?):\n{p.stderr[-2000:]}")
validator = pathlib.Path(p.stdout.strip()) / "node_modules" / ".bin" / "action-validator"
p = run(str(validator), str(ROOT / "action.yml"))
check(p.returncode == 0, f"action-validator action.yml: exit {p.returncode}\n{p.stdout[-2000:]}{p.stderr[-2000:]}")
broken = tempdir("action") / "action.yml"
broken.write_text((ROOT / "action.yml").read_text().replace("using: composite", "using: compost"))
p = run(str(validator), str(broken))
check(p.returncode != 0, "action-validator accepts an action with `using: compost`")

action = (ROOT / "action.yml").read_text()
inputs = re.search(r"^inputs:\n(.*?)^\S", action, re.S | re.M).group(1)
for name in ("profile", "url", "formats", "baseline", "args"):
    check(re.search(rf"^  {name}:", inputs, re.M), f"action.yml has no input {name}")
check("upload-artifact" in action and "GITHUB_STEP_SUMMARY" in (ROOT / "tools/action-run.sh").read_text(),
      "the action does not upload the reports or write the job summary")

# 2. the README's example
readme = (ROOT / "README.md").read_text()
example = re.search(r"```yaml\n(- uses: \S+/scimcheck@\S+[^\n]*\n.*?)```", readme, re.S)
if check(example, "README: no GitHub Actions example using the action"):
    text = example.group(1)
    for key in ("profile:", "url:", "SCIM_TOKEN: ${{ secrets."):
        check(key in text, f"README example lacks {key}")

# 3. the run step, with scimcheck on PATH
bindir = tempdir("action-bin")
os.symlink(os.path.abspath(BIN), bindir / "scimcheck")
for label, args, expected in (("green", "", "0"), ("red", "--server-defect create-returns-200", "1")):
    work = tempdir(f"action-{label}")
    output, summary = work / "output", work / "summary"
    e = env(PATH=f"{bindir}:{os.environ['PATH']}", GITHUB_OUTPUT=str(output),
            GITHUB_STEP_SUMMARY=str(summary), INPUT_PROFILE="twingate", INPUT_URL="",
            INPUT_FORMATS="junit", INPUT_BASELINE="", INPUT_ARGS=args, INPUT_OUT=str(work / "reports"))
    p = run("bash", str(ROOT / "tools/action-run.sh"), env=e, cwd=work, timeout=600)
    check(p.returncode == 0, f"action-run.sh ({label}): exit {p.returncode} {p.stderr[-1000:]}")
    check(output.exists() and output.read_text() == f"exit-code={expected}\n",
          f"action-run.sh ({label}): $GITHUB_OUTPUT is {output.read_text() if output.exists() else None!r}")
    check(summary.exists() and summary.read_text() == (work / "reports/report.md").read_text(),
          f"action-run.sh ({label}): the job summary is not report.md")
    check((work / "reports/junit.xml").is_file(), f"action-run.sh ({label}): no junit.xml")

# 4. dependencies: the run set has no test tool, the test set has them all
run_set = run("bash", str(ROOT / "tools/install-deps.sh"), "--print").stdout.split()
test_set = run("bash", str(ROOT / "tools/install-deps.sh"), "--test", "--print").stdout.split()
for pkg in ("g++", "cmake", "libcurl4-openssl-dev", "libcpp-httplib-dev", "libcli11-dev"):
    check(pkg in run_set, f"install-deps.sh does not install {pkg}")
for pkg in ("chromium", "chromium-driver", "libboost-test-dev", "nodejs", "npm", "lintian", "libxml2-utils"):
    check(pkg not in run_set, f"install-deps.sh (run set) installs the test tool {pkg}")
for pkg in ("chromium", "chromium-driver", "libboost-test-dev", "lintian", "libxml2-utils", "man-db"):
    check(pkg in test_set, f"install-deps.sh --test does not install {pkg}")
check(set(run_set) <= set(test_set), "the test set lacks part of the run set")
calls = re.findall(r"install-deps\.sh[^\n]*", (ROOT / "tools/run.sh").read_text())
check(calls and all("--test" not in c for c in calls), f"tools/run.sh asks for the test tools: {calls}")
check("--test" in (ROOT / "tools/test.sh").read_text(), "tools/test.sh does not ask for the test tools")

finish()
