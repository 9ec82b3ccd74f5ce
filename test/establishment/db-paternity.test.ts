import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';
import { caller, countRows, openCase, orderBody } from './fixtures.ts';

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
  worker = await sys.login('worker');
  south = await sys.login('south');
  auditor = await sys.login('auditor');
  call = caller(sys);
});
after(() => sys.close());

const childOf = async (caseNumber: string, token = worker) => {
  const res = await call(token, 'GET', `/api/cases/${caseNumber}/paternity`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().children[0];
};
const member = async (caseNumber: string, personId: number) => (await call(worker, 'GET', `/api/cases/${caseNumber}`)).json().members.find((m: { personId: number }) => m.personId === personId);

test('a voluntary acknowledgment establishes paternity on the later signature and sets the child flag for PEP', async () => {
  const c = await openCase(sys, worker, 1);
  const res = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/acknowledgments`, {
    childPersonId: c.childId,
    allegedFatherPersonId: c.fatherIds[0],
    motherSignedDate: '2026-10-21',
    fatherSignedDate: '2026-10-23',
    signingSite: 'iv_d_agency',
    formNumber: 'AOP-778812',
    filedDate: '2026-10-26',
  });
  assert.equal(res.statusCode, 201, res.body);
  const record = res.json();
  assert.equal(record.status, 'established');
  assert.equal(record.method, 'acknowledgment');
  assert.equal(record.establishedDate, '2026-10-23');
  assert.equal(record.acknowledgments[0].signedDate, '2026-10-23');
  assert.equal(record.acknowledgments[0].rescissionDeadline, '2026-12-22', '60 days (42 USC 666(a)(5)(D)(ii))');
  assert.equal(record.acknowledgments[0].policyId, 'establishment-2017');
  const child = await childOf(c.caseNumber);
  assert.equal(child.bornOutOfWedlock, true);
  assert.equal(child.paternityEstablished, true);
  assert.equal((await member(c.caseNumber, c.childId)).paternityEstablished, true, 'case_member.paternity_established, as the case summary and reports see it');
  const audits = await sys.deps.db.selectFrom('audit_event').selectAll().where('entity_type', '=', 'paternity_acknowledgment').execute();
  assert.equal(audits.length, 1);
  assert.equal(audits[0]!.purpose, 'paternity establishment');
  assert.deepEqual(audits[0]!.person_ids.map(Number).sort(), [c.childId, c.fatherIds[0]].sort());

  // A second acknowledgment for the same child and man is refused: paternity is already established.
  const again = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/acknowledgments`, { childPersonId: c.childId, allegedFatherPersonId: c.fatherIds[0], motherSignedDate: '2026-10-30', fatherSignedDate: '2026-10-30', signingSite: 'other' });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.code, 'CASE_STATE_INVALID');
});

