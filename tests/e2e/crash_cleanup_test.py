"""After a crash (SIGKILL: no chance to clean up), `scimcheck cleanup --ledger FILE` deletes
what the run had created, using the ledger the run kept on disk, and nothing else."""
import signal
import subprocess
import time
import urllib.parse

from common import BIN, Server, check, env, finish, scimcheck, tempdir


def leftovers(server):
    total = 0
    for endpoint, attr in (("/Users", "userName"), ("/Groups", "displayName")):
        q = urllib.parse.quote(f'{attr} sw "scimcheck-"')
        total += server.get(f"{endpoint}?filter={q}").get("totalResults", 0)
    return total


with Server("--profile", "entra", "--slow-ms", "150", "--defect", "slow", "--seed-users", "5") as server:
    out = tempdir("crash")
    run = subprocess.Popen([BIN, "run", "--profile", "entra", "--url", server.url, "--out", str(out)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env())
    time.sleep(5)
    check(run.poll() is None, "the run ended before it could be killed")
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    ledger = out / "ledger.jsonl"
    check(ledger.exists(), "the killed run left no ledger")
    before = leftovers(server)
    check(before > 0, "the killed run left nothing behind: the test proves nothing")
    code, stdout, stderr = scimcheck("cleanup", "--ledger", str(ledger), "--url", server.url)
    check(code == 0, f"cleanup exit code {code}\n{stdout}\n{stderr}")
    check("deleted" in stdout, f"cleanup did not report what it deleted:\n{stdout}")
    check(leftovers(server) == 0, f"{leftovers(server)} resources of the run still on the server")
    check(server.get("/Users?filter=" + urllib.parse.quote('userName sw "seed-"'))["totalResults"] == 5,
          "cleanup touched the seeded users")
    check(not ledger.exists(), "the ledger is kept although everything was deleted")
finish()
