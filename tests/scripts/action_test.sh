#!/usr/bin/env bash
# The GitHub Action's script (scripts/action run) in a simulated runner
# (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP) against `ccs serve`:
# a passing target, a target under a fault, the two fail-on modes against a
# baseline, a regression, two targets at once, and set-up errors; the key is
# masked first and never printed. action.yml and the example workflow must
# agree with the script (inputs, outputs).
# usage: action_test.sh SOURCE_DIR   (env CCS_BIN)
set -euo pipefail
: "${CCS_BIN:?}"
src=$1
action=$src/scripts/action
. "$src/tests/scripts/serve_helpers.sh"
tmp=$(mktemp -d)
trap 'stop_server; [ -n "${GOOD_PID:-}" ] && kill "$GOOD_PID" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
key=sk_test_actiontest_0123456789abcdef

# run_action NAME [VAR=VALUE...]: scripts/action run in a fresh simulated
# runner; sets RC, and $tmp/NAME/{out,summary,log}
run_action() {
  local name=$1; shift
  mkdir -p "$tmp/$name/runner"
  : >"$tmp/$name/out"; : >"$tmp/$name/summary"
  RC=0
  env -u CCS_API_KEY -u CCS_TARGET GITHUB_OUTPUT="$tmp/$name/out" GITHUB_STEP_SUMMARY="$tmp/$name/summary" \
      RUNNER_TEMP="$tmp/$name/runner" INPUT_REPORT_DIR="$tmp/$name/reports" INPUT_PROFILE=core \
      INPUT_API_KEY="$key" "$@" bash "$action" run >"$tmp/$name/log" 2>&1 || RC=$?
}
out() { sed -n "s/^$2=//p" "$tmp/$1/out"; }
# FAIL + ERROR verdicts in the run's results.json files, counted here
verdicts() { python3 -c '
import json, sys
n = {"PASS": 0, "FAIL": 0, "ERROR": 0}
for p in sys.argv[2:]:
    for c in json.load(open(p))["cases"]:
        n[c["verdict"]] = n.get(c["verdict"], 0) + 1
print(n[sys.argv[1]])' "$@"; }
no_key() {  # NAME: the key is masked first, and that is the only place it appears
  [ "$(head -n1 "$tmp/$1/log")" = "::add-mask::$key" ] || fail "$1: the key is not masked first"
  [ "$(grep -rF -- "$key" "$tmp/$1" | wc -l)" -eq 1 ] || fail "$1: the key appears in $(grep -rlF -- "$key" "$tmp/$1")"
}

# 1. a conforming target passes
start_server; GOOD_URL=$SERVER_URL GOOD_PID=$SERVER_PID; SERVER_PID=""
run_action pass INPUT_TARGET="$GOOD_URL"
[ $RC -eq 0 ] || { cat "$tmp/pass/log"; fail "passing target: exit $RC"; }
[ "$(out pass gate)" = passed ] || fail "passing target: gate=$(out pass gate)"
[ "$(out pass passed)" = "$(verdicts PASS "$tmp/pass/reports/results.json")" ] && [ "$(out pass passed)" -gt 0 ] ||
  fail "passing target: passed=$(out pass passed)"
[ "$(out pass failed)" = 0 ] && [ "$(out pass errors)" = 0 ] || fail "passing target: failed/errors not 0"
[ "$(out pass report-path)" = "$tmp/pass/reports" ] || fail "report-path=$(out pass report-path)"
grep -q '^# Conformance report' "$tmp/pass/summary" && grep -q '| Gate | \*\*PASSED\*\* |' "$tmp/pass/summary" ||
  fail "passing target: summary.md not in the step summary"
grep -q '^::error' "$tmp/pass/log" && fail "passing target: annotated failures"
no_key pass

# 2. a target under a fault fails, annotated
start_server --fault missing-object
run_action fault INPUT_TARGET="$SERVER_URL"
[ $RC -eq 1 ] || { tail "$tmp/fault/log"; fail "faulty target: exit $RC, want 1"; }
[ "$(out fault gate)" = failed ] || fail "faulty target: gate=$(out fault gate)"
nfail=$(verdicts FAIL "$tmp/fault/reports/results.json")
[ "$nfail" -gt 0 ] && [ "$(out fault failed)" = "$nfail" ] || fail "faulty target: failed=$(out fault failed), results say $nfail"
grep -q '^::error .*create\.' "$tmp/fault/log" || fail "faulty target: no ::error annotation naming a case"
grep -q '| Gate | \*\*FAILED\*\* |' "$tmp/fault/summary" || fail "faulty target: summary does not say FAILED"
no_key fault

# 3. against its own results as the baseline: no regression; fail-on decides
cp "$tmp/fault/reports/results.json" "$tmp/baseline.json"
run_action regression_mode INPUT_TARGET="$SERVER_URL" INPUT_BASELINE="$tmp/baseline.json" INPUT_FAIL_ON=regression
[ $RC -eq 0 ] || { tail "$tmp/regression_mode/log"; fail "fail-on regression, no regression: exit $RC"; }
[ "$(out regression_mode failed)" -gt 0 ] || fail "fail-on regression: the failures are gone from the outputs"
run_action any_mode INPUT_TARGET="$SERVER_URL" INPUT_BASELINE="$tmp/baseline.json" INPUT_FAIL_ON=any
[ $RC -eq 1 ] || fail "fail-on any with failures: exit $RC, want 1"
grep -q '^::error title=ccs::.*(fail-on: any)' "$tmp/any_mode/log" || fail "fail-on any: no annotation"
[ "$(out any_mode gate)" = failed ] || fail "fail-on any: gate=$(out any_mode gate)"

# 4. the passing run as the baseline: the fault is a regression
run_action regressed INPUT_TARGET="$SERVER_URL" INPUT_BASELINE="$tmp/pass/reports/results.json"
[ $RC -eq 1 ] || fail "regression: exit $RC, want 1"

# 5. two targets: a matrix, outputs summed over both
run_action matrix INPUT_TARGET="good=$GOOD_URL
bad=$SERVER_URL"
[ $RC -eq 1 ] || fail "two targets, one faulty: exit $RC, want 1"
grep -q 'good' "$tmp/matrix/summary" && grep -c '^# Conformance report' "$tmp/matrix/summary" | grep -qx 2 ||
  fail "two targets: the summary lacks the matrix or a report"
[ "$(out matrix failed)" = "$(verdicts FAIL "$tmp/matrix/reports"/*/results.json)" ] || fail "two targets: failed not summed"
[ "$(out matrix passed)" = "$(verdicts PASS "$tmp/matrix/reports"/*/results.json)" ] || fail "two targets: passed not summed"
no_key matrix

# 6. set-up errors: exit 2, said so
run_action badinput INPUT_TARGET="$GOOD_URL" INPUT_FAIL_ON=sometimes
[ $RC -eq 2 ] && grep -q '^::error.*fail-on must be' "$tmp/badinput/log" || fail "fail-on=sometimes: exit $RC"
stop_server
run_action unreachable INPUT_TARGET="$SERVER_URL"
[ $RC -eq 2 ] && [ "$(out unreachable gate)" = error ] || fail "unreachable target: exit $RC, gate=$(out unreachable gate)"
grep -q 'not run' "$tmp/unreachable/summary" || fail "unreachable target: nothing in the step summary"

# 7. action.yml, the script and the example agree
python3 - "$src/action.yml" "$action" "$src/examples/github-actions.yml" <<'PY'
import re, sys, yaml
action, script, example = (open(p).read() for p in sys.argv[1:])
doc = yaml.safe_load(action)
inputs, outputs = set(doc["inputs"]), set(doc["outputs"])
need = {"target", "api-key", "api-version", "profile", "baseline", "known-failures", "report-dir", "fail-on"}
bad = [f"input {n} missing" for n in sorted(need - inputs)]
steps = doc["runs"]["steps"]
run_env = next(s for s in steps if s.get("id") == "run")["env"]
for var, val in run_env.items():
    name = re.fullmatch(r"\$\{\{ inputs\.([a-z-]+) \}\}", val)
    if not name or name.group(1) not in inputs:
        bad.append(f"{var} is not an input")
    elif var != "INPUT_" + name.group(1).upper().replace("-", "_"):
        bad.append(f"{var} carries {name.group(1)}")
    if var not in script:
        bad.append(f"scripts/action does not read {var}")
for n in need | {"upload", "artifact-name"}:
    if n in need and f"INPUT_{n.upper().replace('-', '_')}" not in run_env:
        bad.append(f"input {n} never reaches the script")
written = set(re.findall(r"output ([a-z-]+) ", script))
for o in outputs:
    if o not in written:
        bad.append(f"output {o} is never written by scripts/action")
    if doc["outputs"][o]["value"] != "${{ steps.run.outputs.%s }}" % o:
        bad.append(f"output {o} does not come from the run step")
ex = yaml.safe_load(example)
uses = [s for job in ex["jobs"].values() for s in job["steps"] if "ccs@" in str(s.get("uses", ""))]
if not uses:
    bad.append("the example workflow does not use the action")
for s in uses:
    bad += [f"example passes unknown input {k}" for k in s.get("with", {}) if k not in inputs]
if bad:
    print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
echo "action_test: ok"
