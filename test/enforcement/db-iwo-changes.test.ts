/**
 * A modified order gives an amended e-IWO (AMD); an ended order a termination (TRM); several orders at
 * one employer are split under the CCPA limit, current support first, to the cent.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { buildNewHireFile } from '../../src/formats/newhire/newhire.ts';
import { parseEiwoFile } from '../../src/formats/eiwo/eiwo.ts';

let sys: TestSystem;
let token: string;
let caseNumber: string;

const call = (method: 'GET' | 'POST', url: string, payload?: string, contentType = 'application/json') =>
  sys.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(payload !== undefined ? { 'content-type': contentType } : {}) }, ...(payload !== undefined ? { payload } : {}) });
async function moveTo(date: string) {
  sys.clock.set(date);
  token = await sys.login('worker');
}
async function exportDetails(date: string) {
  const res = await call('POST', '/api/enforcement/eiwo-files', JSON.stringify({ date }));
  assert.equal(res.statusCode, 201, res.body);
  // The file is downloaded by the role that produces e-IWO files (an administrator).
  const admin = await sys.login('iwo.admin');
  const file = await sys.app.inject({ method: 'GET', url: `/api/enforcement/eiwo-files/${res.json().fileId}`, headers: { authorization: `Bearer ${admin}` } });
  const parsed = parseEiwoFile(file.body);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.value.batches.flatMap((b) => b.details);
}

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('iwo.admin', 'administrator');
  token = await sys.login('worker');
  const intake = await call('POST', '/api/intakes', JSON.stringify(sampleIntake()));
  caseNumber = intake.json().caseNumber;
  const order = await call('POST', `/api/cases/${caseNumber}/orders`, JSON.stringify({ orderNumber: 'DR-2026-0077', orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-11-01', obligations: [{ kind: 'current_support', amount: '300.00', frequency: 'monthly', startDate: '2026-11-01' }] }));
  assert.equal(order.statusCode, 201, order.body);
  const file = buildNewHireFile([{ employee_ssn: '318224410', employee_first_name: 'DANIEL', employee_middle_name: '', employee_last_name: 'REYES', employee_address: { line1: '9 RIVER RD', line2: '', line3: '', city: 'ERIE', state: 'PA', zip: '16502' }, employee_birth_date: '1988-07-02', hire_date: '2026-10-26', state_of_hire: 'PA', employer_fein: '251112222', employer_state_ein: '', employer_name: 'LAKESHORE FOODS INC', employer_address: { line1: '400 BAYFRONT PKWY', line2: '', line3: '', city: 'ERIE', state: 'PA', zip: '16507' } }]);
  assert.ok(file.ok);
  const hired = await call('POST', '/api/locate/new-hires?fileName=nh.txt', file.value, 'text/plain');
  assert.equal(hired.json().withholdingStarted, 1);
  await moveTo('2026-11-03');
  const first = await exportDetails('2026-11-03');
  assert.deepEqual(first.map((d) => [d.action, d.total_withhold.amount_cents]), [['ORG', 30_000]]);
});
after(() => sys.close());

test('nothing changed: no amended order', async () => {
  const r = await call('POST', '/api/enforcement/income-withholding/review', JSON.stringify({ date: '2026-11-03' }));
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json(), { amended: 0, terminated: 0, unchanged: 1, iwoIds: [] });
});

test('a modified order gives an amended e-IWO (AMD) with the new amount; the original ends', async () => {
  const mod = await call('POST', `/api/cases/${caseNumber}/orders`, JSON.stringify({ orderNumber: 'DR-2026-0077-M1', orderKind: 'judicial', enteredDate: '2026-11-03', effectiveDate: '2026-12-01', obligations: [{ kind: 'current_support', amount: '400.00', frequency: 'monthly', startDate: '2026-12-01' }] }));
  assert.equal(mod.statusCode, 201, mod.body);
  await moveTo('2026-12-01');
  const r = await call('POST', '/api/enforcement/income-withholding/review', JSON.stringify({ date: '2026-12-01' }));
  assert.deepEqual([r.json().amended, r.json().terminated], [1, 0]);
  const details = await exportDetails('2026-12-01');
  assert.deepEqual(details.map((d) => [d.action, d.order_identifier, d.total_withhold.amount_cents]), [['AMD', 'DR-2026-0077-M1', 40_000]]);
  const iwos = await sys.deps.db.selectFrom('income_withholding_order').select(['action_code', 'status', 'termination_date']).orderBy('id').execute();
  assert.deepEqual(iwos.map((w) => [w.action_code, w.status, w.termination_date]), [['ORG', 'terminated', '2026-12-01'], ['AMD', 'sent', null]]);
  const actions = await call('GET', `/api/cases/${caseNumber}/enforcement-actions`);
  assert.deepEqual(actions.json().map((a: Record<string, unknown>) => [a.kind, a.status, a.noticeKind]), [['income_withholding', 'terminated', 'income_withholding_order'], ['income_withholding', 'active', 'income_withholding_order_amended']]);
});

test('several orders at one employer are split under the CCPA limit, current first, to the cent', async () => {
  // A second order for the same obligor at the same employer (another case's order, entered directly).
  const amd = await sys.deps.db.selectFrom('income_withholding_order').selectAll().where('action_code', '=', 'AMD').executeTakeFirstOrThrow();
  const { id: _id, ...copy } = amd;
  const action = await sys.deps.db.insertInto('enforcement_action').values({ case_id: amd.case_id, obligor_person_id: amd.obligor_person_id, kind: 'income_withholding', status: 'active', start_date: '2026-12-01', source: 'test', reason: null, due_date: null, end_date: null, notice_kind: null, notice_sent_date: null, source_id: null, created_by: null }).returning('id').executeTakeFirstOrThrow();
  await sys.deps.db.insertInto('income_withholding_order').values({ ...copy, enforcement_action_id: action.id, document_tracking_number: 'IWO-TEST-2', current_support_monthly_cents: 65_000, arrears_payment_monthly_cents: 13_000, created_at: undefined as never }).execute();
  const q = `employerId=${amd.employer_id}&obligorPersonId=${amd.obligor_person_id}&disposable=800.00&frequency=biweekly&supportsOtherFamily=true`;
  const r = await call('GET', `/api/enforcement/income-withholding/split?${q}`);
  assert.equal(r.statusCode, 200, r.body);
  const s = r.json();
  // Limit 50% of $800.00 = $400.00; current per biweekly pay: $184.62 and $300.00 = $484.62 > $400.00.
  assert.equal(s.limitCents, 40_000);
  assert.equal(s.totalCents, 40_000);
  assert.deepEqual(s.shares.map((x: { currentCents: number; arrearsCents: number }) => [x.currentCents, x.arrearsCents]), [[15_238, 0], [24_762, 0]]);
});

test('an ended order gives a termination (TRM)', async () => {
  await sys.deps.db.updateTable('income_withholding_order').set({ status: 'terminated' }).where('document_tracking_number', '=', 'IWO-TEST-2').execute();
  await sys.deps.db.updateTable('support_order').set({ status: 'terminated', end_date: '2026-12-31' }).where('status', '=', 'active').execute();
  await moveTo('2027-01-04');
  const r = await call('POST', '/api/enforcement/income-withholding/review', JSON.stringify({ date: '2027-01-04' }));
  assert.deepEqual([r.json().amended, r.json().terminated], [0, 1]);
  const details = await exportDetails('2027-01-04');
  assert.deepEqual(details.map((d) => [d.action, d.total_withhold.amount_cents]), [['TRM', 0]]);
});
