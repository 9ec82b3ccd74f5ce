// The access-control findings of issue 15, each reproduced and refused: administration across programs,
// files served to any caseworker, intake across the office boundary, the audit log and user and office
// lists, the withholding split, sign-in throttling, cross-site requests, disabling and resetting users.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildScopeWorld, type ScopeWorld } from './scope-fixture.ts';
import { sampleIntake } from '../helpers/system.ts';
import { passwordProblem, setSecurityClockForTests } from '../../src/security/users.ts';

let w: ScopeWorld;
let tribeAdmin: string;

before(async () => {
  w = await buildScopeWorld();
  tribeAdmin = await w.sys.login('b.administrator');
});
after(async () => {
  setSecurityClockForTests(() => new Date());
  await w.sys.close();
});

test("a program's administrator creates users of that program only", async () => {
  const base = { displayName: 'New user', password: 'a-long-fresh-passphrase-9' };
  // Another program's office, and a parent bound to another program's person: refused.
  const office = await w.call(tribeAdmin, 'POST', '/api/users', { ...base, username: 'b.north', role: 'caseworker', officeCode: 'NORTH' });
  assert.equal(office.statusCode, 400, office.body);
  assert.match(office.body, /no office NORTH/);
  const parent = await w.call(tribeAdmin, 'POST', '/api/users', { ...base, username: 'b.parent.of.a', role: 'parent', personId: w.home.cpPersonId });
  assert.equal(parent.statusCode, 400, parent.body);
  const child = await w.call(tribeAdmin, 'POST', '/api/users', { ...base, username: 'b.parent.child', role: 'parent', personId: (await w.sys.deps.db.selectFrom('case_member').select('person_id').where('case_id', '=', w.tribe.caseId).where('role', '=', 'child').executeTakeFirstOrThrow()).person_id });
  assert.equal(child.statusCode, 400, 'a child is no parent user');
  const program = await w.call(tribeAdmin, 'POST', '/api/users', { ...base, username: 'b.x', role: 'auditor', programCode: 'STATE' });
  assert.equal(program.statusCode, 400, program.body);
  const install = await w.call(tribeAdmin, 'POST', '/api/users', { ...base, username: 'b.root', role: 'administrator', installAdmin: true });
  assert.equal(install.statusCode, 403);
  // Its own office and parent: made, and confined to program B.
  const own = await w.call(tribeAdmin, 'POST', '/api/users', { ...base, username: 'b.worker2', role: 'caseworker', officeCode: 'BOFF' });
  assert.equal(own.statusCode, 201, own.body);
  const ownParent = await w.call(tribeAdmin, 'POST', '/api/users', { ...base, username: 'b.parent', role: 'parent', personId: w.tribe.cpPersonId });
  assert.equal(ownParent.statusCode, 201, ownParent.body);
  const res = await w.sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'b.worker2', password: base.password } });
  const token = res.json().token as string;
  assert.equal((await w.call(token, 'GET', `/api/persons/${w.home.cpPersonId}`)).statusCode, 404);
  assert.equal((await w.call(token, 'GET', `/api/cases/${w.tribe.caseNumber}`)).statusCode, 200);
});

test('user, office and audit lists are confined to the reader’s program', async () => {
  const users = await w.call(tribeAdmin, 'GET', '/api/users');
  assert.equal(users.statusCode, 200, users.body);
  const names = users.json().map((u: { username: string }) => u.username);
  assert.ok(names.includes('b.caseworker'));
  assert.ok(!names.some((n: string) => n.startsWith('a.')), names.join(','));
  const offices = (await w.call(tribeAdmin, 'GET', '/api/offices')).json().map((o: { code: string }) => o.code);
  assert.deepEqual(offices, ['BOFF']);
  const aOffices = (await w.call(w.tokens.caseworker, 'GET', '/api/offices')).json().map((o: { code: string }) => o.code);
  assert.deepEqual(aOffices, ['NORTH', 'SOUTH']);
  const audit = await w.call(w.tokens.auditor, 'GET', '/api/audit?limit=500');
  assert.equal(audit.statusCode, 200);
  const rows = audit.json() as Array<{ actorUsername: string; personIds: number[] }>;
  assert.ok(rows.length > 0);
  assert.ok(!rows.some((r) => r.actorUsername.startsWith('b.')), 'no row of program B users');
  assert.ok(!rows.some((r) => r.personIds.includes(w.tribe.cpPersonId)), 'no row naming program B persons');
  // A user of another program is not managed by this administrator.
  assert.equal((await w.call(w.tokens.administrator, 'POST', `/api/users/${w.tribeAdminUserId}/active`, { active: false })).statusCode, 404);
});

