#!/usr/bin/env bash
# Time full suite runs against the reference server and count HTTP exchanges.
# usage: bench/run_bench.sh [path/to/ccs] [runs per profile]
# Prints, per profile: cases, best and median wall time, exchanges (counted
# from the server's one-line-per-request log) and exchanges per second.
#
# usage: bench/run_bench.sh micro [builddir] [rounds]
# The two micro benchmarks, each round running ours and its peer back to
# back so machine load hits both alike: form decoding (bench_form) against
# npm qs.parse (bench/qs_bench.js) on bench/form/*.body, and the contract
# check's overhead over cJSON parsing (bench_check). Prints every round and
# the medians (of each column, and of the per-round ratios) and the best
# round of each side (with the ratio of the bests).
set -euo pipefail

median() { sort -g | awk '{v[NR]=$1} END {if (NR) print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

if [ "${1:-}" = micro ]; then
  here=$(cd "$(dirname "$0")" && pwd)
  build=${2:-build}
  rounds=${3:-5}
  bodies=("$here/form/small.body" "$here/form/large.body")
  checks=("$here/check/seed_session.json" "$here/../tests/data/contract/example_session.json")
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "# load before: $(uptime | sed 's/.*load average: //')"
  for r in $(seq 1 "$rounds"); do
    "$build/bench/bench_form" "${bodies[@]}" >"$tmp/ours.$r"
    node "$here/qs_bench.js" "${bodies[@]}" >"$tmp/qs.$r"
    "$build/bench/bench_check" "${checks[@]}" | grep -v '^#' >"$tmp/check.$r"
  done
  echo "# load after:  $(uptime | sed 's/.*load average: //')"
  printf '%-14s %5s %10s %10s %10s %10s %8s\n' body round ours_MB/s ours_b/s qs_MB/s qs_b/s ratio
  for b in "${bodies[@]}"; do
    name=$(basename "$b")
    for r in $(seq 1 "$rounds"); do
      o=$(grep -F "$b " "$tmp/ours.$r"); q=$(grep -F "$b " "$tmp/qs.$r")
      echo "$o $q" | awk -v n="$name" -v r="$r" \
        '{printf "%-14s %5s %10.1f %10.0f %10.1f %10.0f %7.1fx\n", n, r, $2, $4, $7, $9, $2/$7}'
    done | tee "$tmp/rows"
    printf '%-14s %5s %10.1f %10.0f %10.1f %10.0f %7.1fx\n' "$name" median \
      "$(awk '{print $3}' "$tmp/rows" | median)" "$(awk '{print $4}' "$tmp/rows" | median)" \
      "$(awk '{print $5}' "$tmp/rows" | median)" "$(awk '{print $6}' "$tmp/rows" | median)" \
      "$(awk '{sub("x","",$7); print $7}' "$tmp/rows" | median)"
    # the least disturbed round of each side: the fairest figure under load
    awk -v n="$name" '$3 > o {o = $3; ob = $4} $5 > q {q = $5; qb = $6}
      END {printf "%-14s %5s %10.1f %10.0f %10.1f %10.0f %7.1fx\n", n, "best", o, ob, q, qb, o / q}' "$tmp/rows"
  done
  printf '%-22s %5s %12s %12s %9s\n' file round check_obj/s parse_obj/s overhead
  for c in "${checks[@]}"; do
    name=$(basename "$c")
    for r in $(seq 1 "$rounds"); do
      grep -F "$c " "$tmp/check.$r" | awk -v n="$name" -v r="$r" \
        '{sub("%","",$4); printf "%-22s %5s %12.0f %12.0f %8.1f%%\n", n, r, $2, $3, $4}'
    done | tee "$tmp/rows"
    printf '%-22s %5s %12.0f %12.0f %8.1f%%\n' "$name" median \
      "$(awk '{print $3}' "$tmp/rows" | median)" "$(awk '{print $4}' "$tmp/rows" | median)" \
      "$(awk '{sub("%","",$5); print $5}' "$tmp/rows" | median)"
    awk -v n="$name" '$3 > c {c = $3} $4 > p {p = $4}
      END {printf "%-22s %5s %12.0f %12.0f %8.1f%%\n", n, "best", c, p, (p / c - 1) * 100}' "$tmp/rows"
  done
  exit 0
fi

ccs=${1:-build/ccs}
runs=${2:-5}
tmp=$(mktemp -d)
trap 'kill $srv 2>/dev/null || true; rm -rf "$tmp"' EXIT
key=sk_test_runbench000000000000000000

"$ccs" serve --host 127.0.0.1 --port 0 >"$tmp/port" 2>"$tmp/log" &
srv=$!
for _ in $(seq 1 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(head -n1 "$tmp/port")"

printf '%-8s %6s %10s %10s %10s %12s\n' profile cases best_s median_s exchanges exchanges/s
for profile in core full; do
  times=()
  for r in $(seq 1 "$runs"); do
    before=$(wc -l <"$tmp/log")
    start=$(date +%s.%N)
    "$ccs" run --target "$url" --api-key "$key" --profile "$profile" --jobs 4 \
      --report-dir "$tmp/r" --history "$tmp/h.jsonl" >"$tmp/out" 2>&1 || true
    end=$(date +%s.%N)
    after=$(wc -l <"$tmp/log")
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')")
    exchanges=$((after - before))
  done
  cases=$(grep -o '^[0-9]* cases' "$tmp/out" | cut -d' ' -f1)
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  best=$(echo "$sorted" | head -n1)
  median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
  printf '%-8s %6s %10.2f %10.2f %10d %12.0f\n' "$profile" "$cases" "$best" "$median" "$exchanges" \
    "$(awk -v e="$exchanges" -v m="$median" 'BEGIN{print e/m}')"
done
