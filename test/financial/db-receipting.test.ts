import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { conservationProblems } from '../../src/financial/ledger.ts';
import { runDailyCycle } from '../../src/financial/batch.ts';

let sys: TestSystem;
let fin: string;
let worker: string;
let caseNumber: string;

const call = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  sys.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const statement = async (cn = caseNumber) => (await call(fin, 'GET', `/api/cases/${cn}/statement`)).json();

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('fin', 'financial_worker');
  worker = await sys.login('worker');
  fin = await sys.login('fin');
  const intake = await call(worker, 'POST', '/api/intakes', sampleIntake());
  caseNumber = intake.json().caseNumber;
});
after(() => sys.close());

test('an order entered today charges each month since it took effect; an arrears judgment adds to its bucket', async () => {
  const res = await call(worker, 'POST', `/api/cases/${caseNumber}/orders`, {
    orderNumber: 'DR-2026-0101',
    orderKind: 'judicial',
    enteredDate: '2026-10-30',
    effectiveDate: '2026-09-01',
    obligations: [
      { kind: 'current_support', amount: '400.00', frequency: 'monthly', startDate: '2026-09-01' },
      { kind: 'arrears_judgment', amount: '1200.00', frequency: 'one_time', startDate: '2026-09-01', judgmentBucket: 'NA' },
    ],
  });
  assert.equal(res.statusCode, 201, res.body);
  const s = await statement();
  assert.equal(s.balances.supportMonth, '2026-11');
  assert.equal(s.balances.currentSupportDueCents, 40000);
  assert.equal(s.balances.arrears.NA, 120000 + 2 * 40000, 'September and October unpaid became NA arrears');
  assert.deepEqual(s.accruals.map((a: { supportMonth: string }) => a.supportMonth), ['2026-10', '2026-11']);
});

test('a weekly order is charged as its monthly equivalent (×52÷12, to the cent)', async () => {
  const other = await call(worker, 'POST', '/api/intakes', sampleIntake({ externalId: 'weekly-1' }, { cpFirst: 'Wanda', cpSsn: '212-45-0099', ncpSsn: '318-22-0099', ncpFirst: 'Walt', ncpLast: 'Weekly', childFirst: 'Wes' }));
  const cn = other.json().caseNumber;
  const res = await call(worker, 'POST', `/api/cases/${cn}/orders`, { orderNumber: 'W-1', orderKind: 'administrative', enteredDate: '2026-11-01', effectiveDate: '2026-11-01', obligations: [{ kind: 'current_support', amount: '100.00', frequency: 'weekly', startDate: '2026-11-01' }] });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal((await statement(cn)).balances.currentSupportDueCents, 43333);
});

test('a receipt pays current support first, then arrears, and says why', async () => {
  const res = await call(fin, 'POST', '/api/receipts', { idempotencyKey: 'SDU-20261102-0001', source: 'check', amount: '500.00', receivedDate: '2026-11-02', caseNumber, reference: 'chk 4411' });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().status, 'distributed');
  const s = await statement();
  const payment = s.payments.find((p: { reference: string }) => p.reference === 'chk 4411');
  assert.deepEqual(
    payment.allocations.map((a: { target: string; payee: string; amountCents: number; ruleCode: string }) => [a.target, a.payee, a.amountCents, a.ruleCode]),
    [
      ['current_support', 'family', 40000, 'CURRENT_SUPPORT_TO_FAMILY'],
      ['NA', 'family', 10000, 'FAMILY_ARREARS'],
    ],
  );
  assert.match(payment.allocations[0].explanation, /302\.51\(a\)\(1\)/);
  assert.equal(s.balances.currentSupportPaidCents, 40000);
  assert.equal(s.balances.arrears.NA, 190000);
});

test('the same idempotency key posts once', async () => {
  const before = await sql<{ n: number }>`select count(*)::int as n from ledger_journal`.execute(sys.deps.db);
  const res = await call(fin, 'POST', '/api/receipts', { idempotencyKey: 'SDU-20261102-0001', source: 'check', amount: '500.00', receivedDate: '2026-11-02', caseNumber });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().duplicate, true);
  const after = await sql<{ n: number }>`select count(*)::int as n from ledger_journal`.execute(sys.deps.db);
  assert.equal(after.rows[0]!.n, before.rows[0]!.n);
});

