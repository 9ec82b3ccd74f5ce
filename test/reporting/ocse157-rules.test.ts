// OCSE-157 line rules on hand-built report data: which days a case counts as open, months charged while
// open, money dated while closed, reversals in a later year, holds, and arrears owed at the start of the
// year rebuilt backwards from today's balance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeOcse157, fiscalYearBounds, fiscalYearMonths, openOn, openSomeDay } from '../../src/reporting/ocse157.ts';
import type { ReportAllocation, ReportCase, ReportData } from '../../src/reporting/data.ts';

const kase = (id: number, o: Partial<ReportCase> = {}): ReportCase => ({ id, caseNumber: `C${id}`, caseType: 'never_assistance', interstateRole: 'none', officeId: 1, officeCode: 'N', openedDate: '2025-01-01', closedIntervals: [], ...o });
const data = (o: Partial<ReportData>): ReportData => ({ officeId: null, cases: [], children: [], orders: [], obligations: [], accruals: [], accounts: [], allocations: [], paternities: [], orderTerms: [], caseFacts: [], statewide: [], ...o });
const alloc = (id: number, caseId: number, o: Partial<ReportAllocation>): ReportAllocation => ({ id, caseId, receiptId: id, supportMonth: '2026-01', target: 'current_support', payee: 'family', amountCents: 1000, ruleCode: 'CURRENT_SUPPORT_TO_FAMILY', date: '2026-01-15', reversedDate: null, ...o });
const line = (r: ReturnType<typeof computeOcse157>, l: string) => r.lines.find((x) => x.line === l)!.value;

