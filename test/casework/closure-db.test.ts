// Case closure on a database: criteria checked against the data on file (orders and arrears, dates of
// death, locate history, case type, interstate role, intake source), the 60-day notice path, replies that
// keep a case open, closing at the end of the period, immediate closure where no notice is required, and
// reopening.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';
import { uniqueIntake, type IntakeOptions } from '../helpers/casework.ts';
import { enterSupportOrder } from '../../src/financial/orders.ts';

let sys: TestSystem;
const tokens: Record<string, string> = {};
let n = 0;

async function setDate(date: string) {
  sys.clock.set(date);
  for (const u of Object.keys(tokens)) tokens[u] = await sys.login(u);
}
async function api(user: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return sys.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[user]}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
}
async function openCase(o: Partial<IntakeOptions> = {}): Promise<{ caseNumber: string; ncpId: number | null; cpId: number }> {
  n += 1;
  const res = await api('worker', 'POST', '/api/intakes', uniqueIntake(n, { receivedDate: sys.clock.today(), ...o }));
  assert.equal(res.statusCode, 201, res.body);
  const summary = (await api('worker', 'GET', `/api/cases/${res.json().caseNumber}`)).json();
  const ncp = summary.members.find((m: { role: string }) => m.role === 'noncustodial_parent' || m.role === 'alleged_father');
  return { caseNumber: summary.caseNumber, ncpId: ncp?.personId ?? null, cpId: summary.members[0].personId };
}
async function order(caseNumber: string, obligations: Array<Record<string, unknown>>) {
  const today = sys.clock.today();
  const r = await enterSupportOrder(sys.deps, sys.ctx(), caseNumber, { orderNumber: `O-${caseNumber}`, orderKind: 'judicial', enteredDate: today, effectiveDate: `${today.slice(0, 7)}-01`, obligations: obligations.map((o) => ({ startDate: `${today.slice(0, 7)}-01`, ...o })) as never });
  assert.ok(r.ok, JSON.stringify(r));
}
const judgment = (cents: number, bucket = 'NA') => ({ kind: 'arrears_judgment', amountCents: cents, frequency: 'one_time', judgmentBucket: bucket });
const propose = (caseNumber: string, body: Record<string, unknown>) => api('worker', 'POST', `/api/cases/${caseNumber}/closure`, { finding: 'documented in the case record today', attestations: [], ...body });
const summary = async (caseNumber: string) => (await api('worker', 'GET', `/api/cases/${caseNumber}`)).json();

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('boss', 'supervisor', { office: 'NORTH' });
  await sys.addUser('south', 'caseworker', { office: 'SOUTH' });
  await sys.addUser('aud', 'auditor');
  await sys.addUser('adm', 'administrator');
  for (const u of ['worker', 'boss', 'south', 'aud', 'adm']) tokens[u] = await sys.login(u);
});
after(() => sys.close());

test('the criteria list names every code with its notice, findings and data checks', async () => {
  const list = (await api('worker', 'GET', '/api/casework/closure-criteria')).json();
  assert.equal(list.length, 28);
  const b1 = list.find((c: { code: string }) => c.code === 'b1');
  assert.deepEqual([b1.regulation, b1.notice, b1.noticeDays], ['45 CFR 303.11(b)(1)', 'recipient', 60]);
  assert.equal(list.find((c: { code: string }) => c.code === 'c').mandatory, true);
});