test('bad receipts are refused whole: no amount, a future date, a caseworker posting', async () => {
  assert.equal((await call(fin, 'POST', '/api/receipts', { source: 'check', amount: '0', receivedDate: '2026-11-02', caseNumber })).statusCode, 400);
  assert.equal((await call(fin, 'POST', '/api/receipts', { source: 'check', amount: '1.005', receivedDate: '2026-11-02', caseNumber })).statusCode, 400);
  assert.equal((await call(fin, 'POST', '/api/receipts', { source: 'check', amount: '10', receivedDate: '2026-12-02', caseNumber })).statusCode, 400);
  assert.equal((await call(worker, 'POST', '/api/receipts', { source: 'check', amount: '10', receivedDate: '2026-11-02', caseNumber })).statusCode, 403);
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
});

test('an unidentified payment is held for research, then identified and distributed', async () => {
  const res = await call(fin, 'POST', '/api/receipts', { idempotencyKey: 'SDU-20261102-0002', source: 'money_order', amount: '75.00', receivedDate: '2026-11-02', remitterName: 'D. R.' });
  assert.equal(res.json().status, 'unidentified');
  const aging = (await call(fin, 'GET', '/api/financial/undistributed?asOf=2026-11-02')).json();
  assert.ok(aging.some((a: { reason: string; totalCents: number }) => a.reason === 'unidentified payee' && a.totalCents === 7500));
  const id = res.json().receiptId;
  const found = await call(fin, 'POST', `/api/receipts/${id}/identify`, { caseNumber });
  assert.equal(found.statusCode, 200, found.body);
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
});

test('the daily cycle distributes, disburses within two business days, checks conservation, and runs once per date', async () => {
  const summary = await runDailyCycle(sys.deps, '2026-11-02');
  assert.equal(summary.status, 'completed', JSON.stringify(summary.problems));
  assert.equal(summary.receiptsDistributed, 1, 'the identified money order');
  assert.ok(summary.disbursements!.count >= 1);
  assert.equal(summary.disbursements!.late, 0);
  const s = await statement();
  const family = s.disbursements.filter((d: { payee: string }) => d.payee === 'family');
  assert.equal(family.length, 1);
  // $575 received in FFY 2027 crosses $550: the $35 fee is taken from the $25 above the threshold (the
  // family keeps the first $550), so the family gets $550 and the State $25.
  assert.equal(family[0].amountCents, 55000);
  const state = s.disbursements.filter((d: { payee: string }) => d.payee === 'state');
  assert.deepEqual(state.map((d: { amountCents: number; method: string }) => [d.amountCents, d.method]), [[2500, 'internal']]);
  assert.equal(family[0].method, 'check');
  assert.equal(family[0].dueDate, '2026-11-04');
  assert.equal(family[0].onTime, true);
  const again = await runDailyCycle(sys.deps, '2026-11-02');
  assert.equal(again.status, 'already_completed');
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
});

test('an NSF check is reversed with reversing entries; money already paid out becomes a recoupment', async () => {
  const s0 = await statement();
  const receipt = s0.payments.find((p: { reference: string }) => p.reference === 'chk 4411');
  const res = await call(fin, 'POST', `/api/receipts/${receipt.receiptId}/reverse`, { reasonCode: 'NSF' });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().recoupedCents, 50000);
  const s = await statement();
  assert.equal(s.balances.currentSupportPaidCents, 0);
  // NA was $1,900.00 after the check and $1,825.00 after the money order; the check's $100.00 is owed again.
  assert.equal(s.balances.arrears.NA, 192500);
  const reversed = s.payments.find((p: { receiptId: number }) => p.receiptId === receipt.receiptId);
  assert.equal(reversed.status, 'reversed');
  assert.ok(reversed.allocations.every((a: { reversed: boolean }) => a.reversed));
  const twice = await call(fin, 'POST', `/api/receipts/${receipt.receiptId}/reverse`, { reasonCode: 'NSF' });
  assert.equal(twice.statusCode, 409);
  const journals = await sys.deps.db.selectFrom('ledger_journal').select(['event', 'reason_code']).where('receipt_id', '=', receipt.receiptId).where('reverses_journal_id', 'is not', null).execute();
  assert.deepEqual(journals.map((j) => j.reason_code), ['NSF', 'NSF']);
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
});

