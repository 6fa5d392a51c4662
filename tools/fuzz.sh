#!/usr/bin/env bash
# Fuzzes scimcheck's parsers and checks with libFuzzer (clang, ASan + UBSan), in build-fuzz/.
# Usage: tools/fuzz.sh [SECONDS] [TARGET...]
#   SECONDS  fuzzing time per target (default 20; 0 only replays the regression inputs)
#   TARGET   loader filter path patch redact expect user_body (default: all)
# Steps: build the targets of tests/fuzz; replay every input kept in tests/fuzz/regressions/
# (each must pass); fuzz each target from the seeds (tests/fuzz/seeds.py: the shipped suites,
# plus the recorded exchanges and user bodies of tests/fuzz/corpus/) with the corpus grown so far in
# build-fuzz/corpus/. Prints the executions per target; exits 1 on any crash, leak, hang
# (-timeout) or memory blow-up (-rss_limit_mb), leaving the input in build-fuzz/crashes/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-20}
[ $# -gt 0 ] && shift
case "$seconds" in
  ''|*[!0-9]*) echo "usage: tools/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac
all=(loader filter path patch redact expect user_body)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
jobs=${SCIMCHECK_JOBS:-$(nproc)}
dir="$root/build-fuzz"

# Longest input per target: a suite file, a PATCH body, a response with its headers.
max_len() {
  case "$1" in
    loader) echo 65536 ;; expect) echo 32768 ;; patch|redact|user_body) echo 16384 ;; *) echo 4096 ;;
  esac
}

cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-g1 -O1" -DSCIMCHECK_FUZZ=ON -DSCIMCHECK_TESTS=OFF \
  -DSCIMCHECK_WERROR=ON >/dev/null
status=0
ninja -C "$dir" -j "$jobs" 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\] |^ninja: (Entering|Leaving|no work)' || true; } || status=$?
if [ "$status" -ne 0 ]; then
  echo "fuzz: build failed (see the messages above)" >&2
  exit "$status"
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# A hang is an input that runs 10 s; a blow-up one that takes 2 GB.
limits="-timeout=10 -rss_limit_mb=2048"
failed=()
mkdir -p "$dir/logs"

# What a failing run says: the sanitizer's or the target's message, the frames in scimcheck's
# code, and the input in base64 when it is small enough to paste.
explain() {
  local log=$1 input=$2
  grep -E '==ERROR|^SUMMARY|runtime error|ALARM|out-of-memory|left in|round trip|    #[0-9]+ 0x[0-9a-f]+ in (scimcheck|LLVMFuzzer|\(anonymous)' \
    "$log" | head -20 || true
  if [ -f "$input" ] && [ "$(stat -c %s "$input")" -le 4096 ]; then
    echo "input (base64): $(base64 -w0 "$input")"
  fi
}

# Regression inputs: every input that once crashed a target is replayed as a plain input.
for t in "${targets[@]}"; do
  reg="$root/tests/fuzz/regressions/$t"
  [ -d "$reg" ] || continue
  for f in "$reg"/*; do
    [ -f "$f" ] || continue
    log="$dir/logs/regression-$t-$(basename "$f").log"
    # Replayed whole: -max_len would cut the input.
    # shellcheck disable=SC2086
    if timeout 120 "$dir/fuzz/fuzz_$t" $limits "$f" >"$log" 2>&1; then
      echo "fuzz: regression $t/$(basename "$f"): ok"
    else
      echo "fuzz: regression $t/$(basename "$f"): FAILED (log: $log)"
      explain "$log" "$f"
      failed+=("regression $t/$(basename "$f")")
    fi
  done
done

if [ "$seconds" -gt 0 ]; then
  rm -rf "$dir/seeds"
  python3 "$root/tests/fuzz/seeds.py" "$dir/seeds" >/dev/null
  run_one() {
    local t=$1
    mkdir -p "$dir/corpus/$t" "$dir/crashes/$t" "$dir/seeds/$t"
    local seeds=("$dir/seeds/$t")
    [ -d "$root/tests/fuzz/corpus/$t" ] && seeds+=("$root/tests/fuzz/corpus/$t")
    local rc=0
    # shellcheck disable=SC2086
    timeout $((seconds * 3 + 120)) "$dir/fuzz/fuzz_$t" $limits -max_len="$(max_len "$t")" -print_final_stats=1 \
      -max_total_time="$seconds" \
      -artifact_prefix="$dir/crashes/$t/" "$dir/corpus/$t" "${seeds[@]}" >"$dir/logs/$t.log" 2>&1 || rc=$?
    echo "$rc" >"$dir/logs/$t.rc"
  }
  for t in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    rm -f "$dir/logs/$t.rc"
    run_one "$t" &
  done
  wait
  printf '%-8s %12s %9s %8s  %s\n' target executions exec/s corpus result
  for t in "${targets[@]}"; do
    rc=$(cat "$dir/logs/$t.rc" 2>/dev/null || echo 1)
    log="$dir/logs/$t.log"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    units=$(sed -n 's/^#[0-9]*.*DONE.*corp: \([0-9]*\).*/\1/p' "$log" | tail -1)
    result=ok
    if [ "$rc" -ne 0 ]; then
      input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
      result="FAILED rc=$rc, input: ${input:-none}, log: $log"
      failed+=("$t")
    fi
    printf '%-8s %12s %9s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${units:-?}" "$result"
    if [ "$rc" -ne 0 ]; then
      explain "$log" "$input"
    fi
  done
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  echo "fuzz: keep each new crashing input in tests/fuzz/regressions/<target>/ once understood" >&2
  exit 1
fi
echo "fuzz: ok"
