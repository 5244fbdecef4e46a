'use strict';
// Turns SDK declarations into the contract format the checker reads
// (golden/contract/README.md) and into endpoint parameter maps
// (the format server/validate.c reads).
const { ts, resolve, members, jsDoc } = require('./dts');

const K = ts.SyntaxKind;

function snake(name) {
  // Imports renamed to dodge a local name (`Discount as _Discount`) keep their type.
  return name.replace(/^Stripe\./, '').replace(/^_/, '').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function refName(t) {
  return ts.isTypeReferenceNode(t) ? t.typeName.getText().replace(/^Stripe\./, '') : null;
}

function sorted(obj) {
  const out = {};
  for (const k of Object.keys(obj).sort()) out[k] = obj[k];
  return out;
}

// Split a type into its union members, unwrapping parentheses.
function unionMembers(t) {
  while (ts.isParenthesizedTypeNode(t)) t = t.type;
  if (ts.isUnionTypeNode(t)) return t.types.flatMap(unionMembers);
  return [t];
}

function literalValue(t) {
  if (!ts.isLiteralTypeNode(t)) return undefined;
  const l = t.literal;
  if (l.kind === K.NullKeyword) return null;
  if (ts.isStringLiteral(l)) return l.text;
  if (l.kind === K.TrueKeyword) return true;
  if (l.kind === K.FalseKeyword) return false;
  if (ts.isNumericLiteral(l)) return Number(l.text);
  return undefined;
}

function docFormat(doc, type) {
  if (type !== 'integer' && type !== 'string') return undefined;
  if (type === 'integer' && /seconds since the Unix epoch|Unix timestamp/i.test(doc)) return 'unix-time';
  if (type === 'string' && /^Three-letter \[ISO currency code\]/.test(doc.trim())) return 'currency';
  return undefined;
}

class ObjectConverter {
  constructor(table) {
    this.table = table;
    this.depth = 0;
  }

  // A property: presence and requirement come from `?` and `| null`.
  property(sig, scope) {
    const node = this.type(sig.type, scope);
    const doc = jsDoc(sig);
    const optional = !!sig.questionToken;
    const out = { type: node.type, nullable: !!node.nullable };
    out.presence = optional ? (node.ref === 'list' ? 'includable' : 'optional') : 'always';
    out.required = !optional && !node.nullable;
    if (out.required) out.required_from = 'sdk';
    const fmt = node.format || docFormat(doc, node.type);
    for (const [k, v] of Object.entries(node)) {
      if (k !== 'type' && k !== 'nullable' && k !== 'format') out[k] = v;
    }
    if (fmt) out.format = fmt;
    return out;
  }

  objectOf(decl) {
    if (++this.depth > 40) throw new Error(`type nesting too deep at ${decl.qname}`);
    const out = this.fromMembers(members(this.table, decl), decl.scope.concat(decl.node.name.text));
    this.depth--;
    return out;
  }

  fromMembers(list, scope) {
    const props = {};
    let addl = null;
    for (const m of list) {
      // `deleted?: void` marks the non-deleted variant of an object: no member.
      if (ts.isPropertySignature(m) && m.type && m.type.kind !== K.VoidKeyword) props[m.name.getText()] = this.property(m, scope);
      else if (ts.isIndexSignatureDeclaration(m)) addl = this.element(m.type, scope);
    }
    const out = { type: 'object' };
    if (Object.keys(props).length) out.properties = sorted(props);
    if (addl) out.additional_properties = addl;
    return out;
  }

  // An array element or map value: type and nullability only.
  element(t, scope) {
    const node = this.type(t, scope);
    const out = { type: node.type, nullable: !!node.nullable };
    for (const [k, v] of Object.entries(node)) if (k !== 'type' && k !== 'nullable') out[k] = v;
    return out;
  }

  single(t, scope) {
    while (ts.isParenthesizedTypeNode(t)) t = t.type;
    switch (t.kind) {
      case K.StringKeyword: return { type: 'string' };
      case K.NumberKeyword: return { type: 'integer' };
      case K.BooleanKeyword: return { type: 'boolean' };
      case K.AnyKeyword: case K.UnknownKeyword: return { type: 'any' };
      default: break;
    }
    if (ts.isArrayTypeNode(t)) return { type: 'array', items: this.element(t.elementType, scope) };
    if (ts.isTypeLiteralNode(t)) return this.fromMembers(t.members, scope);
    const name = refName(t);
    if (!name) return { type: 'any' };
    const args = t.typeArguments || [];
    if (name === 'Array') return { type: 'array', items: this.element(args[0], scope) };
    // `'a' | 'b' | OtherString`: newer SDKs keep enums open for forward
    // compatibility; the API's value set is still the listed one.
    if (name === 'OtherString') return { skip: true };
    if (name === 'Metadata') return { type: 'object', additional_properties: { type: 'string', nullable: false } };
    if (name === 'Decimal') return { type: 'string', format: 'decimal' };
    if (name === 'ApiList') {
      const inner = refName(args[0]);
      return { type: 'object', ref: 'list', list_of: inner === 'LineItem' ? 'item' : snake(inner || 'object') };
    }
    if (name === 'Price') return { type: 'object', ref: 'price' };
    if (name === 'LineItem') return { type: 'object', ref: 'item' };
    const decl = resolve(this.table, t.typeName.getText(), scope);
    if (!decl) return { type: 'object', foreign: snake(name) };
    if (ts.isTypeAliasDeclaration(decl.node)) {
      if (ts.isTypeLiteralNode(decl.node.type)) return this.fromMembers(decl.node.type.members, decl.scope.concat(decl.node.name.text));
      return this.type(decl.node.type, decl.scope.concat(decl.node.name.text));
    }
    return this.objectOf(decl);
  }

  // Any type: a union becomes nullability, an enum, an expandable ID, or a
  // list of JSON types.
  type(t, scope) {
    const parts = unionMembers(t);
    let nullable = false;
    const enums = [];
    const foreign = [];
    const nodes = [];
    for (const p of parts) {
      const lit = literalValue(p);
      if (lit === null) { nullable = true; continue; }
      if (lit === true || lit === false) { nodes.push({ type: 'boolean' }); continue; }
      if (typeof lit === 'string') { enums.push(lit); continue; }
      if (typeof lit === 'number') { nodes.push({ type: 'integer' }); continue; }
      if (p.kind === K.NullKeyword) { nullable = true; continue; }
      const n = this.single(p, scope);
      if (n.skip) continue;
      if (n.foreign) foreign.push(n.foreign);
      else if (n.enum && n.type === 'string' && !n.properties) { enums.push(...n.enum); if (n.nullable) nullable = true; }
      else { if (n.nullable) nullable = true; nodes.push(n); }
    }
    return this.combine(nodes, enums, foreign, nullable);
  }

  combine(nodes, enums, foreign, nullable) {
    const hasString = nodes.some((n) => n.type === 'string' && !n.format);
    if (foreign.length && hasString) {
      return { type: ['string', 'object'], nullable, expandable: true, expand_types: foreign };
    }
    if (foreign.length && !nodes.length && !enums.length) {
      return { type: 'object', nullable, open: true, object_ref: foreign.join('|') };
    }
    if (enums.length && !nodes.length) return { type: 'string', nullable, enum: [...new Set(enums)] };
    const types = [...new Set(nodes.map((n) => n.type).flat())];
    if (nodes.length === 1 && !enums.length) return { ...nodes[0], nullable: nullable || !!nodes[0].nullable };
    if (types.length === 1 && !enums.length) {
      // Several object shapes of one JSON type: keep the type, do not guess members.
      return { type: types[0], nullable };
    }
    if (enums.length && types.length === 1 && types[0] === 'string') return { type: 'string', nullable };
    if (enums.length && !types.includes('string')) types.push('string');
    return { type: types.length ? types.sort() : 'any', nullable };
  }
}

module.exports = { ObjectConverter, unionMembers, literalValue, refName, sorted, snake };
