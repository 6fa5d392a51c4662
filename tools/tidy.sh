#!/usr/bin/env bash
# Runs clang-tidy with the project's .clang-tidy over the library sources of harness/src (not
# the *_test.cpp files), using the compile commands of the test build (tools/build.sh test
# first). Exit 1 on any finding. Usage: tools/tidy.sh [FILE...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
db="$root/build-test"
[ -f "$db/compile_commands.json" ] || { echo "tidy: run tools/build.sh test first" >&2; exit 2; }
if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(find "$root/harness/src" -name '*.cpp' ! -name '*_test.cpp' ! -name 'test_main.cpp' | sort)
fi
out=$(mktemp); trap 'rm -f "$out"' EXIT
status=0
run-clang-tidy -quiet -p "$db" -j "${SCIMCHECK_JOBS:-$(nproc)}" "${files[@]}" >"$out" 2>&1 || status=$?
grep -v -e '^clang-tidy' -e 'warnings generated' -e '^Suppressed' -e '^Use -header-filter' "$out" || true
exit "$status"
