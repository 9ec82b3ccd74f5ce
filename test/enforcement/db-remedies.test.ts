/**
 * License suspension and credit bureau lists, contests, the case's enforcement actions through the API,
 * and FIDM levies through to a levy receipt, against the database.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { runRemedyList } from '../../src/enforcement/lists.ts';
import { importFidmMatches, receiveLevyPayment, sendFidmLevies } from '../../src/enforcement/fidm.ts';
import { loadCaseAccount, saveCaseAccount } from '../../src/financial/accounts.ts';
import { zeroArrears, type ArrearsBalances } from '../../src/financial/buckets.ts';
import { conservationProblems } from '../../src/financial/ledger.ts';
import { parseCreditFile, parseLicenseList } from '../../src/formats/remedies/remedies.ts';
import { buildFidmMatchFile, type FidmMatchInput } from '../../src/formats/fidm/fidm.ts';

let sys: TestSystem;
const cases: Record<string, { caseId: number; caseNumber: string; ncp: number }> = {};
let token: string;

const call = (t: string, method: 'GET' | 'POST', url: string, payload?: unknown) => sys.app.inject({ method, url, headers: { authorization: `Bearer ${t}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });

async function addCase(name: string, ncpSsn: string, cpSsn: string, last: string, arrears: Partial<ArrearsBalances>) {
  const intake = await call(token, 'POST', '/api/intakes', sampleIntake({}, { ncpSsn, cpSsn, ncpLast: last, cpLast: `Cp${last}`, ncpFirst: `Dan${last}`, childFirst: `Kid${last}` }));
  assert.equal(intake.statusCode, 201, intake.body);
  const caseNumber = intake.json().caseNumber;
  const order = await call(token, 'POST', `/api/cases/${caseNumber}/orders`, { orderNumber: `DR-${last}`, orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-11-01', obligations: [{ kind: 'current_support', amount: '300.00', frequency: 'monthly', startDate: '2026-11-01' }] });
  assert.equal(order.statusCode, 201, order.body);
  const c = await sys.deps.db.selectFrom('iv_d_case').select('id').where('case_number', '=', caseNumber).executeTakeFirstOrThrow();
  const ncp = await sys.deps.db.selectFrom('case_member').select('person_id').where('case_id', '=', c.id).where('role', '=', 'noncustodial_parent').executeTakeFirstOrThrow();
  cases[name] = { caseId: c.id, caseNumber, ncp: ncp.person_id };
  await setArrears(name, arrears);
}

async function setArrears(name: string, arrears: Partial<ArrearsBalances>) {
  const account = (await loadCaseAccount(sys.deps.db, cases[name]!.caseId))!;
  account.state = { ...account.state, arrears: { ...zeroArrears(), ...arrears } };
  await saveCaseAccount(sys.deps.db, account, new Date());
}

async function moveTo(date: string) {
  sys.clock.set(date);
  token = await sys.login('worker');
}

const worker = () => sys.ctx('caseworker', 'NORTH');
const list = (kind: 'license_suspension' | 'credit_reporting', date: string) => runRemedyList(sys.deps, worker(), kind, date);
const actionOf = async (name: string, kind: string) => sys.deps.db.selectFrom('enforcement_action').selectAll().where('case_id', '=', cases[name]!.caseId).where('kind', '=', kind as never).orderBy('id', 'desc').executeTakeFirstOrThrow();

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('south', 'caseworker', { office: 'SOUTH' });
  await sys.addUser('fin', 'financial_worker');
  token = await sys.login('worker');
  await addCase('big', '318-22-4410', '212-45-6781', 'Reyes', { NA: 450_000 });
  await addCase('months', '318-22-4411', '212-45-6782', 'Months', { NA: 95_000 });
  await addCase('low', '318-22-4412', '212-45-6783', 'Low', { NA: 40_000 });
});
after(() => sys.close());

test('license list: notices first (30 calendar days), nothing listed during due process; a second run adds nothing', async () => {
  const r = await list('license_suspension', '2026-11-02');
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual([r.value.noticesSent, r.value.added, r.value.fileId], [2, 0, null]);
  const a = await actionOf('big', 'license_suspension');
  assert.deepEqual([a.status, a.start_date, a.notice_sent_date, a.due_date, a.notice_kind, a.amount_cents], ['pending', '2026-11-02', '2026-11-02', '2026-12-02', 'license_suspension_notice', 450_000]);
  const notice = await sys.deps.db.selectFrom('case_notice').select(['template_code', 'recipient_role']).where('id', '=', a.notice_id!).executeTakeFirstOrThrow();
  assert.deepEqual(notice, { template_code: 'license_suspension_notice', recipient_role: 'noncustodial_parent' });
  const again = await list('license_suspension', '2026-11-02');
  assert.ok(again.ok);
  assert.equal(again.value.noticesSent, 0);
  const none = await sys.deps.db.selectFrom('enforcement_action').select('id').where('case_id', '=', cases.low!.caseId).execute();
  assert.equal(none.length, 0, '$400 is under the floor');
});

test('a contest holds the action; the worker lists enforcement actions by case (office access, audited)', async () => {
  await moveTo('2026-11-10');
  const a = await actionOf('months', 'license_suspension');
  const contest = await call(token, 'POST', `/api/enforcement/actions/${a.id}/contest`, { note: 'paid in cash, has receipts' });
  assert.equal(contest.statusCode, 200, contest.body);
  assert.equal(contest.json().status, 'contested');
  const listed = await call(token, 'GET', `/api/cases/${cases.months!.caseNumber}/enforcement-actions`);
  assert.equal(listed.statusCode, 200, listed.body);
  assert.deepEqual(listed.json().map((x: Record<string, unknown>) => [x.kind, x.status, x.startDate, x.noticeSentDate, x.dueDate, x.submittedDate, x.endDate, x.noticeKind, typeof x.noticeId]), [['license_suspension', 'contested', '2026-11-02', '2026-11-02', '2026-12-02', null, null, 'license_suspension_notice', 'number']]);
  const south = await call(await sys.login('south'), 'GET', `/api/cases/${cases.months!.caseNumber}/enforcement-actions`);
  assert.equal(south.statusCode, 404);
  const audit = await sys.deps.db.selectFrom('audit_event').select('id').where('entity_type', '=', 'enforcement_action').where('action', '=', 'read').execute();
  assert.ok(audit.length >= 1);
});

test('after due process without a contest the obligor goes on the list; a denied contest follows; payment removes', async () => {
  const last = await list('license_suspension', '2026-12-02');
  assert.ok(last.ok);
  assert.equal(last.value.added, 0, 'the last day of due process is still due process');
  const r = await list('license_suspension', '2026-12-03');
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual([r.value.added, r.value.removed], [1, 0]);
  const file = parseLicenseList(r.value.content!);
  assert.ok(file.ok, JSON.stringify(file));
  assert.deepEqual(file.value.map((x) => [x.action, x.case_number, x.last_name, x.ssn, x.arrears_cents, x.list_date]), [['A', cases.big!.caseNumber, 'REYES', '318224410', 450_000, '2026-12-03']]);
  assert.deepEqual([(await actionOf('big', 'license_suspension')).status, (await actionOf('big', 'license_suspension')).submitted_date], ['active', '2026-12-03']);
  const twice = await list('license_suspension', '2026-12-03');
  assert.ok(twice.ok);
  assert.equal(twice.value.alreadyWritten, true);

  await moveTo('2026-12-04');
  const m = await actionOf('months', 'license_suspension');
  const denied = await call(token, 'POST', `/api/enforcement/actions/${m.id}/contest-decision`, { decision: 'denied' });
  assert.equal(denied.statusCode, 200, denied.body);
  const next = await list('license_suspension', '2026-12-05');
  assert.ok(next.ok);
  assert.equal(next.value.added, 1);

  await setArrears('big', {});
  const paid = await list('license_suspension', '2026-12-10');
  assert.ok(paid.ok);
  assert.deepEqual([paid.value.added, paid.value.removed], [0, 1]);
  const removal = parseLicenseList(paid.value.content!);
  assert.ok(removal.ok);
  assert.deepEqual(removal.value.map((x) => [x.action, x.arrears_cents]), [['D', 0]]);
  const closed = await actionOf('big', 'license_suspension');
  assert.deepEqual([closed.status, closed.end_date], ['closed', '2026-12-10']);
  await setArrears('big', { NA: 450_000 });
});

test('credit report: notice, due process, Metro 2-like adds; a refresh updates; paid is deleted (DA)', async () => {
  assert.ok((await list('credit_reporting', '2026-12-10')).ok);
  const r = await list('credit_reporting', '2027-01-11');
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.added, 2);
  const file = parseCreditFile(r.value.content!);
  assert.ok(file.ok, JSON.stringify(file));
  assert.deepEqual(file.value.map((x) => [x.account_number, x.account_status, x.current_balance_dollars, x.surname]), [[cases.big!.caseNumber, '93', 4500, 'REYES'], [cases.months!.caseNumber, '93', 950, 'MONTHS']]);
  await setArrears('months', {});
  const u = await list('credit_reporting', '2027-02-10');
  assert.ok(u.ok);
  assert.deepEqual([u.value.added, u.value.updated, u.value.removed], [0, 1, 1]);
  const f2 = parseCreditFile(u.value.content!);
  assert.ok(f2.ok);
  assert.deepEqual(f2.value.map((x) => [x.account_number, x.account_status]).sort(), [[cases.big!.caseNumber, '93'], [cases.months!.caseNumber, 'DA']].sort());
});

test('FIDM: a match over the threshold opens a levy with notice (10 business days), sent after due process, paid by receipt', async () => {
  await moveTo('2026-11-02');
  const match = (ssn: string, balance: number): FidmMatchInput => ({ ssn, matched_name: 'X Y', account_number: '000123456789', account_type: 'CK', balance_cents: balance, fips_pass_back: '42000' });
  const text = buildFidmMatchFile(2026, [{ fein: '231234567', name: 'KEYSTONE SAVINGS BANK', matches: [match('318224410', 325_000), match('318224412', 900_000), match('999887777', 100_000)] }]);
  assert.ok(text.ok);
  const r = await importFidmMatches(sys.deps, worker(), 'fidm-2026q4.txt', text.value);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.value, { batchId: r.value.batchId, matches: 3, levies: 1, belowThreshold: 1, noObligor: 1, levyAlreadyOpen: 0, levyCents: 325_000, held: 0 });
  const twice = await importFidmMatches(sys.deps, worker(), 'fidm-2026q4.txt', text.value);
  assert.ok(!twice.ok && twice.code === 'ALREADY_PROCESSED');
  // Re-sent with CRLF line endings, or without the final line break: the same records, refused too.
  const crlf = await importFidmMatches(sys.deps, worker(), 'fidm-2026q4-crlf.txt', text.value.replaceAll('\n', '\r\n'));
  assert.ok(!crlf.ok && crlf.code === 'ALREADY_PROCESSED', JSON.stringify(crlf));
  const noFinalBreak = await importFidmMatches(sys.deps, worker(), 'fidm-2026q4-trim.txt', text.value.replace(/\n$/, ''));
  assert.ok(!noFinalBreak.ok && noFinalBreak.code === 'ALREADY_PROCESSED');
  const levy = await actionOf('big', 'fidm_levy');
  assert.deepEqual([levy.status, levy.due_date, levy.amount_cents, levy.notice_kind], ['pending', '2026-11-17', 325_000, 'fidm_levy_notice']);
  assert.equal((await sendFidmLevies(sys.deps, worker(), '2026-11-17') as { value: { sent: number } }).value.sent, 0);
  const sent = await sendFidmLevies(sys.deps, worker(), '2026-11-18');
  assert.ok(sent.ok);
  assert.deepEqual(sent.value.actionIds, [levy.id]);
  await moveTo('2026-11-20');
  const fin = sys.ctx('financial_worker');
  const paid = await receiveLevyPayment(sys.deps, fin, levy.id, 325_000, '2026-11-20');
  assert.ok(paid.ok, JSON.stringify(paid));
  const again = await receiveLevyPayment(sys.deps, fin, levy.id, 325_000, '2026-11-20');
  assert.ok(again.ok && again.value.duplicate && again.value.receiptId === paid.value.receiptId);
  const after = await actionOf('big', 'fidm_levy');
  assert.deepEqual([after.status, after.submitted_date, after.end_date], ['closed', '2026-11-18', '2026-11-20']);
  const receipt = await sys.deps.db.selectFrom('receipt').select(['amount_cents', 'status', 'case_id']).where('id', '=', paid.value.receiptId).executeTakeFirstOrThrow();
  assert.deepEqual(receipt, { amount_cents: 325_000, status: 'distributed', case_id: cases.big!.caseId });
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
});

test('the remedy routes: schema-validated, permission-checked, files downloadable', async () => {
  await moveTo('2027-03-01');
  const off = await call(token, 'POST', '/api/enforcement/offset-files', { date: '2027-03-01' });
  assert.equal(off.statusCode, 201, off.body);
  assert.equal(off.json().weekStart, '2027-03-01');
  const lic = await call(token, 'POST', '/api/enforcement/lists', { kind: 'license_suspension', date: '2027-03-01' });
  assert.equal(lic.statusCode, 201, lic.body);
  const bad = await call(token, 'POST', '/api/enforcement/lists', { kind: 'lottery', date: '2027-03-01' });
  assert.equal(bad.statusCode, 400, bad.body);
  const first = await sys.deps.db.selectFrom('enforcement_list_file').select('id').orderBy('id').executeTakeFirstOrThrow();
  // The list carries obligors' identifiers: the caseworker may not take it; the administrator may.
  assert.equal((await call(token, 'GET', `/api/enforcement/lists/${first.id}`)).statusCode, 403);
  await sys.addUser('rem.admin', 'administrator');
  const dl = await call(await sys.login('rem.admin'), 'GET', `/api/enforcement/lists/${first.id}`);
  assert.equal(dl.statusCode, 200);
  assert.equal(dl.body.split('\n')[0]!.length, 150);
  await sys.addUser('aud', 'auditor');
  const aud = await sys.login('aud');
  assert.equal((await call(aud, 'POST', '/api/enforcement/lists', { kind: 'credit_reporting', date: '2027-03-02' })).statusCode, 403);
  assert.equal((await call(aud, 'GET', `/api/enforcement/lists/${first.id}`)).statusCode, 403);
});
