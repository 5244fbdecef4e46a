#!/usr/bin/env bash
# Module boundaries of lib/: every header inside lib/<module>/ (sub-folders
# included) is private to that module. Scans each #include "..." in lib/,
# src/, server/, fuzz/, bench/ and suites/ and fails, naming file and line,
# when one reaches a private header from outside its module folder. tests/
# is not scanned: a unit test may look inside a module.
#
# An include is resolved as the compiler does for quotes: beside the
# including file first, then through an include path; "ccs/..." is public
# (include/ccs); any other name that is not beside the file is matched
# against the headers under lib/ by its trailing path.
#
# Usage: tests/scripts/lint_includes.sh [ROOT]   (default: the repository)
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root"

# The private headers: lib/<module>/**.h, as paths relative to root.
mapfile -t private < <(find lib -mindepth 2 -name '*.h' -type f 2>/dev/null | sort)

dirs=()
for d in lib src server fuzz bench suites; do
  [ -d "$d" ] && dirs+=("$d")
done

bad=0
checked=0
while IFS= read -r hit; do
  file=${hit%%:*}
  rest=${hit#*:}
  line=${rest%%:*}
  text=${rest#*:}
  name=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"]+)".*/\1/' <<<"$text")
  checked=$((checked + 1))
  case $name in ccs/*) continue ;; esac

  # Beside the including file (normalised, relative to root).
  resolved=""
  beside=$(realpath -m --relative-to=. "$(dirname "$file")/$name")
  if [ -f "$beside" ]; then
    resolved=$beside
  else
    for h in "${private[@]}"; do
      if [ "$h" = "$name" ] || [[ $h == */"$name" ]]; then
        resolved=$h
        break
      fi
    done
  fi
  case $resolved in lib/*/*) ;; *) continue ;; esac

  module=${resolved#lib/}
  module=lib/${module%%/*}
  case $file in "$module"/*) continue ;; esac
  echo "$file:$line: includes \"$name\" ($resolved), a header private to $module/" >&2
  bad=$((bad + 1))
done < <(grep -rn -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' --include='*.c' --include='*.h' \
           "${dirs[@]}" 2>/dev/null | sort)

if [ "$bad" -gt 0 ]; then
  echo "lint_includes: $bad include(s) reach into another module's private header;" \
       "use its public header in include/ccs/ (or move the code into the module)" >&2
  exit 1
fi
echo "lint_includes: $checked includes checked, module boundaries kept"
