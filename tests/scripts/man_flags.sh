#!/usr/bin/env bash
# The manual and the --help texts agree: every command `ccs --help` lists has
# a subsection "ccs COMMAND" in the man page and no other command does, and
# each subsection names exactly the flags of `ccs COMMAND --help`, both ways
# round; the top-level flags (--version, --help) are in the page too.
# usage: man_flags.sh CCS_BIN MANPAGE(.1 or .1.gz); exit 1 naming each mismatch.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: man_flags.sh CCS_BIN MANPAGE" >&2; exit 2; }
ccs=$1 page=$2
[ -s "$page" ] || { echo "$page: missing or empty" >&2; exit 1; }
src=$(if [[ $page == *.gz ]]; then gzip -dc "$page"; else cat "$page"; fi)
# roff -> text: \- is a minus, \e a backslash, \& nothing
text=$(printf '%s\n' "$src" | sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/\\&//g')
flags() { grep -oE -- '--[a-z][a-z0-9-]*' | sort -u; }
bad=0 n=0

top=$("$ccs" --help)
cmds=$(printf '%s\n' "$top" | sed -n '/^commands:/,/^$/p' | awk 'NF && $1 != "commands:" {print $1}')
[ -n "$cmds" ] || { echo "ccs --help lists no commands" >&2; exit 1; }
sections=$(printf '%s\n' "$text" | sed -n 's/^\.SS "ccs \([a-z-]*\)"$/\1/p')
for c in $cmds; do
  grep -qx -- "$c" <<<"$sections" || { echo "$page: no section for ccs $c" >&2; bad=1; }
done
for s in $sections; do
  grep -qx -- "$s" <<<"$cmds" || { echo "$page: section ccs $s, a command ccs --help does not list" >&2; bad=1; }
done
for f in $(printf '%s\n' "$top" | flags); do
  grep -q -- "$f" <<<"$text" || { echo "$page: $f of ccs --help is missing" >&2; bad=1; }
done
for c in $cmds; do
  in_help=$("$ccs" "$c" --help | flags)
  in_page=$(printf '%s\n' "$text" | awk -v h=".SS \"ccs $c\"" '$0 == h {on = 1; next} /^\.S[SH] / {on = 0} on' | flags)
  missing=$(comm -23 <(echo "$in_help") <(echo "$in_page"))
  extra=$(comm -13 <(echo "$in_help") <(echo "$in_page"))
  for f in $missing; do echo "$page: ccs $c: $f is in --help but not in the manual" >&2; bad=1; done
  for f in $extra; do echo "$page: ccs $c: $f is in the manual but not in --help" >&2; bad=1; done
  n=$((n + $(echo "$in_help" | grep -c .)))
done
[ "$bad" -eq 0 ] && echo "man_flags: $(echo "$cmds" | wc -w) commands, $n flags agree"
exit "$bad"
