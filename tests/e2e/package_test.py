"""The packages as a user gets them. CPack builds the .deb and the .tar.gz from this build tree;
the .deb is installed with dpkg and the tarball unpacked into a temporary prefix. Then, with
the source tree hidden (a tmpfs mounted over it in a private mount namespace), SCIMCHECK_ROOT
unset and an empty folder as the working directory: `run --profile twingate` is green, and
lint, list, serve --list-defects and man work. `dpkg -P` leaves nothing behind. Needs root
(dpkg, mount namespaces), as CI has."""
import os
import pathlib
import subprocess
import tarfile

from common import ROOT, check, finish, tempdir

BUILD = pathlib.Path(os.environ["SCIMCHECK_BUILD"]).resolve()
SOURCE = ROOT.resolve()


def sh(*argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kw)


def hidden(*argv, cwd):
    """Runs argv with the source tree (and the build tree) covered by empty tmpfs mounts."""
    covers = [SOURCE] + ([BUILD] if SOURCE not in BUILD.parents and BUILD != SOURCE else [])
    script = ('n=$1; shift; while [ "$n" -gt 0 ]; do mount -t tmpfs none "$1" || exit 97; '
              'shift; n=$((n-1)); done; exec "$@"')
    env = {k: v for k, v in os.environ.items() if k != "SCIMCHECK_ROOT"}
    env.update(NO_COLOR="1", MANWIDTH="80", MANPAGER="cat", PAGER="cat")
    return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
                           str(len(covers)), *map(str, covers), *argv],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=600,
                          stdin=subprocess.DEVNULL)


def exercise(label, binary, man_args):
    """The user's first commands, from an empty folder with no checkout reachable."""
    empty = tempdir(f"{label}-empty")
    p = hidden("ls", "-A", str(SOURCE), cwd=empty)
    check(p.returncode == 0 and p.stdout.strip() == "", f"{label}: the source tree is not hidden: {p.stdout[:200]}")
    p = hidden(binary, "--version", cwd=empty)
    check(p.returncode == 0 and "(installed)" in p.stdout,
          f"{label}: --version does not name an installed data folder: {p.stdout} {p.stderr}")
    out = tempdir(f"{label}-out")
    p = hidden(binary, "run", "--profile", "twingate", "--out", str(out), cwd=empty)
    check(p.returncode == 0, f"{label}: run --profile twingate: exit {p.returncode}\n{p.stdout[-1500:]}{p.stderr[-1500:]}")
    check((out / "junit.xml").is_file(), f"{label}: run wrote no junit.xml")
    p = hidden(binary, "lint", cwd=empty)
    check(p.returncode == 0 and "OK" in p.stdout, f"{label}: lint: exit {p.returncode} {p.stdout[-300:]} {p.stderr[-300:]}")
    p = hidden(binary, "list", "--profile", "twingate", cwd=empty)
    check(p.returncode == 0 and p.stdout.count("\n") > 5, f"{label}: list: exit {p.returncode} {p.stderr[-300:]}")
    p = hidden(binary, "serve", "--list-defects", cwd=empty)
    check(p.returncode == 0 and p.stdout.strip(), f"{label}: serve --list-defects: exit {p.returncode} {p.stderr[-300:]}")
    p = hidden("man", *man_args, cwd=empty)
    check(p.returncode == 0 and "SCIMCHECK_ROOT" in p.stdout and "list-defects" in p.stdout,
          f"{label}: man: exit {p.returncode} {p.stderr[-300:]}")
    check(not list(empty.iterdir()), f"{label}: the commands left files in the working folder")


check(os.geteuid() == 0, "needs root: dpkg -i and mount namespaces")
if sh("dpkg-query", "-W", "scimcheck").returncode == 0:
    # Left by an earlier run that was killed before its cleanup: this test owns the name.
    print("a scimcheck package is installed: purging it first", flush=True)
    check(sh("dpkg", "-P", "scimcheck").returncode == 0, "dpkg -P of the installed scimcheck failed")
cache = (BUILD / "CMakeCache.txt").read_text()
release = "CMAKE_BUILD_TYPE:STRING=Debug" not in cache and "SCIMCHECK_SANITIZE:BOOL=ON" not in cache

