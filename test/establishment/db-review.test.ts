import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';
import { caller, countRows, GUIDELINE_353_40, openCase, orderBody } from './fixtures.ts';

let sys: TestSystem;
let worker: string;
let south: string;
let auditor: string;
let call: ReturnType<typeof caller>;
let a: Awaited<ReturnType<typeof openCase>>;
let reviewId: number;

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('south', 'caseworker', { office: 'SOUTH' });
  await sys.addUser('auditor', 'auditor');
  worker = await sys.login('worker');
  south = await sys.login('south');
  auditor = await sys.login('auditor');
  call = caller(sys);
  // An order entered three years and a month ago: its 36-month review fell due on 2026-10-01.
  a = await openCase(sys, worker, 1, { allegedFathers: 0 });
  const order = await call(worker, 'POST', `/api/cases/${a.caseNumber}/establishment/orders`, orderBody({ orderNumber: 'DR-2023-0777', enteredDate: '2023-10-01', effectiveDate: '2023-10-01' }));
  assert.equal(order.statusCode, 201, order.body);
});
after(() => sys.close());

const review = (caseNumber: string, id: number, token = worker) => call(token, 'GET', `/api/cases/${caseNumber}/reviews/${id}`);

test('the review due list shows orders 36 months old with no review open, only to their office', async () => {
  const due = await call(worker, 'GET', '/api/reviews/due?asOf=2026-11-02');
  assert.equal(due.statusCode, 200, due.body);
  assert.deepEqual(due.json(), [{ caseNumber: a.caseNumber, officeCode: 'NORTH', orderId: due.json()[0].orderId, orderNumber: 'DR-2023-0777', orderEnteredDate: '2023-10-01', lastReviewDate: null, dueDate: '2026-10-01', daysOverdue: 32 }]);
  assert.deepEqual((await call(worker, 'GET', '/api/reviews/due?asOf=2026-09-30')).json(), []);
  assert.deepEqual((await call(south, 'GET', '/api/reviews/due?asOf=2026-11-02')).json(), [], 'another office does not see the case');
  assert.equal((await call(worker, 'GET', '/api/reviews/due?asOf=2026-02-30')).statusCode, 400);
});

test('starting a review sends both parents a notice and starts the 180-day clock; one review is open at a time', async () => {
  const res = await call(worker, 'POST', `/api/cases/${a.caseNumber}/reviews`, { reason: 'cycle', requestedBy: 'agency', requestDate: '2026-11-02', sendNotices: true });
  assert.equal(res.statusCode, 201, res.body);
  const r = res.json();
  reviewId = r.reviewId;
  assert.equal(r.status, 'open');
  assert.equal(r.reviewDueDate, '2027-05-01', '180 calendar days (45 CFR 303.8(e))');
  assert.equal(r.comparison, null);
  assert.deepEqual(r.notices.map((n: { kind: string; recipientRole: string; recipientPersonId: number }) => [n.kind, n.recipientRole, n.recipientPersonId]), [
    ['review_started', 'custodial_party', a.motherId],
    ['review_started', 'noncustodial_parent', a.fatherIds[0]],
  ]);
  const summary = (await call(worker, 'GET', `/api/cases/${a.caseNumber}`)).json();
  assert.deepEqual(summary.timeframes.filter((t: { kind: string }) => t.kind === 'review_completion'), [{ kind: 'review_completion', regulation: '45 CFR 303.8(e)', startDate: '2026-11-02', dueDate: '2027-05-01', metDate: null }]);
  assert.deepEqual((await call(worker, 'GET', '/api/reviews/due?asOf=2026-11-02')).json(), [], 'a case with a review open is not listed as due');
  const second = await call(worker, 'POST', `/api/cases/${a.caseNumber}/reviews`, { reason: 'request', requestedBy: 'custodial_party', requestDate: '2026-11-02' });
  assert.equal(second.statusCode, 409);
  assert.equal(second.json().error.code, 'CONFLICT');
  const early = await call(worker, 'POST', `/api/cases/${a.caseNumber}/reviews/${reviewId}/outcome`, { outcome: 'no_change', outcomeDate: '2026-11-02' });
  assert.equal(early.statusCode, 409, 'the guideline comparison comes first');
});

