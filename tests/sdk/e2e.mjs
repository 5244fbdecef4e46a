// End-to-end run of the official Node SDK against `ccs serve`: starts the
// server on port 0, reads the port from stdout's first line, runs the
// checks, stops the server. Exit 0 when every check passes.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import assert from 'node:assert/strict';
import Stripe from 'stripe';

const bin = process.env.CCS_BIN;
if (!bin) {
  console.error('CCS_BIN is not set');
  process.exit(2);
}

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const rl = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('no port from ccs serve')), 10000);
    child.on('exit', (code) => reject(new Error(`ccs serve exited early (${code})`)));
    rl.once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, port: Number(line.trim()) });
    });
  });
}

const lineItem = (name, amount, qty = 1, extra = {}) => ({
  price_data: { currency: 'usd', unit_amount: amount, product_data: { name }, ...extra },
  quantity: qty,
});

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

check('create in payment mode', async (stripe) => {
  const s = await stripe.checkout.sessions.create({
    mode: 'payment',
    success_url: 'https://example.com/ok',
    line_items: [lineItem('T-shirt', 1099, 2), { price: 'price_1MotwRLkdIwHu7ixYcPLm5uZ', quantity: 1 }],
    metadata: { order: '42' },
  });
  assert.match(s.id, /^cs_test_[A-Za-z0-9]{58}$/);
  assert.equal(s.amount_total, 3297);
  assert.equal(s.status, 'open');
  assert.equal(s.metadata.order, '42');
  assert.ok(s.url.startsWith('https://'));
  assert.equal(s.line_items, undefined);
});

check('create in setup and subscription mode', async (stripe) => {
  const setup = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: 'https://e.com/ok' });
  assert.equal(setup.payment_status, 'no_payment_required');
  const sub = await stripe.checkout.sessions.create({
    mode: 'subscription',
    success_url: 'https://e.com/ok',
    line_items: [lineItem('Plan', 1500, 1, { recurring: { interval: 'month' } })],
  });
  assert.equal(sub.mode, 'subscription');
  assert.equal(sub.amount_total, 1500);
});

check('retrieve with expand, update metadata set and unset', async (stripe) => {
  const s = await stripe.checkout.sessions.create({ mode: 'payment', line_items: [lineItem('Mug', 500, 3)] });
  const r = await stripe.checkout.sessions.retrieve(s.id, { expand: ['line_items'] });
  assert.equal(r.line_items.object, 'list');
  assert.equal(r.line_items.data[0].amount_total, 1500);
  assert.equal(r.line_items.data[0].price.unit_amount, 500);
  let u = await stripe.checkout.sessions.update(s.id, { metadata: { a: '1', b: '2' } });
  assert.deepEqual(u.metadata, { a: '1', b: '2' });
  u = await stripe.checkout.sessions.update(s.id, { metadata: { a: '' } });
  assert.deepEqual(u.metadata, { b: '2' });
  u = await stripe.checkout.sessions.update(s.id, { metadata: '' });
  assert.deepEqual(u.metadata, {});
});

check('list auto-pagination over more than 100 sessions', async (stripe) => {
  const created = [];
  for (let i = 0; i < 105; i++) {
    const s = await stripe.checkout.sessions.create({ mode: 'payment', line_items: [lineItem('P', 100 + i)] });
    created.push(s.id);
  }
  const seen = [];
  for await (const s of stripe.checkout.sessions.list({ limit: 30 })) seen.push(s.id);
  assert.equal(new Set(seen).size, seen.length, 'no duplicates');
  const idx = created.map((id) => seen.indexOf(id));
  assert.ok(idx.every((i) => i >= 0), 'every session listed');
  for (let i = 1; i < idx.length; i++) assert.ok(idx[i] < idx[i - 1], 'newest first');
});

check('listLineItems auto-pagination over 100 items', async (stripe) => {
  const items = Array.from({ length: 100 }, (_, i) => lineItem(`Item ${i}`, 10 + i));
  const s = await stripe.checkout.sessions.create({ mode: 'payment', line_items: items });
  const names = [];
  for await (const li of stripe.checkout.sessions.listLineItems(s.id, { limit: 7 })) names.push(li.description);
  assert.equal(names.length, 100);
  names.forEach((n, i) => assert.equal(n, `Item ${i}`));
});

check('expire, then expiring again is an invalid request', async (stripe) => {
  const s = await stripe.checkout.sessions.create({ mode: 'payment', line_items: [lineItem('X', 100)] });
  const e = await stripe.checkout.sessions.expire(s.id);
  assert.equal(e.status, 'expired');
  assert.equal(e.url, null);
  await assert.rejects(stripe.checkout.sessions.expire(s.id), (err) => err.type === 'StripeInvalidRequestError');
});

check('idempotent replay', async (stripe) => {
  const key = `e2e-${Date.now()}-${Math.random()}`;
  const params = { mode: 'payment', line_items: [lineItem('X', 100)] };
  const a = await stripe.checkout.sessions.create(params, { idempotencyKey: key });
  const b = await stripe.checkout.sessions.create(params, { idempotencyKey: key });
  assert.equal(a.id, b.id);
  assert.equal(b.lastResponse.headers['idempotent-replayed'], 'true');
  await assert.rejects(
    stripe.checkout.sessions.create({ ...params, metadata: { x: 'y' } }, { idempotencyKey: key }),
    (err) => err.type === 'StripeIdempotencyError');
});

check('typed errors: invalid request with param, authentication, not found', async (stripe, port) => {
  await assert.rejects(
    stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: 'price_1MotwRLkdIwHu7ixYcPLm5uZ', quantity: 'abc' }] }),
    (err) => err.type === 'StripeInvalidRequestError' && err.param === 'line_items[0][quantity]' &&
      err.code === 'parameter_invalid_integer');
  await assert.rejects(stripe.checkout.sessions.create({ line_items: [lineItem('X', 1)] }),
    (err) => err.type === 'StripeInvalidRequestError' && err.param === 'mode');
  await assert.rejects(stripe.checkout.sessions.retrieve('cs_test_doesnotexist'),
    (err) => err.type === 'StripeInvalidRequestError' && err.statusCode === 404 && err.code === 'resource_missing');
  const bad = new Stripe('sk_live_notacceptedhere', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
  await assert.rejects(bad.checkout.sessions.list(), (err) => err.type === 'StripeAuthenticationError');
  const other = new Stripe('sk_test_otheraccount0000', { host: '127.0.0.1', port, protocol: 'http' });
  const s = await stripe.checkout.sessions.create({ mode: 'payment', line_items: [lineItem('X', 100)] });
  await assert.rejects(other.checkout.sessions.retrieve(s.id), (err) => err.statusCode === 404);
});

const { child, port } = await startServer();
child.removeAllListeners('exit');
const stripe = new Stripe('sk_test_e2eAccount00000001', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
let failed = 0;
for (const { name, fn } of checks) {
  try {
    await fn(stripe, port);
    console.log(`ok   ${name}`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}: ${err && err.stack ? err.stack : err}`);
  }
}
child.kill('SIGTERM');
console.log(`${checks.length - failed}/${checks.length} SDK checks passed`);
process.exit(failed ? 1 : 0);
