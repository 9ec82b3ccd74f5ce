// The fraud signals report on seeded cases: each signal found where it should be and not where it should
// not (positive and negative cases), evidence masked, scope by office for a supervisor.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { fixedClock } from '../../src/kernel/clock.ts';
import { recordBankAccount } from '../../src/financial/bank-accounts.ts';
import { createPerson } from '../../src/participants/store.ts';
import type { RequestContext } from '../../src/security/context.ts';

let sys: TestSystem;
const tokens: Record<string, string> = {};
const cases: Record<string, { caseNumber: string; caseId: number; cp: number }> = {};

const call = (token: string, url: string) => sys.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
const post = (token: string, url: string, payload: object) => sys.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload });
const on = (date: string): RequestContext => ({ ...sys.ctx('financial_worker'), clock: fixedClock(date) });

async function bank(personId: number, date: string, account: string) {
  const r = await recordBankAccount(sys.deps, on(date), personId, { routingNumber: '011000015', accountNumber: account, accountType: 'checking' });
  assert.ok(r.ok, JSON.stringify(r));
  return r.value.bankAccountId;
}

async function deposit(key: string, amountCents: number, issuedDate: string) {
  const c = cases[key]!;
  const account = await sys.deps.db.selectFrom('payee_bank_account').select('id').where('person_id', '=', c.cp).where('effective_to', 'is', null).executeTakeFirstOrThrow();
  const j = await sys.deps.db.insertInto('ledger_journal').values({ event: 'disbursement', business_date: issuedDate, receipt_id: null, reverses_journal_id: null, reason_code: null, memo: 'seeded', batch_run_id: 1, created_by: null }).returning('id').executeTakeFirstOrThrow();
  const d = await sys.deps.db.insertInto('disbursement').values({ case_id: c.caseId, payee: 'family', payee_person_id: c.cp, method: 'eft', amount_cents: amountCents, earliest_receipt_date: issuedDate, due_date: issuedDate, issued_date: issuedDate, journal_id: j.id, disbursement_file_id: null, check_number: null, bank_account_id: account.id, batch_run_id: 1 }).returning('id').executeTakeFirstOrThrow();
  return d.id;
}

