import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';

let sys: TestSystem;
const tokens: Record<string, string> = {};
let northCase: string;
let southCase: string;
let cpPersonId: number;

async function api(user: string | null, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const headers: Record<string, string> = user ? { authorization: `Bearer ${tokens[user]}` } : {};
  return sys.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

before(async () => {
  sys = await createTestSystem();
  await sys.addUser('north.worker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('south.worker', 'caseworker', { office: 'SOUTH' });
  await sys.addUser('fin', 'financial_worker');
  await sys.addUser('aud', 'auditor');
  await sys.addUser('adm', 'administrator');
  for (const u of ['north.worker', 'south.worker', 'fin', 'aud', 'adm']) tokens[u] = await sys.login(u);

  const north = await api('north.worker', 'POST', '/api/intakes', sampleIntake());
  assert.equal(north.statusCode, 201, north.body);
  northCase = north.json().caseNumber;
  const south = await api(
    'south.worker',
    'POST',
    '/api/intakes',
    sampleIntake(
      {
        officeCode: 'SOUTH',
        members: [
          { role: 'custodial_party', person: { firstName: 'Ann', lastName: 'Baker', dateOfBirth: '1985-01-01', ssn: '401-22-3333' } },
          { role: 'noncustodial_parent', person: { firstName: 'Tom', lastName: 'Baker', dateOfBirth: '1984-02-02', ssn: '402-33-4444' } },
          { role: 'child', person: { firstName: 'Ella', lastName: 'Baker', dateOfBirth: '2015-03-03' } },
        ],
      },
    ),
  );
  assert.equal(south.statusCode, 201, south.body);
  southCase = south.json().caseNumber;
  const summary = (await api('north.worker', 'GET', `/api/cases/${northCase}`)).json();
  cpPersonId = summary.members.find((m: { role: string }) => m.role === 'custodial_party').personId;
  await sys.addUser('parent.maria', 'parent', { personId: cpPersonId });
  tokens['parent.maria'] = await sys.login('parent.maria');
});

after(() => sys.close());

test('every API route needs a signed-in user', async () => {
  for (const [method, url] of [
    ['GET', '/api/cases'],
    ['GET', `/api/cases/${northCase}`],
    ['GET', '/api/persons/1'],
    ['POST', '/api/intakes'],
    ['GET', '/api/audit'],
  ] as const) {
    const res = await api(null, method, url, method === 'POST' ? {} : undefined);
    assert.equal(res.statusCode, 401, `${method} ${url}`);
    assert.equal(res.json().error.code, 'UNAUTHENTICATED');
  }
  const bogus = await sys.app.inject({ method: 'GET', url: '/api/cases', headers: { authorization: 'Bearer not-a-token' } });
  assert.equal(bogus.statusCode, 401);
});

test("a caseworker of one office cannot read another office's case", async () => {
  assert.equal((await api('north.worker', 'GET', `/api/cases/${northCase}`)).statusCode, 200);
  const res = await api('north.worker', 'GET', `/api/cases/${southCase}`);
  assert.equal(res.statusCode, 404);
  assert.equal(res.json().error.code, 'NOT_FOUND');
  const search = (await api('north.worker', 'GET', '/api/cases?lastName=Baker')).json();
  assert.equal(search.total, 0);
});

test("a caseworker cannot read a person who is only on another office's case", async () => {
  const south = (await api('south.worker', 'GET', `/api/cases/${southCase}`)).json();
  const personId = south.members[0].personId;
  assert.equal((await api('north.worker', 'GET', `/api/persons/${personId}`)).statusCode, 404);
  assert.equal((await api('south.worker', 'GET', `/api/persons/${personId}`)).statusCode, 200);
});

test('a caseworker cannot take an intake for another office', async () => {
  const res = await api('north.worker', 'POST', '/api/intakes', sampleIntake({ officeCode: 'SOUTH', externalId: 'x-office' }, { cpLast: 'Other', ncpSsn: '501-11-2222', ncpLast: 'Nobody' }));
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().error.code, 'FORBIDDEN');
});

test('statewide roles see every office; the financial worker and auditor may not open cases', async () => {
  for (const user of ['fin', 'aud', 'adm']) {
    assert.equal((await api(user, 'GET', `/api/cases/${northCase}`)).statusCode, 200, user);
    assert.equal((await api(user, 'GET', `/api/cases/${southCase}`)).statusCode, 200, user);
  }
  for (const user of ['fin', 'aud']) {
    const res = await api(user, 'POST', '/api/intakes', sampleIntake({ externalId: `x-${user}` }));
    assert.equal(res.statusCode, 403, user);
  }
});

test('a parent sees only their own case, and nothing of the other parent but a name', async () => {
  const mine = await api('parent.maria', 'GET', '/api/portal/cases');
  assert.equal(mine.statusCode, 200);
  const cases = mine.json();
  assert.deepEqual(cases.map((c: { caseNumber: string }) => c.caseNumber), [northCase]);
  assert.equal(cases[0].otherParty, 'Daniel Reyes');
  assert.ok(!JSON.stringify(cases).includes('***'));
  assert.ok(!JSON.stringify(cases).includes('1988'));
  // The worker API is closed to parents, for their own case and for others.
  assert.equal((await api('parent.maria', 'GET', `/api/cases/${northCase}`)).statusCode, 403);
  assert.equal((await api('parent.maria', 'GET', `/api/cases/${southCase}`)).statusCode, 403);
  assert.equal((await api('parent.maria', 'GET', `/api/persons/${cpPersonId}`)).statusCode, 403);
});

test('a parent may report a new address for themselves only', async () => {
  const res = await api('parent.maria', 'POST', '/api/portal/address', { line1: '77 New St', city: 'Erie', stateCode: 'PA', zip: '16502' });
  assert.equal(res.statusCode, 201);
  const person = (await api('north.worker', 'GET', `/api/persons/${cpPersonId}`)).json();
  assert.equal(person.addresses[0].line1, '77 New St');
  assert.equal(person.addresses[0].source, 'parent_portal');
  assert.equal(person.addresses[0].verification, 'unverified');
  // The intake address began today, so it is superseded the same day.
  assert.equal(person.addresses[1].effectiveTo, '2026-11-02');
});

test('reading a case writes an audit row naming the reader, the persons and the purpose', async () => {
  const before = await sys.deps.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const res = await sys.app.inject({ method: 'GET', url: `/api/cases/${northCase}`, headers: { authorization: `Bearer ${tokens['north.worker']}`, 'x-cse-purpose': 'locate follow-up' } });
  assert.equal(res.statusCode, 200);
  const rows = await sys.deps.db.selectFrom('audit_event').selectAll().orderBy('id', 'desc').limit(1).execute();
  const row = rows[0]!;
  assert.equal(row.action, 'read');
  assert.equal(row.entity_type, 'case');
  assert.equal(row.entity_id, northCase);
  assert.equal(row.actor_username, 'north.worker');
  assert.equal(row.actor_role, 'caseworker');
  assert.equal(row.purpose, 'locate follow-up');
  assert.equal(row.person_ids.length, 3);
  assert.ok(row.person_ids.map(Number).includes(cpPersonId));
  const afterCount = await sys.deps.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(afterCount.n), Number(before.n) + 1);
});

