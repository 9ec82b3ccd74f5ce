import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { prorateCollection, prorationShareOf, type ProrationShare } from '../../src/financial/proration.ts';
import { caseState } from './fixtures.ts';

const share = (caseId: string, current: number, arrears: number): ProrationShare => ({ caseId, currentSupportOwedCents: current, arrearsOwedCents: arrears });
const opts = { method: 'proportional_current_first' as const, arrearsOnly: false };
const amounts = (parts: ReturnType<typeof prorateCollection>) => parts.map((p) => [p.towardCurrentCents, p.towardArrearsCents, p.beyondOwedCents]);

describe('proportional, current support first', () => {
  it('splits a payment below total current support by current support', () => {
    const parts = prorateCollection(30_000, [share('A', 30_000, 0), share('B', 20_000, 90_000)], opts);
    assert.deepEqual(amounts(parts), [[18_000, 0, 0], [12_000, 0, 0]]);
  });

  it('splits the excess over current support by arrears balance', () => {
    const parts = prorateCollection(80_000, [share('A', 30_000, 100_000), share('B', 20_000, 50_000)], opts);
    assert.deepEqual(amounts(parts), [[30_000, 20_000, 0], [20_000, 10_000, 0]]);
    assert.deepEqual(parts.map((p) => p.amountCents), [50_000, 30_000]);
  });

  it('gives the odd cent to the largest remainder', () => {
    const parts = prorateCollection(25_000, [share('A', 0, 80_000), share('B', 0, 40_000)], opts);
    assert.deepEqual(parts.map((p) => p.amountCents), [16_667, 8_333]);
    const even = prorateCollection(1, [share('A', 5, 0), share('B', 5, 0)], opts);
    assert.deepEqual(even.map((p) => p.amountCents), [1, 0], 'a tie goes to the earlier case');
  });

  it('splits money beyond everything owed by current support', () => {
    const parts = prorateCollection(20_000, [share('A', 3_000, 1_000), share('B', 1_000, 0)], opts);
    assert.deepEqual(amounts(parts), [[3_000, 1_000, 11_250], [1_000, 0, 3_750]]);
  });

  it('offsets (arrears only) ignore current support', () => {
    const parts = prorateCollection(9_000, [share('A', 50_000, 10_000), share('B', 0, 20_000)], { ...opts, arrearsOnly: true });
    assert.deepEqual(amounts(parts), [[0, 3_000, 0], [0, 6_000, 0]]);
  });

  it('splits evenly when nothing is owed anywhere', () => {
    const parts = prorateCollection(101, [share('A', 0, 0), share('B', 0, 0)], opts);
    assert.deepEqual(parts.map((p) => p.amountCents), [51, 50]);
  });

  it('reads what a case owes from its state', () => {
    const s = caseState({ caseType: 'never_assistance', currentSupportDueCents: 500, currentSupportPaidCents: 200, arrears: { NA: 100, UDA: 50 } });
    assert.deepEqual(prorationShareOf('X', s), share('X', 300, 150));
  });

  it('refuses an empty case list or a bad amount', () => {
    assert.throws(() => prorateCollection(100, [], opts), RangeError);
    assert.throws(() => prorateCollection(-1, [share('A', 1, 1)], opts), RangeError);
  });
});
