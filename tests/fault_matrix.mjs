// Proof that the suite has teeth: for every fault switch of the reference
// server, the guard cases declared in tests/data/fault_guards.json must FAIL
// against `ccs serve --fault NAME` for the declared reason (tests/fault_reason.mjs:
// the failing step, JSON pointer, expected/actual, message) and PASS against
// the healthy server, and the gate must go red. A guard that fails for some
// other reason does not count: it would keep passing this test while the
// rule it is meant to guard goes unchecked.
// Prints the fault x case matrix; fails if any fault survives.
// CCS_FAULTS=NAME[,NAME] runs only those faults (to look at one by hand).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { mismatches, reasonOf, reasonProblems } from './fault_reason.mjs';

const ccs = process.env.CCS_BIN;
const src = process.env.CCS_SOURCE_DIR;
const key = 'sk_test_faultmatrix00000000000000';
const declared = JSON.parse(readFileSync(process.env.CCS_FAULT_GUARDS ?? join(src, 'tests/data/fault_guards.json'), 'utf8'));
const faults = declared.faults;
// A fault about API versions is judged at the version its guards are
// declared for; the others at the server's own version (CCS_API_VERSION).
const versions = declared.api_versions ?? {};
const only = process.env.CCS_FAULTS ? process.env.CCS_FAULTS.split(',') : null;

function startServer(fault) {
  const args = ['serve', '--host', '127.0.0.1', '--port', '0', '--quiet'];
  if (fault) args.push('--fault', fault);
  const child = spawn(ccs, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (port) => resolve({ child, url: `http://127.0.0.1:${port.trim()}` }));
    child.once('exit', (code) => reject(new Error(`ccs serve ${fault ?? ''} exited ${code}`)));
  });
}

// Runs the cases `ids` against the server (faulty or healthy); returns the
// gate's exit status and each case's results.json record.
async function runSuite(fault, ids, version) {
  const { child, url } = await startServer(fault);
  const dir = mkdtempSync(join(tmpdir(), 'ccs-fault-'));
  try {
    const r = spawnSync(ccs, ['run', '--target', url, '--api-key', key, '--alt-api-key', `${key}_alt`, '--profile', 'full', '--strict', '--jobs', '1',
      '--filter', ids.join(','), '--report-dir', dir, '--history', join(dir, 'h.jsonl'),
      ...(version ? ['--api-version', version] : [])],
      { encoding: 'utf8' });
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    return { status: r.status, records: Object.fromEntries(results.cases.map((c) => [c.id, c])) };
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

const listed = spawnSync(ccs, ['serve', '--fault', 'list'], { encoding: 'utf8' }).stdout
  .split('\n').filter((l) => l.trim()).map((l) => l.split(/\s+/)[0]);
const selected = listed.filter((f) => !only || only.includes(f));
const problems = [];
const guardIds = (f) => Object.keys(faults[f]?.guards ?? {});
for (const f of listed) if (guardIds(f).length === 0) problems.push(`${f}: no guard cases declared`);
for (const f of Object.keys(faults)) if (!listed.includes(f)) problems.push(`${f}: declared but not a fault of ccs serve`);
for (const f of selected) {
  for (const id of guardIds(f)) for (const p of reasonProblems(reasonOf(faults[f], id))) problems.push(`${f}: guard ${id}: ${p}`);
}

const byVersion = {};
for (const f of selected) {
  const set = (byVersion[versions[f] ?? ''] ??= new Set());
  guardIds(f).forEach((id) => set.add(id));
}
for (const [version, set] of Object.entries(byVersion)) {
  if (set.size === 0) continue;
  const healthy = await runSuite(null, [...set], version || undefined);
  for (const id of set) {
    const v = healthy.records[id]?.verdict;
    if (v !== 'PASS') problems.push(`healthy server${version ? ' at ' + version : ''}: ${id} is ${v ?? 'missing'}`);
  }
}

console.log('fault'.padEnd(32) + 'gate  caught/guards  cases');
for (const f of selected) {
  const ids = guardIds(f);
  if (ids.length === 0) continue;
  const { status, records } = await runSuite(f, ids, versions[f]);
  const verdict = (id) => {
    const rec = records[id];
    if (rec?.verdict !== 'FAIL') return { ok: false, text: rec?.verdict ?? 'missing' };
    const off = mismatches(reasonOf(faults[f], id), rec);
    return { ok: off.length === 0, text: off.length ? 'FAIL(other reason)' : 'FAIL', off, rec };
  };
  const judged = Object.fromEntries(ids.map((id) => [id, verdict(id)]));
  const caught = ids.filter((id) => judged[id].ok);
  console.log(`${f.padEnd(32)}${status === 1 ? 'red ' : 'GREEN'}  ${String(caught.length).padStart(2)}/${ids.length}         ` +
    ids.map((id) => `${id}=${judged[id].text}`).join(' '));
  if (status !== 1) problems.push(`${f}: the gate stayed green (exit ${status}) — the fault survives`);
  for (const id of ids) {
    const j = judged[id];
    if (!j.off) problems.push(`${f}: guard ${id} is ${j.text}, expected FAIL`);
    else if (!j.ok) {
      problems.push(`${f}: guard ${id} FAILs, but not for the declared reason (${faults[f].why ?? ''}):\n    ` +
        j.off.join('\n    ') + `\n    record: ${j.rec.message}`);
    }
  }
}
if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n` + problems.join('\n'));
  process.exit(1);
}
console.log(`\nall ${selected.length} faults caught, each guard for its declared reason`);
