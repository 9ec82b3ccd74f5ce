// Property: whatever mix of new and repeated receipts arrives, each idempotency key posts once, the
// ledger holds exactly the distinct receipts, and conservation holds after distribution.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { receiveReceipt } from '../../src/financial/receipts.ts';
import { conservationProblems } from '../../src/financial/ledger.ts';
import { runDailyCycle } from '../../src/financial/batch.ts';

let sys: TestSystem;
let caseNumber: string;

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  const token = await sys.login('worker');
  const intake = await sys.app.inject({ method: 'POST', url: '/api/intakes', headers: { authorization: `Bearer ${token}` }, payload: sampleIntake() });
  caseNumber = intake.json().caseNumber;
  const order = await sys.app.inject({
    method: 'POST',
    url: `/api/cases/${caseNumber}/orders`,
    headers: { authorization: `Bearer ${token}` },
    payload: { orderNumber: 'IDEM-1', orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-10-01', obligations: [{ kind: 'current_support', amount: '250.00', frequency: 'monthly', startDate: '2026-10-01' }] },
  });
  assert.equal(order.statusCode, 201, order.body);
});
after(() => sys.close());

test('receipts with repeated idempotency keys post once each, and money is conserved', async () => {
  let round = 0;
  const seen = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(fc.array(fc.record({ key: fc.integer({ min: 1, max: 12 }), cents: fc.integer({ min: 1, max: 90_000 }) }), { minLength: 1, maxLength: 15 }), async (batch) => {
      round++;
      await sys.deps.db.transaction().execute(async (trx) => {
        for (const r of batch) {
          const key = `prop:${r.key}`;
          const posted = await receiveReceipt({ ...sys.deps, db: trx as never }, sys.ctx('financial_worker'), { idempotencyKey: key, source: 'check', amountCents: seen.get(key) ?? r.cents, receivedDate: '2026-11-02', caseNumber });
          assert.equal(posted.duplicate, seen.has(key));
          if (!seen.has(key)) seen.set(key, r.cents);
        }
      });
      const receipts = await sql<{ n: number; total: number }>`select count(*)::int as n, coalesce(sum(amount_cents), 0)::bigint as total from receipt`.execute(sys.deps.db);
      assert.equal(receipts.rows[0]!.n, seen.size);
      assert.equal(receipts.rows[0]!.total, [...seen.values()].reduce((a, b) => a + b, 0));
      assert.deepEqual(await conservationProblems(sys.deps.db), []);
    }),
    { numRuns: 15 },
  );
  assert.ok(round >= 15);
  const summary = await runDailyCycle(sys.deps, '2026-11-02');
  assert.equal(summary.status, 'completed', JSON.stringify(summary.problems));
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
});
