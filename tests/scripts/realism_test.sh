#!/usr/bin/env bash
# `ccs serve`'s sandbox realism switches (issue 11) do what `ccs serve --help`
# says: --latency holds every answer back without serialising requests,
# --prefill fills each account with valid old sessions in every state and
# mode, --background-writes adds sessions over time to the accounts used,
# --random-429 refuses a seeded share of requests; bad values exit 2.
# usage: realism_test.sh   (env CCS_BIN, CCS_GOLDEN_DIR)
set -euo pipefail
: "${CCS_BIN:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/serve_helpers.sh"
tmp=$(mktemp -d)
cleanup() { stop_server; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
VERSION=2026-07-29.dahlia   # the server's own: what requests without Stripe-Version get
KA=sk_test_realismAccountA01
KB=sk_test_realismAccountB02
KC=sk_test_realismAccountC03

# stop_clean NAME: SIGTERM; the server must exit 0 within 5 s (under ASan a
# leak, e.g. of the writer thread, makes the exit status non-zero)
stop_clean() {
  local rc=0 i
  kill "$SERVER_PID"
  for i in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$SERVER_PID" 2>/dev/null && fail "$1: the server did not stop within 5 s of SIGTERM"
  wait "$SERVER_PID" || rc=$?
  SERVER_PID=""
  [ "$rc" -eq 0 ] || fail "$1: the server exited $rc on SIGTERM"
}

# Walks a key's whole list, limit=100, by starting_after; each page is kept
# as a file for `ccs check`. python3 walk.py URL KEY PAGEDIR -> JSON array
cat >"$tmp/walk.py" <<'PY'
import base64, json, os, sys, urllib.request
def get(url, key):
    req = urllib.request.Request(url)
    req.add_header("Authorization", "Basic " + base64.b64encode((key + ":").encode()).decode())
    with urllib.request.urlopen(req) as r:
        return json.load(r)
def walk(base, key, pagedir=None):
    out, after, page = [], None, 0
    while True:
        url = base + "/v1/checkout/sessions?limit=100" + (f"&starting_after={after}" if after else "")
        body = get(url, key)
        assert body["object"] == "list" and len(body["data"]) <= 100, body
        if pagedir:
            os.makedirs(pagedir, exist_ok=True)
            with open(f"{pagedir}/page{page:03d}.json", "w") as f:
                f.write(json.dumps(body))
        out += body["data"]
        page += 1
        if not body["has_more"]:
            return out
        assert body["data"], "has_more with an empty page"
        after = body["data"][-1]["id"]
if __name__ == "__main__":
    # one write: json.dump writes each token, thousands of writes to a pipe
    sys.stdout.write(json.dumps(walk(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)))
PY
walk() { python3 "$tmp/walk.py" "$@"; }
# count URL KEY: the sessions of an account that holds fewer than 100 (one
# page; curl and grep, no interpreter to start)
count() {
  local page
  page=$(curl -s -u "$2:" "$1/v1/checkout/sessions?limit=100")
  grep -q '"has_more":false' <<<"$page" || fail "count: more than a page of sessions, or no list: ${page:0:200}"
  { grep -o '"object":"checkout.session"' <<<"$page" || true; } | wc -l
}

# -- help and bad values --------------------------------------------------
"$CCS_BIN" serve --help >"$tmp/help.txt"
for opt in --latency --prefill --background-writes --random-429 --seed; do
  grep -q -- "  $opt " "$tmp/help.txt" || fail "help: $opt is not documented"
done
bad() {
  local rc=0
  "$CCS_BIN" serve --port 0 "$@" >"$tmp/bad.out" 2>"$tmp/bad.err" || rc=$?
  [ "$rc" -eq 2 ] || fail "ccs serve $*: exit $rc, want 2"
  grep -q -- "$1" "$tmp/bad.err" || fail "ccs serve $*: the message does not name $1: $(cat "$tmp/bad.err")"
  [ ! -s "$tmp/bad.out" ] || fail "ccs serve $*: started (printed a port)"
}
bad --latency -1; bad --latency x; bad --latency 100:200; bad --latency 100:; bad --latency 60001
bad --prefill -1; bad --prefill 1.5; bad --prefill 2000000
bad --background-writes -1; bad --background-writes abc; bad --background-writes 1001
bad --random-429 -0.1; bad --random-429 1.01; bad --random-429 nan
bad --seed 0; bad --seed -5; bad --seed 99999999999999999999

# -- --latency: each answer >= L, answers in flight wait side by side ------
# lat_batch N URL -> one line per request: seconds from start to answer
lat_batch() {
  local n=$1 url=$2 args=() i
  for i in $(seq 1 "$n"); do args+=(-o /dev/null "$url?limit=1&n=$i"); done
  curl -s --no-progress-meter -u "$KA:" --parallel --parallel-immediate --parallel-max "$n" -w '%{time_total}\n' "${args[@]}"
}
L=300
start_server --latency $L
t0=$(date +%s%N)
curl -s -u "$KA:" -o /dev/null -w '%{time_total}\n' "$SERVER_URL/v1/checkout/sessions?limit=1" >"$tmp/one.t"
t1=$(date +%s%N)
lat_batch 16 "$SERVER_URL/v1/checkout/sessions" >"$tmp/batch.t"
t2=$(date +%s%N)
stop_clean latency
python3 - "$tmp/one.t" "$tmp/batch.t" $(( (t1 - t0) / 1000000 )) $(( (t2 - t1) / 1000000 )) $L <<'PY' \
  || fail "latency: see above"
import sys
one = float(open(sys.argv[1]).read()) * 1000
batch = [float(x) * 1000 for x in open(sys.argv[2]).read().split()]
t_one, t_batch, L = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
assert one >= L, f"one request answered in {one:.0f} ms, under the latency {L}"
assert len(batch) == 16, f"{len(batch)} answers to 16 requests"
assert min(batch) >= L, f"a request answered in {min(batch):.0f} ms, under the latency {L}"
# in turn on a pool of 2 threads they would take 8 L; side by side about 1 L
assert t_batch < 4 * L, f"16 requests in flight took {t_batch} ms: the latency serialises them (4 L = {4*L})"
print(f"latency: one {one:.0f} ms, 16 at once {t_batch} ms (L {L})")
PY
# with JITTER: delays spread over [L - J, L + J]; the seed fixes the draws
start_server --latency $L:150 --seed 3
lat_batch 16 "$SERVER_URL/v1/checkout/sessions" >"$tmp/jitter.t"
stop_clean jitter
python3 - "$tmp/jitter.t" $L 150 <<'PY' || fail "jitter: see above"
import sys
t = [float(x) * 1000 for x in open(sys.argv[1]).read().split()]
L, J = int(sys.argv[2]), int(sys.argv[3])
assert len(t) == 16, t
assert min(t) >= L - J, f"{min(t):.0f} ms is under L - J = {L - J}"
assert min(t) < L, f"no answer under L ({min(t):.0f} ms): the jitter is not applied"
assert max(t) - min(t) >= J / 3, f"answers within {max(t) - min(t):.0f} ms of each other: no jitter"
print(f"jitter: {min(t):.0f}..{max(t):.0f} ms")
PY
# without --latency answers are immediate
start_server
curl -s -u "$KA:" -o /dev/null -w '%{time_total}\n' "$SERVER_URL/v1/checkout/sessions?limit=1" >"$tmp/plain.t"
stop_clean plain
python3 -c "import sys; t=float(open(sys.argv[1]).read())*1000; assert t < $L, t" "$tmp/plain.t" \
  || fail "plain: a server without --latency took $(cat "$tmp/plain.t") s"

# -- --prefill: N old sessions per account, every state and mode, valid ----
N=1000   # 20 pages per walk would add seconds under the sanitizers; README has 2,000's cost
start_server --prefill $N
before=$(date +%s)
# A's first request is a create, as a run's is: the account is filled in that
# request, and the new session is newer than every prefilled one, even when
# both fall in one second
curl -s -u "$KA:" -o "$tmp/new.json" -w '%{time_total}\n' "$SERVER_URL/v1/checkout/sessions" -d mode=setup \
  -d currency=usd -d success_url=https://example.com/s >"$tmp/fill.t"
walk "$SERVER_URL" "$KA" "$tmp/pagesA" >"$tmp/A.json"
walk "$SERVER_URL" "$KB" "$tmp/pagesB" >"$tmp/B.json"
# the first requests of an account, at once: it is filled once, not twice
args=()
for i in $(seq 1 8); do args+=(-o /dev/null "$SERVER_URL/v1/checkout/sessions?limit=1&n=$i"); done
curl -s --no-progress-meter -u "$KC:" --parallel --parallel-immediate --parallel-max 8 "${args[@]}"
walk "$SERVER_URL" "$KC" >"$tmp/C.json"
python3 - "$tmp" $N "$before" "$(cat "$tmp/fill.t")" <<'PY' || fail "prefill: see above"
import collections, json, sys, time
tmp, N, before, fill = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
A, B, C = (json.load(open(f"{tmp}/{k}.json")) for k in "ABC")
new = json.load(open(f"{tmp}/new.json"))
now = int(time.time())
assert new["id"] in {s["id"] for s in A}, "the new session is not listed"
A = [s for s in A if s["id"] != new["id"]]
for name, acct in (("A", A), ("B", B), ("C", C)):
    assert len(acct) == N, f"account {name}: {len(acct)} sessions, want {N}"
    assert len({s["id"] for s in acct}) == N, f"account {name}: an id twice"
assert not {s["id"] for s in A} & {s["id"] for s in B}, "two accounts share sessions"
mix = collections.Counter((s["status"], s["mode"]) for s in A)
for st in ("open", "expired", "complete"):
    for mode in ("payment", "setup", "subscription"):
        assert mix[(st, mode)] >= N // 20, f"only {mix[(st, mode)]} {st} {mode} sessions: {mix}"
for s in A:
    assert s["created"] < new["created"], f'{s["id"]} created {s["created"]}, not before a new session ({new["created"]})'
    assert s["created"] <= now and s["created"] >= before - 90 * 86400 - 1, f'{s["id"]}: created {s["created"]}'
    assert s["metadata"].get("ccs_sandbox") == "prefill", s["metadata"]
    if s["status"] == "open":
        assert s["expires_at"] > now and s["url"], f'{s["id"]}: open but expires {s["expires_at"]}, url {s["url"]}'
        assert s["payment_status"] == ("no_payment_required" if s["mode"] == "setup" else "unpaid"), s["id"]
    else:
        assert s["url"] is None, f'{s["id"]}: {s["status"]} with a url'
    if s["status"] == "complete":
        want = "no_payment_required" if s["mode"] == "setup" else "paid"
        assert s["payment_status"] == want, f'{s["id"]}: complete {s["mode"]}, payment_status {s["payment_status"]}'
        ref = {"payment": "payment_intent", "setup": "setup_intent", "subscription": "subscription"}[s["mode"]]
        assert s[ref], f'{s["id"]}: complete {s["mode"]} without {ref}'
# a sample of every state and mode, retrieved one by one for `ccs check`
sample = {}
for s in A:
    sample.setdefault((s["status"], s["mode"]), s["id"])
open(f"{tmp}/sample.ids", "w").write("\n".join(sample.values()) + "\n")
print(f"prefill: {N} sessions per account, first request {fill * 1000:.0f} ms; {dict(mix)}")
PY
# each prefilled session, in its list page and retrieved alone, is a session of the contract
"$CCS_BIN" check --api-version "$VERSION" --strict "$tmp"/pagesA/*.json "$tmp"/pagesB/*.json >"$tmp/check.out" \
  || { tail "$tmp/check.out" >&2; fail "prefill: listed sessions break the contract"; }
i=0
while read -r id; do
  i=$((i + 1))
  curl -s -u "$KA:" -o "$tmp/one$i.json" "$SERVER_URL/v1/checkout/sessions/$id?expand[]=line_items"
done <"$tmp/sample.ids"
[ "$i" -eq 9 ] || fail "prefill: $i state/mode pairs, want 9"
"$CCS_BIN" check --api-version "$VERSION" --strict --contract checkout.session "$tmp"/one?.json >"$tmp/check1.out" \
  || { cat "$tmp/check1.out" >&2; fail "prefill: retrieved sessions break the contract"; }
stop_clean prefill

# -- --background-writes: sessions appear over time in used accounts only -
R=10
start_server --background-writes $R
t0=$(date +%s)
[ "$(count "$SERVER_URL" "$KA")" -le 1 ] || fail "background: account A held sessions before its first request"
sleep 1
a1=$(count "$SERVER_URL" "$KA"); ta1=$(date +%s%N)
# B is seen for the first time now: it has nothing yet (at most a batch
# that raced its first list), while A, used since t0, grew
b1=$(count "$SERVER_URL" "$KB")
sleep 1
a2=$(count "$SERVER_URL" "$KA"); ta2=$(date +%s%N)
b2=$(count "$SERVER_URL" "$KB")
walk "$SERVER_URL" "$KA" >"$tmp/bgA.json"
stop_clean background
python3 - "$tmp/bgA.json" "$a1" "$a2" "$b1" "$b2" "$R" $(( (ta2 - ta1) / 1000000 )) "$t0" <<'PY' \
  || fail "background: see above"
import json, sys
A = json.load(open(sys.argv[1]))
a1, a2, b1, b2, R, ms, t0 = map(int, sys.argv[2:])
assert a1 >= 3, f"account A: {a1} sessions 1 s after its first request at {R}/s"
assert a2 > a1, f"account A did not grow: {a1} then {a2}"
assert b1 <= 1, f"account B had {b1} sessions on its first request"
assert b2 > b1, f"account B, used, did not grow: {b1} then {b2}"
# never faster than R per second (one batch of slack at each end)
assert a2 - a1 <= R * ms / 1000 + 2, f"{a2 - a1} sessions in {ms} ms: faster than {R}/s"
for s in A:
    assert s["metadata"].get("ccs_sandbox") == "background", s["metadata"]
    assert s["status"] == "open" and s["created"] >= t0, f'{s["id"]}: {s["status"]}, created {s["created"]}'
assert {s["mode"] for s in A} == {"payment", "setup", "subscription"}, {s["mode"] for s in A}
print(f"background: A {a1} -> {a2} in {ms} ms, B {b1} -> {b2}")
PY

# -- --random-429: a seeded share of requests, Stripe's rate-limit error ---
# codes SEED P -> one status per line, 300 requests on one connection
codes() {
  local args=() i
  start_server --random-429 "$2" --seed "$1"
  for i in $(seq 1 300); do args+=(-o /dev/null "$SERVER_URL/v1/checkout/sessions?limit=1"); done
  curl -s -u "$KA:" -w '%{http_code}\n' "${args[@]}"
  curl -s -u "$KA:" -o "$tmp/429.json" -w '%{http_code}\n' "$SERVER_URL/v1/checkout/sessions?limit=1" >"$tmp/429.code"
  stop_clean "random-429 $2"
}
codes 7 0.33 >"$tmp/s7a"
cp "$tmp/429.json" "$tmp/last.json"
codes 7 0.33 >"$tmp/s7b"
codes 8 0.33 >"$tmp/s8"
codes 7 0 >"$tmp/p0"
python3 - "$tmp" <<'PY' || fail "random-429: see above"
import json, math, sys
tmp = sys.argv[1]
read = lambda n: open(f"{tmp}/{n}").read().split()
a, b, other, off = read("s7a"), read("s7b"), read("s8"), read("p0")
assert set(a) <= {"200", "429"}, set(a)
k, n, p = a.count("429"), len(a), 0.33
sd = math.sqrt(n * p * (1 - p))
assert abs(k - n * p) <= 5 * sd, f"{k} of {n} answered 429, want {n * p:.0f} +- {5 * sd:.0f}"
assert a == b, "the same seed gave another sequence"
assert a != other, "another seed gave the same sequence"
assert off.count("429") == 0, "--random-429 0 answered 429"
print(f"random-429: {k} of {n} at p={p}")
PY
# every request answered 429 at P=1, in the --rate-limit envelope, and a
# refused create creates nothing
start_server --random-429 1
code=$(curl -s -u "$KA:" -o "$tmp/r1.json" -w '%{http_code}' "$SERVER_URL/v1/checkout/sessions" -d mode=setup \
  -d currency=usd -d success_url=https://example.com/s)
[ "$code" = 429 ] || fail "random-429 1: a create answered $code"
stop_clean "random-429 1"
python3 - "$tmp/r1.json" <<'PY' || fail "random-429: the body is not Stripe's rate-limit error"
import json, sys
e = json.load(open(sys.argv[1]))["error"]
assert e["type"] == "invalid_request_error" and e["code"] == "rate_limit", e
assert e["message"].startswith("Request rate limit exceeded."), e
PY
start_server --random-429 0.5 --seed 11
created=0
for i in $(seq 1 20); do
  code=$(curl -s -u "$KB:" -o /dev/null -w '%{http_code}' "$SERVER_URL/v1/checkout/sessions" -d mode=setup \
    -d currency=usd -d success_url=https://example.com/s)
  [ "$code" = 200 ] && created=$((created + 1))
done
stored=0
for _ in 1 2 3 4 5 6 7 8 9 10; do   # a list may be refused too: ask until one answers
  code=$(curl -s -u "$KB:" -o "$tmp/list.json" -w '%{http_code}' "$SERVER_URL/v1/checkout/sessions?limit=100")
  [ "$code" = 200 ] && { stored=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["data"]))' \
    "$tmp/list.json"); break; }
done
stop_clean "random-429 creates"
[ "$code" = 200 ] || fail "random-429 0.5: ten lists in a row refused"
[ "$created" -gt 0 ] && [ "$created" -lt 20 ] || fail "random-429 0.5: $created of 20 creates answered 200"
[ "$stored" -eq "$created" ] || fail "random-429: $created creates answered 200 but $stored sessions are stored"
echo "realism: ok"