test('an acknowledgment rescinded within 60 days no longer establishes paternity; late or repeated rescissions are refused', async () => {
  const c = await openCase(sys, worker, 2);
  const ack = (await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/acknowledgments`, { childPersonId: c.childId, allegedFatherPersonId: c.fatherIds[0], motherSignedDate: '2026-10-01', fatherSignedDate: '2026-10-01', signingSite: 'hospital' })).json();
  const ackId = ack.acknowledgments[0].acknowledgmentId;
  const res = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/acknowledgments/${ackId}/rescind`, { rescindedDate: '2026-11-01', rescindedBy: 'father' });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().status, 'rescinded');
  assert.equal(res.json().establishedDate, null);
  assert.equal(res.json().acknowledgments[0].rescindedBy, 'father');
  assert.equal((await childOf(c.caseNumber)).paternityEstablished, false);
  const twice = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/acknowledgments/${ackId}/rescind`, { rescindedDate: '2026-11-02', rescindedBy: 'mother' });
  assert.equal(twice.statusCode, 409);
  assert.equal(twice.json().error.code, 'ALREADY_PROCESSED');

  // Another case: signed in August, the 60 days ended on 2026-10-14.
  const late = await openCase(sys, worker, 3);
  const lateAck = (await call(worker, 'POST', `/api/cases/${late.caseNumber}/paternity/acknowledgments`, { childPersonId: late.childId, allegedFatherPersonId: late.fatherIds[0], motherSignedDate: '2026-08-15', fatherSignedDate: '2026-08-10', signingSite: 'hospital' })).json();
  assert.equal(lateAck.acknowledgments[0].rescissionDeadline, '2026-10-14');
  const refused = await call(worker, 'POST', `/api/cases/${late.caseNumber}/paternity/acknowledgments/${lateAck.acknowledgments[0].acknowledgmentId}/rescind`, { rescindedDate: '2026-10-20', rescindedBy: 'father' });
  assert.equal(refused.statusCode, 409);
  assert.match(refused.json().error.message, /rescission period ended on 2026-10-14/);
  assert.equal((await childOf(late.caseNumber)).paternityEstablished, true);
});

test('a support order on the case ends the rescission period early (a proceeding relating to the child)', async () => {
  const c = await openCase(sys, worker, 4);
  const ack = (await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/acknowledgments`, { childPersonId: c.childId, allegedFatherPersonId: c.fatherIds[0], motherSignedDate: '2026-10-20', fatherSignedDate: '2026-10-20', signingSite: 'iv_d_agency' })).json();
  const order = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, orderBody({ enteredDate: '2026-10-28' }));
  assert.equal(order.statusCode, 201, order.body);
  const res = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/acknowledgments/${ack.acknowledgments[0].acknowledgmentId}/rescind`, { rescindedDate: '2026-11-02', rescindedBy: 'father' });
  assert.equal(res.statusCode, 409);
  assert.match(res.json().error.message, /support order entered 2026-10-28/);
});

test('a genetic test at or above 99% establishes paternity; one test is scheduled at a time', async () => {
  const c = await openCase(sys, worker, 5);
  const scheduled = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/genetic-tests`, { childPersonId: c.childId, allegedFatherPersonId: c.fatherIds[0], appointmentDate: '2026-11-09', labName: 'Keystone DNA Diagnostics', labCaseNumber: 'KD-4471' });
  assert.equal(scheduled.statusCode, 201, scheduled.body);
  const test1 = scheduled.json().geneticTests[0];
  assert.equal(test1.status, 'scheduled');
  assert.equal(test1.orderedDate, '2026-11-02');
  assert.equal(scheduled.json().status, 'pending');
  const second = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/genetic-tests`, { childPersonId: c.childId, allegedFatherPersonId: c.fatherIds[0], appointmentDate: '2026-11-10', labName: 'Other Lab' });
  assert.equal(second.statusCode, 409);
  assert.equal(second.json().error.code, 'CONFLICT');

  sys.clock.set('2026-11-20');
  try {
    const worker = await sys.login('worker'); // sessions do not outlive a jump of the clock
    const result = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/genetic-tests/${test1.testId}/result`, { resultDate: '2026-11-19', probability: '99.9998', fatherSampleDate: '2026-11-09', childSampleDate: '2026-11-09', motherSampleDate: '2026-11-09' });
    assert.equal(result.statusCode, 200, result.body);
    const r = result.json();
    assert.equal(r.status, 'established');
    assert.equal(r.method, 'genetic_test');
    assert.equal(r.establishedDate, '2026-11-19');
    assert.equal(r.geneticTests[0].outcome, 'included');
    assert.equal(r.geneticTests[0].probabilityBasisPoints, 9999);
    assert.equal(r.geneticTests[0].probabilityReported, '99.9998');
    assert.equal(r.geneticTests[0].thresholdBasisPoints, 9900);
    assert.equal((await childOf(c.caseNumber, worker)).paternityEstablished, true);
    const again = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/genetic-tests/${test1.testId}/result`, { resultDate: '2026-11-19', probability: '0', fatherSampleDate: '2026-11-09', childSampleDate: '2026-11-09' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'ALREADY_PROCESSED');
  } finally {
    sys.clock.set('2026-11-02');
  }
});

test('a result below the threshold excludes the man: he leaves the case, and the other alleged father can be included', async () => {
  const c = await openCase(sys, worker, 6, { allegedFathers: 2 });
  const [first, second] = c.fatherIds as [number, number];
  const schedule = async (father: number) =>
    (await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/genetic-tests`, { childPersonId: c.childId, allegedFatherPersonId: father, appointmentDate: '2026-11-02', labName: 'Keystone DNA Diagnostics' })).json().geneticTests[0].testId as number;
  const t1 = await schedule(first);
  const t2 = await schedule(second);
  const excluded = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/genetic-tests/${t1}/result`, { resultDate: '2026-11-02', probability: '98.999', fatherSampleDate: '2026-11-02', childSampleDate: '2026-11-02' });
  assert.equal(excluded.statusCode, 200, excluded.body);
  assert.equal(excluded.json().status, 'excluded');
  assert.equal(excluded.json().excludedDate, '2026-11-02');
  assert.equal(excluded.json().geneticTests[0].probabilityBasisPoints, 9899, 'rounded down, never lifted over the threshold');
  assert.equal(excluded.json().geneticTests[0].outcome, 'excluded');
  assert.equal((await member(c.caseNumber, first)).endDate, '2026-11-02', 'the excluded alleged father is no longer on the case');
  assert.equal((await childOf(c.caseNumber)).paternityEstablished, null, 'still not established');
  // An order cannot be entered against the remaining alleged father until his paternity is established.
  const early = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, orderBody());
  assert.equal(early.statusCode, 409);
  assert.match(early.json().error.message, /paternity is not established for alleged father/);
  const included = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/genetic-tests/${t2}/result`, { resultDate: '2026-11-02', probability: '99', fatherSampleDate: '2026-11-02', childSampleDate: '2026-11-02' });
  assert.equal(included.json().status, 'established', 'exactly 99% meets the threshold');
  const order = await call(worker, 'POST', `/api/cases/${c.caseNumber}/establishment/orders`, orderBody());
  assert.equal(order.statusCode, 201, order.body);
  assert.equal(order.json().obligorPersonId, second);
  // The excluded man has left the case, so an acknowledgment naming him is refused.
  const ack = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/acknowledgments`, { childPersonId: c.childId, allegedFatherPersonId: first, motherSignedDate: '2026-11-01', fatherSignedDate: '2026-11-01', signingSite: 'other' });
  assert.equal(ack.statusCode, 400, 'he is no longer a member of the case');
});

test('paternity by court order or default order; a second man cannot be established for the same child', async () => {
  const c = await openCase(sys, worker, 7, { allegedFathers: 2 });
  const res = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/adjudications`, { childPersonId: c.childId, allegedFatherPersonId: c.fatherIds[0], kind: 'default_order', orderDate: '2026-10-29', orderNumber: 'PAT-2026-118', tribunal: 'Erie County Court of Common Pleas' });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().status, 'established');
  assert.equal(res.json().method, 'default_order');
  assert.equal(res.json().adjudicationOrderNumber, 'PAT-2026-118');
  const other = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/acknowledgments`, { childPersonId: c.childId, allegedFatherPersonId: c.fatherIds[1], motherSignedDate: '2026-10-30', fatherSignedDate: '2026-10-30', signingSite: 'other' });
  assert.equal(other.statusCode, 409);
  assert.equal(other.json().error.code, 'CONFLICT');
  const view = (await childOf(c.caseNumber)).records;
  assert.deepEqual(view.map((r: { status: string }) => r.status), ['established'], 'the refused acknowledgment left nothing behind');
  assert.equal(view[0].allegedFather.firstName, 'Aaron');
});

test('a scheduled test can be recorded as a no-show, and a new one scheduled', async () => {
  const c = await openCase(sys, worker, 8);
  const t = (await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/genetic-tests`, { childPersonId: c.childId, allegedFatherPersonId: c.fatherIds[0], appointmentDate: '2026-11-02', labName: 'Lab' })).json().geneticTests[0].testId;
  const closed = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/genetic-tests/${t}/close`, { status: 'no_show', date: '2026-11-02' });
  assert.equal(closed.statusCode, 200, closed.body);
  assert.equal(closed.json().geneticTests[0].status, 'no_show');
  const again = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/genetic-tests`, { childPersonId: c.childId, allegedFatherPersonId: c.fatherIds[0], appointmentDate: '2026-11-16', labName: 'Lab' });
  assert.equal(again.statusCode, 201);
  assert.deepEqual(again.json().geneticTests.map((g: { status: string }) => g.status), ['no_show', 'scheduled']);
});

