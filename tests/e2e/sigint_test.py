"""A run interrupted with SIGINT halfway deletes what it created: the server holds no
resource of the run afterwards, and the exit code says the run was aborted (3)."""
import signal
import subprocess
import time
import urllib.parse

from common import BIN, TOKEN, Server, check, env, finish, tempdir

with Server("--profile", "twingate", "--slow-ms", "150", "--defect", "slow") as server:
    out = tempdir("sigint")
    run = subprocess.Popen([BIN, "run", "--profile", "twingate", "--url", server.url, "--out", str(out)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env())
    time.sleep(6)
    check(run.poll() is None, "the run ended before it could be interrupted")
    run.send_signal(signal.SIGINT)
    try:
        output, _ = run.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        run.kill()
        output = ""
        check(False, "the interrupted run did not finish its cleanup within 120 s")
    check(run.returncode == 3, f"exit code {run.returncode}, expected 3\n{output[-3000:]}")
    for endpoint in ("/Users", "/Groups"):
        q = urllib.parse.quote('userName sw "scimcheck-"' if endpoint == "/Users" else 'displayName sw "scimcheck-"')
        listing = server.get(f"{endpoint}?filter={q}")
        check(listing.get("totalResults") == 0,
              f"{endpoint}: {listing.get('totalResults')} resources of the run left on the server")
finish()
