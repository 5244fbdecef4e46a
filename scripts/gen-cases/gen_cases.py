#!/usr/bin/env python3
"""Generate the data-driven golden cases under golden/cases/ (all areas except
pagination/, amounts/generated*.json and _engine/, which come from the engine's
builtins). Run from anywhere:  python3 scripts/gen-cases/gen_cases.py
The JSON it writes is committed; edit this generator, not the JSON, and rerun.
Enum values are read from the contract (CCS_CONTRACT_DIR, default
/work/shared/contract) so a contract update regenerates the enum cases."""
import collections
import json
import re
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import write  # noqa: E402
import area_enums  # noqa: E402
import area_errors  # noqa: E402
import area_responses  # noqa: E402
import area_state  # noqa: E402


TEMPLATE = re.compile(r"\{\{(?:eq:)?([a-z_][a-z0-9_]*)[.}]")
BUILTIN_NAMES = {"config", "uuid", "now", "run", "fresh", "re", "int", "len", "type", "any", "absent"}


def check_captures(c):
    """Every {{name.path}} must refer to a capture of an earlier step."""
    seen = set()
    for i, st in enumerate(c["steps"]):
        text = json.dumps({"request": st["request"], "expect": st.get("expect", {})})
        for name in TEMPLATE.findall(text):
            if name not in BUILTIN_NAMES and name not in seen:
                sys.exit(f"{c['id']}: step {i} uses {{{{{name}...}}}} before it is captured")
        seen.update((st.get("capture") or {}).keys())


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "golden", "cases")
    root = os.path.normpath(root)
    files = {}
    for part in (area_responses.responses(), area_responses.nullability(), area_enums.enums(),
                 area_errors.errors(), area_errors.auth(), area_errors.idempotency(), area_errors.headers(),
                 area_state.all_state()):
        for k, v in part.items():
            assert k not in files, k
            files[k] = v
    ids = collections.Counter(c["id"] for cs in files.values() for c in cs)
    dup = [i for i, n in ids.items() if n > 1]
    if dup:
        sys.exit("duplicate case ids: " + ", ".join(sorted(dup)))
    for cs in files.values():
        for c in cs:
            check_captures(c)
    per_area = collections.Counter()
    for rel, cs in sorted(files.items()):
        per_area[rel.split("/")[0]] += write(root, rel, cs)
    for area, n in sorted(per_area.items()):
        print(f"{area:14} {n}")
    print(f"{'total':14} {sum(per_area.values())}")


if __name__ == "__main__":
    main()
