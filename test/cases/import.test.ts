import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';
import { parseCsv, CsvError } from '../../src/formats/csv.ts';

let sys: TestSystem;
let token: string;

const HEADER = 'referral_id,kind,source_system,received_date,case_type,office_code,member_role,last_name,first_name,date_of_birth,sex,ssn,address_line1,city,state,zip,employer_name,employer_fein,born_out_of_wedlock';
const GOOD = [
  HEADER,
  'R-100,iv_a_referral,TANF,2026-10-15,current_assistance,NORTH,custodial_party,Walker,Tanya,1991-04-04,F,521-44-1001,5 Pine Rd,Erie,PA,16505,,,',
  'R-100,iv_a_referral,TANF,2026-10-15,current_assistance,NORTH,noncustodial_parent,Hill,Marcus,1989-12-12,M,521-44-1002,,,,,"Harbor Hospitality Partners, LLC",462345678,',
  'R-100,iv_a_referral,TANF,2026-10-15,current_assistance,NORTH,child,Hill,Jada,2020-06-06,F,,,,,,,,Y',
  'R-101,iv_e_referral,TANF,2026-10-16,iv_e_foster_care,SOUTH,noncustodial_parent,Price,Lena,1994-03-03,F,521-44-1003,,,,,,,',
  'R-101,iv_e_referral,TANF,2026-10-16,iv_e_foster_care,SOUTH,child,Price,Owen,2017-07-07,M,,,,,,,,N',
].join('\n');

const importFile = (fileName: string, body: string, contentType = 'text/csv') =>
  sys.app.inject({ method: 'POST', url: `/api/intakes/import?fileName=${encodeURIComponent(fileName)}`, headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, payload: body });
