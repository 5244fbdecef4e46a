#!/usr/bin/env python3
"""Every validation rule of the reference server has a case (ctest validation_rules).

A rule is one call that refuses a request with 400 in the server's validation
code (RULE_FILES below): err_param(e, CODE, PARAM, FORMAT, ...), or
err_set(e, 400, TYPE, CODE, PARAM, FORMAT, ...). Its id is
"FILE:FUNCTION: FORMAT" (the message format, which says what the rule is),
read from the code itself, so a new rule shows up here without anyone
remembering to list it. tests/data/validation_rules.json maps each rule id to
the cases that exercise it. The test fails when

  - a rule in the code has no entry, or an entry is not a rule in the code;
  - a rule lists no case (unless it says why none can exist: "unreachable",
    another check refuses every such request first; "no_case", the
    server's own limit that a conformance case must not demand of other
    implementations), or a case id that is not in golden/cases;
  - a listed case has no step expecting a 400 whose error.param fits the rule
    (the literal param of the code, or the entry's "param" pattern when the
    code builds the param at run time);
  - a listed case does not trip that rule: each listed case is run against
    the embedded server with its 400 step also expecting the rule's message
    (the format, its conversions as wildcards); a case that is refused by
    another rule FAILs there. Two rules that print the same text for the
    same param (create and update both refuse line_items in setup mode) are
    told apart by the table, not by the run.

usage: tests/validation_rules.py [--list] [--ccs BIN] [SOURCE_DIR]
  --list  print the rules found in the code (id, code, param) and exit
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

RULE_FILES = ["validate.c", "create.c", "update.c", "lineitems.c", "list.c", "expire.c"]
OWN_VERSION = "2026-07-29.dahlia"
TABLE = os.path.join("tests", "data", "validation_rules.json")


# ------------------------------------------------------------ reading the C code

def c_literal(tok):
    """The text of a C string literal token (simple escapes only)."""
    body = tok[1:-1]
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def split_args(text, start):
    """The top-level arguments of the call whose '(' is at text[start]."""
    args, depth, cur, i = [], 0, "", start + 1
    while i < len(text):
        ch = text[i]
        if ch == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            cur += text[i:j + 1]
            i = j + 1
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                args.append(cur.strip())
                return args
            depth -= 1
        if ch == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
        else:
            cur += ch
        i += 1
    raise ValueError("unterminated call")


def literal_text(arg):
    """Adjacent string literals joined, or None when arg is not only literals."""
    toks = re.findall(r'"(?:[^"\\]|\\.)*"', arg)
    if not toks or re.sub(r'"(?:[^"\\]|\\.)*"', "", arg).strip():
        return None
    return "".join(c_literal(t) for t in toks)


def strip_comments(src):
    """Comments blanked, line breaks kept (so line numbers stay)."""
    return re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), src, flags=re.S)


def function_at(src, pos):
    """Name of the function definition that encloses pos."""
    name = None
    for m in re.finditer(r"^[A-Za-z_][\w \t\*]*?\b(\w+)\([^;{]*?\)\s*\{", src[:pos], flags=re.M):
        name = m.group(1)
    return name or "?"


def rules_in(path, fname):
    with open(path, encoding="utf-8") as f:
        src = strip_comments(f.read())
    out = []
    for m in re.finditer(r"\berr_(param|set)\(", src):
        args = split_args(src, m.end() - 1)
        if m.group(1) == "set":
            if args[1] != "400":
                continue
            code, param, fmt = args[3], args[4], args[5:]
        else:
            code, param, fmt = args[1], args[2], args[3:]
        # the format: the (adjacent) literal(s) right after the param
        fmt_text = (literal_text(fmt[0]) if fmt else None) or ""
        out.append({
            "id": "%s:%s: %s" % (fname, function_at(src, m.start()), fmt_text),
            "line": src.count("\n", 0, m.start()) + 1,
            "code": literal_text(code) if literal_text(code) is not None else code,
            "param": literal_text(param),          # None: built at run time
            "param_expr": param,
            "format": fmt_text,
        })
    return out


def code_rules(src_dir):
    rules = []
    for fname in RULE_FILES:
        rules += rules_in(os.path.join(src_dir, "server", fname), fname)
    seen = {}
    for r in rules:  # the same message twice in one function: number them
        seen[r["id"]] = seen.get(r["id"], 0) + 1
        if seen[r["id"]] > 1:
            r["id"] += " #%d" % seen[r["id"]]
    return rules


# ------------------------------------------------------------ reading the cases

def load_cases(golden):
    cases = {}
    for dirpath, _, names in os.walk(os.path.join(golden, "cases")):
        for n in sorted(names):
            if n.endswith(".json"):
                with open(os.path.join(dirpath, n), encoding="utf-8") as f:
                    for c in json.load(f)["cases"]:
                        cases[c["id"]] = c
    return cases


def expects_400(step):
    st = step.get("expect", {}).get("status")
    return st == 400 or st == "4xx" or (isinstance(st, list) and (400 in st or "4xx" in st))


def refusal_steps(case):
    """The steps that expect the request to be refused with 400."""
    return [s for s in case.get("steps", []) if expects_400(s)]


def expected_param(step):
    err = (step.get("expect", {}).get("body") or {}).get("error") or {}
    return err.get("param")


def pattern(text):
    m = re.fullmatch(r"\{\{re:(.*)\}\}", text, flags=re.S)
    return m.group(1) if m else None


def param_fits(rule, entry, want):
    """Does a case's expected error.param fit the rule's param?"""
    if rule["param"] == "":
        return want is None
    if not isinstance(want, str):
        return False
    if rule["param"] is not None:
        pat = pattern(want)
        return re.search(pat, rule["param"]) is not None if pat else want == rule["param"]
    declared = entry.get("param")
    if declared is None:
        return False
    pat = pattern(want)
    if pat:  # both are patterns: the case's must at least accept the declared shape's example
        return "example" in entry and re.search(pat, entry["example"]) is not None
    return re.search(pattern(declared) or "^%s$" % re.escape(declared), want) is not None


def message_pattern(fmt):
    """A POSIX ERE for the message a format prints (kept short: the
    runner refuses patterns over 512 bytes)."""
    parts = re.split(r"%[-+ #0]*[0-9]*(?:\.[0-9]+)?(?:ll|l|z)?[sdiuxc]", fmt)
    esc = [re.sub(r"([.\[\]()*+?{}|^$\\])", r"\\\1", p) for p in parts]
    out = "^"
    for i, p in enumerate(esc):
        if len(out) + len(p) > 300:
            return out + p[:max(0, 300 - len(out))].rstrip("\\")
        out += p + (".*" if i < len(esc) - 1 else "")
    return out + "$"


# ------------------------------------------------------------ the checks

def entry_problems(rid, rule, entry, cases):
    """What is wrong with one rule's entry of the table."""
    exempt = [k for k in ("unreachable", "no_case") if k in entry]
    if exempt:
        if entry.get("cases"):
            return ["%s: has cases and says %s: drop one" % (rid, exempt[0])]
        if not (isinstance(entry[exempt[0]], str) and entry[exempt[0]].strip()):
            return ["%s: %s needs its reason" % (rid, exempt[0])]
        return []
    bad = [] if entry.get("cases") else ["%s: no case exercises this rule" % rid]
    if rule["param"] is None and "param" not in entry:
        bad.append("%s: the code builds the param (%s): give its pattern as \"param\"" % (rid, rule["param_expr"]))
    for cid in entry.get("cases", []):
        case = cases.get(cid)
        steps = refusal_steps(case) if case else []
        if case is None:
            bad.append("%s: case %s is not in golden/cases" % (rid, cid))
        elif not steps:
            bad.append("%s: case %s expects no 400" % (rid, cid))
        elif not any(param_fits(rule, entry, expected_param(s)) for s in steps):
            bad.append("%s: case %s expects a 400 with param %s, not the rule's %s"
                       % (rid, cid, json.dumps([expected_param(s) for s in steps]),
                          rule["param"] if rule["param"] is not None else entry.get("param")))
    return bad


