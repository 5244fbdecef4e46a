#!/usr/bin/env bash
# Time full suite runs against the reference server and count HTTP exchanges.
# usage: bench/run_bench.sh [path/to/ccs] [runs per profile]
# Prints, per profile: cases, best and median wall time, exchanges (counted
# from the server's one-line-per-request log) and exchanges per second.
set -euo pipefail
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
