/**
 * Pa.R.C.P. 1910.16-3.1 (high-income cases) on the PA-2017 data: above $30,000 combined monthly net income
 * the basic obligation is a base plus a percentage of the income above $30,000; between the last row held
 * ($3,000) and $30,000 nothing is held, so SCHEDULE_RANGE. Expected figures are worked by hand from the
 * formula as published (docs/guideline.md, "High-income formula").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import pa2017 from '../../src/establishment/guideline/data/pa-2017.json' with { type: 'json' };
import { guidelineReason } from '../../src/establishment/guideline/failures.ts';
import { calculateGuideline, worksheetLine } from '../../src/establishment/guideline/index.ts';
import { lookupBasicObligation, parseScheduleData, type GuidelineSchedule } from '../../src/establishment/guideline/schedule.ts';
import { scheduleInEffect } from '../../src/establishment/guideline/registry.ts';

function pa(): GuidelineSchedule {
  const r = scheduleInEffect('PA', '2019-07-01');
  assert.ok(r.ok);
  return r.value;
}

test('the formula: $2,839 + 8.6% (one child) ... $5,768 + 17.5% (six children) of the income above $30,000', () => {
  const s = pa();
  // $40,000: 10,000 above. One child 2,839 + 860; two 3,902 + 1,180; three 4,365 + 1,290; six 5,768 + 1,750.
  const expected: Record<number, number> = { 1: 369_900, 2: 508_200, 3: 565_500, 4: 628_400, 5: 691_600, 6: 751_800 };
  for (const [children, cents] of Object.entries(expected)) {
    const r = lookupBasicObligation(s, 4_000_000, Number(children));
    assert.ok(r.ok && r.value.method === 'highIncome', JSON.stringify(r));
    assert.equal(r.value.amountCents, cents, `${children} children`);
    assert.deepEqual(r.value.lower.incomeCents, 3_000_000);
  }
  // 50 cents above: 8.6% of 50 cents = 4.3 cents, rounded half-up to 4; 17.5% of 50 = 8.75 -> 9.
  const tiny = lookupBasicObligation(s, 3_000_050, 1);
  assert.ok(tiny.ok && tiny.value.amountCents === 283_904);
  const six = lookupBasicObligation(s, 3_000_050, 6);
  assert.ok(six.ok && six.value.amountCents === 576_809);
});

test('$30,000 itself and everything from $3,000.01 up to it have no rows held: SCHEDULE_RANGE, never an estimate', () => {
  const s = pa();
  for (const income of [300_001, 1_000_000, 2_999_999, 3_000_000]) assert.equal(guidelineReason(lookupBasicObligation(s, income, 2)), 'SCHEDULE_RANGE', `income ${income}`);
  assert.equal(guidelineReason(lookupBasicObligation(s, 4_000_000, 7)), 'SCHEDULE_RANGE', 'no seventh column');
});

test('above $30,000 more income never lowers support, and the result never falls below the base (presumptive minimum)', () => {
  const s = pa();
  fc.assert(
    fc.property(fc.integer({ min: 3_000_001, max: 500_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 6 }), (income, more, children) => {
      const a = lookupBasicObligation(s, income, children);
      const b = lookupBasicObligation(s, income + more, children);
      assert.ok(a.ok && b.ok);
      assert.ok(b.value.amountCents >= a.value.amountCents);
      assert.ok(a.value.amountCents >= s.highIncome!.baseCents[children - 1]!);
    }),
  );
});

test('a worksheet above $30,000 uses the formula on line 8 and says so', () => {
  const r = calculateGuideline({
    state: 'PA',
    calculationDate: '2019-07-01',
    children: 2,
    obligor: { income: { grossPerPeriod: '30000', deductionsPerPeriod: '0', payFrequency: 'monthly' } },
    obligee: { income: { grossPerPeriod: '10000', deductionsPerPeriod: '0', payFrequency: 'monthly' } },
  });
  assert.ok(r.ok, JSON.stringify(r));
  const calc = r.value.calculations[0]!;
  const eight = worksheetLine(calc, '8')!;
  assert.equal(eight.combined, '5082.00');
  assert.match(eight.note ?? '', /high-income formula .*1910\.16-3\.1.*\$3,902\.00 \+ 11\.8% of the income above \$30,000\.00.*\(unverified\)/);
  assert.ok(r.value.notes.some((n) => /high-income formula .* is unverified/.test(n)));
  // 75% / 25%: the obligor's share of $5,082.
  assert.equal(worksheetLine(calc, '12')!.obligor, '3811.50');
});

test('the data check refuses a formula that starts below the highest row or misses a column', () => {
  const bad = JSON.parse(JSON.stringify(pa2017));
  bad.highIncome.aboveCombinedMonthly = '2000';
  bad.highIncome.percentByChildren.pop();
  const r = parseScheduleData(bad);
  assert.ok(!r.ok);
  assert.deepEqual(r.details?.map((d) => d.path).sort(), ['/highIncome/aboveCombinedMonthly', '/highIncome/percentByChildren']);
});
