#!/usr/bin/env node
// Writes bench/form/small.body and bench/form/large.body: Checkout Session
// create bodies encoded exactly as the official Node SDK encodes them
// (qs.stringify with arrayFormat "indices"). Deterministic; the outputs are
// committed so the benchmark needs no node.
//   node bench/gen_bodies.js [OUTDIR]
'use strict';

const fs = require('fs');
const path = require('path');
const qs = require(path.join(__dirname, '..', 'node_modules', 'qs'));

const out = process.argv[2] || path.join(__dirname, 'form');
const enc = (o) => qs.stringify(o, { arrayFormat: 'indices' });

// ~200 bytes: one catalog price, the common create call.
const small = {
  mode: 'payment',
  success_url: 'https://example.com/success',
  line_items: [{ price: 'price_1MotwRLkdIwHu7ixYcPLm5uZ', quantity: 2 }],
  metadata: { order_id: '6735' },
  expand: ['line_items'],
};

// ~32 KB: 100 line items with inline price and product data.
const items = [];
for (let i = 0; i < 100; i++) {
  items.push({
    price_data: {
      currency: 'usd',
      unit_amount: 1000 + i * 37,
      tax_behavior: 'exclusive',
      product_data: {
        name: 'T-shirt size ' + ['S', 'M', 'L', 'XL'][i % 4] + ' #' + i,
      },
    },
    quantity: 1 + (i % 3),
    adjustable_quantity: { enabled: true },
  });
}
const large = {
  mode: 'payment',
  success_url: 'https://example.com/success?session_id={CHECKOUT_SESSION_ID}',
  cancel_url: 'https://example.com/cancel',
  customer_email: 'jenny.rosen@example.com',
  client_reference_id: 'order-6735',
  line_items: items,
  metadata: { order_id: '6735', channel: 'web' },
  payment_method_types: ['card'],
  expand: ['line_items'],
};

fs.mkdirSync(out, { recursive: true });
for (const [name, obj] of [['small', small], ['large', large]]) {
  const body = enc(obj);
  fs.writeFileSync(path.join(out, name + '.body'), body);
  console.log(name + '.body ' + body.length + ' bytes');
}
