#!/usr/bin/env bash
# scripts/action install picks the release .deb only on Debian 12 and when
# the release that the action's ref names has one for this architecture,
# else the build from source. A loopback server stands in for the GitHub API and the release
# download; CCS_ACTION_DRY_RUN=1 stops short of apt-get and the build.
# usage: action_install_test.sh SOURCE_DIR
set -euo pipefail
src=$1
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
arch=$(dpkg --print-architecture)

mkdir -p "$tmp/www/repos/o/ccs/releases/tags" "$tmp/www/dl"
python3 -u -m http.server --bind 127.0.0.1 --directory "$tmp/www" 0 >"$tmp/http.log" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$tmp/http.log" | head -n1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || fail "no loopback server"
base=http://127.0.0.1:$port
head -c 4096 /dev/urandom >"$tmp/www/dl/ccs_9.8.7_$arch.deb"
release() {  # TAG ASSET...: the API's answer for the release TAG
  local tag=$1; shift
  python3 -c 'import json, sys
base, assets = sys.argv[1], sys.argv[2:]
print(json.dumps({"tag_name": "x", "assets": [{"name": a, "browser_download_url": base + "/dl/" + a} for a in assets]}))' \
    "$base" "$@" >"$tmp/www/repos/o/ccs/releases/tags/$tag"
}
release v9.8.7 "ccs_9.8.7_$arch.deb" ccs-source.tar.gz
release v2 ccs_2.0.0_notanarch.deb

printf '%s\n' 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' 'ID=debian' 'VERSION_ID="12"' >"$tmp/debian12"
printf '%s\n' 'PRETTY_NAME="Ubuntu 24.04 LTS"' 'ID=ubuntu' 'VERSION_ID="24.04"' >"$tmp/ubuntu"
install() {  # REF [OS_RELEASE]: scripts/action install for the action at REF; output in $tmp/log.REF
  : >"$tmp/env.$1"
  CCS_ACTION_OS_RELEASE=${2:-$tmp/debian12} CCS_ACTION_DRY_RUN=1 CCS_ACTION_API_URL=$base CCS_ACTION_REPOSITORY=o/ccs CCS_ACTION_REF=$1 \
    GITHUB_ENV="$tmp/env.$1" RUNNER_TEMP="$tmp" bash "$src/scripts/action" install >"$tmp/log.$1" 2>&1 ||
    { cat "$tmp/log.$1"; fail "install at $1 failed"; }
}
install v9.8.7
grep -qx "ccs: installing the release package $base/dl/ccs_9.8.7_$arch.deb" "$tmp/log.v9.8.7" || { cat "$tmp/log.v9.8.7"; fail "release v9.8.7: its .deb not chosen"; }
cmp -s "$tmp/ccs_9.8.7_$arch.deb" "$tmp/www/dl/ccs_9.8.7_$arch.deb" || fail "release v9.8.7: the .deb was not downloaded"
install v2
grep -q "no release package for v2 ($arch); building from source" "$tmp/log.v2" || { cat "$tmp/log.v2"; fail "v2: another architecture's .deb chosen"; }
install v1
grep -q "no release package for v1 ($arch); building from source" "$tmp/log.v1" || { cat "$tmp/log.v1"; fail "v1 (no release): not built from source"; }
install v9.8.7 "$tmp/ubuntu"
grep -q "the runner is not Debian 12; building from source" "$tmp/log.v9.8.7" || { cat "$tmp/log.v9.8.7"; fail "a Debian 12 .deb chosen on Ubuntu"; }
echo "action_install_test: ok"
