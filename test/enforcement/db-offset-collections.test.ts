/**
 * Offset collections and adjustments from OCSE through the financial receipt path: a joint-return
 * collection is held, a single-return one distributed; an injured-spouse adjustment refunds the spouse's
 * share from the hold; an adjustment of distributed money reverses the receipt and receipts the rest.
 * Every record applies once; a malformed file applies nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { importOffsetCollections } from '../../src/enforcement/offset-collections.ts';
import { loadCaseAccount, saveCaseAccount } from '../../src/financial/accounts.ts';
import { zeroArrears } from '../../src/financial/buckets.ts';
import { conservationProblems } from '../../src/financial/ledger.ts';
import { buildCollectionFile, type FopCollection } from '../../src/formats/fop/fop.ts';

let sys: TestSystem;
let caseId: number;
let caseNumber: string;

type Rec = Omit<FopCollection, 'line' | 'raw'>;
const rec = (over: Partial<Rec>): Rec => ({ submitting_state: 'PA', local_code: '001', ssn: '318224410', case_id: caseNumber, last_name: 'REYES', first_name: 'DANIEL', arrearage_cents: 450_000, collection_cents: 0, adjustment_cents: 0, adjustment_year: null, offset_tax_year: 2025, joint_return: false, case_type: 'N', names_on_return: 'DANIEL REYES', offset_type: 'TAX', injured_spouse: false, ...over });
const file = (rows: Rec[]) => {
  const f = buildCollectionFile('PA', rows);
  assert.ok(f.ok, JSON.stringify(f));
  return f.value;
};
const fin = () => sys.ctx('financial_worker');
const count = async (table: 'receipt' | 'federal_offset_collection') => Number((await sys.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  const token = await sys.login('worker');
  const intake = await sys.app.inject({ method: 'POST', url: '/api/intakes', headers: { authorization: `Bearer ${token}` }, payload: sampleIntake() });
  caseNumber = intake.json().caseNumber;
  const order = await sys.app.inject({ method: 'POST', url: `/api/cases/${caseNumber}/orders`, headers: { authorization: `Bearer ${token}` }, payload: { orderNumber: 'DR-2026-0077', orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-11-01', obligations: [{ kind: 'current_support', amount: '300.00', frequency: 'monthly', startDate: '2026-11-01' }] } });
  assert.equal(order.statusCode, 201, order.body);
  caseId = (await sys.deps.db.selectFrom('iv_d_case').select('id').where('case_number', '=', caseNumber).executeTakeFirstOrThrow()).id;
  const account = (await loadCaseAccount(sys.deps.db, caseId))!;
  account.state = { ...account.state, arrears: { ...zeroArrears(), NA: 450_000 } };
  await saveCaseAccount(sys.deps.db, account, new Date());
});
after(() => sys.close());

test('collections: a joint return is held, a single return is distributed to arrears; the same file twice applies nothing', async () => {
  const text = file([rec({ collection_cents: 120_000, joint_return: true }), rec({ collection_cents: 50_000, offset_tax_year: 2024 })]);
  const r = await importOffsetCollections(sys.deps, fin(), 'fop-coll-20261102.txt', text);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.value, { records: 2, duplicates: 0, collections: 2, collectedCents: 170_000, holdsReleased: 0, reversals: 0, adjustedCents: 0, research: 0 });
  const receipts = await sys.deps.db.selectFrom('receipt').select(['amount_cents', 'source', 'joint_return', 'status', 'case_id']).orderBy('id').execute();
  assert.deepEqual(receipts, [
    { amount_cents: 120_000, source: 'federal_tax_offset', joint_return: true, status: 'distributed', case_id: caseId },
    { amount_cents: 50_000, source: 'federal_tax_offset', joint_return: false, status: 'distributed', case_id: caseId },
  ]);
  const holds = await sys.deps.db.selectFrom('distribution_allocation').select(['amount_cents', 'hold_reason']).where('hold_reason', '=', 'joint_return_offset').execute();
  assert.deepEqual(holds, [{ amount_cents: 120_000, hold_reason: 'joint_return_offset' }]);
  assert.equal((await loadCaseAccount(sys.deps.db, caseId))!.state.arrears.NA, 400_000, 'the single-return offset paid arrears');
  const again = await importOffsetCollections(sys.deps, fin(), 'fop-coll-20261102-resent.txt', text);
  assert.ok(again.ok);
  assert.equal(again.value.duplicates, 2);
  assert.equal(await count('receipt'), 2);
  assert.equal(await count('federal_offset_collection'), 2);
});

test('an injured-spouse adjustment refunds the spouse share from the joint-return hold and distributes the rest', async () => {
  const r = await importOffsetCollections(sys.deps, fin(), 'fop-adj-1.txt', file([rec({ adjustment_cents: -40_000, adjustment_year: 2026, joint_return: true, injured_spouse: true })]));
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.holdsReleased, 1);
  const released = await sys.deps.db.selectFrom('distribution_allocation').select(['target', 'payee', 'amount_cents']).where('released_allocation_id', 'is not', null).orderBy('id').execute();
  assert.equal(released.filter((a) => a.target === 'refund').reduce((s, a) => s + a.amount_cents, 0), 40_000);
  assert.equal(released.filter((a) => a.target !== 'refund').reduce((s, a) => s + a.amount_cents, 0), 80_000);
  assert.equal((await loadCaseAccount(sys.deps.db, caseId))!.state.arrears.NA, 320_000);
  const again = await importOffsetCollections(sys.deps, fin(), 'fop-adj-1-again.txt', file([rec({ adjustment_cents: -40_000, adjustment_year: 2026, joint_return: true, injured_spouse: true })]));
  assert.ok(again.ok);
  assert.equal(again.value.duplicates, 1);
});

test('an adjustment of distributed money reverses the receipt and receipts what remains', async () => {
  const r = await importOffsetCollections(sys.deps, fin(), 'fop-adj-2.txt', file([rec({ adjustment_cents: -10_000, adjustment_year: 2026, offset_tax_year: 2024 })]));
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.reversals, 1);
  const receipts = await sys.deps.db.selectFrom('receipt').select(['amount_cents', 'status']).orderBy('id').execute();
  assert.deepEqual(receipts.map((x) => [x.amount_cents, x.status]), [[120_000, 'distributed'], [50_000, 'reversed'], [40_000, 'distributed']]);
  assert.equal((await loadCaseAccount(sys.deps.db, caseId))!.state.arrears.NA, 330_000);
  const reversal = await sys.deps.db.selectFrom('ledger_journal').select('reason_code').where('reason_code', '=', 'OFFSET_ADJUSTMENT').execute();
  assert.ok(reversal.length >= 1);
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
});

test('an adjustment with no collection on file goes to research; a malformed file applies nothing', async () => {
  const r = await importOffsetCollections(sys.deps, fin(), 'fop-adj-3.txt', file([rec({ adjustment_cents: -5_000, adjustment_year: 2026, offset_tax_year: 2019 })]));
  assert.ok(r.ok);
  assert.equal(r.value.research, 1);
  const before = await count('federal_offset_collection');
  const good = file([rec({ collection_cents: 7_500, offset_tax_year: 2023 })]);
  const lines = good.split('\n');
  const bad = [lines[0]!, lines[0]!.slice(0, 106) + 'Q' + lines[0]!.slice(107), lines[1]!.replace('000000001', '000000002'), ''].join('\n');
  const rejected = await importOffsetCollections(sys.deps, fin(), 'bad.txt', bad);
  assert.equal(rejected.ok, false);
  assert.ok(!rejected.ok && rejected.code === 'IMPORT_REJECTED');
  assert.match(JSON.stringify(rejected), /line 2: FOP collection\/adjustment record, case_type \(position 107\)/);
  assert.equal(await count('federal_offset_collection'), before);
  const denied = await importOffsetCollections(sys.deps, sys.ctx('caseworker', 'NORTH'), 'x.txt', good);
  assert.ok(!denied.ok && denied.code === 'FORBIDDEN');
});
