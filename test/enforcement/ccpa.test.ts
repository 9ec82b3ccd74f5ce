import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocateWithholding, arrearsOver12Weeks, ccpaLimitCents, ccpaLimitPercent, perPayPeriodCents, perPayPeriodTable } from '../../src/enforcement/ccpa.ts';

test('CCPA percentages: 50/60, +5 when 12 or more weeks in arrears (15 USC 1673(b)(2))', () => {
  assert.equal(ccpaLimitPercent({ supportsOtherFamily: true, arrearsOver12Weeks: false }), 50);
  assert.equal(ccpaLimitPercent({ supportsOtherFamily: false, arrearsOver12Weeks: false }), 60);
  assert.equal(ccpaLimitPercent({ supportsOtherFamily: true, arrearsOver12Weeks: true }), 55);
  assert.equal(ccpaLimitPercent({ supportsOtherFamily: false, arrearsOver12Weeks: true }), 65);
  assert.equal(ccpaLimitCents(100_001, 50), 50_000, 'rounded down, never over the limit');
  assert.equal(ccpaLimitCents(0, 65), 0);
  assert.throws(() => ccpaLimitCents(-1, 50));
  assert.throws(() => ccpaLimitCents(100, 101));
});

test('one order under the limit is withheld in full', () => {
  const a = allocateWithholding(100_000, 50, [{ key: 'A', currentCents: 30_000, arrearsCents: 6_000 }]);
  assert.deepEqual(a, { limitCents: 50_000, totalCents: 36_000, shares: [{ key: 'A', currentCents: 30_000, arrearsCents: 6_000 }], limited: false });
});

test('arrears give way first: current support is paid in full before any arrears', () => {
  const a = allocateWithholding(100_000, 50, [{ key: 'A', currentCents: 45_000, arrearsCents: 10_000 }]);
  assert.deepEqual(a.shares, [{ key: 'A', currentCents: 45_000, arrearsCents: 5_000 }]);
  assert.equal(a.totalCents, 50_000);
  assert.equal(a.limited, true);
});

test('several orders at one employer: current support prorated by current due, no arrears (45 CFR 303.100(a)(5))', () => {
  // $1,000 disposable at 50% = $500 for $400 + $200 current: prorated 2:1 by largest remainder -> 333.33 / 166.67.
  const a = allocateWithholding(100_000, 50, [
    { key: 'A', currentCents: 40_000, arrearsCents: 5_000 },
    { key: 'B', currentCents: 20_000, arrearsCents: 5_000 },
  ]);
  assert.deepEqual(a.shares, [
    { key: 'A', currentCents: 33_333, arrearsCents: 0 },
    { key: 'B', currentCents: 16_667, arrearsCents: 0 },
  ]);
  assert.equal(a.totalCents, 50_000);
});

test('several orders: current in full, what is left goes to arrears in proportion', () => {
  const a = allocateWithholding(100_000, 60, [
    { key: 'A', currentCents: 20_000, arrearsCents: 30_000 },
    { key: 'B', currentCents: 20_000, arrearsCents: 10_000 },
  ]);
  assert.deepEqual(a.shares, [
    { key: 'A', currentCents: 20_000, arrearsCents: 15_000 },
    { key: 'B', currentCents: 20_000, arrearsCents: 5_000 },
  ]);
});

test('per-pay-period amounts of a monthly amount (x12/52, x12/26, /2), half-up to the cent', () => {
  assert.deepEqual(perPayPeriodTable(60_000), { weekly: 13_846, biweekly: 27_692, semimonthly: 30_000, monthly: 60_000 });
  assert.equal(perPayPeriodCents(10_000, 'weekly'), 2_308);
  assert.equal(perPayPeriodCents(1, 'semimonthly'), 1);
});

test('12 weeks in arrears: more owed than could have fallen due in the last 12 weeks', () => {
  assert.equal(arrearsOver12Weeks(0, 50_000), false);
  assert.equal(arrearsOver12Weeks(138_462, 50_000), false);
  assert.equal(arrearsOver12Weeks(138_463, 50_000), true);
  assert.equal(arrearsOver12Weeks(1, 0), true, 'arrears with no current support are old');
});

const demand = fc.record({ key: fc.nat(), currentCents: fc.integer({ min: 0, max: 500_000 }), arrearsCents: fc.integer({ min: 0, max: 500_000 }) });

test('property: never over the limit, never more than asked, current before arrears, withholds as much as allowed', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2_000_000 }), fc.constantFrom(50, 55, 60, 65), fc.array(demand, { minLength: 1, maxLength: 6 }), (disposable, pct, demands) => {
      const a = allocateWithholding(disposable, pct, demands);
      assert.ok(a.totalCents <= a.limitCents);
      assert.equal(a.limitCents, Math.floor((disposable * pct) / 100));
      const askedCurrent = demands.reduce((s, d) => s + d.currentCents, 0);
      const asked = askedCurrent + demands.reduce((s, d) => s + d.arrearsCents, 0);
      assert.equal(a.totalCents, Math.min(asked, a.limitCents), 'withholds min(asked, limit)');
      const gotCurrent = a.shares.reduce((s, x) => s + x.currentCents, 0);
      assert.equal(gotCurrent, Math.min(askedCurrent, a.limitCents), 'current first');
      a.shares.forEach((s, i) => {
        assert.ok(s.currentCents <= demands[i]!.currentCents && s.arrearsCents <= demands[i]!.arrearsCents);
        if (gotCurrent < askedCurrent) assert.equal(s.arrearsCents, 0, 'no arrears while current is short');
      });
      assert.equal(a.limited, a.totalCents < asked);
    }),
    { numRuns: 500 },
  );
});

test('property: prorated current support is proportional to current due, within a cent', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2_000_000 }), fc.array(demand.filter((d) => d.currentCents > 0), { minLength: 2, maxLength: 5 }), (disposable, demands) => {
      const a = allocateWithholding(disposable, 50, demands);
      const askedCurrent = demands.reduce((s, d) => s + d.currentCents, 0);
      if (askedCurrent <= a.limitCents) return;
      a.shares.forEach((s, i) => {
        const exact = (a.limitCents * demands[i]!.currentCents) / askedCurrent;
        assert.ok(Math.abs(s.currentCents - exact) < 1, `${s.currentCents} vs ${exact}`);
      });
    }),
    { numRuns: 300 },
  );
});
