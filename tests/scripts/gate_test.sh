#!/usr/bin/env bash
# `ccs run` as a CI gate, end to end against the reference server with
# fault switches: baseline (regressed/fixed/new/still failing, diff.md and
# diff.html, --baseline-update), known failures with expiry, history and its
# chart, GitHub annotations, several targets with a matrix, exit codes.
set -euo pipefail
: "${CCS_BIN:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/serve_helpers.sh"
KEY=sk_test_gateKeyAbcdef0123456789
F='errors.not_found.*,retrieve.*,update.*'
tmp=$(mktemp -d)
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Three implementations: clean, 404s answered 400, creates answered 201.
start_server; PIDS+=("$SERVER_PID"); CLEAN=$SERVER_URL
start_server --fault not-found-400; PIDS+=("$SERVER_PID"); NF400=$SERVER_URL
start_server --fault create-status-201; PIDS+=("$SERVER_PID"); C201=$SERVER_URL
SERVER_PID=""

# ccsrun NAME ARGS... -> $RC, $tmp/NAME.out, $tmp/NAME.err
ccsrun() {
  local name=$1
  shift
  RC=0
  "$CCS_BIN" run --filter "$F" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || RC=$?
}
want_rc() { [ "$RC" -eq "$1" ] || { cat "$tmp/$2.err" >&2; fail "$2: exit $RC, want $1"; }; }

# -- baseline --------------------------------------------------------------
B=$tmp/baseline.json
ccsrun nobase --target "$NF400" --api-key "$KEY" --baseline "$B" --report-dir "$tmp/nobase"
want_rc 2 nobase
grep -q 'does not exist' "$tmp/nobase.err" || fail "missing baseline: no clear message"

# Adoption: no baseline yet, every case is new, failing new cases do not gate.
ccsrun adopt --target "$NF400" --api-key "$KEY" --baseline "$B" --baseline-update --report-dir "$tmp/adopt"
want_rc 0 adopt
[ -s "$B" ] || fail "adopt: baseline not written"
cmp -s "$B" "$tmp/adopt/results.json" || fail "adopt: baseline is not a copy of results.json"
grep -q 'new' "$tmp/adopt/diff.md" || fail "adopt: diff.md"

# Regressions: 201 on create breaks retrieve/update cases that passed.
cp "$B" "$tmp/baseline.before"
ccsrun regress --target "$C201" --api-key "$KEY" --baseline "$B" --baseline-update --annotate github \
  --report-dir "$tmp/regress"
want_rc 1 regress
for f in diff.md diff.html results.json junit.xml summary.md report.html; do
  [ -s "$tmp/regress/$f" ] || fail "regress: $f missing"
done
grep -Eq 'baseline .*: [1-9][0-9]* regressed, [1-9][0-9]* fixed, 0 new, 0 removed, 1 still failing' \
  "$tmp/regress.err" || { cat "$tmp/regress.err"; fail "regress: counts line"; }
grep -q 'retrieve.basic' "$tmp/regress/diff.md" || fail "regress: diff.md lacks retrieve.basic"
grep -q 'retrieve.basic' "$tmp/regress/diff.html" || fail "regress: diff.html lacks retrieve.basic"
grep -q '^::error title=retrieve.basic::FAIL (regressed' "$tmp/regress.out" || fail "regress: annotation"
grep -q '^::warning title=errors.not_found.id_prefix::FAIL (still failing' "$tmp/regress.out" \
  || fail "regress: still-failing case must be a warning"
cmp -s "$B" "$tmp/baseline.before" || fail "regress: a failed gate must not update the baseline"
grep -q 'not updated' "$tmp/regress.err" || fail "regress: no 'not updated' note"

# Still failing only: the gate passes in baseline mode, fails without.
ccsrun still --target "$NF400" --api-key "$KEY" --baseline "$B" --report-dir "$tmp/still"
want_rc 0 still
ccsrun plain --target "$NF400" --api-key "$KEY" --report-dir "$tmp/plain"
want_rc 1 plain

