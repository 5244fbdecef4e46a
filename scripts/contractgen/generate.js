'use strict';
// One contract directory per pinned `stripe` package: object contracts
// (checkout.session, item, price, list, error) and endpoints.json, plus
// versions.json listing them all.
const fs = require('fs');
const path = require('path');
const dts = require('./dts');
const { ObjectConverter } = require('./convert');
const { OPERATIONS, endpointParams } = require('./params');

function readJson(p) {
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

function render(doc) {
  return JSON.stringify(doc, null, 2) + '\n';
}

// package.json entries that are a stripe package: the plain one and aliases.
function pinnedPackages(repo) {
  const pj = readJson(path.join(repo, 'package.json'));
  const deps = { ...(pj.dependencies || {}), ...(pj.devDependencies || {}) };
  const out = [];
  for (const [name, spec] of Object.entries(deps)) {
    const m = /^npm:stripe@(.+)$/.exec(spec);
    // stripe-floor-* aliases are a version's first release: they only tell
    // which properties arrived while that version was current.
    if (name === 'stripe' || m) out.push({ dir: path.join(repo, 'node_modules', name), version: m ? m[1] : spec, floor: name.startsWith('stripe-floor-') });
  }
  return out;
}

// Find a node by a path such as `a.b`, `a[]`, `a{}.c` ('[]' = array items,
// '{}' = map values).
function nodeAt(root, p) {
  let cur = root;
  for (const tok of p.match(/[^.[\]{}]+|\[\]|\{\}/g) || []) {
    if (!cur) return null;
    if (tok === '[]') cur = cur.items;
    else if (tok === '{}') cur = cur.additional_properties || cur.additionalProperties;
    else cur = (cur.properties || {})[tok];
  }
  return cur || null;
}

// A fact with "since"/"until" (API version names, compared as strings:
// dates first) holds only for versions in that range.
function inRange(f, api) {
  return (!f.since || api >= f.since) && (!f.until || api <= f.until);
}

function applyFacts(root, facts, api) {
  for (const [p, f] of Object.entries(facts)) {
    const n = nodeAt(root, p);
    if (!n || !inRange(f, api)) continue; // this version does not have the path, or the fact
    for (const [k, v] of Object.entries(f)) if (k !== 'since' && k !== 'until') n[k] = structuredClone(v);
  }
}

function contractDoc(name, api, source, node) {
  const required = Object.entries(node.properties || {}).filter(([, v]) => v.required).map(([k]) => k).sort();
  return { name, api_version: api, generated_by: `scripts/gen-contract from ${source}`, type: 'object', nullable: false, required, properties: node.properties };
}

function objectContracts(table, api, source, overlay) {
  const conv = new ObjectConverter(table);
  // Older packages declare Checkout.Session; newer ones export Session from
  // resources/Checkout/Sessions.d.ts.
  const want = { 'checkout.session': ['Checkout.Session', 'Session'], item: ['LineItem'], price: ['Price'] };
  const docs = {};
  for (const [name, qnames] of Object.entries(want)) {
    const decl = qnames.map((q) => dts.resolve(table, q, [])).find(Boolean);
    if (!decl) throw new Error(`${source}: no ${qnames.join(' or ')} declaration`);
    const doc = contractDoc(name, api, source, conv.objectOf(decl));
    applyFacts(doc, overlay.objects.contracts[name] || {}, api);
    docs[name] = doc;
  }
  for (const name of ['list', 'error']) {
    const base = { ...overlay[name] };
    delete base._about;
    docs[name] = { name, api_version: api, generated_by: 'scripts/gen-contract from golden/contract/overlay', ...base };
  }
  return docs;
}

function endpointsDoc(table, api, source, overlay) {
  const ov = overlay.endpoints;
  const absent = [];
  const endpoints = OPERATIONS.map((op) => {
    const params = endpointParams(table, op);
    if (!params) { absent.push(op.operation); return null; }
    const facts = ov.parameters[op.operation] || {};
    const holder = { properties: params };
    for (const [p, f] of Object.entries(facts)) {
      const n = nodeAt(holder, p);
      if (!n || !inRange(f, api)) continue;
      // a copy: a version's own names must not leak into the shared overlay
      for (const [k, v] of Object.entries(f)) if (k !== 'since' && k !== 'until') n[k] = structuredClone(v);
    }
    const skeleton = { ...(ov.operations[op.operation] || {}) };
    return { ...skeleton, operation: op.operation, method: op.method, path: op.path, sdk_method: op.sdk_method, params_from: op.params, parameters: params };
  }).filter(Boolean);
  const doc = { api_version: api, generated_by: `scripts/gen-contract from ${source}`, ...ov.top, endpoints };
  if (absent.length) doc.operations_absent = absent;
  renameInFacts(doc, overlay.renamed.parameters || {});
  return doc;
}

// The overlay's constraints name values as the newest versions do (ui_mode
// elements); a version that knows a value under its older name (custom)
// gets its own name in constraints and defaults.
function renameInFacts(doc, renamed) {
  const create = (doc.endpoints.find((e) => e.operation === 'create') || {}).parameters || {};
  const swap = {};
  for (const [param, map] of Object.entries(renamed)) {
    const values = (create[param] || {}).enum || [];
    for (const [older, newer] of Object.entries(map)) {
      if (values.includes(older) && !values.includes(newer)) swap[newer] = older;
    }
  }
  if (!Object.keys(swap).length) return;
  const fix = (v) => (typeof v === 'string' && swap[v] ? swap[v] : Array.isArray(v) ? v.map(fix) : v);
  const walk = (n) => {
    if (!n || typeof n !== 'object') return;
    if (n.constraints && typeof n.constraints === 'object') {
      for (const k of Object.keys(n.constraints)) n.constraints[k] = fix(n.constraints[k]);
    }
    for (const v of Object.values(n)) if (v && typeof v === 'object') walk(v);
  };
  doc.endpoints.forEach((e) => walk(e.parameters));
}

function loadOverlay(repo) {
  const dir = path.join(repo, 'golden', 'contract', 'overlay');
  const o = {};
  for (const n of ['objects', 'endpoints', 'list', 'error', 'renamed']) o[n] = readJson(path.join(dir, `${n}.json`));
  return o;
}

function countNodes(n) {
  let c = 0;
  const walk = (x) => {
    if (!x || typeof x !== 'object') return;
    for (const v of Object.values(x.properties || {})) { c++; walk(v); }
    if (x.items) walk(x.items);
    for (const a of x.anyOf || []) walk(a);
  };
  walk(n);
  return c;
}

function countEnums(n) {
  let c = 0;
  const walk = (x) => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x.enum)) c += x.enum.length;
    for (const v of Object.values(x.properties || {})) walk(v);
    if (x.items) walk(x.items);
    if (x.additional_properties) walk(x.additional_properties);
    for (const a of x.anyOf || []) walk(a);
  };
  walk(n);
  return c;
}

