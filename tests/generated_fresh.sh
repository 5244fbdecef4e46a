#!/usr/bin/env bash
# Every generated file in the repository is what its generator makes today
# (ctest generated_fresh). The generators and what they write:
#   scripts/gen-cases     golden/cases/ files marked "_generated" (from the
#                         contract of the cases' API version + scripts/casegen/)
#   scripts/gen-contract  golden/contract/<api-version>/, versions.json (from the
#                         pinned stripe packages in node_modules + overlay/)
#   scripts/gen-corpus    corpus/<harness>/gen-* and edge-* seeds (from golden/, tests/data)
# Each runs with --check (writes nothing, names every stale/missing/extra file).
# tests/data/fault_guards.json is declared, not generated: each fault's guard
# cases and the reason each must fail for are written from what the fault
# breaks; suite_fault_matrix proves each guard FAILs for that reason, and
# scripts/gen-fault-guards (minutes; a report that never writes the file)
# lists what else fails. Here only the cheap part: it names exactly the
# faults of `ccs serve --fault list`, each with guards that are case ids in
# golden/cases and a reason of known keys.
# Usage: tests/generated_fresh.sh [SOURCE_DIR [CCS_BIN]]  (default: env
# CCS_SOURCE_DIR / CCS_BIN, else this checkout and its build/ccs)
set -uo pipefail
src=${1:-${CCS_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}}
ccs=${2:-${CCS_BIN:-$src/build/ccs}}
cd "$src" || exit 2
failed=()

step() {  # step NAME COMMAND...: run one check, remember a failure
  local name=$1
  shift
  echo "== $name"
  if "$@"; then echo "   fresh"; else failed+=("$name"); fi
}

step "scripts/gen-cases --check" python3 scripts/gen-cases --check

if [ ! -d node_modules ]; then
  echo "== scripts/gen-contract --check"
  echo "   SKIPPED: node_modules is missing (run scripts/bootstrap); golden/contract was not checked"
else
  step "scripts/gen-contract --check" node scripts/gen-contract --check
fi

step "scripts/gen-corpus --check" python3 scripts/gen-corpus --check --ccs "$ccs"

fault_guards() {
  local faults
  faults=$("$ccs" serve --fault list) || { echo "generated_fresh: '$ccs serve --fault list' failed" >&2; return 1; }
  python3 - tests/data/fault_guards.json golden/cases "$faults" <<'PY'
import json, os, sys
path, cases_dir, listed = sys.argv[1], sys.argv[2], sys.argv[3]
faults = {line.split()[0] for line in listed.splitlines() if line.strip()}
ids = set()
for dirpath, _, names in os.walk(cases_dir):
    for n in names:
        if n.endswith(".json"):
            with open(os.path.join(dirpath, n), encoding="utf-8") as fh:
                ids.update(c["id"] for c in json.load(fh)["cases"])
doc = json.load(open(path, encoding="utf-8"))
declared = doc["faults"]
keys = {"step", "pointer", "expected", "actual", "message"}
bad = [f"{f}: a fault of ccs serve with no guards declared" for f in sorted(faults - set(declared))]
bad += [f"{f}: declared but not a fault of ccs serve" for f in sorted(set(declared) - faults)]
for f in sorted(declared):
    guards = declared[f].get("guards", {})
    if not guards:
        bad.append(f"{f}: no guard cases")
    for i, own in sorted(guards.items()):
        reason = {**declared[f].get("reason", {}), **own}
        if i not in ids:
            bad.append(f"{f}: guard {i} is not a case id in golden/cases")
        if not reason:
            bad.append(f"{f}: guard {i} has no reason (neither its own nor the fault's)")
        bad += [f"{f}: guard {i}: unknown reason key {k!r}" for k in sorted(set(reason) - keys)]
bad += [f"api_versions: {f} is not a fault of ccs serve" for f in sorted(doc.get("api_versions", {})) if f not in faults]
for b in bad:
    print(f"generated_fresh: {path}: {b}", file=sys.stderr)
if bad:
    print(f"generated_fresh: {path} is declared by hand: fix it (scripts/gen-fault-guards reports what fails under each fault)", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}
step "tests/data/fault_guards.json declares every fault with existing case ids and reasons" fault_guards

if [ ${#failed[@]} -gt 0 ]; then
  printf 'generated_fresh: FAILED: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "generated_fresh: all generated files are fresh"
