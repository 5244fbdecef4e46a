#!/usr/bin/env bash
# Every real Stripe object in tests/data/realworld (recorded API output, see
# its README) whose API version is 2022-11-15 or later must be valid at a
# known version inside its INDEX.tsv range: a rejection is a bug in a rule.
# Versions named in INDEX.tsv are matched against `ccs contract list`-known
# names; a range "A..B" accepts any known version between A and B.
set -euo pipefail
dir="${CCS_SOURCE_DIR:?}/tests/data/realworld"
bin="${CCS_BIN:?}"
known=$(python3 -c 'import json,sys; print("\n".join(v["api_version"] for v in json.load(open(sys.argv[1]))["versions"]))' \
        "${CCS_GOLDEN_DIR:?}/contract/versions.json")
checked=0 failed=0 skipped=0
while IFS=$'\t' read -r file ver _; do
  [ "$file" = file ] && continue
  # The first date (or date.name) of the approximate version; a range's end.
  lo=$(grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}(\.[a-z]+)?' <<<"$ver" | head -1 || true)
  hi=$(grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}(\.[a-z]+)?' <<<"$ver" | sed -n 2p || true)
  [ -z "$lo" ] && hi="" && lo=""
  if [ -z "$lo" ] || [[ "${hi:-$lo}" < "2022-11-15" ]]; then skipped=$((skipped + 1)); continue; fi
  [ -z "$hi" ] && hi="$lo"
  ok=0 tried=""
  for v in $known; do
    # inside [lo, hi] by date (a named version's date part), or exactly named
    d=${v%%.*}
    if [[ ! "$d" < "${lo%%.*}" && ! "$d" > "${hi%%.*}" ]] && { [[ "$lo" != *.* ]] || [ "$v" = "$lo" ] || [ "$lo" != "$hi" ]; }; then
      tried="$tried $v"
      if "$bin" check --api-version "$v" "$dir/$file" >/dev/null 2>&1; then ok=1; break; fi
    fi
  done
  checked=$((checked + 1))
  if [ -z "$tried" ]; then
    echo "FAIL $file ($ver): no known API version in its range"; failed=$((failed + 1))
  elif [ $ok = 0 ]; then
    echo "FAIL $file ($ver): rejected at$tried"; "$bin" check --api-version "${tried##* }" "$dir/$file" | grep MUST || true
    failed=$((failed + 1))
  else
    echo "ok   $file ($ver) at $v"
  fi
done <"$dir/INDEX.tsv"
echo "$((checked - failed)) passed, $failed failed, $skipped skipped (older than 2022-11-15)"
[ $failed = 0 ]