// Walk the object paths of a contract: path -> node.
function paths(node, prefix, out) {
  for (const [k, v] of Object.entries(node.properties || {})) {
    const p = prefix ? `${prefix}.${k}` : k;
    out.set(p, v);
    paths(v, p, out);
    if (v.items) paths(v.items, `${p}[]`, out);
  }
  return out;
}

// Additive changes reach every API version, so an object recorded early in a
// version's life may lack a property that the version's last SDK declares.
// A required property that the floor (the version's first release, else the
// previous known version) lacks is demoted to "always returned" (SHOULD).
function demoteAdded(docs, floorDocs, floorName) {
  for (const name of ['checkout.session', 'item', 'price']) {
    const had = paths(floorDocs[name], '', new Map());
    for (const [p, n] of paths(docs[name], '', new Map())) {
      if (had.has(p) || !n.required) continue;
      n.required = false;
      delete n.required_from;
      n.added_after = floorName;
    }
    docs[name].required = Object.entries(docs[name].properties).filter(([, v]) => v.required).map(([k]) => k).sort();
  }
}

// A property an earlier version returned and this one does not is a removal
// (a breaking change of a named major): returning it is speaking another version.
function markRemoved(docs, earlier) {
  for (const name of ['checkout.session', 'item', 'price']) {
    const now = paths(docs[name], '', new Map());
    const gone = new Map();
    for (const e of earlier) {
      for (const p of paths(e.docs[name], '', new Map()).keys()) {
        if (!now.has(p)) gone.set(p, e.api);
        else gone.delete(p);
      }
    }
    for (const [p, lastApi] of gone) {
      const cut = p.lastIndexOf('.');
      const parent = cut < 0 ? docs[name] : now.get(p.slice(0, cut));
      if (!parent || !parent.properties || p.includes('[]')) continue;
      parent.properties[p.slice(cut + 1)] = { type: 'any', nullable: true, presence: 'optional', required: false, removed_after: lastApi };
      parent.properties = Object.fromEntries(Object.entries(parent.properties).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
  }
}

function buildVersion(pkg, overlay) {
  if (!fs.existsSync(pkg.dir)) throw new Error(`${pkg.dir} is missing: run scripts/bootstrap (npm ci)`);
  const api = dts.readApiVersion(pkg.dir);
  const { table, files: used } = dts.load(pkg.dir, api);
  const source = `npm stripe@${pkg.version} (${Object.values(used).join(', ')})`;
  return { api, pkg, table, source, docs: objectContracts(table, api, source, overlay) };
}

function generateAll(repo) {
  const overlay = loadOverlay(repo);
  const files = {};
  const versions = [];
  const built = [];
  const floors = new Map();
  for (const pkg of pinnedPackages(repo)) {
    const b = buildVersion(pkg, overlay);
    if (pkg.floor) { floors.set(b.api, b); continue; }
    if (built.some((v) => v.api === b.api)) throw new Error(`two pinned packages speak ${b.api}`);
    built.push(b);
  }
  built.sort((a, b) => (a.api < b.api ? -1 : 1));
  const pristine = built.map((b) => ({ api: b.api, docs: JSON.parse(JSON.stringify(b.docs)) }));
  built.forEach((b, i) => {
    const floor = floors.get(b.api);
    if (floor) demoteAdded(b.docs, floor.docs, `stripe@${floor.pkg.version}`);
    else if (i > 0) demoteAdded(b.docs, pristine[i - 1].docs, pristine[i - 1].api);
    markRemoved(b.docs, pristine.slice(0, i));
  });
  for (const { api, pkg, table, source, docs } of built) {
    for (const [name, doc] of Object.entries(docs)) files[`${api}/${name}.json`] = render(doc);
    const ep = endpointsDoc(table, api, source, overlay);
    files[`${api}/endpoints.json`] = render(ep);
    versions.push({
      api_version: api,
      package: `stripe@${pkg.version}`,
      properties: countNodes(docs['checkout.session']) + countNodes(docs.item) + countNodes(docs.price),
      parameters: ep.endpoints.reduce((s, e) => s + countNodes({ properties: e.parameters }), 0),
      enum_values: countEnums(docs['checkout.session']) + countEnums(docs.item) + countEnums(docs.price)
        + ep.endpoints.reduce((s, e) => s + countEnums({ properties: e.parameters }), 0),
    });
  }
  versions.sort((a, b) => (a.api_version < b.api_version ? -1 : 1));
  const renamed = { ...overlay.renamed };
  delete renamed._about;
  files['versions.json'] = render({
    generated_by: 'scripts/gen-contract from the stripe packages pinned in package.json',
    latest: versions.length ? versions[versions.length - 1].api_version : null,
    renamed: renamed.parameters,
    versions,
  });
  return files;
}

module.exports = { generateAll };
