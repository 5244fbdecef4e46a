// Proof that the suite has teeth: for every fault switch of the reference
// server, the cases that guard that rule (tests/data/fault_guards.json,
// measured by scripts/gen-fault-guards) must FAIL against `ccs serve --fault
// NAME` and PASS against the healthy server, and the gate must go red.
// Prints the fault x case matrix; fails if any fault survives.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ccs = process.env.CCS_BIN;
const src = process.env.CCS_SOURCE_DIR;
const key = 'sk_test_faultmatrix00000000000000';
const recorded = JSON.parse(readFileSync(join(src, 'tests/data/fault_guards.json'), 'utf8'));
const guards = recorded.faults;
// A fault about API versions is judged at the version its guards were
// measured at; the others at the server's own version (CCS_API_VERSION).
const versions = recorded.api_versions ?? {};

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

async function runSuite(fault, ids, version) {
  const { child, url } = await startServer(fault);
  const dir = mkdtempSync(join(tmpdir(), 'ccs-fault-'));
  try {
    const r = spawnSync(ccs, ['run', '--target', url, '--api-key', key, '--alt-api-key', `${key}_alt`, '--profile', 'full', '--strict', '--jobs', '1',
      '--filter', ids.join(','), '--report-dir', dir, '--history', join(dir, 'h.jsonl'),
      ...(version ? ['--api-version', version] : [])],
      { encoding: 'utf8' });
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    const verdicts = Object.fromEntries(results.cases.map((c) => [c.id, c.verdict]));
    return { status: r.status, verdicts };
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

const listed = spawnSync(ccs, ['serve', '--fault', 'list'], { encoding: 'utf8' }).stdout
  .split('\n').filter((l) => l.trim()).map((l) => l.split(/\s+/)[0]);
const problems = [];
for (const f of listed) if (!guards[f] || guards[f].length === 0) problems.push(`${f}: no guard cases recorded`);
for (const f of Object.keys(guards)) if (!listed.includes(f)) problems.push(`${f}: recorded but not a fault of ccs serve`);

const byVersion = {};
for (const [f, ids] of Object.entries(guards)) {
  const set = (byVersion[versions[f] ?? ''] ??= new Set());
  ids.forEach((id) => set.add(id));
}
for (const [version, set] of Object.entries(byVersion)) {
  const healthy = await runSuite(null, [...set], version || undefined);
  for (const id of set) {
    if (healthy.verdicts[id] !== 'PASS') problems.push(`healthy server${version ? ' at ' + version : ''}: ${id} is ${healthy.verdicts[id] ?? 'missing'}`);
  }
}

console.log('fault'.padEnd(32) + 'gate  caught/guards  cases');
for (const f of listed) {
  const ids = guards[f] ?? [];
  if (ids.length === 0) continue;
  const { status, verdicts } = await runSuite(f, ids, versions[f]);
  const caught = ids.filter((id) => verdicts[id] === 'FAIL');
  console.log(`${f.padEnd(32)}${status === 1 ? 'red ' : 'GREEN'}  ${String(caught.length).padStart(2)}/${ids.length}         ` +
    ids.map((id) => `${id}=${verdicts[id] ?? 'missing'}`).join(' '));
  if (status !== 1) problems.push(`${f}: the gate stayed green (exit ${status}) — the fault survives`);
  for (const id of ids) if (verdicts[id] !== 'FAIL') problems.push(`${f}: guard ${id} is ${verdicts[id] ?? 'missing'}, expected FAIL`);
}
if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n` + problems.join('\n'));
  process.exit(1);
}
console.log(`\nall ${listed.length} faults caught`);
