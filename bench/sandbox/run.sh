#!/usr/bin/env bash
# A full-profile run against a reference server that behaves like Stripe's
# sandbox (issue 11's calibration rehearsal), beside the same run against the
# plain server: verdicts must be the same; the requests, the 429s the server
# gave, the wall time and the floor (requests / rate) are printed.
# usage: bench/sandbox/run.sh [ccs binary]   (env: RATE 25, LATENCY 80,
#        PREFILL 2000, WRITES 2, VERSION 2026-07-29.dahlia, JOBS 4)
set -euo pipefail
cd "$(dirname "$0")/../.."
CCS=${1:-build/ccs}
RATE=${RATE:-25} LATENCY=${LATENCY:-80} PREFILL=${PREFILL:-2000} WRITES=${WRITES:-2}
VERSION=${VERSION:-2026-07-29.dahlia} JOBS=${JOBS:-4}
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

# one NAME SERVE_ARGS... -- RUN_ARGS...: serve, run, stop; $tmp/NAME.{log,err,ms}
one() {
  local name=$1 serve=() run=() t0 t1
  shift
  while [ "$1" != -- ]; do serve+=("$1"); shift; done
  shift
  run=("$@")
  "$CCS" serve --host 127.0.0.1 --port 0 "${serve[@]}" >"$tmp/$name.port" 2>"$tmp/$name.log" &
  pid=$!
  for _ in $(seq 1 100); do [ -s "$tmp/$name.port" ] && break; sleep 0.1; done
  t0=$(date +%s%N)
  "$CCS" run --target "http://127.0.0.1:$(head -n1 "$tmp/$name.port")" --api-key sk_test_benchSandbox0123456789 \
    --alt-api-key sk_test_benchSandboxOther012345 --profile full --api-version "$VERSION" --jobs "$JOBS" \
    --report-dir "$tmp/$name" --history "$tmp/h.jsonl" "${run[@]}" >/dev/null 2>"$tmp/$name.err" || true
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 )) >"$tmp/$name.ms"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

one plain -- --rate 0
one sandbox --rate-limit "$RATE" --latency "$LATENCY" --prefill "$PREFILL" --background-writes "$WRITES" -- --rate "$RATE"
python3 - "$tmp" "$RATE" <<'PY'
import json, re, sys
tmp, rate = sys.argv[1], float(sys.argv[2])
req = re.compile(r"^(GET|POST|DELETE) \S+ (\d+) ")
def stats(name):
    cases = {c["id"]: c for c in json.load(open(f"{tmp}/{name}/results.json"))["cases"]}
    codes = [m.group(2) for m in map(req.match, open(f"{tmp}/{name}.log")) if m]
    ms = int(open(f"{tmp}/{name}.ms").read())
    return cases, len(codes), codes.count("429"), ms
pc, pn, p429, pms = stats("plain")
sc, sn, s429, sms = stats("sandbox")
differ = sorted(i for i in pc if pc[i]["verdict"] != sc.get(i, {}).get("verdict"))
count = lambda cs, v: sum(1 for c in cs.values() if c["verdict"] == v)
retried = sum(c.get("retries", 0) for c in sc.values())
floor = sn / rate
print(f"plain server:   {len(pc)} cases, {count(pc,'PASS')} pass, {count(pc,'FAIL')} fail, {count(pc,'ERROR')} error, "
      f"{count(pc,'SKIP')} skip; {pn} requests in {pms/1000:.1f} s")
print(f"sandbox server: {len(sc)} cases, {count(sc,'PASS')} pass, {count(sc,'FAIL')} fail, {count(sc,'ERROR')} error, "
      f"{count(sc,'SKIP')} skip; {sn} requests ({s429} answered 429, {retried} sent again) in {sms/1000:.1f} s")
print(f"floor {sn} / {rate:g} = {floor:.1f} s; wall / floor = {sms/1000/floor:.2f}")
print("same verdicts" if not differ else f"verdicts differ: {differ[:20]}")
for i in differ[:5]:
    print(" ", i, pc[i]["verdict"], "->", sc.get(i, {}).get("verdict"), (sc.get(i, {}).get("message") or "")[:200])
# a client that keeps to the rate is never refused by a bucket of that rate
if s429:
    print(f"the runner exceeded the rate: {s429} requests answered 429")
sys.exit(1 if differ or count(sc, "ERROR") or s429 else 0)
PY
