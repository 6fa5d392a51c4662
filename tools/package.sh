#!/usr/bin/env bash
# Builds the release packages into build/packages/: scimcheck_<version>_<arch>.deb and
# scimcheck-<version>-linux-<arch>.tar.gz (the same tree: bin/, share/), both with the
# binary stripped, and scimcheck-<version>.debug, the debug info kept apart (matched by
# build id). The release build (build/, shared with tools/run.sh) is configured without the
# source-tree fallback, so the packaged binary finds its data only next to itself
# (<bin>/../share/scimcheck), in SCIMCHECK_ROOT or in a checkout. Prints the packages' paths.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build"
out="$build/packages"
"$root/tools/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DSCIMCHECK_SOURCE_FALLBACK=OFF >/dev/null
"$root/tools/build.sh" release
rm -rf "$out"
(cd "$build" && cpack -B "$out" >/dev/null)
rm -rf "$out/_CPack_Packages"
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
objcopy --only-keep-debug "$build/scimcheck" "$out/scimcheck-$version.debug"
ls "$out"/*.deb "$out"/*.tar.gz