def static_problems(rules, table, cases):
    by_id = {r["id"]: r for r in rules}
    bad = ["%s (server/%s:%d): no entry in %s: add the cases that exercise it"
           % (r["id"], r["id"].split(":")[0], r["line"], TABLE) for r in rules if r["id"] not in table]
    for rid, entry in sorted(table.items()):
        if rid not in by_id:
            bad.append("%s: listed in %s but not a rule in the code (renamed or removed?)" % (rid, TABLE))
        else:
            bad += entry_problems(rid, by_id[rid], entry, cases)
    return bad


def tripping_copy(case, rule, entry):
    """The case with its refusal step also expecting the rule's message."""
    c = json.loads(json.dumps(case))
    steps = [s for s in c["steps"] if expects_400(s)]
    fitting = [s for s in steps if param_fits(rule, entry, expected_param(s))] or steps
    step = fitting[0]
    body = step["expect"].setdefault("body", {})
    body.setdefault("error", {})["message"] = "{{re:%s}}" % message_pattern(rule["format"])
    return c


def tripping_copies(rules, table, cases):
    """{API version: [case copies]} and {copy id: (rule id, case id)}."""
    by_id = {r["id"]: r for r in rules}
    copies, jobs = {}, {}
    for rid, entry in table.items():
        rule = by_id.get(rid)
        for cid in entry.get("cases", []):
            if rule is None or cid not in cases or not refusal_steps(cases[cid]):
                continue
            c = tripping_copy(cases[cid], rule, entry)
            c["id"] = "rule%03d.%s" % (len(jobs), cid)
            copies.setdefault(cases[cid].get("since", OWN_VERSION), []).append(c)
            jobs[c["id"]] = (rid, cid)
    return copies, jobs


