// The 658a(b)(6) applicable-percentage tables, the cost-effectiveness bands, the incentive base, and the
// 305.40/305.61 penalty tests, against tables written out from federal-rules.md 6.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applicablePercentage, collectionsBase, costEffectivenessCredit, maximumBaseCents, penaltyRange, penaltyTest, percent, pepRequiredImprovement } from '../../src/reporting/measures.ts';

// Written out row by row: ≥80 → 100; 79 → 98 … 70 → 80; 69 → 79 … 50 → 60; collections only: 49 → 59 … 40 → 50.
const TABLE: Record<number, number> = {};
for (let p = 70; p <= 79; p++) TABLE[p] = 100 - 2 * (80 - p);
for (let p = 50; p <= 69; p++) TABLE[p] = 79 - (69 - p);
const COLLECTIONS_LOW: Record<number, number> = {};
for (let p = 40; p <= 49; p++) COLLECTIONS_LOW[p] = 59 - (49 - p);

test('the tables as written in the reference (spot checks of the rows)', () => {
  assert.deepEqual([TABLE[79], TABLE[70], TABLE[69], TABLE[50], COLLECTIONS_LOW[49], COLLECTIONS_LOW[40]], [98, 80, 79, 60, 59, 50]);
});

test('PEP and orders: 100 at 80% and above, the 2-point then 1-point steps, 0 below 50%', () => {
  for (const m of ['paternity', 'orders'] as const) {
    for (let p = 0; p <= 100; p++) {
      const expected = p >= 80 ? 100 : p >= 50 ? TABLE[p]! : 0;
      assert.equal(applicablePercentage(m, p, null).credit, expected, `${m} ${p}%`);
      assert.equal(applicablePercentage(m, p + 0.99, null).credit, p + 0.99 >= 80 ? 100 : p >= 50 ? TABLE[p]! : 0, `${m} ${p}.99%`);
    }
  }
});

test('current and arrears collections continue down to 40%', () => {
  for (const m of ['current_collections', 'arrears_collections'] as const) {
    for (let p = 0; p <= 100; p++) {
      const expected = p >= 80 ? 100 : p >= 50 ? TABLE[p]! : p >= 40 ? COLLECTIONS_LOW[p]! : 0;
      assert.equal(applicablePercentage(m, p + 0.5, null).credit, expected, `${m} ${p}.5%`);
    }
  }
});

test('below the floor, improvement on the prior year earns 50: 10 points for PEP, 5 for the others', () => {
  assert.equal(applicablePercentage('paternity', 45, 35).credit, 50);
  assert.equal(applicablePercentage('paternity', 45, 35.01).credit, 0);
  assert.equal(applicablePercentage('orders', 45, 40).credit, 50);
  assert.equal(applicablePercentage('orders', 45, 40.5).credit, 0);
  assert.equal(applicablePercentage('current_collections', 35, 30).credit, 50);
  assert.equal(applicablePercentage('arrears_collections', 30, 26).credit, 0);
  assert.equal(applicablePercentage('orders', null, 40).credit, 0);
});

test('an exact 80% computed from a ratio is 80%, not 79.999…', () => {
  assert.equal(percent({ numerator: 4, denominator: 5 }), 80);
  assert.equal(applicablePercentage('orders', percent({ numerator: 7, denominator: 10 }), null).credit, 80);
  assert.equal(percent({ numerator: 1, denominator: 0 }), null);
});

test('cost-effectiveness bands, with 4.50 to <5.00 giving 90', () => {
  const cases: Array<[number, number]> = [[6, 100], [5, 100], [4.99, 90], [4.5, 90], [4.49, 80], [4, 80], [3.5, 70], [3.49, 60], [3, 60], [2.5, 50], [2.49, 40], [2, 40], [1.99, 0]];
  for (const [ratio, credit] of cases) assert.equal(costEffectivenessCredit(ratio).credit, credit, String(ratio));
  assert.equal(costEffectivenessCredit(null).credit, 0);
});

test('PEP penalty: 90% rounded, or the improvement its level requires; 50% in FY2020-2022', () => {
  assert.deepEqual([75, 74.9, 50, 49.9, 45, 44.9, 40, 39.9].map(pepRequiredImprovement), [2, 3, 3, 4, 4, 5, 5, 6]);
  assert.equal(penaltyTest('paternity', 2026, 89.5, null).passed, true, '89.5 rounds to 90');
  assert.equal(penaltyTest('paternity', 2026, 89.4, null).passed, false);
  assert.equal(penaltyTest('paternity', 2026, 89.4, 87.4).passed, true, '+2 points at 75-90%');
  assert.equal(penaltyTest('paternity', 2026, 60, 57.5).passed, false, '+3 needed at 50-75%');
  assert.equal(penaltyTest('paternity', 2026, 60, 57).passed, true);
  assert.equal(penaltyTest('paternity', 2026, 30, 24).passed, true, '+6 below 40%');
  assert.equal(penaltyTest('paternity', 2021, 55, null).passed, true, 'COVID standard');
  assert.equal(penaltyTest('paternity', 2023, 55, null).passed, false);
});

test('orders (40%) and current collections (35%) penalty tests with the 5-point improvement; none for arrears or cost-effectiveness', () => {
  assert.equal(penaltyTest('orders', 2026, 40, null).passed, true);
  assert.equal(penaltyTest('orders', 2026, 39.9, null).passed, false);
  assert.equal(penaltyTest('orders', 2026, 39.9, 34.9).passed, true);
  assert.equal(penaltyTest('current_collections', 2026, 35, null).passed, true);
  assert.equal(penaltyTest('current_collections', 2026, 34.9, 30).passed, false);
  assert.equal(penaltyTest('current_collections', 2026, 34.9, 29.9).passed, true);
  assert.equal(penaltyTest('arrears_collections', 2026, 10, null).applies, false);
  assert.equal(penaltyTest('cost_effectiveness', 2026, 0.5, null).applies, false);
});

test('penalty ranges by consecutive findings, collections base and maximum bases', () => {
  assert.deepEqual([0, 1, 2, 3, 4].map(penaltyRange), [null, '1% to 2% of the TANF grant', '2% to 3% of the TANF grant', '3% to 5% of the TANF grant', '3% to 5% of the TANF grant']);
  assert.deepEqual(collectionsBase(1_000, 500), { assistanceCents: 1_000, otherCents: 500, baseCents: 2_500 });
  assert.equal(maximumBaseCents('orders', 2_500), 2_500);
  assert.equal(maximumBaseCents('arrears_collections', 2_501), 1_876);
  assert.equal(maximumBaseCents('cost_effectiveness', 2_500), 1_875);
});
