#!/usr/bin/env python3
"""Facts about harness/src that the architecture promises, and a check of them.

  tools/code_facts.py            prints the largest source files, the modules each module
                                 includes, and any include loop or layer break
  tools/code_facts.py --check    the same, and exits 1 when a source file has 600 lines or more,
                                 a module includes one listed after it in LAYERS, or the
                                 #include graph of the files has a loop

LAYERS is the order of docs/architecture.md's module table: a module may include only itself
and the modules before it.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "harness" / "src"
LAYERS = ["source", "scim", "http", "suite", "eval", "plan", "result", "check", "report",
          "run", "server", "mapping", "loadtest", "app"]
MAX_LINES = 600
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources():
    return sorted(p for p in SRC.rglob("*") if p.suffix in (".cpp", ".hpp"))


def includes(path):
    found = []
    for name in INCLUDE.findall(path.read_text(errors="replace")):
        target = SRC / name
        if target.exists():
            found.append(target)
    return found


def module_of(path):
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else None


def find_loop(graph):
    """One include loop as a list of files, or None (iterative depth-first search)."""
    state = {}
    for start in graph:
        if state.get(start):
            continue
        stack = [(start, iter(graph[start]))]
        state[start] = 1
        path = [start]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                return path[path.index(child):] + [child]
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(graph.get(child, []))))
    return None


def main():
    check = "--check" in sys.argv[1:]
    files = sources()
    problems = []
    sizes = sorted(((len(p.read_text(errors="replace").splitlines()), p) for p in files),
                   reverse=True)
    print("largest source files:")
    for lines, path in sizes[:5]:
        print(f"  {lines:5} {path.relative_to(ROOT)}")
    problems += [f"{p.relative_to(ROOT)} has {n} lines (limit {MAX_LINES - 1})"
                 for n, p in sizes if n >= MAX_LINES]

    graph = {p: includes(p) for p in files}
    uses = {}
    for path, targets in graph.items():
        mod = module_of(path)
        if mod is None:
            continue
        if mod not in LAYERS:
            problems.append(f"module {mod}/ is not in the layer list")
            continue
        for target in targets:
            other = module_of(target)
            if other is None or other == mod:
                continue
            uses.setdefault(mod, set()).add(other)
            if other in LAYERS and LAYERS.index(other) > LAYERS.index(mod):
                problems.append(f"{path.relative_to(ROOT)} includes {target.relative_to(SRC)}"
                                f": {mod}/ may not include {other}/, listed after it")
    print("modules and what they include:")
    for mod in LAYERS:
        print(f"  {mod:9} -> {' '.join(sorted(uses.get(mod, ()), key=lambda m: (m not in LAYERS, LAYERS.index(m) if m in LAYERS else m))) or '-'}")
    loop = find_loop(graph)
    if loop:
        problems.append("include loop: " + " -> ".join(str(p.relative_to(SRC)) for p in loop))
    else:
        print("include loops: none")
    for problem in dict.fromkeys(problems):
        print("problem:", problem)
    return 1 if check and problems else 0


if __name__ == "__main__":
    sys.exit(main())