test('the ledger is append-only and refuses an unbalanced journal', async () => {
  await assert.rejects(sys.deps.db.updateTable('ledger_posting').set({ amount_cents: 1 }).execute(), /append-only/);
  await assert.rejects(sys.deps.db.deleteFrom('ledger_journal').execute(), /append-only/);
  await assert.rejects(
    sys.deps.db.transaction().execute(async (trx) => {
      const j = await trx.insertInto('ledger_journal').values({ event: 'distribution', business_date: '2026-11-02', reverses_journal_id: null, reason_code: null, receipt_id: null, memo: null, batch_run_id: null, created_by: null }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('ledger_posting').values({ journal_id: j.id, account: 'sdu_cash', case_id: null, person_id: null, amount_cents: 100 }).execute();
    }),
    /does not balance/,
  );
});

test('one obligor paying for two cases is prorated by current support owed', async () => {
  const a = await call(worker, 'POST', '/api/intakes', sampleIntake({ externalId: 'pro-a' }, { cpFirst: 'Ana', cpSsn: '212-45-1001', ncpSsn: '318-22-1001', ncpFirst: 'Oscar', ncpLast: 'Obligor', childFirst: 'Pia' }));
  const caseA = a.json().caseNumber;
  const summaryA = (await call(worker, 'GET', `/api/cases/${caseA}`)).json();
  const obligor = summaryA.members.find((m: { role: string }) => m.role === 'noncustodial_parent').personId;
  const b = await call(worker, 'POST', '/api/intakes', {
    kind: 'application',
    receivedDate: '2026-10-25',
    caseType: 'never_assistance',
    officeCode: 'NORTH',
    externalId: 'pro-b',
    members: [
      { role: 'custodial_party', person: { firstName: 'Bea', lastName: 'Second', dateOfBirth: '1991-01-01', ssn: '212-45-1002' } },
      { role: 'noncustodial_parent', personId: obligor },
      { role: 'child', person: { firstName: 'Quin', lastName: 'Obligor', dateOfBirth: '2018-01-01' } },
    ],
  });
  assert.equal(b.statusCode, 201, b.body);
  const caseB = b.json().caseNumber;
  for (const [cn, amount] of [[caseA, '200.00'], [caseB, '100.00']]) {
    const r = await call(worker, 'POST', `/api/cases/${cn}/orders`, { orderNumber: `P-${cn}`, orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-11-01', obligations: [{ kind: 'current_support', amount, frequency: 'monthly', startDate: '2026-11-01' }] });
    assert.equal(r.statusCode, 201, r.body);
  }
  const res = await call(fin, 'POST', '/api/receipts', { idempotencyKey: 'pro-1', source: 'check', amount: '150.00', receivedDate: '2026-11-02', obligorPersonId: obligor });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().caseIds.length, 2);
  const paidA = (await statement(caseA)).balances.currentSupportPaidCents;
  const paidB = (await statement(caseB)).balances.currentSupportPaidCents;
  assert.deepEqual([paidA, paidB], [10000, 5000]);
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
});

test('a current-assistance case: assigned support is kept up to URA and split into federal and State shares', async () => {
  const r = await call(worker, 'POST', '/api/intakes', { ...sampleIntake({ externalId: 'tanf-1', kind: 'iv_a_referral', caseType: 'current_assistance' }, { cpFirst: 'Tess', cpSsn: '212-45-2001', ncpSsn: '318-22-2001', ncpFirst: 'Trey', ncpLast: 'Tanf', childFirst: 'Tia' }) });
  const cn = r.json().caseNumber;
  assert.equal((await call(worker, 'POST', `/api/cases/${cn}/assistance`, { program: 'tanf', startMonth: '2026-09', monthlyAmount: '300.00' })).statusCode, 201);
  assert.equal((await call(worker, 'POST', `/api/cases/${cn}/orders`, { orderNumber: 'T-1', orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-09-01', obligations: [{ kind: 'current_support', amount: '250.00', frequency: 'monthly', startDate: '2026-09-01' }] })).statusCode, 201);
  const before = (await statement(cn)).balances;
  assert.equal(before.arrears.PA, 50000, 'unpaid September and October support accrued while on assistance is PA');
  const pay = await call(fin, 'POST', '/api/receipts', { idempotencyKey: 'tanf-pay-1', source: 'check', amount: '600.00', receivedDate: '2026-11-02', caseNumber: cn });
  assert.equal(pay.statusCode, 201, pay.body);
  const s = await statement(cn);
  const allocations = s.payments[0].allocations as Array<{ payee: string; amountCents: number; ruleCode: string }>;
  assert.equal(allocations.reduce((t, a) => t + a.amountCents, 0), 60000, 'every cent is allocated');
  const kept = allocations.filter((a) => a.payee === 'state' || a.payee === 'federal').reduce((t, a) => t + a.amountCents, 0);
  assert.ok(kept <= before.uraCents, 'the State keeps no more than URA');
  assert.equal(s.balances.uraCents, before.uraCents - kept);
  const fed = allocations.filter((a) => a.payee === 'federal').reduce((t, a) => t + a.amountCents, 0);
  const st = allocations.filter((a) => a.payee === 'state' && a.ruleCode !== 'ANNUAL_FEE').reduce((t, a) => t + a.amountCents, 0);
  assert.ok(Math.abs(fed - st) <= 1, 'FMAP 50%: federal and State shares are equal to the cent');
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
});

test('a joint-return federal offset is held, then released: the spouse share refunded, the rest distributed as arrears', async () => {
  const r = await call(worker, 'POST', '/api/intakes', sampleIntake({ externalId: 'joint-1' }, { cpFirst: 'Jill', cpSsn: '212-45-3001', ncpSsn: '318-22-3001', ncpFirst: 'Jack', ncpLast: 'Joint', childFirst: 'Jo' }));
  const cn = r.json().caseNumber;
  const order = await call(worker, 'POST', `/api/cases/${cn}/orders`, { orderNumber: 'J-1', orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-11-01', obligations: [{ kind: 'current_support', amount: '100.00', frequency: 'monthly', startDate: '2026-11-01' }, { kind: 'arrears_judgment', amount: '2000.00', frequency: 'one_time', startDate: '2026-11-01', judgmentBucket: 'NA' }] });
  assert.equal(order.statusCode, 201, order.body);
  const pay = await call(fin, 'POST', '/api/receipts', { idempotencyKey: 'offset-joint-1', source: 'federal_tax_offset', amount: '800.00', receivedDate: '2026-11-02', caseNumber: cn, jointReturn: true });
  assert.equal(pay.statusCode, 201, pay.body);
  let s = await statement(cn);
  const hold = s.payments[0].allocations[0];
  assert.deepEqual([hold.target, hold.payee, hold.amountCents, hold.holdReason], ['undistributed', 'held', 80000, 'joint_return_offset']);
  const aging = (await call(fin, 'GET', '/api/financial/undistributed?asOf=2026-11-02')).json();
  assert.ok(aging.some((a: { reason: string; totalCents: number }) => a.reason === 'joint_return_offset' && a.totalCents === 80000));
  const holdId = (await sys.deps.db.selectFrom('distribution_allocation').select('id').where('hold_reason', '=', 'joint_return_offset').executeTakeFirstOrThrow()).id;
  const released = await call(fin, 'POST', `/api/holds/${holdId}/release`, { spouseShare: '300.00' });
  assert.equal(released.statusCode, 200, released.body);
  s = await statement(cn);
  const rows = s.payments[0].allocations.slice(1).map((a: { target: string; payee: string; amountCents: number }) => [a.target, a.payee, a.amountCents]);
  assert.deepEqual(rows, [
    ['refund', 'held', 30000],
    ['NA', 'family', 50000],
  ], 'a federal offset pays arrears, never current support');
  assert.equal(s.balances.currentSupportPaidCents, 0);
  assert.equal((await call(fin, 'POST', `/api/holds/${holdId}/release`, { spouseShare: '0' })).statusCode, 409);
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
});
