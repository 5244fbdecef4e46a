#!/usr/bin/env node
// Differential test of the form codec against npm `qs`, the library the
// official Node SDK encodes request bodies with.
//
//   node tests/form_qs_diff.js --driver BUILD/tests/form_diff_driver --work DIR
//       [--seed N] [--count N]
//
// 1. Generates --count random nested objects (seeded, so every run is the
//    same): keys and values with unicode, spaces, brackets (values only),
//    %, &, =, + and friends. For each: body = qs.stringify(obj, indices).
// 2. The C driver decodes every body (must equal obj, member order included)
//    and encodes every obj (must equal qs's body byte for byte).
// 3. Every body we encoded goes back through qs.parse, which must give obj,
//    and with literal brackets (ccs_form_literal_brackets) equals the body
//    stripe-node's own encoder (queryStringifyRequestData) writes for obj.
// Plus: encode-only cases with numbers, booleans, null and empty containers
// (bytes must equal qs.stringify), and decode-only cases where the bodies are
// rewritten as hand-written clients send them (literal brackets, '+' for
// space, lowercase escapes, raw UTF-8, shuffled pairs, stray '&'), whose
// expected tree is whatever qs.parse makes of them.
'use strict';

const fs = require('fs');
const path = require('path');
const util = require('util');
const { spawnSync } = require('child_process');

const srcDir = process.env.CCS_SOURCE_DIR || path.join(__dirname, '..');
const qs = require(path.join(srcDir, 'node_modules', 'qs'));
const stripeUtils = require(path.join(srcDir, 'node_modules', 'stripe', 'cjs', 'utils.js'));

const PARSE_OPTS = { arrayLimit: 1000, depth: 100, parameterLimit: 100000 };
const STRINGIFY_OPTS = { arrayFormat: 'indices' };

function args() {
  const a = { seed: 20240601, count: 3000, driver: null, work: null };
  for (let i = 2; i < process.argv.length; i++) {
    const k = process.argv[i];
    const v = process.argv[++i];
    if (k === '--seed') a.seed = Number(v);
    else if (k === '--count') a.count = Number(v);
    else if (k === '--driver') a.driver = v;
    else if (k === '--work') a.work = v;
    else throw new Error('unknown argument ' + k);
  }
  if (!a.driver || !a.work) throw new Error('need --driver and --work');
  return a;
}

