#!/usr/bin/env bash
# Installs what building and running need (not the test tools: no browser, no Boost), builds
# scimcheck and runs the conformance suites of every app profile against the embedded
# reference server. Reports land in reports/<profile>/, one junit.xml per profile; their
# testsuites are named <profile>.<suite>, so they merge into one file without folding
# (for example `npx junit-report-merger reports/junit.xml "reports/*/junit.xml"`).
# Extra arguments go to every `scimcheck run` (for example --strict, or --url URL to test a
# real endpoint with the token in SCIM_TOKEN).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/install-deps.sh" || exit 2
"$root/tools/build.sh" release || exit 2
status=0
for profile in twingate vonage mediusflow ipass; do
  "$root/build/scimcheck" run --profile "$profile" --out "$root/reports/$profile" "$@"
  rc=$?
  [ "$rc" -gt "$status" ] && status=$rc
done
exit "$status"
