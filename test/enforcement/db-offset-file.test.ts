/**
 * The weekly Federal Offset submission against the database: pre-offset notices first, an add once the
 * notice period has passed, a modification when arrears change, a deletion below the threshold or on
 * a contest; one file per week (a second run writes nothing new).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { writeOffsetFile } from '../../src/enforcement/federal-offset.ts';
import { createCaseAccount, loadCaseAccount, saveCaseAccount } from '../../src/financial/accounts.ts';
import { newCaseState, zeroArrears, type ArrearsBalances } from '../../src/financial/buckets.ts';
import { parseSubmissionFile } from '../../src/formats/fop/fop.ts';

let sys: TestSystem;
const cases: Record<string, { caseId: number; ncp: number; caseNumber: string }> = {};

async function addCase(name: string, ncpSsn: string, cpSsn: string, ncpLast: string, caseType: 'never_assistance' | 'former_assistance', arrears: Partial<ArrearsBalances>) {
  const token = await sys.login('worker');
  const intake = await sys.app.inject({ method: 'POST', url: '/api/intakes', headers: { authorization: `Bearer ${token}` }, payload: sampleIntake({}, { ncpSsn, cpSsn, ncpLast, cpLast: `Cp${ncpLast}`, ncpFirst: `Dan${ncpLast}`, childFirst: `Kid${ncpLast}` }) });
  assert.equal(intake.statusCode, 201, intake.body);
  const caseRow = await sys.deps.db.selectFrom('iv_d_case').select(['id', 'case_number']).where('case_number', '=', intake.json().caseNumber).executeTakeFirstOrThrow();
  const ncp = await sys.deps.db.selectFrom('case_member').select('person_id').where('case_id', '=', caseRow.id).where('role', '=', 'noncustodial_parent').executeTakeFirstOrThrow();
  await createCaseAccount(sys.deps.db, caseRow.id, ncp.person_id, newCaseState({ caseType, supportMonth: '2026-11', arrears }), new Date());
  cases[name] = { caseId: caseRow.id, ncp: ncp.person_id, caseNumber: caseRow.case_number };
}

async function setArrears(name: string, arrears: Partial<ArrearsBalances>) {
  const account = (await loadCaseAccount(sys.deps.db, cases[name]!.caseId))!;
  account.state = { ...account.state, arrears: { ...zeroArrears(), ...arrears } };
  await saveCaseAccount(sys.deps.db, account, new Date());
}

const run = (date: string) => writeOffsetFile(sys.deps, sys.ctx('caseworker', 'NORTH'), date);
const actions = (name: string) => sys.deps.db.selectFrom('enforcement_action').select(['kind', 'status', 'submitted_date', 'end_date', 'due_date']).where('case_id', '=', cases[name]!.caseId).orderBy('kind').orderBy('id').execute();

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  await addCase('reyes', '318-22-4410', '212-45-6781', 'Reyes', 'never_assistance', { NA: 300_050 });
  await addCase('small', '318-22-4411', '212-45-6782', 'Small', 'former_assistance', { PA: 20_000 });
  await addCase('under', '318-22-4412', '212-45-6783', 'Under', 'never_assistance', { NA: 49_999 });
});
after(() => sys.close());

test('week 1: pre-offset notices go out; nothing is submitted before the notice period passes', async () => {
  const r = await run('2026-11-02');
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.fileId, null);
  assert.deepEqual(r.value.certification, { obligors: 2, taxOffsetCases: 2, passportDenialCases: 1, alreadyCertified: 0, held: 0 });
  assert.deepEqual((await actions('reyes')).map((a) => [a.kind, a.status, a.due_date]), [['passport_denial', 'pending', '2026-12-02'], ['tax_refund_offset', 'pending', '2026-12-02']]);
  assert.deepEqual(await actions('under'), [], '$499.99 non-assistance is under $500');
  const again = await run('2026-11-04');
  assert.ok(again.ok);
  assert.equal(again.value.fileId, null);
  assert.equal(again.value.certification!.alreadyCertified, 3);
  assert.equal(await sys.deps.db.selectFrom('case_notice').select((eb) => eb.fn.countAll().as('n')).where('template_code', '=', 'pre_offset_notice').executeTakeFirstOrThrow().then((x) => Number(x.n)), 2);
});

test('on the last day of due process nothing is submitted; the day after, both obligors are added', async () => {
  const last = await run('2026-12-02');
  assert.ok(last.ok);
  assert.equal(last.value.fileId, null);
  const r = await run('2026-12-03');
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.weekStart, '2026-11-30');
  assert.deepEqual([r.value.adds, r.value.modifies, r.value.replaces, r.value.deletes], [2, 0, 0, 0]);
  const file = parseSubmissionFile(r.value.content!);
  assert.ok(file.ok, JSON.stringify(file));
  assert.deepEqual(file.value.records.map((x) => [x.transaction_type, x.case_type, x.case_id, x.last_name, x.ssn, x.amount_owed_dollars, x.notice_date, x.exclusions.join(','), x.process_year]), [
    ['A', 'N', cases.reyes!.caseNumber, 'REYES', '318224410', 3000, '2026-11-02', '', 2026],
    ['A', 'A', cases.small!.caseNumber, 'SMALL', '318224411', 200, '2026-11-02', 'PAS', 2026],
  ]);
  assert.deepEqual(file.value.control, { submitting_state: 'PA', tanf_count: 1, non_tanf_count: 1, tanf_amount_dollars: 200, non_tanf_amount_dollars: 3000 });
  assert.ok(r.value.content!.split('\n').slice(0, 3).every((l) => l.length === 245));
  assert.deepEqual((await actions('reyes')).map((a) => [a.kind, a.status, a.submitted_date]), [['passport_denial', 'active', '2026-12-03'], ['tax_refund_offset', 'active', '2026-12-03']]);
  assert.deepEqual((await actions('small')).map((a) => [a.kind, a.status, a.submitted_date]), [['tax_refund_offset', 'active', '2026-12-03']]);
});

test('a second run in the same week writes nothing new, even after the arrears change', async () => {
  await setArrears('reyes', { NA: 280_099 });
  const r = await run('2026-12-04');
  assert.ok(r.ok);
  assert.equal(r.value.alreadyWritten, true);
  assert.equal(r.value.content, null);
  assert.equal(await sys.deps.db.selectFrom('federal_offset_file').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow().then((x) => Number(x.n)), 1);
});

test('next week: the changed amount is a modification; passport stays (still over $2,500)', async () => {
  const r = await run('2026-12-07');
  assert.ok(r.ok, JSON.stringify(r));
  const file = parseSubmissionFile(r.value.content!);
  assert.ok(file.ok);
  assert.deepEqual(file.value.records.map((x) => [x.transaction_type, x.case_type, x.amount_owed_dollars, x.exclusions.join(',')]), [['M', 'N', 2800, '']]);
});

test('below $2,500 the passport exclusion is replaced; below $500 the case is deleted and the actions close', async () => {
  await setArrears('reyes', { NA: 200_000 });
  const r = await run('2026-12-14');
  assert.ok(r.ok);
  const mr = parseSubmissionFile(r.value.content!);
  assert.ok(mr.ok);
  assert.deepEqual(mr.value.records.map((x) => [x.transaction_type, x.amount_owed_dollars, x.exclusions.join(',')]), [['M', 2000, 'PAS'], ['R', 2000, 'PAS']]);
  await setArrears('reyes', { NA: 40_000 });
  await setArrears('small', { PA: 14_999 });
  const d = await run('2026-12-21');
  assert.ok(d.ok);
  const dr = parseSubmissionFile(d.value.content!);
  assert.ok(dr.ok);
  assert.deepEqual(dr.value.records.map((x) => [x.transaction_type, x.case_type, x.amount_owed_dollars]), [['D', 'N', 0], ['D', 'A', 0]]);
  assert.deepEqual((await actions('reyes')).map((a) => [a.kind, a.status, a.end_date]), [['passport_denial', 'closed', '2026-12-21'], ['tax_refund_offset', 'closed', '2026-12-21']]);
  const held = await sys.deps.db.selectFrom('federal_offset_certification').select(['case_type', 'status']).orderBy('case_type').execute();
  assert.deepEqual(held.map((h) => [h.case_type, h.status]), [['A', 'deleted'], ['N', 'deleted']]);
  const quiet = await run('2026-12-28');
  assert.ok(quiet.ok);
  assert.equal(quiet.value.fileId, null, 'nothing changed: no file');
});
