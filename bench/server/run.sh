#!/usr/bin/env bash
# Benchmarks the reference server with wrk: creates then retrieves, keep-alive,
# -t2 -c16; then fills the store to 100k sessions and reports the server's peak
# RSS (VmHWM). Usage: bench/server/run.sh [path/to/ccs] [seconds] [sessions]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/ccs}
secs=${2:-10}
target=${3:-100000}
out=$(mktemp)
log=$(mktemp)
"$bin" serve --port 0 --quiet >"$out" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out" "$log"' EXIT
for _ in $(seq 50); do [ -s "$out" ] && break; sleep 0.1; done
port=$(head -1 "$out")
url="http://127.0.0.1:$port"
# the machine may be shared: say what else was running
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c16 -d"${secs}s" -s "$here/create.lua" "$url/v1/checkout/sessions" | tee "$log" | grep -E "^create:"
made=$(sed -nE 's/.* ([0-9]+) requests in .*/\1/p' "$log")
id=$(curl -s -H "Authorization: Bearer sk_test_benchAccount0001" "$url/v1/checkout/sessions?limit=1" |
     sed -E 's/.*"id":"(cs_test_[A-Za-z0-9]+)".*/\1/' | head -c 66)
SESSION_ID=$id wrk -t2 -c16 -d"${secs}s" -s "$here/retrieve.lua" "$url" | grep -E "^retrieve:"
# fill up to the target number of sessions, then read the peak RSS
while [ "${made:-0}" -lt "$target" ]; do
  wrk -t2 -c16 -d5s -s "$here/create.lua" "$url/v1/checkout/sessions" >"$log"
  made=$(( made + $(sed -nE 's/.* ([0-9]+) requests in .*/\1/p' "$log") ))
done
echo "sessions: $made"
echo "peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