test('written files go to the roles that produce them, in their program; a download audits every person in it', async () => {
  for (const [url, owner] of [
    [`/api/enforcement/offset-files/${w.home.ids.offsetFile}`, 'administrator'],
    [`/api/enforcement/lists/${w.home.ids.listFile}`, 'administrator'],
    [`/api/enforcement/eiwo-files/${w.home.ids.eiwoFile}`, 'administrator'],
    [`/api/financial/disbursement-files/${w.home.ids.ppdFile}`, 'financial_worker'],
  ] as const) {
    assert.equal((await w.call(w.tokens.caseworker, 'GET', url)).statusCode, 403, `caseworker ${url}`);
    assert.equal((await w.call(w.tokens.supervisor, 'GET', url)).statusCode, 403, `supervisor ${url}`);
    assert.equal((await w.call(tribeAdmin, 'GET', url)).statusCode, 404, `other program ${url}`);
    const got = await w.call(w.tokens[owner], 'GET', url);
    assert.equal(got.statusCode, 200, `${owner} ${url}`);
  }
  const rows = await w.sys.deps.db.selectFrom('audit_event').select(['entity_type', 'person_ids']).where('action', '=', 'export').where('entity_type', '=', 'eiwo_file').where('entity_id', '=', String(w.home.ids.eiwoFile)).execute();
  const persons = rows.at(-1)!.person_ids.map(Number);
  assert.ok(persons.includes(w.home.ncpPersonId) && persons.includes(w.home.cpPersonId), `the audit row names the obligor and the obligee: ${persons}`);
});

test('intake names another office’s person only through the duplicate decision, with consent or a supervisor', async () => {
  // Named directly by id: refused.
  const direct = sampleIntake({ externalId: 'cross-1' }) as { members: Array<Record<string, unknown>> };
  direct.members[1] = { role: 'noncustodial_parent', personId: w.south.ncpPersonId };
  const named = await w.call(w.tokens.caseworker, 'POST', '/api/intakes', direct);
  assert.equal(named.statusCode, 400, named.body);
  assert.match(named.body, /duplicate check will propose/);
  // Described: the duplicate check proposes the SOUTH person; choosing them waits for consent.
  const described = await w.call(w.tokens.caseworker, 'POST', '/api/intakes', sampleIntake({ externalId: 'cross-2' }, { cpFirst: 'Rita', cpLast: 'Newcomb', cpSsn: '213-55-1234', ncpFirst: 'Barnabas', ncpLast: 'Vornholtzer', ncpSsn: '462-84-5273', childFirst: 'Ivo' }));
  assert.equal(described.statusCode, 202, described.body);
  const intakeId = described.json().intakeId as number;
  const decide = [{ memberIndex: 1, personId: w.south.ncpPersonId }];
  const first = await w.call(w.tokens.caseworker, 'POST', `/api/intakes/${intakeId}/resolve`, { decisions: decide });
  assert.equal(first.statusCode, 409, first.body);
  assert.match(first.body, /consent/);
  // Until then the worker still cannot read the person.
  assert.equal((await w.call(w.tokens.caseworker, 'GET', `/api/persons/${w.south.ncpPersonId}`)).statusCode, 404);
  const south = await w.sys.login('a.south.worker');
  const pending = (await w.call(south, 'GET', '/api/person-link-requests')).json() as Array<{ id: number; personId: number; requestingOfficeCode: string }>;
  const mine = pending.find((r) => r.personId === w.south.ncpPersonId);
  assert.ok(mine, JSON.stringify(pending));
  assert.equal(mine.requestingOfficeCode, 'NORTH');
  // The requesting worker may not consent for the other office.
  assert.equal((await w.call(w.tokens.caseworker, 'POST', `/api/person-link-requests/${mine.id}/decision`, { decision: 'grant', reason: 'same man' })).statusCode, 403);
  const granted = await w.call(south, 'POST', `/api/person-link-requests/${mine.id}/decision`, { decision: 'grant', reason: 'same man, confirmed by SSN' });
  assert.equal(granted.statusCode, 200, granted.body);
  assert.equal(granted.json().decidedAs, 'holding_office');
  const opened = await w.call(w.tokens.caseworker, 'POST', `/api/intakes/${intakeId}/resolve`, { decisions: decide });
  assert.equal(opened.statusCode, 201, opened.body);
  const audit = await w.sys.deps.db.selectFrom('audit_event').select('detail').where('action', '=', 'decide').where('entity_type', '=', 'person_link_request').execute();
  assert.ok(audit.length >= 1);
  // A supervisor of the requesting office decides on the spot (recorded).
  const again = await w.call(w.tokens.caseworker, 'POST', '/api/intakes', sampleIntake({ externalId: 'cross-3' }, { cpFirst: 'Una', cpLast: 'Other', cpSsn: '213-55-9876', ncpFirst: 'Peregrine', ncpLast: 'Vornholtzer', ncpSsn: '461-83-7391', childFirst: 'Kit' }));
  assert.equal(again.statusCode, 202, again.body);
  const bySupervisor = await w.call(w.tokens.supervisor, 'POST', `/api/intakes/${again.json().intakeId}/resolve`, { decisions: [{ memberIndex: 1, personId: w.south.cpPersonId }] });
  assert.equal(bySupervisor.statusCode, 201, bySupervisor.body);
  const rec = await w.sys.deps.db.selectFrom('person_link_request').select(['status', 'decided_as']).where('intake_id', '=', again.json().intakeId).executeTakeFirstOrThrow();
  assert.deepEqual(rec, { status: 'granted', decided_as: 'supervisor' });
});

