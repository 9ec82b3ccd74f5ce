import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { withholdingChange } from '../../src/enforcement/iwo-changes.ts';
import { allocateWithholding, ccpaLimitCents } from '../../src/enforcement/ccpa.ts';

test('a withholding order is amended when the order or the amounts change, terminated when nothing is left', () => {
  const held = { supportOrderId: 7, currentMonthlyCents: 30_000, arrearsPaymentMonthlyCents: 6_000 };
  assert.equal(withholdingChange(held, { activeOrderId: 7, currentMonthlyCents: 30_000, arrearsPaymentMonthlyCents: 6_000 }), 'none');
  assert.equal(withholdingChange(held, { activeOrderId: 9, currentMonthlyCents: 30_000, arrearsPaymentMonthlyCents: 6_000 }), 'amend', 'modified order');
  assert.equal(withholdingChange(held, { activeOrderId: 7, currentMonthlyCents: 30_000, arrearsPaymentMonthlyCents: 0 }), 'amend', 'arrears paid off');
  assert.equal(withholdingChange(held, { activeOrderId: null, currentMonthlyCents: 0, arrearsPaymentMonthlyCents: 0 }), 'terminate');
  assert.equal(withholdingChange(held, { activeOrderId: 7, currentMonthlyCents: 0, arrearsPaymentMonthlyCents: 0 }), 'terminate', 'order in force but nothing to withhold');
});

test('three orders over the limit: current prorated first, to the cent, arrears get nothing', () => {
  // $1,000.00 disposable at 50%: $500.00; current 250 + 200 + 150.01 = 600.01 > 500. Exact shares 208.3299, 166.6639,
  // 125.0062: floors 208.32 + 166.66 + 125.00 = 499.98, the two cents left go to the largest remainders (a, c).
  const r = allocateWithholding(100_000, 50, [{ key: 'a', currentCents: 25_000, arrearsCents: 5_000 }, { key: 'b', currentCents: 20_000, arrearsCents: 4_000 }, { key: 'c', currentCents: 15_001, arrearsCents: 0 }]);
  assert.deepEqual(r.shares.map((s) => [s.key, s.currentCents, s.arrearsCents]), [['a', 20_833, 0], ['b', 16_666, 0], ['c', 12_501, 0]]);
  assert.equal(r.totalCents, 50_000);
});

const demand = fc.record({ key: fc.nat(), currentCents: fc.integer({ min: 0, max: 400_000 }), arrearsCents: fc.integer({ min: 0, max: 400_000 }) });

test('property: the parts add up to the whole (the limit, or everything asked when under it), current before arrears', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 3_000_000 }), fc.constantFrom(50, 55, 60, 65), fc.array(demand, { minLength: 1, maxLength: 6 }), (disposable, pct, demands) => {
      const r = allocateWithholding(disposable, pct, demands);
      const limit = ccpaLimitCents(disposable, pct);
      const asked = demands.reduce((s, d) => s + d.currentCents + d.arrearsCents, 0);
      const sum = r.shares.reduce((s, x) => s + x.currentCents + x.arrearsCents, 0);
      assert.equal(sum, r.totalCents);
      assert.equal(sum, Math.min(limit, asked), 'the whole available is withheld, to the cent');
      const currentAsked = demands.reduce((s, d) => s + d.currentCents, 0);
      const currentGot = r.shares.reduce((s, x) => s + x.currentCents, 0);
      assert.equal(currentGot, Math.min(limit, currentAsked), 'current support is satisfied before any arrears');
      if (currentGot < currentAsked) assert.ok(r.shares.every((x) => x.arrearsCents === 0));
      r.shares.forEach((x, i) => assert.ok(x.currentCents <= demands[i]!.currentCents && x.arrearsCents <= demands[i]!.arrearsCents));
    }),
    { numRuns: 500 },
  );
});
