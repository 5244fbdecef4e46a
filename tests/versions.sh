#!/usr/bin/env bash
# API versions end to end: a case whose value the version lacks is SKIP there
# and runs where the version has it; the reference server answers in the
# version a request names (renamed values, removed parameters, operations a
# version lacks, unknown versions).
set -euo pipefail
bin="${CCS_BIN:?}"
work=$(mktemp -d)
srv_pid=""
cleanup() { [ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

verdict() { # results.json case id -> "VERDICT|message"
  python3 -c 'import json,sys
for c in json.load(open(sys.argv[1]))["cases"]:
    if c["id"] == sys.argv[2]: print(c["verdict"] + "|" + (c.get("message") or ""))' "$1" "$2"
}

# 1. crypto arrived in payment_method_types after 2025-03-31.basil.
id=enums.payment_method_types.crypto
"$bin" run --filter "$id" --api-version 2025-03-31.basil --report-dir "$work/old" >/dev/null 2>&1 || true
v=$(verdict "$work/old/results.json" "$id")
[ "$v" = "SKIP|not in API 2025-03-31.basil: payment_method_types=crypto" ] || fail "$id at basil: $v"
"$bin" run --filter "$id" --api-version 2025-08-27.basil --report-dir "$work/new" >/dev/null 2>&1
v=$(verdict "$work/new/results.json" "$id")
[ "${v%%|*}" = PASS ] || fail "$id at 2025-08-27.basil: $v"
grep -qE '"api_version":[[:space:]]*"2025-08-27.basil"' "$work/new/results.json" || fail "results.json lacks the API version"
grep -q 'name="api_version" value="2025-08-27.basil"' "$work/new/junit.xml" || fail "junit.xml lacks the API version"
echo "ok: $id is SKIP at 2025-03-31.basil and PASS at 2025-08-27.basil"

# 2. An unknown version is a usage error that names the known ones.
if "$bin" run --api-version 2019-01-01 >"$work/out" 2>&1; then fail "unknown version accepted"; fi
grep -q 'unknown API version "2019-01-01"; known: 2022-11-15' "$work/out" || fail "$(cat "$work/out")"
echo "ok: an unknown --api-version exits non-zero naming the known versions"

# 3. The server speaks the version a request names.
"$bin" serve --port 0 --quiet >"$work/port" 2>/dev/null &
srv_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(head -1 "$work/port")/v1/checkout/sessions"
create() { # VERSION ARGS... -> "STATUS BODY"
  local ver=$1; shift
  curl -s -u sk_test_versions: -H "Stripe-Version: $ver" -o "$work/body" -w '%{http_code}' "$base" \
       -d mode=payment -d "line_items[0][price]=price_1MotwRLkdIwHu7ixYcPLm5uZ" -d "line_items[0][quantity]=1" "$@"
}
s=$(create 2024-06-20 -d ui_mode=hosted -d success_url=https://example.com/s)
[ "$s" = 200 ] && grep -q '"ui_mode":"hosted"' "$work/body" || fail "2024-06-20 ui_mode=hosted: $s $(cat "$work/body")"
s=$(create 2024-06-20 -d ui_mode=hosted_page -d success_url=https://example.com/s)
[ "$s" = 400 ] && grep -q '"param":"ui_mode"' "$work/body" || fail "2024-06-20 accepted hosted_page: $s"
s=$(create 2026-07-29.dahlia -d ui_mode=hosted_page -d success_url=https://example.com/s)
[ "$s" = 200 ] && grep -q '"ui_mode":"hosted_page"' "$work/body" || fail "dahlia ui_mode=hosted_page: $s"
s=$(create 2026-10-28.endive -d "payment_method_types[0]=card" -d success_url=https://example.com/s)
[ "$s" = 400 ] && grep -q 'unknown parameter: payment_method_types' "$work/body" || fail "endive accepted payment_method_types: $s"
s=$(create 2099-01-01 -d success_url=https://example.com/s)
[ "$s" = 400 ] && grep -q 'Invalid Stripe API version' "$work/body" || fail "unknown version: $s"
create 2026-07-29.dahlia -d success_url=https://example.com/s >/dev/null
sid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/body")
s=$(curl -s -u sk_test_versions: -H "Stripe-Version: 2022-11-15" -o "$work/body" -w '%{http_code}' "$base/$sid" -d "metadata[a]=b")
[ "$s" = 404 ] || fail "update existed at 2022-11-15: $s"
s=$(curl -s -u sk_test_versions: -H "Stripe-Version: 2022-11-15" -D "$work/headers" -o "$work/body" -w '%{http_code}' "$base/$sid")
[ "$s" = 200 ] || fail "retrieve at 2022-11-15: $s"
grep -qi '^Stripe-Version: 2022-11-15' "$work/headers" || fail "no Stripe-Version 2022-11-15 header"
"$bin" check --api-version 2022-11-15 "$work/body" >/dev/null || fail "the server's 2022-11-15 session fails its contract"
echo "ok: the server answers in the requested version (renamed values, removed parameters, missing operations, headers)"
kill "$srv_pid"; srv_pid=""

# 4. --api-version auto: the target's own Stripe-Version, else latest (said so).
"$bin" serve --port 0 --quiet --api-version 2024-06-20 >"$work/port2" 2>/dev/null &
srv_pid=$!
for _ in $(seq 50); do [ -s "$work/port2" ] && break; sleep 0.1; done
"$bin" run --target "http://127.0.0.1:$(head -1 "$work/port2")" --api-key sk_test_auto --api-version auto \
     --filter responses.create.payment.contract --report-dir "$work/auto" >"$work/out" 2>&1 || fail "$(cat "$work/out")"
grep -q 'speaks API 2024-06-20 (its Stripe-Version)' "$work/out" || fail "auto: $(cat "$work/out")"
grep -qE '"api_version":[[:space:]]*"2024-06-20"' "$work/auto/results.json" || fail "auto: results.json"
kill "$srv_pid"; srv_pid=""
python3 -m http.server --bind 127.0.0.1 0 >"$work/plain" 2>&1 &
srv_pid=$!
for _ in $(seq 50); do grep -q 'port' "$work/plain" && break; sleep 0.1; done
port=$(grep -oE 'port [0-9]+' "$work/plain" | head -1 | cut -d' ' -f2)
"$bin" run --target "http://127.0.0.1:$port" --api-key sk_test_auto --api-version auto \
     --filter retrieve.basic --report-dir "$work/plainrun" >"$work/out" 2>&1 || true
grep -q 'names no Stripe-Version; judging it by the latest known version' "$work/out" || fail "fallback: $(cat "$work/out")"
latest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["latest"])' "${CCS_GOLDEN_DIR:?}/contract/versions.json")
grep -qE "\"api_version\":[[:space:]]*\"$latest\"" "$work/plainrun/results.json" || fail "fallback: results.json"
echo "ok: --api-version auto takes the target's Stripe-Version, and says when it falls back to $latest"

# 5. One target at several versions: NAME@V per run, side by side in the matrix.
"$bin" run --api-version 2024-06-20,2026-07-29.dahlia --filter 'enums.ui_mode.*' --report-dir "$work/multi" >"$work/out" 2>&1 ||
  fail "multi-version run: $(cat "$work/out")"
grep -qF '| reference@2024-06-20 | reference@2026-07-29.dahlia |' "$work/multi/matrix.md" || fail "matrix: $(head -5 "$work/multi/matrix.md")"
v=$(verdict "$work/multi/reference@2024-06-20/results.json" enums.ui_mode.elements)
[ "${v%%|*}" = SKIP ] || fail "elements at 2024-06-20: $v"
v=$(verdict "$work/multi/reference@2026-07-29.dahlia/results.json" enums.ui_mode.elements)
[ "${v%%|*}" = PASS ] || fail "elements at 2026-07-29.dahlia: $v"
echo "ok: --api-version V1,V2 runs each version as NAME@V into one matrix"
echo "5 passed, 0 failed"