test('the withholding split is refused for a person the caller may not see', async () => {
  const q = (person: number) => `/api/enforcement/income-withholding/split?employerId=1&obligorPersonId=${person}&disposable=1000.00&frequency=monthly`;
  assert.equal((await w.call(w.tokens.caseworker, 'GET', q(w.tribe.ncpPersonId))).statusCode, 404);
  assert.equal((await w.call(w.tokens.caseworker, 'GET', q(w.home.ncpPersonId))).statusCode, 200);
});

test('sign-in is throttled per account even for parallel attempts, and per address; lockouts end in real time', async () => {
  await w.sys.addUser('throttled', 'caseworker', { office: 'NORTH' });
  const attempt = (password: string, ip = '10.9.9.9', username = 'throttled') => w.sys.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { username, password } });
  const wrong = await Promise.all(Array.from({ length: 12 }, () => attempt('wrong-password-1234')));
  assert.ok(wrong.every((r) => r.statusCode === 401));
  const checked = await w.sys.deps.db.selectFrom('audit_event').select('detail').where('action', '=', 'login_failed').execute();
  const byReason = (reason: string) => checked.filter((r) => (r.detail as { username: string; reason: string }).username === 'throttled' && (r.detail as { reason: string }).reason === reason).length;
  assert.equal(byReason('wrong password'), 5, 'only five passwords were checked');
  assert.equal((await attempt('correct-horse-battery')).statusCode, 401, 'locked: the right password fails too');
  // Sixteen minutes later (real time), the account opens again; the business date has not moved.
  const later = new Date(Date.now() + 16 * 60_000);
  setSecurityClockForTests(() => later);
  assert.equal((await attempt('correct-horse-battery', '10.9.9.10')).statusCode, 200);
  setSecurityClockForTests(() => new Date());
  // One address trying many accounts is blocked after twenty.
  const spray = [];
  for (let i = 0; i < 21; i++) spray.push(await attempt('wrong-password-1234', '10.8.8.8', `nobody${i}`));
  assert.equal((await attempt('correct-horse-battery', '10.8.8.8', 'a.caseworker')).statusCode, 401);
  assert.equal((await attempt('correct-horse-battery', '10.8.8.9', 'a.caseworker')).statusCode, 200, 'another address is not blocked');
});

test('a change made with the session cookie must come from this site; bearer clients are unaffected', async () => {
  const login = await w.sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a.caseworker', password: 'correct-horse-battery' } });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const payload = { template: 'case_opening_letter' };
  const url = `/api/cases/${w.home.caseNumber}/notices`;
  const forged = await w.sys.app.inject({ method: 'POST', url, headers: { cookie, origin: 'https://evil.example' }, payload });
  assert.equal(forged.statusCode, 403, forged.body);
  const noOrigin = await w.sys.app.inject({ method: 'POST', url, headers: { cookie }, payload });
  assert.equal(noOrigin.statusCode, 403);
  const fromSite = await w.sys.app.inject({ method: 'POST', url, headers: { cookie, origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }, payload });
  assert.equal(fromSite.statusCode, 201, fromSite.body);
  const fetchSite = await w.sys.app.inject({ method: 'POST', url, headers: { cookie, 'sec-fetch-site': 'same-origin' }, payload });
  assert.equal(fetchSite.statusCode, 201, fetchSite.body);
  // File imports too.
  const imported = await w.sys.app.inject({ method: 'POST', url: '/api/intakes/import?fileName=x.csv', headers: { cookie, origin: 'https://evil.example', 'content-type': 'text/csv' }, payload: 'a,b' });
  assert.equal(imported.statusCode, 403);
  const crossLogin = await w.sys.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'https://evil.example' }, payload: { username: 'a.caseworker', password: 'correct-horse-battery' } });
  assert.equal(crossLogin.statusCode, 403);
  const bearer = await w.call(w.tokens.caseworker, 'POST', url, payload);
  assert.equal(bearer.statusCode, 201);
});

