// Pure rules of the fraud signals report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { daysBetween, familiesOf, invalidSsnReason, maskRouting } from '../../src/fraud/rules.ts';

test('SSN validity: never-issued areas, group, serial and known invalid numbers fail; ordinary numbers pass', () => {
  for (const bad of ['000123456', '666123456', '900123456', '999991234', '123004567', '123450000', '078051120', '219099999']) assert.ok(invalidSsnReason(bad), bad);
  for (const good of ['212456781', '318224410', '665123456', '899991234']) assert.equal(invalidSsnReason(good), null, good);
});

test('payees sharing a case are one family, transitively; payees sharing none are separate families', () => {
  const cases = new Map<number, number[]>([[1, [10]], [2, [10, 11]], [3, [11]], [4, [12]]]);
  assert.deepEqual(familiesOf([1, 2, 3, 4], cases), [[1, 2, 3], [4]]);
  assert.deepEqual(familiesOf([1, 4], cases), [[1], [4]]);
  assert.deepEqual(familiesOf([5, 6], new Map()), [[5], [6]]);
});

test('families partition the payees: every payee in exactly one family', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 15 }), fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 8 })), { maxLength: 30 }), (payees, links) => {
      const cases = new Map<number, number[]>();
      for (const [p, c] of links) cases.set(p, [...(cases.get(p) ?? []), c]);
      const fams = familiesOf(payees, cases);
      assert.deepEqual(fams.flat().sort((a, b) => a - b), [...payees].sort((a, b) => a - b));
    }),
  );
});

test('days between dates and masked routing numbers', () => {
  assert.equal(daysBetween('2026-10-20', '2026-10-25'), 5);
  assert.equal(daysBetween('2026-02-27', '2026-03-01'), 2);
  assert.equal(maskRouting('011000015'), '*****0015');
});
