/** One test per worksheet rule: conversion, percentages, shares, shared custody, benefit, low income, expenses, third party, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calculateGuideline } from '../../src/establishment/guideline/calculate.ts';
import { guidelineReason } from '../../src/establishment/guideline/failures.ts';
import { REFERENCE_LINES, toMonthly } from '../../src/establishment/guideline/income-shares.ts';
import { formatPercent, ratio, sharesOf, splitByRatios, roundHalfUp, formatRatio } from '../../src/establishment/guideline/rational.ts';
import { scheduleInEffect } from '../../src/establishment/guideline/registry.ts';
import { worksheetLine, type Worksheet, type WorksheetCalculation } from '../../src/establishment/guideline/worksheet.ts';

type Input = Record<string, unknown>;
const monthly = (amount: string) => ({ income: { grossPerPeriod: amount, payFrequency: 'monthly' } });

function input(overrides: Input = {}): Input {
  return { state: 'PA', calculationDate: '2019-07-01', children: 1, obligor: monthly('1800.00'), obligee: monthly('1200.00'), ...overrides };
}

function calc(doc: Input): Worksheet {
  const r = calculateGuideline(doc);
  assert.ok(r.ok, `expected success: ${JSON.stringify(r)}`);
  return r.value;
}

const main = (w: Worksheet): WorksheetCalculation => w.calculations[0]!;
const cell = (c: WorksheetCalculation, line: string, col: 'obligor' | 'obligee' | 'combined') => worksheetLine(c, line)?.[col];

test('pay periods convert to a month: weekly x52/12, biweekly x26/12, semimonthly x2, monthly, annually /12, half-up to the cent', () => {
  const s = scheduleInEffect('PA', '2019-07-01');
  assert.ok(s.ok);
  assert.equal(toMonthly(s.value, 10_001, 'weekly'), 43_338); // 100.01 x 52/12 = 433.3766...
  assert.equal(toMonthly(s.value, 90_000, 'biweekly'), 195_000);
  assert.equal(toMonthly(s.value, 100, 'biweekly'), 217); // 1.00 x 26/12 = 2.1666...
  assert.equal(toMonthly(s.value, 42_500, 'semimonthly'), 85_000);
  assert.equal(toMonthly(s.value, 123_456, 'monthly'), 123_456);
  assert.equal(toMonthly(s.value, 2_400_006, 'annually'), 200_001); // 24,000.06 / 12 = 2,000.005 -> 2,000.01
  const w = calc(input({ obligor: { income: { grossPerPeriod: '500', deductionsPerPeriod: '100.5', payFrequency: 'weekly' } } }));
  assert.equal(cell(main(w), '3', 'obligor'), '399.50');
  assert.equal(cell(main(w), '4', 'obligor'), '1731.17'); // 399.50 x 52/12 = 1731.1666...
});

test('percent rounding: whole percents by largest remainder always add up to 100', () => {
  assert.equal(formatPercent(ratio(8, 13), 'exact'), '61.5385');
  const whole = sharesOf([800, 500], 'wholePercent')!; // 61.54 / 38.46
  assert.deepEqual(whole.map((r) => formatPercent(r, 'wholePercent')), ['62', '38']);
  const tie = sharesOf([101, 99], 'wholePercent')!; // 50.5 / 49.5: tie goes to the obligor
  assert.deepEqual(tie.map((r) => formatPercent(r, 'wholePercent')), ['51', '49']);
  const bp = sharesOf([800, 500], 'basisPoints')!;
  assert.deepEqual(bp.map((r) => formatPercent(r, 'basisPoints')), ['61.54', '38.46']);
  const exact = sharesOf([800, 500], 'exact')!;
  assert.deepEqual(exact.map(formatRatio), ['8/13', '5/13']);
  assert.equal(sharesOf([0, 0], 'exact'), null);
});

test('line 11 follows the percent rounding option and carries the exact fraction', () => {
  const doc = input({ obligor: monthly('1600.00'), obligee: monthly('1000.00') }); // 61.538...%
  assert.equal(cell(main(calc(doc)), '11', 'obligor'), '62');
  const exact = main(calc({ ...doc, options: { percentRounding: 'exact' } }));
  assert.equal(cell(exact, '11', 'obligor'), '61.5385');
  assert.equal(worksheetLine(exact, '11')!.exact!.obligor, '8/13');
  // $2,600 one child = 612; 8/13 of it = 376.6154 -> 376.62; obligee 235.38
  assert.equal(cell(exact, '12', 'obligor'), '376.62');
  assert.equal(cell(exact, '12', 'obligee'), '235.38');
  const bp = main(calc({ ...doc, options: { percentRounding: 'basisPoints' } }));
  assert.equal(cell(bp, '11', 'obligor'), '61.54');
  assert.equal(cell(bp, '12', 'obligor'), '376.62'); // 612 x 0.6154 = 376.6248
});

test('shares add up to line 10 to the cent, and in whole dollars the obligee takes the remainder', () => {
  assert.deepEqual(splitByRatios(95_433, [ratio(69, 100), ratio(31, 100)]), [65_849, 29_584]);
  assert.deepEqual(splitByRatios(136_900, [ratio(60, 100), ratio(40, 100)], 'wholeDollar'), [82_100, 54_800]); // the published $821 / $548
  assert.deepEqual(splitByRatios(95_433, [ratio(69, 100), ratio(31, 100)], 'wholeDollar'), [65_800, 29_633]);
  assert.throws(() => splitByRatios(100, [ratio(1, 2), ratio(1, 3)]));
  assert.equal(roundHalfUp(5n, 2n), 3n);
  assert.equal(roundHalfUp(-5n, 2n), -3n);
});

test('shared custody: 145 overnights (39.7%) is below the 40% threshold even though it rounds to 40%', () => {
  const w = main(calc(input({ obligor: { ...monthly('1800.00'), overnightsPerYear: 145 } })));
  assert.equal(w.applied.sharedCustody, false);
  assert.equal(cell(w, '13a', 'obligor'), '40');
  assert.match(worksheetLine(w, '13a')!.note!, /below 40%/);
  assert.equal(cell(w, '13d', 'obligor'), null);
  assert.equal(w.result.basicSupportMonthly, '422.40');
});

test('shared custody: 146 overnights is exactly 40%; 40 - 30 = 10; 60 - 10 = 50% of $704 = $352', () => {
  const w = main(calc(input({ obligor: { ...monthly('1800.00'), overnightsPerYear: 146 } })));
  assert.equal(w.applied.sharedCustody, true);
  assert.equal(cell(w, '13a', 'obligor'), '40');
  assert.equal(cell(w, '13b', 'obligor'), '10');
  assert.equal(cell(w, '13c', 'obligor'), '50');
  assert.equal(cell(w, '13d', 'obligor'), '352.00');
  assert.equal(cell(w, '13e', 'obligor'), '352.00');
  assert.equal(w.result.totalMonthly, '352.00');
});

test('shared custody: the adjusted percentage never goes below zero, and a majority of overnights is flagged', () => {
  // Obligor earns 40%, has 365 nights: 100 - 30 = 70 > 40, so line 13c is held at 0.
  const w = calc(input({ obligor: { ...monthly('1200.00'), overnightsPerYear: 365 }, obligee: monthly('1800.00') }));
  assert.equal(cell(main(w), '13c', 'obligor'), '0');
  assert.equal(cell(main(w), '13d', 'obligor'), '0.00');
  assert.ok(w.notes.some((n) => /most of the overnights/.test(n)));
});

test('line 13e: a further adjustment is added with its reason, only when the shared custody adjustment applies', () => {
  const adjust = { amount: '-52.00', reason: 'obligor pays the school tuition directly' };
  const w = main(calc(input({ obligor: { ...monthly('1800.00'), overnightsPerYear: 146 }, furtherAdjustment: adjust })));
  assert.equal(cell(w, '13e', 'obligor'), '300.00');
  assert.match(worksheetLine(w, '13e')!.note!, /tuition/);
  assert.equal(w.applied.furtherAdjustment, true);
  const refused = calculateGuideline(input({ furtherAdjustment: adjust }));
  assert.equal(guidelineReason(refused), 'INPUT_INCONSISTENT');
  assert.ok(!refused.ok && refused.details?.[0]?.path === '/furtherAdjustment');
});

test('a Social Security benefit larger than the schedule amount leaves a zero obligation', () => {
  const w = main(calc(input({ obligor: monthly('1000.00'), obligee: monthly('1000.00'), childSocialSecurityBenefitMonthly: '600.00' })));
  // line 7 = 2,600 -> 612; 612 - 600 = 12
  assert.equal(cell(w, '10', 'combined'), '12.00');
  const big = main(calc(input({ obligor: monthly('1000.00'), obligee: monthly('1000.00'), childSocialSecurityBenefitMonthly: '1000.00' })));
  assert.equal(cell(big, '8', 'combined'), '704.00');
  assert.equal(cell(big, '10', 'combined'), '0.00');
  assert.equal(big.result.totalMonthly, '0.00');
  // The benefit counts for the schedule row but not for the parents' percentages.
  assert.equal(cell(big, '11', 'obligor'), '50');
});

test('low income: the obligor-only amount applies only when lower; above the band the rule is skipped', () => {
  // Obligor $1,300 is the top of the one-child band: income shares 302.72 against 287 alone.
  const top = main(calc(input({ obligor: monthly('1300.00'), obligee: monthly('1700.00') })));
  assert.equal(cell(top, 'LI-1', 'obligor'), 'yes');
  assert.equal(cell(top, 'LI-2', 'obligor'), '287.00');
  assert.equal(cell(top, '12', 'obligor'), '302.72'); // 3,000 -> 704 x 43%
  assert.equal(top.result.basicSupportMonthly, '287.00');
  assert.equal(top.applied.lowIncome, true);
  const above = main(calc(input({ obligor: monthly('1300.01'), obligee: monthly('1699.99') })));
  assert.equal(cell(above, 'LI-1', 'obligor'), 'no');
  assert.equal(above.applied.lowIncome, false);
  // Deep in the band the obligor-only amount is far lower: 704 x 35% = 246.40 against $62.
  const deep = main(calc(input({ obligor: monthly('1050.00'), obligee: monthly('1950.00') })));
  assert.equal(cell(deep, 'LI-2', 'obligor'), '62.00');
  assert.equal(deep.result.basicSupportMonthly, '62.00');
  // After a shared custody reduction the income-shares amount can be the lower one, and then it stays:
  // 2,200 -> 521; 55%; 183 nights = 50% -> 20 -> 35% of 521 = 182.35 < 197 (obligor alone at $1,200).
  const shared = main(calc(input({ obligor: { ...monthly('1200.00'), overnightsPerYear: 183 }, obligee: monthly('1000.00') })));
  assert.equal(cell(shared, '13d', 'obligor'), '182.35');
  assert.equal(cell(shared, 'LI-2', 'obligor'), '197.00');
  assert.equal(shared.result.basicSupportMonthly, '182.35');
  assert.equal(shared.applied.lowIncome, false);
  const tiny = main(calc(input({ obligor: monthly('1000.00'), obligee: monthly('2000.00'), children: 2 })));
  assert.equal(tiny.result.basicSupportMonthly, '17.00');
});

test('low income below the lowest row held: SCHEDULE_RANGE instead of an invented figure', () => {
  const r = calculateGuideline(input({ obligor: monthly('800.00'), obligee: monthly('2000.00') }));
  assert.equal(guidelineReason(r), 'SCHEDULE_RANGE');
  assert.ok(!r.ok && /^Low-income adjustment/.test(r.message) && r.details?.[0]?.path === '/obligor/income');
});

test('combined income outside the rows held: SCHEDULE_RANGE naming line 7', () => {
  const high = calculateGuideline(input({ obligor: monthly('2500.00'), obligee: monthly('500.01') }));
  assert.equal(guidelineReason(high), 'SCHEDULE_RANGE');
  assert.ok(!high.ok && /^Line 7 /.test(high.message) && /\$3,000\.00/.test(high.message));
  assert.equal(high.ok ? null : high.details?.[0]?.path, '/');
  const low = calculateGuideline(input({ obligor: monthly('500.00'), obligee: monthly('499.99') }));
  assert.equal(guidelineReason(low), 'SCHEDULE_RANGE');
  const benefitPushesOver = calculateGuideline(input({ childSocialSecurityBenefitMonthly: '0.01' }));
  assert.equal(guidelineReason(benefitPushesOver), 'SCHEDULE_RANGE');
  const seven = calculateGuideline(input({ children: 7 }));
  assert.equal(guidelineReason(seven), 'SCHEDULE_RANGE');
  assert.equal(seven.ok ? null : seven.details?.[0]?.path, '/children');
});

test('expenses are shared by line 11 and the obligor is credited for what the obligor pays directly', () => {
  const w = main(
    calc(
      input({
        expenses: [
          { kind: 'childCare', amount: '100.00', frequency: 'weekly', paidBy: 'obligee' },
          { kind: 'healthInsurancePremium', amount: '90.00', paidBy: 'obligor' },
        ],
      }),
    ),
  );
  assert.equal(cell(w, 'E1', 'combined'), '433.33'); // 100 x 52/12
  assert.equal(cell(w, 'E1', 'obligor'), '260.00'); // 60% of 433.33 = 259.998
  assert.equal(cell(w, 'E1', 'obligee'), '173.33');
  assert.equal(cell(w, 'E2', 'obligor'), '54.00');
  assert.equal(cell(w, 'E3', 'combined'), '0.00');
  assert.equal(cell(w, 'E5', 'obligor'), '224.00'); // 260 + 54 - 90
  assert.equal(w.result.totalMonthly, '646.40'); // 422.40 + 224.00
});

test('an expense credit larger than basic support gives a zero total and a note, never a negative order', () => {
  const w = calc(input({ expenses: [{ kind: 'healthInsurancePremium', amount: '1500.00', paidBy: 'obligor' }] }));
  // 422.40 + (900.00 - 1500.00) = -177.60
  assert.equal(main(w).result.additionalExpensesMonthly, '-600.00');
  assert.equal(main(w).result.totalMonthly, '0.00');
  assert.ok(w.notes.some((n) => /\$177\.60/.test(n)));
});

test('third-party case with one known parent: 100% on that parent, the third party counts as zero', () => {
  const w = calc({
    state: 'PA',
    calculationDate: '2019-07-01',
    children: 1,
    caseType: 'thirdParty',
    obligors: [{ name: 'Father', ...monthly('2000.00') }],
    expenses: [{ kind: 'childCare', amount: '200.00', paidBy: 'thirdParty' }],
  });
  assert.equal(w.calculations.length, 1);
  const c = main(w);
  assert.equal(c.obligee.role, 'thirdParty');
  assert.equal(cell(c, '8', 'combined'), '475.00');
  assert.equal(cell(c, 'E0', 'obligor'), '100');
  assert.equal(c.result.totalMonthly, '675.00');
});

test('third-party case: other-children support larger than income leaves zero income and so SCHEDULE_RANGE', () => {
  const r = calculateGuideline({
    state: 'PA',
    calculationDate: '2019-07-01',
    children: 1,
    caseType: 'thirdParty',
    obligors: [{ ...monthly('1500.00'), supportOwedToOtherChildrenMonthly: '1600.00' }],
  });
  assert.equal(guidelineReason(r), 'SCHEDULE_RANGE');
  assert.ok(!r.ok && /^Obligor 1/.test(r.message));
});

test('input errors name the field: schema problems, impossible dates, negative net income', () => {
  const bad = calculateGuideline({
    state: 'PA',
    calculationDate: '2019-07-01',
    children: 0,
    obligor: { income: { grossPerPeriod: '12.345', payFrequency: 'fortnightly' } },
    obligee: { income: { grossPerPeriod: 1000, payFrequency: 'monthly' }, shoeSize: 9 },
  });
  assert.equal(guidelineReason(bad), 'INPUT_INVALID');
  assert.ok(!bad.ok);
  const paths = (bad.details ?? []).map((d) => d.path);
  for (const p of ['/children', '/obligor/income/grossPerPeriod', '/obligor/income/payFrequency', '/obligee/income/grossPerPeriod', '/obligee/shoeSize']) {
    assert.ok(paths.includes(p), `${p} in ${JSON.stringify(paths)}`);
  }
  assert.equal(guidelineReason(calculateGuideline('not an object')), 'INPUT_INVALID');
  const date = calculateGuideline(input({ calculationDate: '2019-02-30' }));
  assert.ok(!date.ok && date.details?.some((d) => d.path === '/calculationDate'));
  const negative = calculateGuideline(input({ obligor: { income: { grossPerPeriod: '100', deductionsPerPeriod: '100.01', payFrequency: 'weekly' } } }));
  assert.equal(guidelineReason(negative), 'NEGATIVE_NET_INCOME');
  assert.ok(!negative.ok && negative.details?.[0]?.path === '/obligor/income/deductionsPerPeriod');
});

test('fields that do not fit the case type are refused together, each with its path', () => {
  const parents = calculateGuideline({
    ...input({ obligee: { ...monthly('1200.00'), overnightsPerYear: 200 } }),
    obligors: [monthly('1000.00')],
    expenses: [{ kind: 'childCare', amount: '10', paidBy: 'thirdParty' }],
  });
  assert.equal(guidelineReason(parents), 'INPUT_INCONSISTENT');
  assert.deepEqual(
    (parents.ok ? [] : parents.details ?? []).map((d) => d.path).sort(),
    ['/expenses/0/paidBy', '/obligee/overnightsPerYear', '/obligors'].sort(),
  );
  const third = calculateGuideline({
    state: 'PA',
    calculationDate: '2019-07-01',
    children: 1,
    caseType: 'thirdParty',
    obligee: monthly('1000.00'),
    obligors: [{ ...monthly('1500.00'), overnightsPerYear: 100 }],
    childSocialSecurityBenefitMonthly: '50.00',
    expenses: [{ kind: 'childCare', amount: '10', paidBy: 'obligor2' }],
  });
  assert.equal(guidelineReason(third), 'INPUT_INCONSISTENT');
  assert.deepEqual(
    (third.ok ? [] : third.details ?? []).map((d) => d.path).sort(),
    ['/childSocialSecurityBenefitMonthly', '/expenses/0/paidBy', '/obligee', '/obligors/0/overnightsPerYear'].sort(),
  );
});

test('every reference line 1-13e appears in order with its number and label; added lines are marked', () => {
  const c = main(calc(input({ expenses: [{ kind: 'childCare', amount: '10', paidBy: 'obligee' }] })));
  const reference = c.lines.filter((l) => l.origin === 'reference');
  assert.deepEqual(
    reference.map((l) => l.line),
    Object.keys(REFERENCE_LINES),
  );
  for (const l of reference) assert.equal(l.label, REFERENCE_LINES[l.line as keyof typeof REFERENCE_LINES]);
  assert.ok(c.lines.filter((l) => l.origin === 'opencse').every((l) => /^(TP-|LI-|E|T)/.test(l.line)));
  assert.equal(c.lines[c.lines.length - 1]!.line, 'T1');
});

test('the worksheet is plain JSON with decimal strings, states its schedule and its data caveats', () => {
  const w = calc(input());
  assert.deepEqual(JSON.parse(JSON.stringify(w)), w);
  assert.equal(w.schedule.id, 'PA-2017');
  assert.deepEqual(w.schedule.rowsHeld, { lowest: '1000.00', highest: '3000.00', complete: false });
  assert.deepEqual(w.options, { percentRounding: 'wholePercent', shareRounding: 'cent', betweenRows: 'interpolate' });
  assert.ok(w.notes.some((n) => /refused, never estimated/.test(n)));
  assert.ok(w.notes.some((n) => /unverified/.test(n)));
  for (const l of main(w).lines) {
    if (l.unit !== 'usd') continue;
    for (const v of [l.obligor, l.obligee, l.combined]) if (v !== null) assert.match(v, /^-?\d+\.\d{2}$/);
  }
});