test('(b)(1): no current order and arrears under $500 → 60-day notice; the case cannot close early; it closes after the period and can be reopened', async () => {
  await setDate('2026-11-02');
  const { caseNumber } = await openCase();
  await order(caseNumber, [judgment(40_000)]);
  await api('adm', 'POST', '/api/casework/timeframes/run', { asOf: '2026-11-02' });
  const res = await propose(caseNumber, { reasonCode: 'b1' });
  assert.equal(res.statusCode, 201, res.body);
  const k = res.json();
  assert.deepEqual([k.status, k.noticeRequired, k.noticeDate, k.earliestClosureDate], ['notice_period', 'recipient', '2026-11-02', '2027-01-01']);
  assert.ok(k.noticeId);
  const notices = (await api('worker', 'GET', `/api/cases/${caseNumber}/notices`)).json();
  assert.deepEqual(notices.map((x: { template: string; recipient: { role: string } }) => [x.template, x.recipient.role]), [['closure_notice', 'custodial_party']]);
  assert.equal((await summary(caseNumber)).status, 'open');

  assert.equal((await propose(caseNumber, { reasonCode: 'b1' })).statusCode, 409, 'one closure at a time');
  await setDate('2026-12-31');
  const early = await api('worker', 'POST', `/api/cases/${caseNumber}/closure/finalize`);
  assert.equal(early.statusCode, 409);
  assert.match(early.json().error.message, /2027-01-01/);

  await setDate('2027-01-01');
  const batch = (await api('adm', 'POST', '/api/casework/timeframes/run', { asOf: '2027-01-01' })).json();
  assert.ok(batch.itemsCreated >= 1);
  const ready = (await api('worker', 'GET', '/api/worklist')).json().items.find((i: { kind: string; caseNumber: string }) => i.kind === 'closure_notice_ended' && i.caseNumber === caseNumber);
  assert.ok(ready, 'an alert says the notice period ended');
  const closed = await api('worker', 'POST', `/api/cases/${caseNumber}/closure/finalize`);
  assert.equal(closed.statusCode, 200, closed.body);
  assert.deepEqual([closed.json().status, closed.json().closedDate], ['closed', '2027-01-01']);
  const s = await summary(caseNumber);
  assert.deepEqual([s.status, s.closedDate, s.closureReason], ['closed', '2027-01-01', 'b1']);
  const clocks = (await api('worker', 'GET', `/api/cases/${caseNumber}/timeframes`)).json().clocks;
  assert.ok(clocks.filter((c: { metDate: string | null }) => !c.metDate).every((c: { status: string }) => c.status === 'cancelled'), 'open clocks stop');
  const live = (await api('worker', 'GET', '/api/worklist')).json().items.filter((i: { caseNumber: string }) => i.caseNumber === caseNumber);
  assert.equal(live.length, 0, 'the case leaves the worklist');
  const newOrder = await enterSupportOrder(sys.deps, sys.ctx(), caseNumber, { orderNumber: 'X', orderKind: 'judicial', enteredDate: '2027-01-01', effectiveDate: '2027-01-01', obligations: [{ kind: 'current_support', amountCents: 100, frequency: 'monthly', startDate: '2027-01-01' }] });
  assert.equal(!newOrder.ok && newOrder.code, 'CASE_STATE_INVALID');

  await setDate('2027-02-03');
  assert.equal((await api('worker', 'POST', `/api/cases/${caseNumber}/reopen`, { applicationDate: '2026-12-01', reason: 'x' })).statusCode, 400, 'the application must follow the closure');
  const reopened = await api('worker', 'POST', `/api/cases/${caseNumber}/reopen`, { applicationDate: '2027-02-01', reason: 'new application: the NCP has a new job' });
  assert.equal(reopened.statusCode, 200, reopened.body);
  const after = await summary(caseNumber);
  assert.deepEqual([after.status, after.closedDate, after.closureReason], ['open', null, null]);
  const history = (await api('worker', 'GET', `/api/cases/${caseNumber}/closure`)).json();
  assert.deepEqual(history.closures.map((c: { status: string; closedDate: string; reopenedDate: string }) => [c.status, c.closedDate, c.reopenedDate]), [['reopened', '2027-01-01', '2027-02-03']]);
  const opening = (await api('worker', 'GET', `/api/cases/${caseNumber}/timeframes`)).json().clocks.filter((c: { kind: string }) => c.kind === 'case_opening');
  assert.deepEqual(opening.map((c: { startDate: string; metDate: string }) => [c.startDate, c.metDate]), [['2026-11-02', '2026-11-02'], ['2027-02-01', '2027-02-03']]);
});

