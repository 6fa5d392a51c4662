#!/usr/bin/env bash
# Benchmarks of scimcheck on this machine (not part of the test suite). Every figure is a
# ratio of two measurements taken in this one run, so the numbers compare like with like:
#   1. conformance runs of twingate, vonage, mediusflow, ipass against the embedded server,
#      --jobs 1 vs --jobs 8 (wall time, requests/s)
#   2. the same against `serve --defect slow --slow-ms 50`: wall time vs the critical path
#      (the longest chain of dependent requests x 50 ms)
#   3. `scimcheck load` GET-by-id phase vs wrk on the same request (requests/s)
#   4. peak memory of `scimcheck load` as the number of users grows (/usr/bin/time -v)
# Usage: tools/bench/run.sh [--quick]   (--quick: smaller sizes). Output: plain text on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
quick=0
[ "${1:-}" = "--quick" ] && quick=1

"$root/tools/build.sh" release
bin="$root/build/scimcheck"
if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y -qq wrk >/dev/null
fi
command -v wrk >/dev/null || { echo "wrk is missing" >&2; exit 2; }

work=$(mktemp -d /tmp/scimcheck-bench-XXXXXX)
export SCIM_TOKEN="bench-$RANDOM$RANDOM"
export NO_COLOR=1
server_pid=""
stop_server() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; server_pid=""; }
trap 'stop_server; rm -rf "$work"' EXIT

# start_server LOG ARGS...: `scimcheck serve` on a free port; sets $url.
start_server() {
  local log=$1; shift
  "$bin" serve --port 0 --token "$SCIM_TOKEN" "$@" >"$log" 2>&1 &
  server_pid=$!
  url=""
  for _ in $(seq 100); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*[^ ]*' "$log" | head -1 || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { echo "serve did not start: $(cat "$log")" >&2; exit 1; }
}

now() { date +%s.%N; }

echo "scimcheck benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr)"
echo

profiles="twingate vonage mediusflow ipass"

echo "== 1. conformance runs, embedded server: --jobs 1 vs --jobs 8"
printf '%-11s %10s %10s %9s %9s %7s\n' profile "wall j1 s" "wall j8 s" "req/s j1" "req/s j8" speedup
for p in $profiles; do
  declare -A wall rps
  for j in 1 8; do
    # The median of three runs: a run takes well under a second here, so one is noisy.
    times=()
    for _ in 1 2 3; do
      out="$work/emb-$p-$j"
      t0=$(now)
      "$bin" run --profile "$p" --jobs "$j" --out "$out" --format json >/dev/null || true
      t1=$(now)
      times+=("$(echo "$t1 - $t0" | bc -l)")
    done
    req=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['throttling']['requests'])" "$out/results.json")
    wall[$j]=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)
    rps[$j]=$(echo "$req / ${wall[$j]}" | bc -l)
  done
  printf '%-11s %10.2f %10.2f %9.0f %9.0f %6.2fx\n' "$p" "${wall[1]}" "${wall[8]}" "${rps[1]}" "${rps[8]}" \
    "$(echo "${wall[1]} / ${wall[8]}" | bc -l)"
done
echo

echo "== 2. 50 ms per request (serve --defect slow --slow-ms 50): wall time vs critical path"
echo "critical path = most requests in one check x 50 ms; serial bound = all requests x 50 ms"
printf '%-11s %5s %9s %9s %11s %11s %10s\n' profile jobs "wall s" requests "crit path s" "wall/crit" "wall/serial"
for p in $profiles; do
  vars=()
  [ "$p" = ipass ] && vars=(--var domain=example.com)
  start_server "$work/slow-$p.log" --profile "$p" --defect slow --slow-ms 50 "${vars[@]}"
  for j in 1 8; do
    out="$work/slow-$p-$j"
    t0=$(now)
    "$bin" run --profile "$p" --url "$url" "${vars[@]}" --jobs "$j" --max-response-ms 60000 \
      --out "$out" --format json >/dev/null || true
    t1=$(now)
    python3 - "$out/results.json" "$p" "$j" "$(echo "$t1 - $t0" | bc -l)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
wall = float(sys.argv[4])
steps = [sum(1 for s in c["steps"] if s.get("exchange")) for su in r["suites"] for c in su["cases"]]
requests = r["throttling"]["requests"]
crit = max(steps) * 0.050
print(f"{sys.argv[2]:<11} {sys.argv[3]:>5} {wall:9.2f} {requests:9d} {crit:11.2f} {wall / crit:10.1f}x {wall / (requests * 0.05):9.2f}x")
PY
  done
  stop_server
done
echo

echo "== 3. GET /Users/{id}: scimcheck load (--duration) vs wrk, 8 connections, same server"
start_server "$work/wrk.log" --profile rfc
id=$(curl -s -X POST "$url/Users" -H "Authorization: Bearer $SCIM_TOKEN" -H 'Content-Type: application/scim+json' \
  -d '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bench-wrk@example.com"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
secs=10; [ $quick = 1 ] && secs=5
wrk_rps=$(wrk -t2 -c8 -d${secs}s -H "Authorization: Bearer $SCIM_TOKEN" "$url/Users/$id" | awk '/Requests\/sec/ {print $2}')
"$bin" load --profile rfc --url "$url" --users 100 --concurrency 8 --duration "$secs" --update-share 0 \
  --disable-share 0 --out "$work/load-wrk" >/dev/null || true
load_rps=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['steady_rps'])" "$work/load-wrk/load.json")
stop_server
printf 'wrk %.0f req/s, scimcheck load %.0f req/s: load/wrk = %.2f\n' "$wrk_rps" "$load_rps" "$(echo "$load_rps / $wrk_rps" | bc -l)"
echo

echo "== 4. peak memory of scimcheck load (server in its own process), rfc profile, no groups"
# The reference server stores resources in a plain map and answers filters and uniqueness
# checks by scanning it, so its time grows with the square of N: sizes stay in the thousands.
sizes="1000 2000 4000"; [ $quick = 1 ] && sizes="300 600 1200"
printf '%8s %10s %10s %9s %12s\n' users "wall s" "req/s" "peak MiB" "server MiB"
for n in $sizes; do
  start_server "$work/mem-$n.log" --profile rfc
  /usr/bin/time -v "$bin" load --profile rfc --url "$url" --users "$n" --concurrency 8 \
    --out "$work/mem-$n" >/dev/null 2>"$work/time-$n.txt" || true
  rss=$(awk -F: '/Maximum resident set size/ {print $2}' "$work/time-$n.txt")
  srv=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
  python3 - "$work/mem-$n/load.json" "$n" "$rss" "$srv" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:>8} {r['wall_ms'] / 1000:10.1f} {r['throughput_rps']:10.0f} {int(sys.argv[3]) / 1024:9.1f} {int(sys.argv[4]) / 1024:12.1f}")
PY
  stop_server
done
