#!/usr/bin/env bash
# The .deb alone on a bare Debian 12: mmdebstrap makes a minimal bookworm root
# from the Debian mirror this machine's apt uses, then every step of the
# Dockerfile runs inside it (COPY into the root, RUN in a chroot as the USER in
# force): packaging/install-deb installs the .deb and its Depends, nothing
# else, and packaging/smoke runs the suite against the embedded server, checks
# a file and runs the suite against `ccs serve`. Last, the ENTRYPOINT runs as
# the image would run it and must write its reports to /reports.
#
# usage: package_install.sh SOURCE_DIR DEB WORK_DIR
# Skipped (exit 77, with the reason) without root or mmdebstrap. The base root
# is cached as a tarball in SOURCE_DIR/.cache/mmdebstrap/ (gitignored; keyed
# by the apt sources); CCS_PACKAGE_FRESH=1 makes a new one first.
set -euo pipefail
src=$1 deb=$2 work=$3
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || skip "package_install needs root (mmdebstrap, chroot, mount)"
command -v mmdebstrap >/dev/null || skip "mmdebstrap is not installed (scripts/bootstrap installs it)"
[ -f "$deb" ] || fail "no package $deb (the test package_build makes it)"

# The host's Debian sources: the mirror these machines reach.
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && grep -qE '^[^#]*(URIs:|deb ) *[a-z]+://[^ ]*/debian' "$f" && sources+=("$f")
done
[ ${#sources[@]} -gt 0 ] || fail "no Debian apt sources in /etc/apt"
key=$(cat "${sources[@]}" | sha256sum | cut -c1-12)
cache=$src/.cache/mmdebstrap
tarball=$cache/bookworm-minbase-$key.tar
if [ -n "${CCS_PACKAGE_FRESH:-}" ] || [ ! -s "$tarball" ]; then
  mkdir -p "$cache"
  echo "package_install: mmdebstrap bookworm minbase from ${sources[*]}"
  t0=$(date +%s)
  mmdebstrap --quiet --variant=minbase --mode=root --format=tar bookworm "$tarball.tmp" "${sources[@]}"
  mv "$tarball.tmp" "$tarball"
  echo "package_install: base root in $(( $(date +%s) - t0 )) s"
fi

root=$work/root
cleanup() {
  if mountpoint -q "$root/proc" 2>/dev/null; then umount "$root/proc" || umount -l "$root/proc"; fi
  # never delete through a mount that is still there
  if grep -q " $root/" /proc/mounts; then echo "package_install: $root still has mounts, left in place" >&2; return; fi
  rm -rf "$root" "$work/context"
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # through the EXIT trap: never leave /proc mounted
cleanup
mkdir -p "$root"
tar -xf "$tarball" -C "$root"
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# Nothing but the base, so far: ccs and its libraries are not there.
chroot "$root" sh -c 'command -v ccs' && fail "the base root already has ccs"
chroot "$root" dpkg-query -W libmicrohttpd12 >/dev/null 2>&1 && fail "the base root already has libmicrohttpd"
base=$(chroot "$root" dpkg-query -W | wc -l)

# The build context the Dockerfile expects: the .deb where scripts/package
# puts it, and packaging/.
ctx=$work/context
mkdir -p "$ctx/build-package"
cp "$deb" "$ctx/build-package/"
cp -r "$src/packaging" "$ctx/packaging"

# Run the Dockerfile's steps in the root.
user=root workdir=/ entry="" steps=0
in_root() {  # COMMAND: /bin/sh -c COMMAND in the root, as $user, in $workdir
  local ids
  ids=$(awk -F: -v u="$user" '$1 == u {print $3 ":" $4}' "$root/etc/passwd")
  [ -n "$ids" ] || fail "user $user does not exist in the root"
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="$(awk -F: -v u="$user" '$1 == u {print $6}' "$root/etc/passwd")" \
    chroot --userspec="$ids" "$root" /bin/sh -c "cd '$workdir' && $1"
}
while IFS= read -r line; do
  set -f; read -r -a words <<<"$line"; set +f
  instr=${words[0]^^} rest=${line#* }
  case $instr in
    FROM) [ "$rest" = debian:bookworm-slim ] || fail "Dockerfile FROM $rest: the test's root is a bookworm minbase" ;;
    COPY)
      dest=${words[-1]}
      mkdir -p "$root$dest"
      for pat in "${words[@]:1:${#words[@]}-2}"; do
        matched=0
        for f in "$ctx"/$pat; do [ -e "$f" ] && cp -r "$f" "$root$dest/" && matched=1; done
        [ $matched -eq 1 ] || fail "Dockerfile COPY $pat: nothing in the context matches"
      done ;;
    RUN) echo "package_install: RUN (as $user) $rest"; in_root "$rest" || fail "Dockerfile step failed: RUN $rest" ;;
    USER) user=$rest ;;
    WORKDIR) workdir=$rest ;;
    VOLUME) mkdir -p "$root$rest" ;;
    ENTRYPOINT) entry=$(python3 -c 'import json,sys; print(" ".join(json.loads(sys.argv[1])))' "$rest") ;;
    CMD) ;;
    *) fail "Dockerfile instruction $instr: not known to this test (tests/scripts/package_install.sh)" ;;
  esac
  steps=$((steps + 1))
done < <(sed -e 's/\r$//' "$src/Dockerfile" | awk '/^[ \t]*#/ || /^[ \t]*$/ {next}
           { if (sub(/\\$/, "")) { acc = acc $0; next } print acc $0; acc = "" }')
[ "$entry" = ccs ] || fail "Dockerfile ENTRYPOINT is '$entry', not ccs"
[ "$user" != root ] || fail "the image runs as root"

# The image at work: its entry point as its user, reports under /reports.
in_root "$entry run --profile core" >"$work/entry.log" 2>&1 || { tail -20 "$work/entry.log"; fail "$entry run in the image"; }
ls "$root"/reports/*/results.json >/dev/null 2>&1 || fail "the run wrote no reports under /reports"
echo "package_install: $steps Dockerfile steps; packages: $base in the base, $(chroot "$root" dpkg-query -W | wc -l) with ccs"
echo "package_install: ok"