const counts = async () => {
  const n = async (t: 'person' | 'iv_d_case' | 'intake' | 'import_batch') => Number((await sys.deps.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { persons: await n('person'), cases: await n('iv_d_case'), intakes: await n('intake'), batches: await n('import_batch') };
};

before(async () => {
  sys = await createTestSystem();
  await sys.addUser('adm', 'administrator');
  token = await sys.login('adm');
});
after(() => sys.close());

test('a good CSV referral file opens one case per referral', async () => {
  const res = await importFile('tanf-20261016.csv', GOOD);
  assert.equal(res.statusCode, 201, res.body);
  const out = res.json();
  assert.equal(out.format, 'csv');
  assert.equal(out.intakes, 2);
  assert.equal(out.opened, 2);
  const c = await counts();
  assert.equal(c.cases, 2);
  assert.equal(c.persons, 5);
  const employer = await sys.deps.db.selectFrom('employer').select('name').executeTakeFirstOrThrow();
  assert.equal(employer.name, 'Harbor Hospitality Partners, LLC');
  const intake = await sys.deps.db.selectFrom('intake').select(['import_batch_id', 'import_line', 'external_id']).where('external_id', '=', 'R-101').executeTakeFirstOrThrow();
  assert.equal(intake.import_line, 5);
});

test('the same file twice posts nothing new', async () => {
  const before = await counts();
  const res = await importFile('tanf-20261016-again.csv', GOOD);
  assert.equal(res.statusCode, 409);
  assert.equal(res.json().error.code, 'ALREADY_PROCESSED');
  assert.deepEqual(await counts(), before);
});

test('a file with one bad line is rejected whole, with line numbers, and nothing is written', async () => {
  const before = await counts();
  const bad = [
    HEADER,
    'R-200,application,WEB,2026-10-20,never_assistance,NORTH,custodial_party,Gray,Nora,1990-01-01,F,521-44-2001,,,,,,,',
    'R-200,application,WEB,2026-10-20,never_assistance,NORTH,child,Gray,Ivy,2019-02-02,F,,,,,,,,Y',
    'R-201,application,WEB,2026-10-20,never_assistance,NORTH,custodial_party,Stone,Olga,1990-01-01,F,000-12-3456,,,,,,,',
    'R-201,application,WEB,2026-10-20,never_assistance,NORTH,child,Stone,Max,2030-01-01,M,,,,,,,,Y',
    'R-202,application,WEB,2026-10-21,never_assistance,NORTH,custodial_party,Ray,Una,1990-01-01,F,,,,,,,,',
    'R-202,application,WEB,2026-10-22,never_assistance,NORTH,child,Ray,Bo,2020-01-01,M,,,,,,,,Q',
  ].join('\n');
  const res = await importFile('bad.csv', bad);
  assert.equal(res.statusCode, 422);
  const error = res.json().error;
  assert.equal(error.code, 'IMPORT_REJECTED');
  const lines = error.details.map((d: { line: number; message: string }) => `${d.line}: ${d.message}`);
  assert.ok(lines.some((l: string) => l.startsWith('4: area number 000')), lines.join(' | '));
  assert.ok(lines.some((l: string) => l.startsWith('5: cannot be in the future')), lines.join(' | '));
  assert.ok(lines.some((l: string) => l.startsWith('7: received_date differs from line 6')), lines.join(' | '));
  assert.deepEqual(await counts(), before, 'the good referral R-200 was not written either');
});

test('a business failure found while writing rolls back the whole file', async () => {
  const before = await counts();
  const file = [
    HEADER,
    'R-300,application,WEB,2026-10-20,never_assistance,NORTH,custodial_party,Gold,Ada,1990-01-01,F,521-44-3001,,,,,,,',
    'R-300,application,WEB,2026-10-20,never_assistance,NORTH,child,Gold,Ben,2019-02-02,M,,,,,,,,Y',
    'R-301,application,WEB,2026-10-20,never_assistance,EAST,custodial_party,Iron,Cy,1990-01-01,F,521-44-3002,,,,,,,',
    'R-301,application,WEB,2026-10-20,never_assistance,EAST,child,Iron,Di,2019-02-02,F,,,,,,,,Y',
  ].join('\n');
  const res = await importFile('office.csv', file);
  assert.equal(res.statusCode, 422);
  assert.equal(res.json().error.details[0].line, 4);
  assert.match(res.json().error.details[0].message, /no office EAST/);
  assert.deepEqual(await counts(), before);
});

test('structural CSV problems name the line', async () => {
  const missingColumn = await importFile('x.csv', 'referral_id,kind\nA,application\n');
  assert.equal(missingColumn.statusCode, 422);
  assert.ok(missingColumn.json().error.details.some((d: { line: number; message: string }) => d.line === 1 && /missing column "received_date"/.test(d.message)));
  const ragged = await importFile('y.csv', `${HEADER}\nR-1,application\n`);
  assert.equal(ragged.json().error.details[0].line, 2);
  const unknown = await importFile('z.csv', `${HEADER},favourite_color\n`);
  assert.match(unknown.json().error.details[0].message, /unknown column "favourite_color"/);
});

test('JSON lines use the API shape; a bad line is named', async () => {
  const good = JSON.stringify({
    kind: 'application',
    sourceSystem: 'WEB',
    externalId: 'J-1',
    receivedDate: '2026-10-25',
    caseType: 'never_assistance',
    officeCode: 'SOUTH',
    members: [
      { role: 'custodial_party', person: { firstName: 'Vera', lastName: 'Quinn', dateOfBirth: '1987-05-05', ssn: '521-44-4001' } },
      { role: 'child', person: { firstName: 'Theo', lastName: 'Quinn', dateOfBirth: '2016-06-16' } },
    ],
  });
  const bad = await importFile('apps.jsonl', `${good}\n{"kind": "application",\n`, 'application/x-ndjson');
  assert.equal(bad.statusCode, 422);
  assert.equal(bad.json().error.details[0].line, 2);
  const ok = await importFile('apps.jsonl', `${good}\n`, 'application/x-ndjson');
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().format, 'jsonl');
});

test('the CSV reader follows RFC 4180 quoting', () => {
  const rows = parseCsv('a,b\r\n"x, y","he said ""hi"""\n"multi\nline",z\n');
  assert.deepEqual(rows, [
    { line: 1, fields: ['a', 'b'] },
    { line: 2, fields: ['x, y', 'he said "hi"'] },
    { line: 3, fields: ['multi\nline', 'z'] },
  ]);
  assert.throws(() => parseCsv('a,"b\n'), CsvError);
  assert.throws(() => parseCsv('a,"b"c\n'), CsvError);
});