test('(b)(1) refuses with the problem named: a current order, or arrears of $500 or more (unless unenforceable)', async () => {
  await setDate('2026-11-02');
  const a = await openCase();
  await order(a.caseNumber, [judgment(60_000)]);
  const refused = await propose(a.caseNumber, { reasonCode: 'b1' });
  assert.equal(refused.statusCode, 409);
  assert.equal(refused.json().error.code, 'CASE_STATE_INVALID');
  assert.deepEqual(refused.json().error.details.map((d: { path: string }) => d.path), ['/data/arrears']);
  assert.equal((await propose(a.caseNumber, { reasonCode: 'b1', arrearsUnenforceable: true })).statusCode, 201);
  const b = await openCase();
  await order(b.caseNumber, [{ kind: 'current_support', amountCents: 30_000, frequency: 'monthly' }]);
  const withOrder = await propose(b.caseNumber, { reasonCode: 'b1' });
  assert.deepEqual(withOrder.json().error.details.map((d: { path: string }) => d.path), ['/data/order']);
});

test('303.11(d)(3): a reply within the notice period keeps the case open; a late reply is refused', async () => {
  await setDate('2026-11-02');
  const a = await openCase();
  assert.equal((await propose(a.caseNumber, { reasonCode: 'b5', attestations: ['ncpLivesWithChild', 'servicesNotAppropriate'] })).statusCode, 201);
  await setDate('2026-12-20');
  const reply = await api('worker', 'POST', `/api/cases/${a.caseNumber}/closure/reply`, { date: '2026-12-20', note: 'the mother sent the father\'s new address' });
  assert.equal(reply.statusCode, 200, reply.body);
  assert.deepEqual([reply.json().status, reply.json().responseDate], ['kept_open', '2026-12-20']);
  await setDate('2027-01-05');
  assert.equal((await api('worker', 'POST', `/api/cases/${a.caseNumber}/closure/finalize`)).statusCode, 409);
  assert.equal((await summary(a.caseNumber)).status, 'open');

  await setDate('2026-11-02');
  const b = await openCase();
  assert.equal((await propose(b.caseNumber, { reasonCode: 'b5', attestations: ['ncpLivesWithChild', 'servicesNotAppropriate'] })).statusCode, 201);
  await setDate('2027-01-02');
  const late = await api('worker', 'POST', `/api/cases/${b.caseNumber}/closure/reply`, { date: '2027-01-02', note: 'late' });
  assert.equal(late.statusCode, 409);
  const withdrawn = await api('worker', 'POST', `/api/cases/${b.caseNumber}/closure/withdraw`, { reason: 'the late reply has a new employer' });
  assert.equal(withdrawn.json().status, 'withdrawn');
  assert.equal((await summary(b.caseNumber)).status, 'open');
});

test('(b)(4): the NCP\'s date of death on file is checked when proposed and again when closing', async () => {
  await setDate('2026-11-02');
  const a = await openCase();
  const attest = { reasonCode: 'b4', attestations: ['noFurtherActionPossible'] };
  assert.deepEqual((await propose(a.caseNumber, attest)).json().error.details.map((d: { path: string }) => d.path), ['/data/ncp/dateOfDeath']);
  await sys.deps.db.updateTable('person').set({ date_of_death: '2026-10-15' }).where('id', '=', a.ncpId!).execute();
  assert.equal((await propose(a.caseNumber, attest)).statusCode, 201);
  // The death record is found to be wrong before the period ends: the case may not close.
  await sys.deps.db.updateTable('person').set({ date_of_death: null }).where('id', '=', a.ncpId!).execute();
  await setDate('2027-01-01');
  const refused = await api('worker', 'POST', `/api/cases/${a.caseNumber}/closure/finalize`);
  assert.equal(refused.statusCode, 409);
  assert.match(refused.json().error.message, /no longer meets/);
  assert.equal((await summary(a.caseNumber)).status, 'open');
});

