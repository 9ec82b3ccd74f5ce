/**
 * Collections on a responding case (45 CFR 303.7(d)(6)(v)): applied to the order like any other, but paid
 * out to the initiating State (payee other_state), with no annual fee (303.7(f): the initiating State
 * imposes it), and disbursed by the daily cycle within two business days. The same money on an ordinary
 * never-assistance case pays the family and takes the fee, which shows the threshold was reached.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { submitIntake } from '../../src/cases/intake.ts';
import { enterSupportOrder } from '../../src/financial/orders.ts';
import { receiveReceipt } from '../../src/financial/receipts.ts';
import { runDailyCycle } from '../../src/financial/batch.ts';
import { conservationProblems } from '../../src/financial/ledger.ts';
import { inTransaction } from '../../src/db/tx.ts';
import { sql } from 'kysely';

let sys: TestSystem;
let responding: string;
let ordinary: string;

async function openCase(overrides: Record<string, unknown>, people: Parameters<typeof sampleIntake>[1]): Promise<string> {
  const r = await submitIntake(sys.deps, sys.ctx(), sampleIntake(overrides, people));
  assert.ok(r.ok, JSON.stringify(r));
  const caseNumber = r.value.caseNumber!;
  const o = await enterSupportOrder(sys.deps, sys.ctx(), caseNumber, { orderNumber: `O-${caseNumber}`, orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-11-01', obligations: [{ kind: 'current_support', amountCents: 60_000, frequency: 'monthly', startDate: '2026-11-01' }] });
  assert.ok(o.ok, JSON.stringify(o));
  return caseNumber;
}

const receipt = (key: string, caseNumber: string, amountCents: number, receivedDate = '2026-11-02') =>
  inTransaction(sys.deps.db, (db) => receiveReceipt({ ...sys.deps, db }, sys.ctx(), { idempotencyKey: key, source: 'check', amountCents, receivedDate, caseNumber }));

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  responding = await openCase({ kind: 'interstate_referral', interstate: { role: 'responding', otherJurisdictionFips: '4200000', otherJurisdictionCaseId: 'PA-77' } }, {});
  ordinary = await openCase({}, { cpSsn: '212-45-6782', ncpSsn: '318-22-4411', cpFirst: 'Ana', ncpFirst: 'Luis', ncpLast: 'Ortiz', childFirst: 'Eva' });
});
after(() => sys.close());

test('a responding case forwards what it collects to the initiating State, without the annual fee', async () => {
  assert.ok((await receipt('t:1', responding, 70_000)).ok);
  assert.ok((await receipt('t:2', ordinary, 70_000)).ok);
  const cycle = await runDailyCycle(sys.deps, '2026-11-02');
  assert.equal(cycle.status, 'completed', JSON.stringify(cycle.problems));

  const rows = await sql<{ case_number: string; target: string; payee: string; amount_cents: number; rule_code: string }>`
    select c.case_number, a.target, a.payee, a.amount_cents, a.rule_code from distribution_allocation a join iv_d_case c on c.id = a.case_id order by a.id`.execute(sys.deps.db);
  const of = (caseNumber: string) => rows.rows.filter((r) => r.case_number === caseNumber).map((r) => [r.target, r.payee, r.amount_cents, r.rule_code]);
  assert.deepEqual(of(responding), [
    ['current_support', 'other_state', 60_000, 'CURRENT_SUPPORT_TO_FAMILY'],
    ['future_support', 'held', 10_000, 'FUTURE_SUPPORT_HELD'],
  ]);
  const ordinaryRows = of(ordinary);
  assert.ok(ordinaryRows.some((r) => r[3] === 'ANNUAL_FEE'), 'the same money reaches the fee threshold on an ordinary case');
  assert.ok(!ordinaryRows.some((r) => r[1] === 'other_state'));

  const paid = await sql<{ case_number: string; payee: string; amount_cents: number; due_date: string; payee_person_id: number | null }>`
    select c.case_number, d.payee, d.amount_cents, d.due_date::text as due_date, d.payee_person_id from disbursement d join iv_d_case c on c.id = d.case_id order by d.id`.execute(sys.deps.db);
  // To the other State, not to a person here (the parent portal shows only what was paid to the parent).
  assert.deepEqual(paid.rows.filter((d) => d.case_number === responding).map((d) => [d.payee, d.amount_cents, d.due_date, d.payee_person_id]), [['other_state', 60_000, '2026-11-04', null]]);
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
});

test('property: whatever is collected on a responding case is forwarded, held or refunded, never kept or paid to the family', async () => {
  let n = 0;
  let day = 2;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 90_000 }), { minLength: 1, maxLength: 3 }), async (amounts) => {
      // A new business day per run: its receipts, then its daily cycle.
      const date = `2026-11-${String(++day).padStart(2, '0')}`;
      sys.clock.set(date);
      for (const a of amounts) assert.ok((await receipt(`p:${++n}`, responding, a, date)).ok);
      const c = await runDailyCycle(sys.deps, date);
      assert.equal(c.status, 'completed', JSON.stringify(c.problems));
      const { rows } = await sql<{ payee: string; total: number }>`
        select a.payee, sum(a.amount_cents)::bigint as total from distribution_allocation a join iv_d_case c on c.id = a.case_id
        where c.case_number = ${responding} group by a.payee`.execute(sys.deps.db);
      assert.ok(rows.every((r) => ['other_state', 'held'].includes(r.payee)), JSON.stringify(rows));
      const waiting = await sys.deps.db.selectFrom('receipt').select('id').where('status', '=', 'undistributed').execute();
      assert.equal(waiting.length, 0);
    }),
    { numRuns: 6 },
  );
  const r = await sql<{ received: number; forwarded: number; held: number; refunded: number }>`
    select (select sum(amount_cents) from receipt x join iv_d_case c on c.id = x.case_id where c.case_number = ${responding})::bigint as received,
      (select coalesce(sum(amount_cents), 0) from disbursement d join iv_d_case c on c.id = d.case_id where c.case_number = ${responding} and d.payee = 'other_state')::bigint as forwarded,
      (select coalesce(-sum(p.amount_cents), 0) from ledger_posting p join iv_d_case c on c.id = p.case_id where c.case_number = ${responding} and p.account = 'undistributed')::bigint as held,
      (select coalesce(sum(amount_cents), 0) from disbursement d join iv_d_case c on c.id = d.case_id where c.case_number = ${responding} and d.payee = 'obligor_refund')::bigint as refunded`.execute(sys.deps.db);
  const x = r.rows[0]!;
  assert.equal(x.received, x.forwarded + x.held + x.refunded, JSON.stringify(x));
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
});
