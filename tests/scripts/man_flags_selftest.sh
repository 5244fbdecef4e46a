#!/usr/bin/env bash
# man_flags.sh has teeth: a manual missing a flag, one with a flag that
# --help lacks, one missing a command's section and one with a section for
# no command each fail naming the problem; the generated manual passes.
# usage: man_flags_selftest.sh CCS_BIN MANPAGE
set -euo pipefail
ccs=$1 page=$2
check="$(cd "$(dirname "$0")" && pwd)/man_flags.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gzip -dc "$page" >"$tmp/good.1" 2>/dev/null || cp "$page" "$tmp/good.1"
bash "$check" "$ccs" "$tmp/good.1" >/dev/null
expect_fail() {  # NAME MESSAGE: the broken page NAME fails with MESSAGE
  if bash "$check" "$ccs" "$tmp/$1.1" >/dev/null 2>"$tmp/$1.err"; then
    echo "FAIL: $1 not caught" >&2; exit 1
  fi
  grep -qF -- "$2" "$tmp/$1.err" || { echo "FAIL: $1: expected '$2' in:" >&2; cat "$tmp/$1.err" >&2; exit 1; }
}
# drop the line of serve's --rate-limit (the usage line names it too: drop both)
grep -v 'rate\\-limit' "$tmp/good.1" >"$tmp/missing.1"
expect_fail missing 'ccs serve: --rate-limit is in --help but not in the manual'
# a flag the command does not have, inside diff's section
awk '{print} /^\.SS "ccs diff"$/ {getline; print; print "  \\-\\-colour  not an option"}' "$tmp/good.1" >"$tmp/extra.1"
expect_fail extra 'ccs diff: --colour is in the manual but not in --help'
# no section for fuzz-remote
sed 's/^\.SS "ccs fuzz-remote"$/.SS "fuzzing"/' "$tmp/good.1" >"$tmp/nosection.1"
expect_fail nosection 'no section for ccs fuzz-remote'
sed 's/^\.SS "ccs form"$/.SS "ccs forms"/' "$tmp/good.1" >"$tmp/stray.1"
expect_fail stray 'section ccs forms, a command ccs --help does not list'
echo "man_flags_selftest: ok"