def run_copies(ccs, golden, version, cs, tmp):
    """Runs the copies against the embedded server: {id: results.json record}."""
    g = os.path.join(tmp, "golden")
    os.makedirs(os.path.join(g, "cases", "rules"))
    for n in os.listdir(golden):  # the contracts and catalog as they are
        if n != "cases":
            os.symlink(os.path.join(golden, n), os.path.join(g, n))
    with open(os.path.join(g, "cases", "rules", "rules.json"), "w") as f:
        json.dump({"cases": cs}, f)
    rep = os.path.join(tmp, "rep")
    subprocess.run([ccs, "run", "--golden", g, "--profile", "full", "--strict", "--api-version", version,
                    "--report-dir", rep, "--history", os.path.join(tmp, "h.jsonl")],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with open(os.path.join(rep, "results.json")) as f:
            return {c["id"]: c for c in json.load(f)["cases"]}
    except OSError:
        return {}


def run_tripping(ccs, golden, rules, table, cases):
    """Runs every listed case, expecting its rule's message; returns problems."""
    copies, jobs = tripping_copies(rules, table, cases)
    bad = []
    for version, cs in copies.items():
        with tempfile.TemporaryDirectory() as tmp:
            got = run_copies(ccs, golden, version, cs, tmp)
        for c in cs:
            rec = got.get(c["id"], {})
            if rec.get("verdict") != "PASS":
                rid, cid = jobs[c["id"]]
                bad.append("%s: case %s does not trip it (%s: %s; actual %s)"
                           % (rid, cid, rec.get("verdict", "missing"), rec.get("message"), rec.get("actual")))
    return bad


def main():
    argv = sys.argv[1:]
    ccs = os.environ.get("CCS_BIN")
    if "--ccs" in argv:
        ccs = argv[argv.index("--ccs") + 1]
        del argv[argv.index("--ccs"):argv.index("--ccs") + 2]
    listing = "--list" in argv
    argv = [a for a in argv if a != "--list"]
    src = argv[0] if argv else os.environ.get("CCS_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    rules = code_rules(src)
    if listing:
        for r in rules:
            print("%s\n    line %d, code %s, param %s" % (r["id"], r["line"], r["code"],
                                                       json.dumps(r["param"]) if r["param"] is not None else r["param_expr"]))
        print("%d rules" % len(rules))
        return 0
    with open(os.path.join(src, TABLE), encoding="utf-8") as f:
        table = json.load(f)["rules"]
    golden = os.path.join(src, "golden")
    cases = load_cases(golden)
    bad = static_problems(rules, table, cases)
    bad += run_tripping(ccs or os.path.join(src, "build", "ccs"), golden, rules, table, cases)
    for b in bad:
        print("validation_rules: " + b, file=sys.stderr)
    n_cases = len({c for e in table.values() for c in e.get("cases", [])})
    exempt = {k: sum(1 for e in table.values() if k in e) for k in ("unreachable", "no_case")}
    print("%d rules in %s: %d with cases (%d cases), %d unreachable, %d server-only without a case; %d problem(s)"
          % (len(rules), ", ".join(RULE_FILES), len(rules) - sum(exempt.values()), n_cases,
             exempt["unreachable"], exempt["no_case"], len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
