import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocateByWeights, formatCents, formatDollars, parseCents, sumCents } from '../../src/kernel/money.ts';

test('parses decimal strings into cents without floating point', () => {
  assert.equal(parseCents('0'), 0);
  assert.equal(parseCents('12'), 1200);
  assert.equal(parseCents('12.5'), 1250);
  assert.equal(parseCents('12.05'), 1205);
  assert.equal(parseCents('-0.01'), -1);
  assert.equal(parseCents('1234567.89'), 123456789);
  assert.equal(parseCents('0.1'), 10);
  for (const bad of ['', '1.234', '1,000', 'abc', '1e3', '.5', '--1', '12.']) assert.equal(parseCents(bad), null, bad);
});

test('formats cents for files and for people', () => {
  assert.equal(formatCents(0), '0.00');
  assert.equal(formatCents(5), '0.05');
  assert.equal(formatCents(-1205), '-12.05');
  assert.equal(formatDollars(123456789), '$1,234,567.89');
  assert.equal(formatDollars(-55000), '-$550.00');
});

test('formatCents and parseCents are inverse for every safe amount', () => {
  fc.assert(fc.property(fc.integer({ min: -1e13, max: 1e13 }), (cents) => parseCents(formatCents(cents)) === cents));
});

test('allocation by weights always adds up to the whole and never goes negative', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -1e11, max: 1e11 }),
      fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0)),
      (total, weights) => {
        const parts = allocateByWeights(total, weights);
        assert.equal(sumCents(parts), total);
        assert.equal(parts.length, weights.length);
        parts.forEach((p, i) => {
          if (weights[i] === 0) assert.equal(p, 0);
          assert.ok(total >= 0 ? p >= 0 : p <= 0);
        });
      },
    ),
  );
});

test('allocation is within one cent of the exact proportional share', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e9 }), fc.array(fc.integer({ min: 1, max: 1e6 }), { minLength: 1, maxLength: 8 }), (total, weights) => {
      const sum = weights.reduce((a, b) => a + b, 0);
      allocateByWeights(total, weights).forEach((p, i) => assert.ok(Math.abs(p - (total * weights[i]!) / sum) < 1));
    }),
  );
});

test('a worked proration: $100.00 across 1:1:1 gives the odd cent to the first', () => {
  assert.deepEqual(allocateByWeights(10000, [1, 1, 1]), [3334, 3333, 3333]);
  assert.deepEqual(allocateByWeights(10000, [50000, 30000, 0]), [6250, 3750, 0]);
});

test('allocation refuses nonsense instead of guessing', () => {
  assert.throws(() => allocateByWeights(100, []));
  assert.throws(() => allocateByWeights(100, [0, 0]));
  assert.throws(() => allocateByWeights(100, [1.5]));
  assert.throws(() => allocateByWeights(0.5, [1]));
});
