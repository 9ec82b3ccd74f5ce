/**
 * State workforce agency matches on a real database: a QW record records the employer and wages and starts
 * income withholding for an obligor with an order; a UI record makes the UI agency the income source (it
 * gets the withholding order) and records the claimant's address; a later quarter at the same employer adds
 * a result but no second withholding order; unmatched SSNs are counted; the same file twice posts once.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { buildSwaFile, type SwaRecordInput } from '../../src/formats/swa/swa.ts';
import { importSwaMatches } from '../../src/locate/swa-import.ts';
import { QW, UI } from './fixtures.ts';

let sys: TestSystem;
let caseId: number;
let ncp: number;

const file = (records: SwaRecordInput[]) => {
  const b = buildSwaFile(records);
  if (!b.ok) throw new Error(JSON.stringify(b));
  return b.value;
};

before(async () => {
  sys = await createTestSystem({ today: '2026-11-20' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  const token = await sys.login('worker');
  const auth = { authorization: `Bearer ${token}` };
  const intake = await sys.app.inject({ method: 'POST', url: '/api/intakes', headers: auth, payload: sampleIntake() });
  assert.equal(intake.statusCode, 201, intake.body);
  const caseNumber = intake.json().caseNumber;
  const order = await sys.app.inject({
    method: 'POST',
    url: `/api/cases/${caseNumber}/orders`,
    headers: auth,
    payload: { orderNumber: 'DR-2026-0077', orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-11-01', obligations: [{ kind: 'current_support', amount: '250.00', frequency: 'monthly', startDate: '2026-11-01' }] },
  });
  assert.equal(order.statusCode, 201, order.body);
  caseId = (await sys.deps.db.selectFrom('iv_d_case').select('id').where('case_number', '=', caseNumber).executeTakeFirstOrThrow()).id;
  ncp = (await sys.deps.db.selectFrom('case_member').select('person_id').where('case_id', '=', caseId).where('role', '=', 'noncustodial_parent').executeTakeFirstOrThrow()).person_id;
});
after(() => sys.close());

const iwos = () =>
  sys.deps.db
    .selectFrom('income_withholding_order as w')
    .innerJoin('enforcement_action as a', 'a.id', 'w.enforcement_action_id')
    .innerJoin('employer as e', 'e.id', 'w.employer_id')
    .select(['e.name', 'a.source', 'w.issue_due_date', 'w.status'])
    .where('w.case_id', '=', caseId)
    .orderBy('w.id')
    .execute();

test('QW and UI matches: employer with wages, UI agency as income source, claimant address, withholding started for each', async () => {
  const stranger: SwaRecordInput = { ...QW, ssn: '401223333', first_name: 'NOBODY', last_name: 'KNOWN' };
  const r = await importSwaMatches(sys.deps, sys.ctx('administrator'), 'swa-2026q3.txt', file([QW, UI, stranger]));
  assert.ok(r.ok, JSON.stringify(r));
  const s = r.value;
  assert.deepEqual([s.records, s.wageRecords, s.claimRecords, s.matched, s.unmatched], [3, 2, 1, 2, 1]);
  assert.deepEqual([s.employersRecorded, s.addressesRecorded, s.withholdingStarted], [2, 1, 2]);
  assert.deepEqual(await iwos(), [
    { name: 'HARBOR MARINE SUPPLY', source: 'state_qw', issue_due_date: '2026-11-24', status: 'pending' },
    { name: 'PA UC SERVICE CENTER', source: 'state_ui', issue_due_date: '2026-11-24', status: 'pending' },
  ]);
  const results = await sys.deps.db.selectFrom('locate_result').select(['source', 'item', 'reported_date', 'confidence', 'detail']).where('person_id', '=', ncp).orderBy('id').execute();
  const detail = (d: unknown) => (typeof d === 'string' ? JSON.parse(d) : d);
  assert.deepEqual(
    results.map((x) => [x.source, x.item, x.reported_date, x.confidence]),
    [
      ['state_qw', 'employer', '2026-09-30', 'medium'],
      ['state_ui', 'employer', '2026-11-02', 'high'],
      ['state_ui', 'address', '2026-11-02', 'high'],
    ],
  );
  assert.equal(detail(results[0]!.detail).wagesCents, 1_250_075);
  assert.equal(detail(results[1]!.detail).weeklyBenefitCents, 41_200);
  const addr = await sys.deps.db.selectFrom('person_address').select(['line1', 'source']).where('person_id', '=', ncp).where('effective_to', 'is', null).executeTakeFirstOrThrow();
  assert.deepEqual(addr, { line1: '77 LAKE ST', source: 'state_ui' });
  const clock = await sys.deps.db.selectFrom('case_timeframe').select(['met_date', 'met_note']).where('case_id', '=', caseId).where('kind', '=', 'locate').executeTakeFirstOrThrow();
  assert.equal(clock.met_date, '2026-11-20');
  assert.match(clock.met_note!, /state QW/);
});

test('the same file again posts nothing; a later quarter at the same employer adds a result but no second withholding order', async () => {
  const again = await importSwaMatches(sys.deps, sys.ctx('administrator'), 'copy.txt', file([QW, UI, { ...QW, ssn: '401223333', first_name: 'NOBODY', last_name: 'KNOWN' }]));
  assert.ok(!again.ok);
  assert.equal(again.code, 'ALREADY_PROCESSED');
  const next = await importSwaMatches(sys.deps, sys.ctx('administrator'), 'swa-2026q4.txt', file([{ ...QW, quarter: '20264', wages_cents: 1_300_000 }, UI]));
  assert.ok(next.ok, JSON.stringify(next));
  assert.equal(next.value.employersRecorded, 1);
  assert.equal(next.value.duplicates, 2, 'the same UI claim and address are taken once');
  assert.equal(next.value.withholdingStarted, 0, 'an order is already pending at that employer');
  assert.equal((await iwos()).length, 2);
});

test('a malformed SWA file writes nothing', async () => {
  const text = file([QW]).replace('20263', '2026Q');
  const batches = Number((await sys.deps.db.selectFrom('import_batch').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const r = await importSwaMatches(sys.deps, sys.ctx('administrator'), 'bad.txt', text);
  assert.ok(!r.ok);
  assert.equal(r.code, 'IMPORT_REJECTED');
  assert.equal(r.details![0]!.path, 'record 1/reporting_quarter');
  assert.equal(Number((await sys.deps.db.selectFrom('import_batch').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), batches);
});