test('reading an account statement writes its audit row in the same statement; a case the reader may not see gives 404', async () => {
  const count = async () => Number((await sys.deps.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const before = await count();
  const res = await api('fin', 'GET', `/api/cases/${northCase}/statement`);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().caseNumber, northCase);
  const row = (await sys.deps.db.selectFrom('audit_event').selectAll().orderBy('id', 'desc').limit(1).execute())[0]!;
  assert.equal(row.action, 'read');
  assert.equal(row.entity_type, 'account_statement');
  assert.equal(row.entity_id, northCase);
  assert.equal(row.actor_username, 'fin');
  assert.equal(row.case_ids.length, 1);
  assert.ok(row.request_id);
  assert.equal(await count(), before + 1);
  const denied = await api('south.worker', 'GET', `/api/cases/${northCase}/statement`);
  assert.ok([403, 404].includes(denied.statusCode), denied.body);
});

test('a denied read is audited too', async () => {
  await api('north.worker', 'GET', `/api/cases/${southCase}`);
  const row = (await sys.deps.db.selectFrom('audit_event').selectAll().orderBy('id', 'desc').limit(1).execute())[0]!;
  assert.equal(row.entity_id, southCase);
  assert.equal(row.action, 'access_denied');
  assert.deepEqual(row.detail, { outcome: 'not found or not permitted', route: 'GET /api/cases/:caseNumber' });
});

test('the audit log is append-only', async () => {
  await assert.rejects(sys.deps.db.updateTable('audit_event').set({ purpose: 'x' }).execute(), /append-only/);
  await assert.rejects(sys.deps.db.deleteFrom('audit_event').execute(), /append-only/);
});

test('auditors read the audit log by person; caseworkers may not', async () => {
  const res = await api('aud', 'GET', `/api/audit?personId=${cpPersonId}&limit=50`);
  assert.equal(res.statusCode, 200);
  const events = res.json();
  assert.ok(events.length >= 2);
  assert.ok(events.every((e: { personIds: number[] }) => e.personIds.includes(cpPersonId)));
  assert.equal((await api('north.worker', 'GET', '/api/audit')).statusCode, 403);
});

test('SSNs are masked in every case and person response; reveal needs the right role and is audited', async () => {
  const summary = await api('north.worker', 'GET', `/api/cases/${northCase}`);
  assert.ok(!summary.body.includes('212-45-6781') && !summary.body.includes('212456781'));
  assert.match(summary.body, /\*\*\*-\*\*-6781/);
  const masked = (await api('north.worker', 'GET', `/api/persons/${cpPersonId}`)).json();
  assert.equal(masked.ssn, '***-**-6781');
  assert.equal(masked.ssnRevealed, false);
  const revealed = (await api('north.worker', 'GET', `/api/persons/${cpPersonId}?reveal=ssn`)).json();
  assert.equal(revealed.ssn, '212-45-6781');
  const last = (await sys.deps.db.selectFrom('audit_event').selectAll().orderBy('id', 'desc').limit(1).execute())[0]!;
  assert.equal(last.action, 'reveal_ssn');
  const denied = await api('fin', 'GET', `/api/persons/${cpPersonId}?reveal=ssn`);
  assert.equal(denied.statusCode, 403);
  assert.equal((await api('fin', 'GET', `/api/persons/${cpPersonId}`)).json().ssn, '***-**-6781');
});

test('SSNs are stored encrypted, never in clear', async () => {
  const rows = await sys.deps.db.selectFrom('person').select(['ssn_ciphertext', 'ssn_index', 'ssn_last4']).execute();
  for (const r of rows) {
    if (!r.ssn_ciphertext) continue;
    assert.ok(!/\d{9}/.test(r.ssn_ciphertext));
    assert.match(r.ssn_ciphertext, /^v1\./);
  }
  const intakes = await sys.deps.db.selectFrom('intake').select('payload_ciphertext').execute();
  for (const i of intakes) assert.ok(!i.payload_ciphertext.includes('212-45-6781'));
});

test('five wrong passwords lock the account; the right one then fails too', async () => {
  await sys.addUser('locky', 'caseworker', { office: 'NORTH' });
  for (let i = 0; i < 5; i++) {
    const res = await sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'locky', password: 'wrong-password-123' } });
    assert.equal(res.statusCode, 401);
  }
  const res = await sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'locky', password: 'correct-horse-battery' } });
  assert.equal(res.statusCode, 401);
  const failures = await sys.deps.db.selectFrom('audit_event').select('detail').where('action', '=', 'login_failed').execute();
  assert.ok(failures.some((f) => (f.detail as { reason: string }).reason === 'locked'));
});

