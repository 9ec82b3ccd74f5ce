import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';

let sys: TestSystem;
let token: string;
let ncpPersonId: number;

const post = (url: string, payload: unknown) => sys.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload: payload as object });
const personCount = async () => Number((await sys.deps.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

before(async () => {
  sys = await createTestSystem();
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  token = await sys.login('worker');
  const first = await post('/api/intakes', sampleIntake({ externalId: 'first' }));
  assert.equal(first.statusCode, 201);
  const summary = (await sys.app.inject({ method: 'GET', url: `/api/cases/${first.json().caseNumber}`, headers: { authorization: `Bearer ${token}` } })).json();
  ncpPersonId = summary.members.find((m: { role: string }) => m.role === 'noncustodial_parent').personId;
});
after(() => sys.close());

const FAMILIES = ['Keisha', 'Alicia', 'Beatrice', 'Carmen', 'Delia', 'Erin', 'Fatima'];
let familyCounter = 0;
/** A new mother and child each time (so only the father can match), with the given father. */
const secondFamily = (ncp: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const k = familyCounter++;
  return {
  kind: 'iv_a_referral',
  sourceSystem: 'tanf',
  receivedDate: '2026-10-28',
  caseType: 'current_assistance',
  officeCode: 'NORTH',
  members: [
    { role: 'custodial_party', person: { firstName: FAMILIES[k]!, lastName: 'Brown', dateOfBirth: `1993-09-1${k}`, ssn: `455-12-343${k}` } },
    { role: 'noncustodial_parent', person: ncp },
    { role: 'child', person: { firstName: 'Jalen', lastName: 'Reyes', dateOfBirth: `2021-01-1${k}` } },
  ],
  ...extra,
  };
};

test('the same SSN proposes the person on file instead of making a second one', async () => {
  const before = await personCount();
  const res = await post('/api/intakes', secondFamily({ firstName: 'Danny', lastName: 'Reyes', dateOfBirth: '1988-07-02', ssn: '318224410' }, { externalId: 'dup-ssn' }));
  assert.equal(res.statusCode, 202, res.body);
  const out = res.json();
  assert.equal(out.status, 'pending_review');
  assert.equal(out.caseNumber, null);
  assert.equal(out.dueDate, '2026-11-17');
  assert.deepEqual(out.proposals, [{ memberIndex: 1, role: 'noncustodial_parent', candidates: [{ personId: ncpPersonId, reason: 'ssn', firstName: 'Daniel', lastName: 'Reyes', dateOfBirth: '1988-07-02', ssnMasked: '***-**-4410' }] }]);
  assert.equal(await personCount(), before, 'no person is created while a match is proposed');
});

test('an SSN match cannot be waved through as a new person', async () => {
  const res = await post('/api/intakes', secondFamily({ firstName: 'Danny', lastName: 'Reyes', ssn: '318-22-4410' }, { externalId: 'dup-ssn-2', confirmNewPersons: [1] }));
  assert.equal(res.statusCode, 202);
  const pending = res.json();
  const wrong = await post(`/api/intakes/${pending.intakeId}/resolve`, { decisions: [{ memberIndex: 1, personId: 'new' }] });
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.json().error.details[0].message, /must be used/);
});

test('a worker resolves the proposal to the person on file and the case opens with that person', async () => {
  const pending = (await sys.app.inject({ method: 'GET', url: '/api/intakes/pending', headers: { authorization: `Bearer ${token}` } })).json();
  const intake = pending.find((p: { externalId: string }) => p.externalId === 'dup-ssn');
  assert.ok(intake);
  const before = await personCount();
  const res = await post(`/api/intakes/${intake.intakeId}/resolve`, { decisions: [{ memberIndex: 1, personId: ncpPersonId }] });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().status, 'opened');
  assert.equal(await personCount(), before + 2, 'only the new custodial party and child are created');
  const again = await post(`/api/intakes/${intake.intakeId}/resolve`, { decisions: [{ memberIndex: 1, personId: ncpPersonId }] });
  assert.equal(again.statusCode, 409);
  const cases = await sys.deps.db.selectFrom('case_member').select('case_id').where('person_id', '=', ncpPersonId).execute();
  assert.equal(cases.length, 2, 'the father is a member of both cases');
});

test('name and date of birth without an SSN propose a match', async () => {
  const res = await post('/api/intakes', secondFamily({ firstName: 'Dan', lastName: 'reyes', dateOfBirth: '1988-07-02' }, { externalId: 'dup-name' }));
  assert.equal(res.statusCode, 202);
  assert.equal(res.json().proposals[0].candidates[0].reason, 'name_dob');
});

test('a worker may confirm a name match as a different person up front', async () => {
  const before = await personCount();
  const res = await post('/api/intakes', secondFamily({ firstName: 'Dan', lastName: 'Reyes', dateOfBirth: '1988-07-02' }, { externalId: 'dup-name-confirmed', confirmNewPersons: [1] }));
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(await personCount(), before + 3, 'mother, child and the confirmed new father');
});

test('a resolve decision must name one of the proposed persons', async () => {
  const res = await post('/api/intakes', secondFamily({ firstName: 'Dan', lastName: 'Reyes', dateOfBirth: '1988-07-02' }, { externalId: 'dup-name-3', members: undefined }));
  assert.equal(res.statusCode, 400, 'members are required');
  const ok = await post('/api/intakes', secondFamily({ firstName: 'Dan', lastName: 'Reyes', dateOfBirth: '1988-07-02' }, { externalId: 'dup-name-4' }));
  assert.equal(ok.statusCode, 202);
  const bad = await post(`/api/intakes/${ok.json().intakeId}/resolve`, { decisions: [{ memberIndex: 1, personId: 999999 }] });
  assert.equal(bad.statusCode, 400);
  const missing = await post(`/api/intakes/${ok.json().intakeId}/resolve`, { decisions: [{ memberIndex: 2, personId: 'new' }] });
  assert.equal(missing.statusCode, 400);
});

test('the duplicate check endpoint answers before intake', async () => {
  const res = await post('/api/persons/matches', { firstName: 'Daniel', lastName: 'Reyes', dateOfBirth: '1988-07-02' });
  assert.equal(res.statusCode, 200);
  assert.ok(res.json().candidates.some((c: { personId: number }) => c.personId === ncpPersonId));
  const none = await post('/api/persons/matches', { firstName: 'Zed', lastName: 'Nobody', dateOfBirth: '1970-01-01' });
  assert.deepEqual(none.json().candidates, []);
});
