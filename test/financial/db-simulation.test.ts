// A seeded simulation of twelve months of daily cycles, with the conservation check after each day
// (the cycle refuses itself when it fails). On PostgreSQL it runs a couple of thousand cases; on PGlite a
// smaller caseload keeps the suite quick. CSE_SIM_CASES overrides the size.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';
import { seedFinancialCases, simulateDays } from '../../src/financial/simulation.ts';
import { conservationProblems } from '../../src/financial/ledger.ts';

const CASES = Number(process.env.CSE_SIM_CASES ?? (process.env.DATABASE_URL ? 2000 : 250));
let sys: TestSystem;
before(async () => {
  sys = await createTestSystem({ today: '2026-01-01' });
});
after(() => sys.close());

test(`twelve months of daily cycles for ${CASES} cases keep every cent accounted for`, { timeout: 30 * 60_000 }, async () => {
  const cases = await seedFinancialCases(sys.deps, { cases: CASES, seed: 2026, startMonth: '2026-01' });
  let late = 0;
  let disbursed = 0;
  const result = await simulateDays(sys.deps, cases, '2026-01-01', 365, 2026, (_date, s) => {
    late += s.disbursements?.late ?? 0;
    disbursed += s.disbursements?.count ?? 0;
  });
  assert.deepEqual(result.failedDays, [], 'no day failed its conservation check');
  assert.equal(result.days, 365);
  assert.ok(result.receipts > CASES * 6, `receipts: ${result.receipts}`);
  assert.ok(result.reversals > 0, 'some checks bounced');
  assert.ok(disbursed > 0);
  assert.equal(late, 0, 'every disbursement within two business days');
  assert.deepEqual(await conservationProblems(sys.deps.db), [], 'a full check at the end agrees');

  const totals = await sql<{ received: number; distributed: number; held: number; refunded: number; disbursed: number }>`
    select
      (select coalesce(sum(amount_cents), 0) from receipt where status <> 'reversed')::bigint as received,
      (select coalesce(-sum(p.amount_cents), 0) from ledger_posting p join ledger_journal j on j.id = p.journal_id where p.account like 'payable_%' and j.event in ('distribution', 'reversal'))::bigint as distributed,
      (select coalesce(-sum(amount_cents), 0) from ledger_posting where account = 'undistributed')::bigint as held,
      (select coalesce(-sum(p.amount_cents), 0) from ledger_posting p join ledger_journal j on j.id = p.journal_id where p.account = 'refund_payable' and j.event in ('distribution', 'reversal'))::bigint as refunded,
      (select coalesce(sum(amount_cents), 0) from disbursement)::bigint as disbursed`.execute(sys.deps.db);
  const t = totals.rows[0]!;
  assert.equal(t.received, t.distributed + t.held + t.refunded, 'received = distributed + held + refunded');
  const accrued = await sql<{ n: number }>`select count(*)::int as n from accrual`.execute(sys.deps.db);
  assert.equal(accrued.rows[0]!.n, CASES * 11, 'each case charged once for each month after the first');
});
