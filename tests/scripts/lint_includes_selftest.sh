#!/usr/bin/env bash
# lint_includes.sh has teeth: on a small tree it accepts includes inside a
# module (also from a sub-folder, through "../") and public ones, and fails
# naming file and line for a private header reached from src/, from another
# module by relative path, and from fuzz/ through an include path.
set -euo pipefail
lint=$(cd "$(dirname "$0")" && pwd)/lint_includes.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/lib/a/sub "$tmp"/lib/b "$tmp"/src "$tmp"/fuzz "$tmp"/tests "$tmp"/include/ccs
: >"$tmp"/include/ccs/a.h
printf '#include "a_internal.h"\n' >"$tmp"/lib/a/a.c
: >"$tmp"/lib/a/a_internal.h
printf '#include "../a_internal.h"\n' >"$tmp"/lib/a/sub/s.c
printf '#include "ccs/a.h"\n' >"$tmp"/lib/b/b.c
printf '#include "a_internal.h"\n' >"$tmp"/tests/t.c
"$lint" "$tmp" >/dev/null || { echo "FAIL: a clean tree was refused" >&2; exit 1; }

printf '#include "ccs/a.h"\n#include "a_internal.h"\n' >"$tmp"/src/main.c
printf '#include "../a/a_internal.h"\n' >"$tmp"/lib/b/b2.c
printf '#include "a/a_internal.h"\n' >"$tmp"/fuzz/f.c
if "$lint" "$tmp" 2>"$tmp"/err >/dev/null; then
  echo "FAIL: private includes from outside the module passed" >&2
  exit 1
fi
for want in 'src/main.c:2:' 'lib/b/b2.c:1:' 'fuzz/f.c:1:'; do
  grep -q "^$want" "$tmp"/err || { echo "FAIL: no report for $want" >&2; cat "$tmp"/err >&2; exit 1; }
done
echo "lint_includes selftest: ok"
