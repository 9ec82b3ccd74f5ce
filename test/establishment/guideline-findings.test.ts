/**
 * The findings 45 CFR 302.56 asks of every guideline model: the subsistence rule each model states,
 * imputed income only with the circumstances considered and a written finding, incarceration not
 * treated as voluntary unemployment, and a deviation recorded with both amounts and its reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calculateGuideline } from '../../src/establishment/guideline/calculate.ts';
import { guidelineReason } from '../../src/establishment/guideline/failures.ts';
import { buildRegistry, DEFAULT_REGISTRY } from '../../src/establishment/guideline/registry.ts';
import pa2017 from '../../src/establishment/guideline/data/pa-2017.json' with { type: 'json' };

const monthly = (a: string) => ({ grossPerPeriod: a, payFrequency: 'monthly' as const });
const inputs = {
  'PA-2017': { guideline: 'PA-2017', calculationDate: '2019-07-01', children: 1, obligor: { income: monthly('1500') }, obligee: { income: monthly('1000') } },
  'AR-2020': { guideline: 'AR-2020', calculationDate: '2024-07-01', children: 1, obligor: { income: monthly('3000') }, obligee: { income: monthly('2000') } },
  'WI-DCF150': { guideline: 'WI-DCF150', calculationDate: '2024-07-01', children: 1, obligor: { income: monthly('3000') }, obligee: { income: monthly('2000') } },
} as const;

test('every model on file states its subsistence rule (302.56(c)(1)(ii)) and every worksheet carries it', () => {
  for (const v of DEFAULT_REGISTRY.versions) {
    if (v.model === 'income-shares') assert.ok(v.lowIncome.selfSupportReserveCents > 0, v.id);
    else assert.ok(v.lowIncome.table.rows.length > 0, v.id);
  }
  for (const input of Object.values(inputs)) {
    const r = calculateGuideline(input);
    assert.ok(r.ok, JSON.stringify(r));
    assert.match(r.value.findings.subsistence, /45 CFR 302\.56\(c\)\(1\)\(ii\)/);
  }
  // A data file without a subsistence rule is refused when loaded.
  const bad = JSON.parse(JSON.stringify(pa2017)) as Record<string, unknown>;
  delete bad.lowIncome;
  const r = buildRegistry([bad]);
  assert.equal(guidelineReason(r), 'INPUT_INVALID');
  assert.ok(!r.ok && r.details?.some((d) => d.path === '/lowIncome' || /lowIncome/.test(d.message)));
});

test('imputed income needs the circumstances considered and a written finding; the worksheet states them', () => {
  for (const [id, input] of Object.entries(inputs)) {
    const none = calculateGuideline({ ...input, obligor: { ...input.obligor, imputedIncome: { reason: 'voluntaryUnemployment', factors: [], finding: 'worked as a welder until 2023' } } });
    assert.equal(guidelineReason(none), 'INPUT_INVALID', `${id}: no circumstances`);
    assert.ok(!none.ok && none.details?.some((d) => d.path === '/obligor/imputedIncome/factors'));
    const bare = calculateGuideline({ ...input, obligor: { ...input.obligor, imputedIncome: { reason: 'voluntaryUnemployment', factors: ['jobSkills'], finding: 'no' } } });
    assert.ok(!bare.ok && bare.details?.some((d) => d.path === '/obligor/imputedIncome/finding'), `${id}: no finding`);
    const imputed = calculateGuideline({
      ...input,
      obligor: { ...input.obligor, imputedIncome: { reason: 'voluntaryUnderemployment', factors: ['employmentAndEarningsHistory', 'localJobMarket', 'health'], finding: 'a certified welder in good health; welding jobs open locally at $1,500 a month and more' } },
    });
    assert.ok(imputed.ok, `${id}: ${JSON.stringify(imputed)}`);
    assert.deepEqual(imputed.value.findings.parents[0]!.imputedIncome, {
      reason: 'voluntary underemployment',
      factors: ['employment and earnings history', 'the local job market', 'health'],
      finding: 'a certified welder in good health; welding jobs open locally at $1,500 a month and more',
    });
    assert.ok(imputed.value.notes.some((n) => /imputed \(voluntary underemployment\) after considering employment and earnings history, the local job market, health \(45 CFR 302\.56\(c\)\(1\)\(iii\)\)/.test(n)), id);
  }
});

test('incarceration is not voluntary unemployment in any model: imputing for it is refused; income unknown stays possible', () => {
  for (const [id, input] of Object.entries(inputs)) {
    const refused = calculateGuideline({ ...input, obligor: { ...input.obligor, incarcerated: true, imputedIncome: { reason: 'voluntaryUnemployment', factors: ['jobSkills'], finding: 'could work if released early' } } });
    assert.equal(guidelineReason(refused), 'FINDING_REQUIRED', id);
    assert.ok(!refused.ok && /^Income may not be imputed to an incarcerated parent/.test(refused.message));
    const unknown = calculateGuideline({ ...input, obligor: { ...input.obligor, incarcerated: true, imputedIncome: { reason: 'incomeUnknown', factors: ['assets'], finding: 'holds rental property whose income is not known' } } });
    assert.ok(unknown.ok, id);
    assert.equal(unknown.value.findings.parents[0]!.incarcerated, true);
  }
});

test('a deviation is recorded with the guideline amount, the amount ordered and the reason (302.56(g)); the same amount is not a deviation', () => {
  const r = calculateGuideline({ ...inputs['AR-2020'], deviation: { orderedMonthly: '400.00', reason: 'the obligor pays for the children’s daycare directly' } });
  assert.ok(r.ok);
  assert.deepEqual(r.value.findings.deviation, { calculationId: 'main', guidelineMonthly: '442.00', orderedMonthly: '400.00', difference: '-42.00', reason: 'the obligor pays for the children’s daycare directly', bestInterests: null });
  assert.ok(r.value.notes.some((n) => /the guideline amount is \$442\.00 a month; the order sets \$400\.00/.test(n)));
  assert.equal(r.value.calculations[0]!.result.totalMonthly, '442.00', 'the guideline amount itself is unchanged');
  const same = calculateGuideline({ ...inputs['AR-2020'], deviation: { orderedMonthly: '442.00', reason: 'no reason at all here' } });
  assert.equal(guidelineReason(same), 'INPUT_INCONSISTENT');
  assert.ok(!same.ok && /is the guideline amount, so there is no deviation/.test(same.message));
  const short = calculateGuideline({ ...inputs['AR-2020'], deviation: { orderedMonthly: '400.00', reason: 'because' } });
  assert.ok(!short.ok && short.details?.some((d) => d.path === '/deviation/reason'));
});
