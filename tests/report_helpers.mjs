// Shared by the report tests: a `ccs serve` with faults on a free loopback
// port, and `ccs run` against it.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const ccs = process.env.CCS_BIN;
export const key = 'sk_test_reportcauses000000000000';

export function startServer(faults) {
  const args = ['serve', '--host', '127.0.0.1', '--port', '0', '--quiet'];
  for (const f of faults) args.push('--fault', f);
  const child = spawn(ccs, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (port) => resolve({ child, url: `http://127.0.0.1:${port.trim()}` }));
    child.once('exit', (code) => reject(new Error(`ccs serve ${faults.join(' ')} exited ${code}`)));
  });
}

// One run of the whole suite (full, strict) against targets {name: url};
// returns the exit status and each target's results.json.
export function runSuite(targets, dir, extra = []) {
  const args = ['run', '--api-key', key, '--profile', 'full', '--strict', '--jobs', '4',
    '--report-dir', dir, '--history', join(dir, 'history.jsonl'), ...extra];
  const names = Object.keys(targets);
  for (const n of names) args.push('--target', names.length > 1 ? `${n}=${targets[n]}` : targets[n]);
  const r = spawnSync(ccs, args, { encoding: 'utf8' });
  const results = {};
  for (const n of names) {
    results[n] = JSON.parse(readFileSync(join(dir, names.length > 1 ? n : '', 'results.json'), 'utf8'));
  }
  return { status: r.status, stderr: r.stderr, results };
}

export const failing = (results) =>
  new Set(results.cases.filter((c) => c.verdict === 'FAIL' || c.verdict === 'ERROR').map((c) => c.id));
