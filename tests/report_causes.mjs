// Failures grouped by cause, end to end: N independent server faults at once
// must give between N and 2N causes, and the cases each fault breaks (those
// that fail with that fault alone) must fall under one or two causes of the
// combined run. Prints fault -> causes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failing, runSuite, startServer } from './report_helpers.mjs';

// Five faults of different kinds: a status, a header, a JSON type, an absent
// field and a wrong amount.
const faults = (process.env.CCS_CAUSE_FAULTS ??
  'not-found-400,no-request-id,livemode-as-string,error-no-param,amount-total-off-by-one').split(',');
const dir = mkdtempSync(join(tmpdir(), 'ccs-causes-'));
const problems = [];
const servers = [];
try {
  const all = await startServer(faults);
  servers.push(all.child);
  const combined = runSuite({ all: all.url }, join(dir, 'all')).results.all;
  const causes = combined.causes;
  const causeOf = Object.fromEntries(combined.cases.filter((c) => c.cause).map((c) => [c.id, c.cause]));
  const n = faults.length;
  console.log(`${n} faults, ${causes.length} causes (want ${n}..${2 * n}):`);
  for (const c of causes) console.log(`  ${String(c.count).padStart(4)}  ${c.id}  ${c.title}`);
  if (causes.length < n || causes.length > 2 * n) problems.push(`${causes.length} causes for ${n} faults`);
  for (const f of faults) {
    const one = await startServer([f]);
    servers.push(one.child);
    const alone = failing(runSuite({ one: one.url }, join(dir, f)).results.one);
    const under = new Set([...alone].map((id) => causeOf[id] ?? 'none'));
    console.log(`${f.padEnd(28)} ${alone.size} cases -> ${[...under].join(' ')}`);
    if (alone.size === 0) problems.push(`${f}: breaks no case on its own`);
    if (under.has('none')) problems.push(`${f}: a case it breaks has no cause in the combined run`);
    if (under.size > 2) problems.push(`${f}: its cases fall under ${under.size} causes`);
  }
} finally {
  for (const s of servers) s.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n` + problems.join('\n'));
  process.exit(1);
}
