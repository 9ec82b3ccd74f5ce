/**
 * Guideline worksheets on a case: the program's policy names the model and version in effect on a
 * date; the page's context carries the case's parents and children; a calculation is saved, turned into
 * a proposed order (a different amount needs the 45 CFR 302.56(g) finding), printed with the case
 * number, and carried into the order entry. Audited; case staff only.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';
import { addProgramGuideline, guidelineInEffect } from '../../src/establishment/guideline-policy.ts';
import { programIdByCode } from '../../src/tribal/policy.ts';
import { caller, openCase, orderBody, type OpenedCase } from './fixtures.ts';

let sys: TestSystem;
let worker: string;
let auditor: string;
let call: ReturnType<typeof caller>;
let kase: OpenedCase;
let programId: number;

const monthly = (a: string) => ({ grossPerPeriod: a, payFrequency: 'monthly' });
/** Wisconsin's shared-placement Note (DCF 150.035): the obligor pays $375.00. */
const WI_INPUT = { calculationDate: '2026-11-01', children: 2, obligor: { income: monthly('3000.00'), overnightsPerYear: 146 }, obligee: { income: monthly('2000.00'), overnightsPerYear: 219 } };

before(async () => {
  sys = await createTestSystem();
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('auditor', 'auditor', { office: 'NORTH' });
  worker = await sys.login('worker');
  auditor = await sys.login('auditor');
  call = caller(sys);
  kase = await openCase(sys, worker, 1, { allegedFathers: 0 });
  programId = (await programIdByCode(sys.deps.db, 'STATE'))!;
  const pa = await addProgramGuideline(sys.deps.db, { programId, effectiveFrom: '2017-02-25', effectiveTo: '2021-12-31', versionId: 'PA-2017', source: 'test policy' });
  assert.ok(pa.ok, pa.ok ? '' : pa.message);
  const wi = await addProgramGuideline(sys.deps.db, { programId, effectiveFrom: '2022-01-01', effectiveTo: null, versionId: 'WI-DCF150', source: 'test policy' });
  assert.ok(wi.ok, wi.ok ? '' : wi.message);
});
after(() => sys.close());

test("the program's policy names the guideline in effect on a date, and refuses spans that overlap or outrun the version", async () => {
  assert.equal((await guidelineInEffect(sys.deps.db, programId, '2019-07-01')).version?.id, 'PA-2017');
  const now = await guidelineInEffect(sys.deps.db, programId, '2026-11-02');
  assert.equal(now.version?.id, 'WI-DCF150');
  assert.match(now.explanation, /applies Wisconsin percentage-of-income standard .* to support taking effect on November 2, 2026/);
  const before2017 = await guidelineInEffect(sys.deps.db, programId, '2016-01-01');
  assert.equal(before2017.version, null);
  assert.match(before2017.explanation, /names no guideline for support taking effect on January 1, 2016\. The policy names PA-2017 from February 25, 2017 to December 31, 2021; WI-DCF150 from January 1, 2022/);
  const overlap = await addProgramGuideline(sys.deps.db, { programId, effectiveFrom: '2025-01-01', effectiveTo: null, versionId: 'AR-2020', source: 'x' });
  assert.ok(!overlap.ok && overlap.code === 'CONFLICT' && /already names WI-DCF150/.test(overlap.message));
  const outside = await addProgramGuideline(sys.deps.db, { programId: programId, effectiveFrom: '2010-01-01', effectiveTo: '2016-12-31', versionId: 'PA-2017', source: 'x' });
  assert.ok(!outside.ok && /applies from 2017-02-25 to 2021-12-31/.test(outside.message));
});

test("the page's context: the case's parents and children, today's guideline by policy, the versions on file", async () => {
  const res = await call(worker, 'GET', `/api/cases/${kase.caseNumber}/guideline`);
  assert.equal(res.statusCode, 200, res.body);
  const v = res.json();
  assert.equal(v.date, '2026-11-02', 'today from the injected clock');
  assert.equal(v.obligor.personId, kase.fatherIds[0]);
  assert.equal(v.obligee.personId, kase.motherId);
  assert.deepEqual(v.children.map((c: { personId: number }) => c.personId), [kase.childId]);
  assert.equal(v.inEffect.version.id, 'WI-DCF150');
  assert.deepEqual(v.versions.map((x: { id: string }) => x.id).sort(), ['AR-2020', 'PA-2017', 'WI-DCF150']);
  const old = (await call(worker, 'GET', `/api/cases/${kase.caseNumber}/guideline?date=2019-07-01`)).json();
  assert.equal(old.inEffect.version.id, 'PA-2017');
});

