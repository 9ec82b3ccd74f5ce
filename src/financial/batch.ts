/**
 * The daily financial cycle for a business date: distribute the receipts received up to that date,
 * charge each case account up to the date's month, disburse what is owed, and check conservation. The
 * cycle is one unit of work: if any check fails, nothing of it is kept and the run is marked failed. A
 * date already completed is not run again.
 */
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import { monthOf } from './buckets.ts';
import { bringAccountTo, distributeReceipt, expiredOffsetHolds, releaseOffsetHold, type RunMeta } from './distribute.ts';
import { disburseDue, type DisbursementSummary } from './disburse.ts';
import { loadCaseAccount, saveCaseAccount } from './accounts.ts';
import { conservationProblems, type ConservationProblem } from './ledger.ts';

export interface DailyCycleSummary {
  businessDate: string;
  status: 'completed' | 'already_completed' | 'failed';
  receiptsDistributed: number;
  receiptsWaitingForOrder: number;
  accountsCharged: number;
  holdsReleased: number;
  disbursements: DisbursementSummary | null;
  problems: ConservationProblem[];
}

export class ConservationError extends Error {
  constructor(readonly problems: ConservationProblem[]) {
    super(`conservation check failed: ${problems.map((p) => `${p.scope}: ${p.message}`).join('; ')}`);
  }
}

export async function runDailyCycle(deps: Deps, businessDate: string, userId: number | null = null): Promise<DailyCycleSummary> {
  const { db } = deps;
  const done = await db.selectFrom('batch_run').select(['id', 'status', 'summary']).where('kind', '=', 'daily_financial').where('business_date', '=', businessDate).executeTakeFirst();
  if (done?.status === 'completed') return { ...(done.summary as DailyCycleSummary), status: 'already_completed' };
  const run = done ?? (await db.insertInto('batch_run').values({ kind: 'daily_financial', business_date: businessDate, status: 'running', checkpoint: '{}' }).returning(['id', 'status', 'summary']).executeTakeFirstOrThrow());
  // Everything since the last completed cycle is checked case by case (receipts and reversals posted
  // between cycles too); the ledger's totals are checked in full.
  const previous = await db
    .selectFrom('batch_run')
    .select('checkpoint')
    .where('kind', '=', 'daily_financial')
    .where('status', '=', 'completed')
    .orderBy('business_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  const sinceJournalId = Number((previous?.checkpoint as { lastJournalId?: number } | undefined)?.lastJournalId ?? 0);
  try {
    const summary = await db.transaction().execute(async (trxRaw) => {
      const trx = trxRaw as unknown as typeof db;
      const meta: RunMeta = { batchRunId: run.id, userId, now: deps.clock.now(), businessDate };
      const s: DailyCycleSummary = { businessDate, status: 'completed', receiptsDistributed: 0, receiptsWaitingForOrder: 0, accountsCharged: 0, holdsReleased: 0, disbursements: null, problems: [] };
      const receipts = await trx.selectFrom('receipt').select('id').where('status', '=', 'undistributed').where('received_date', '<=', businessDate).orderBy('received_date').orderBy('id').execute();
      for (const r of receipts) {
        const outcome = await distributeReceipt({ ...deps, db: trx }, meta, r.id);
        if (outcome.status === 'distributed') s.receiptsDistributed++;
        else if (outcome.status === 'no_order') s.receiptsWaitingForOrder++;
      }
      // A joint-return offset may be held at most six months (303.72(h)(5)); then it is distributed.
      for (const holdId of await expiredOffsetHolds(trx, businessDate)) {
        await releaseOffsetHold({ ...deps, db: trx }, meta, holdId, 0);
        s.holdsReleased++;
      }
      const month = monthOf(businessDate);
      const behind = await trx.selectFrom('case_account').select('case_id').where('support_month', '<', month).orderBy('case_id').execute();
      for (const b of behind) {
        const account = (await loadCaseAccount(trx, b.case_id, true))!;
        await bringAccountTo(trx, meta, account, month);
        await saveCaseAccount(trx, account, meta.now);
        s.accountsCharged++;
      }
      s.disbursements = await disburseDue({ db: trx, keys: deps.keys }, meta, sinceJournalId);
      const problems = await conservationProblems(trx, sinceJournalId);
      if (problems.length) throw new ConservationError(problems);
      const last = await trx.selectFrom('ledger_journal').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
      await trx
        .updateTable('batch_run')
        .set({ status: 'completed', finished_at: deps.clock.now(), summary: JSON.stringify(s), checkpoint: JSON.stringify({ lastJournalId: Number(last?.id ?? 0) }) })
        .where('id', '=', run.id)
        .execute();
      return s;
    });
    return summary;
  } catch (err) {
    const problems = err instanceof ConservationError ? err.problems : [{ scope: 'batch', message: (err as Error).message }];
    await db.updateTable('batch_run').set({ status: 'failed', finished_at: deps.clock.now(), summary: JSON.stringify({ problems }) }).where('id', '=', run.id).execute();
    if (err instanceof ConservationError) return { businessDate, status: 'failed', receiptsDistributed: 0, receiptsWaitingForOrder: 0, accountsCharged: 0, holdsReleased: 0, disbursements: null, problems };
    throw err;
  }
}

/** Counts of undistributed money by age and reason, for the undistributed collections report. */
export async function undistributedAging(deps: Pick<Deps, 'db'>, asOf: string) {
  const rows = await sql<{ reason: string; age_band: string; count: number; total_cents: number }>`
    with held as (
      select r.id, r.received_date, r.amount_cents as amount, case r.status when 'unidentified' then 'unidentified payee' else 'no support order' end as reason
      from receipt r where r.status in ('unidentified', 'undistributed')
      union all
      -- Prepaid support still held: what each receipt put on hold less what was applied from it.
      select d.receipt_id, min(r.received_date), sum(case when d.target = 'future_support' and d.payee = 'held' then d.amount_cents else 0 end)
        - sum(case when d.from_hold then d.amount_cents else 0 end), 'future_payment'
      from distribution_allocation d join receipt r on r.id = d.receipt_id
      where (d.target = 'future_support' or d.from_hold) and r.status <> 'reversed'
        and not exists (select 1 from ledger_journal x where x.reverses_journal_id = d.journal_id)
      group by d.receipt_id
      union all
      select d.receipt_id, r.received_date, d.amount_cents, 'joint_return_offset' from distribution_allocation d
      join receipt r on r.id = d.receipt_id
      where d.hold_reason = 'joint_return_offset' and r.status <> 'reversed'
        and not exists (select 1 from distribution_allocation x where x.released_allocation_id = d.id))
    select reason,
      case when ${asOf}::date - received_date <= 2 then '0-2 days' when ${asOf}::date - received_date <= 30 then '3-30 days'
        when ${asOf}::date - received_date <= 180 then '31-180 days' else 'over 180 days' end as age_band,
      count(*)::int as count, sum(amount)::bigint as total_cents
    from held where amount > 0 group by 1, 2 order by 1, 2`.execute(deps.db);
  return rows.rows;
}