test('federal fiscal years and their months', () => {
  assert.deepEqual(fiscalYearBounds(2026), { start: '2025-10-01', end: '2026-09-30' });
  assert.deepEqual(fiscalYearMonths(2026), ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09']);
});

test('open on a day: a closure takes effect on its date; a reopening on its date', () => {
  const c = kase(1, { openedDate: '2025-03-01', closedIntervals: [{ closed: '2026-03-10', reopened: '2026-05-01' }] });
  assert.equal(openOn(c, '2025-02-28'), false);
  assert.equal(openOn(c, '2026-03-09'), true);
  assert.equal(openOn(c, '2026-03-10'), false);
  assert.equal(openOn(c, '2026-04-30'), false);
  assert.equal(openOn(c, '2026-05-01'), true);
  assert.equal(openSomeDay(c, '2026-04-01', '2026-04-30'), false);
  assert.equal(openSomeDay(c, '2026-03-01', '2026-03-31'), true);
  assert.equal(openSomeDay(kase(2, { closedIntervals: [{ closed: '2024-01-01', reopened: null }] }), '2025-10-01', '2026-09-30'), false);
});

test('line 1 leaves out a case closed on the last day of the year; line 2 needs an order entered by then', () => {
  const d = data({
    cases: [kase(1), kase(2, { closedIntervals: [{ closed: '2026-09-30', reopened: null }] }), kase(3), kase(4, { openedDate: '2026-10-01' })],
    orders: [{ caseId: 1, enteredDate: '2026-09-30', effectiveDate: '2026-09-01', status: 'active' }, { caseId: 3, enteredDate: '2026-10-01', effectiveDate: '2026-10-01', status: 'active' }],
  });
  const r = computeOcse157(d, 2026);
  assert.deepEqual(r.drill['1']!.map((x) => x.caseNumber), ['C1', 'C3']);
  assert.deepEqual(r.drill['2']!.map((x) => x.caseNumber), ['C1']);
  assert.deepEqual(r.drill['12']!.map((x) => x.caseNumber), ['C3']);
});

test('line 24 counts the month an account opened (no accrual row) and only months the case was open', () => {
  const d = data({
    cases: [kase(1, { closedIntervals: [{ closed: '2026-03-10', reopened: null }] })],
    orders: [{ caseId: 1, enteredDate: '2025-10-03', effectiveDate: '2025-10-01', status: 'active' }],
    obligations: [{ caseId: 1, kind: 'current_support', amountCents: 20_000, frequency: 'monthly', startDate: '2025-10-01', endDate: null, enteredDate: '2025-10-03', orderStatus: 'active' }],
    accounts: [{ caseId: 1, supportMonth: '2026-09', arrearsCents: 0 }],
    accruals: ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09'].map((m) => ({ caseId: 1, supportMonth: m, currentSupportCents: 20_000, unpaidToArrearsCents: 0 })),
  });
  // October (opening month) through March (closed on the 10th): six months.
  assert.equal(line(computeOcse157(d, 2026), '24'), 6 * 20_000);
});

test('line 25: money dated while the case was closed is left out; a reversal in the next year is not; holds never count', () => {
  const d = data({
    cases: [kase(1, { closedIntervals: [{ closed: '2026-05-01', reopened: null }] })],
    allocations: [
      alloc(1, 1, { date: '2026-01-15', amountCents: 10_000 }),
      alloc(2, 1, { date: '2026-02-15', amountCents: 10_000, reversedDate: '2026-10-05' }),
      alloc(3, 1, { date: '2026-03-15', amountCents: 4_000, reversedDate: '2026-03-20' }),
      alloc(4, 1, { date: '2026-06-15', amountCents: 10_000 }),
      alloc(5, 1, { date: '2026-04-15', amountCents: 500, target: 'future_support', payee: 'held', ruleCode: 'FUTURE_SUPPORT_HELD' }),
      alloc(6, 1, { date: '2026-04-15', amountCents: 700, target: 'NA', ruleCode: 'FAMILY_ARREARS' }),
    ],
  });
  const r = computeOcse157(d, 2026);
  assert.equal(line(r, '25'), 20_000);
  assert.equal(line(r, '27'), 700);
  assert.equal(line(r, '18'), 1);
});

test('line 28 rebuilds the arrears owed at the start of the year from today\'s balance', () => {
  const d = data({
    cases: [kase(1), kase(2), kase(3), kase(4)],
    accounts: [
      // Paid off during the year: owed 5,000 at its start.
      { caseId: 1, supportMonth: '2026-09', arrearsCents: 0 },
      // Owed only from a judgment entered after the year.
      { caseId: 2, supportMonth: '2026-10', arrearsCents: 30_000 },
      // Nothing owed before; a month went unpaid in the year.
      { caseId: 3, supportMonth: '2026-09', arrearsCents: 1_500 },
      // Never owed anything.
      { caseId: 4, supportMonth: '2026-09', arrearsCents: 0 },
    ],
    allocations: [alloc(1, 1, { target: 'NA', ruleCode: 'FAMILY_ARREARS', amountCents: 5_000, date: '2026-02-01' })],
    obligations: [{ caseId: 2, kind: 'arrears_judgment', amountCents: 30_000, frequency: 'one_time', startDate: '2026-10-01', endDate: null, enteredDate: '2026-10-02', orderStatus: 'active' }],
    accruals: [{ caseId: 3, supportMonth: '2026-04', currentSupportCents: 1_500, unpaidToArrearsCents: 1_500 }],
  });
  const r = computeOcse157(d, 2026);
  assert.deepEqual(r.drill['28']!.map((x) => [x.caseNumber, x.detail]), [
    ['C1', { arrearsAtStartCents: 5_000, arrearsAddedCents: 0 }],
    ['C3', { arrearsAtStartCents: 0, arrearsAddedCents: 1_500 }],
  ]);
  assert.deepEqual(r.drill['29']!.map((x) => x.caseNumber), ['C1']);
});

test('children: each child once, members on the last day only, born out of wedlock and paternity by flag', () => {
  const d = data({
    cases: [kase(1), kase(2), kase(3, { closedIntervals: [{ closed: '2026-01-01', reopened: null }] })],
    children: [
      { caseId: 1, personId: 10, name: 'A', startDate: '2025-01-01', endDate: null, bornOutOfWedlock: true, paternityEstablished: true },
      { caseId: 2, personId: 10, name: 'A', startDate: '2025-01-01', endDate: null, bornOutOfWedlock: true, paternityEstablished: null },
      { caseId: 1, personId: 11, name: 'B', startDate: '2025-01-01', endDate: '2026-06-30', bornOutOfWedlock: true, paternityEstablished: null },
      { caseId: 2, personId: 12, name: 'C', startDate: '2025-01-01', endDate: null, bornOutOfWedlock: false, paternityEstablished: null },
      { caseId: 3, personId: 13, name: 'D', startDate: '2025-01-01', endDate: null, bornOutOfWedlock: true, paternityEstablished: null },
    ],
  });
  const r = computeOcse157(d, 2026);
  assert.deepEqual([line(r, '4'), line(r, '5'), line(r, '6'), line(r, '13'), line(r, '5a')], [2, 1, 1, 0, 3]);
  assert.deepEqual(r.drill['4']!.map((x) => [x.personId, x.caseNumbers]), [[10, ['C1', 'C2']], [12, ['C2']]]);
});

test('line 3: a case with no jurisdiction on the last day is on no other line, money lines included; an ended span does not count', () => {
  const d = data({
    cases: [kase(1), kase(2), kase(3, { closedIntervals: [{ closed: '2026-08-01', reopened: null }] })],
    orders: [{ caseId: 1, enteredDate: '2025-10-03', effectiveDate: '2025-10-01', status: 'active' }],
    allocations: [alloc(1, 1, { amountCents: 5_000 }), alloc(2, 2, { amountCents: 7_000 })],
    caseFacts: [
      { caseId: 1, fact: 'no_jurisdiction', fromDate: '2026-09-01', throughDate: null },
      { caseId: 2, fact: 'no_jurisdiction', fromDate: '2025-01-01', throughDate: '2026-09-29' },
      // Closed before the year end: not a line 3 case even though the span covers the last day.
      { caseId: 3, fact: 'no_jurisdiction', fromDate: '2026-01-01', throughDate: null },
    ],
  });
  const r = computeOcse157(d, 2026);
  assert.deepEqual(r.drill['3']!.map((x) => x.caseNumber), ['C1']);
  assert.deepEqual(r.drill['1']!.map((x) => x.caseNumber), ['C2']);
  assert.deepEqual([line(r, '2'), line(r, '25'), line(r, '18')], [0, 7_000, 1]);
});

test('line 16: paternities dated in the year while the case was open, each child once; earlier, later or on a closed case are left out', () => {
  const d = data({
    cases: [kase(1), kase(2), kase(3, { closedIntervals: [{ closed: '2026-01-01', reopened: '2026-03-01' }] })],
    paternities: [
      { caseId: 1, childPersonId: 10, name: 'A', method: 'acknowledgment', establishedDate: '2025-10-01' },
      { caseId: 2, childPersonId: 10, name: 'A', method: 'court_order', establishedDate: '2026-02-01' },
      { caseId: 1, childPersonId: 11, name: 'B', method: 'genetic_test', establishedDate: '2025-09-30' },
      { caseId: 1, childPersonId: 12, name: 'C', method: 'acknowledgment', establishedDate: '2026-10-01' },
      { caseId: 3, childPersonId: 13, name: 'D', method: 'acknowledgment', establishedDate: '2026-02-01' },
      { caseId: 3, childPersonId: 14, name: 'E', method: 'default_order', establishedDate: '2026-09-30' },
    ],
  });
  const r = computeOcse157(d, 2026);
  assert.deepEqual(r.drill['16']!.map((x) => [x.personId, x.caseNumbers]), [[10, ['C1', 'C2']], [14, ['C3']]]);
});

test('lines 21-23: ordered by the last day (insurance or cash medical); provided only when recorded on the last day', () => {
  const d = data({
    cases: [kase(1), kase(2), kase(3), kase(4)],
    orderTerms: [
      { caseId: 1, enteredDate: '2026-01-10', healthInsuranceBy: 'obligor' },
      { caseId: 2, enteredDate: '2026-01-10', healthInsuranceBy: 'both' },
      { caseId: 3, enteredDate: '2026-01-10', healthInsuranceBy: 'neither' },
      { caseId: 4, enteredDate: '2026-10-10', healthInsuranceBy: 'obligee' },
    ],
    obligations: [{ caseId: 3, kind: 'medical_support', amountCents: 4_000, frequency: 'monthly', startDate: '2026-01-01', endDate: null, enteredDate: '2026-01-10', orderStatus: 'active' }],
    caseFacts: [
      { caseId: 1, fact: 'health_insurance_provided', fromDate: '2026-02-01', throughDate: null },
      { caseId: 2, fact: 'health_insurance_provided', fromDate: '2026-02-01', throughDate: '2026-09-29' },
    ],
  });
  const r = computeOcse157(d, 2026);
  const cases = (l: string) => r.drill[l]!.map((x) => x.caseNumber);
  assert.deepEqual([cases('21'), cases('21a'), cases('22'), cases('23')], [['C1', 'C2', 'C3'], ['C1'], ['C1', 'C2'], ['C1']]);
});

test('lines 8, 8a, 9 are entered statewide figures with no list; missing until entered; line 26 is start plus added for line 28 cases', () => {
  const none = computeOcse157(data({}), 2026);
  assert.deepEqual(['8', '8a', '9'].map((l) => [line(none, l), none.lines.find((x) => x.line === l)!.confidence]), [[null, 'not_supported'], [null, 'not_supported'], [null, 'not_supported']]);
  const d = data({
    statewide: [
      { fiscalYear: 2025, birthsOutOfWedlock: 900, paternitiesEstablished: 700, source: 'DOH' },
      { fiscalYear: 2026, birthsOutOfWedlock: 950, paternitiesEstablished: null, source: 'DOH' },
    ],
    cases: [kase(1)],
    accounts: [{ caseId: 1, supportMonth: '2026-09', arrearsCents: 2_000 }],
    allocations: [alloc(1, 1, { target: 'NA', ruleCode: 'FAMILY_ARREARS', amountCents: 3_000, date: '2026-02-01' })],
    accruals: [{ caseId: 1, supportMonth: '2026-04', currentSupportCents: 1_500, unpaidToArrearsCents: 1_500 }],
  });
  const r = computeOcse157(d, 2026);
  assert.deepEqual([line(r, '8'), line(r, '8a'), line(r, '9')], [950, 900, null]);
  assert.deepEqual(r.lines.filter((l) => l.basis === 'entered').map((l) => [l.line, l.drillDown]), [['8', null], ['8a', null], ['9', null]]);
  // Owed 3,500 at the start (2,000 now − 1,500 added + 3,000 paid), 1,500 added: 5,000 due; 3,000 paid.
  assert.deepEqual([line(r, '26'), line(r, '27'), line(r, '28')], [5_000, 3_000, 1]);
});
