import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { buildNewHireFile, type NewHireReport } from '../../src/formats/newhire/newhire.ts';
import { importNewHires, openLocateTimeframe, LOCATE_TIMEFRAME_DAYS } from '../../src/locate/newhire.ts';

let sys: TestSystem;
let caseId: number;
let ncpPersonId: number;

const hire = (over: Partial<Omit<NewHireReport, 'line'>> = {}): Omit<NewHireReport, 'line'> => ({
  employee_ssn: '318224410',
  employee_first_name: 'DANIEL',
  employee_middle_name: '',
  employee_last_name: 'REYES',
  employee_address: { line1: '9 RIVER RD', line2: '', line3: '', city: 'ERIE', state: 'PA', zip: '16502' },
  employee_birth_date: '1988-07-02',
  hire_date: '2026-10-26',
  state_of_hire: 'PA',
  employer_fein: '251112222',
  employer_state_ein: '',
  employer_name: 'LAKESHORE FOODS INC',
  employer_address: { line1: '400 BAYFRONT PKWY', line2: '', line3: '', city: 'ERIE', state: 'PA', zip: '16507' },
  ...over,
});

function w4File(reports: Omit<NewHireReport, 'line'>[]): string {
  const built = buildNewHireFile(reports);
  if (!built.ok) throw new Error(JSON.stringify(built));
  return built.value;
}

const count = async (table: 'new_hire_report' | 'import_batch' | 'person_employment' | 'employer') => Number((await sys.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  const worker = await sys.login('worker');
  const intake = await sys.app.inject({ method: 'POST', url: '/api/intakes', headers: { authorization: `Bearer ${worker}` }, payload: sampleIntake() });
  assert.equal(intake.statusCode, 201, intake.body);
  const c = await sys.deps.db.selectFrom('iv_d_case').select('id').where('case_number', '=', intake.json().caseNumber).executeTakeFirstOrThrow();
  caseId = c.id;
  const m = await sys.deps.db.selectFrom('case_member').select('person_id').where('case_id', '=', caseId).where('role', '=', 'noncustodial_parent').executeTakeFirstOrThrow();
  ncpPersonId = m.person_id;
});
after(() => sys.close());

test('a fixed-width new-hire file matches the obligor by SSN, records the employment and meets the 75-day locate clock', async () => {
  const tf = await openLocateTimeframe(sys.deps.db, caseId, '2026-10-01');
  const row = await sys.deps.db.selectFrom('case_timeframe').selectAll().where('id', '=', tf).executeTakeFirstOrThrow();
  assert.equal(row.due_date, '2026-12-15');
  assert.equal(LOCATE_TIMEFRAME_DAYS, 75);
  assert.equal(await openLocateTimeframe(sys.deps.db, caseId, '2026-10-05'), tf, 'one open locate clock per case');

  const file = w4File([hire(), hire({ employee_ssn: '401223333', employee_first_name: 'NOBODY', employee_last_name: 'KNOWN' })]);
  const r = await importNewHires(sys.deps, sys.ctx('caseworker', 'NORTH'), 'newhires-20261102.txt', file);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.format, 'fixed');
  assert.equal(r.value.reports, 2);
  assert.equal(r.value.matched, 1);
  assert.equal(r.value.unmatched, 1);
  assert.equal(r.value.employmentsAdded, 1);
  assert.equal(r.value.locateTimeframesMet, 1);
  assert.deepEqual(r.value.matches.map((m) => [m.line, m.personId, m.obligorCaseIds]), [[1, ncpPersonId, [caseId]]]);

  const emp = await sys.deps.db
    .selectFrom('person_employment as pe')
    .innerJoin('employer as e', 'e.id', 'pe.employer_id')
    .select(['pe.source', 'pe.verification', 'pe.start_date', 'e.fein', 'e.name', 'e.city', 'e.zip'])
    .where('pe.person_id', '=', ncpPersonId)
    .where('pe.source', '=', 'new_hire')
    .executeTakeFirstOrThrow();
  assert.deepEqual(emp, { source: 'new_hire', verification: 'unverified', start_date: '2026-10-26', fein: '251112222', name: 'LAKESHORE FOODS INC', city: 'ERIE', zip: '16507' });
  const met = await sys.deps.db.selectFrom('case_timeframe').select(['met_date', 'met_note']).where('id', '=', tf).executeTakeFirstOrThrow();
  assert.equal(met.met_date, '2026-11-02');
  assert.equal(met.met_note, 'located: state new hire (file line 1)');
  // The hire is also a locate result (source state new hire) with an item for the worker to verify it.
  const result = await sys.deps.db.selectFrom('locate_result').selectAll().where('person_id', '=', ncpPersonId).executeTakeFirstOrThrow();
  assert.deepEqual([result.source, result.item, result.confidence, result.verification, result.reported_date], ['state_new_hire', 'employer', 'high', 'unverified', '2026-10-26']);
  const item = await sys.deps.db.selectFrom('worklist_item').selectAll().where('kind', '=', 'locate_verification').executeTakeFirstOrThrow();
  assert.equal(item.case_id, caseId);
  assert.match(item.title, /employer LAKESHORE FOODS INC reported by state new hire/);

  const reports = await sys.deps.db.selectFrom('new_hire_report').selectAll().orderBy('import_line').execute();
  assert.deepEqual(reports.map((x) => [x.import_line, x.match_status, x.person_id]), [[1, 'matched', ncpPersonId], [2, 'unmatched', null]]);
  assert.ok(reports.every((x) => !JSON.stringify(x).includes('401223333') && !JSON.stringify(x).includes('318224410')), 'no plain SSN stored');
  // The unmatched hire's employer is still registered.
  assert.ok(await sys.deps.db.selectFrom('employer').select('id').where('fein', '=', '251112222').executeTakeFirst());
  const audit = await sys.deps.db.selectFrom('audit_event').select(['action', 'entity_type', 'detail']).where('entity_type', '=', 'import_batch').where('action', '=', 'import').execute();
  assert.ok(audit.some((a) => JSON.stringify(a.detail).includes('new_hire')));
  assert.ok(!JSON.stringify(audit).includes('318224410'));
});

