#!/usr/bin/env bash
# Fuzzing throughput, side by side: each harness as built, the same harness
# without comparison tracing, and a floor target that does only what the
# issue asks of every input (bench/fuzz/floor_*.c), so the exec/s goals can
# be read against what libFuzzer + ASan + UBSan allow on this machine.
#
# usage: bench/fuzz/run.sh [--time SECONDS] [--rounds N] [--harness NAME] [--profile]
#   --time     seconds per variant and round (default 30)
#   --rounds   rounds; the table shows the median exec/s (default 1)
#   --harness  form_decode, json_parse or server_request (default: all three)
#   --profile  also run each floor (no comparison tracing) under perf and
#              print where its time goes: our code, ASan's runtime, libFuzzer
# Builds build-fuzz (scripts/build fuzz) and build-fuzz-nocmp (the same with
# -fno-sanitize-coverage=trace-cmp). Every variant fuzzes a fresh copy of
# corpus/<harness>/ with the harness's dictionary and max_len, one job;
# exec/s is libFuzzer's figure on its DONE line (as scripts/fuzz reports).
# Round r runs every variant with -seed=r, so variants start from the same
# mutation sequence.
# Prints one row per variant: exec/s, microseconds per run, and the goal.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

budget=30
rounds=1
only=
profile=0
need() { [ -n "${2:-}" ] || { echo "bench/fuzz/run.sh: $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --time) need "$@"; budget=$2; shift 2 ;;
    --rounds) need "$@"; rounds=$2; shift 2 ;;
    --harness) need "$@"; only=$2; shift 2 ;;
    --profile) profile=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/fuzz/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$budget$rounds" in *[!0-9]*) echo "bench/fuzz/run.sh: --time and --rounds take integers" >&2; exit 2 ;; esac
case "$only" in ""|form_decode|json_parse|server_request) ;;
  *) echo "bench/fuzz/run.sh: --harness takes form_decode, json_parse or server_request" >&2; exit 2 ;; esac
if [ "$budget" -eq 0 ] || [ "$rounds" -eq 0 ]; then echo "bench/fuzz/run.sh: --time and --rounds must be above 0" >&2; exit 2; fi

targets=(fuzz_form_decode fuzz_json_parse fuzz_server_request fuzz_floor_form_decode fuzz_floor_json_parse)
scripts/build fuzz >/dev/null
cmake -S . -B build-fuzz-nocmp -DCCS_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCCS_FUZZ=ON \
  -DCMAKE_C_COMPILER=clang -DCMAKE_C_FLAGS=-fno-sanitize-coverage=trace-cmp >/dev/null
cmake --build build-fuzz-nocmp -j"$(nproc 2>/dev/null || echo 2)" --target "${targets[@]}" >/dev/null

export CCS_GOLDEN_DIR=$root/golden
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16:malloc_context_size=10:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

option() { sed -n "s/^$2 *= *//p" "fuzz/$1.options" 2>/dev/null | head -1; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR) print (NR%2 ? v[(NR+1)/2] : int((v[NR/2]+v[NR/2+1])/2))}'; }

# prepare HARNESS: the libFuzzer flags every run of it takes (in flags) and a
# fresh copy of its committed corpus in $work/corpus.
prepare() {
  flags=(-max_total_time="$budget" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
         -artifact_prefix="$work/")
  [ -n "$(option "$1" max_len)" ] && flags+=(-max_len="$(option "$1" max_len)")
  [ -f "fuzz/$1.dict" ] && flags+=(-dict="fuzz/$1.dict")
  rm -rf "$work/corpus" && mkdir "$work/corpus" && cp corpus/"$1"/* "$work/corpus/"
}

# variant HARNESS LABEL EXE [extra libFuzzer flags...] -> one table row
variant() {
  local h=$1 label=$2 exe=$3 r eps all=() flags
  shift 3
  for r in $(seq 1 "$rounds"); do
    prepare "$h"
    "$exe" "${flags[@]}" -seed="$r" "$@" "$work/corpus" >"$work/log" 2>&1 || {
      echo "bench/fuzz/run.sh: $exe failed:" >&2; tail -20 "$work/log" >&2; exit 1; }
    eps=$(sed -n 's/^#[0-9]*[[:space:]]*DONE.*exec\/s: \([0-9]*\).*/\1/p' "$work/log" | tail -1)
    all+=("${eps:-0}")
  done
  eps=$(printf '%s\n' "${all[@]}" | median)
  printf '%-15s %-44s %9s %9.1f %s\n' "$h" "$label" "$eps" "$(echo "1000000 / ${eps:-1}" | bc -l)" \
    "${goal[$h]}"
  [ "$rounds" -gt 1 ] && echo "                (rounds: ${all[*]})"
  return 0
}

