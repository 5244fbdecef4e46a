#!/usr/bin/env bash
# Running safely against a real Stripe account (issue 11): live keys are
# refused unless --allow-live, and are never printed in full; --rate paces
# a run; ccs serve --rate-limit answers 429; 429s and resets are retried.
# usage: safety_test.sh HOSTILE_SERVER   (env CCS_BIN)
set -euo pipefail
: "${CCS_BIN:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/serve_helpers.sh"
HOSTILE=${1:?usage: safety_test.sh HOSTILE_SERVER}
LIVE=sk_live_safetyKeyAbcdef0123456789
RLIVE=rk_live_safetyKeyAbcdef0123456789
tmp=$(mktemp -d)
cleanup() { stop_server; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# a command that stops the test under set -e says which it was
trap 'echo "safety_test: line $LINENO: \"$BASH_COMMAND\" exited $?" >&2' ERR

# ccsrun NAME ARGS... -> $RC, $tmp/NAME.out, $tmp/NAME.err
ccsrun() {
  local name=$1
  shift
  RC=0
  "$CCS_BIN" run "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || RC=$?
}
# refused NAME: exit 2, a message naming --allow-live, the key redacted
refused() {
  [ "$RC" -eq 2 ] || { cat "$tmp/$1.err" >&2; fail "$1: exit $RC, want 2"; }
  grep -q -- '--allow-live' "$tmp/$1.err" || { cat "$tmp/$1.err" >&2; fail "$1: no --allow-live hint"; }
  grep -q 'live_…6789' "$tmp/$1.err" || { cat "$tmp/$1.err" >&2; fail "$1: key not shown redacted"; }
  ! grep -q 'safetyKey' "$tmp/$1.out" "$tmp/$1.err" || fail "$1: the key is printed in full"
}

# -- refused without --allow-live (no request is sent: the target is closed)
ccsrun key --target http://127.0.0.1:9 --api-key "$LIVE"
refused key
ccsrun rkey --target http://127.0.0.1:9 --api-key "$RLIVE"
refused rkey
ccsrun named --target a=http://127.0.0.1:9 --api-key "a=$LIVE"
refused named
ccsrun alt --target http://127.0.0.1:9 --api-key sk_test_safetyTest0123456789 --alt-api-key "$LIVE"
refused alt
RC=0
CCS_API_KEY=$LIVE "$CCS_BIN" run --target http://127.0.0.1:9 >"$tmp/env.out" 2>"$tmp/env.err" || RC=$?
refused env
grep -q CCS_API_KEY "$tmp/env.err" || fail "env: the message does not name CCS_API_KEY"
# The embedded server too: the key is refused before anything starts.
ccsrun embedded --api-key "$LIVE" --filter 'create.locale'
refused embedded

# -- accepted with --allow-live (a server that takes any key stands in for live mode)
start_server --fault auth-accept-any
ccsrun allowed --target "$SERVER_URL" --api-key "$LIVE" --allow-live --filter 'create.urls.*,create.locale' \
  --report-dir "$tmp/allowed"
[ "$RC" -eq 0 ] || { cat "$tmp/allowed.err" >&2; fail "allowed: exit $RC, want 0"; }
grep -q '3 cases: 3 pass' "$tmp/allowed.err" || { cat "$tmp/allowed.err" >&2; fail "allowed: cases did not run"; }
! grep -rq 'safetyKey' "$tmp/allowed" "$tmp/allowed.out" "$tmp/allowed.err" || fail "allowed: the key is in a report"
# a test key needs no flag
ccsrun testkey --target "$SERVER_URL" --api-key sk_test_safetyTest0123456789 --filter 'create.locale' \
  --report-dir "$tmp/testkey"
[ "$RC" -eq 0 ] || { cat "$tmp/testkey.err" >&2; fail "testkey: exit $RC, want 0"; }

# -- a second account only when given: without --alt-api-key the cases that
# need one are SKIP (a made-up key is no account on a real target); with it
# they run, and a server that ignores accounts fails them
ISOF='auth.isolation.*,idempotency.scope.*'
ccsrun noalt --target "$SERVER_URL" --api-key sk_test_safetyTest0123456789 --profile full --filter "$ISOF" \
  --report-dir "$tmp/noalt"
[ "$RC" -eq 0 ] || { cat "$tmp/noalt.err" >&2; fail "noalt: exit $RC, want 0"; }
grep -q '8 cases: 0 pass, 0 fail, 0 error, 8 skip' "$tmp/noalt.err" || { cat "$tmp/noalt.err" >&2; fail "noalt: not all SKIP"; }
grep -q 'use --alt-api-key' "$tmp/noalt/results.json" || fail "noalt: the SKIP does not say how to enable them"
stop_server
start_server --fault auth-no-isolation
ccsrun withalt --target "$SERVER_URL" --api-key sk_test_safetyTest0123456789 --alt-api-key sk_test_safetyOther012345678 \
  --profile full --filter "$ISOF" --report-dir "$tmp/withalt"
grep -Eq '8 cases: [0-9]+ pass, [1-9][0-9]* fail, 0 error, 0 skip' "$tmp/withalt.err" ||
  { cat "$tmp/withalt.err" >&2; fail "withalt: a server without accounts passed the isolation cases"; }
stop_server
start_server
ccsrun withalt2 --target "$SERVER_URL" --api-key sk_test_safetyTest0123456789 \
  --alt-api-key sk_test_safetyOther012345678 --profile full --filter "$ISOF" --report-dir "$tmp/withalt2"
grep -q '8 cases: 8 pass' "$tmp/withalt2.err" || { cat "$tmp/withalt2.err" >&2; fail "withalt2: want 8 pass"; }
RC=0
CCS_ALT_API_KEY=sk_test_safetyOther012345678 "$CCS_BIN" run --target "$SERVER_URL" --api-key sk_test_safetyTest0123456789 \
  --profile full --filter "$ISOF" --report-dir "$tmp/envalt" >/dev/null 2>"$tmp/envalt.err" || RC=$?
grep -q '8 cases: 8 pass' "$tmp/envalt.err" || { cat "$tmp/envalt.err" >&2; fail "envalt: CCS_ALT_API_KEY not used"; }

# -- --cleanup: every session the run created and left open is expired ----
# open_left KEY -> how many sessions of KEY's account are open
# (curl and grep: it runs in a polling loop, where a python3 start per call
# costs up to a second on some machines)
open_left() {
  local page n
  page=$(curl -s -u "$1:" "$SERVER_URL/v1/checkout/sessions?status=open&limit=100")
  n=$(grep -o '"object":"checkout.session"' <<<"$page" | wc -l)
  grep -q '"has_more":true' <<<"$page" && n=$((n + 1000))
  echo "$n"
}
CLEANF='create.*,retrieve.*,expire.*,list.*,auth.isolation.*'
K1=sk_test_safetyKeep0123456789
ccsrun keep --target "$SERVER_URL" --api-key "$K1" --alt-api-key "${K1}_b" --profile full --filter "$CLEANF" \
  --report-dir "$tmp/keep"
[ "$(open_left "$K1")" -gt 0 ] || fail "keep: without --cleanup the run left no open session (nothing to clean?)"
! grep -q '^cleanup:' "$tmp/keep.err" || fail "keep: cleanup ran without --cleanup"
K2=sk_test_safetyClean0123456789
ccsrun clean --target "$SERVER_URL" --api-key "$K2" --alt-api-key "${K2}_b" --profile full --filter "$CLEANF" \
  --cleanup --report-dir "$tmp/clean"
[ "$RC" -eq 0 ] || { cat "$tmp/clean.err" >&2; fail "clean: exit $RC, want 0"; }
[ "$(open_left "$K2")" -eq 0 ] || fail "clean: $(open_left "$K2") sessions left open"
[ "$(open_left "${K2}_b")" -eq 0 ] || fail "clean: the second account's sessions were left open"
python3 - "$tmp/clean/results.json" "$tmp/clean.err" <<'PY' || fail "clean: see above"
import json, re, sys
c = json.load(open(sys.argv[1]))["cleanup"]
assert c["expired"] > 0 and c["failed"] == 0, c
assert c["created"] == c["expired"] + c["no_longer_open"] + c["failed"], c
line = [l for l in open(sys.argv[2]) if l.startswith("cleanup:")]
assert line and f'expired {c["expired"]} of the {c["created"]}' in line[0], line
PY
# Ctrl-C: cases not started are SKIP, the cleanup still runs, exit 130
K3=sk_test_safetyInterrupt012345
RC=0
"$CCS_BIN" run --target "$SERVER_URL" --api-key "$K3" --profile full --filter 'metadata.*,retrieve.*' --rate 5 \
  --cleanup --report-dir "$tmp/int" >"$tmp/int.out" 2>"$tmp/int.err" &
run_pid=$!
# interrupt once the run has made a session (nearly every case of the filter
# makes one first; the whole run needs about 25 s at 5/s)
for _ in $(seq 1 200); do [ "$(open_left "$K3")" -gt 0 ] && break; sleep 0.05; done
[ "$(open_left "$K3")" -gt 0 ] || fail "interrupt: the run made no session in 10 s"
kill -INT "$run_pid"
wait "$run_pid" || RC=$?
[ "$RC" -eq 130 ] || { cat "$tmp/int.err" >&2; fail "interrupt: exit $RC, want 130"; }
[ "$(open_left "$K3")" -eq 0 ] || fail "interrupt: $(open_left "$K3") sessions left open after Ctrl-C"
python3 - "$tmp/int/results.json" <<'PY' || fail "interrupt: see above"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["interrupted"] is True, r.get("interrupted")
skipped = [c for c in r["cases"] if c["verdict"] == "SKIP" and "interrupted" in (c["message"] or "")]
assert skipped, "no case was left out by the interrupt"
assert r["cleanup"]["expired"] > 0, r["cleanup"]
PY

# -- --rate: requests leave at most N per second across all jobs ----------
stop_server
out=$tmp/serve.port
"$CCS_BIN" serve --host 127.0.0.1 --port 0 >"$out" 2>"$tmp/serve.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do [ -s "$out" ] && break; sleep 0.1; done
port=$(head -n1 "$out")
[ -n "$port" ] || fail "rate: the server did not report its port"
RATEF='create.urls.*,create.locale,create.customer_email,create.client_reference_id*,retrieve.*'
t0=$(date +%s%N)
ccsrun rate --target "http://127.0.0.1:$port" --api-key sk_test_safetyTest0123456789 --rate 50 --jobs 4 \
  --filter "$RATEF" --report-dir "$tmp/rate"
t1=$(date +%s%N)
[ "$RC" -eq 0 ] || { cat "$tmp/rate.err" >&2; fail "rate: exit $RC, want 0"; }
stop_server
# The server logs one line per request; only the lower bound is asserted
# (a loaded machine may be slower, never faster).
n=$(grep -Ec '^(GET|POST|DELETE) /' "$tmp/serve.log")
[ "$n" -ge 10 ] || fail "rate: only $n requests logged"
ms=$(( (t1 - t0) / 1000000 ))
min=$(( (n - 1) * 1000 / 50 ))
[ "$ms" -ge "$min" ] || fail "rate: $n requests took $ms ms, at 50/s they need at least $min ms"
ccsrun badrate --target "http://127.0.0.1:9" --api-key sk_test_safetyTest0123456789 --rate -1
[ "$RC" -eq 2 ] || fail "badrate: exit $RC, want 2"
grep -q -- '--rate' "$tmp/badrate.err" || fail "badrate: no message"

# -- ccs serve --rate-limit: per account bucket, 429 in Stripe's words ----
start_server --rate-limit 3
U="$SERVER_URL/v1/checkout/sessions?limit=1"
K=sk_test_safetyLimit0123456789
# one curl, ten requests back to back: a bucket of 3 refills 3/s, so most
# of them are over the limit whatever the machine's speed
burst=()
for _ in $(seq 1 10); do burst+=(-o /dev/null "$U"); done
curl -s -u "$K:" -w '%{http_code}\n' "${burst[@]}" >"$tmp/burst.codes"
[ "$(head -n1 "$tmp/burst.codes")" = 200 ] || fail "rate-limit: the first request of a burst: $(head -n1 "$tmp/burst.codes")"
grep -q '^429$' "$tmp/burst.codes" || fail "rate-limit: a burst of 10 over a limit of 3 got no 429"
code=$(curl -s -u "$K:" -D "$tmp/429.headers" -o "$tmp/429.json" -w '%{http_code}' "$U")
[ "$code" = 429 ] || fail "rate-limit: request right after the burst: $code, want 429"
python3 - "$tmp/429.json" <<'PY' || fail "rate-limit: the 429 body is not Stripe's rate-limit error"
import json, sys
e = json.load(open(sys.argv[1]))["error"]
assert e["type"] == "invalid_request_error", e
assert e["code"] == "rate_limit", e
assert e["doc_url"] == "https://stripe.com/docs/error-codes/rate-limit", e
assert e["message"].startswith("Request rate limit exceeded."), e
PY
grep -qi '^request-id: req_' "$tmp/429.headers" || fail "rate-limit: the 429 lacks Request-Id"
# another account has its own bucket
code=$(curl -s -u "${K}other:" -o /dev/null -w '%{http_code}' "$U")
[ "$code" = 200 ] || fail "rate-limit: another account was limited too ($code)"
# the bucket refills: after a second the account is served again
sleep 1.2
code=$(curl -s -u "$K:" -o /dev/null -w '%{http_code}' "$U")
[ "$code" = 200 ] || fail "rate-limit: still $code after waiting"
stop_server
RC=0
"$CCS_BIN" serve --rate-limit -1 >/dev/null 2>"$tmp/badlimit.err" || RC=$?
[ "$RC" -eq 2 ] || fail "--rate-limit -1: exit $RC, want 2"

# -- retries: against a rate-limited server the verdicts are those of a ---
# plain one; 429s are retried, a retried POST keeps its Idempotency-Key
RETRYF='idempotency.*,retrieve.*,update.*,expire.*'
K=sk_test_safetyRetry0123456789
# serve_logged NAME ARGS...: a logging server -> $SERVER_PID, $SERVER_URL, $tmp/NAME.log
serve_logged() {
  local name=$1
  shift
  "$CCS_BIN" serve --host 127.0.0.1 --port 0 "$@" >"$tmp/$name.port" 2>"$tmp/$name.log" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do [ -s "$tmp/$name.port" ] && break; sleep 0.1; done
  [ -s "$tmp/$name.port" ] || fail "$name: the server did not report its port"
  SERVER_URL="http://127.0.0.1:$(head -n1 "$tmp/$name.port")"
}
serve_logged plain
ccsrun plain --target "$SERVER_URL" --api-key "$K" --profile full --rate 0 --jobs 4 --filter "$RETRYF" \
  --report-dir "$tmp/plain"
[ "$RC" -eq 0 ] || { cat "$tmp/plain.err" >&2; fail "plain: exit $RC, want 0"; }
stop_server
# limited NAME SERVE_ARGS... [-- RUN_ARGS...]: the retry run against a server
# that refuses some requests 429, judged against the plain run. With one job
# and a seed the random refusals fall on the same requests every time.
limited() {
  local name=$1 serve=() run=()
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do serve+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  run=("$@")
  serve_logged "$name" "${serve[@]}"
  ccsrun "$name" --target "$SERVER_URL" --api-key "$K" --profile full --rate 0 --jobs 4 --filter "$RETRYF" \
    --report-dir "$tmp/$name" "${run[@]}"
  stop_server
  [ "$RC" -eq 0 ] || { cat "$tmp/$name.err" >&2; fail "$name: exit $RC, want 0"; }
  python3 - "$tmp" "$name" <<'PY' || fail "retries ($name): see above"
import json, re, sys
tmp, name = sys.argv[1], sys.argv[2]
def cases(name):
    return {c["id"]: c for c in json.load(open(f"{tmp}/{name}/results.json"))["cases"]}
plain, limited = cases("plain"), cases(name)
assert plain.keys() == limited.keys(), "different cases"
diff = [i for i in plain if plain[i]["verdict"] != limited[i]["verdict"]]
assert not diff, f"verdicts differ: {diff}"
assert all(c.get("retries", 0) == 0 for c in plain.values()), "retries against the plain server"
retried = [c for c in limited.values() if c["retries"] > 0]
assert retried, f"no retries recorded against {name}"
for c in retried:
    if c["verdict"] == "PASS":
        assert "sent again" in (c["message"] or ""), f'{c["id"]}: retries not in the note'
# server logs: "POST /path STATUS 0.12ms req_... idempotency-key=KEY"
line = re.compile(r"^POST (\S+) (\d+) \S+ \S+(?: idempotency-key=(\S+))?$")
def posts(name):
    return [m.groups() for m in map(line.match, open(f"{tmp}/{name}.log")) if m]
p, l = posts("plain"), posts(name)
assert any(s == "429" for _, s, _ in l), "the limited server answered no 429"
# one key per POST the cases make: a retry that took a new key would add one
keys = lambda ps: {k for _, _, k in ps if k}
assert len(keys(l)) == len(keys(p)), f"{len(keys(l))} keys against {len(keys(p))}: a retry changed its key"
for k in {k for _, s, k in l if s == "429" and k}:
    assert any(kk == k and s != "429" for _, s, kk in l), f"key {k}: refused, never retried"
# as many sessions created (200 on create, replays included) as without limits
creates = lambda ps: sum(1 for path, s, _ in ps if path == "/v1/checkout/sessions" and s == "200")
assert creates(l) == creates(p), f"{creates(l)} creates answered 200, {creates(p)} without the limit"
n429 = sum(1 for _, s, _ in l if s == "429")
print(f"retries ({name}): {len(retried)} cases retried, {sum(c['retries'] for c in retried)} requests, "
      f"{n429} of {len(l)} POSTs answered 429")
PY
}
limited limited --rate-limit 5
# a third of all requests refused at random, as under lock contention
limited random --random-429 0.33 --seed 11 -- --jobs 1

# -- retries against tests/hostile_server.c -------------------------------
# hostile MODE -> $RC, $tmp/h_MODE/results.json, $MS (the run's wall time)
hostile() {
  local out=$tmp/h_$1.port t0 t1
  "$HOSTILE" "$1" >"$out" 2>/dev/null &
  SERVER_PID=$!
  for _ in $(seq 1 100); do [ -s "$out" ] && break; sleep 0.05; done
  [ -s "$out" ] || fail "hostile_server $1 did not report a port"
  t0=$(date +%s%N)
  ccsrun "h_$1" --target "http://127.0.0.1:$(head -n1 "$out")" --api-key sk_test_safetyTest0123456789 \
    --jobs 1 --filter retrieve.basic --report-dir "$tmp/h_$1"
  t1=$(date +%s%N)
  MS=$(( (t1 - t0) / 1000000 ))
  stop_server
}
# case_field MODE FIELD -> that field of the run's one case record
case_field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['cases'][0][sys.argv[2]])" \
  "$tmp/h_$1/results.json" "$2"; }
# every connection reset: 5 tries, then ERROR naming the reset
hostile reset
[ "$(case_field reset verdict)" = ERROR ] || fail "reset: $(case_field reset verdict), want ERROR"
[ "$(case_field reset retries)" = 4 ] || fail "reset: $(case_field reset retries) retries, want 4"
case_field reset message | grep -q 'reset by peer.*4 requests sent again' || fail "reset: $(case_field reset message)"
# every other request 429 with Retry-After: 1: both requests of the case
# are sent again, each after the second the target asked for
hostile retry-after
[ "$(case_field retry-after retries)" = 2 ] || fail "retry-after: $(case_field retry-after retries) retries, want 2"
[ "$MS" -ge 2000 ] || fail "retry-after: the run took $MS ms, Retry-After: 1 twice needs 2000"
# 429 with Stripe-Should-Retry: false: not sent again
hostile no-retry
[ "$(case_field no-retry retries)" = 0 ] || fail "no-retry: $(case_field no-retry retries) retries, want 0"
[ "$(case_field no-retry verdict)" = FAIL ] || fail "no-retry: $(case_field no-retry verdict), want FAIL"
echo "safety: ok"
