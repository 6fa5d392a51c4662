"""The man page and the bash and zsh completions are generated from the CLI definition: every
subcommand and every option that `--help` shows is in each of them, under its subcommand; the
files the build made (and installs) are what the binary prints; the man page renders without
warnings; bash completes subcommands, options and file names; zsh parses the script; the
`completion bash|zsh` subcommand prints for users what the build installs."""
import os
import pathlib
import re
import subprocess

from common import check, finish, scimcheck, tempdir

BUILD = pathlib.Path(os.environ["SCIMCHECK_BUILD"])
OPTION = re.compile(r"(?<![\w-])(--[A-Za-z][\w-]*|-[A-Za-z])(?![\w-])")


def help_sections(text):
    """{section title: [lines]} of a CLI11 help text."""
    sections, current = {}, None
    for line in text.splitlines():
        if line and not line[0].isspace() and line.rstrip().endswith(":"):
            current = sections.setdefault(line.rstrip()[:-1], [])
        elif current is not None and line.strip():
            current.append(line)
    return sections


def first_words(lines):
    return [line.split()[0] for line in lines if line.startswith("  ") and not line.startswith("   ")]


def options_in_help(*command):
    code, out, err = scimcheck(*command, "--help")
    check(code == 0, f"{' '.join(command)} --help: exit {code}")
    sections = help_sections(out)
    options = set()
    for line in sections.get("Options", []):
        if not line.strip().startswith("-"):
            continue  # a description on a line of its own, after a long option name
        head = line.strip().split("  ")[0]  # the names and the value type, not the description
        options.update(OPTION.findall(head))
    positionals = set(first_words(sections.get("Positionals", [])))
    return options, positionals


code, root_help, _ = scimcheck("--help")
commands = first_words(help_sections(root_help).get("Subcommands", []))
check(set(commands) >= {"run", "list", "lint", "cleanup", "serve", "load", "report"},
      f"subcommands in --help: {commands}")
check("__doc" not in root_help, "the hidden __doc command is listed in --help")
root_options, _ = options_in_help()

docs = {}
for kind in ("man", "bash", "zsh"):
    code, out, err = scimcheck("__doc", kind)
    check(code == 0 and out, f"__doc {kind}: exit {code} {err}")
    docs[kind] = out
built = {"man": BUILD / "generated/scimcheck.1", "bash": BUILD / "generated/scimcheck.bash",
         "zsh": BUILD / "generated/_scimcheck"}
for kind, path in built.items():
    check(path.is_file() and path.read_text() == docs[kind],
          f"{path} (installed) is not what `scimcheck __doc {kind}` prints")

# `completion` is the users' way to the same scripts (`__doc` stays for the build).
check("completion" in commands, f"the completion subcommand is not in --help: {commands}")
for kind in ("bash", "zsh"):
    code, out, err = scimcheck("completion", kind)
    check(code == 0 and out == docs[kind], f"completion {kind}: exit {code}, differs from __doc {kind}")
code, out, err = scimcheck("completion", "fish")
check(code == 2 and "fish" in err and not out, f"completion fish: exit {code} {err}")

man = docs["man"].replace("\\-", "-")
man_sections = dict(re.findall(r'^\.SS "scimcheck (\S+)"\n(.*?)(?=^\.S[SH] )', man, re.S | re.M))
man_root = man.split(".SH OPTIONS", 1)[-1].split(".SH COMMANDS", 1)[0]
bash_arms = dict(re.findall(r'^    (\S+)\) words="([^"]*)"', docs["bash"], re.M))
bash_root = re.search(r"^    ''\) words=\"([^\"]*)\"", docs["bash"], re.M)
zsh_arms = dict(re.findall(r"^    (\S+)\)\n      _arguments(.*?);;", docs["zsh"], re.S | re.M))

for opt in root_options:
    check(opt in man_root, f"man page: root option {opt} missing")
    check(bash_root and opt in bash_root.group(1).split(), f"bash: root option {opt} missing")
    check(f"'*{opt}[" in docs["zsh"].split("local cmd=")[0], f"zsh: root option {opt} missing")
for cmd in commands:
    options, positionals = options_in_help(cmd)
    check(options, f"{cmd} --help lists no option")
    check(cmd in man_sections, f"man page: no section for {cmd}")
    check(re.search(rf"^    '{cmd}:", docs["zsh"], re.M), f"zsh: subcommand {cmd} not described")
    check(cmd in bash_root.group(1).split() if bash_root else False, f"bash: subcommand {cmd} missing")
    for opt in sorted(options):
        check(opt in man_sections.get(cmd, ""), f"man page: {cmd} {opt} missing")
        check(opt in bash_arms.get(cmd, "").split(), f"bash: {cmd} {opt} missing")
        check(f"'*{opt}[" in zsh_arms.get(cmd, ""), f"zsh: {cmd} {opt} missing")
    for name in positionals:
        check(f"\\fI{name}\\fR" in man_sections.get(cmd, ""), f"man page: {cmd} argument {name} missing")
        check(f"'*:{name}:_files'" in zsh_arms.get(cmd, ""), f"zsh: {cmd} argument {name} missing")
    extra = set(bash_arms.get(cmd, "").split()) - options
    check(not extra, f"bash: {cmd} offers options --help does not list: {extra}")

# The man page renders, with no warning from man or groff.
p = subprocess.run(["man", "--warnings", "-l", str(built["man"])], capture_output=True, text=True,
                   env={**os.environ, "MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"})
check(p.returncode == 0 and "SCIMCHECK_ROOT" in p.stdout and not p.stderr.strip(),
      f"man -l: exit {p.returncode}, warnings: {p.stderr.strip()[:400]}")


def complete(*words):
    """What bash offers for `scimcheck WORDS...`, the last word being the one completed."""
    script = (f'source "$1"; COMP_WORDS=(scimcheck {" ".join(words)}); '
              f"COMP_CWORD={len(words)}; _scimcheck; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
    d = tempdir("complete")
    (d / "junit.xml").write_text("")
    p = subprocess.run(["bash", "-c", script, "bash", str(built["bash"])], capture_output=True,
                       text=True, cwd=d)
    check(p.returncode == 0, f"bash completion failed: {p.stderr}")
    return p.stdout.split()


check(complete("r") == ["run", "report"], f"bash: `scimcheck r` -> {complete('r')}")
check(complete("run", "--prof") == ["--profile"], f"bash: `run --prof` -> {complete('run', '--prof')}")
check(complete("run", "--pro") == ["--profile", "--proxy"], f"bash: `run --pro` -> {complete('run', '--pro')}")
check(complete("comp") == ["completion"], f"bash: `scimcheck comp` -> {complete('comp')}")
check(complete("run", "--out", "ju") == ["junit.xml"], "bash: `run --out ju` does not offer files")
check(complete("serve", "--list") == ["--list-defects"], f"bash: `serve --list` -> {complete('serve', '--list')}")

p = subprocess.run(["zsh", "-n", str(built["zsh"])], capture_output=True, text=True)
check(p.returncode == 0, f"zsh -n: {p.stderr}")

finish()