test('a session ends at logout', async () => {
  const token = await sys.login('north.worker');
  const out = await sys.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${token}` } });
  assert.equal(out.statusCode, 204);
  const res = await sys.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.statusCode, 401);
});

test('a session revoked in the database (by another server process) is refused once the session cache time has passed', async () => {
  const token = await sys.login('north.worker');
  const me = async () => (await sys.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode;
  process.env.CSE_SESSION_CACHE_MS = '150';
  try {
    assert.equal(await me(), 200);
    const hash = createHash('sha256').update(token).digest('hex');
    await sql`update user_session set revoked_at = now() where token_hash = ${hash}`.execute(sys.deps.db);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(await me(), 401);
  } finally {
    delete process.env.CSE_SESSION_CACHE_MS;
  }
  // With the cache off, a revoked session is refused at once.
  process.env.CSE_SESSION_CACHE_MS = '0';
  try {
    const other = await sys.login('north.worker');
    const hash = createHash('sha256').update(other).digest('hex');
    assert.equal((await sys.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${other}` } })).statusCode, 200);
    await sql`update user_session set revoked_at = now() where token_hash = ${hash}`.execute(sys.deps.db);
    assert.equal((await sys.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${other}` } })).statusCode, 401);
  } finally {
    delete process.env.CSE_SESSION_CACHE_MS;
  }
});

test('the session cookie works for the browser and is HttpOnly and SameSite=Strict', async () => {
  const res = await sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'aud', password: 'correct-horse-battery' } });
  const cookie = String(res.headers['set-cookie']);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const me = await sys.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookie.split(';')[0]! } });
  assert.equal(me.json().username, 'aud');
});

test('only administrators manage users', async () => {
  const payload = { username: 'new.worker', displayName: 'New Worker', role: 'caseworker', password: 'a-long-password-1', officeCode: 'NORTH' };
  assert.equal((await api('north.worker', 'POST', '/api/users', payload)).statusCode, 403);
  assert.equal((await api('adm', 'POST', '/api/users', payload)).statusCode, 201);
  const dup = await api('adm', 'POST', '/api/users', payload);
  assert.equal(dup.statusCode, 409);
  const noOffice = await api('adm', 'POST', '/api/users', { ...payload, username: 'no.office', officeCode: undefined });
  assert.equal(noOffice.statusCode, 400);
});