test('(b)(7)(ii): location unknown for six months without an SSN, judged from the locate clock and the addresses on file', async () => {
  await setDate('2026-11-02');
  const a = await openCase({ ncpSsn: false });
  await api('adm', 'POST', '/api/casework/timeframes/run', { asOf: '2026-11-02' });
  const body = { reasonCode: 'b7ii', attestations: ['diligentMultiSourceLocate'] };
  await setDate('2027-05-01');
  assert.deepEqual((await propose(a.caseNumber, body)).json().error.details.map((d: { path: string }) => d.path), ['/data/locate']);
  assert.equal((await propose(a.caseNumber, { ...body, reasonCode: 'b7i' })).json().error.details.some((d: { path: string }) => d.path === '/data/ncp/ssn'), true);
  await setDate('2027-05-02');
  assert.equal((await propose(a.caseNumber, body)).statusCode, 201);

  await setDate('2026-11-02');
  const b = await openCase({ ncpSsn: false });
  await api('worker', 'POST', `/api/persons/${b.ncpId}/addresses`, { line1: '1 Found Rd', city: 'Erie', stateCode: 'PA', zip: '16501', verified: true });
  await setDate('2027-06-01');
  assert.ok((await propose(b.caseNumber, body)).json().error.details.some((d: { path: string }) => d.path === '/data/ncp'));
});

test('(b)(12): a non-IV-A recipient\'s request closes at once when nothing is assigned; assigned arrears refuse it', async () => {
  await setDate('2026-11-02');
  const former = await openCase({ caseType: 'former_assistance' });
  await order(former.caseNumber, [judgment(90_000, 'PA')]);
  assert.deepEqual((await propose(former.caseNumber, { reasonCode: 'b12', requestDate: '2026-11-01' })).json().error.details.map((d: { path: string }) => d.path), ['/data/arrears']);
  const never = await openCase();
  const res = await propose(never.caseNumber, { reasonCode: 'b12', requestDate: '2026-11-01' });
  assert.equal(res.statusCode, 201, res.body);
  assert.deepEqual([res.json().status, res.json().noticeRequired, res.json().noticeId, res.json().closedDate], ['closed', 'none', null, '2026-11-02']);
  assert.equal((await summary(never.caseNumber)).status, 'closed');
});

test('(b)(20) and (c): referrals from other programs close at once; (c) is the mandatory Medicaid/IHS closure', async () => {
  await setDate('2026-11-02');
  const app = await openCase();
  assert.deepEqual((await propose(app.caseNumber, { reasonCode: 'b20', attestations: ['referralInappropriate'] })).json().error.details.map((d: { path: string }) => d.path), ['/data/intakeSource']);
  const ivA = await openCase({ kind: 'iv_a_referral', caseType: 'current_assistance' });
  const r20 = await propose(ivA.caseNumber, { reasonCode: 'b20', attestations: ['referralInappropriate'] });
  assert.equal(r20.json().status, 'closed');
  const medicaid = await openCase({ kind: 'medicaid_referral', caseType: 'medicaid_only' });
  const rc = await propose(medicaid.caseNumber, { reasonCode: 'c', attestations: ['childEligibleForIhs', 'referralBasedOnIhs'] });
  assert.equal(rc.statusCode, 201, rc.body);
  assert.deepEqual([rc.json().status, rc.json().regulation], ['closed', '45 CFR 303.11(c)']);
});