test('a calculation saved to the case takes the guideline from the policy, is audited, and prints with the case number', async () => {
  const res = await call(worker, 'POST', `/api/cases/${kase.caseNumber}/guideline/calculations`, { input: WI_INPUT });
  assert.equal(res.statusCode, 201, res.body);
  const saved = res.json();
  assert.equal(saved.guidelineVersion, 'WI-DCF150');
  assert.equal(saved.guidelineMonthly, '375.00');
  assert.equal(saved.payer, 'obligor');
  assert.equal(saved.proposal, null);
  assert.equal(saved.input.guideline, 'WI-DCF150');
  const audit = await sys.deps.db.selectFrom('audit_event').select(['action', 'person_ids']).where('entity_type', '=', 'guideline_calculation').where('entity_id', '=', String(saved.calculationId)).execute();
  assert.equal(audit[0]?.action, 'create');
  assert.ok(audit[0]!.person_ids.map(Number).includes(kase.fatherIds[0]!), 'the audit names the obligor');

  const pdf = await call(worker, 'GET', `/api/cases/${kase.caseNumber}/guideline/calculations/${saved.calculationId}/worksheet.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.match(String(pdf.headers['content-disposition']), new RegExp(`guideline-${kase.caseNumber}-WI-DCF150-2026-11-01`));
  const { PDFDocument } = await import('pdf-lib');
  const doc = await PDFDocument.load(pdf.rawPayload, { updateMetadata: false });
  assert.match(doc.getTitle() ?? '', new RegExp(`case ${kase.caseNumber} - WI-DCF150 - 2026-11-01`));
  assert.ok(doc.getKeywords()?.includes(kase.caseNumber));

  const list = (await call(worker, 'GET', `/api/cases/${kase.caseNumber}/guideline`)).json();
  assert.equal(list.calculations[0].calculationId, saved.calculationId);
});

test('an income the version cannot compute is refused in a sentence with the field; a date no policy covers says so', async () => {
  const pa = await call(worker, 'POST', `/api/cases/${kase.caseNumber}/guideline/calculations`, { input: { guideline: 'PA-2017', calculationDate: '2019-07-01', children: 1, obligor: { income: monthly('5000.00') }, obligee: { income: monthly('2000.00') } } });
  assert.equal(pa.statusCode, 400);
  assert.match(pa.json().error.message, /^Line 7 \(combined monthly net income\): \$7,000\.00 is outside the schedule on file/);
  assert.equal(pa.json().error.details[0].path, '/input');
  const none = await call(worker, 'POST', `/api/cases/${kase.caseNumber}/guideline/calculations`, { input: { ...WI_INPUT, calculationDate: '2016-06-01' } });
  assert.equal(none.statusCode, 400);
  assert.match(none.json().error.message, /Your program's policy names no guideline for support taking effect on June 1, 2016/);
});

test('a proposed order equal to the guideline needs no finding; a different one needs the 302.56(g) finding, which the worksheet then carries', async () => {
  const a = (await call(worker, 'POST', `/api/cases/${kase.caseNumber}/guideline/calculations`, { input: WI_INPUT })).json();
  const same = await call(worker, 'POST', `/api/cases/${kase.caseNumber}/guideline/calculations/${a.calculationId}/proposed-order`, { orderedMonthly: '375.00', effectiveDate: '2026-11-01' });
  assert.equal(same.statusCode, 200, same.body);
  assert.deepEqual({ ...same.json().proposal, proposedAt: undefined }, { orderedMonthly: '375.00', effectiveDate: '2026-11-01', deviationReason: null, bestInterests: null, deviates: false, proposedAt: undefined });
  const again = await call(worker, 'POST', `/api/cases/${kase.caseNumber}/guideline/calculations/${a.calculationId}/proposed-order`, { orderedMonthly: '300.00', effectiveDate: '2026-11-01', deviationReason: 'changed my mind about it' });
  assert.equal(again.statusCode, 409);

  const b = (await call(worker, 'POST', `/api/cases/${kase.caseNumber}/guideline/calculations`, { input: WI_INPUT })).json();
  const missing = await call(worker, 'POST', `/api/cases/${kase.caseNumber}/guideline/calculations/${b.calculationId}/proposed-order`, { orderedMonthly: '300.00', effectiveDate: '2026-11-01' });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.json().error.message, /The proposed order of \$300\.00 a month differs from the guideline amount of \$375\.00: state why/);
  assert.equal(missing.json().error.details[0].path, '/deviationReason');
  const deviate = await call(worker, 'POST', `/api/cases/${kase.caseNumber}/guideline/calculations/${b.calculationId}/proposed-order`, {
    orderedMonthly: '300.00',
    effectiveDate: '2026-11-01',
    deviationReason: 'the obligor also pays the children’s school tuition of $75 a month directly',
    bestInterests: 'the children stay in their school',
  });
  assert.equal(deviate.statusCode, 200, deviate.body);
  const p = deviate.json();
  assert.equal(p.proposal.deviates, true);
  assert.deepEqual(p.worksheet.findings.deviation, {
    calculationId: 'main',
    guidelineMonthly: '375.00',
    orderedMonthly: '300.00',
    difference: '-75.00',
    reason: 'the obligor also pays the children’s school tuition of $75 a month directly',
    bestInterests: 'the children stay in their school',
  });
  assert.equal(p.guidelineMonthly, '375.00', 'the guideline amount stays what the guideline gives');

  // The order entry takes the saved calculation and its finding.
  const order = await call(worker, 'POST', `/api/cases/${kase.caseNumber}/establishment/orders`, orderBody({ currentSupport: { amount: '300.00', frequency: 'monthly' }, guidelineCalculationId: b.calculationId }));
  assert.equal(order.statusCode, 201, order.body);
  assert.equal(order.json().terms.guideline.monthlyAmount, '375.00');
  assert.match(order.json().terms.guideline.deviationReason, /school tuition/);
});

test('only case staff may save; an auditor may read the context', async () => {
  assert.equal((await call(auditor, 'POST', `/api/cases/${kase.caseNumber}/guideline/calculations`, { input: WI_INPUT })).statusCode, 403);
  assert.equal((await call(auditor, 'GET', `/api/cases/${kase.caseNumber}/guideline`)).statusCode, 200);
  assert.equal((await sys.app.inject({ method: 'GET', url: `/api/cases/${kase.caseNumber}/guideline` })).statusCode, 401);
});
