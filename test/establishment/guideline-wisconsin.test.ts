/**
 * Wisconsin's percentage-of-income standard (Wis. Admin. Code ch. DCF 150), tested on the rule's own
 * worked examples (the Notes) wherever the rule gives one; each test cites where its figures come from.
 * Where the rule gives no example the figures are worked by hand from the rule's percentages and the
 * test says so. Parents are named as in the Notes ("Parent A", "Parent B"); the parent who pays in the
 * Note is entered as the obligor.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCents } from '../../src/kernel/money.ts';
import { calculateGuideline } from '../../src/establishment/guideline/calculate.ts';
import { guidelineReason } from '../../src/establishment/guideline/failures.ts';
import { versionById } from '../../src/establishment/guideline/registry.ts';
import type { PercentageModel } from '../../src/establishment/guideline/percentage-model.ts';
import { worksheetLine, type Worksheet, type WorksheetCalculation } from '../../src/establishment/guideline/worksheet.ts';

const DATE = '2024-07-01';
const monthly = (amount: string) => ({ grossPerPeriod: amount, payFrequency: 'monthly' as const });
const wi = (rest: Record<string, unknown>) => ({ state: 'WI', calculationDate: DATE, ...rest });
function calc(input: unknown): Worksheet {
  const r = calculateGuideline(input);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}
const main = (w: Worksheet): WorksheetCalculation => w.calculations[0]!;
const cell = (c: WorksheetCalculation, line: string, col: 'obligor' | 'obligee' | 'combined') => {
  const l = worksheetLine(c, line);
  assert.ok(l, `line ${line}`);
  return l[col];
};

test('DCF 150.035(2): the percentage standard is 17, 25, 29, 31 and 34% for 1, 2, 3, 4 and 5 or more children', () => {
  const expected: Array<[number, string]> = [
    [1, '510.00'],
    [2, '750.00'],
    [3, '870.00'],
    [4, '930.00'],
    [5, '1020.00'],
    [7, '1020.00'],
  ];
  for (const [children, total] of expected) {
    const w = calc(wi({ children, obligor: { income: monthly('3000') }, obligee: { income: monthly('1000') } }));
    assert.equal(main(w).result.totalMonthly, total, `${children} children`);
    assert.equal(main(w).result.payer, 'obligor');
  }
  const w = calc(wi({ children: 2, obligor: { income: monthly('3000') }, obligee: { income: monthly('1000') } }));
  assert.equal(w.schedule.model, 'percentage-of-income');
  assert.equal(w.schedule.id, 'WI-DCF150');
  assert.equal(w.schedule.rowsHeld, null);
});

test('DCF 150.035 Note (shared placement; also DCF "Guidelines for Shared-Placement Cases"): A $2,000, 219 days; B $3,000, 146 days; 2 children: B pays $375', () => {
  const w = calc(
    wi({
      children: 2,
      obligor: { name: 'Parent B', income: monthly('3000'), overnightsPerYear: 146 },
      obligee: { name: 'Parent A', income: monthly('2000'), overnightsPerYear: 219 },
    }),
  );
  const c = main(w);
  assert.equal(cell(c, '6', 'obligor'), '40');
  assert.equal(cell(c, '6', 'obligee'), '60');
  // #1 income x 25%: A $500, B $750; #2 x 150%: $750, $1,125; #3 x time with the other parent: $300, $675.
  assert.equal(cell(c, '8', 'obligee'), '500.00');
  assert.equal(cell(c, '8', 'obligor'), '750.00');
  assert.equal(cell(c, '9', 'obligee'), '300.00');
  assert.equal(cell(c, '9', 'obligor'), '675.00');
  assert.equal(cell(c, '11', 'combined'), '375.00');
  assert.deepEqual(c.result, { basicSupportMonthly: '375.00', additionalExpensesMonthly: '0.00', totalMonthly: '375.00', payer: 'obligor' });
  assert.equal(c.applied.sharedCustody, true);
});

test('DCF 150.035 Note (equivalent care): 271 overnights against 94 + 92 of a 457-night year are 59% and 41%', () => {
  // The Note gives the periods of placement only; the amounts below are worked by hand from them:
  // A 2,000 x 25% x 150% x 41% = 307.50; B 3,000 x 25% x 150% x 59% = 663.75; B pays 356.25.
  const w = calc(
    wi({
      children: 2,
      obligor: { name: 'Parent B', income: monthly('3000'), overnightsPerYear: 94 + 92 },
      obligee: { name: 'Parent A', income: monthly('2000'), overnightsPerYear: 271 },
    }),
  );
  const c = main(w);
  assert.equal(cell(c, '6', 'obligee'), '59');
  assert.equal(cell(c, '6', 'obligor'), '41');
  assert.equal(cell(c, '9', 'obligee'), '307.50');
  assert.equal(cell(c, '9', 'obligor'), '663.75');
  assert.equal(c.result.totalMonthly, '356.25');
});

test('DCF 150.035(1)(a): shared placement needs at least 25% (92 of 365 days) with each parent', () => {
  const at = (nights: number) => main(calc(wi({ children: 1, obligor: { income: monthly('3000'), overnightsPerYear: nights }, obligee: { income: monthly('2000') } })));
  assert.equal(at(91).applied.sharedCustody, false);
  assert.equal(at(91).result.totalMonthly, '510.00', 'below 25%: the percentage standard');
  assert.equal(at(92).applied.sharedCustody, true);
  // 92 nights: 25% / 75%. Obligor 3,000 x 17% x 150% x 75% = 573.75; obligee 2,000 x 17% x 150% x 25% = 127.50.
  // Offset 446.25 is below the obligor's standard 510.00.
  assert.equal(at(92).result.totalMonthly, '446.25');
});

test('shared placement never costs the payer more than the percentage standard (DCF shared-placement worksheet, step five)', () => {
  // Worked by hand: 10,000 x 25% x 150% x 70% = 2,625.00 against 0; capped at 10,000 x 25% = 2,500.00.
  const c = main(calc(wi({ children: 2, obligor: { income: monthly('10000'), overnightsPerYear: 110 }, obligee: { income: monthly('0'), overnightsPerYear: 255 } })));
  assert.equal(cell(c, '11', 'combined'), '2625.00');
  assert.equal(cell(c, '12', 'obligor'), '2500.00');
  assert.equal(c.result.totalMonthly, '2500.00');
});

test('DCF 150.04(3) Note (split placement): 3 children, A has 2 ($2,000), B has 1 ($3,000): B pays $386.80', () => {
  const c = main(
    calc(
      wi({
        children: 3,
        obligor: { name: 'Parent B', income: monthly('3000') },
        obligee: { name: 'Parent A', income: monthly('2000') },
        placements: [
          { children: 2, obligorOvernightsPerYear: 0, obligeeOvernightsPerYear: 365 },
          { children: 1, obligorOvernightsPerYear: 365, obligeeOvernightsPerYear: 0 },
        ],
      }),
    ),
  );
  // Pro rata 9.67% per child (the Note's printed figure). A: 2,000 x 9.67% = 193.40; B: 3,000 x 19.34% = 580.20.
  assert.equal(cell(c, '7.1', 'obligor'), '19.34');
  assert.equal(cell(c, '9.1', 'obligor'), '580.20');
  assert.equal(cell(c, '9.2', 'obligee'), '193.40');
  assert.equal(cell(c, '11', 'combined'), '386.80');
  assert.equal(c.result.totalMonthly, '386.80');
  assert.equal(c.result.payer, 'obligor');
  assert.equal(c.applied.splitPlacement, true);
});

test('DCF 150.04(6)(b) Note (split and shared together): B pays $507.68 after the offset', () => {
  // A: 2 children full time and 1 child 30%, $2,000; B: 1 child 70%, $3,000.
  const c = main(
    calc(
      wi({
        children: 3,
        obligor: { name: 'Parent B', income: monthly('3000') },
        obligee: { name: 'Parent A', income: monthly('2000') },
        placements: [
          { children: 2, obligorOvernightsPerYear: 0, obligeeOvernightsPerYear: 365 },
          { children: 1, obligorOvernightsPerYear: 256, obligeeOvernightsPerYear: 109 },
        ],
      }),
    ),
  );
  assert.equal(cell(c, '6.2', 'obligor'), '70');
  assert.equal(cell(c, '6.2', 'obligee'), '30');
  // A: 2,000 x 9.67% x 1.5 x 70% = 203.07. B: 3,000 x 9.67% x 1.5 x 30% = 130.545, printed 130.55; + 580.20.
  assert.equal(cell(c, '9.2', 'obligee'), '203.07');
  assert.equal(cell(c, '9.2', 'obligor'), '130.55');
  assert.equal(cell(c, '10', 'obligor'), '710.75');
  assert.equal(cell(c, '10', 'obligee'), '203.07');
  assert.equal(c.result.totalMonthly, '507.68');
});

test('DCF 150.04(1) Note (serial family): $3,000, an order of $450, an intact family of 2, then 1 child by paternity', () => {
  const c = main(
    calc(
      wi({
        children: 1,
        obligor: { name: 'Parent A', income: monthly('3000'), priorObligations: [{ kind: 'order', monthlyAmount: '450' }, { kind: 'intactFamily', children: 2 }] },
        obligee: { income: monthly('0') },
      }),
    ),
  );
  assert.equal(cell(c, '4a', 'obligor'), '450.00');
  assert.equal(cell(c, '4b', 'obligor'), '637.50', '2,550 x 25%');
  assert.equal(cell(c, '5', 'obligor'), '1912.50');
  // 1,912.50 x 17% = 325.125 exactly. The Note prints $325.12; OpenCSE rounds half-up to $325.13 (the
  // same rule that reproduces the combination Note's 130.545 -> 130.55). docs/guideline.md says so.
  assert.equal(c.result.totalMonthly, '325.13');
  assert.equal(c.applied.serialFamily, true);
});

test('DCF 150.04(5): the high-income percentages apply only on the court\'s finding, tier by tier', () => {
  // Worked by hand from (b)-(d), 2 children, $15,000: 7,000 x 25% + 5,500 x 20% + 2,500 x 15% = 1,750 + 1,100 + 375.
  const base = { children: 2, obligor: { income: monthly('15000') }, obligee: { income: monthly('2000') } };
  const plain = calc(wi(base));
  assert.equal(main(plain).result.totalMonthly, '3750.00');
  assert.ok(plain.notes.some((n) => /may apply the high-income percentages/.test(n)));
  const tiered = main(calc(wi({ ...base, findings: { highIncomePercentages: true } })));
  assert.equal(cell(tiered, 'HI-1', 'obligor'), '1750.00');
  assert.equal(cell(tiered, 'HI-2', 'obligor'), '1100.00');
  assert.equal(cell(tiered, 'HI-3', 'obligor'), '375.00');
  assert.equal(tiered.result.totalMonthly, '3225.00');
  // At or under $7,000 the finding changes nothing.
  const under = main(calc(wi({ ...base, obligor: { income: monthly('7000') }, findings: { highIncomePercentages: true } })));
  assert.equal(under.result.totalMonthly, '1750.00');
});

test('DCF 150.04(4), Appendix C (2021): a low-income payer on the court\'s finding; the rows not held and other years are said in words', () => {
  const base = { calculationDate: '2021-07-01', children: 1, obligor: { income: monthly('1000') }, obligee: { income: monthly('2500') } };
  const standard = calc(wi(base));
  assert.equal(main(standard).result.totalMonthly, '170.00');
  assert.ok(standard.notes.some((n) => /Appendix C/.test(n)));
  // $1,000 falls in the row "up to $1,001.00": 12.66%, $127 for one child.
  const low = main(calc(wi({ ...base, findings: { lowIncomePayer: true } })));
  assert.equal(cell(low, 'LI-1', 'obligor'), '127.00');
  assert.equal(low.result.totalMonthly, '127.00');
  assert.equal(low.applied.lowIncome, true);
  const five = main(calc(wi({ ...base, children: 6, findings: { lowIncomePayer: true } })));
  assert.equal(five.result.totalMonthly, '254.00', 'five or more children: the last column');
  // Rows above $1,378 are missing from the data: a sentence, not an estimate.
  const missing = calculateGuideline(wi({ ...base, obligor: { income: monthly('1400') }, findings: { lowIncomePayer: true } }));
  assert.equal(guidelineReason(missing), 'SCHEDULE_RANGE');
  assert.ok(!missing.ok && /not in the data/.test(missing.message) && !/^[A-Z_]+:/.test(missing.message), !missing.ok ? missing.message : '');
  // Below the first row the rule leaves the amount to the court.
  const below = calculateGuideline(wi({ ...base, obligor: { income: monthly('700') }, findings: { lowIncomePayer: true } }));
  assert.ok(!below.ok && /leaves the amount to the court/.test(below.message));
  // Above the table the finding changes nothing.
  assert.equal(main(calc(wi({ ...base, obligor: { income: monthly('3000') }, findings: { lowIncomePayer: true } }))).result.totalMonthly, '510.00');
  // Only the 2021 table is held.
  const later = calculateGuideline(wi({ ...base, calculationDate: DATE, findings: { lowIncomePayer: true } }));
  assert.equal(guidelineReason(later), 'SCHEDULE_RANGE');
  assert.ok(!later.ok && /2021-03-01 to 2022-02-28/.test(later.message));
});

test('Appendix C as loaded: 21 rows of the 2021 table, each amount within a dollar of the income times the printed percentage', () => {
  const m = versionById('WI-DCF150') as PercentageModel;
  const rows = m.lowIncome.table.rows;
  assert.equal(rows.length, 21);
  assert.equal(rows[0]!.upToCents, 80_500);
  assert.equal(rows[20]!.upToCents, 137_800);
  assert.equal(m.lowIncome.table.complete, false);
  let exact = 0;
  for (const r of rows) {
    for (const c of r.cells) {
      const product = (r.upToCents * Number(c.percent.num)) / Number(c.percent.den);
      assert.ok(Math.abs(product - c.amountCents) <= 100, `${r.upToCents} ${c.percentText}%`);
      if (Math.round(product / 100) * 100 === c.amountCents) exact += 1;
    }
  }
  assert.ok(exact >= 100, `${exact} of 105 amounts are the rounded product`);
});

test('45 CFR 302.56(c)(3) and DCF 150.03(3): an incarcerated parent\'s income is not imputed as voluntary unemployment', () => {
  const imputed = { reason: 'voluntaryUnemployment', factors: ['employmentAndEarningsHistory', 'localJobMarket'], finding: 'worked full time until the arrest in 2023' };
  const r = calculateGuideline(wi({ children: 1, obligor: { income: monthly('1500'), incarcerated: true, imputedIncome: imputed }, obligee: { income: monthly('2000') } }));
  assert.equal(guidelineReason(r), 'FINDING_REQUIRED');
  assert.ok(!r.ok && /incarcerated/.test(r.message) && r.details?.[0]?.path === '/obligor/imputedIncome/reason');
  assert.ok(!r.ok && /DCF 150\.03\(3\)/.test(r.details?.[0]?.message ?? ''));
  const actual = calc(wi({ children: 1, obligor: { income: monthly('0'), incarcerated: true }, obligee: { income: monthly('2000') } }));
  assert.equal(main(actual).result.totalMonthly, '0.00');
  assert.deepEqual(actual.findings.parents[0], { who: 'obligor', incarcerated: true, imputedIncome: null });
  assert.ok(actual.notes.some((n) => /not treated as voluntary unemployment/.test(n)));
});

test('what DCF 150 does not add is refused in a sentence that names the field', () => {
  const r = calculateGuideline(wi({ children: 1, obligor: { income: monthly('3000') }, obligee: { income: monthly('1000') }, expenses: [{ kind: 'childCare', amount: '100', paidBy: 'obligee' }] }));
  assert.equal(guidelineReason(r), 'INPUT_INCONSISTENT');
  assert.ok(!r.ok && /WI-DCF150/.test(r.message) && r.details?.[0]?.path === '/expenses');
  const placements = calculateGuideline(wi({ children: 3, obligor: { income: monthly('3000') }, obligee: { income: monthly('1000') }, placements: [{ children: 2, obligorOvernightsPerYear: 0, obligeeOvernightsPerYear: 365 }] }));
  assert.ok(!placements.ok && placements.details?.some((d) => d.path === '/placements' && /places 2 children/.test(d.message)));
});


const c2 = (s: string | null | undefined) => parseCents(s ?? '0')!;
const dollars = (cents: number) => (cents / 100).toFixed(2);

test('property: with the children placed with one parent, support never falls as the payer\'s income rises (standard and high-income tiers), never negative', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 3_000_000 }), fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 1, max: 7 }), fc.boolean(), (a, step, children, tiers) => {
      const at = (x: number) => main(calc(wi({ children, obligor: { income: monthly(dollars(x)) }, obligee: { income: monthly('1000') }, ...(tiers ? { findings: { highIncomePercentages: true } } : {}) })));
      const lo = c2(at(a).result.totalMonthly);
      const hi = c2(at(a + step).result.totalMonthly);
      assert.ok(lo >= 0 && hi >= lo, `${a} -> ${a + step}: ${lo} -> ${hi}`);
    }),
    { numRuns: 200 },
  );
});

test('property: in shared placement the periods add up to 100%, the offset is the difference of what each owes, and the payer never owes more than the percentage standard', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 92, max: 273 }), fc.integer({ min: 1, max: 6 }), (a, b, nights, children) => {
      const w = calc(wi({ children, obligor: { income: monthly(dollars(a)), overnightsPerYear: nights }, obligee: { income: monthly(dollars(b)), overnightsPerYear: 365 - nights } }));
      const c = main(w);
      const six = worksheetLine(c, '6')!;
      assert.equal(Number(six.obligor) + Number(six.obligee), 100);
      const ten = worksheetLine(c, '10')!;
      assert.equal(c2(worksheetLine(c, '11')!.combined), Math.abs(c2(ten.obligor) - c2(ten.obligee)));
      const total = c2(c.result.totalMonthly);
      assert.ok(total >= 0);
      if (c.result.payer) {
        const income = c.result.payer === 'obligor' ? a : b;
        const standard = Math.round((income * Number(['17', '25', '29', '31', '34', '34'][children - 1])) / 100);
        assert.ok(total <= standard + 1, `${total} <= ${standard}`);
      }
    }),
    { numRuns: 200 },
  );
});
