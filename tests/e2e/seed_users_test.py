"""With 50 users already on the server, a full run leaves every one of them byte-for-byte
unchanged, and the run's own users are gone."""
import json

from common import Server, check, finish, scimcheck, tempdir

with Server("--profile", "mediusflow", "--seed-users", "50") as server:
    before = server.get("/Users?count=1000&sortBy=id")
    check(before.get("totalResults") == 50, f"seeded {before.get('totalResults')} users, expected 50")
    code, stdout, _ = scimcheck("run", "--profile", "mediusflow", "--url", server.url, "--out", str(tempdir("seed")))
    check(code == 0, f"run exit code {code}\n{stdout[-3000:]}")
    after = server.get("/Users?count=1000&sortBy=id")
    check(json.dumps(before["Resources"], sort_keys=True) == json.dumps(after["Resources"], sort_keys=True),
          "seeded users changed")
    groups = server.get("/Groups?count=1000")
    check(groups.get("totalResults") == 0, "groups left behind")
finish()
