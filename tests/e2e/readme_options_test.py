"""The README's options table of `run` and `scimcheck run --help` list the same options: every
option --help shows (but --help itself) has a row, and every option in the table's first
column exists in --help. An option added without its row, or a row left after its option
went, fails here."""
import re

from common import ROOT, check, finish, scimcheck

OPTION = re.compile(r"(?<![\w-])(--[A-Za-z][\w-]*|-[A-Za-z])(?![\w-])")
HELP_ONLY = {"-h", "--help"}


def help_options():
    """Every option name `run --help` lists under Options."""
    code, out, err = scimcheck("run", "--help")
    check(code == 0, f"run --help: exit {code} {err}")
    options, inside = set(), False
    for line in out.splitlines():
        if line and not line[0].isspace():
            inside = line.rstrip() == "Options:"
            continue
        if inside and line.startswith("  ") and not line.startswith("    "):
            head = line.strip().split("  ")[0]  # the names and the value type
            options.update(OPTION.findall(head))
    return options - HELP_ONLY


def table_options():
    """Every option named in the first column of the README table under
    "Running against your endpoint"; the table must be found."""
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Running against your endpoint", 1)[-1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    check(rows and rows[0].replace(" ", "") == "|option|meaning|",
          f"README: no `| option | meaning |` table under Running against your endpoint: {rows[:1]}")
    options = set()
    for row in rows[2:]:
        first = row.split(" | ")[0]
        options.update(OPTION.findall(" ".join(re.findall(r"`([^`]*)`", first))))
    return options


in_help, in_table = help_options(), table_options()
check(len(in_help) > 20, f"run --help: only {len(in_help)} options found: {sorted(in_help)}")
for option in sorted(in_help - in_table):
    check(False, f"README: `run` option {option} has no row in the options table")
for option in sorted(in_table - in_help):
    check(False, f"README: the options table names {option}, which `run --help` does not list")
print(f"{len(in_help)} options in run --help, {len(in_table)} in the README table", flush=True)
finish()
