import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';

let sys: TestSystem;
let token: string;

const post = (url: string, payload: unknown, t = token) => sys.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${t}` }, payload: payload as object });
const get = (url: string, t = token) => sys.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t}` } });
const count = async (table: 'person' | 'iv_d_case' | 'intake' | 'case_member') =>
  Number((await sys.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('worker2', 'caseworker', { office: 'NORTH' });
  token = await sys.login('worker');
});
after(() => sys.close());

test('an application opens a case with its members and the 20-day opening timeframe', async () => {
  const res = await post('/api/intakes', sampleIntake({ externalId: 'APP-1', sourceSystem: 'web' }));
  assert.equal(res.statusCode, 201, res.body);
  const out = res.json();
  assert.equal(out.status, 'opened');
  assert.equal(out.receivedDate, '2026-10-20');
  assert.equal(out.dueDate, '2026-11-09');
  assert.match(out.caseNumber, /^CS\d{8}$/);
  const summary = (await get(`/api/cases/${out.caseNumber}`)).json();
  assert.equal(summary.caseType, 'never_assistance');
  assert.equal(summary.openedDate, '2026-11-02');
  assert.equal(summary.openDueDate, '2026-11-09');
  assert.equal(summary.openedOnTime, true);
  assert.deepEqual(summary.members.map((m: { role: string }) => m.role), ['custodial_party', 'noncustodial_parent', 'child']);
  assert.equal(summary.members[2].bornOutOfWedlock, true);
  assert.deepEqual(summary.timeframes, [{ kind: 'case_opening', regulation: '45 CFR 303.2(b)', startDate: '2026-10-20', dueDate: '2026-11-09', metDate: '2026-11-02' }]);
  assert.ok(summary.assignedWorker, 'the case is assigned to a caseworker of the office');
  const person = (await get(`/api/persons/${summary.members[1].personId}`)).json();
  assert.equal(person.employment[0].employerName, 'Keystone Logistics LLC');
  assert.equal(person.employment[0].fein, '231234567');
});

test('a case opened after the 20 days is recorded as late', async () => {
  const res = await post('/api/intakes', sampleIntake({ receivedDate: '2026-09-01', externalId: 'APP-LATE' }, { cpFirst: 'Lara', cpLast: 'Late', cpSsn: '212-45-0001', ncpSsn: '318-22-9999', ncpLast: 'Tardy', ncpFirst: 'Tim', childFirst: 'Tia' }));
  assert.equal(res.statusCode, 201, res.body);
  const summary = (await get(`/api/cases/${res.json().caseNumber}`)).json();
  assert.equal(summary.openDueDate, '2026-09-21');
  assert.equal(summary.openedOnTime, false);
});

test('the same referral id from the same source is taken once', async () => {
  const before = await count('iv_d_case');
  const res = await post('/api/intakes', sampleIntake({ externalId: 'APP-1', sourceSystem: 'web' }));
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().alreadyReceived, true);
  assert.equal(await count('iv_d_case'), before);
});

test('bad input gets one structured error listing every problem, and nothing is written', async () => {
  const [persons, cases, intakes] = [await count('person'), await count('iv_d_case'), await count('intake')];
  const res = await post('/api/intakes', {
    kind: 'application',
    receivedDate: '2026-02-30',
    caseType: 'foster',
    members: [{ role: 'child', person: { firstName: 'A', lastName: 'B', ssn: '12-3' } }],
    extra: 1,
  });
  assert.equal(res.statusCode, 400);
  const body = res.json();
  assert.equal(body.error.code, 'VALIDATION_FAILED');
  const paths = body.error.details.map((d: { path: string }) => d.path);
  for (const p of ['/receivedDate', '/caseType', '/members/0/person/ssn', '/extra']) assert.ok(paths.includes(p), `${p} in ${paths}`);
  assert.deepEqual([await count('person'), await count('iv_d_case'), await count('intake')], [persons, cases, intakes]);
});

test('business rules are checked after the shape: children, custodial party, case type, dates, SSN validity', async () => {
  const res = await post('/api/intakes', {
    kind: 'iv_a_referral',
    receivedDate: '2026-12-01',
    caseType: 'never_assistance',
    officeCode: 'NORTH',
    members: [
      { role: 'noncustodial_parent', person: { firstName: 'Joe', lastName: 'Doe', ssn: '666-12-3456' } },
      { role: 'noncustodial_parent', person: { firstName: 'Jim', lastName: 'Doe' }, bornOutOfWedlock: true },
    ],
  });
  assert.equal(res.statusCode, 400);
  const messages = res.json().error.details.map((d: { path: string; message: string }) => `${d.path} ${d.message}`);
  const expected = ['/receivedDate cannot be in the future', '/caseType a iv_a_referral opens a case of type current_assistance', '/members a case needs at least one child', '/members a case needs a custodial party', '/members a case has at most one noncustodial parent', '/members/0/person/ssn area number 666 is never issued', '/members/1/bornOutOfWedlock applies to children only'];
  for (const e of expected) assert.ok(messages.some((m: string) => m.startsWith(e)), `${e} in ${messages.join(' | ')}`);
});

