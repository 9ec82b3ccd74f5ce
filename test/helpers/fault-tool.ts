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
import { seedBulk } from '../../src/demo/bulk.ts';
import { collectionsAchFile } from '../../src/demo/collections.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
  } else if (command === 'bulk') {
    // A bulk-seeded State and, for each business date given, one employer CCD+ file in <inbox>/<date>/.
    const [cases, inbox, ...dates] = [Number(args[0]), args[1]!, ...args.slice(2)];
    await seedBulk(system.deps, system.handle, { cases, seed: 5, batchSize: 100 });
    let payments = 0;
    for (const [i, date] of dates.entries()) {
      const file = await collectionsAchFile(system.deps, date, { share: 0.4, seed: 100 + i });
      if (!file) throw new Error(`no payers for ${date}`);
      mkdirSync(join(inbox, date), { recursive: true });
      writeFileSync(join(inbox, date, `employer-${date}.ach`), file.content, 'latin1');
      payments += file.payments;
    }
    process.stdout.write(JSON.stringify({ payments }) + '\n');
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
    const nightlies = (await sql<{ business_date: string; status: string }>`select business_date::text, status from batch_run where kind = 'nightly' order by business_date`.execute(db)).rows;
    const achReceipts = await sql<{ n: number; keys: number }>`select count(*)::int as n, count(distinct idempotency_key)::int as keys from receipt where source = 'ach_employer' and idempotency_key not like 'seed:%'`.execute(db);
    process.stdout.write(JSON.stringify({ problems, distributedTwice: twice.rows[0]!.n, duplicateAccruals: accruals.rows[0]!.dup, ...counts.rows[0], runs, nightlies, achReceipts: achReceipts.rows[0]!.n, achKeys: achReceipts.rows[0]!.keys }) + '\n');
  } else {
    throw new Error(`unknown command ${command}`);
  }
} finally {
  await system.close();
}
