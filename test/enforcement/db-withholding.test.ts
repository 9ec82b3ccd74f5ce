import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { buildNewHireFile, type NewHireReport } from '../../src/formats/newhire/newhire.ts';
import { buildAckFile, parseEiwoFile, type EiwoAck } from '../../src/formats/eiwo/eiwo.ts';
import { importNewHires } from '../../src/locate/newhire.ts';
import { exportEiwoFile, importEiwoAcks, startIncomeWithholding, withholdingAmounts } from '../../src/enforcement/withholding.ts';

let sys: TestSystem;
let caseId: number;
let caseNumber: string;
let ncpPersonId: number;

const hire = (over: Partial<Omit<NewHireReport, 'line'>> = {}): Omit<NewHireReport, 'line'> => ({
  employee_ssn: '318224410',
  employee_first_name: 'DANIEL',
  employee_middle_name: '',
  employee_last_name: 'REYES',
  employee_address: { line1: '9 RIVER RD', line2: '', line3: '', city: 'ERIE', state: 'PA', zip: '16502' },
  employee_birth_date: '1988-07-02',
  hire_date: '2026-10-26',
  state_of_hire: 'PA',
  employer_fein: '251112222',
  employer_state_ein: '',
  employer_name: 'LAKESHORE FOODS INC',
  employer_address: { line1: '400 BAYFRONT PKWY', line2: '', line3: '', city: 'ERIE', state: 'PA', zip: '16507' },
  ...over,
});
const w4 = (reports: Omit<NewHireReport, 'line'>[]) => {
  const b = buildNewHireFile(reports);
  if (!b.ok) throw new Error(JSON.stringify(b));
  return b.value;
};

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  const worker = await sys.login('worker');
  const intake = await sys.app.inject({ method: 'POST', url: '/api/intakes', headers: { authorization: `Bearer ${worker}` }, payload: sampleIntake() });
  caseNumber = intake.json().caseNumber;
  const order = await sys.app.inject({
    method: 'POST',
    url: `/api/cases/${caseNumber}/orders`,
    headers: { authorization: `Bearer ${worker}` },
    payload: { orderNumber: 'DR-2026-0042', orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-11-01', obligations: [{ kind: 'current_support', amount: '300.00', frequency: 'monthly', startDate: '2026-11-01' }, { kind: 'medical_support', amount: '25.00', frequency: 'monthly', startDate: '2026-11-01' }] },
  });
  assert.equal(order.statusCode, 201, order.body);
  caseId = (await sys.deps.db.selectFrom('iv_d_case').select('id').where('case_number', '=', caseNumber).executeTakeFirstOrThrow()).id;
  ncpPersonId = (await sys.deps.db.selectFrom('case_member').select('person_id').where('case_id', '=', caseId).where('role', '=', 'noncustodial_parent').executeTakeFirstOrThrow()).person_id;
});
after(() => sys.close());

test('withholding amounts: current support plus an arrears payment capped at the balance; 12-week flag raises the CCPA figure', () => {
  assert.deepEqual(withholdingAmounts({ child: 30_000, medical: 2_500, spousal: 0 }, 0), { currentChildSupportCents: 30_000, medicalSupportCents: 2_500, spousalSupportCents: 0, currentMonthlyCents: 32_500, arrearsPaymentMonthlyCents: 0, arrearsOver12Weeks: false, ccpaPercent: 50 });
  const a = withholdingAmounts({ child: 30_000, medical: 0, spousal: 0 }, 500_000);
  assert.equal(a.arrearsPaymentMonthlyCents, 6_000);
  assert.equal(a.arrearsOver12Weeks, true);
  assert.equal(a.ccpaPercent, 55);
  assert.equal(withholdingAmounts({ child: 30_000, medical: 0, spousal: 0 }, 1_000).arrearsPaymentMonthlyCents, 1_000);
  assert.equal(withholdingAmounts({ child: 0, medical: 0, spousal: 0 }, 50_000).arrearsPaymentMonthlyCents, 10_000, 'arrears-only case');
});

test('a new hire on an obligor with an order starts income withholding due in two business days', async () => {
  const r = await importNewHires(sys.deps, sys.ctx('caseworker', 'NORTH'), 'nh.txt', w4([hire()]), (db, ctx, m) => startIncomeWithholding(db, ctx, m).then(() => undefined));
  assert.ok(r.ok, JSON.stringify(r));
  const iwo = await sys.deps.db.selectFrom('income_withholding_order').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
  assert.equal(iwo.status, 'pending');
  assert.equal(iwo.income_source_date, '2026-11-02');
  assert.equal(iwo.issue_due_date, '2026-11-04');
  assert.equal(iwo.current_support_monthly_cents, 32_500);
  assert.equal(iwo.arrears_payment_monthly_cents, 0);
  assert.equal(iwo.order_identifier, 'DR-2026-0042');
  const action = await sys.deps.db.selectFrom('enforcement_action').selectAll().where('id', '=', iwo.enforcement_action_id).executeTakeFirstOrThrow();
  assert.deepEqual([action.kind, action.status, action.start_date, action.due_date, action.notice_kind, action.notice_sent_date, action.source], ['income_withholding', 'pending', '2026-11-02', '2026-11-04', 'income_withholding_order', null, 'new_hire']);

  // A second report of the same hire does not start a second order.
  const again = await importNewHires(sys.deps, sys.ctx('caseworker', 'NORTH'), 'nh2.txt', w4([hire({ hire_date: '2026-10-27' })]), (db, ctx, m) => startIncomeWithholding(db, ctx, m).then(() => undefined));
  assert.ok(again.ok);
  assert.equal((await sys.deps.db.selectFrom('income_withholding_order').select('id').execute()).length, 1);
});