test('(b)(17)-(19): responding cases only; (b)(17) sends the 60-day notice to the initiating agency, (b)(18) closes at once', async () => {
  await setDate('2026-11-02');
  const plain = await openCase();
  assert.deepEqual((await propose(plain.caseNumber, { reasonCode: 'b18', attestations: ['initiatingAgencyClosedCase'] })).json().error.details.map((d: { path: string }) => d.path), ['/data/interstateRole']);
  const a = await openCase({ interstate: { role: 'responding', otherJurisdictionFips: '36' } });
  const r17 = await propose(a.caseNumber, { reasonCode: 'b17', attestations: ['initiatingAgencyFailed'] });
  assert.equal(r17.statusCode, 201, r17.body);
  assert.equal(r17.json().noticeRequired, 'initiating_agency');
  const notice = (await api('worker', 'GET', `/api/cases/${a.caseNumber}/notices`)).json()[0];
  assert.deepEqual([notice.template, notice.recipient.role, notice.recipient.agency, notice.recipient.personId], ['closure_notice_agency', 'initiating_agency', 'New York', null]);
  const b = await openCase({ interstate: { role: 'responding', otherJurisdictionFips: '34' } });
  assert.equal((await propose(b.caseNumber, { reasonCode: 'b18', attestations: ['initiatingAgencyClosedCase'] })).json().status, 'closed');
});

test('(b)(15): two contact methods; the notice may go electronically only with documented consent', async () => {
  await setDate('2026-11-02');
  const a = await openCase();
  const attempts = [{ method: 'mail', date: '2026-09-01' }, { method: 'phone', date: '2026-10-01' }];
  const noConsent = await propose(a.caseNumber, { reasonCode: 'b15', contactAttempts: attempts, delivery: 'electronic' });
  assert.equal(noConsent.statusCode, 400);
  assert.equal(noConsent.json().error.details[0].path, '/electronicConsentDate');
  const res = await propose(a.caseNumber, { reasonCode: 'b15', contactAttempts: attempts, delivery: 'electronic', electronicConsentDate: '2025-03-01' });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().delivery, 'electronic');
  const notice = (await api('worker', 'GET', `/api/cases/${a.caseNumber}/notices`)).json()[0];
  assert.equal(notice.delivery, 'electronic');
  await setDate('2026-11-20');
  const reply = await api('worker', 'POST', `/api/cases/${a.caseNumber}/closure/reply`, { date: '2026-11-20', note: 'the recipient called back: contact re-established' });
  assert.equal(reply.json().status, 'kept_open');
});

test('(b)(6)(iv): father unknown after an interview — only when no alleged father is named', async () => {
  await setDate('2026-11-02');
  const a = await openCase({ noNcp: true });
  const res = await propose(a.caseNumber, { reasonCode: 'b6iv', attestations: ['identityUnknownAfterDiligentEfforts'], interviewDate: '2026-10-20' });
  assert.equal(res.statusCode, 201, res.body);
  const b = await openCase({ ncpRole: 'alleged_father' });
  assert.ok((await propose(b.caseNumber, { reasonCode: 'b6iv', attestations: ['identityUnknownAfterDiligentEfforts'], interviewDate: '2026-10-20' })).json().error.details.some((d: { path: string }) => d.path === '/data/ncp'));
});

test('closure needs case write access to a case the worker may see', async () => {
  await setDate('2026-11-02');
  const a = await openCase();
  const body = { reasonCode: 'b5', finding: 'documented in the case record today', attestations: ['ncpLivesWithChild', 'servicesNotAppropriate'] };
  assert.equal((await api('south', 'POST', `/api/cases/${a.caseNumber}/closure`, body)).statusCode, 404);
  assert.equal((await api('aud', 'POST', `/api/cases/${a.caseNumber}/closure`, body)).statusCode, 403);
  assert.equal((await api('aud', 'GET', `/api/cases/${a.caseNumber}/closure`)).statusCode, 200, 'the auditor reads the history');
  assert.equal((await api('worker', 'POST', `/api/cases/${a.caseNumber}/closure`, { ...body, reasonCode: 'b99' })).statusCode, 400);
});