# Fixed: the clean server; the baseline ratchets forward.
ccsrun fixed --target "$CLEAN" --api-key "$KEY" --baseline "$B" --baseline-update --report-dir "$tmp/fixed"
want_rc 0 fixed
grep -Eq ': 0 regressed, [1-9][0-9]* fixed' "$tmp/fixed.err" || fail "fixed: counts"
cmp -s "$B" "$tmp/fixed/results.json" || fail "fixed: baseline not updated"
# ... and now the 400s are regressions.
ccsrun again --target "$NF400" --api-key "$KEY" --baseline "$B" --report-dir "$tmp/again"
want_rc 1 again

# -- known failures ----------------------------------------------------------
printf '%s\n' '# 201 on create is being fixed' 'retrieve.*  expires=2999-12-31  # ticket 12' \
  'update.*  # no expiry' 'errors.not_found.id_prefix expires=2999-12-31' >"$tmp/kf-ok"
ccsrun kfok --target "$C201" --api-key "$KEY" --known-failures "$tmp/kf-ok" --report-dir "$tmp/kfok"
want_rc 0 kfok
grep -q 'known failure' "$tmp/kfok/junit.xml" || fail "kf: junit does not mark known failures"
sed 's/^update\.\*.*/update.* expires=2000-01-01 # overdue/' "$tmp/kf-ok" >"$tmp/kf-expired"
ccsrun kfexp --target "$C201" --api-key "$KEY" --known-failures "$tmp/kf-expired" --annotate github \
  --report-dir "$tmp/kfexp"
want_rc 1 kfexp
grep -q 'known failure expired 2000-01-01' "$tmp/kfexp.err" || fail "kf: expired entry not named on stderr"
grep -q 'known failure expired 2000-01-01' "$tmp/kfexp/summary.md" || fail "kf: expired entry not in summary.md"
grep -q '^::error title=update.empty_body::FAIL (known failure expired 2000-01-01' "$tmp/kfexp.out" \
  || fail "kf: expired annotation"
# Baseline mode: a still-failing case whose entry expired fails the gate too.
cp "$tmp/adopt/results.json" "$tmp/base-nf400.json"
printf 'errors.not_found.* expires=2000-01-01\n' >"$tmp/kf-nf"
ccsrun kfbase --target "$NF400" --api-key "$KEY" --baseline "$tmp/base-nf400.json" --known-failures "$tmp/kf-nf" \
  --report-dir "$tmp/kfbase"
want_rc 1 kfbase
printf 'errors.not_found.*\n' >"$tmp/kf-nf"
ccsrun kfbase2 --target "$NF400" --api-key "$KEY" --baseline "$tmp/base-nf400.json" --known-failures "$tmp/kf-nf" \
  --report-dir "$tmp/kfbase2"
want_rc 0 kfbase2
printf 'no spaces allowed in=this line\n' >"$tmp/kf-bad"
ccsrun kfbad --target "$CLEAN" --api-key "$KEY" --known-failures "$tmp/kf-bad" --report-dir "$tmp/kfbad"
want_rc 2 kfbad

# -- history -----------------------------------------------------------------
H=$tmp/hist/history.jsonl
ccsrun h1 --target site="$CLEAN" --api-key "$KEY" --history "$H" --report-dir "$tmp/h1"
want_rc 0 h1
ccsrun h2 --target site="$NF400" --api-key "$KEY" --history "$H" --report-dir "$tmp/h2"
want_rc 1 h2
[ "$(wc -l <"$H")" -eq 2 ] || fail "history: want 2 lines"
# two runs: one line, no chart yet; the failed gate's causes come before it
grep -q '<strong>History:</strong> 2 runs so far' "$tmp/h2/report.html" || fail "history: one line under 3 runs"
grep -q 'class="history"' "$tmp/h2/report.html" && fail "history: a chart of 2 runs"
[ "$(grep -n 'id="causes"' "$tmp/h2/report.html" | cut -d: -f1)" -lt \
  "$(grep -n 'id="history"' "$tmp/h2/report.html" | cut -d: -f1)" ] || fail "history: causes not before history"
