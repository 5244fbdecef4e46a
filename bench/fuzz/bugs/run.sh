#!/usr/bin/env bash
# Planted-bug benchmark: how many realistic bugs the fuzz harnesses find, and
# how fast. Every bench/fuzz/bugs/*.patch plants one bug in lib/ or server/
# and names the harness that should find it ("harness:" in its header).
#
# usage: bench/fuzz/bugs/run.sh [--time SECONDS] [--rounds N] [--bug NAME]...
#        bench/fuzz/bugs/run.sh --check [--cc CC] [-- EXTRA_CFLAGS...]
#   --time    seconds of fuzzing per round (default 60)
#   --rounds  seeded rounds per bug not found by replay (default 3; round r
#             uses -seed=r)
#   --bug     only this bug (NAME = file name without .patch); repeatable
#   --check   do not fuzz: every patch applies to the tree and the files it
#             patches compile warning-free (the ctest fuzz_bugs_apply)
#
# For each bug, in a scratch copy of the tree (build-bugs/src, its own git
# repository; build tree build-bugs/build, libFuzzer + ASan + UBSan as
# `scripts/build fuzz`): apply the patch, build only fuzz_<harness>, replay
# corpus/<harness>/ once (-runs=0; a deterministic replay finds a bug or not
# whatever the seed), and when the replay is clean fuzz a fresh copy of the
# corpus for --time seconds, --rounds times, with the harness's committed
# dictionary, max_len and timeout, single process under nice. Then the
# patch is reverted. A round finds the bug when the fuzzer stops with an
# artifact (crash, leak, timeout, oom); its time is wall-clock seconds from
# the fuzzer's start (loading the corpus included). A bug is "replay" when
# the replay finds it, "fuzzing" when the median round finds it within the
# budget (a round that does not find it counts as slower than any that
# does), else "not found".
# Writes reports/fuzz-bugs/results.tsv (one row per bug) and prints a
# Markdown table; logs and artifacts stay in build-bugs/runs/.
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$PWD
bugs=$root/bench/fuzz/bugs

budget=60
rounds=3
only=()
check=0
cc=${CC:-cc}
extra=()
need() { [ -n "${2:-}" ] || { echo "bench/fuzz/bugs/run.sh: $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --time) need "$@"; budget=$2; shift 2 ;;
    --rounds) need "$@"; rounds=$2; shift 2 ;;
    --bug) need "$@"; only+=("$2"); shift 2 ;;
    --check) check=1; shift ;;
    --cc) need "$@"; cc=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "bench/fuzz/bugs/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$budget$rounds" in *[!0-9]*) echo "bench/fuzz/bugs/run.sh: --time and --rounds take integers" >&2; exit 2 ;; esac

harnesses=" form_decode form_roundtrip json_parse response_check server_request "
# header HEADER PATCH -> the value of "HEADER: value" before the diff
header() { sed -n "/^diff --git/q; s/^$1: *//p" "$2" | head -1; }

