#!/usr/bin/env bash
# lintian has nothing to say about the .deb at any level (pedantic and
# experimental included) but the overrides the package ships, and README.md
# justifies each of those. Skipped (77) without lintian.
# usage: package_lintian.sh SOURCE_DIR PACKAGE_DIR
set -euo pipefail
src=$1 dir=$2
command -v lintian >/dev/null || { echo "SKIP: lintian is not installed (scripts/bootstrap installs it)"; exit 77; }
deb=$(ls "$dir"/ccs_*.deb)
out=$(lintian --pedantic --display-info --display-experimental --fail-on error,warning,info,pedantic,experimental \
       "$deb" 2>&1 | grep -v '^running with root privileges' || true)
status=0
if [ -n "$out" ]; then
  printf '%s\n' "$out" >&2
  echo "FAIL: lintian tags on $(basename "$deb") (fix them, or override and justify in README.md)" >&2
  status=1
fi
# every override is justified in the README's section on the package
section=$(awk '/^## The Debian package/ {on = 1; next} /^## / {on = 0} on' "$src/README.md")
for tag in $(grep -vE '^\s*(#|$)' "$src/packaging/lintian-overrides" | sed -E 's/^[a-z0-9.+-]+: *//; s/ .*//'); do
  grep -q -- "\`$tag\`" <<<"$section" || { echo "FAIL: override $tag is not justified in README.md" >&2; status=1; }
done
[ $status -eq 0 ] && echo "package_lintian: $(basename "$deb") is lintian-clean ($(grep -cvE '^\s*(#|$)' "$src/packaging/lintian-overrides") justified override(s))"
exit $status
