#!/usr/bin/env bash
# Configures and builds scimcheck. Usage: tools/build.sh [release|test]
#   release  optimised binary in build/             (default)
#   test     AddressSanitizer + UBSan build with every test, in build-test/ (line tables only:
#            enough for sanitizer stack traces, and quicker to build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kind=${1:-release}
jobs=${SCIMCHECK_JOBS:-$(nproc)}
case "$kind" in
  release) dir="$root/build"; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCIMCHECK_TESTS=OFF) ;;
  test)    dir="$root/build-test"; flags=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DSCIMCHECK_SANITIZE=ON -DSCIMCHECK_TESTS=ON -DSCIMCHECK_WERROR=ON) ;;
  *) echo "usage: tools/build.sh [release|test]" >&2; exit 2 ;;
esac
cmake -S "$root" -B "$dir" -G Ninja "${flags[@]}" >/dev/null
status=0
ninja -C "$dir" -j "$jobs" 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\] ' || true; } || status=$?
if [ "$status" -ne 0 ]; then
  echo "build: failed (see the messages above)" >&2
  exit "$status"
fi