test('an interstate referral is received as the responding state with the other state named', async () => {
  const res = await post(
    '/api/intakes',
    sampleIntake(
      { kind: 'interstate_referral', caseType: 'former_assistance', externalId: 'NJ-1', sourceSystem: 'csenet', interstate: { role: 'responding', otherJurisdictionFips: '34', otherJurisdictionCaseId: 'NJ998877' } },
      { cpFirst: 'Jo', cpLast: 'Jersey', cpSsn: '212-45-0002', ncpSsn: '318-77-1234', ncpLast: 'Shore', ncpFirst: 'Sam', childFirst: 'Sky' },
    ),
  );
  assert.equal(res.statusCode, 201, res.body);
  const summary = (await get(`/api/cases/${res.json().caseNumber}`)).json();
  assert.equal(summary.interstateRole, 'responding');
  assert.equal(summary.otherJurisdictionFips, '34');
  assert.equal(summary.intakeSource, 'interstate_referral');
  const wrong = await post('/api/intakes', sampleIntake({ kind: 'interstate_referral', externalId: 'NJ-2' }));
  assert.equal(wrong.statusCode, 400);
});

test('IV-E foster care referrals open without a custodial party', async () => {
  const res = await post('/api/intakes', {
    kind: 'iv_e_referral',
    receivedDate: '2026-10-30',
    caseType: 'iv_e_foster_care',
    officeCode: 'NORTH',
    externalId: 'FC-1',
    sourceSystem: 'iv-e',
    members: [
      { role: 'noncustodial_parent', person: { firstName: 'Rita', lastName: 'Vance', dateOfBirth: '1992-02-02', ssn: '412-55-6677' } },
      { role: 'child', person: { firstName: 'Leo', lastName: 'Vance', dateOfBirth: '2018-08-08' } },
    ],
  });
  assert.equal(res.statusCode, 201, res.body);
});

test('case search finds cases by number, name and SSN last four', async () => {
  const byName = (await get('/api/cases?lastName=rey')).json();
  assert.ok(byName.total >= 1);
  const first = byName.items[0];
  assert.equal(first.noncustodialParent, 'Daniel Reyes');
  const bySsn = (await get('/api/cases?ssnLast4=4410')).json();
  assert.deepEqual(bySsn.items.map((i: { caseNumber: string }) => i.caseNumber), [first.caseNumber]);
  const byNumber = (await get(`/api/cases?caseNumber=${first.caseNumber.toLowerCase()}`)).json();
  assert.equal(byNumber.total, 1);
  const bad = await get('/api/cases?ssnLast4=12');
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.details[0].path, '?/ssnLast4');
});

test('new cases go to the caseworker with the fewest open cases', async () => {
  const rows = await sys.deps.db.selectFrom('iv_d_case').select(['assigned_worker_id']).execute();
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.assigned_worker_id!, (counts.get(r.assigned_worker_id!) ?? 0) + 1);
  const values = [...counts.values()];
  assert.ok(Math.max(...values) - Math.min(...values) <= 1, JSON.stringify([...counts]));
});

test('a worker records address history and employers; the earlier address ends the day before', async () => {
  const summary = (await get('/api/cases?lastName=Reyes')).json();
  const caseNumber = summary.items[0].caseNumber;
  const ncp = (await get(`/api/cases/${caseNumber}`)).json().members.find((m: { role: string }) => m.role === 'noncustodial_parent');
  const a1 = await post(`/api/persons/${ncp.personId}/addresses`, { line1: '1 First St', city: 'Erie', stateCode: 'pa', zip: '16501', effectiveDate: '2026-06-01' });
  assert.equal(a1.statusCode, 201, a1.body);
  const a2 = await post(`/api/persons/${ncp.personId}/addresses`, { line1: '2 Second St', city: 'Erie', stateCode: 'PA', zip: '16502-1234', effectiveDate: '2026-10-15', verified: true });
  assert.equal(a2.statusCode, 201);
  const future = await post(`/api/persons/${ncp.personId}/addresses`, { line1: '3 Third St', city: 'Erie', stateCode: 'PA', zip: '16503', effectiveDate: '2027-01-01' });
  assert.equal(future.statusCode, 400);
  const badZip = await post(`/api/persons/${ncp.personId}/addresses`, { line1: '3 Third St', city: 'Erie', stateCode: 'PA', zip: '1650' });
  assert.equal(badZip.statusCode, 400);
  const person = (await get(`/api/persons/${ncp.personId}`)).json();
  assert.deepEqual(
    person.addresses.map((a: { line1: string; effectiveFrom: string; effectiveTo: string | null; verification: string }) => [a.line1, a.effectiveFrom, a.effectiveTo, a.verification]),
    [
      ['2 Second St', '2026-10-15', null, 'verified'],
      ['1 First St', '2026-06-01', '2026-10-14', 'unverified'],
    ],
  );
  const emp = await post(`/api/persons/${ncp.personId}/employers`, { name: 'Keystone Logistics LLC', fein: '231234567', startDate: '2026-09-01' });
  assert.equal(emp.statusCode, 201);
  const employers = await sys.deps.db.selectFrom('employer').select('id').where('fein', '=', '231234567').execute();
  assert.equal(employers.length, 1, 'the employer registry keeps one record per FEIN and name');
  const alias = await post(`/api/persons/${ncp.personId}/aliases`, { firstName: 'Danny', lastName: 'Reyes-Cruz', kind: 'alias' });
  assert.equal(alias.statusCode, 201);
});
