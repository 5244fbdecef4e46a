// Unit test of the fault guards' reason matcher (tests/fault_reason.mjs) on
// FAIL records shaped as results.json writes them: each reason key must
// reject a record that fails for another reason, and accept the right one.
import assert from 'node:assert/strict';
import { mismatches, reasonOf, reasonProblems } from './fault_reason.mjs';

const amountOffByOne = {
  verdict: 'FAIL', message: 'step 1 (create): body /amount_total: not equal',
  pointer: '/amount_total', expected: '1099', actual: '1100',
};
const statusOnly = {
  verdict: 'FAIL', message: 'step 1 (create): expected HTTP status 200, got 201',
  pointer: '', expected: '200', actual: '201',
};
const builtin = {
  verdict: 'FAIL', message: 'generated session 1 (2 items, seed 1): amount_total is wrong',
  pointer: '/amount_total', expected: '1001098', actual: '1001099',
};

// pointer: equal
assert.deepEqual(mismatches({ pointer: '/amount_total' }, amountOffByOne), []);
assert.equal(mismatches({ pointer: '/amount_total' }, statusOnly).length, 1, 'a status failure is not an /amount_total failure');
assert.equal(mismatches({ pointer: '/amount' }, amountOffByOne).length, 1, 'pointer is not a prefix match');
// step: the name in "step N (NAME):"; a builtin's message has none
assert.deepEqual(mismatches({ step: 'create' }, amountOffByOne), []);
assert.equal(mismatches({ step: 'retrieve' }, amountOffByOne).length, 1);
assert.equal(mismatches({ step: 'create' }, builtin).length, 1);
// expected / actual: equal, or {{re:}}
assert.deepEqual(mismatches({ expected: '200', actual: '201' }, statusOnly), []);
assert.equal(mismatches({ expected: '400', actual: '200' }, statusOnly).length, 2);
assert.deepEqual(mismatches({ actual: '{{re:^11}}' }, amountOffByOne), []);
assert.equal(mismatches({ actual: '{{re:^"}}' }, amountOffByOne).length, 1);
// message: contains, or {{re:}}
assert.deepEqual(mismatches({ message: 'amount_total is wrong' }, builtin), []);
assert.equal(mismatches({ message: 'amount_subtotal' }, builtin).length, 1);
assert.deepEqual(mismatches({ message: '{{re:seed [0-9]+\\)}}' }, builtin), []);
// every key must hold
assert.equal(mismatches({ pointer: '/amount_total', step: 'update' }, amountOffByOne).length, 1);

// a guard's own keys go on top of the fault's reason
const entry = { reason: { pointer: '/amount_total' }, guards: { a: {}, b: { pointer: '/x', step: 'create' } } };
assert.deepEqual(reasonOf(entry, 'a'), { pointer: '/amount_total' });
assert.deepEqual(reasonOf(entry, 'b'), { pointer: '/x', step: 'create' });

// a reason must say something, with known keys and valid patterns
assert.equal(reasonProblems({}).length, 1);
assert.equal(reasonProblems({ pointr: '/x' }).length, 1);
assert.equal(reasonProblems({ message: '{{re:(}}' }).length, 1);
assert.deepEqual(reasonProblems({ pointer: '/x', message: '{{re:a|b}}' }), []);
console.log('fault_reason: all checks pass');