ccsrun h3 --target site="$NF400" --api-key "$KEY" --history "$H" --report-dir "$tmp/h3"
want_rc 1 h3
grep -q 'class="history"' "$tmp/h3/report.html" || fail "history: no SVG chart"
grep -q 'History (last 3 runs)' "$tmp/h3/report.html" || fail "history: section"
grep -q 'class="spark"' "$tmp/h3/report.html" || fail "history: no per-area pass chart"
# Without --report-dir: reports/<run_id>/ and reports/history.jsonl.
(cd "$tmp" && "$CCS_BIN" run --target "$CLEAN" --api-key "$KEY" --filter "$F" >/dev/null 2>&1)
[ "$(wc -l <"$tmp/reports/history.jsonl")" -eq 1 ] || fail "history: default file"
ls "$tmp"/reports/*/report.html >/dev/null || fail "history: default report dir"

# -- several implementations ---------------------------------------------------
ccsrun multi --target good="$CLEAN" --target bad="$C201" --api-key good=sk_test_goodKey0123456789 \
  --api-key bad=sk_test_badKey01234567890 --report-dir "$tmp/multi" --annotate github
want_rc 1 multi
for f in good/results.json good/report.html bad/junit.xml bad/summary.md matrix.html matrix.md; do
  [ -s "$tmp/multi/$f" ] || fail "multi: $f missing"
done
grep -q 'good' "$tmp/multi/matrix.md" && grep -q 'bad' "$tmp/multi/matrix.md" || fail "multi: matrix columns"
grep -q 'retrieve.basic' "$tmp/multi/matrix.html" || fail "multi: matrix rows"
grep -q '^::error title=bad%3A retrieve.basic::' "$tmp/multi.out" || fail "multi: annotation names the target"
grep -q '"target_name":	"bad"' "$tmp/multi/bad/results.json" || fail "multi: target name"
ccsrun multiok --target a="$CLEAN" --target b="$CLEAN" --api-key "$KEY" --report-dir "$tmp/multiok"
want_rc 0 multiok
# Per-target baselines; a shared one is refused.
ccsrun multibase --target good="$CLEAN" --target nf="$NF400" --api-key "$KEY" \
  --baseline good="$tmp/fixed/results.json" --baseline nf="$tmp/base-nf400.json" --report-dir "$tmp/multibase"
want_rc 0 multibase
[ -s "$tmp/multibase/nf/diff.md" ] || fail "multi: per-target diff"
ccsrun multishared --target a="$CLEAN" --target b="$CLEAN" --api-key "$KEY" --baseline "$B" --report-dir "$tmp/x1"
want_rc 2 multishared
# An unreachable target: exit 2, the others still get their reports.
ccsrun multidead --target good="$CLEAN" --target dead=http://127.0.0.1:1 --api-key "$KEY" --report-dir "$tmp/md"
want_rc 2 multidead
[ -s "$tmp/md/good/results.json" ] && [ -s "$tmp/md/matrix.md" ] || fail "multidead: reports of good missing"
grep -q 'dead.*not reachable' "$tmp/multidead.err" || fail "multidead: message"

# -- usage errors --------------------------------------------------------------
ccsrun u1 --target a="$CLEAN" --target "$CLEAN" --api-key "$KEY"; want_rc 2 u1
ccsrun u2 --target a="$CLEAN" --target b="$CLEAN" --api-key nosuch=sk_test_x0123456789; want_rc 2 u2
grep -q "no --target named 'nosuch'" "$tmp/u2.err" || fail "u2: message"
ccsrun u3 --target "$CLEAN" --api-key "$KEY" --baseline-update; want_rc 2 u3
ccsrun u4 --target "$CLEAN" --api-key "$KEY" --annotate jenkins; want_rc 2 u4
ccsrun u5 --target a="$CLEAN" --target a="$CLEAN" --api-key "$KEY"; want_rc 2 u5
ccsrun u6 --target a="$CLEAN" --target b="$CLEAN" --api-key a=sk_test_only0123456789a; want_rc 2 u6
grep -q 'no API key for target b' "$tmp/u6.err" || fail "u6: message"

# No key in full anywhere.
for k in "$KEY" sk_test_goodKey0123456789 sk_test_badKey01234567890; do
  if grep -rlF -- "$k" "$tmp"; then fail "key $k leaked"; fi
done
echo "gate: ok"