function mulberry32(seed) {
  let s = seed >>> 0;
  return function () {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a', 'b', 'z', 'Q', 'id', 'price', '0', '1', '9', ' ', '  ', '%', '%41', '%5B', '%5D', '%20',
  '&', '=', '+', '#', '?', '/', '\\', ',', ';', ':', '@', '!', '*', "'", '(', ')', '~', '-',
  '.', '_', '"', '\t', '\n', '[', ']', '[]', '[0]', 'ü', 'é', 'ß', '€', '中文', '😀', '\u00a0',
  '\u200b', '𝄞', 'line_items', 'metadata',
];

function gen(rand) {
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const int = (n) => Math.floor(rand() * n);

  function text(isKey) {
    let s = '';
    const n = int(5) + (isKey ? 1 : 0);
    for (let i = 0; i < n; i++) {
      let p = pick(PIECES);
      if (isKey) p = p.replace(/[[\]]/g, 'k');
      s += p;
    }
    return s;
  }

  // Keys the form syntax can carry back unchanged: no brackets, not empty,
  // not a canonical index (that means an array without a schema), and not an
  // Object.prototype name (qs drops those).
  function key(taken) {
    for (;;) {
      const k = text(true);
      if (k === '' || /^(0|[1-9][0-9]*)$/.test(k) || k in Object.prototype || k === '__proto__') continue;
      if (taken && Object.prototype.hasOwnProperty.call(taken, k)) continue;
      return k;
    }
  }

  function scalar(extended) {
    if (!extended) return text(false);
    switch (int(8)) {
      case 0: return pick([0, 1, -1, 42, 2000, 123456789012, 9007199254740991, -7]);
      case 1: return pick([1.5, 0.1, -0.25, 1e21, 1.5e-7, 1e-7, 123.456, 1e300, 5e-324, 0.000001]);
      case 2: return rand() < 0.5;
      case 3: return null;
      case 4: return int(2) ? {} : [];
      default: return text(false);
    }
  }

  let budget = 0; // nodes left for the current tree, so trees stay small

  function node(depth, extended) {
    budget--;
    const kind = depth >= 6 || budget <= 0 ? 0 : int(3);
    if (kind === 0) return scalar(extended);
    if (kind === 1) {
      const o = {};
      const n = 1 + int(4);
      for (let i = 0; i < n; i++) o[key(o)] = node(depth + 1, extended);
      return o;
    }
    const n = 1 + (int(5) === 0 ? int(30) : int(4)); // sometimes past qs's default arrayLimit 20
    const a = [];
    for (let i = 0; i < n; i++) a.push(node(depth + 1, extended));
    return a;
  }

  return function tree(extended) {
    const o = {};
    budget = 24;
    const n = 1 + int(5);
    for (let i = 0; i < n; i++) o[key(o)] = node(1, extended);
    return o;
  };
}

// Rewrite an SDK body as other clients write it; qs.parse stays the oracle.
function mutate(body, rand) {
  let b = body;
  if (rand() < 0.5) b = b.replace(/%5B/g, '[').replace(/%5D/g, ']');
  if (rand() < 0.5) b = b.replace(/%20/g, '+');
  if (rand() < 0.3) b = b.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  if (rand() < 0.4) b = b.replace(/(%[89A-F][0-9A-F])+/gi, (m) => decodeURIComponent(m));
  let pairs = b.split('&');
  if (rand() < 0.5) {
    for (let i = pairs.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
    }
  }
  if (rand() < 0.3) pairs = pairs.flatMap((p) => (rand() < 0.2 ? [p, ''] : [p]));
  b = pairs.join('&');
  if (rand() < 0.2) b = '&' + b + '&';
  return b;
}

const HAND_WRITTEN = [
  'a&b=1', 'a=1&&b=2', '&', 'a[]=x&a[]=y', 'expand[]=line_items&expand[]=customer',
  'a=b=c', 'a[b]=c]=d', 'q=a+b%2Bc', 'x=%5B%5D', 'li[1][p]=b&li[0][p]=a',
  'a[2]=c&a[0]=a&a[1]=b', 'k=', 'k', 'metadata[order_id]=6735&metadata[note]=',
  'a%5bb%5d=1', 'a[0][0]=x&a[0][1]=y&a[1][0]=z', 'a[01]=x', 'a[1a]=x',
];

function stringsOnly(v) {
  // What qs.parse gives back for an encode-only tree: every leaf a string,
  // null as "", empty containers gone.
  if (v === null) return '';
  if (Array.isArray(v)) {
    const out = v.map(stringsOnly).filter((x) => x !== undefined);
    return out.length ? out : undefined;
  }
  if (typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v)) {
      const x = stringsOnly(v[k]);
      if (x !== undefined) out[k] = x;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return String(v);
}

function sameTree(a, b) {
  return util.isDeepStrictEqual(a, b) && JSON.stringify(a) === JSON.stringify(b);
}

function main() {
  const a = args();
  const rand = mulberry32(a.seed);
  const tree = gen(rand);
  const cases = [];
  let id = 0;

  for (let i = 0; i < a.count; i++) {
    const obj = tree(false);
    const body = qs.stringify(obj, STRINGIFY_OPTS);
    // The generator must stay inside what the syntax can round-trip.
    if (!sameTree(qs.parse(body, PARSE_OPTS), obj)) {
      throw new Error('generator produced a tree qs cannot round-trip: ' + JSON.stringify(obj));
    }
    cases.push({ id: id++, mode: 'both', obj, body });
  }
  for (let i = 0; i < Math.ceil(a.count / 5); i++) {
    const obj = tree(true);
    cases.push({ id: id++, mode: 'encode', obj, body: qs.stringify(obj, STRINGIFY_OPTS) });
  }
  const both = cases.filter((c) => c.mode === 'both');
  for (let i = 0; i < Math.ceil(a.count / 2); i++) {
    const body = mutate(both[i % both.length].body, rand);
    cases.push({ id: id++, mode: 'decode', obj: qs.parse(body, PARSE_OPTS), body });
  }
  for (const body of HAND_WRITTEN) {
    cases.push({ id: id++, mode: 'decode', obj: qs.parse(body, PARSE_OPTS), body });
  }

  fs.mkdirSync(a.work, { recursive: true });
  const casesFile = path.join(a.work, 'cases.jsonl');
  const oursFile = path.join(a.work, 'ours.jsonl');
  fs.writeFileSync(casesFile, cases.map((c) => JSON.stringify(c)).join('\n') + '\n');

  const run = spawnSync(a.driver, [casesFile, oursFile], { encoding: 'utf8', maxBuffer: 1 << 26 });
  process.stdout.write(run.stdout || '');
  process.stderr.write(run.stderr || '');
  if (run.error) throw run.error;
  let failures = run.status === 0 ? 0 : 1;

  // Our bodies through qs.parse must give the trees back.
  const byId = new Map(cases.map((c) => [c.id, c]));
  let checked = 0;
  for (const line of fs.readFileSync(oursFile, 'utf8').split('\n')) {
    if (!line) continue;
    const rec = JSON.parse(line);
    const c = byId.get(rec.id);
    const want = c.mode === 'both' ? c.obj : stringsOnly(c.obj) || {};
    const got = qs.parse(rec.ours, PARSE_OPTS);
    const sdk = stripeUtils.queryStringifyRequestData(c.obj);
    checked++;
    if (rec.ours_sdk !== sdk) {
      if (failures++ < 10) {
        console.error('case ' + rec.id + ': literal-bracket body differs from stripe-node\n  ours ' +
          rec.ours_sdk + '\n  sdk  ' + sdk);
      }
    }
    if (!sameTree(got, want)) {
      if (failures++ < 10) {
        console.error('case ' + rec.id + ': qs.parse(our body) differs\n  body ' + rec.ours +
          '\n  want ' + JSON.stringify(want) + '\n  got  ' + JSON.stringify(got));
      }
    }
  }
  const expected = cases.filter((c) => c.mode !== 'decode').length;
  if (checked !== expected) {
    console.error('driver wrote ' + checked + ' bodies, expected ' + expected);
    failures++;
  }
  console.log('form_qs_diff: ' + cases.length + ' cases (' + both.length + ' round-trip, seed ' +
    a.seed + '), ' + checked + ' of our bodies re-parsed by qs and held against stripe-node ' + (failures ? 'FAILED' : 'ok'));
  process.exit(failures ? 1 : 0);
}

main();