test('an administrator disables a user, resets a password (weak ones refused) and ends sessions', async () => {
  const id = await w.sys.addUser('leaver', 'caseworker', { office: 'NORTH' });
  const token = await w.sys.login('leaver');
  assert.equal((await w.call(token, 'GET', '/api/auth/me')).statusCode, 200);
  assert.equal((await w.call(w.tokens.caseworker, 'POST', `/api/users/${id}/active`, { active: false })).statusCode, 403);
  const off = await w.call(w.tokens.administrator, 'POST', `/api/users/${id}/active`, { active: false });
  assert.equal(off.statusCode, 200, off.body);
  assert.equal(off.json().sessionsEnded, 1);
  assert.equal((await w.call(token, 'GET', '/api/auth/me')).statusCode, 401, 'the session ended at once');
  assert.equal((await w.call(w.tokens.administrator, 'POST', `/api/users/${id}/active`, { active: true })).statusCode, 200);
  for (const weak of ['password1234', 'aaaaaaaaaaaaaaa', 'abcabcabcabcabc', 'leaver-is-my-name', '123456789012']) {
    const r = await w.call(w.tokens.administrator, 'POST', `/api/users/${id}/password`, { password: weak });
    assert.equal(r.statusCode, 400, `${weak}: ${r.body}`);
  }
  const reset = await w.call(w.tokens.administrator, 'POST', `/api/users/${id}/password`, { password: 'plum-orbit-cactus-41' });
  assert.equal(reset.statusCode, 200, reset.body);
  const relog = await w.sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leaver', password: 'plum-orbit-cactus-41' } });
  assert.equal(relog.statusCode, 200);
  const revoke = await w.call(w.tokens.administrator, 'POST', `/api/users/${id}/sessions/revoke`);
  assert.equal(revoke.statusCode, 200);
  assert.equal((await w.call(relog.json().token, 'GET', '/api/auth/me')).statusCode, 401);
});

test('password rules: length, common, repeated, sequences, the user name', () => {
  assert.match(passwordProblem('short')!, /12 characters/);
  assert.ok(passwordProblem('Password1234'));
  assert.ok(passwordProblem('qwerty123456'));
  assert.ok(passwordProblem('zzzzzzzzzzzzzz'));
  assert.ok(passwordProblem('abab abab abab'.replace(/ /g, '')));
  assert.ok(passwordProblem('my-name-is-jsmith', 'jsmith'));
  assert.equal(passwordProblem('demo-password-2026'), null, 'the demo password is a passphrase, not a common one');
  assert.equal(passwordProblem('correct-horse-battery'), null);
});

test('records named in a body are confined too: duplicate check, case facts, receipts', async () => {
  const matches = await w.call(w.tokens.caseworker, 'POST', '/api/persons/matches', { firstName: 'Peregrine', lastName: 'Quillfeatherbyson', ssn: '524-62-6039' });
  assert.equal(matches.statusCode, 200, matches.body);
  assert.deepEqual(matches.json().candidates, [], 'another program’s person is never proposed');
  for (const other of [w.south, w.tribe]) {
    const fact = await w.call(w.tokens.caseworker, 'POST', '/api/reports/case-facts', { caseNumber: other.caseNumber, fact: 'no_jurisdiction', fromDate: '2026-10-01', source: 'probe' });
    assert.ok([403, 404].includes(fact.statusCode), `${other.key}: ${fact.statusCode} ${fact.body}`);
  }
  const receipt = await w.call(w.tokens.financial_worker, 'POST', '/api/receipts', { idempotencyKey: 'probe-tribe-1', source: 'check', amount: '5.00', receivedDate: '2026-11-02', caseNumber: w.tribe.caseNumber, reference: 'probe' });
  assert.equal(receipt.statusCode, 404, receipt.body);
  assert.ok(!w.tribe.markers.filter((m) => m !== w.tribe.caseNumber).some((m) => receipt.body.includes(m)));
  const n = await w.sys.deps.db.selectFrom('receipt').select('id').where('idempotency_key', '=', 'probe-tribe-1').execute();
  assert.equal(n.length, 0, 'nothing posted');
});