test('the guideline comparison: $353.40 against $400.00 is 11.65% lower, past the 10% threshold', async () => {
  const bad = await call(worker, 'POST', `/api/cases/${a.caseNumber}/reviews/${reviewId}/comparison`, { guidelineInput: { ...GUIDELINE_353_40, obligor: { income: { grossPerPeriod: 'lots', payFrequency: 'monthly' } } } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.details[0].path, '/guidelineInput/obligor/income/grossPerPeriod');
  const res = await call(worker, 'POST', `/api/cases/${a.caseNumber}/reviews/${reviewId}/comparison`, { guidelineInput: GUIDELINE_353_40 });
  assert.equal(res.statusCode, 200, res.body);
  const c = res.json().comparison;
  assert.equal(c.guidelineMonthly, '353.40');
  assert.equal(c.currentMonthly, '400.00');
  assert.equal(c.difference, '-46.60');
  assert.equal(c.percentDifferenceBasisPoints, -1165);
  assert.equal(c.thresholdBasisPoints, 1000);
  assert.equal(c.thresholdMet, true);
  assert.match(c.explanation, /so the difference warrants an adjustment/);
  assert.equal(res.json().status, 'open');
});

test('the outcome "adjust" completes the review, notifies both parents by PDF and restarts the 36-month cycle', async () => {
  const res = await call(worker, 'POST', `/api/cases/${a.caseNumber}/reviews/${reviewId}/outcome`, { outcome: 'adjust', outcomeDate: '2026-11-02', reason: 'guideline amount lower after the obligor changed jobs' });
  assert.equal(res.statusCode, 200, res.body);
  const r = res.json();
  assert.equal(r.status, 'completed');
  assert.deepEqual(r.outcome, { outcome: 'adjust', outcomeDate: '2026-11-02', reason: 'guideline amount lower after the obligor changed jobs', onTime: true });
  const outcomeNotices = r.notices.filter((n: { kind: string }) => n.kind === 'review_outcome');
  assert.equal(outcomeNotices.length, 2);
  const pdf = await call(worker, 'GET', `/api/cases/${a.caseNumber}/reviews/${reviewId}/notices/${outcomeNotices[1].noticeId}/pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.match(String(pdf.headers['content-disposition']), /review-\d+-review_outcome-noncustodial_parent\.pdf/);
  assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.equal(createHash('sha256').update(pdf.rawPayload).digest('hex'), outcomeNotices[1].sha256, 'the stored notice is served as generated');
  assert.equal(pdf.rawPayload.length, outcomeNotices[1].bytes);
  const exported = await sys.deps.db.selectFrom('audit_event').selectAll().where('entity_type', '=', 'review_notice').where('action', '=', 'export').execute();
  assert.equal(exported.length, 1);
  assert.deepEqual(exported[0]!.person_ids.map(Number), [a.fatherIds[0]]);
  assert.equal(exported[0]!.purpose, 'review and adjustment');
  const summary = (await call(worker, 'GET', `/api/cases/${a.caseNumber}`)).json();
  const cycles = summary.timeframes.filter((t: { kind: string }) => t.kind === 'review_cycle').map((t: { startDate: string; dueDate: string; metDate: string | null }) => [t.startDate, t.dueDate, t.metDate]);
  assert.deepEqual(cycles, [
    ['2023-10-01', '2026-10-01', '2026-11-02'],
    ['2026-11-02', '2029-11-02', null],
  ]);
  assert.equal(summary.timeframes.find((t: { kind: string }) => t.kind === 'review_completion').metDate, '2026-11-02');
  const again = await call(worker, 'POST', `/api/cases/${a.caseNumber}/reviews/${reviewId}/outcome`, { outcome: 'no_change', outcomeDate: '2026-11-02' });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.code, 'ALREADY_PROCESSED');
});

test('the modified order carries out the review: it supersedes the old one and is linked to the review', async () => {
  const res = await call(
    worker,
    'POST',
    `/api/cases/${a.caseNumber}/establishment/orders`,
    orderBody({ orderNumber: 'DR-2023-0777-M1', enteredDate: '2026-11-02', effectiveDate: '2026-11-01', currentSupport: { amount: '353.40', frequency: 'monthly' }, guideline: { input: GUIDELINE_353_40 }, reviewId }),
  );
  assert.equal(res.statusCode, 201, res.body);
  const orders = (await call(worker, 'GET', `/api/cases/${a.caseNumber}/establishment/orders`)).json().orders;
  assert.deepEqual(orders.map((o: { orderNumber: string; status: string }) => [o.orderNumber, o.status]), [
    ['DR-2023-0777-M1', 'active'],
    ['DR-2023-0777', 'superseded'],
  ]);
  assert.equal(orders[0].supersedesOrderId, orders[1].orderId);
  assert.equal((await review(a.caseNumber, reviewId)).json().resultingOrderId, res.json().orderId);
  const twice = await call(worker, 'POST', `/api/cases/${a.caseNumber}/establishment/orders`, orderBody({ orderNumber: 'X', enteredDate: '2026-11-02', effectiveDate: '2026-11-02', reviewId }));
  assert.equal(twice.statusCode, 400);
  assert.equal(twice.json().error.details[0].path, '/reviewId');
});

test('a difference under the threshold cannot be adjusted; "no change" needs no reason then', async () => {
  const b = await openCase(sys, worker, 2, { allegedFathers: 0 });
  assert.equal((await call(worker, 'POST', `/api/cases/${b.caseNumber}/establishment/orders`, orderBody({ currentSupport: { amount: '360.00', frequency: 'monthly' }, enteredDate: '2026-06-01', effectiveDate: '2026-06-01' }))).statusCode, 201);
  const started = await call(worker, 'POST', `/api/cases/${b.caseNumber}/reviews`, { reason: 'request', requestedBy: 'noncustodial_parent', requestDate: '2026-10-15' });
  assert.equal(started.statusCode, 201, started.body);
  assert.deepEqual(started.json().notices, []);
  const id = started.json().reviewId;
  const compared = (await call(worker, 'POST', `/api/cases/${b.caseNumber}/reviews/${id}/comparison`, { guidelineInput: GUIDELINE_353_40 })).json().comparison;
  assert.equal(compared.percentDifferenceBasisPoints, -183);
  assert.equal(compared.thresholdMet, false);
  const adjust = await call(worker, 'POST', `/api/cases/${b.caseNumber}/reviews/${id}/outcome`, { outcome: 'adjust', outcomeDate: '2026-11-02' });
  assert.equal(adjust.statusCode, 400);
  assert.equal(adjust.json().error.details[0].path, '/outcome');
  const kept = await call(worker, 'POST', `/api/cases/${b.caseNumber}/reviews/${id}/outcome`, { outcome: 'no_change', outcomeDate: '2026-11-02' });
  assert.equal(kept.statusCode, 200, kept.body);
  assert.equal(kept.json().notices.length, 2);
});

test('a withdrawn review needs a reason and does not restart the cycle; a case with no order cannot be reviewed', async () => {
  const c = await openCase(sys, worker, 3, { allegedFathers: 0 });
  const none = await call(worker, 'POST', `/api/cases/${c.caseNumber}/reviews`, { reason: 'request', requestedBy: 'custodial_party', requestDate: '2026-11-02' });
  assert.equal(none.statusCode, 409);
  assert.equal(none.json().error.code, 'CASE_STATE_INVALID');
  assert.equal((await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, orderBody())).statusCode, 201);
  const id = (await call(worker, 'POST', `/api/cases/${c.caseNumber}/reviews`, { reason: 'request', requestedBy: 'custodial_party', requestDate: '2026-11-01' })).json().reviewId;
  const noReason = await call(worker, 'POST', `/api/cases/${c.caseNumber}/reviews/${id}/outcome`, { outcome: 'withdrawn', outcomeDate: '2026-11-02' });
  assert.equal(noReason.statusCode, 400);
  assert.equal(noReason.json().error.details[0].path, '/reason');
  const tooEarly = await call(worker, 'POST', `/api/cases/${c.caseNumber}/reviews/${id}/outcome`, { outcome: 'withdrawn', outcomeDate: '2026-10-31', reason: 'x' });
  assert.equal(tooEarly.statusCode, 400);
  const withdrawn = await call(worker, 'POST', `/api/cases/${c.caseNumber}/reviews/${id}/outcome`, { outcome: 'withdrawn', outcomeDate: '2026-11-02', reason: 'the custodial parent withdrew the request in writing' });
  assert.equal(withdrawn.statusCode, 200, withdrawn.body);
  const cycles = (await call(worker, 'GET', `/api/cases/${c.caseNumber}`)).json().timeframes.filter((t: { kind: string }) => t.kind === 'review_cycle');
  assert.deepEqual(cycles.map((t: { startDate: string; metDate: string | null }) => [t.startDate, t.metDate]), [['2026-10-30', null]]);
});

test('reviews follow the case rules: another office sees nothing, an auditor cannot start one, bad input writes nothing', async () => {
  const before = await Promise.all([countRows(sys, 'order_review'), countRows(sys, 'review_notice')]);
  assert.equal((await call(south, 'GET', `/api/cases/${a.caseNumber}/reviews`)).statusCode, 404);
  assert.equal((await call(south, 'GET', `/api/cases/${a.caseNumber}/reviews/${reviewId}`)).statusCode, 404);
  assert.equal((await call(south, 'GET', `/api/cases/${a.caseNumber}/reviews/${reviewId}/notices/1/pdf`)).statusCode, 404);
  assert.equal((await call(south, 'POST', `/api/cases/${a.caseNumber}/reviews`, { reason: 'request', requestedBy: 'custodial_party', requestDate: '2026-11-02' })).statusCode, 404);
  assert.equal((await call(auditor, 'POST', `/api/cases/${a.caseNumber}/reviews`, { reason: 'request', requestedBy: 'custodial_party', requestDate: '2026-11-02' })).statusCode, 403);
  assert.equal((await call(auditor, 'GET', `/api/cases/${a.caseNumber}/reviews`)).statusCode, 200);
  const bad = await call(worker, 'POST', `/api/cases/${a.caseNumber}/reviews`, { reason: 'whim', requestedBy: 'neighbor', requestDate: '2026-12-01' });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(bad.json().error.details.map((d: { path: string }) => d.path).sort(), ['/reason', '/requestedBy']);
  const future = await call(worker, 'POST', `/api/cases/${a.caseNumber}/reviews`, { reason: 'request', requestedBy: 'custodial_party', requestDate: '2026-12-01' });
  assert.equal(future.statusCode, 400);
  assert.equal(future.json().error.details[0].path, '/requestDate');
  assert.deepEqual(await Promise.all([countRows(sys, 'order_review'), countRows(sys, 'review_notice')]), before);
});
