#!/usr/bin/env node
// qs.parse throughput on the same body files as bench_form, same output:
// `FILE MB/s bodies/s`. Options lift qs's default limits (arrayLimit 20,
// parameterLimit 1000, depth 5) so qs builds the same complete tree that
// ccs_form_decode builds; --defaults parses with qs's defaults instead.
//   node bench/qs_bench.js [--defaults] FILE...
'use strict';

const fs = require('fs');
const path = require('path');
const qs = require(path.join(__dirname, '..', 'node_modules', 'qs'));

let files = process.argv.slice(2);
let opts = { arrayLimit: 1000, depth: 100, parameterLimit: 100000 };
if (files[0] === '--defaults') {
  opts = undefined;
  files = files.slice(1);
}
if (!files.length) {
  console.error('usage: node bench/qs_bench.js [--defaults] FILE...');
  process.exit(2);
}
for (const f of files) {
  const body = fs.readFileSync(f, 'latin1'); // bodies are ASCII: bytes == chars
  let sink = 0;
  for (let i = 0; i < 200; i++) sink += Object.keys(qs.parse(body, opts)).length; // warm up the JIT
  let iters = 0;
  let batch = 16;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 1.0) {
    for (let i = 0; i < batch; i++) sink += Object.keys(qs.parse(body, opts)).length;
    iters += batch;
    batch *= 2;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  if (sink < 0) console.log(sink);
  console.log(f + ' ' + (body.length * iters / elapsed / 1e6).toFixed(1) + ' MB/s ' +
    (iters / elapsed).toFixed(0) + ' bodies/s');
}