patches=()
if [ ${#only[@]} -gt 0 ]; then
  for b in "${only[@]}"; do
    [ -f "$bugs/$b.patch" ] || { echo "bench/fuzz/bugs/run.sh: no bug $b" >&2; exit 2; }
    patches+=("$bugs/$b.patch")
  done
else
  for p in "$bugs"/*.patch; do patches+=("$p"); done
fi

# ---- --check: the patches still apply and compile ----
if [ "$check" = 1 ]; then
  fails=0
  for p in "${patches[@]}"; do
    name=$(basename "$p" .patch)
    h=$(header harness "$p")
    case "$harnesses" in *" $h "*) ;; *) echo "FAIL $name: unknown harness '$h'"; fails=$((fails + 1)); continue ;; esac
    if ! git -C "$root" apply --check "$p" 2>/tmp/ccs-bugs-check.$$; then
      echo "FAIL $name: does not apply: $(head -3 /tmp/ccs-bugs-check.$$)"
      fails=$((fails + 1))
      continue
    fi
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/ccs-bugs-check.XXXXXX")
    cp -r "$root/include" "$root/lib" "$root/server" "$tmp/"
    git init -q "$tmp" && git -C "$tmp" apply "$p"
    ok=1
    while IFS= read -r f; do
      case "$f" in *.c) ;; *) continue ;; esac
      if ! "$cc" -std=gnu11 -fsyntax-only -Wall -Wextra -Werror -I"$tmp/include" -I"$tmp/server" \
           -DCCS_GOLDEN_DEFAULT='"golden"' "${extra[@]}" "$tmp/$f" 2>/tmp/ccs-bugs-check.$$; then
        echo "FAIL $name: $f does not compile: $(grep -m3 -E 'error' /tmp/ccs-bugs-check.$$)"
        ok=0
      fi
    done < <(git -C "$root" apply --numstat "$p" | cut -f3)
    rm -rf "$tmp"
    if [ "$ok" = 1 ]; then echo "ok   $name ($h)"; else fails=$((fails + 1)); fi
  done
  rm -f /tmp/ccs-bugs-check.$$
  echo "${#patches[@]} patches, $fails failing"
  [ "$fails" = 0 ]
  exit
fi

# ---- the campaign ----
scratch=$root/build-bugs
src=$scratch/src
bld=$scratch/build
mkdir -p "$src" "$scratch/runs" reports/fuzz-bugs
# The scratch copy follows the tree (tracked files, corpus aside: the runs
# read corpus/ here); a file is copied only when it differs, so the build
# recompiles what changed, including what an interrupted run left patched.
[ -d "$src/.git" ] || git init -q "$src"
git -C "$root" ls-files -z -- ':!corpus' | while IFS= read -r -d '' f; do
  if ! cmp -s "$f" "$src/$f" 2>/dev/null; then
    mkdir -p "$src/$(dirname "$f")"
    cp "$f" "$src/$f"
  fi
done
[ -f "$bld/CMakeCache.txt" ] ||
  cmake -S "$src" -B "$bld" -DCCS_WERROR=ON -DCCS_FUZZ=ON -DCMAKE_C_COMPILER=clang \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

export CCS_GOLDEN_DIR=$root/golden
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16:malloc_context_size=10:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

option() { sed -n "s/^$2 *= *//p" "fuzz/$1.options" 2>/dev/null | head -1; }
artifact() { find "$1" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | head -1; }
# What stopped the fuzzer: the sanitizer's summary or the harness's property.
why() {
  local line
  line=$(grep -m1 -E '^SUMMARY: |^==fuzz== property|ERROR: libFuzzer' "$1" || true)
  line=${line#SUMMARY: }
  line=${line#==fuzz== }
  # paths relative to the repository: a clone's location is nobody's business
  line=$(sed -E "s#at [^ ]*/#at #; s#[^ ]*/build-bugs/src/##g; s#[^ (]*/build-bugs/#build-bugs/#g" <<<"$line")
  printf '%s' "${line:0:90}" | tr '\t|' '  '
}
build() { # build HARNESS LOG
  nice -n 10 cmake --build "$bld" -j2 --target "fuzz_$1" >"$2" 2>&1
}

tsv=reports/fuzz-bugs/results.tsv
printf 'bug\tharness\tkind\tverdict\treplay\trounds\tmedian_s\thow\n' >"$tsv"
baseline_done=" "
for p in "${patches[@]}"; do
  name=$(basename "$p" .patch)
  h=$(header harness "$p")
  kind=$(header kind "$p")
  exe=$bld/fuzz/fuzz_$h
  work=$scratch/runs/$name
  rm -rf "$work"
  mkdir -p "$work"
  # The unpatched harness must replay its corpus cleanly, or nothing below means anything.
  if [ "${baseline_done#* $h }" = "$baseline_done" ]; then
    build "$h" "$work/build-baseline.log" || { echo "baseline build of fuzz_$h failed: $work/build-baseline.log" >&2; exit 1; }
    "$exe" -runs=0 -rss_limit_mb=2048 "corpus/$h" >"$work/baseline.log" 2>&1 ||
      { echo "fuzz_$h fails on its corpus without a planted bug: $work/baseline.log" >&2; exit 1; }
    baseline_done="$baseline_done$h "
  fi
  git -C "$src" apply "$p"
  verdict="not found" replay=- times=() how=
  if ! build "$h" "$work/build.log"; then
    verdict="build failed"
  else
    mkdir -p "$work/replay"
    start=$EPOCHREALTIME
    if ! nice -n 10 "$exe" -runs=0 -timeout="$(option "$h" timeout || echo 10)" -rss_limit_mb=2048 \
         -artifact_prefix="$work/replay/" "corpus/$h" >"$work/replay.log" 2>&1; then
      replay=$(printf '%.1f' "$(echo "$EPOCHREALTIME - $start" | bc)")
      verdict=replay
      how=$(why "$work/replay.log")
    else
      for r in $(seq 1 "$rounds"); do
        rw=$work/r$r
        mkdir -p "$rw/corpus"
        cp "corpus/$h"/* "$rw/corpus/"
        flags=(-seed="$r" -max_total_time="$budget" -timeout="$(option "$h" timeout || echo 10)"
               -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$rw/")
        [ -n "$(option "$h" max_len)" ] && flags+=(-max_len="$(option "$h" max_len)")
        [ -f "fuzz/$h.dict" ] && flags+=(-dict="fuzz/$h.dict")
        start=$EPOCHREALTIME
        nice -n 10 "$exe" "${flags[@]}" "$rw/corpus" >"$rw/fuzz.log" 2>&1 || true
        t=$(printf '%.1f' "$(echo "$EPOCHREALTIME - $start" | bc)")
        if [ -n "$(artifact "$rw")" ]; then
          times+=("$t")
          [ -n "$how" ] || how=$(why "$rw/fuzz.log")
        else
          times+=("-")
        fi
        rm -rf "$rw/corpus"
      done
    fi
  fi
  git -C "$src" apply -R "$p"
  median=-
  if [ ${#times[@]} -gt 0 ]; then
    # Not found sorts after every time; the median is the middle round.
    median=$(printf '%s\n' "${times[@]}" | sed 's/^-$/inf/' | sort -g | sed -n "$(((${#times[@]} + 1) / 2))p")
    if [ "$median" = inf ]; then median=-; else verdict=fuzzing; fi
  fi
  rounds_text=$(IFS=/; echo "${times[*]:-}")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$h" "$kind" "$verdict" "$replay" "${rounds_text:--}" \
    "$median" "${how:--}" >>"$tsv"
  printf '%-28s %-15s %-10s replay %-5s rounds %-20s median %s\n' "$name" "$h" "$verdict" "$replay" \
    "${rounds_text:--}" "$median"
done

echo
echo "| bug | harness | kind | found by | replay (s) | rounds (s) | median (s) | what stopped the fuzzer |"
echo "|---|---|---|---|---|---|---|---|"
tail -n +2 "$tsv" | while IFS=$'\t' read -r name h kind verdict replay rr median how; do
  echo "| $name | $h | $kind | $verdict | $replay | $rr | $median | $how |"
done
echo
printf 'bugs %s: replay %s, fuzzing %s, not found %s (budget %s s, %s rounds)\n' \
  "$(tail -n +2 "$tsv" | wc -l)" "$(cut -f4 "$tsv" | grep -c '^replay$' || true)" \
  "$(cut -f4 "$tsv" | grep -c '^fuzzing$' || true)" "$(cut -f4 "$tsv" | grep -c '^not found$' || true)" \
  "$budget" "$rounds"
