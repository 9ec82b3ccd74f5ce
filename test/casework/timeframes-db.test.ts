// The timeframe batch on a database: clocks from the data on file, worklist items for due-soon and overdue
// clocks, escalation to the office supervisor, history, idempotent runs, events and clocks met by workers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';

let sys: TestSystem;
const tokens: Record<string, string> = {};
let caseA: string;
let ncpA: number;
let bossId: number;
let workerId: number;

async function api(user: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return sys.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[user]}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
}
/** Moves the business date; sessions are dated by the clock, so everyone signs in again. */
async function setDate(date: string) {
  sys.clock.set(date);
  for (const u of Object.keys(tokens)) tokens[u] = await sys.login(u);
}
async function run(asOf: string, user = 'adm') {
  await setDate(asOf);
  const res = await api(user, 'POST', '/api/casework/timeframes/run', { asOf });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}
const eventCount = async () => Number((await sql<{ n: number }>`select count(*)::int as n from worklist_event`.execute(sys.deps.db)).rows[0]!.n);
const clocks = async (caseNumber: string, user = 'worker') => (await api(user, 'GET', `/api/cases/${caseNumber}/timeframes`)).json().clocks as Array<{ clockId: number; kind: string; dueDate: string; metDate: string | null; status: string; startDate: string }>;

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  workerId = await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  bossId = await sys.addUser('boss', 'supervisor', { office: 'NORTH' });
  await sys.addUser('sworker', 'caseworker', { office: 'SOUTH' });
  await sys.addUser('adm', 'administrator');
  for (const u of ['worker', 'boss', 'sworker', 'adm']) tokens[u] = await sys.login(u);
  const res = await api('worker', 'POST', '/api/intakes', sampleIntake({ externalId: 'TF-A' }));
  assert.equal(res.statusCode, 201, res.body);
  caseA = res.json().caseNumber;
  const summary = (await api('worker', 'GET', `/api/cases/${caseA}`)).json();
  ncpA = summary.members.find((m: { role: string }) => m.role === 'noncustodial_parent').personId;
});
after(() => sys.close());

test('the batch starts the locate clock (75 days) for a case opened without a located NCP; nothing is due yet', async () => {
  const r = await run('2026-11-02');
  assert.ok(r.started >= 1, JSON.stringify(r));
  assert.equal(r.itemsCreated, 0);
  const list = await clocks(caseA);
  assert.deepEqual(list.map((c) => [c.kind, c.startDate, c.dueDate, c.status]), [
    ['case_opening', '2026-10-20', '2026-11-09', 'met_on_time'],
    ['locate', '2026-11-02', '2027-01-16', 'open'],
  ]);
});

test('a clock due within a week becomes a worklist item for the assigned worker; running again adds nothing', async () => {
  const r = await run('2027-01-10');
  assert.equal(r.itemsCreated, 1);
  const events = await eventCount();
  const again = await run('2027-01-10');
  assert.equal(again.itemsCreated, 0);
  assert.equal(again.started, 0);
  assert.equal(await eventCount(), events, 'no new history either');
  const mine = (await api('worker', 'GET', '/api/worklist')).json();
  assert.equal(mine.items.length, 1);
  const item = mine.items[0];
  assert.equal(item.caseNumber, caseA);
  assert.equal(item.kind, 'timeframe');
  assert.equal(item.alertLevel, 'due_soon');
  assert.equal(item.status, 'open');
  assert.equal(item.dueDate, '2027-01-16');
  assert.equal(item.regulation, '45 CFR 303.3(b)(3)');
  assert.equal(item.assignedTo.userId, workerId);
});

