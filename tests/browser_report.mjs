// report.html and matrix.html in headless Chromium (Debian's chromium), for a
// passing and a failing run (a server with several faults): no console
// errors, the causes section lists every cause of results.json (between N
// and 2N for N faults), expanding a cause shows its cases, the page fits a
// phone-width window and prints. Exit 77 (skipped) without Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSuite, startServer } from './report_helpers.mjs';

function which(name) {
  if (!name) return undefined;
  const dirs = name.includes('/') ? [''] : (process.env.PATH ?? '').split(':');
  return dirs.map((d) => (d ? join(d, name) : name)).find((p) => {
    try { accessSync(p, constants.X_OK); return true; } catch { return false; }
  });
}
const browser = [process.env.CCS_CHROMIUM, 'chromium', 'chromium-browser'].map(which).find(Boolean);
// Node 20 has its WebSocket client behind a flag (22 has it on): run again with it.
if (browser && typeof WebSocket === 'undefined' && process.allowedNodeEnvironmentFlags.has('--experimental-websocket')) {
  const again = spawnSync(process.execPath, ['--experimental-websocket', '--no-warnings', ...process.argv.slice(1)],
    { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}
if (!browser || typeof WebSocket === 'undefined') {
  console.log(`browser_report: SKIPPED: ${browser ? 'no WebSocket in node' : 'Chromium not found'} ` +
    '(scripts/bootstrap installs Debian\'s chromium)');
  process.exit(77);
}
const faults = ['not-found-400', 'no-request-id', 'livemode-as-string', 'error-no-param'];
const dir = mkdtempSync(join(tmpdir(), 'ccs-browser-'));
const problems = [];
const children = [];

// Every wait is bounded: a stuck browser fails the test saying where,
// instead of running into ctest's timeout.
function within(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

let launches = 0;
async function devtools() {
  const profile = join(dir, `profile-${launches++}`);
  const child = spawn(browser, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
    `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], { stdio: 'ignore' });
  children.push(child);
  const portFile = join(profile, 'DevToolsActivePort');
  for (let i = 0; i < 600 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(portFile)) throw new Error(`${browser} did not start (no DevToolsActivePort in 30 s)`);
  const port = readFileSync(portFile, 'utf8').split('\n')[0];
  const pages = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const ws = new WebSocket(pages.find((p) => p.type === 'page').webSocketDebuggerUrl);
  await within(new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', () => reject(new Error('DevTools connection failed')), { once: true });
  }), 30000, 'DevTools connection');
  let next = 1;
  const waiting = new Map(), listeners = [];
  ws.addEventListener('message', (m) => {
    const msg = JSON.parse(m.data);
    if (msg.id && waiting.has(msg.id)) waiting.get(msg.id)(msg);
    else listeners.forEach((l) => l(msg));
  });
  const send = (method, params = {}) => within(new Promise((resolve, reject) => {
    const id = next++;
    waiting.set(id, (msg) => (msg.error ? reject(new Error(`${method}: ${msg.error.message}`)) : resolve(msg.result)));
    ws.send(JSON.stringify({ id, method, params }));
  }), 60000, method);
  // Browser.close, then wait for the process: its profile is removed after
  const exited = new Promise((r) => child.once('exit', r));
  const close = async () => {
    await send('Browser.close').catch(() => {});
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    ws.close();
  };
  return { send, on: (l) => listeners.push(l), close };
}

async function load(cdp, file, width) {
  const errors = [];
  cdp.on((m) => {
    if (m.method === 'Runtime.exceptionThrown') errors.push(m.params.exceptionDetails.text);
    if (m.method === 'Runtime.consoleAPICalled' && m.params.type === 'error') errors.push('console.error');
    if (m.method === 'Log.entryAdded' && m.params.entry.level === 'error') errors.push(m.params.entry.text);
  });
  await cdp.send('Emulation.setDeviceMetricsOverride', { width, height: 800, deviceScaleFactor: 1, mobile: width < 600 });
  const loaded = new Promise((r) => cdp.on((m) => m.method === 'Page.loadEventFired' && r()));
  await cdp.send('Page.navigate', { url: `file://${file}` });
  await within(loaded, 60000, `loading ${file}`);
  await new Promise((r) => setTimeout(r, 200));
  return errors;
}

const evaluate = async (cdp, expr) =>
  (await cdp.send('Runtime.evaluate', { expression: expr, returnByValue: true })).result.value;

const t0 = Date.now();
const step = (what) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}`);

async function check(name, file, expectCauses) {
  step(`${name}: start the browser`);
  const cdp = await devtools();
  await Promise.all(['Page.enable', 'Runtime.enable', 'Log.enable'].map((m) => cdp.send(m)));
  const errors = await load(cdp, file, 390);
  step(`${name}: loaded`);
  if (errors.length) problems.push(`${name}: console errors: ${errors.join('; ')}`);
  const over = await evaluate(cdp, 'document.documentElement.scrollWidth - window.innerWidth');
  if (over > 1) problems.push(`${name}: ${over}px wider than a 390px window`);
  const pdf = await cdp.send('Page.printToPDF', {});
  step(`${name}: printed`);
  if (!pdf.data || pdf.data.length < 1000) problems.push(`${name}: printing gave no PDF`);
  if (expectCauses !== undefined) {
    const shown = await evaluate(cdp, 'document.querySelectorAll("#causes details.cause").length');
    console.log(`${name}: ${shown} causes shown, ${expectCauses} in results.json`);
    if (expectCauses === 0 && await evaluate(cdp, '!!document.querySelector("#scorecard")') !== true)
      problems.push(`${name}: no scorecard`);
    if (shown !== expectCauses) problems.push(`${name}: ${shown} causes shown, results.json has ${expectCauses}`);
    const opened = await evaluate(cdp, `(() => {
      const d = document.querySelector('#causes details.cause'); if (!d) return 'no cause';
      const list = d.querySelector('ul.cause-cases');
      const before = list.checkVisibility();
      d.querySelector('summary').click();
      const items = [...list.querySelectorAll('li')].filter((li) => li.checkVisibility()).length;
      const count = Number(d.querySelector('.count').textContent);
      return !before && d.open && items === count && count > 0 ? 'ok' : 'before=' + before + ' open=' + d.open + ' items=' + items + ' count=' + count;
    })()`);
    if (expectCauses > 0 && opened !== 'ok') problems.push(`${name}: expanding a cause did not show its cases (${opened})`);
  }
  await cdp.close();
}

try {
  const clean = await startServer([]);
  const faulty = await startServer(faults);
  children.push(clean.child, faulty.child);
  const run = runSuite({ clean: clean.url, faulty: faulty.url }, join(dir, 'r'));
  const n = run.results.faulty.causes.length;
  if (run.results.clean.causes.length !== 0) problems.push('the healthy server has causes of failure');
  if (n < faults.length || n > 2 * faults.length) problems.push(`${n} causes for ${faults.length} faults`);
  await check('passing report.html', join(dir, 'r', 'clean', 'report.html'), 0);
  await check('failing report.html', join(dir, 'r', 'faulty', 'report.html'), n);
  await check('matrix.html', join(dir, 'r', 'matrix.html'));
} catch (e) {
  problems.push(`browser: ${e.message}`);
} finally {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}
if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n` + problems.join('\n'));
  process.exit(1);
}
console.log('browser_report: ok');
