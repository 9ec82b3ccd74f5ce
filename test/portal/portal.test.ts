import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { receiveReceipt } from '../../src/financial/receipts.ts';

let sys: TestSystem;
let worker: string;
let fin: string;
let parent: string;
let caseNumber: string;
let otherCase: string;
let employerId: number;

const call = (token: string | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  sys.app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('fin', 'financial_worker');
  worker = await sys.login('worker');
  fin = await sys.login('fin');
  const opened = await call(worker, 'POST', '/api/intakes', sampleIntake());
  assert.equal(opened.statusCode, 201, opened.body);
  caseNumber = opened.json().caseNumber;
  const other = await call(worker, 'POST', '/api/intakes', sampleIntake({ externalId: 'other-1' }, { cpFirst: 'Olga', cpLast: 'Other', cpSsn: '212-45-0077', ncpSsn: '318-22-0077', ncpFirst: 'Oscar', ncpLast: 'Other', childFirst: 'Otto' }));
  otherCase = other.json().caseNumber;
  const order = await call(worker, 'POST', `/api/cases/${caseNumber}/orders`, {
    orderNumber: 'DR-1',
    orderKind: 'judicial',
    enteredDate: '2026-10-30',
    effectiveDate: '2026-10-01',
    obligations: [{ kind: 'current_support', amount: '400.00', frequency: 'monthly', startDate: '2026-10-01' }],
  });
  assert.equal(order.statusCode, 201, order.body);
  const paid = await call(fin, 'POST', '/api/receipts', { idempotencyKey: 'p-1', source: 'check', amount: '150.00', receivedDate: '2026-11-02', caseNumber });
  assert.equal(paid.statusCode, 201, paid.body);
  const summary = (await call(worker, 'GET', `/api/cases/${caseNumber}`)).json();
  const cp = summary.members.find((m: { role: string }) => m.role === 'custodial_party');
  await sys.addUser('mom', 'parent', { personId: cp.personId });
  parent = await sys.login('mom');
  const employer = await sys.deps.db.selectFrom('employer').select('id').where('fein', '=', '231234567').executeTakeFirstOrThrow();
  employerId = employer.id;
});
after(() => sys.close());

test('a parent sees what is due this month, what is past due, and their payments: amounts and dates only', async () => {
  const res = await call(parent, 'GET', `/api/portal/cases/${caseNumber}/payments`);
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.myRole, 'custodial_party');
  assert.equal(body.supportMonth, '2026-11');
  assert.equal(body.monthlySupportCents, 40000);
  assert.deepEqual(body.nextPayment, { month: '2026-11', amountDueCents: 40000 - 15000 });
  assert.equal(body.pastDueCents, 40000, 'October went unpaid');
  assert.equal(body.payments.length, 1);
  assert.deepEqual(body.payments[0], { receivedDate: '2026-11-02', amountCents: 15000, source: 'check', status: 'distributed', toCurrentSupportCents: 15000, toPastDueCents: 0, otherCents: 0 });
  assert.deepEqual(body.orders, [{ orderNumber: 'DR-1', effectiveDate: '2026-10-01', status: 'active' }]);
  // Nothing about the other parent: no SSN, no address, no employer.
  const text = res.body;
  for (const secret of ['4410', '318-22', 'Keystone', 'Oak Ave']) assert.ok(!text.includes(secret), `no ${secret}`);
  const audit = await sys.deps.db.selectFrom('audit_event').select(['action', 'entity_type']).where('entity_type', '=', 'portal_payments').execute();
  assert.equal(audit.length, 1, 'the read is audited');
});

test("a parent cannot read another family's case, and staff use the statement instead", async () => {
  assert.equal((await call(parent, 'GET', `/api/portal/cases/${otherCase}/payments`)).statusCode, 404);
  assert.equal((await call(parent, 'GET', '/api/portal/cases/NOPE-1/payments')).statusCode, 404);
  assert.equal((await call(worker, 'GET', `/api/portal/cases/${caseNumber}/payments`)).statusCode, 403);
  assert.equal((await call(null, 'GET', `/api/portal/cases/${caseNumber}/payments`)).statusCode, 401);
  assert.equal((await call(parent, 'GET', `/api/cases/${caseNumber}/statement`)).statusCode, 403);
});

test("before the nightly cycle opens a month, the month's support is due and last month's shortfall is past due", async () => {
  sys.clock.set('2026-12-03');
  try {
    const later = await sys.login('mom');
    const body = (await call(later, 'GET', `/api/portal/cases/${caseNumber}/payments`)).json();
    assert.equal(body.supportMonth, '2026-11', 'the account is still in November');
    assert.deepEqual(body.nextPayment, { month: '2026-12', amountDueCents: 40000 });
    assert.equal(body.pastDueCents, 40000 + 25000, 'October and the unpaid part of November');
  } finally {
    sys.clock.set('2026-11-02');
  }
});

test('an employer sees the withholding payments it sent and nothing of other employers', async () => {
  await sys.addUser('payroll', 'employer', { employerId });
  const other = await sys.deps.db.insertInto('employer').values({ name: 'Elsewhere Inc', fein: '239999999', line1: null, line2: null, city: null, state_code: null, zip: null, phone: null, created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  await sys.addUser('elsewhere', 'employer', { employerId: other.id });
  const ctx = sys.ctx('financial_worker');
  await sys.deps.db.transaction().execute((trx) =>
    receiveReceipt({ ...sys.deps, db: trx as never }, ctx, { idempotencyKey: 'ach-1', source: 'ach_employer', amountCents: 18462, receivedDate: '2026-11-02', withholdingDate: '2026-10-30', caseNumber, employerId, reference: 'trace 1' }),
  );
  const payroll = await sys.login('payroll');
  const res = await call(payroll, 'GET', '/api/portal/employer');
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.employer.name, 'Keystone Logistics LLC');
  assert.deepEqual(body.payments, [{ receivedDate: '2026-11-02', withholdingDate: '2026-10-30', amountCents: 18462, status: 'undistributed', reference: 'trace 1', caseNumber, employeeName: 'Daniel Reyes' }]);
  assert.deepEqual(body.withholdingOrders, [], 'no withholding order was sent to this employer');
  const elsewhere = await sys.login('elsewhere');
  assert.deepEqual((await call(elsewhere, 'GET', '/api/portal/employer')).json().payments, []);
  assert.equal((await call(parent, 'GET', '/api/portal/employer')).statusCode, 403);
  assert.equal((await call(worker, 'GET', '/api/portal/employer')).statusCode, 403);
});

test('the session endpoint answers signed-out browsers without an error, with the business date', async () => {
  const anonymous = await call(null, 'GET', '/api/auth/session');
  assert.equal(anonymous.statusCode, 200);
  assert.deepEqual(anonymous.json(), { user: null, today: '2026-11-02' });
  const signedIn = (await call(parent, 'GET', '/api/auth/session')).json();
  assert.equal(signedIn.user.username, 'mom');
  assert.equal(signedIn.user.role, 'parent');
  const bogus = await sys.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: 'cse_session=not-a-token' } });
  assert.deepEqual(bogus.json().user, null);
});