test('an overdue clock is escalated to the office supervisor, once, with its history', async () => {
  const r = await run('2027-01-17');
  assert.equal(r.itemsOverdue, 1);
  assert.equal(r.itemsEscalated, 1);
  const again = await run('2027-01-18');
  assert.equal(again.itemsEscalated, 0);
  assert.equal(again.itemsOverdue, 0);
  const bossView = (await api('boss', 'GET', '/api/worklist?scope=mine')).json();
  assert.equal(bossView.items.length, 1);
  const item = bossView.items[0];
  assert.equal(item.status, 'escalated');
  assert.equal(item.alertLevel, 'overdue');
  assert.equal(item.escalatedTo.userId, bossId);
  assert.equal(item.escalatedDate, '2027-01-17');
  assert.equal(item.daysOverdue, 2);
  const history = (await api('boss', 'GET', `/api/worklist/${item.itemId}/history`)).json();
  assert.deepEqual(history.events.map((e: { event: string; businessDate: string }) => `${e.event}@${e.businessDate}`), ['created@2027-01-10', 'overdue@2027-01-17', 'escalated@2027-01-17']);
  // Other offices do not see it.
  assert.equal((await api('sworker', 'GET', '/api/worklist?scope=office')).json().items.length, 0);
  assert.equal((await api('sworker', 'GET', `/api/worklist/${item.itemId}/history`)).statusCode, 404);
  // A timeframe item is not closed by hand.
  assert.equal((await api('worker', 'POST', `/api/worklist/${item.itemId}/done`, { note: 'done' })).statusCode, 409);
});

test('a verified address meets the locate clock (late), closes the item, and starts the 90-day service/order clock', async () => {
  await setDate('2027-01-20');
  const addr = await api('worker', 'POST', `/api/persons/${ncpA}/addresses`, { line1: '9 Elm St', city: 'Erie', stateCode: 'PA', zip: '16502', verified: true, effectiveDate: '2027-01-20' });
  assert.equal(addr.statusCode, 201, addr.body);
  const r = await run('2027-01-20');
  assert.equal(r.met, 1);
  assert.equal(r.itemsDone, 1);
  const list = await clocks(caseA);
  const locate = list.find((c) => c.kind === 'locate')!;
  assert.equal(locate.metDate, '2027-01-20');
  assert.equal(locate.status, 'met_late');
  const service = list.find((c) => c.kind === 'service_or_order')!;
  assert.deepEqual([service.startDate, service.dueDate, service.status], ['2027-01-20', '2027-04-20', 'open']);
  const done = (await api('boss', 'GET', '/api/worklist?status=done')).json().items;
  assert.equal(done.length, 1);
  assert.equal(done[0].doneDate, '2027-01-20');
  const history = (await api('boss', 'GET', `/api/worklist/${done[0].itemId}/history`)).json();
  assert.equal(history.events.at(-1).event, 'done');
  assert.equal((await api('worker', 'GET', '/api/worklist')).json().items.length, 0, 'nothing left on the worker\'s list');
});

test('a worker records an event that starts a clock and later records the clock met; the item closes', async () => {
  const bad = await api('worker', 'POST', `/api/cases/${caseA}/timeframes/events`, { event: 'locate_needed', date: '2027-01-20' });
  assert.equal(bad.statusCode, 400);
  const res = await api('worker', 'POST', `/api/cases/${caseA}/timeframes/events`, { event: 'delinquency_found', date: '2027-01-20', note: 'two months unpaid' });
  assert.equal(res.statusCode, 201, res.body);
  const started = res.json().started;
  assert.deepEqual(started.map((s: { kind: string; dueDate: string }) => [s.kind, s.dueDate]), [['enforcement_action', '2027-02-19']]);
  const twice = (await api('worker', 'POST', `/api/cases/${caseA}/timeframes/events`, { event: 'delinquency_found', date: '2027-01-20' })).json();
  assert.deepEqual(twice, { started: [], alreadyStarted: ['enforcement_action'] });
  await run('2027-02-14');
  const item = (await api('worker', 'GET', '/api/worklist')).json().items.find((i: { clockId: number }) => i.clockId === started[0].clockId);
  assert.ok(item, 'due soon on the worklist');
  await setDate('2027-02-15');
  const met = await api('worker', 'POST', `/api/cases/${caseA}/timeframes/${started[0].clockId}/met`, { date: '2027-02-15', note: 'license suspension notice sent' });
  assert.equal(met.statusCode, 200, met.body);
  assert.equal(met.json().status, 'met_on_time');
  assert.equal((await api('worker', 'POST', `/api/cases/${caseA}/timeframes/${started[0].clockId}/met`, { date: '2027-02-15', note: 'again' })).statusCode, 409);
  const after = (await api('worker', 'GET', '/api/worklist?status=done')).json().items.find((i: { clockId: number }) => i.clockId === started[0].clockId);
  assert.equal(after.status, 'done');
  assert.match(after.doneNote, /license suspension/);
});