test('another office cannot see or change the case; an auditor may read but not write', async () => {
  const c = await openCase(sys, worker, 9);
  const before = await countRows(sys, 'paternity');
  assert.equal((await call(south, 'GET', `/api/cases/${c.caseNumber}/paternity`)).statusCode, 404);
  const body = { childPersonId: c.childId, allegedFatherPersonId: c.fatherIds[0], motherSignedDate: '2026-10-30', fatherSignedDate: '2026-10-30', signingSite: 'other' };
  const foreign = await call(south, 'POST', `/api/cases/${c.caseNumber}/paternity/acknowledgments`, body);
  assert.equal(foreign.statusCode, 404);
  assert.equal(foreign.json().error.code, 'NOT_FOUND');
  assert.equal((await call(auditor, 'GET', `/api/cases/${c.caseNumber}/paternity`)).statusCode, 200);
  const audited = await call(auditor, 'POST', `/api/cases/${c.caseNumber}/paternity/acknowledgments`, body);
  assert.equal(audited.statusCode, 403);
  assert.equal(await countRows(sys, 'paternity'), before);
  const refused = await sys.deps.db.selectFrom('audit_event').select(['detail']).where('action', '=', 'access_denied').where('entity_type', '=', 'case').where('entity_id', '=', c.caseNumber).where('actor_username', '=', 'south').where(sql<boolean>`detail->>'route' = 'GET /api/cases/:caseNumber/paternity'`).execute();
  assert.equal(refused.length, 1, 'the refused read is audited');
});

