#!/usr/bin/env bash
# Installs what is missing, builds scimcheck with AddressSanitizer and UBSan, and runs every
# test (unit tests of each module, end-to-end tests of the binary) through ctest, then the
# fuzz targets (tools/fuzz.sh: kept crash inputs replayed, then SCIMCHECK_FUZZ_SECONDS of
# fuzzing per target, default 20; 0 replays only). It installs the test-only packages too
# (tools/install-deps.sh --test).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/install-deps.sh" --test
"$root/tools/build.sh" test
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$root/build-test"
status=0
ctest --output-on-failure -j "${SCIMCHECK_TEST_JOBS:-2}" "$@" || status=$?
if [ "$status" -ne 0 ]; then
  # A long log is cut in the middle by CI viewers: repeat each failed assertion at the end.
  echo "== failed assertions and sanitizer reports (from Testing/Temporary/LastTest.log) =="
  grep -a -E ": error: |fatal error: in \"|ERROR: AddressSanitizer|runtime error:|FAILED|not ok " \
    Testing/Temporary/LastTest.log | sed 's/\x1b\[[0-9;]*m//g' | head -60 || true
  exit "$status"
fi
"$root/tools/fuzz.sh" "${SCIMCHECK_FUZZ_SECONDS:-20}"
