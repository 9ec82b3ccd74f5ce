import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';
import { caller, countRows, GUIDELINE_353_40, openCase, orderBody } from './fixtures.ts';
import { enterEstablishedOrder } from '../../src/establishment/orders.ts';

let sys: TestSystem;
let worker: string;
let south: string;
let auditor: string;
let call: ReturnType<typeof caller>;

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('south', 'caseworker', { office: 'SOUTH' });
  await sys.addUser('auditor', 'auditor');
  await sys.addUser('fin', 'financial_worker');
  worker = await sys.login('worker');
  south = await sys.login('south');
  auditor = await sys.login('auditor');
  call = caller(sys);
});
after(() => sys.close());

const timeframes = async (caseNumber: string, kind: string) =>
  (await call(worker, 'GET', `/api/cases/${caseNumber}`)).json().timeframes.filter((t: { kind: string }) => t.kind === kind);

test('locating the noncustodial parent starts the 90-day clock; a failed attempt leaves it open; service meets it', async () => {
  const c = await openCase(sys, worker, 1, { allegedFathers: 0 });
  const ncp = c.fatherIds[0]!;
  const located = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/located`, { personId: ncp, locatedDate: '2026-10-22' });
  assert.equal(located.statusCode, 200, located.body);
  assert.deepEqual(located.json().establishmentTimeframes, [{ kind: 'establishment', regulation: '45 CFR 303.4(d)', startDate: '2026-10-22', dueDate: '2027-01-20', metDate: null, onTime: null }]);
  const missed = await call(worker, 'POST', `/api/cases/${c.caseNumber}/service-attempts`, { personId: ncp, document: 'support_complaint', method: 'sheriff', attemptDate: '2026-10-27', result: 'not_found', serverName: 'Deputy Kowalski', notes: 'no answer at the door' });
  assert.equal(missed.statusCode, 201, missed.body);
  assert.equal(missed.json().establishmentTimeframes[0].metDate, null);
  const served = await call(worker, 'POST', `/api/cases/${c.caseNumber}/service-attempts`, { personId: ncp, document: 'support_complaint', method: 'personal', attemptDate: '2026-10-31', result: 'served', servedDate: '2026-10-31' });
  assert.equal(served.statusCode, 201, served.body);
  const view = (await call(worker, 'GET', `/api/cases/${c.caseNumber}/service-attempts`)).json();
  assert.deepEqual(view.attempts.map((a: { result: string }) => a.result), ['not_found', 'served']);
  assert.equal(view.establishmentTimeframes.length, 1);
  assert.equal(view.establishmentTimeframes[0].metDate, '2026-10-31');
  assert.equal(view.establishmentTimeframes[0].onTime, true);
  // Locating again while no clock is open starts a new one (e.g. after a petition was dismissed).
  const again = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/located`, { personId: ncp, locatedDate: '2026-11-01' });
  assert.equal(again.json().establishmentTimeframes.length, 2);
  // ... and locating while it is open does not start a second one.
  const twice = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/located`, { personId: ncp, locatedDate: '2026-11-02' });
  assert.equal(twice.json().establishmentTimeframes.length, 2);
});

test('a first service attempt with no clock starts it at the located date; an order entered meets it', async () => {
  const c = await openCase(sys, worker, 2, { allegedFathers: 0 });
  const res = await call(worker, 'POST', `/api/cases/${c.caseNumber}/service-attempts`, { personId: c.fatherIds[0], document: 'paternity_and_support_complaint', method: 'certified_mail', attemptDate: '2026-10-25', result: 'returned_unclaimed', locatedDate: '2026-07-01' });
  assert.equal(res.statusCode, 201, res.body);
  assert.deepEqual(res.json().establishmentTimeframes.map((t: { startDate: string; dueDate: string }) => [t.startDate, t.dueDate]), [['2026-07-01', '2026-09-29']]);
  const order = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, orderBody({ enteredDate: '2026-11-02', effectiveDate: '2026-11-01' }));
  assert.equal(order.statusCode, 201, order.body);
  const [clock] = await timeframes(c.caseNumber, 'establishment');
  assert.equal(clock.metDate, '2026-11-02');
  const after = (await call(worker, 'GET', `/api/cases/${c.caseNumber}/service-attempts`)).json();
  assert.equal(after.establishmentTimeframes[0].onTime, false, 'met after the 90 days');
});

test('an order with custody, parenting time and medical terms is obligated by the financial module and read back whole', async () => {
  const c = await openCase(sys, worker, 3, { allegedFathers: 0 });
  const res = await call(
    worker,
    'POST',
    `/api/cases/${c.caseNumber}/establishment/orders`,
    orderBody({
      orderNumber: 'DR-2026-0333',
      tribunal: 'Erie County Court of Common Pleas, Domestic Relations Section',
      enteredDate: '2026-10-30',
      effectiveDate: '2026-09-01',
      currentSupport: { amount: '400.00', frequency: 'monthly' },
      arrears: [{ amount: '1200.00', bucket: 'NA' }],
      medical: { healthInsuranceBy: 'obligor', premiumMonthly: '150.00', obligorGrossMonthlyIncome: '4000.00', cashMedical: { amount: '50.00', frequency: 'monthly' }, unreimbursedObligorBasisPoints: 6000 },
      custody: { legalCustody: 'joint', physicalCustody: 'shared', obligorOvernightsPerYear: 120, parentingSchedule: 'Alternate weekends Friday 6 pm to Sunday 6 pm; Wednesday overnights; two weeks each summer.' },
    }),
  );
  assert.equal(res.statusCode, 201, res.body);
  const order = res.json();
  assert.equal(order.status, 'active');
  assert.equal(order.obligorPersonId, c.fatherIds[0]);
  assert.equal(order.obligeePersonId, c.motherId);
  assert.deepEqual(
    order.obligations.map((o: { kind: string; amount: string; frequency: string; judgmentBucket: string | null }) => [o.kind, o.amount, o.frequency, o.judgmentBucket]),
    [
      ['current_support', '400.00', 'monthly', null],
      ['medical_support', '50.00', 'monthly', null],
      ['arrears_judgment', '1200.00', 'one_time', 'NA'],
    ],
  );
  const fetched = await call(worker, 'GET', `/api/cases/${c.caseNumber}/establishment/orders/${order.orderId}`);
  assert.equal(fetched.statusCode, 200);
  const terms = fetched.json().terms;
  assert.equal(terms.tribunal, 'Erie County Court of Common Pleas, Domestic Relations Section');
  assert.deepEqual(terms.custody, { legalCustody: 'joint', physicalCustody: 'shared', obligorOvernightsPerYear: 120, parentingSchedule: 'Alternate weekends Friday 6 pm to Sunday 6 pm; Wednesday overnights; two weeks each summer.' });
  assert.deepEqual(terms.medical, {
    healthInsuranceBy: 'obligor',
    premiumMonthly: '150.00',
    obligorGrossMonthlyIncome: '4000.00',
    reasonableCostBasisPoints: 500,
    reasonableCost: true,
    cashMedicalMonthly: '50.00',
    unreimbursedObligorBasisPoints: 6000,
  });
  assert.equal(terms.policyId, 'establishment-2017');
  // The financial module charged the account: September and October unpaid became NA arrears.
  await sys.addUser('fin2', 'financial_worker');
  const statement = (await call(await sys.login('fin2'), 'GET', `/api/cases/${c.caseNumber}/statement`)).json();
  assert.equal(statement.balances.supportMonth, '2026-11');
  assert.equal(statement.balances.currentSupportDueCents, 45000, 'current support and cash medical support');
  assert.equal(statement.balances.arrears.NA, 120000 + 2 * 45000);
  // The 36-month review cycle runs from the order.
  assert.deepEqual((await timeframes(c.caseNumber, 'review_cycle')).map((t: { startDate: string; dueDate: string; metDate: string | null }) => [t.startDate, t.dueDate, t.metDate]), [['2026-10-30', '2029-10-30', null]]);
  const list = (await call(worker, 'GET', `/api/cases/${c.caseNumber}/establishment/orders`)).json();
  assert.equal(list.orders.length, 1);
  const audits = await sys.deps.db.selectFrom('audit_event').select(['entity_type', 'purpose']).where('entity_type', 'in', ['support_order', 'support_order_terms']).where('action', '=', 'create').execute();
  assert.ok(audits.some((a) => a.entity_type === 'support_order' && a.purpose === 'order establishment'), 'the financial module audited the order');
  assert.ok(audits.some((a) => a.entity_type === 'support_order_terms'));
});

test('health insurance costing more than 5% of gross income is not reasonable in cost', async () => {
  const c = await openCase(sys, worker, 4, { allegedFathers: 0 });
  const res = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, orderBody({ medical: { healthInsuranceBy: 'obligor', premiumMonthly: '200.01', obligorGrossMonthlyIncome: '4000.00' } }));
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().terms.medical.reasonableCost, false);
});

test('an order with a guideline worksheet: the guideline amount is kept, and a departure needs a written reason', async () => {
  const c = await openCase(sys, worker, 5, { allegedFathers: 0 });
  const before = await Promise.all([countRows(sys, 'support_order'), countRows(sys, 'obligation'), countRows(sys, 'support_order_terms')]);
  const departs = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, orderBody({ guideline: { input: GUIDELINE_353_40 } }));
  assert.equal(departs.statusCode, 400);
  assert.equal(departs.json().error.details[0].path, '/deviationReason');
  assert.match(departs.json().error.details[0].message, /\$400\.00 a month departs from the guideline amount \$353\.40/);
  const badGuideline = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, orderBody({ guideline: { input: { ...GUIDELINE_353_40, children: 0 } } }));
  assert.equal(badGuideline.statusCode, 400);
  assert.equal(badGuideline.json().error.details[0].path, '/guideline/input/children');
  assert.deepEqual(await Promise.all([countRows(sys, 'support_order'), countRows(sys, 'obligation'), countRows(sys, 'support_order_terms')]), before);
  const follows = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, orderBody({ currentSupport: { amount: '353.40', frequency: 'monthly' }, guideline: { input: GUIDELINE_353_40 } }));
  assert.equal(follows.statusCode, 201, follows.body);
  assert.equal(follows.json().terms.guideline.monthlyAmount, '353.40');
  assert.equal(follows.json().terms.guideline.deviationReason, null);
  assert.equal((follows.json().terms.guideline.worksheet as { state: string }).state, 'PA');
});

test('bad order input is refused whole with every problem; a failure inside the financial order entry leaves nothing either', async () => {
  const c = await openCase(sys, worker, 6, { allegedFathers: 0 });
  const counts = () => Promise.all([countRows(sys, 'support_order'), countRows(sys, 'obligation'), countRows(sys, 'support_order_terms'), countRows(sys, 'case_timeframe')]);
  const before = await counts();
  const bad = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, orderBody({ currentSupport: { amount: '0', frequency: 'monthly' }, arrears: [{ amount: '-5.00', bucket: 'NA' }], medical: { healthInsuranceBy: 'neither', premiumMonthly: '-1' } }));
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(bad.json().error.details.map((d: { path: string }) => d.path), ['/currentSupport/amount', '/arrears/0/amount', '/medical/premiumMonthly']);
  const shape = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, { ...orderBody(), orderKind: 'informal', custody: { legalCustody: 'joint' }, color: 'red' });
  assert.equal(shape.statusCode, 400);
  const paths = shape.json().error.details.map((d: { path: string }) => d.path);
  for (const p of ['/orderKind', '/custody/physicalCustody', '/color']) assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
  const rules = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, orderBody({ currentSupport: null, medical: { healthInsuranceBy: 'obligee', premiumMonthly: '90.00' }, custody: { legalCustody: 'joint', physicalCustody: 'shared' } }));
  assert.equal(rules.statusCode, 400);
  assert.deepEqual(rules.json().error.details.map((d: { path: string }) => d.path), ['/currentSupport', '/custody/obligorOvernightsPerYear']);
  // The financial module's own checks run inside the same unit of work.
  const inner = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, orderBody({ enteredDate: '2026-12-01', currentSupport: { amount: '400.00', frequency: 'monthly', startDate: '2026-08-01' } }));
  assert.equal(inner.statusCode, 400);
  assert.deepEqual(inner.json().error.details.map((d: { path: string }) => d.path), ['/enteredDate', '/obligations/0/startDate']);
  assert.deepEqual(await counts(), before);
});

test('another office cannot enter or read orders; an auditor reads but cannot enter', async () => {
  const c = await openCase(sys, worker, 7, { allegedFathers: 0 });
  const before = await countRows(sys, 'support_order');
  assert.equal((await call(south, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, orderBody())).statusCode, 404);
  assert.equal((await call(south, 'POST', `/api/cases/${c.caseNumber}/service-attempts`, { personId: c.fatherIds[0], document: 'support_complaint', method: 'personal', attemptDate: '2026-10-31', result: 'served', servedDate: '2026-10-31' })).statusCode, 404);
  assert.equal((await call(auditor, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, orderBody())).statusCode, 403);
  assert.equal(await countRows(sys, 'support_order'), before);
  const entered = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, orderBody());
  assert.equal(entered.statusCode, 201);
  assert.equal((await call(south, 'GET', `/api/cases/${c.caseNumber}/establishment/orders/${entered.json().orderId}`)).statusCode, 404);
  assert.equal((await call(south, 'GET', `/api/cases/${c.caseNumber}/service-attempts`)).statusCode, 404);
  assert.equal((await call(auditor, 'GET', `/api/cases/${c.caseNumber}/establishment/orders/${entered.json().orderId}`)).statusCode, 200);
  assert.equal((await call(worker, 'GET', `/api/cases/${c.caseNumber}/establishment/orders/999999`)).statusCode, 404);
});

test('service attempt rules: served needs a served date and only then; the served party must be on the case', async () => {
  const c = await openCase(sys, worker, 8, { allegedFathers: 0 });
  const before = await Promise.all([countRows(sys, 'service_attempt'), countRows(sys, 'case_timeframe')]);
  const res = await call(worker, 'POST', `/api/cases/${c.caseNumber}/service-attempts`, { personId: c.fatherIds[0], document: 'support_complaint', method: 'personal', attemptDate: '2026-11-01', result: 'served', locatedDate: '2026-11-02' });
  assert.equal(res.statusCode, 400);
  assert.deepEqual(res.json().error.details.map((d: { path: string }) => d.path), ['/servedDate', '/locatedDate']);
  const notServed = await call(worker, 'POST', `/api/cases/${c.caseNumber}/service-attempts`, { personId: c.fatherIds[0], document: 'support_complaint', method: 'personal', attemptDate: '2026-11-01', result: 'refused', servedDate: '2026-11-01' });
  assert.equal(notServed.statusCode, 400);
  const stranger = await call(worker, 'POST', `/api/cases/${c.caseNumber}/service-attempts`, { personId: 999999, document: 'support_complaint', method: 'personal', attemptDate: '2026-11-01', result: 'not_found' });
  assert.equal(stranger.statusCode, 400);
  assert.equal(stranger.json().error.details[0].path, '/personId');
  assert.deepEqual(await Promise.all([countRows(sys, 'service_attempt'), countRows(sys, 'case_timeframe')]), before);
});

test('order entry and its terms are one unit of work: a failure after the financial writes rolls both back', async () => {
  const c = await openCase(sys, worker, 9, { allegedFathers: 0 });
  const counts = () => Promise.all([countRows(sys, 'support_order'), countRows(sys, 'obligation'), countRows(sys, 'support_order_terms'), countRows(sys, 'case_timeframe')]);
  const before = await counts();
  const accountsBefore = await sys.deps.db.selectFrom('case_account').select('case_id').execute();
  // 20000 basis points gets past the service (the route's schema would refuse it) and fails the table's
  // check constraint only after enterSupportOrder has written the order and charged the account.
  const input = {
    orderNumber: 'ATOMIC-1',
    orderKind: 'judicial' as const,
    enteredDate: '2026-10-30',
    effectiveDate: '2026-10-01',
    currentSupport: { amountCents: 40000, frequency: 'monthly' as const },
    medical: { healthInsuranceBy: 'not_addressed' as const, unreimbursedObligorBasisPoints: 20000 },
    custody: { legalCustody: 'custodial_party' as const, physicalCustody: 'custodial_party' as const },
  };
  await assert.rejects(enterEstablishedOrder(sys.deps, sys.ctx('administrator'), c.caseNumber, input));
  assert.deepEqual(await counts(), before);
  assert.equal((await sys.deps.db.selectFrom('case_account').select('case_id').execute()).length, accountsBefore.length, 'no case account was opened');
});

test('the establishment routes are in the OpenAPI document', async () => {
  const doc = (await sys.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  for (const path of [
    '/api/cases/{caseNumber}/paternity',
    '/api/cases/{caseNumber}/paternity/acknowledgments',
    '/api/cases/{caseNumber}/paternity/genetic-tests/{testId}/result',
    '/api/cases/{caseNumber}/paternity/adjudications',
    '/api/cases/{caseNumber}/service-attempts',
    '/api/cases/{caseNumber}/establishment/orders',
    '/api/cases/{caseNumber}/reviews/{reviewId}/comparison',
    '/api/reviews/due',
  ]) {
    assert.ok(doc.paths[path], `${path} documented`);
  }
});