declare -A goal=([form_decode]="goal >= 100000" [json_parse]="goal >= 50000" [server_request]="goal >= 10000")
echo "# $(date -u +%Y-%m-%dT%H:%MZ), ${budget}s per variant, $rounds round(s), load before: $(uptime | sed 's/.*load average: //')"
printf '%-15s %-44s %9s %9s %s\n' harness variant exec/s us/run goal
want() { [ -z "$only" ] || [ "$only" = "$1" ]; }
if want form_decode; then
  variant form_decode "harness (as built)" build-fuzz/fuzz/fuzz_form_decode
  variant form_decode "harness, no comparison tracing" build-fuzz-nocmp/fuzz/fuzz_form_decode
  variant form_decode "floor: decode only" build-fuzz/bench/fuzz_floor_form_decode
  variant form_decode "floor: decode only, no comparison tracing" build-fuzz-nocmp/bench/fuzz_floor_form_decode
  variant form_decode "floor, no comparison tracing, max_len 256" build-fuzz-nocmp/bench/fuzz_floor_form_decode -max_len=256
fi
if want json_parse; then
  variant json_parse "harness (as built)" build-fuzz/fuzz/fuzz_json_parse
  variant json_parse "harness, no comparison tracing" build-fuzz-nocmp/fuzz/fuzz_json_parse
  variant json_parse "floor: round trip + one contract check" build-fuzz/bench/fuzz_floor_json_parse
  variant json_parse "floor, no comparison tracing" build-fuzz-nocmp/bench/fuzz_floor_json_parse
fi
if want server_request; then
  variant server_request "harness (as built)" build-fuzz/fuzz/fuzz_server_request
fi
echo "# load after: $(uptime | sed 's/.*load average: //')"

# split HARNESS EXE: perf samples of one floor run, by who spends them.
split() {
  local h=$1 exe=$2 flags
  prepare "$h"
  perf record -q -F 1999 -o "$work/perf.data" "$exe" "${flags[@]}" "$work/corpus" >/dev/null 2>&1
  echo "## $h floor, no comparison tracing: share of CPU samples"
  perf report -i "$work/perf.data" --no-children --sort dso,symbol 2>/dev/null | grep -v '^#' |
    awk '/%/ {p = $1; sub("%", "", p); s = $0; c = "our code (decoder / checker)";
      if (s ~ /AddValueForMemcmp|weak_hook|__interceptor_str|__interceptor_memcmp/) c = "string-compare hooks";
      else if (s ~ /fuzzer::/) c = "libFuzzer (loop, features, malloc hooks)";
      else if (s ~ /__asan|__sanitizer|__lsan|__interceptor_|memset|memmove|memcpy|pthread_getspecific/)
        c = "ASan runtime (allocator, quarantine, stacks)";
      else if (s ~ /\[k\]/) c = "kernel";
      else if (s ~ /libcjson/) c = "cJSON (system library)";
      t[c] += p}
      END {for (k in t) printf "  %5.1f%%  %s\n", t[k], k}' | sort -rn
}
if [ "$profile" = 1 ]; then
  command -v perf >/dev/null || { echo "bench/fuzz/run.sh: --profile needs perf" >&2; exit 2; }
  want form_decode && split form_decode build-fuzz-nocmp/bench/fuzz_floor_form_decode
  want json_parse && split json_parse build-fuzz-nocmp/bench/fuzz_floor_json_parse
fi
