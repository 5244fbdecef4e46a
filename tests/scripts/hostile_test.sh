#!/usr/bin/env bash
# `ccs run` against tests/hostile_server.c in every mode: the run must end
# (no hang), exit 1, judge every selected case (FAIL/ERROR with a reason),
# write complete reports, keep memory bounded against a 1 GiB body, and
# never write or print the API key.
# usage: hostile_test.sh HOSTILE_SERVER PEAK_RSS   (env CCS_BIN)
set -euo pipefail
HOSTILE=$1
PEAK_RSS=$2
: "${CCS_BIN:?}"
KEY=sk_test_hostileKey0123456789abcdefXYZ9
RSS_LIMIT_KB=$((200 * 1024))
# About 20 cases across areas: steps, builtins, auth, errors, pagination.
FILTER=engine.request_id.every_response,amounts.basic.single_qty1,amounts.generated.seed_1,\
auth.isolation.retrieve,create.constraint.customer_creation.subscription,enums.billing_address_collection.auto,\
errors.envelope.validation,expand.default_absent.create,expires_at.explicit.echo,headers.content_type.create,\
idempotency.mismatch.params,ids.session.prefix.payment,line_items.basic,metadata.create.set,\
nullability.mode.payment.setup_intent_null,pagination.line_items.limit_bounds,pagination.line_items.walk,\
responses.create.payment.contract,retrieve.basic,update.empty_body

tmp=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

start_hostile() {  # MODE [args] -> SERVER_PID, URL
  local out=$tmp/port.out i port=""
  # the previous server's port must not be read while this one starts
  rm -f "$out"
  "$HOSTILE" "$@" >"$out" 2>/dev/null &
  SERVER_PID=$!
  for i in $(seq 1 100); do
    port=$(head -n1 "$out" 2>/dev/null || true)
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || fail "hostile_server $1 did not report a port"
  URL="http://127.0.0.1:$port"
}
stop_hostile() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

expected=$(cd "$tmp" && "$CCS_BIN" run --list --filter "$FILTER" | sort)
nsel=$(printf '%s\n' "$expected" | wc -l)
[ "$nsel" -ge 18 ] || fail "the filter selects only $nsel cases (case ids renamed?)"

# A 100 MB run of zeros, gzip'd to ~100 KB, served with Content-Encoding: gzip.
head -c 100M /dev/zero | gzip -c >"$tmp/bomb.gz"

# check_reports DIR MODE: every report exists, every selected case is judged.
check_reports() {
  local d=$1 mode=$2 f
  for f in results.json junit.xml summary.md report.html; do
    [ -s "$d/$f" ] || fail "$mode: $f missing"
  done
  # One node start per run: checks, then the messages per verdict to
  # DIR.FAIL / DIR.ERROR / DIR.PASS for the mode-specific greps below.
  node -e '
    const fs = require("fs");
    const d = process.argv[1];
    const r = JSON.parse(fs.readFileSync(d + "/results.json", "utf8"));
    const ids = r.cases.map(c => c.id).sort();
    const want = process.argv[2].split("\n").filter(Boolean).sort();
    if (JSON.stringify(ids) !== JSON.stringify(want))
      throw new Error("results.json ids differ from the selection: " + ids.join(",") + " vs " + want.join(","));
    const bad = r.cases.filter(c => (c.verdict === "FAIL" || c.verdict === "ERROR") && !c.message);
    if (bad.length) throw new Error("FAIL/ERROR without a reason: " + bad.map(c => c.id));
    const judged = r.cases.filter(c => c.verdict === "FAIL" || c.verdict === "ERROR").length;
    if (judged === 0) throw new Error("no case failed against a hostile server");
    for (const v of ["PASS", "FAIL", "ERROR"])
      fs.writeFileSync(d + "." + v, r.cases.filter(c => c.verdict === v).map(c => c.id + ": " + c.message + "\n").join(""));
  ' "$d" "$expected" || fail "$mode: results.json"
  [ "$(grep -c '<testcase ' "$d/junit.xml")" -eq "$nsel" ] || fail "$mode: junit.xml does not list every case"
  # Reports are valid UTF-8 whatever the server sent.
  for f in results.json junit.xml summary.md report.html; do
    iconv -f UTF-8 -t UTF-8 "$d/$f" >/dev/null || fail "$mode: $f is not valid UTF-8"
  done
}

# messages DIR VERDICT -> the messages of cases with that verdict, one a line
messages() { cat "$1.$2"; }

