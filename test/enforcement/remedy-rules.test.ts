import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dueProcessEnds, dueProcessPassed, levyAmountCents, meetsArrearsCriteria, planOffsetUpdates, remedyPolicyOn, weekStart, wholeDollars, type OffsetHeld, type OffsetWanted } from '../../src/enforcement/remedy-rules.ts';

const policy = remedyPolicyOn('2026-11-02');

test('due process: calendar days count every day; business days skip weekends and federal holidays', () => {
  assert.equal(dueProcessEnds('2026-11-02', { days: 30, dayKind: 'calendar', citation: '' }), '2026-12-02');
  // 10 business days from Monday 2026-11-02: Veterans Day (Wed 11-11) is skipped.
  assert.equal(dueProcessEnds('2026-11-02', policy.fidm.dueProcess), '2026-11-17');
  // From a Friday: the weekend does not count.
  assert.equal(dueProcessEnds('2026-11-20', { days: 1, dayKind: 'business', citation: '' }), '2026-11-23');
  // Thanksgiving 2026-11-26 is skipped.
  assert.equal(dueProcessEnds('2026-11-25', { days: 1, dayKind: 'business', citation: '' }), '2026-11-27');
  assert.equal(dueProcessPassed('2026-12-02', '2026-12-02'), false, 'the last day itself is still due process');
  assert.equal(dueProcessPassed('2026-12-02', '2026-12-03'), true);
  assert.equal(dueProcessPassed(null, '2026-12-03'), false);
});

test('license and credit criteria: at least $1,000, or at least 3 months (90 days) of support, never under the $500 floor', () => {
  const c = policy.license;
  assert.equal(meetsArrearsCriteria(99_999, 0, c), false);
  assert.equal(meetsArrearsCriteria(100_000, 0, c), true);
  assert.equal(meetsArrearsCriteria(90_000, 30_000, c), true, 'three months of $300');
  assert.equal(meetsArrearsCriteria(89_999, 30_000, c), false);
  assert.equal(meetsArrearsCriteria(45_000, 15_000, c), false, 'three months but under the floor');
  assert.equal(meetsArrearsCriteria(50_000, 15_000, c), true);
  assert.equal(meetsArrearsCriteria(0, 0, { ...c, floorCents: 0, minArrearsCents: 0 }), false, 'nothing owed never qualifies');
});

test('levy amount: the arrears, at most the balance above the exempt amount', () => {
  assert.equal(levyAmountCents(450_000, 325_075, 0), 325_075);
  assert.equal(levyAmountCents(120_000, 325_075, 0), 120_000);
  assert.equal(levyAmountCents(120_000, 30_000, 50_000), 0);
  assert.equal(wholeDollars(450_099), 4500);
  assert.equal(wholeDollars(-5), 0);
});

test('weekly offset plan: add, modify, replace exclusions, delete', () => {
  const held: OffsetHeld[] = [
    { obligorPersonId: 1, caseType: 'N', fopCaseId: 'C1', amountDollars: 900, exclusions: 'PAS', noticeDate: '2026-01-02', status: 'certified' },
    { obligorPersonId: 2, caseType: 'A', fopCaseId: 'C2', amountDollars: 300, exclusions: 'PAS', noticeDate: '2026-01-02', status: 'certified' },
    { obligorPersonId: 3, caseType: 'N', fopCaseId: 'C3', amountDollars: 800, exclusions: '', noticeDate: '2026-01-02', status: 'certified' },
    { obligorPersonId: 5, caseType: 'N', fopCaseId: 'C5', amountDollars: 800, exclusions: '', noticeDate: '2026-01-02', status: 'deleted' },
  ];
  const wanted: OffsetWanted[] = [
    { obligorPersonId: 1, caseType: 'N', fopCaseId: 'C1', amountDollars: 2600, exclusions: '', noticeDate: '2026-01-02' },
    { obligorPersonId: 2, caseType: 'A', fopCaseId: 'C2x', amountDollars: 300, exclusions: 'PAS', noticeDate: '2026-01-02' },
    { obligorPersonId: 4, caseType: 'N', fopCaseId: 'C4', amountDollars: 500, exclusions: 'PAS', noticeDate: '2026-10-01' },
    { obligorPersonId: 5, caseType: 'N', fopCaseId: 'C5', amountDollars: 700, exclusions: '', noticeDate: '2026-10-01' },
  ];
  assert.deepEqual(planOffsetUpdates(held, wanted).map((t) => [t.type, t.obligorPersonId, t.fopCaseId, t.amountDollars, t.exclusions]), [
    ['M', 1, 'C1', 2600, ''],
    ['R', 1, 'C1', 2600, ''],
    ['D', 3, 'C3', 0, ''],
    ['A', 4, 'C4', 500, 'PAS'],
    ['A', 5, 'C5', 700, ''],
  ]);
});

test('property: after applying the plan, what OCSE holds equals what the State wants', () => {
  const entry = fc.record({ obligorPersonId: fc.integer({ min: 1, max: 6 }), caseType: fc.constantFrom('A' as const, 'N' as const), amountDollars: fc.nat(3000), exclusions: fc.constantFrom('', 'PAS') });
  fc.assert(
    fc.property(fc.uniqueArray(entry, { selector: (e) => `${e.obligorPersonId}${e.caseType}` }), fc.uniqueArray(entry, { selector: (e) => `${e.obligorPersonId}${e.caseType}` }), (h, w) => {
      const held: OffsetHeld[] = h.filter((x) => x.amountDollars > 0).map((x) => ({ ...x, fopCaseId: `C${x.obligorPersonId}`, noticeDate: '2026-01-01', status: 'certified' }));
      const wanted: OffsetWanted[] = w.map((x) => ({ ...x, fopCaseId: `C${x.obligorPersonId}`, noticeDate: '2026-01-01' }));
      const state = new Map(held.map((x) => [`${x.obligorPersonId}${x.caseType}`, { amount: x.amountDollars, exclusions: x.exclusions }]));
      for (const t of planOffsetUpdates(held, wanted)) {
        const k = `${t.obligorPersonId}${t.caseType}`;
        if (t.type === 'A') { assert.ok(!state.has(k)); state.set(k, { amount: t.amountDollars, exclusions: t.exclusions }); }
        else if (t.type === 'D') { assert.ok(state.delete(k)); }
        else if (t.type === 'M') state.get(k)!.amount = t.amountDollars;
        else state.get(k)!.exclusions = t.exclusions;
      }
      const expect = new Map(wanted.filter((x) => x.amountDollars > 0).map((x) => [`${x.obligorPersonId}${x.caseType}`, { amount: x.amountDollars, exclusions: x.exclusions }]));
      assert.deepEqual(new Map([...state].sort()), new Map([...expect].sort()));
      // A second plan against the result is empty (the weekly run is idempotent).
    }),
    { numRuns: 200 },
  );
});

test('week start is the Monday', () => {
  assert.equal(weekStart('2026-11-02'), '2026-11-02');
  assert.equal(weekStart('2026-11-08'), '2026-11-02');
  assert.equal(weekStart('2026-11-09'), '2026-11-09');
  assert.equal(weekStart('2026-11-04'), '2026-11-02');
});