pkgs = tempdir("packages")
p = sh("cpack", "--config", str(BUILD / "CPackConfig.cmake"), "-B", str(pkgs))
check(p.returncode == 0, f"cpack: exit {p.returncode}\n{p.stdout[-2000:]}{p.stderr[-2000:]}")
debs, tarballs = list(pkgs.glob("*.deb")), list(pkgs.glob("*.tar.gz"))
if not check(len(debs) == 1 and len(tarballs) == 1, f"cpack made {debs} {tarballs}"):
    finish()
deb, tarball = debs[0], tarballs[0]

# The .deb: Depends computed from the linked libraries, the expected tree.
depends = sh("dpkg-deb", "-f", str(deb), "Depends").stdout
for lib in ("libc6", "libcurl4", "libpugixml1v5", "libcpp-httplib0.11", "libsimdjson14"):
    check(lib in depends, f"Depends lacks {lib}: {depends}")
check("boost" not in depends, f"Depends names Boost: {depends}")
listing = sh("dpkg-deb", "-c", str(deb)).stdout.splitlines()
deb_paths = {line.split()[-1].lstrip(".") for line in listing}
deb_paths.discard("/")
for path in ("/usr/bin/scimcheck", "/usr/share/scimcheck/suites/profiles/twingate.profile.json",
             "/usr/share/scimcheck/suites/profiles/gallery.profile.json",
             "/usr/share/scimcheck/suites/gallery/onboarding.suite.json",
             "/usr/share/scimcheck/schemas", "/usr/share/doc/scimcheck/README.md",
             "/usr/share/doc/scimcheck/copyright", "/usr/share/doc/scimcheck/changelog.gz",
             "/usr/share/man/man1/scimcheck.1.gz", "/usr/share/bash-completion/completions/scimcheck",
             "/usr/share/zsh/vendor-completions/_scimcheck"):
    check(path in deb_paths or path + "/" in deb_paths, f".deb lacks {path}")
check(all(line.split()[1] == "root/root" for line in listing), ".deb has files not owned by root")

# lintian judges the release package only: a sanitized Debug build is not what ships (and
# lintian takes minutes over its large binary).
if release:
    lintian = sh("lintian", "--info", "--display-info", str(deb))
    print("lintian:\n" + (lintian.stdout + lintian.stderr).strip(), flush=True)
    tags = [line for line in lintian.stdout.splitlines() if line[:2] in ("E:", "W:", "I:")]
    check(lintian.returncode == 0 and not tags, f"lintian: exit {lintian.returncode}, tags {tags}")
else:
    print("lintian: not run, this is not a release build", flush=True)

# Installed with dpkg.
p = sh("dpkg", "-i", str(deb))
if check(p.returncode == 0, f"dpkg -i: {p.stdout[-1000:]}{p.stderr[-1000:]}"):
    try:
        exercise("deb", "scimcheck", ["scimcheck"])
    finally:
        p = sh("dpkg", "-P", "scimcheck")
        check(p.returncode == 0, f"dpkg -P: {p.stderr[-500:]}")
    left = sorted(path for path in deb_paths
                  if os.path.lexists(path.rstrip("/")) and ("scimcheck" in path or not path.endswith("/")))
    check(not left, f"dpkg -P left {left[:10]}")

# The tarball: the same tree under one top folder, unpacked into a temporary prefix.
prefix = tempdir("prefix")
with tarfile.open(tarball) as tar:
    tar.extractall(prefix)
tops = list(prefix.iterdir())
check(len(tops) == 1, f"the tarball has {len(tops)} top folders")
top = tops[0]
tar_paths = {"/usr/" + str(path.relative_to(top)) for path in top.rglob("*") if not path.is_dir()}
deb_files = {path for path in deb_paths if not path.endswith("/")}
check(tar_paths == deb_files, f"tarball and .deb differ: {sorted(tar_paths ^ deb_files)[:10]}")
exercise("tarball", str(top / "bin/scimcheck"), ["-l", str(top / "share/man/man1/scimcheck.1.gz")])

finish()
