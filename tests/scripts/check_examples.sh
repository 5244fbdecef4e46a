#!/usr/bin/env bash
# Every `ccs <subcommand> --flag` written in the CI examples must be a flag
# that subcommand's --help lists, so the examples cannot rot silently.
# usage: check_examples.sh FILE...   (env CCS_BIN); exit 1 naming each bad flag.
set -euo pipefail
: "${CCS_BIN:?}"
[ $# -gt 0 ] || { echo "usage: check_examples.sh FILE..." >&2; exit 2; }
bad=0
for file in "$@"; do
  [ -s "$file" ] || { echo "$file: missing or empty" >&2; bad=1; continue; }
  # Join continuation lines ("\" at the end) and YAML folded blocks (">-":
  # the more-indented lines below form one command), then keep the text
  # after each `ccs SUB`.
  cmds=$(awk '
    {
      match($0, /^[ \t]*/); ind = RLENGTH
      line = $0; sub(/^[ \t]*(- )?[ \t]*/, "", line)
      if (fold && ind > fold_ind && line != "") { joined = joined " " line; next }
      fold = 0
      if (joined != "" && prev_cont) { joined = joined " " line; prev_cont = (line ~ /\\$/); next }
      if (joined != "") print joined
      joined = line; prev_cont = (line ~ /\\$/)
      if (line ~ /(^|[ :])>-?$/) { fold = 1; fold_ind = ind; joined = "" }
    }
    END { if (joined != "") print joined }
  ' "$file" | grep -oE '(^|[^A-Za-z0-9_-])ccs (run|diff|serve|form|fuzz-remote)( .*)?$' || true)
  n=0
  while IFS= read -r cmd; do
    [ -n "$cmd" ] || continue
    sub=$(printf '%s\n' "$cmd" | sed -E 's/^[^c]*ccs ([a-z-]+).*/\1/')
    help=$("$CCS_BIN" "$sub" --help 2>&1) || { echo "$file: ccs $sub --help failed" >&2; bad=1; continue; }
    # The text after `ccs SUB`; comment markers of continued lines go.
    rest=$(printf '%s\n' "$cmd" | sed -E 's/^[^c]*ccs [a-z-]+//; s/ # / /g')
    for flag in $(printf '%s\n' "$rest" | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
      n=$((n + 1))
      [ -z "${CHECK_EXAMPLES_VERBOSE:-}" ] || echo "  ccs $sub $flag" 
      if ! grep -qE -- "(^|[^a-z0-9-])${flag}([^a-z0-9-]|$)" <<<"$help"; then
        echo "$file: ccs $sub $flag: not an option of ccs $sub (see ccs $sub --help)" >&2
        bad=1
      fi
    done
  done <<<"$cmds"
  if [ "$n" -eq 0 ]; then
    echo "$file: no ccs command line with flags found" >&2
    bad=1
  else
    echo "$file: $n flags checked"
  fi
done
exit "$bad"
