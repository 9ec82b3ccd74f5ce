// A child-process tool for the fault tests: seeds a caseload with receipts for a run of days, and
// checks the invariants afterwards, against the database named by CSE_HOME or DATABASE_URL.
import { sql } from 'kysely';
import { openSystem } from '../../src/system.ts';
import { seedFinancialCases } from '../../src/financial/simulation.ts';
import { receiveReceipt } from '../../src/financial/receipts.ts';
import { conservationProblems } from '../../src/financial/ledger.ts';
import { addDays } from '../../src/kernel/calendar.ts';
import { fixedClock } from '../../src/kernel/clock.ts';
import { systemActor } from '../../src/security/context.ts';

const [command, ...args] = process.argv.slice(2);
const system = await openSystem();
try {
  if (command === 'seed') {
    const [cases, start, days] = [Number(args[0]), args[1]!, Number(args[2])];
    const deps = { ...system.deps, clock: fixedClock(start) };
    const simCases = await seedFinancialCases(deps, { cases, seed: 11, startMonth: start.slice(0, 7) });
    for (let i = 0; i < days; i++) {
      const date = addDays(start, i);
      const clock = fixedClock(date);
      await system.deps.db.transaction().execute(async (trx) => {
        // Everyone pays every day here, so each day's batch has plenty of work to be killed in.
        for (const c of simCases) {
          await receiveReceipt({ ...deps, db: trx as never, clock }, { actor: systemActor('financial_worker'), purpose: 'fault test', requestId: null, clientIp: null, clock }, {
            idempotencyKey: `fault:${date}:${c.caseId}`,
            source: 'check',
            amountCents: Math.max(100, Math.round(c.monthlyCents / 5)),
            receivedDate: date,
            caseNumber: c.caseNumber,
          });
        }
      });
    }
    process.stdout.write(JSON.stringify({ cases: simCases.length }) + '\n');
  } else if (command === 'check') {
    const db = system.deps.db;
    const problems = await conservationProblems(db);
    const twice = await sql<{ n: number }>`
      select count(*)::int as n from (
        select d.receipt_id, d.case_id from distribution_allocation d
        where not exists (select 1 from ledger_journal r where r.reverses_journal_id = d.journal_id) and not d.from_hold and d.released_allocation_id is null
        group by d.receipt_id, d.case_id having count(distinct d.journal_id) > 1) x`.execute(db);
    const counts = await sql<{ receipts: number; distributed: number; undistributed: number; received: number; allocated: number }>`
      select (select count(*) from receipt)::int as receipts,
        (select count(*) from receipt where status = 'distributed')::int as distributed,
        (select count(*) from receipt where status = 'undistributed')::int as undistributed,
        (select coalesce(sum(amount_cents), 0) from receipt)::bigint as received,
        (select coalesce(sum(amount_cents), 0) from distribution_allocation d where not d.from_hold and d.released_allocation_id is null
           and not exists (select 1 from ledger_journal r where r.reverses_journal_id = d.journal_id))::bigint as allocated`.execute(db);
    const accruals = await sql<{ dup: number }>`select count(*)::int as dup from (select case_id, support_month from accrual group by 1, 2 having count(*) > 1) x`.execute(db);
    const runs = await db.selectFrom('batch_run').select(['business_date', 'status']).orderBy('business_date').execute();
    process.stdout.write(JSON.stringify({ problems, distributedTwice: twice.rows[0]!.n, duplicateAccruals: accruals.rows[0]!.dup, ...counts.rows[0], runs }) + '\n');
  } else {
    throw new Error(`unknown command ${command}`);
  }
} finally {
  await system.close();
}
