#!/usr/bin/env bash
# Benchmarks the reference server with wrk: creates then retrieves, keep-alive,
# -t2 -c16. Usage: bench/server/run.sh [path/to/ccs] [seconds]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/ccs}
secs=${2:-10}
out=$(mktemp)
"$bin" serve --port 0 --quiet >"$out" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 50); do [ -s "$out" ] && break; sleep 0.1; done
port=$(head -1 "$out")
url="http://127.0.0.1:$port"
wrk -t2 -c16 -d"${secs}s" -s "$here/create.lua" "$url/v1/checkout/sessions"
id=$(curl -s -H "Authorization: Bearer sk_test_benchAccount0001" "$url/v1/checkout/sessions?limit=1" |
     sed -E 's/.*"id":"(cs_test_[A-Za-z0-9]+)".*/\1/' | head -c 66)
SESSION_ID=$id wrk -t2 -c16 -d"${secs}s" -s "$here/retrieve.lua" "$url"
echo "peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