const report = async (who: string, from = '2026-10-01', to = '2026-11-30') => {
  const res = await call(tokens[who]!, `/api/fraud/report?from=${from}&to=${to}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { counts: Record<string, number>; signals: Array<{ kind: string; severity: string; caseNumbers: string[]; personIds: number[]; evidence: Record<string, unknown>; summary: string }> };
};
const ofKind = (r: Awaited<ReturnType<typeof report>>, kind: string) => r.signals.filter((s) => s.kind === kind);

let idsChanged: { big: number; small: number };
let stranger: number;

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('nworker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('sworker', 'caseworker', { office: 'SOUTH' });
  await sys.addUser('nsuper', 'supervisor', { office: 'NORTH' });
  await sys.addUser('admin', 'administrator');
  await sys.addUser('fin1', 'financial_worker');
  await sys.addUser('fin2', 'financial_worker');
  for (const u of ['nworker', 'sworker', 'nsuper', 'admin', 'fin1', 'fin2']) tokens[u] = await sys.login(u);
  const families: Array<[string, string, Record<string, string>]> = [
    ['changed', 'NORTH', { cpFirst: 'Maria', cpLast: 'Lopez', cpSsn: '212-45-6781', ncpSsn: '318-22-4410' }],
    ['old', 'NORTH', { cpFirst: 'Olga', cpLast: 'Oldacct', cpSsn: '212-45-1001', ncpSsn: '318-22-1001', ncpFirst: 'Otto', ncpLast: 'Ober', childFirst: 'Oli' }],
    ['shareN', 'NORTH', { cpFirst: 'Nina', cpLast: 'North', cpSsn: '212-45-1002', ncpSsn: '318-22-1002', ncpFirst: 'Ned', ncpLast: 'Nash', childFirst: 'Noa' }],
    ['shareS', 'SOUTH', { cpFirst: 'Sara', cpLast: 'South', cpSsn: '212-45-1003', ncpSsn: '318-22-1003', ncpFirst: 'Sam', ncpLast: 'Sims', childFirst: 'Sol' }],
    ['kin1', 'NORTH', { cpFirst: 'Wanda', cpLast: 'Kin', cpSsn: '212-45-1004', ncpSsn: '318-22-1004', ncpFirst: 'Walt', ncpLast: 'Wade', childFirst: 'Wes' }],
    ['kin2', 'NORTH', { cpFirst: 'Xena', cpLast: 'Kin', cpSsn: '212-45-1005', ncpSsn: '318-22-1005', ncpFirst: 'Xavi', ncpLast: 'Xu', childFirst: 'Xia' }],
  ];
  for (const [key, office, people] of families) {
    const res = await post(office === 'NORTH' ? tokens.nworker! : tokens.sworker!, '/api/intakes', sampleIntake({ officeCode: office, externalId: `fraud-${key}` }, people));
    assert.equal(res.statusCode, 201, res.body);
    const caseNumber = res.json().caseNumber as string;
    const c = await sys.deps.db.selectFrom('iv_d_case').select('id').where('case_number', '=', caseNumber).executeTakeFirstOrThrow();
    const cp = await sys.deps.db.selectFrom('case_member').select('person_id').where('case_id', '=', c.id).where('role', '=', 'custodial_party').executeTakeFirstOrThrow();
    cases[key] = { caseNumber, caseId: c.id, cp: cp.person_id };
  }
  // 1. Account changed five days before a $1,500 deposit (signal) and a $50 one (under the threshold).
  await bank(cases.changed!.cp, '2026-06-01', '11112222');
  await bank(cases.changed!.cp, '2026-10-20', '33334444');
  idsChanged = { big: await deposit('changed', 150_000, '2026-10-25'), small: await deposit('changed', 5_000, '2026-10-26') };
  // An account set up in May: a large deposit in October is no signal.
  await bank(cases.old!.cp, '2026-05-01', '55556666');
  await deposit('old', 200_000, '2026-10-25');
  // 2. One account for two unrelated families in two offices (set up long ago: no change signal).
  await bank(cases.shareN!.cp, '2026-01-05', '77778888');
  await bank(cases.shareS!.cp, '2026-01-06', '77778888');
  await deposit('shareN', 30_000, '2026-10-10');
  await deposit('shareS', 40_000, '2026-10-11');
  // Two payees sharing an account who are one family: Xena was custodial party on Wanda's case before.
  await bank(cases.kin1!.cp, '2026-01-05', '99990000');
  await bank(cases.kin2!.cp, '2026-01-06', '99990000');
  await sys.deps.db.insertInto('case_member').values({ case_id: cases.kin1!.caseId, person_id: cases.kin2!.cp, role: 'custodial_party', start_date: '2026-01-01', end_date: '2026-06-30', born_out_of_wedlock: null, paternity_established: null }).execute();
  await deposit('kin1', 30_000, '2026-10-10');
  await deposit('kin2', 30_000, '2026-10-12');
  // 3. fin1 posts a receipt and reverses it herself (signal); fin1 posts one that fin2 reverses (none).
  for (const [key, reverser] of [['R-SELF', 'fin1'], ['R-OTHER', 'fin2']] as const) {
    const r = await post(tokens.fin1!, '/api/receipts', { idempotencyKey: key, source: 'check', amount: '120.00', receivedDate: '2026-11-02', caseNumber: cases.old!.caseNumber });
    assert.equal(r.statusCode, 201, r.body);
    const rev = await post(tokens[reverser]!, `/api/receipts/${r.json().receiptId}/reverse`, { reasonCode: 'POSTING_ERROR' });
    assert.equal(rev.statusCode, 200, rev.body);
  }
  // 4. SSNs that fail the checks (entered before intake validated them, or by an import): one on a NORTH case, one on no case.
  const bad = await createPerson(sys.deps, { firstName: 'Ima', lastName: 'Fake', ssn: '666-12-3456' }, { source: 'test', effectiveDate: '2026-10-01', userId: null });
  await sys.deps.db.insertInto('case_member').values({ case_id: cases.changed!.caseId, person_id: bad, role: 'alleged_father', start_date: '2026-10-01', end_date: null, born_out_of_wedlock: null, paternity_established: null }).execute();
  stranger = await createPerson(sys.deps, { firstName: 'Wally', lastName: 'Wallet', ssn: '078-05-1120' }, { source: 'test', effectiveDate: '2026-10-01', userId: null });
});
after(() => sys.close());

test('bank account changed shortly before a large deposit: the large one is a high signal; a small one or an old account is none', async () => {
  const r = await report('admin');
  const found = ofKind(r, 'bank_account_changed_before_disbursement');
  assert.equal(found.length, 1, JSON.stringify(found));
  const s = found[0]!;
  assert.equal(s.severity, 'high');
  assert.equal(s.evidence.disbursementId, idsChanged.big);
  assert.equal(s.evidence.amountCents, 150_000);
  assert.equal(s.evidence.daysBeforeDisbursement, 5);
  assert.equal(s.evidence.accountLast4, '4444');
  assert.equal(s.evidence.previousAccountLast4, '2222');
  assert.equal(s.evidence.routing, '*****0015');
  assert.deepEqual(s.caseNumbers, [cases.changed!.caseNumber]);
});

test('the thresholds are program policy: a larger amount threshold silences the signal', async () => {
  await sys.deps.db.updateTable('program_policy').set({ fraud_thresholds: JSON.stringify({ bankChangeDays: 30, largeDisbursementCents: 200_000 }) }).execute();
  try {
    assert.equal(ofKind(await report('admin'), 'bank_account_changed_before_disbursement').length, 0);
  } finally {
    await sys.deps.db.updateTable('program_policy').set({ fraud_thresholds: JSON.stringify({ bankChangeDays: 30, largeDisbursementCents: 100_000 }) }).execute();
  }
});

test('one account paying unrelated families is a high signal; related payees sharing an account are not; numbers never printed', async () => {
  const r = await report('admin');
  const found = ofKind(r, 'bank_account_shared_by_unrelated_families');
  assert.equal(found.length, 1, JSON.stringify(found));
  const s = found[0]!;
  assert.equal(s.severity, 'high');
  assert.deepEqual(s.caseNumbers, [cases.shareN!.caseNumber, cases.shareS!.caseNumber].sort());
  assert.deepEqual(s.personIds, [cases.shareN!.cp, cases.shareS!.cp].sort((a, b) => a - b));
  assert.equal((s.evidence.families as unknown[]).length, 2);
  assert.equal(s.evidence.totalCents, 70_000);
  const text = JSON.stringify(r);
  for (const full of ['77778888', '99990000', '33334444', '011000015']) assert.ok(!text.includes(full), `${full} printed`);
});

test('a receipt reversed by the worker who posted it is a signal; one reversed by another worker is not', async () => {
  const r = await report('admin');
  const found = ofKind(r, 'adjustment_by_receipt_poster');
  assert.equal(found.length, 1, JSON.stringify(found));
  const s = found[0]!;
  assert.equal(s.severity, 'high');
  assert.equal(s.evidence.workerUsername, 'fin1');
  assert.equal(s.evidence.amountCents, 12_000);
  const self = await sys.deps.db.selectFrom('receipt').select('id').where('idempotency_key', '=', 'R-SELF').executeTakeFirstOrThrow();
  assert.equal(s.evidence.receiptId, self.id);
  assert.ok((s.evidence.adjustments as unknown[]).length >= 1);
});

test('SSNs failing the validity checks are signals, masked; the valid SSNs from intake are not', async () => {
  const r = await report('admin');
  const found = ofKind(r, 'invalid_ssn');
  assert.equal(found.length, 2, JSON.stringify(found));
  assert.deepEqual(found.map((s) => s.evidence.ssnMasked).sort(), ['***-**-1120', '***-**-3456']);
  assert.ok(found.some((s) => s.personIds[0] === stranger && /known invalid/.test(String(s.evidence.reason))));
  assert.ok(found.some((s) => /area number 666/.test(String(s.evidence.reason)) && s.caseNumbers.includes(cases.changed!.caseNumber)));
  assert.ok(!JSON.stringify(r).includes('666-12-3456') && !JSON.stringify(r).includes('078051120'));
});

test("a supervisor's report covers their office only; a caseworker may not run it; dates outside the period are left out", async () => {
  const r = await report('nsuper');
  const all = JSON.stringify(r);
  assert.ok(!all.includes(cases.shareS!.caseNumber), 'SOUTH case not shown to the NORTH supervisor');
  assert.equal(ofKind(r, 'bank_account_shared_by_unrelated_families').length, 0, 'only one of the two families is in NORTH');
  assert.equal(ofKind(r, 'bank_account_changed_before_disbursement').length, 1);
  assert.deepEqual(ofKind(r, 'invalid_ssn').map((s) => s.evidence.ssnMasked), ['***-**-3456'], 'the person on no case is not an office\'s');
  assert.equal((await call(tokens.nworker!, '/api/fraud/report?from=2026-10-01&to=2026-11-30')).statusCode, 403);
  const early = await report('admin', '2026-01-01', '2026-09-30');
  assert.equal(early.counts.bank_account_changed_before_disbursement, 0);
  assert.equal(early.counts.bank_account_shared_by_unrelated_families, 0);
  assert.equal(early.counts.adjustment_by_receipt_poster, 0);
  assert.equal((await call(tokens.admin!, '/api/fraud/report?from=2026-11-30&to=2026-10-01')).statusCode, 400);
});

test('running the report is audited', async () => {
  const rows = await sys.deps.db.selectFrom('audit_event').select(['entity_type', 'actor_username']).where('entity_type', '=', 'fraud_report').execute();
  assert.ok(rows.length >= 1);
});