test('the same file imported again changes nothing', async () => {
  const before = [await count('new_hire_report'), await count('import_batch'), await count('person_employment')];
  const file = w4File([hire(), hire({ employee_ssn: '401223333', employee_first_name: 'NOBODY', employee_last_name: 'KNOWN' })]);
  const r = await importNewHires(sys.deps, sys.ctx('caseworker', 'NORTH'), 'again.txt', file);
  assert.ok(!r.ok);
  assert.equal(r.code, 'ALREADY_PROCESSED');
  assert.deepEqual([await count('new_hire_report'), await count('import_batch'), await count('person_employment')], before);
});

test('a CSV report of an employment already on file confirms it without adding another', async () => {
  const csv = ['employee_ssn,employee_first_name,employee_last_name,hire_date,employer_fein,employer_name', '318-22-4410,DANIEL,REYES,2026-10-27,25-1112222,Lakeshore Foods Inc'].join('\n');
  const before = await count('person_employment');
  const r = await importNewHires(sys.deps, sys.ctx('caseworker', 'NORTH'), 'newhires.csv', csv);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.format, 'csv');
  assert.equal(r.value.employmentsAlreadyKnown, 1);
  assert.equal(r.value.employmentsAdded, 0);
  assert.equal(await count('person_employment'), before);
});

test('a file with any bad line is rejected whole with line numbers; nothing is written', async () => {
  const good = w4File([hire({ hire_date: '2026-10-28', employer_fein: '259998888', employer_name: 'NEW PLACE LLC' })]).replace(/\n$/, '');
  const badLine = good.slice(0, 279) + '2026XX01' + good.slice(287);
  const file = [good, badLine, good.slice(0, 500)].join('\n') + '\n';
  const before = [await count('new_hire_report'), await count('import_batch'), await count('employer'), await count('person_employment')];
  const r = await importNewHires(sys.deps, sys.ctx('caseworker', 'NORTH'), 'bad.txt', file);
  assert.ok(!r.ok);
  assert.equal(r.code, 'IMPORT_REJECTED');
  assert.deepEqual([...new Set(r.details!.map((d) => d.line))], [2, 3]);
  assert.ok(r.details!.some((d) => d.message.includes('hire_date (positions 280-287)')));
  assert.deepEqual([await count('new_hire_report'), await count('import_batch'), await count('employer'), await count('person_employment')], before);
});

test('a role without person.write may not import new hires', async () => {
  const r = await importNewHires(sys.deps, sys.ctx('auditor'), 'x.txt', w4File([hire()]));
  assert.ok(!r.ok);
  assert.equal(r.code, 'FORBIDDEN');
});