let trackingNumber: string;

test('the e-IWO export writes the pending orders, one batch per employer, and marks them sent', async () => {
  sys.clock.set('2026-11-03');
  const r = await exportEiwoFile(sys.deps, sys.ctx('caseworker', 'NORTH'), '2026-11-03');
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.orders, 1);
  assert.deepEqual(r.value.held, []);
  const parsed = parseEiwoFile(r.value.content!);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  const b = parsed.value.batches[0]!;
  assert.equal(b.employer_ein, '251112222');
  const d = b.details[0]!;
  trackingNumber = d.document_tracking_number;
  assert.equal(d.action, 'ORG');
  assert.equal(d.case_id, caseNumber);
  assert.equal(d.employee.ssn, '318224410');
  assert.equal(d.employee.last, 'REYES');
  assert.equal(d.obligee?.last, 'LOPEZ');
  assert.deepEqual(d.children?.map((c) => c.first), ['SOFIA']);
  assert.deepEqual(d.current_child_support, { amount_cents: 30_000, frequency: 'M' });
  assert.deepEqual(d.current_medical_support, { amount_cents: 2_500, frequency: 'M' });
  assert.deepEqual(d.total_withhold, { amount_cents: 32_500, frequency: 'M' });
  assert.deepEqual(d.withhold_per, { weekly: 7_500, biweekly: 15_000, semimonthly: 16_250, monthly: 32_500 });
  assert.equal(d.ccpa_percent, 50);
  assert.equal(d.employer.name, 'LAKESHORE FOODS INC');
  const iwo = await sys.deps.db.selectFrom('income_withholding_order').selectAll().executeTakeFirstOrThrow();
  assert.deepEqual([iwo.status, iwo.issued_date, iwo.eiwo_file_id], ['sent', '2026-11-03', r.value.fileId]);
  assert.ok(iwo.issued_date! <= iwo.issue_due_date, 'sent within two business days');
  const action = await sys.deps.db.selectFrom('enforcement_action').selectAll().where('id', '=', iwo.enforcement_action_id).executeTakeFirstOrThrow();
  assert.deepEqual([action.status, action.notice_sent_date], ['active', '2026-11-03']);
  const stored = await sys.deps.db.selectFrom('eiwo_file').selectAll().executeTakeFirstOrThrow();
  assert.equal(stored.content, r.value.content);
  // Nothing pending: the next export writes no file.
  const next = await exportEiwoFile(sys.deps, sys.ctx('caseworker', 'NORTH'), '2026-11-04');
  assert.ok(next.ok);
  assert.equal(next.value.fileId, null);
});

const ack = (over: Partial<EiwoAck>): EiwoAck => ({ action: 'ORG', case_id: caseNumber, employer_ein: '251112222', employee: { last: 'REYES', first: 'DANIEL', ssn: '318224410' }, document_tracking_number: trackingNumber, order_identifier: 'DR-2026-0042', status: 'A', ...over });
const ackFile = (acks: EiwoAck[], time = '081500') => {
  const b = buildAckFile({ state_fips: '42000', creation_date: '2026-11-06', creation_time: time, batches: [{ employer_ein: '251112222', acks }] });
  if (!b.ok) throw new Error(JSON.stringify(b));
  return b.value;
};

test('an acknowledgment naming an unknown order rejects the file with the line; nothing is applied', async () => {
  const r = await importEiwoAcks(sys.deps, sys.ctx('caseworker', 'NORTH'), 'ack.txt', ackFile([ack({}), ack({ document_tracking_number: 'NO-SUCH-ORDER' })], '070000'));
  assert.ok(!r.ok);
  assert.equal(r.code, 'IMPORT_REJECTED');
  assert.deepEqual(r.details!.map((d) => d.line), [4]);
  const iwo = await sys.deps.db.selectFrom('income_withholding_order').select('status').executeTakeFirstOrThrow();
  assert.equal(iwo.status, 'sent');
});

test('the employer accepts: the order is accepted and the employment verified; the same file twice changes nothing', async () => {
  sys.clock.set('2026-11-06');
  const file = ackFile([ack({})]);
  const r = await importEiwoAcks(sys.deps, sys.ctx('caseworker', 'NORTH'), 'ack.txt', file);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.accepted, 1);
  const iwo = await sys.deps.db.selectFrom('income_withholding_order').selectAll().executeTakeFirstOrThrow();
  assert.deepEqual([iwo.status, iwo.ack_status, iwo.ack_date], ['accepted', 'A', '2026-11-06']);
  const emp = await sys.deps.db.selectFrom('person_employment').select(['verification', 'verified_date']).where('id', '=', iwo.person_employment_id!).executeTakeFirstOrThrow();
  assert.deepEqual(emp, { verification: 'verified', verified_date: '2026-11-06' });
  const twice = await importEiwoAcks(sys.deps, sys.ctx('caseworker', 'NORTH'), 'ack.txt', file);
  assert.ok(!twice.ok);
  assert.equal(twice.code, 'ALREADY_PROCESSED');
});

