'use strict';
// Reads the TypeScript declarations that one `stripe` npm package ships and
// indexes every interface and type alias by its qualified name, so that a
// reference such as `Session.AfterExpiration` can be resolved from the
// namespace it appears in. Both layouts are handled: the older ambient one
// (`declare module 'stripe' { namespace Stripe { ... } }` in types/) and the
// newer module one (`export interface ...` in cjs/resources/).
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

// The files a Checkout Sessions contract needs, relative to the package root,
// in both layouts. The first existing candidate wins.
const FILES = {
  sessions: ['types/Checkout/Sessions.d.ts', 'cjs/resources/Checkout/Sessions.d.ts'],
  sessionsResource: ['types/Checkout/SessionsResource.d.ts'],
  lineItems: ['types/LineItems.d.ts', 'cjs/resources/LineItems.d.ts'],
  prices: ['types/Prices.d.ts', 'cjs/resources/Prices.d.ts'],
  shared: ['types/shared.d.ts', 'cjs/shared.d.ts'],
};

function readApiVersion(pkgDir) {
  const candidates = ['cjs/apiVersion.js', 'esm/apiVersion.js', 'lib/apiVersion.js', 'apiVersion.js'];
  for (const rel of candidates) {
    const p = path.join(pkgDir, rel);
    if (!fs.existsSync(p)) continue;
    const m = /ApiVersion\s*[=:]\s*['"]([^'"]+)['"]/.exec(fs.readFileSync(p, 'utf8'));
    if (m) return m[1];
  }
  throw new Error(`${pkgDir}: no apiVersion.js naming the pinned API version`);
}

function jsDoc(node) {
  const docs = node.jsDoc || [];
  return docs.map((d) => (typeof d.comment === 'string' ? d.comment : '')).join('\n');
}

// Index declarations: qualified name (without the leading `Stripe.`) -> node.
function indexFile(file, table) {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node, scope) => {
    if (ts.isModuleDeclaration(node)) {
      const name = node.name.text;
      // `declare module 'stripe'` and `namespace Stripe` are the package root.
      const inner = ts.isStringLiteral(node.name) || name === 'Stripe' ? scope : scope.concat(name);
      if (node.body) visit(node.body, inner);
      return;
    }
    if (ts.isModuleBlock(node) || ts.isSourceFile(node)) {
      node.statements.forEach((s) => visit(s, scope));
      return;
    }
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) {
      const q = scope.concat(node.name.text).join('.');
      if (!table.has(q)) table.set(q, { node, scope, extra: [] });
      else if (ts.isInterfaceDeclaration(node)) table.get(q).extra.push(node);
    }
  };
  visit(sf, []);
}

function load(pkgDir, api) {
  const table = new Map();
  const used = {};
  for (const [key, base] of Object.entries(FILES)) {
    // Early packages of a version keep their types under types/<api-version>/.
    const cands = base.concat(base.filter((c) => c.startsWith('types/')).map((c) => c.replace('types/', `types/${api}/`)));
    const hit = cands.find((c) => fs.existsSync(path.join(pkgDir, c)));
    if (!hit) {
      if (key === 'sessionsResource') continue; // newer packages keep params in Sessions.d.ts
      throw new Error(`${pkgDir}: none of ${cands.join(', ')}`);
    }
    used[key] = hit;
    indexFile(path.join(pkgDir, hit), table);
  }
  return { table, files: used };
}

// Resolve a (possibly dotted) reference from a namespace scope, innermost first.
function resolve(table, name, scope) {
  // `Stripe.X` names the package root, never a nearer namespace's X.
  const rooted = name.startsWith('Stripe.');
  const bare = name.replace(/^Stripe\./, '');
  for (let i = rooted ? 0 : scope.length; i >= 0; i--) {
    const q = scope.slice(0, i).concat(bare).join('.');
    if (table.has(q)) return { qname: q, ...table.get(q) };
  }
  return null;
}

// Members of an interface (with its merged re-declarations) or of a type
// alias whose type is a literal object; heritage (`extends`) is followed.
function members(table, decl) {
  const out = [];
  for (const n of [decl.node].concat(decl.extra)) {
    if (ts.isInterfaceDeclaration(n)) {
      for (const h of n.heritageClauses || []) {
        for (const t of h.types) {
          const base = resolve(table, t.expression.getText(), decl.scope);
          if (base) out.push(...members(table, base));
        }
      }
      out.push(...n.members);
    } else if (n.type && ts.isTypeLiteralNode(n.type)) {
      out.push(...n.type.members);
    }
  }
  return out;
}

module.exports = { ts, load, resolve, members, jsDoc, readApiVersion };
