// What a fault guard's failure must be about (tests/data/fault_guards.json):
// a declared reason is matched against the FAIL record results.json keeps
// for the case, so a guard that fails for some other reason (a status code
// on the way to the field it is about, a fixture that broke) does not count
// as catching the fault.
//
// Reason keys: step (the failing step's name, from "step N (NAME): ..."),
// pointer, expected, actual (equal to the record's text, or {{re:REGEX}}),
// message (contained in the record's message, or {{re:REGEX}}).
export const REASON_KEYS = ['step', 'pointer', 'expected', 'actual', 'message'];

// The guard's own keys on top of the fault's reason.
export function reasonOf(entry, id) {
  return { ...(entry.reason ?? {}), ...(entry.guards?.[id] ?? {}) };
}

function stepName(message) {
  const m = /^step \d+ \(([^)]*)\)/.exec(message ?? '');
  return m ? m[1] : null;
}

function pattern(want) {
  const m = /^\{\{re:(.*)\}\}$/s.exec(want);
  return m ? new RegExp(m[1]) : null;
}

// true when `got` satisfies `want`; `contains` for message fragments.
function satisfies(want, got, contains) {
  if (got === null || got === undefined) return false;
  const re = pattern(want);
  if (re) return re.test(got);
  return contains ? got.includes(want) : got === want;
}

// Problems with a declared reason itself (unknown keys, bad patterns, none).
export function reasonProblems(reason) {
  const out = [];
  const keys = Object.keys(reason);
  if (keys.length === 0) out.push('no reason declared (step, pointer, expected, actual or message)');
  for (const k of keys) {
    if (!REASON_KEYS.includes(k)) out.push(`unknown reason key "${k}"`);
    else if (typeof reason[k] !== 'string') out.push(`reason key "${k}" is not a string`);
    else {
      try { pattern(reason[k]); } catch (e) { out.push(`reason key "${k}": ${e.message}`); }
    }
  }
  return out;
}

// The reason keys a FAIL record does not satisfy, each as "key: wanted W, got G".
export function mismatches(reason, record) {
  const got = {
    step: stepName(record.message),
    pointer: record.pointer ?? '',
    expected: record.expected,
    actual: record.actual,
    message: record.message,
  };
  const out = [];
  for (const [k, want] of Object.entries(reason)) {
    if (!REASON_KEYS.includes(k)) continue;
    if (!satisfies(want, got[k], k === 'message')) out.push(`${k}: wanted ${JSON.stringify(want)}, got ${JSON.stringify(got[k])}`);
  }
  return out;
}
