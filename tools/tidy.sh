#!/usr/bin/env bash
# Runs clang-tidy with the project's .clang-tidy over the library sources of harness/src (not
# the *_test.cpp files), using the compile commands and header dependencies of the test build
# (tools/build.sh test first). Exit 1 on any finding.
#
# Usage: tools/tidy.sh [FILE...]      the files named, or every library source
#        tools/tidy.sh --changed      only the sources that changed since the commit named in
#                                     tools/tidy-base, or include a header that did (every
#                                     source when .clang-tidy changed or that commit is unknown)
#        tools/tidy.sh --record       as --changed, on a clean work tree; when all pass, writes
#                                     HEAD's commit into tools/tidy-base (every source passed
#                                     at the old base and every source a change since can
#                                     affect passes now, so every source passes at HEAD)
# The test command runs --changed (ctest entry lint.tidy): a whole pass takes about ten
# minutes on two cores, a change of a few files seconds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
db="$root/build-test"
[ -f "$db/compile_commands.json" ] || { echo "tidy: run tools/build.sh test first" >&2; exit 2; }
command -v run-clang-tidy >/dev/null || { echo "tidy: run-clang-tidy is missing (tools/install-deps.sh --test installs clang-tidy)" >&2; exit 2; }
mode=files
case "${1:-}" in
  --changed) mode=changed; shift ;;
  --record) mode=record; shift ;;
esac

all_sources() {
  find "$root/harness/src" -name '*.cpp' ! -name '*_test.cpp' ! -name 'test_main.cpp' | sort
}

# The library sources a change since the recorded commit can affect: a source changed itself,
# or one of the project headers it includes (the dependencies ninja recorded while building).
changed_sources() {
  local base=""
  [ -f "$root/tools/tidy-base" ] && base=$(tr -d '[:space:]' <"$root/tools/tidy-base")
  if [ -z "$base" ] || ! git -C "$root" cat-file -e "$base^{commit}" 2>/dev/null; then
    echo "tidy: no recorded clean commit in this clone; checking every source" >&2
    all_sources
    return
  fi
  local changed
  changed=$( (git -C "$root" diff --name-only "$base" --; git -C "$root" ls-files --others --exclude-standard) | sort -u)
  if grep -qx '.clang-tidy' <<<"$changed"; then
    echo "tidy: .clang-tidy changed since $base; checking every source" >&2
    all_sources
    return
  fi
  ninja -C "$db" -t deps | python3 -c '
import os, sys
root, build = sys.argv[1], sys.argv[2]
changed = {os.path.join(root, line) for line in sys.argv[3].split("\n") if line}
picked, deps = set(), []
def close():
    if deps:
        source = deps[0]
        if (source.startswith(os.path.join(root, "harness/src/")) and source.endswith(".cpp")
                and not source.endswith("_test.cpp") and not source.endswith("test_main.cpp")
                and any(d in changed for d in deps)):
            picked.add(source)
for line in sys.stdin:
    if line.startswith((" ", "\t")):
        deps.append(os.path.normpath(os.path.join(build, line.strip())))
    else:
        close()
        deps = []
close()
for path in sorted(p for p in picked if os.path.exists(p)):
    print(path)
' "$root" "$db" "$changed"
}

case $mode in
  files) if [ $# -gt 0 ]; then files=("$@"); else mapfile -t files < <(all_sources); fi ;;
  changed) mapfile -t files < <(changed_sources) ;;
  record)
    [ -z "$(git -C "$root" status --porcelain)" ] || { echo "tidy: --record needs a clean work tree" >&2; exit 2; }
    mapfile -t files < <(changed_sources) ;;
esac
if [ ${#files[@]} -eq 0 ]; then
  echo "tidy: no library source changed since $(cat "$root/tools/tidy-base"); nothing to check"
  [ "$mode" = record ] && git -C "$root" rev-parse HEAD >"$root/tools/tidy-base"
  exit 0
fi
echo "tidy: checking ${#files[@]} source(s)"
[ "$mode" != files ] && printf '  %s\n' "${files[@]#"$root/"}"
out=$(mktemp); trap 'rm -f "$out"' EXIT
status=0
run-clang-tidy -quiet -p "$db" -j "${SCIMCHECK_JOBS:-$(nproc)}" "${files[@]}" >"$out" 2>&1 || status=$?
grep -v -e '^clang-tidy' -e 'warnings generated' -e '^Suppressed' -e '^Use -header-filter' "$out" || true
if [ "$mode" = record ] && [ "$status" = 0 ]; then
  git -C "$root" rev-parse HEAD >"$root/tools/tidy-base"
  echo "tidy: tools/tidy-base now names $(cat "$root/tools/tidy-base")"
fi
exit "$status"
