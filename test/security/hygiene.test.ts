// Input hygiene and data at rest: NUL characters, impossible dates and amounts, reused idempotency keys,
// Unicode names in either normal form, no secrets in errors or logs, the embedded database's files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { openDatabase } from '../../src/db/database.ts';
import { safeError, describeError } from '../../src/kernel/safe-error.ts';

let sys: TestSystem;
let worker: string;
let finance: string;
const call = (token: string, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  sys.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('hyg.worker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('hyg.finance', 'financial_worker');
  worker = await sys.login('hyg.worker');
  finance = await sys.login('hyg.finance');
});
after(() => sys.close());

test('a NUL character in a field, a search term or a file is a 400 naming where it is', async () => {
  const field = await call(worker, 'POST', '/api/intakes', sampleIntake({ externalId: 'nul-1' }, { cpFirst: 'Ma\u0000ria' }));
  assert.equal(field.statusCode, 400);
  assert.equal(field.json().error.details[0].path, '/members/0/person/firstName');
  const search = await call(worker, 'GET', '/api/cases?lastName=Lo%00pez');
  assert.equal(search.statusCode, 400);
  assert.equal(search.json().error.details[0].path, '?lastName');
  const file = await call(worker, 'POST', '/api/intakes/import?fileName=x.csv', 'referral_id,received_date\nA1,2026-10-01\nA2\u0000,2026-10-01\n', { 'content-type': 'text/csv' });
  assert.equal(file.statusCode, 400);
  assert.equal(file.json().error.details[0].line, 3);
});

test('dates outside 1900-2199 (year 0000) and amounts no payment reaches are refused in words', async () => {
  const zero = await call(worker, 'POST', '/api/intakes', sampleIntake({ externalId: 'y0', receivedDate: '0000-01-01' }));
  assert.equal(zero.statusCode, 400);
  assert.match(zero.json().error.details[0].message, /from 1900-01-01 to 2199-12-31/);
  const huge = await call(finance, 'POST', '/api/receipts', { idempotencyKey: 'big-1', source: 'check', amount: '123456789.00', receivedDate: '2026-11-02', remitterName: 'x' });
  assert.equal(huge.statusCode, 400);
  assert.match(huge.json().error.details[0].message, /at most 99999999.99/);
});

test('an idempotency key reused for a different payment is a conflict; the same payment again is a duplicate', async () => {
  const first = await call(finance, 'POST', '/api/receipts', { idempotencyKey: 'sdu-7', source: 'check', amount: '10.00', receivedDate: '2026-11-02', remitterName: 'x' });
  assert.equal(first.statusCode, 201);
  const same = await call(finance, 'POST', '/api/receipts', { idempotencyKey: 'sdu-7', source: 'check', amount: '10.00', receivedDate: '2026-11-02', remitterName: 'x' });
  assert.equal(same.statusCode, 200);
  assert.equal(same.json().duplicate, true);
  const other = await call(finance, 'POST', '/api/receipts', { idempotencyKey: 'sdu-7', source: 'check', amount: '20.00', receivedDate: '2026-11-02', remitterName: 'x' });
  assert.equal(other.statusCode, 409);
  assert.match(other.json().error.message, /already used for another receipt/);
  const n = await sys.deps.db.selectFrom('receipt').select((eb) => eb.fn.countAll<number>().as('n')).where('idempotency_key', '=', 'sdu-7').executeTakeFirstOrThrow();
  assert.equal(Number(n.n), 1);
});

test('a name typed with combining accents (NFD) is the same name as its composed form (NFC)', async () => {
  const nfd = await call(worker, 'POST', '/api/intakes', sampleIntake({ externalId: 'nfd-1' }, { cpFirst: 'Jose\u0301', cpLast: 'Mun\u0303oz', cpSsn: '212-45-9991', ncpSsn: '318-22-9992' }));
  assert.equal(nfd.statusCode, 201, nfd.body);
  const person = await sys.deps.db.selectFrom('person').select(['first_name', 'last_name']).where('first_name', 'like', 'Jos%').executeTakeFirstOrThrow();
  assert.deepEqual(person, { first_name: 'Jos\u00e9', last_name: 'Mu\u00f1oz' });
  const nfc = await call(worker, 'GET', `/api/cases?lastName=${encodeURIComponent('Mu\u00f1oz')}`);
  assert.equal(nfc.json().total, 1);
  const searchNfd = await call(worker, 'GET', `/api/cases?lastName=${encodeURIComponent('Mun\u0303oz')}`);
  assert.equal(searchNfd.json().total, 1);
});

test('errors as logged or printed carry no SQL parameters, row values or query text', () => {
  const err = Object.assign(new Error('insert or update on table "app_user" violates check constraint'), { code: '23514', params: ['$argon2id$v=19$secret-hash', '318224410'], query: 'insert into app_user …', detail: 'Failing row contains (318224410)' });
  const safe = JSON.stringify(safeError(err));
  for (const secret of ['argon2id', '318224410', 'insert into']) assert.ok(!safe.includes(secret), secret);
  assert.match(describeError(err), /23514/);
});

test("the embedded database's folder and files are readable by the service's user only", async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'cse-perm-')), 'data');
  const handle = await openDatabase({ dataDir: dir });
  await handle.close();
  const walk = (p: string): string[] => (statSync(p).isDirectory() ? [p, ...readdirSync(p).flatMap((n) => walk(join(p, n)))] : [p]);
  const open = walk(dir).filter((p) => (statSync(p).mode & 0o077) !== 0);
  assert.deepEqual(open.slice(0, 5), []);
});
