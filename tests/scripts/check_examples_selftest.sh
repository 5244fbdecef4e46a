#!/usr/bin/env bash
# The example checker has teeth: misspelt flags in a continued command and in
# a folded YAML block are both reported (exit 1), a correct file passes.
set -euo pipefail
: "${CCS_BIN:?}"
check="$(cd "$(dirname "$0")" && pwd)/check_examples.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' 'steps:' '  - run: |' '      ./build/ccs run --target u \' '        --baseline-updat' >"$tmp/a.yml"
printf '%s\n' 'job:' '  script:' '    - >-' '      ccs run --target u' '      --annotate github' '      --no-such 1' \
  >"$tmp/b.yml"
printf '%s\n' 'job:' '  script:' '    - >-' '      ccs run --target u' '      --annotate github' \
  '    - ccs diff a.json b.json --html d.html' >"$tmp/ok.yml"
if bash "$check" "$tmp/a.yml" 2>"$tmp/a.err"; then echo "FAIL: --baseline-updat not caught" >&2; exit 1; fi
grep -q -- '--baseline-updat: not an option' "$tmp/a.err" || { cat "$tmp/a.err"; exit 1; }
if bash "$check" "$tmp/b.yml" 2>"$tmp/b.err"; then echo "FAIL: --no-such not caught" >&2; exit 1; fi
grep -q -- '--no-such: not an option' "$tmp/b.err" || { cat "$tmp/b.err"; exit 1; }
bash "$check" "$tmp/ok.yml" >"$tmp/ok.out"
grep -q '3 flags checked' "$tmp/ok.out" || { cat "$tmp/ok.out"; exit 1; }
echo "check_examples: ok"
