#!/usr/bin/env bash
# Peak memory and wall time of `scimcheck run --profile rfc` against the hostile server of
# tests/e2e/hostile_server.py (a proxy in front of `scimcheck serve` that alters its answers),
# for the figures of issue 10, taken the same way before and after the fixes:
#   huge-body   reads answer a 2 GB body                        (--timeout 5)
#   deep        reads answer JSON nested 100,000 levels deep    (--timeout 5)
#   hang        the server accepts connections, never answers   (--timeout 5)
#   hang-60     the same with the default 60 s timeout, stopped after $HOSTILE_CAP_S seconds
# Usage: tools/bench/hostile.sh [CASE ...]   (default: all four; does not build)
# Environment: SCIMCHECK (binary, default build/scimcheck), HOSTILE_CAP_S (wall-time cap of
# one run, default 600), HOSTILE_AS_GB (address-space cap of one run, default 4: a run that
# balloons fails its allocations there instead of taking the machine's memory).
# Output, one line per case: exit status, wall time, peak RSS, results.json size, requests the
# server received (and, for the hang cases, how many it left unanswered).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SCIMCHECK:-$root/build/scimcheck}
cap_s=${HOSTILE_CAP_S:-600}
as_gb=${HOSTILE_AS_GB:-4}
[ -x "$bin" ] || { echo "no binary at $bin (tools/build.sh release)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
export SCIM_TOKEN="Hx/bench+$RANDOM$RANDOM==" NO_COLOR=1
work=$(mktemp -d /tmp/scimcheck-hostile-XXXXXX)
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null' EXIT

one() {  # one <label> <mode> [run options...]
  local label=$1 mode=$2; shift 2
  local out="$work/$label"
  mkdir -p "$out"
  coproc SERVER { exec python3 "$root/tests/e2e/hostile_server.py" --scimcheck "$bin" --mode "$mode"; }
  server_pid=$SERVER_PID
  local line url
  read -r line <&"${SERVER[0]}"
  url=${line##* }
  local t0 t1 status
  t0=$(date +%s.%N)
  timeout --signal=KILL "$cap_s" /usr/bin/time -v -o "$out/time.txt" \
    prlimit --as=$((as_gb << 30)) -- \
    "$bin" run --profile rfc --url "$url" --out "$out" --format junit,html,md,json "$@" \
    >"$out/console.txt" 2>&1
  status=$?
  t1=$(date +%s.%N)
  local rss requests unanswered size
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2/1024}' "$out/time.txt" 2>/dev/null)
  size=$(stat -c %s "$out/results.json" 2>/dev/null || echo "-")
  read -r requests unanswered < <(curl -s "$url/__state" | python3 -c '
import json, sys
log = json.load(sys.stdin)["log"]
print(len(log), sum(1 for e in log if e[2] == "hang"))')
  kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=""
  local why
  why=$(grep -m1 -E "Command terminated by signal|Exit status" "$out/time.txt" 2>/dev/null)
  [ "$status" -eq 137 ] && [ -z "$why" ] && why="stopped at the ${cap_s} s cap"
  printf '%-10s status %-3s (%s)  wall %6.1f s  peak RSS %s  results.json %s bytes  requests %s (unanswered %s)\n' \
    "$label" "$status" "${why:-?}" "$(echo "$t1 - $t0" | bc)" "${rss:-?}" "$size" "$requests" "$unanswered"
  echo "    command: $bin run --profile rfc --url URL --out DIR --format junit,html,md,json $*"
}

cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(huge-body deep hang hang-60)
echo "binary: $bin ($(git -C "$root" rev-parse --short HEAD)); cap ${cap_s} s and ${as_gb} GB address space per run"
for c in "${cases[@]}"; do
  case "$c" in
    huge-body|deep|hang) one "$c" "$c" --timeout 5 ;;
    hang-60) one "$c" hang ;;
    *) echo "unknown case $c" >&2; exit 2 ;;
  esac
done
echo "outputs kept in $work"
