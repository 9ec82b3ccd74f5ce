// Federal reports on a seeded caseload built through the real services: every OCSE-157 line the system
// computes, its drill-down list, the OCSE-34 quarters and the measures, each checked against figures the
// test computes by plain loops over the plan it created (test/reporting/caseload.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';
import { buildCaseload, expected157, expected34, FY, makePlan, type Plan } from './caseload.ts';
import { applicablePercentage } from '../../src/reporting/measures.ts';
import { recordStatewideInput } from '../../src/reporting/inputs.ts';
import { loadReportData } from '../../src/reporting/data.ts';
import { computeOcse157 } from '../../src/reporting/ocse157.ts';
import { ocse157ByChunks } from '../../src/reporting/ocse157-chunked.ts';

// Statewide vital statistics entered for the report (the system cannot count them): line 8 of each year
// is the births figure of that year, line 8a the one of the year before, line 9 the paternities.
const STATEWIDE = [
  { fiscalYear: 2024, birthsOutOfWedlock: 1_310, paternitiesEstablished: null },
  { fiscalYear: 2025, birthsOutOfWedlock: 1_250, paternitiesEstablished: 1_100 },
  { fiscalYear: 2026, birthsOutOfWedlock: 1_200, paternitiesEstablished: 1_150 },
];

let sys: TestSystem;
let plan: Plan;
const tokens: Record<string, string> = {};

