/**
 * Arkansas (Administrative Order No. 10, 2020 Family Support Chart) through the income-shares path:
 * the whole chart from $1,050 to $30,000 loaded and checked against the rows a second copy of the
 * official chart confirms; the row look-up, the above-chart percentages, the self-support reserve band,
 * the $125 minimum order and the rounding down of the presumed order. The reference gives no worked
 * example of the 2020 chart, so the figures are worked by hand from the chart rows (each test says which).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ar2020 from '../../src/establishment/guideline/data/ar-2020.json' with { type: 'json' };
import { calculateGuideline } from '../../src/establishment/guideline/calculate.ts';
import { guidelineReason } from '../../src/establishment/guideline/failures.ts';
import { versionById } from '../../src/establishment/guideline/registry.ts';
import { lookupBasicObligation, type GuidelineSchedule } from '../../src/establishment/guideline/schedule.ts';
import { worksheetLine, type WorksheetCalculation } from '../../src/establishment/guideline/worksheet.ts';
import { parseCents } from '../../src/kernel/money.ts';

const ar = versionById('AR-2020') as GuidelineSchedule;
const monthly = (amount: string) => ({ grossPerPeriod: amount, payFrequency: 'monthly' as const });
const input = (obligor: string, obligee: string, children: number, rest: Record<string, unknown> = {}) => ({
  guideline: 'AR-2020',
  calculationDate: '2024-07-01',
  children,
  obligor: { income: monthly(obligor) },
  obligee: { income: monthly(obligee) },
  ...rest,
});
function main(i: unknown): WorksheetCalculation {
  const r = calculateGuideline(i);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value.calculations[0]!;
}
const cell = (c: WorksheetCalculation, line: string, col: 'obligor' | 'obligee' | 'combined') => worksheetLine(c, line)?.[col];

test('the chart is complete from $1,050 to $30,000 in $50 rows, 6 columns, never falling', () => {
  assert.equal(ar.rows.length, 580);
  assert.equal(ar.coverage.lowestRowCents, 105_000);
  assert.equal(ar.coverage.highestRowCents, 3_000_000);
  assert.equal(ar.coverage.complete, true);
  assert.equal(ar.incomeBasis, 'gross');
  for (let c = 0; c < 6; c += 1) for (let r = 1; r < ar.rows.length; r += 1) assert.ok(ar.rows[r]!.amountsCents[c]! >= ar.rows[r - 1]!.amountsCents[c]!);
});

test('rows the second copy of the official chart confirms (vdocuments.site, posted 2020-09-30) are as loaded', () => {
  const confirmed: Record<string, number[]> = {
    '1050': [125, 125, 125, 125, 125, 125],
    '1100': [140, 142, 144, 146, 148, 150],
    '2000': [323, 474, 573, 640, 704, 765],
    '2800': [440, 646, 780, 871, 958, 1042],
    '12150': [1220, 1699, 2025, 2262, 2489, 2705],
    '12200': [1223, 1703, 2031, 2269, 2496, 2713],
  };
  for (const [income, amounts] of Object.entries(confirmed)) {
    const row = ar.rows.find((r) => r.incomeCents === Number(income) * 100)!;
    assert.deepEqual(row.amountsCents, amounts.map((a) => a * 100), `row ${income}`);
  }
  assert.match((ar2020 as { source: { copiedFrom: string } }).source.copiedFrom, /7aa943ad/);
});

test('the self-support-reserve band is re-derived from the rows: each $50 row adds $30 or more up to its top', () => {
  ar.columns.forEach((_, c) => {
    let top = 0;
    for (let r = 2; r < ar.rows.length; r += 1) {
      if (ar.rows[r]!.amountsCents[c]! - ar.rows[r - 1]!.amountsCents[c]! >= 3000) top = ar.rows[r]!.incomeCents;
      else break;
    }
    assert.equal(ar.lowIncome.bandTopCents[c], top, `column ${c + 1}`);
  });
  assert.equal(ar.lowIncome.selfSupportReserveCents, 90_000);
  assert.equal(ar.lowIncome.minimumOrderCents, 12_500);
});

test('row look-up: the row at or below the combined income; the first row covers every income up to $1,050', () => {
  const r = lookupBasicObligation(ar, 504_999, 1);
  assert.ok(r.ok && r.value.amountCents === 73_700 && r.value.method === 'lowerRow');
  const low = lookupBasicObligation(ar, 1, 3);
  assert.ok(low.ok && low.value.amountCents === 12_500 && low.value.method === 'belowLowestRow');
  assert.equal(guidelineReason(lookupBasicObligation(ar, 500_000, 7)), 'SCHEDULE_RANGE');
});

test('income shares: $3,000 and $2,000 gross, 1 child: 60% of the $5,000 row ($737) is $442.20, rounded down to $442', () => {
  const c = main(input('3000', '2000', 1));
  assert.equal(cell(c, '5', 'combined'), '5000.00');
  assert.equal(cell(c, '6', 'combined'), '737.00');
  assert.equal(cell(c, '7', 'obligor'), '60.0000');
  assert.equal(cell(c, '8', 'obligor'), '442.20');
  assert.equal(cell(c, '8', 'obligee'), '294.80');
  assert.equal(cell(c, 'LI-1', 'obligor'), 'no');
  assert.equal(cell(c, 'T1', 'obligor'), '442.00');
  assert.match(worksheetLine(c, 'T1')!.note ?? '', /\$442\.20 rounded down to a whole dollar/);
  assert.equal(c.result.totalMonthly, '442.00');
});

test('above the chart: the $30,000 row plus 21% of the combined income above it (2 children), marked unverified', () => {
  // 2,660 + 21% x 10,000 = 4,760.00; the obligor's 75% is 3,570.00.
  const r = calculateGuideline(input('30000', '10000', 2));
  assert.ok(r.ok);
  const c = r.value.calculations[0]!;
  assert.equal(cell(c, '6', 'combined'), '4760.00');
  assert.match(worksheetLine(c, '6')!.note ?? '', /above-chart rule .* \+ 21\.0% of the income above \$30,000\.00.*\(unverified\)/);
  assert.equal(c.result.totalMonthly, '3570.00');
  assert.ok(r.value.notes.some((n) => /above-chart percentages .* are unverified/.test(n)));
});

test('self-support reserve: an obligor in the shaded band owes the lesser of the share and the chart on the obligor\'s income alone', () => {
  // $1,200 and $4,000, 2 children: 23.08% of the $5,200 row ($1,118) = $258.00; the $1,200 row alone = $213.
  const c = main(input('1200', '4000', 2));
  assert.equal(cell(c, '8', 'obligor'), '258.00');
  assert.equal(cell(c, 'LI-1', 'obligor'), 'yes');
  assert.equal(cell(c, 'LI-2', 'obligor'), '213.00');
  assert.equal(c.result.totalMonthly, '213.00');
  assert.equal(c.applied.lowIncome, true);
});

test('the $125 minimum order is a floor on the obligor\'s basic support', () => {
  // $600 and $400: the first row ($125) split 60/40 is $75.00; raised to $125.
  const small = main(input('600', '400', 1));
  assert.equal(cell(small, '8', 'obligor'), '75.00');
  assert.equal(small.result.totalMonthly, '125.00');
  assert.match(worksheetLine(small, 'LI-3')!.note ?? '', /minimum order of \$125\.00/);
  // $1,200 (above the one-child band) and $20,000: 5.66% of the $21,200 row ($1,692) = $95.77; raised to $125.
  const share = main(input('1200', '20000', 1));
  assert.equal(share.result.totalMonthly, '125.00');
});

test('what the AR-2020 data has no rule for is refused in a sentence: a child\'s benefit, third-party cases, line 13e', () => {
  const benefit = calculateGuideline(input('3000', '2000', 1, { childSocialSecurityBenefitMonthly: '200' }));
  assert.equal(guidelineReason(benefit), 'INPUT_INCONSISTENT');
  assert.ok(!benefit.ok && /AR-2020/.test(benefit.message) && benefit.details?.[0]?.path === '/childSocialSecurityBenefitMonthly');
  const third = calculateGuideline({ guideline: 'AR-2020', calculationDate: '2024-07-01', children: 1, caseType: 'thirdParty', obligors: [{ income: monthly('2000') }] });
  assert.ok(!third.ok && third.details?.some((d) => d.path === '/caseType'));
  const overnights = calculateGuideline(input('3000', '2000', 1, { obligor: { income: monthly('3000'), overnightsPerYear: 180 } }));
  assert.ok(overnights.ok && overnights.value.notes.some((n) => /180 overnights .* recorded/.test(n)));
});

test('a date before the 2020 order is refused in a sentence that names the version and its dates', () => {
  const r = calculateGuideline(input('3000', '2000', 1, { calculationDate: '2019-12-31' }));
  assert.equal(guidelineReason(r), 'NO_SCHEDULE_IN_EFFECT');
  assert.ok(!r.ok && /applies to support from 2020-04-02/.test(r.message));
});

const cents = (s: string) => parseCents(s)!;

test('property: the obligor\'s support never falls as the obligor\'s income rises (obligee fixed), and is never negative', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 3_500_000 }), fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 1, max: 6 }), (a, step, b, children) => {
      const at = (x: number) => main(input((x / 100).toFixed(2), (b / 100).toFixed(2), children));
      fc.pre(a + b > 0);
      const lo = at(a);
      const hi = at(a + step);
      assert.ok(cents(lo.result.totalMonthly) >= 0);
      assert.ok(cents(hi.result.totalMonthly) >= cents(lo.result.totalMonthly), `${a} -> ${a + step}`);
    }),
    { numRuns: 200 },
  );
});

test('property: the parents\' shares of the chart amount add up to it', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 4_000_000 }), fc.integer({ min: 0, max: 4_000_000 }), fc.integer({ min: 1, max: 6 }), (a, b, children) => {
      fc.pre(a + b > 0);
      const c = main(input((a / 100).toFixed(2), (b / 100).toFixed(2), children));
      const l8 = worksheetLine(c, '8')!;
      assert.equal(cents(l8.obligor!) + cents(l8.obligee!), cents(worksheetLine(c, '6')!.combined!));
    }),
    { numRuns: 200 },
  );
});
