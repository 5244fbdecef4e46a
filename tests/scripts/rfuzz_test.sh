#!/usr/bin/env bash
# The remote fuzzer finds nothing on the reference server (10,000 requests),
# finds the broken error handling of fault variants, and is deterministic.
set -euo pipefail
. "$(dirname "$0")/serve_helpers.sh"
trap stop_server EXIT
tmp=$(mktemp -d)
key=sk_test_rfuzz0000000000000000000000

start_server
"$CCS_BIN" fuzz-remote --target "$SERVER_URL" --api-key "$key" --requests "${RFUZZ_REQUESTS:-10000}" \
  --seed 7 --report-dir "$tmp/clean" >"$tmp/clean.out"
grep -Eq '"findings":[[:space:]]*\[\]' "$tmp/clean/findings.json"
grep -Eq '"alive_after":[[:space:]]*true' "$tmp/clean/findings.json"

# --create: the anchor and the mutated creates start from the given body
# (a form body or a JSON object); a body the target refuses says so.
printf 'mode=setup&currency=eur&success_url=https%%3A%%2F%%2Fexample.com%%2Fok&metadata[from]=file\n' >"$tmp/create.form"
"$CCS_BIN" fuzz-remote --target "$SERVER_URL" --api-key "$key" --requests 300 --seed 9 \
  --create "$tmp/create.form" --report-dir "$tmp/create" >"$tmp/create.out"
grep -Eq '"findings":[[:space:]]*\[\]' "$tmp/create/findings.json"
echo '{"mode": "bogus", "success_url": "https://example.com/ok"}' >"$tmp/create.json"
rc=0
"$CCS_BIN" fuzz-remote --target "$SERVER_URL" --api-key "$key" --requests 5 --create "$tmp/create.json" \
  --report-dir "$tmp/refused" >"$tmp/refused.out" 2>&1 || rc=$?
[ "$rc" -eq 2 ] && grep -q 'did not create the anchor session (HTTP 400).*--create body' "$tmp/refused.out" ||
  { echo "--create with a refused body: exit $rc" >&2; cat "$tmp/refused.out" >&2; exit 1; }
rc=0; "$CCS_BIN" fuzz-remote --target "$SERVER_URL" --create "$tmp/missing" >/dev/null 2>&1 || rc=$?; [ "$rc" -eq 2 ]
stop_server

# Determinism: same seed, same findings file apart from timings.
for fault in missing-param-500 error-envelope-flat; do
  start_server --fault "$fault"
  rc=0
  "$CCS_BIN" fuzz-remote --target "$SERVER_URL" --api-key "$key" --requests 2000 --seed 3 \
    --report-dir "$tmp/$fault" >"$tmp/$fault.out" || rc=$?
  stop_server
  if [ "$rc" -ne 1 ]; then
    echo "fault $fault: expected findings (exit 1), got exit $rc" >&2
    cat "$tmp/$fault.out" >&2
    exit 1
  fi
  case "$fault" in
    missing-param-500) grep -Eq '"oracle":[[:space:]]*"server_error"' "$tmp/$fault/findings.json" ;;
    error-envelope-flat) grep -Eq '"oracle":[[:space:]]*"bad_error_envelope"' "$tmp/$fault/findings.json" ;;
  esac
done

# No full key anywhere in the reports.
if grep -rq "$key" "$tmp"; then
  echo "API key leaked into fuzz-remote output" >&2
  exit 1
fi

# Usage errors exit 2.
rc=0; "$CCS_BIN" fuzz-remote >/dev/null 2>&1 || rc=$?; [ "$rc" -eq 2 ]
rc=0; "$CCS_BIN" fuzz-remote --target http://127.0.0.1:1 --requests 5 --report-dir "$tmp/x" >/dev/null 2>&1 || rc=$?; [ "$rc" -eq 2 ]
rm -rf "$tmp"
echo "fuzz-remote: ok"
