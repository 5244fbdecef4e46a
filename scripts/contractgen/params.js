'use strict';
// Endpoint parameters from the SDK's *Params interfaces, in the format the
// server's validator and the case generator read (golden/contract/README.md,
// "endpoints.json").
const { ts, resolve, members } = require('./dts');
const { unionMembers, literalValue, refName, sorted } = require('./convert');

const K = ts.SyntaxKind;

class ParamConverter {
  constructor(table) {
    this.table = table;
  }

  fields(list, scope) {
    const props = {};
    let addl = null;
    for (const m of list) {
      if (ts.isPropertySignature(m) && m.type) {
        const node = this.type(m.type, scope);
        props[m.name.getText()] = { type: node.type, required: !m.questionToken, ...strip(node) };
      } else if (ts.isIndexSignatureDeclaration(m)) {
        addl = this.type(m.type, scope);
      }
    }
    return { props, addl };
  }

  objectOf(decl) {
    return this.fromMembers(members(this.table, decl), decl.scope.concat(decl.node.name.text));
  }

  fromMembers(list, scope) {
    const { props, addl } = this.fields(list, scope);
    const out = { type: 'object' };
    if (Object.keys(props).length) out.properties = sorted(props);
    if (addl) out.additionalProperties = addl;
    return out;
  }

  single(t, scope) {
    while (ts.isParenthesizedTypeNode(t)) t = t.type;
    if (t.kind === K.StringKeyword) return { type: 'string' };
    if (t.kind === K.NumberKeyword) return { type: 'integer' };
    if (t.kind === K.BooleanKeyword) return { type: 'boolean' };
    if (ts.isArrayTypeNode(t)) return { type: 'array', items: this.type(t.elementType, scope) };
    if (ts.isTypeLiteralNode(t)) return this.fromMembers(t.members, scope);
    const name = refName(t);
    const args = (t.typeArguments || []);
    if (name === 'Array') return { type: 'array', items: this.type(args[0], scope) };
    if (name === 'Emptyable') return { ...this.type(args[0], scope), emptyable: true };
    if (name === 'OtherString') return { open_enum: true };
    if (name === 'MetadataParam') return { type: 'object', additionalProperties: { type: 'string' }, metadata: true };
    if (name === 'Decimal') return { type: 'string', format: 'decimal' };
    const decl = name && resolve(this.table, t.typeName.getText(), scope);
    if (!decl) return { type: 'string' };
    if (ts.isTypeAliasDeclaration(decl.node) && !ts.isTypeLiteralNode(decl.node.type)) {
      return this.type(decl.node.type, decl.scope.concat(decl.node.name.text));
    }
    return this.objectOf(decl);
  }

  type(t, scope) {
    const enums = [];
    const nodes = [];
    let emptyable = false;
    let open = false;
    for (const p of unionMembers(t)) {
      const lit = literalValue(p);
      if (lit === '' || lit === null) { emptyable = true; continue; }
      if (typeof lit === 'string') { enums.push(lit); continue; }
      if (typeof lit === 'boolean') { nodes.push({ type: 'boolean' }); continue; }
      const n = this.single(p, scope);
      if (n.open_enum) { open = true; continue; }
      if (n.emptyable) emptyable = true;
      if (n.enum && n.type === 'string') { enums.push(...n.enum); if (n.sdk_open_enum) open = true; continue; }
      nodes.push(n);
    }
    let out;
    if (enums.length && !nodes.length) out = { type: 'string', enum: [...new Set(enums)].sort() };
    else if (nodes.length === 1 && !enums.length) out = { ...nodes[0] };
    else if (!nodes.length) out = { type: 'string' };
    else {
      const alts = nodes.map((n) => ({ ...n }));
      if (enums.length) alts.push({ type: 'string', enum: [...new Set(enums)].sort() });
      const same = new Set(alts.map((a) => a.type));
      out = same.size === 1 ? { type: alts[0].type } : { anyOf: alts };
    }
    delete out.emptyable;
    if (out.enum && open) out.sdk_open_enum = true;
    if (emptyable) out.emptyable = true;
    return out;
  }
}

function strip(node) {
  const out = { ...node };
  delete out.type;
  return out;
}

// The six operations and the SDK interface that holds each one's parameters.
const OPERATIONS = [
  { operation: 'list', method: 'GET', path: '/v1/checkout/sessions', params: 'Checkout.SessionListParams', sdk_method: 'checkout.sessions.list' },
  { operation: 'create', method: 'POST', path: '/v1/checkout/sessions', params: 'Checkout.SessionCreateParams', sdk_method: 'checkout.sessions.create' },
  { operation: 'retrieve', method: 'GET', path: '/v1/checkout/sessions/{session}', params: 'Checkout.SessionRetrieveParams', sdk_method: 'checkout.sessions.retrieve' },
  { operation: 'update', method: 'POST', path: '/v1/checkout/sessions/{session}', params: 'Checkout.SessionUpdateParams', sdk_method: 'checkout.sessions.update' },
  { operation: 'expire', method: 'POST', path: '/v1/checkout/sessions/{session}/expire', params: 'Checkout.SessionExpireParams', sdk_method: 'checkout.sessions.expire' },
  { operation: 'list_line_items', method: 'GET', path: '/v1/checkout/sessions/{session}/line_items', params: 'Checkout.SessionListLineItemsParams', sdk_method: 'checkout.sessions.listLineItems' },
];

function endpointParams(table, op) {
  const decl = resolve(table, op.params, []);
  if (!decl) return null; // the operation does not exist at this version
  const conv = new ParamConverter(table);
  const { props } = conv.fields(members(table, decl), decl.scope.concat(decl.node.name.text));
  const where = op.method === 'GET' ? 'query' : 'body';
  for (const p of Object.values(props)) p.in = where;
  // The session ID travels in the path; the SDK passes it as an argument.
  if (op.path.includes('{session}')) props.session = { type: 'string', required: true, in: 'path' };
  return sorted(props);
}

module.exports = { OPERATIONS, endpointParams };
