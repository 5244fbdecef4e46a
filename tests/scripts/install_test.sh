#!/usr/bin/env bash
# `cmake --install BUILD --prefix P` gives a working ccs: the binary finds its
# data in P/share/ccs by its own location (and again after P moves), CCS_GOLDEN
# and --golden override it, `ccs help CMD` is `ccs CMD --help`, `man ccs`
# shows the manual, bash completes from
# the installed ccs's own --help, and the suite passes from the installed tree.
# usage: install_test.sh BUILD_DIR
set -euo pipefail
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset CCS_GOLDEN CCS_GOLDEN_DIR
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$tmp/p" >/dev/null
for f in bin/ccs share/ccs/contract/versions.json share/ccs/catalog.json share/man/man1/ccs.1.gz \
         share/bash-completion/completions/ccs share/doc/ccs/copyright; do
  [ -s "$tmp/p/$f" ] || fail "$f not installed"
done

# data beside the binary, found again after the whole tree moves
"$tmp/p/bin/ccs" --version >"$tmp/v1"
grep -qx "data: $tmp/p/share/ccs (installed)" "$tmp/v1" || { cat "$tmp/v1"; fail "installed data not found"; }
mv "$tmp/p" "$tmp/moved"
"$tmp/moved/bin/ccs" --version >"$tmp/v2"
grep -qx "data: $tmp/moved/share/ccs (installed)" "$tmp/v2" || { cat "$tmp/v2"; fail "data not found after a move"; }
known=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["versions"]))' \
        "$tmp/moved/share/ccs/contract/versions.json")
grep -q "^API versions ($known, latest " "$tmp/v2" || { cat "$tmp/v2"; fail "--version does not list $known API versions"; }
grep -qE '^  libcurl .* -> ' "$tmp/v2" || fail "--version names no libcurl"
# the overrides win, and a wrong one is an error naming the directory
CCS_GOLDEN="$tmp/nowhere" "$tmp/moved/bin/ccs" --version >"$tmp/v3" 2>&1 && fail "CCS_GOLDEN=nowhere accepted"
grep -q "$tmp/nowhere" "$tmp/v3" || { cat "$tmp/v3"; fail "CCS_GOLDEN not used"; }
"$tmp/moved/bin/ccs" contract list --golden "$tmp/nowhere" >"$tmp/v4" 2>&1 && fail "--golden nowhere accepted"
grep -q "$tmp/nowhere" "$tmp/v4" || { cat "$tmp/v4"; fail "--golden not used"; }
# without its data the installed binary no longer says "installed"
mv "$tmp/moved/share/ccs" "$tmp/data"
"$tmp/moved/bin/ccs" --version 2>/dev/null | grep -q '(installed)' && fail "installed without share/ccs"
mv "$tmp/data" "$tmp/moved/share/ccs"

# `ccs help CMD` is `ccs CMD --help`, for every command; an unknown one is a usage error
for c in $("$tmp/moved/bin/ccs" --help | sed -n '/^commands:/,/^$/p' | awk 'NF && $1 != "commands:" {print $1}'); do
  [ "$("$tmp/moved/bin/ccs" help "$c")" = "$("$tmp/moved/bin/ccs" "$c" --help)" ] || fail "ccs help $c"
done
"$tmp/moved/bin/ccs" help no-such-command >/dev/null 2>&1 && fail "ccs help no-such-command accepted"

# the suite from the installed tree, the embedded server included
(cd "$tmp" && "$tmp/moved/bin/ccs" run --profile core --report-dir "$tmp/r" >"$tmp/run.out" 2>&1) ||
  { tail -20 "$tmp/run.out"; fail "ccs run from the installed tree"; }
[ -s "$tmp/r/results.json" ] || fail "no results.json"

# man ccs: found through MANPATH, one section per command
if command -v man >/dev/null; then
  MANPATH="$tmp/moved/share/man" MANWIDTH=100 man -P cat ccs >"$tmp/man.txt" 2>/dev/null || fail "man ccs"
  for c in run serve diff form check contract fuzz-remote; do
    grep -qE "^ +ccs $c\$" "$tmp/man.txt" || fail "man ccs has no section ccs $c"
  done
else
  echo "install_test: man not installed, the manual page was not rendered (scripts/bootstrap installs man-db)"
fi

# bash completion: from the installed ccs's own help
complete_words() {  # WORD... : what _ccs offers for the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ccs; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$tmp/moved/share/bash-completion/completions/ccs" "$tmp/moved/bin/ccs" "$@"
}
[ "$(complete_words fu)" = fuzz-remote ] || fail "completion of a command"
[ "$(complete_words run --baseline | sort | tr '\n' ' ')" = "--baseline --baseline-update " ] ||
  fail "completion of run's flags: $(complete_words run --baseline)"
[ -z "$(complete_words serve --baseline)" ] || fail "serve offered run's --baseline"
complete_words serve --fault version- | grep -qx version-ignored || fail "completion of fault names"
complete_words check --api-version 2025-03 | grep -qx 2025-03-31.basil || fail "completion of API versions"
echo "install_test: ok"