test('bad input gets one structured error with every problem, and nothing is written', async () => {
  const c = await openCase(sys, worker, 10);
  const before = await Promise.all([countRows(sys, 'paternity'), countRows(sys, 'paternity_acknowledgment'), countRows(sys, 'genetic_test')]);
  const future = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/acknowledgments`, { childPersonId: c.childId, allegedFatherPersonId: c.fatherIds[0], motherSignedDate: '2026-12-01', fatherSignedDate: '2026-10-01', signingSite: 'hospital', filedDate: '2026-09-01' });
  assert.equal(future.statusCode, 400);
  assert.deepEqual(future.json().error.details.map((d: { path: string }) => d.path).sort(), ['/filedDate', '/motherSignedDate']);
  const wrongPeople = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/acknowledgments`, { childPersonId: c.motherId, allegedFatherPersonId: c.childId, motherSignedDate: '2026-10-01', fatherSignedDate: '2026-10-01', signingSite: 'hospital' });
  assert.equal(wrongPeople.statusCode, 400);
  assert.deepEqual(wrongPeople.json().error.details.map((d: { path: string }) => d.path), ['/childPersonId', '/allegedFatherPersonId']);
  const shape = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/genetic-tests`, { childPersonId: 'x', appointmentDate: '2026-13-01', labName: '', extra: 1 });
  assert.equal(shape.statusCode, 400);
  const paths = shape.json().error.details.map((d: { path: string }) => d.path);
  for (const p of ['/childPersonId', '/allegedFatherPersonId', '/appointmentDate', '/labName', '/extra']) assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
  const past = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/genetic-tests`, { childPersonId: c.childId, allegedFatherPersonId: c.fatherIds[0], appointmentDate: '2026-10-01', labName: 'Lab' });
  assert.equal(past.statusCode, 400);
  const t = (await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/genetic-tests`, { childPersonId: c.childId, allegedFatherPersonId: c.fatherIds[0], appointmentDate: '2026-11-02', labName: 'Lab' })).json().geneticTests[0].testId;
  const badResult = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/genetic-tests/${t}/result`, { resultDate: '2026-11-02', probability: '100.5', fatherSampleDate: '2026-11-03', childSampleDate: '2026-10-01' });
  assert.equal(badResult.statusCode, 400);
  assert.deepEqual(badResult.json().error.details.map((d: { path: string }) => d.path), ['/probability', '/fatherSampleDate']);
  const beforeOrdered = await call(worker, 'POST', `/api/cases/${c.caseNumber}/paternity/genetic-tests/${t}/result`, { resultDate: '2026-11-02', probability: '99.5', fatherSampleDate: '2026-11-02', childSampleDate: '2026-10-01' });
  assert.equal(beforeOrdered.statusCode, 400);
  assert.deepEqual(beforeOrdered.json().error.details.map((d: { path: string }) => d.path), ['/childSampleDate']);
  const after = await Promise.all([countRows(sys, 'paternity'), countRows(sys, 'paternity_acknowledgment'), countRows(sys, 'genetic_test')]);
  assert.deepEqual(after, [before[0] + 1, before[1], before[2] + 1], 'only the one valid scheduling was written');
  const unresulted = (await childOf(c.caseNumber)).records[0].geneticTests[0];
  assert.equal(unresulted.status, 'scheduled');
});
