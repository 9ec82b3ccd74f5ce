/**
 * The e-IWO export holds an order that cannot make a valid record (no employer street address, a name
 * with no ASCII form) with its reason on the case's worklist, and writes the other orders; a name with
 * accents is transliterated, never written as '?'. Once the data is corrected the next export sends it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { parseEiwoFile } from '../../src/formats/eiwo/eiwo.ts';
import { exportEiwoFile, startIncomeWithholding } from '../../src/enforcement/withholding.ts';

let sys: TestSystem;
const cases: Record<string, { caseId: number; personId: number; employmentId: number; employerId: number }> = {};

async function openCase(key: string, ncpSsn: string, ncpLast: string, employer: { name: string; fein: string; line1?: string; city?: string; stateCode?: string; zip?: string }) {
  const worker = await sys.login('worker');
  const intake = await sys.app.inject({ method: 'POST', url: '/api/intakes', headers: { authorization: `Bearer ${worker}` }, payload: sampleIntake({}, { ncpSsn, ncpLast, ncpFirst: { GOOD: 'Daniel', ACCENT: 'Tomas', NOADDR: 'Victor', CYRILLIC: 'Hugo' }[key], ncpDob: `198${ncpSsn.slice(-1)}-07-02`, cpFirst: { GOOD: 'Maria', ACCENT: 'Ines', NOADDR: 'Carla', CYRILLIC: 'Rosa' }[key], cpLast: { GOOD: 'Lopez', ACCENT: 'Ortega', NOADDR: 'Bishop', CYRILLIC: 'Nakamura' }[key], cpSsn: `212-45-${ncpSsn.slice(-4)}`, childFirst: { GOOD: 'Sofia', ACCENT: 'Lucia', NOADDR: 'Emma', CYRILLIC: 'Olga' }[key] }) });
  assert.equal(intake.statusCode, 201, intake.body);
  const caseNumber = intake.json().caseNumber;
  const order = await sys.app.inject({
    method: 'POST',
    url: `/api/cases/${caseNumber}/orders`,
    headers: { authorization: `Bearer ${worker}` },
    payload: { orderNumber: `DR-${key}`, orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-11-01', obligations: [{ kind: 'current_support', amount: '300.00', frequency: 'monthly', startDate: '2026-11-01' }] },
  });
  assert.equal(order.statusCode, 201, order.body);
  const db = sys.deps.db;
  const caseId = (await db.selectFrom('iv_d_case').select('id').where('case_number', '=', caseNumber).executeTakeFirstOrThrow()).id;
  const personId = (await db.selectFrom('case_member').select('person_id').where('case_id', '=', caseId).where('role', '=', 'noncustodial_parent').executeTakeFirstOrThrow()).person_id;
  const e = await db.insertInto('employer').values({ fein: employer.fein, name: employer.name, line1: employer.line1 ?? null, line2: null, city: employer.city ?? null, state_code: employer.stateCode ?? null, zip: employer.zip ?? null, phone: null }).returning('id').executeTakeFirstOrThrow();
  const emp = await db.insertInto('person_employment').values({ person_id: personId, employer_id: e.id, start_date: '2026-10-26', end_date: null, source: 'worker', entered_date: '2026-11-02' } as never).returning('id').executeTakeFirstOrThrow();
  cases[key] = { caseId, personId, employmentId: emp.id, employerId: e.id };
  await startIncomeWithholding(db, sys.ctx('caseworker', 'NORTH'), { reportId: 0, line: 0, personId, employerId: e.id, employmentId: emp.id, hireDate: '2026-10-26', obligorCaseIds: [caseId], source: 'worker' });
}

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  await openCase('GOOD', '318-22-4410', 'Reyes', { name: 'Lakeshore Foods Inc', fein: '251112222', line1: '400 Bayfront Pkwy', city: 'Erie', stateCode: 'PA', zip: '16507' });
  await openCase('ACCENT', '318-22-4411', 'Peña', { name: 'Müller Bäckerei', fein: '251113333', line1: '12 Straße Ave', city: 'Erie', stateCode: 'PA', zip: '16507' });
  await openCase('NOADDR', '318-22-4412', 'Shaw', { name: 'Keystone Logistics LLC', fein: '231234567' });
  await openCase('CYRILLIC', '318-22-4413', 'Reyes', { name: 'Завод Inc', fein: '251114444', line1: '1 Main St', city: 'Erie', stateCode: 'PA', zip: '16507' });
});
after(() => sys.close());

test('the export writes the valid orders, transliterates accents, and holds the others with the reason on the worklist', async () => {
  const r = await exportEiwoFile(sys.deps, sys.ctx('caseworker', 'NORTH'), '2026-11-02');
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.orders, 2);
  const parsed = parseEiwoFile(r.value.content!);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  const details = parsed.value.batches.flatMap((b) => b.details);
  const accent = details.find((d) => d.employer.ein === '251113333')!;
  assert.equal(accent.employer.name, 'MULLER BACKEREI');
  assert.equal(accent.employer.address.line1, '12 STRASSE AVE');
  assert.equal(accent.employee.last, 'PENA');
  assert.ok(!r.value.content!.includes('?'), 'no character is written as ?');

  const held = new Map(r.value.held.map((h) => [h.caseId, h.problem]));
  assert.equal(held.size, 2);
  assert.match(held.get(cases.NOADDR!.caseId)!, /employer_address_1 \(positions 160-184\): is required \[OCSE D-3 2020\]/);
  assert.match(held.get(cases.CYRILLIC!.caseId)!, /the employer's name holds a character with no ASCII form/);
  const db = sys.deps.db;
  for (const key of ['NOADDR', 'CYRILLIC']) {
    const iwo = await db.selectFrom('income_withholding_order').selectAll().where('case_id', '=', cases[key]!.caseId).executeTakeFirstOrThrow();
    assert.equal(iwo.status, 'pending');
    assert.equal(iwo.held_date, '2026-11-02');
    assert.ok(iwo.hold_reason);
    const items = await db.selectFrom('worklist_item').selectAll().where('case_id', '=', cases[key]!.caseId).where('kind', '=', 'eiwo_held').execute();
    assert.equal(items.length, 1);
    assert.equal(items[0]!.status, 'open');
  }

  // The next night the same reasons raise nothing new.
  sys.clock.set('2026-11-03');
  const again = await exportEiwoFile(sys.deps, sys.ctx('caseworker', 'NORTH'), '2026-11-03');
  assert.ok(again.ok);
  assert.equal(again.value.orders, 0);
  assert.equal((await db.selectFrom('worklist_item').select('id').where('kind', '=', 'eiwo_held').execute()).length, 2);

  // The worker records the employer's address: the order goes out and its item closes.
  await db.updateTable('employer').set({ line1: '88 Harbor Rd', city: 'Erie', state_code: 'PA', zip: '16507' }).where('id', '=', cases.NOADDR!.employerId).execute();
  sys.clock.set('2026-11-04');
  const fixed = await exportEiwoFile(sys.deps, sys.ctx('caseworker', 'NORTH'), '2026-11-04');
  assert.ok(fixed.ok);
  assert.equal(fixed.value.orders, 1);
  const iwo = await db.selectFrom('income_withholding_order').selectAll().where('case_id', '=', cases.NOADDR!.caseId).executeTakeFirstOrThrow();
  assert.equal(iwo.status, 'sent');
  assert.equal(iwo.hold_reason, null);
  const item = await db.selectFrom('worklist_item').selectAll().where('case_id', '=', cases.NOADDR!.caseId).where('kind', '=', 'eiwo_held').executeTakeFirstOrThrow();
  assert.equal(item.status, 'done');
});

test('a new-hire report gives an employer on file without a street address the address it reports', async () => {
  const { buildNewHireFile } = await import('../../src/formats/newhire/newhire.ts');
  const { importNewHires } = await import('../../src/locate/newhire.ts');
  const db = sys.deps.db;
  const e = await db.insertInto('employer').values({ fein: '251115555', name: 'HARBOR MARINE CO', line1: null, line2: null, city: null, state_code: null, zip: null, phone: null }).returning('id').executeTakeFirstOrThrow();
  const file = buildNewHireFile([{
    employee_ssn: '400112222', employee_first_name: 'ALEX', employee_middle_name: '', employee_last_name: 'STONE',
    employee_address: { line1: '9 RIVER RD', line2: '', line3: '', city: 'ERIE', state: 'PA', zip: '16502' },
    employee_birth_date: '1980-01-01', hire_date: '2026-10-26', state_of_hire: 'PA',
    employer_fein: '251115555', employer_state_ein: '', employer_name: 'HARBOR MARINE CO',
    employer_address: { line1: '77 DOCK ST', line2: 'SUITE 4', line3: '', city: 'ERIE', state: 'PA', zip: '165071234' },
  }]);
  assert.ok(file.ok, JSON.stringify(file));
  const r = await importNewHires(sys.deps, sys.ctx('caseworker', 'NORTH'), 'nh-harbor.txt', file.value);
  assert.ok(r.ok, JSON.stringify(r));
  const after = await db.selectFrom('employer').selectAll().where('id', '=', e.id).executeTakeFirstOrThrow();
  assert.deepEqual([after.line1, after.line2, after.city, after.state_code, after.zip], ['77 DOCK ST', 'SUITE 4', 'ERIE', 'PA', '165071234']);
});