test('a lump-sum notice is recorded; a termination ends the order, the action and the employment, and registers the new employer', async () => {
  const lump = await importEiwoAcks(sys.deps, sys.ctx('caseworker', 'NORTH'), 'lump.txt', ackFile([ack({ action: 'EMP', status: 'L', lump_sum: { date: '2026-11-20', amount_cents: 150_000, type: 'BONUS' } })], '090000'));
  assert.ok(lump.ok, JSON.stringify(lump));
  let iwo = await sys.deps.db.selectFrom('income_withholding_order').selectAll().executeTakeFirstOrThrow();
  assert.deepEqual([iwo.status, iwo.lump_sum_cents, iwo.lump_sum_date], ['accepted', 150_000, '2026-11-20']);

  const term = await importEiwoAcks(sys.deps, sys.ctx('caseworker', 'NORTH'), 'term.txt', ackFile([ack({ action: 'EMP', status: 'T', termination_date: '2026-12-15', final_payment: { date: '2026-12-18', amount_cents: 7_500 }, new_employer: { name: 'HARBOR MARINE CO', address: { line1: '1 DOCK ST', city: 'ERIE', state: 'PA', zip: '16501' } } })], '100000'));
  assert.ok(term.ok, JSON.stringify(term));
  iwo = await sys.deps.db.selectFrom('income_withholding_order').selectAll().executeTakeFirstOrThrow();
  assert.deepEqual([iwo.status, iwo.termination_date, iwo.final_payment_cents], ['terminated', '2026-12-15', 7_500]);
  const action = await sys.deps.db.selectFrom('enforcement_action').selectAll().where('id', '=', iwo.enforcement_action_id).executeTakeFirstOrThrow();
  assert.deepEqual([action.status, action.end_date], ['terminated', '2026-12-15']);
  const emps = await sys.deps.db.selectFrom('person_employment as pe').innerJoin('employer as e', 'e.id', 'pe.employer_id').select(['e.name', 'pe.end_date', 'pe.source']).where('pe.person_id', '=', ncpPersonId).orderBy('pe.id').execute();
  assert.deepEqual(emps.find((e) => e.name === 'LAKESHORE FOODS INC')?.end_date, '2026-12-15');
  assert.ok(emps.some((e) => e.name === 'HARBOR MARINE CO' && e.source === 'iwo_ack' && e.end_date === null));
});

test('a rejection with reason N ends the order as rejected with the reason text', async () => {
  // A fresh order at another employer, sent and then rejected.
  sys.clock.set('2026-11-09');
  const r = await importNewHires(sys.deps, sys.ctx('caseworker', 'NORTH'), 'nh3.txt', w4([hire({ employer_fein: '253334444', employer_name: 'NORTHWEST STEEL', hire_date: '2026-11-02' })]), (db, ctx, m) => startIncomeWithholding(db, ctx, m).then(() => undefined));
  assert.ok(r.ok);
  const exp = await exportEiwoFile(sys.deps, sys.ctx('caseworker', 'NORTH'), '2026-11-09');
  assert.ok(exp.ok && exp.value.orders === 1);
  const sent = await sys.deps.db.selectFrom('income_withholding_order').selectAll().where('status', '=', 'sent').executeTakeFirstOrThrow();
  const file = buildAckFile({ state_fips: '42000', creation_date: '2026-11-10', creation_time: '080000', batches: [{ employer_ein: '253334444', acks: [ack({ employer_ein: '253334444', document_tracking_number: sent.document_tracking_number, status: 'R', reason: 'N', termination_date: '2026-11-05' })] }] });
  assert.ok(file.ok);
  const res = await importEiwoAcks(sys.deps, sys.ctx('caseworker', 'NORTH'), 'rej.txt', file.value);
  assert.ok(res.ok, JSON.stringify(res));
  assert.equal(res.value.rejected, 1);
  const w = await sys.deps.db.selectFrom('income_withholding_order').selectAll().where('id', '=', sent.id).executeTakeFirstOrThrow();
  assert.deepEqual([w.status, w.ack_reason], ['rejected', 'N: No longer employed']);
  const action = await sys.deps.db.selectFrom('enforcement_action').select(['status', 'reason']).where('id', '=', w.enforcement_action_id).executeTakeFirstOrThrow();
  assert.deepEqual(action, { status: 'rejected', reason: 'N: No longer employed' });
});

test('only roles with case.write may export or import acknowledgments', async () => {
  const r = await exportEiwoFile(sys.deps, sys.ctx('auditor'), '2026-11-09');
  assert.ok(!r.ok);
  assert.equal(r.code, 'FORBIDDEN');
});