async function get(user: string, url: string) {
  const res = await sys.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[user]}` } });
  return res;
}
const value = (report: { lines: Array<{ line: string; value: number | null }> }, line: string) => report.lines.find((l) => l.line === line)!.value;
const amount = (report: { lines: Array<{ line: string; amountCents: number; columns?: Record<"A" | "B" | "C" | "D" | "E" | "F" | "G", number> }> }, line: string) => report.lines.find((l) => l.line === line)!;

before(async () => {
  sys = await createTestSystem({ today: '2025-07-01' });
  plan = makePlan();
  await buildCaseload(sys, plan);
  sys.clock.set('2026-11-02');
  await sys.addUser('aud', 'auditor');
  await sys.addUser('adm', 'administrator');
  await sys.addUser('nboss', 'supervisor', { office: 'NORTH' });
  await sys.addUser('nworker', 'caseworker', { office: 'NORTH' });
  for (const u of ['aud', 'adm', 'nboss', 'nworker']) tokens[u] = await sys.login(u);
  for (const row of STATEWIDE) {
    const r = await recordStatewideInput(sys.deps, sys.ctx('administrator'), { ...row, source: 'test vital statistics' });
    assert.ok(r.ok, JSON.stringify(r));
  }
});
after(() => sys.close());

test('the plan exercises what the lines count: closures, a reopening, orders in and before the year, arrears, an offset refund, an NSF reversal', (t) => {
  const e = expected157(plan);
  t.diagnostic(`expected OCSE-157 FFY ${FY.year}: ${JSON.stringify(e.line)}`);
  assert.ok(e.line['1']! > 10 && e.line['2']! > 5 && e.line['12']! > 0);
  assert.ok(e.line['28']! > e.line['29']! && e.line['29']! > 0, JSON.stringify(e.line));
  assert.ok(e.line['24']! > e.line['25']! && e.line['25']! > 0);
  assert.ok(e.line['17']! > 0 && e.line['5']! > e.line['6']!);
  assert.ok(e.line['3'] === 1 && e.line['16']! > 0 && e.line['21']! > e.line['21a']! && e.line['21a']! > 0, JSON.stringify(e.line));
  assert.ok(e.line['26']! > e.line['27']!);
});

test('OCSE-157: every computed line equals the figure counted from the plan', async () => {
  const res = await get('aud', `/api/reports/ocse157?year=${FY.year}`);
  assert.equal(res.statusCode, 200, res.body);
  const report = res.json();
  assert.deepEqual([report.periodStart, report.periodEnd], [FY.start, FY.end]);
  const e = expected157(plan);
  for (const [line, expected] of Object.entries(e.line)) assert.equal(value(report, line), expected, `line ${line}`);
  // Entered statewide lines: the year's births (8), the prior year's (8a), the year's paternities (9).
  assert.deepEqual([value(report, '8'), value(report, '8a'), value(report, '9')], [1_200, 1_250, 1_150]);
  for (const line of ['8', '8a', '9']) {
    const l = report.lines.find((x: { line: string }) => x.line === line);
    assert.deepEqual([l.basis, l.drillDownUrl, l.confidence], ['entered', null, 'confirmed'], `line ${line} is entered and has no list`);
  }
  for (const line of ['33', '34', '35', '36', '37']) {
    const l = report.lines.find((x: { line: string }) => x.line === line);
    assert.deepEqual([l.value, l.confidence, l.drillDownUrl], [null, 'not_supported', null], `line ${line} says it is not supported`);
  }
  assert.deepEqual(report.lines.map((l: { line: string }) => l.line), ['1', '2', '3', '4', '5', '5a', '6', '8', '8a', '9', '12', '13', '16', '17', '18', '19', '20', '21', '21a', '22', '23', '24', '25', '26', '27', '28', '29', '33', '34', '35', '36', '37']);
  for (const line of ['1', '2', '3', '5', '5a', '6', '24', '25', '28', '29']) assert.equal(report.lines.find((x: { line: string }) => x.line === line).confidence, 'confirmed', line);
  for (const line of ['4', '12', '13', '16', '17', '18', '19', '20', '21', '21a', '22', '23', '26', '27']) assert.equal(report.lines.find((x: { line: string }) => x.line === line).confidence, 'inference', line);
});

test('OCSE-157 read a slice of cases at a time equals the report over the whole State, lists and all, for any slice size', async () => {
  const years = [FY.year - 1, FY.year];
  const whole = await loadReportData(sys.deps.db, null);
  const office = await sys.deps.db.selectFrom('office').select('id').where('code', '=', 'NORTH').executeTakeFirstOrThrow();
  const wholeOffice = await loadReportData(sys.deps.db, office.id);
  for (const chunkCases of [1, 2, 3, 7, 1000]) {
    const r = await ocse157ByChunks(sys.deps.db, null, null, years, { lists: 'all', chunkCases });
    assert.equal(r.cases, whole.cases.length);
    for (const y of years) assert.deepEqual(r.reports.get(y), computeOcse157(whole, y), `FFY ${y}, ${chunkCases} cases per slice`);
    const o = await ocse157ByChunks(sys.deps.db, office.id, null, [FY.year], { lists: 'all', chunkCases });
    assert.deepEqual(o.reports.get(FY.year), computeOcse157(wholeOffice, FY.year), `office NORTH, ${chunkCases} cases per slice`);
  }
  // Without lists only the figures are kept; they are the same.
  const bare = await ocse157ByChunks(sys.deps.db, null, null, [FY.year], { lists: [], chunkCases: 2 });
  assert.deepEqual(bare.reports.get(FY.year)!.lines, computeOcse157(whole, FY.year).lines);
  assert.deepEqual(bare.reports.get(FY.year)!.drill, {});
});

test('OCSE-157 line 3: a case without jurisdiction at the year end is on no other line; one whose span ended is on the usual lines', async () => {
  const e = expected157(plan);
  const out = plan.cases.find((c) => c.n === 15)!.caseNumber!;
  const back = plan.cases.find((c) => c.n === 1)!.caseNumber!;
  const lists = await Promise.all(['1', '2', '18', '24', '28'].map(async (l) => (await get('aud', `/api/reports/ocse157/lines/${l}?year=${FY.year}`)).json().rows as Array<{ caseNumber: string }>));
  assert.deepEqual(e.cases['3'], [out]);
  for (const rows of lists) assert.ok(!rows.some((r) => r.caseNumber === out), 'the no-jurisdiction case is on no other line');
  assert.ok(lists[0]!.some((r) => r.caseNumber === back), 'a case whose no-jurisdiction span ended is on line 1');
});

test('OCSE-157 drill-down: from each number to the cases behind it, with the amounts of money lines', async () => {
  const e = expected157(plan);
  for (const line of ['1', '2', '3', '12', '17', '18', '19', '20', '21', '21a', '22', '23', '28', '29']) {
    const res = await get('aud', `/api/reports/ocse157/lines/${line}?year=${FY.year}`);
    assert.equal(res.statusCode, 200, res.body);
    const rows = res.json().rows as Array<{ caseNumber: string }>;
    assert.deepEqual(rows.map((r) => r.caseNumber).sort(), e.cases[line], `line ${line}`);
  }
  for (const line of ['24', '25', '26', '27']) {
    const rows = (await get('aud', `/api/reports/ocse157/lines/${line}?year=${FY.year}`)).json().rows as Array<{ caseNumber: string; amountCents: number }>;
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.caseNumber, r.amountCents])), e.perCase[line], `line ${line} per case`);
  }
  const kids = (await get('aud', `/api/reports/ocse157/lines/5?year=${FY.year}`)).json().rows as Array<{ personId: number; caseNumbers: string[] }>;
  assert.equal(kids.length, e.line['5']);
  assert.ok(kids.every((k) => k.caseNumbers.length === 1 && e.cases['1']!.includes(k.caseNumbers[0]!)));
  const paternities = (await get('aud', `/api/reports/ocse157/lines/16?year=${FY.year}`)).json().rows as Array<{ personId: number; detail: { establishedDate: string; method: string } }>;
  assert.equal(paternities.length, e.line['16']);
  assert.ok(paternities.every((p) => p.detail.establishedDate >= FY.start && p.detail.establishedDate <= FY.end && p.detail.method === 'acknowledgment'));
  assert.equal((await get('aud', `/api/reports/ocse157/lines/33?year=${FY.year}`)).statusCode, 404, 'an unsupported line has no list');
  assert.equal((await get('aud', `/api/reports/ocse157/lines/8?year=${FY.year}`)).statusCode, 404, 'an entered statewide line has no list');
});

test('a supervisor reads the OCSE-157 of their own office; a caseworker may not read federal reports', async () => {
  const res = await get('nboss', `/api/reports/ocse157?year=${FY.year}`);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().scope.officeCode, 'NORTH');
  const e = expected157(plan, 'NORTH');
  for (const line of ['1', '2', '24', '25', '28', '29']) assert.equal(value(res.json(), line), e.line[line], `NORTH line ${line}`);
  assert.equal((await get('nboss', `/api/reports/ocse157?year=${FY.year}&officeCode=SOUTH`)).statusCode, 403);
  assert.equal((await get('nworker', `/api/reports/ocse157?year=${FY.year}`)).statusCode, 403);
  assert.equal((await get('nworker', `/api/reports/ocse34?year=${FY.year}&quarter=2`)).statusCode, 403);
  const south = (await get('adm', `/api/reports/ocse157?year=${FY.year}&officeCode=SOUTH`)).json();
  assert.equal(value(south, '1'), expected157(plan, 'SOUTH').line['1']);
});

test('OCSE-34: collections by source, adjustments, distribution by kind, federal share and undistributed, for each quarter', async () => {
  const quarters: Array<[1 | 2 | 3 | 4, string, string]> = [[1, '2025-10-01', '2025-12-31'], [2, '2026-01-01', '2026-03-31'], [3, '2026-04-01', '2026-06-30'], [4, '2026-07-01', '2026-09-30']];
  let carried = 0;
  for (const [q, from, to] of quarters) {
    const res = await get('aud', `/api/reports/ocse34?year=${FY.year}&quarter=${q}`);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.deepEqual([r.periodStart, r.periodEnd], [from, to]);
    const e = expected34(plan, from, to);
    for (const l of ['2a', '2b', '2c', '2d', '2e', '2f', '2g', '2h']) assert.equal(amount(r, l).amountCents, e.collections[l] ?? 0, `Q${q} line ${l}`);
    assert.equal(amount(r, '2').amountCents, Object.values(e.collections).reduce((s, n) => s + n, 0), `Q${q} line 2`);
    assert.equal(amount(r, '3').amountCents, e.adjustments, `Q${q} line 3`);
    assert.equal(amount(r, '7a').amountCents, e.reimbursement, `Q${q} 7a`);
    assert.equal(amount(r, '7c').amountCents, e.family, `Q${q} 7c`);
    assert.equal(amount(r, '7c-pt').amountCents, e.passedThrough, `Q${q} pass-through`);
    assert.equal(amount(r, '7d').amountCents, e.fees, `Q${q} 7d`);
    assert.equal(amount(r, '8').amountCents, e.distributed, `Q${q} 8`);
    assert.equal(amount(r, '10').amountCents, e.federal, `Q${q} 10`);
    assert.equal(amount(r, '1').amountCents, carried, `Q${q} line 1 carries line 9 of the quarter before`);
    const undistributed = to >= plan.unidentified.date ? plan.unidentified.cents : 0;
    assert.equal(amount(r, '9').amountCents, undistributed, `Q${q} line 9`);
    assert.equal(amount(r, '9-unidentified').amountCents, undistributed);
    assert.ok(r.checks.every((c: { ok: boolean }) => c.ok), JSON.stringify(r.checks));
    carried = amount(r, '9').amountCents;
  }
  const q2 = (await get('aud', `/api/reports/ocse34?year=${FY.year}&quarter=2`)).json();
  assert.ok(amount(q2, '3').amountCents < 0, 'the quarter with the NSF reversal and the offset refund has negative adjustments');
  assert.ok(amount(q2, '2a').amountCents > 0, 'tax offsets in February');
  const byColumn = amount(q2, '8').columns!;
  assert.equal(byColumn.A + byColumn.B + byColumn.C + byColumn.D + byColumn.E + byColumn.F, byColumn.G);
  assert.equal(byColumn.B + byColumn.D + byColumn.E, 0, 'no IV-E or Medicaid cases in the plan');
});

test('performance measures: the ratios of the lines, their credit, and the collections base', async () => {
  const res = await get('aud', `/api/reports/performance?year=${FY.year}&expenditures=10000.00`);
  assert.equal(res.statusCode, 200, res.body);
  const r = res.json();
  const e = expected157(plan);
  const m = Object.fromEntries(r.measures.map((x: { measure: string }) => [x.measure, x]));
  assert.deepEqual([m.orders.numerator, m.orders.denominator], [e.line['2'], e.line['1']]);
  assert.deepEqual([m.current_collections.numerator, m.current_collections.denominator], [e.line['25'], e.line['24']]);
  assert.deepEqual([m.arrears_collections.numerator, m.arrears_collections.denominator], [e.line['29'], e.line['28']]);
  assert.deepEqual([m.paternity.numerator, m.paternity.denominator], [e.line['6'], e.line['5a']]);
  const pct = (a: number, b: number) => (a * 100) / b;
  assert.equal(m.current_collections.credit, applicablePercentage('current_collections', pct(e.line['25']!, e.line['24']!), null).credit);
  assert.equal(m.orders.credit, applicablePercentage('orders', pct(e.line['2']!, e.line['1']!), m.orders.priorValue).credit);
  let assistance = 0;
  let other = 0;
  for (const [from, to] of [['2025-10-01', '2025-12-31'], ['2026-01-01', '2026-03-31'], ['2026-04-01', '2026-06-30'], ['2026-07-01', '2026-09-30']] as const) {
    const x = expected34(plan, from, to);
    assistance += x.byAssistance.assistance;
    other += x.byAssistance.other;
  }
  assert.deepEqual(r.collectionsBase, { assistanceCents: assistance, otherCents: other, baseCents: 2 * assistance + other });
  assert.equal(m.cost_effectiveness.numerator, assistance + other);
  assert.equal(m.cost_effectiveness.value, (assistance + other) / 1_000_000);
  assert.equal(m.arrears_collections.maximumBaseCents, Math.round(r.collectionsBase.baseCents * 0.75));
  assert.equal(r.incentiveBaseCents, r.measures.reduce((s: number, x: { earnedBaseCents: number }) => s + x.earnedBaseCents, 0));
  assert.equal(m.arrears_collections.penalty.applies, false);
  assert.equal(m.current_collections.penalty.applies, true);
});

test('statewide PEP: line 9 over line 8a from the entered figures, with the prior year from the year before', async () => {
  const res = await get('aud', `/api/reports/performance?year=${FY.year}&pep=statewide`);
  assert.equal(res.statusCode, 200, res.body);
  const pep = res.json().measures.find((x: { measure: string }) => x.measure === 'paternity');
  assert.deepEqual([pep.numerator, pep.denominator, pep.lines], [1_150, 1_250, 'line 9 / line 8a']);
  assert.equal(pep.value, (1_150 * 100) / 1_250);
  assert.equal(pep.priorValue, (1_100 * 100) / 1_310);
  assert.equal(pep.credit, applicablePercentage('paternity', pep.value, pep.priorValue).credit);
  assert.equal((await get('nboss', `/api/reports/performance?year=${FY.year}&pep=statewide`)).statusCode, 400, 'no statewide PEP for one office');
});

test('report inputs: only an administrator enters statewide figures; case facts need a supervisor of the office or an administrator', async () => {
  const put = (user: string, body: unknown) => sys.app.inject({ method: 'PUT', url: '/api/reports/statewide-input/2027', headers: { authorization: `Bearer ${tokens[user]}` }, payload: body as object });
  assert.equal((await put('aud', { birthsOutOfWedlock: 5, source: 'x' })).statusCode, 403);
  const ok = await put('adm', { birthsOutOfWedlock: 5, source: 'vital statistics' });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(ok.json(), { fiscalYear: 2027, birthsOutOfWedlock: 5, paternitiesEstablished: null, source: 'vital statistics' });
  assert.equal((await put('adm', { source: 'nothing' })).statusCode, 400);
  const south = plan.cases.find((c) => c.officeCode === 'SOUTH')!.caseNumber!;
  const post = (user: string, body: unknown) => sys.app.inject({ method: 'POST', url: '/api/reports/case-facts', headers: { authorization: `Bearer ${tokens[user]}` }, payload: body as object });
  assert.equal((await post('nboss', { caseNumber: south, fact: 'no_jurisdiction', fromDate: '2027-01-01', source: 'x' })).statusCode, 403, 'another office');
  assert.equal((await post('nworker', { caseNumber: south, fact: 'no_jurisdiction', fromDate: '2027-01-01', source: 'x' })).statusCode, 403);
  assert.equal((await post('adm', { caseNumber: south, fact: 'no_jurisdiction', fromDate: '2027-01-01', throughDate: '2026-12-31', source: 'x' })).statusCode, 400);
});