test('with no active supervisor in the office an overdue item stays open and its history says so once', async () => {
  await setDate('2026-11-02');
  const res = await api('sworker', 'POST', '/api/intakes', sampleIntake({ externalId: 'TF-S', officeCode: 'SOUTH' }, { cpFirst: 'Ana', cpLast: 'South', cpSsn: '212-45-7001', ncpSsn: '318-22-7002', ncpFirst: 'Sam', ncpLast: 'South', childFirst: 'Sia' }));
  assert.equal(res.statusCode, 201, res.body);
  await run('2026-11-03');
  const r = await run('2027-01-25');
  assert.equal(r.itemsNotEscalated, 1);
  assert.equal((await run('2027-01-26')).itemsNotEscalated, 0);
  const items = (await api('sworker', 'GET', '/api/worklist')).json().items;
  assert.equal(items.length, 1);
  assert.equal(items[0].status, 'open');
  assert.equal(items[0].alertLevel, 'overdue');
  const history = (await api('sworker', 'GET', `/api/worklist/${items[0].itemId}/history`)).json();
  assert.deepEqual(history.events.map((e: { event: string }) => e.event), ['created', 'not_escalated']);
});

test('an intake waiting for a duplicate decision gets an office item for its 20-day opening clock', async () => {
  await setDate('2027-02-01');
  const dup = sampleIntake({ externalId: 'TF-DUP', receivedDate: '2027-01-10' }, { cpSsn: '212-45-7101', ncpSsn: '318-22-7102', childFirst: 'Lia' });
  // The same noncustodial parent by name and birth date, without an SSN: a worker must decide.
  const members = (dup.members as Array<{ role: string; person: Record<string, unknown> }>).map((m) => (m.role === 'noncustodial_parent' ? { ...m, person: { ...m.person, ssn: undefined } } : m));
  const res = await api('worker', 'POST', '/api/intakes', { ...dup, members: members.map((m) => ({ ...m, person: Object.fromEntries(Object.entries(m.person).filter(([, v]) => v !== undefined)) })) });
  assert.equal(res.statusCode, 202, res.body);
  const r = await run('2027-01-25');
  assert.ok(r.itemsCreated >= 1);
  const office = (await api('boss', 'GET', '/api/worklist?scope=office')).json().items.filter((i: { intakeId: number | null; caseNumber: string | null }) => i.intakeId !== null && i.caseNumber === null);
  assert.equal(office.length, 1);
  assert.equal(office[0].dueDate, '2027-01-30');
  assert.equal(office[0].assignedTo, null);
  assert.match(office[0].title, /duplicate decision/);
});

test('only supervisors (own office) and administrators run the batch', async () => {
  const res = await api('worker', 'POST', '/api/casework/timeframes/run', { asOf: '2027-02-01' });
  assert.equal(res.statusCode, 403);
  const own = await api('boss', 'POST', '/api/casework/timeframes/run', { asOf: '2027-02-01' });
  assert.equal(own.statusCode, 200, own.body);
  assert.equal(own.json().officeId, sys.offices.NORTH);
  assert.equal((await api('boss', 'POST', '/api/casework/timeframes/run', { asOf: '2027-02-01', officeCode: 'SOUTH' })).statusCode, 403);
  assert.equal((await api('adm', 'POST', '/api/casework/timeframes/run', { asOf: '2027-02-30' })).statusCode, 400);
});

test('timeframe compliance by kind for charts', async () => {
  await setDate('2027-02-01');
  await sys.addUser('aud', 'auditor');
  tokens.aud = await sys.login('aud');
  const res = await api('aud', 'GET', '/api/reports/timeframes?from=2026-11-01&to=2027-03-31');
  assert.equal(res.statusCode, 200, res.body);
  const kinds = Object.fromEntries(res.json().kinds.map((k: { kind: string }) => [k.kind, k]));
  assert.equal(kinds.locate.metLate, 1);
  assert.equal(kinds.locate.overdue, 1, 'the SOUTH case is still unlocated');
  assert.equal(kinds.enforcement_action.metOnTime, 1);
  assert.equal(kinds.case_opening.metOnTime, 2);
  assert.equal((await api('worker', 'GET', '/api/reports/timeframes?from=2026-11-01&to=2027-03-31')).statusCode, 403);
});
