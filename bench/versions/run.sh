#!/usr/bin/env bash
# Runner overhead per case with API versions, side by side with a binary
# built from a commit before them (the peer): the full profile against each
# binary's own embedded reference server, hyperfine medians.
# usage: bench/versions/run.sh [BASE_COMMIT] [RUNS]   (default 9a9b3f9, 15)
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${1:-9a9b3f9}
runs=${2:-15}
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: RUNS must be a positive number" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "run.sh: hyperfine is missing (scripts/bootstrap installs it)" >&2; exit 2; }
wt=$(mktemp -d)
trap 'git worktree remove --force "$wt" >/dev/null 2>&1 || rm -rf "$wt"' EXIT
git worktree add -f "$wt" "$base" >/dev/null 2>&1 || { echo "run.sh: no commit $base" >&2; exit 2; }
cmake -S "$wt" -B "$wt/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$wt/build" -j"$(nproc)" --target ccs_cli >/dev/null
scripts/build plain
out=$(mktemp -d)
hyperfine --warmup 2 --runs "$runs" --export-json "$out/h.json" \
  -n "before ($base)" "CCS_GOLDEN_DIR=$wt/golden $wt/build/ccs run --profile full --jobs 4 --report-dir $out/a" \
  -n "now, 2026-07-29.dahlia" "./build/ccs run --profile full --jobs 4 --api-version 2026-07-29.dahlia --report-dir $out/b" \
  -n "now, latest" "./build/ccs run --profile full --jobs 4 --report-dir $out/c" \
  -n "now, 2024-06-20" "./build/ccs run --profile full --jobs 4 --api-version 2024-06-20 --report-dir $out/d" >/dev/null 2>&1
python3 - "$out/h.json" "$out" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
dirs = "abcd"
base = res[0]["median"]
print("| run | median s | cases run (not SKIP) | ms per case run | vs before |")
print("|---|---|---|---|---|")
for r, d in zip(res, dirs):
    cases = json.load(open(f"{sys.argv[2]}/{d}/results.json"))["cases"]
    ran = sum(1 for c in cases if c["verdict"] != "SKIP")
    print(f"| {r['command']} | {r['median']:.3f} | {ran} | {1000 * r['median'] / ran:.2f} | {100 * (r['median'] / base - 1):+.1f}% |")
PY