# run_mode MODE [BREAKER] [server args]
run_mode() {
  local mode=$1 d=$tmp/$1 rc=0 extra=()
  shift
  start_hostile "$mode" "$@"
  # `timeout` only catches a hang; nothing here depends on speed. Under
  # ASan freed blocks wait in a quarantine (256 MB by default) that would
  # be counted as the runner's memory: keep it small so RSS means the same
  # in both builds (ignored without ASan).
  ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=16" timeout 300 "$PEAK_RSS" "$CCS_BIN" run --target "$URL" --api-key "$KEY" --timeout 1000 --jobs 4 \
    --filter "$FILTER" --report-dir "$d" --annotate github >"$tmp/$mode.stdout" 2>"$tmp/$mode.stderr" || rc=$?
  stop_hostile
  [ "$rc" -ne 124 ] || fail "$mode: ccs run hung"
  [ "$rc" -eq 1 ] || { cat "$tmp/$mode.stderr" >&2; fail "$mode: exit $rc, want 1"; }
  check_reports "$d" "$mode"
  RSS=$(sed -n 's/^peak_rss_kb //p' "$tmp/$mode.stderr")
  [ -n "$RSS" ] || fail "$mode: no peak RSS"
  [ "$RSS" -lt "$RSS_LIMIT_KB" ] || fail "$mode: peak RSS ${RSS} kB >= ${RSS_LIMIT_KB} kB"
  grep -q '^::error title=' "$tmp/$mode.stdout" || fail "$mode: no GitHub annotation"
  echo "$mode: ok (peak RSS ${RSS} kB)"
}

run_mode silent
grep -q 'timed out' "$tmp/silent.ERROR" || fail "silent: no timeout reason"
# The breaker (default 3) ends the rest quickly with a clear reason.
grep -q 'target stopped answering' "$tmp/silent.ERROR" || fail "silent: breaker did not trip"
[ "$(messages "$tmp/silent" PASS | wc -l)" -eq 0 ] || fail "silent: a case passed"
run_mode trickle
grep -q 'timed out' "$tmp/trickle.ERROR" || fail "trickle: no timeout reason"
run_mode huge
grep -qi 'limit\|exceed\|too large' "$tmp/huge.ERROR" || fail "huge: no size-cap reason"
HUGE_RSS=$RSS
run_mode close-mid
[ "$(messages "$tmp/close-mid" ERROR | wc -l)" -gt 0 ] || fail "close-mid: no ERROR"
run_mode malformed-json
grep -q 'not JSON' "$tmp/malformed-json.FAIL" || fail "malformed-json: no 'not JSON' reason"
run_mode truncated-json
grep -q 'not JSON' "$tmp/truncated-json.FAIL" || fail "truncated-json: no 'not JSON' reason"
run_mode invalid-utf8
run_mode deep-json
grep -q 'not JSON' "$tmp/deep-json.FAIL" || fail "deep-json: 100000 levels must be 'not JSON'"
run_mode wrong-content-type
run_mode redirect
grep -q '302' "$tmp/redirect.FAIL" || fail "redirect: the 302 is not named"
run_mode gzip-bomb --gzip-file "$tmp/bomb.gz"
grep -q 'not JSON' "$tmp/gzip-bomb.FAIL" || fail "gzip-bomb: compressed body must stay 'not JSON'"
run_mode dup-keys
run_mode http10

# Without the breaker every case waits for its own timeout, still bounded.
start_hostile silent
rc=0
timeout 300 "$CCS_BIN" run --target "$URL" --api-key "$KEY" --timeout 500 --jobs 4 --max-consecutive-timeouts 0 \
  --filter 'retrieve.basic,update.empty_body,line_items.basic,metadata.create.set,ids.session.prefix.payment' \
  --report-dir "$tmp/nobreaker" >"$tmp/nobreaker.stdout" 2>"$tmp/nobreaker.stderr" || rc=$?
stop_hostile
[ "$rc" -eq 1 ] || fail "no breaker: exit $rc"
[ "$(grep -c '"message":.*timed out' "$tmp/nobreaker/results.json")" -eq 5 ] || fail "no breaker: every case must time out"
! grep -q 'stopped answering' "$tmp/nobreaker/results.json" || fail "no breaker: breaker tripped although off"

# Nothing anywhere carries the key in full.
if grep -rlF -- "$KEY" "$tmp" --exclude=bomb.gz; then fail "the API key leaked into the files above"; fi
echo "hostile: all modes ok (peak RSS against the 1 GiB body: ${HUGE_RSS} kB)"
