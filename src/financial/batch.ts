/**
 * The daily financial cycle for a business date, in phases: distribute the receipts received up to that
 * date, release joint-return holds whose six months are over, charge each case account up to the date's
 * month, disburse what is owed, write the direct-deposit file, and verify conservation.
 *
 * Each phase runs in chunks. A chunk is one transaction that locks the run's row, reads the checkpoint,
 * does its work, checks conservation for everything it touched (refusing itself when broken) and moves the
 * checkpoint on. So a run killed at any point resumes from its last committed chunk, two workers started
 * at once take turns instead of doing the same work twice, and a date already completed is not run again.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Deps } from '../deps.ts';
import type { Db } from '../db/database.ts';
import { monthOf } from './buckets.ts';
import { bringAccountTo, distributeReceipt, expiredOffsetHolds, releaseOffsetHold, type RunMeta } from './distribute.ts';
import { disburseDue, disburseDueOneByOne, unfiledDirectDeposits, writePpdFile, type DisbursementSummary } from './disburse.ts';
import { distributeReceipts } from './distribute-batch.ts';
import { accrueMany, loadCaseAccounts, saveCaseAccount } from './accounts.ts';
import { conservationProblems, type ConservationProblem } from './ledger.ts';

export const PHASES = ['distribute', 'release_holds', 'accrue', 'disburse', 'ppd', 'verify', 'done'] as const;
export type Phase = (typeof PHASES)[number];

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

interface Checkpoint {
  phase: Phase;
  /** Position inside the phase: receipts by (received date, id), accounts and payables by case id. */
  cursorDate: string;
  cursorId: number;
  /** Journals up to this id existed before the run (what was checked by the previous completed cycle). */
  sinceJournalId: number;
  chunks: number;
  summary: DailyCycleSummary;
  lastJournalId?: number;
}

export class ConservationError extends Error {
  constructor(readonly problems: ConservationProblem[]) {
    super(`conservation check failed: ${problems.map((p) => `${p.scope}: ${p.message}`).join('; ')}`);
  }
}

export interface CycleOptions {
  userId?: number | null;
  /** Items per chunk (receipts, accounts, cases with payables). */
  chunkSize?: number;
  onProgress?: (phase: Phase, checkpoint: { chunks: number; summary: DailyCycleSummary }) => void;
  /**
   * Distribute and disburse one receipt and one payable at a time through the single-item services
   * (distributeReceipt, disburseDueOneByOne) instead of a chunk at a time: the reference the batched
   * cycle is compared with in the tests. It writes the same ledger, only with many more round trips.
   */
  oneByOne?: boolean;
}

function emptySummary(businessDate: string): DailyCycleSummary {
  return {
    businessDate,
    status: 'completed',
    receiptsDistributed: 0,
    receiptsWaitingForOrder: 0,
    accountsCharged: 0,
    holdsReleased: 0,
    disbursements: { count: 0, totalCents: 0, eftCount: 0, checkCount: 0, internalCount: 0, late: 0, disbursementIds: [], ppdFileId: null },
    problems: [],
  };
}

async function maxJournalId(db: Db): Promise<number> {
  const row = await db.selectFrom('ledger_journal').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Finds or creates the run row for the date and returns its id (null when already completed). */
async function openRun(db: Db, businessDate: string): Promise<{ id: number; completed: DailyCycleSummary | null }> {
  await db
    .insertInto('batch_run')
    .values({ kind: 'daily_financial', business_date: businessDate, status: 'running', checkpoint: '{}' })
    .onConflict((oc) => oc.columns(['kind', 'business_date']).doNothing())
    .execute();
  const run = await db.selectFrom('batch_run').select(['id', 'status', 'summary']).where('kind', '=', 'daily_financial').where('business_date', '=', businessDate).executeTakeFirstOrThrow();
  return { id: run.id, completed: run.status === 'completed' ? (run.summary as DailyCycleSummary) : null };
}

export async function runDailyCycle(deps: Deps, businessDate: string, options: CycleOptions | number | null = {}): Promise<DailyCycleSummary> {
  const opts: CycleOptions = typeof options === 'number' || options === null ? { userId: options } : options;
  const chunkSize = opts.chunkSize ?? 500;
  const opened = await openRun(deps.db, businessDate);
  if (opened.completed) return { ...opened.completed, status: 'already_completed' };
  for (;;) {
    let outcome: { checkpoint: Checkpoint; finished: boolean };
    try {
      outcome = await deps.db.transaction().execute((trx) => runChunk({ ...deps, db: trx as unknown as Db }, opened.id, businessDate, chunkSize, opts.userId ?? null, opts.oneByOne ?? false));
    } catch (err) {
      const problems = err instanceof ConservationError ? err.problems : [{ scope: 'batch', message: (err as Error).message }];
      await deps.db.updateTable('batch_run').set({ status: 'failed', finished_at: deps.clock.now(), summary: JSON.stringify({ problems }) }).where('id', '=', opened.id).execute();
      if (err instanceof ConservationError) return { ...emptySummary(businessDate), status: 'failed', disbursements: null, problems };
      throw err;
    }
    opts.onProgress?.(outcome.checkpoint.phase, outcome.checkpoint);
    if (outcome.finished) return outcome.checkpoint.summary;
  }
}

/** One chunk of work, in the caller's transaction. */
async function runChunk(deps: Deps, runId: number, businessDate: string, chunkSize: number, userId: number | null, oneByOne: boolean): Promise<{ checkpoint: Checkpoint; finished: boolean }> {
  const { db } = deps;
  // The row lock makes concurrent workers take turns; the checkpoint read under it is current.
  const run = await db.selectFrom('batch_run').select(['status', 'checkpoint', 'summary']).where('id', '=', runId).forUpdate().executeTakeFirstOrThrow();
  if (run.status === 'completed') return { checkpoint: { ...(run.checkpoint as Checkpoint), summary: run.summary as DailyCycleSummary, phase: 'done' }, finished: true };
  const stored = run.checkpoint as Partial<Checkpoint>;
  const cp: Checkpoint = stored.phase
    ? (stored as Checkpoint)
    : { phase: 'distribute', cursorDate: '0001-01-01', cursorId: 0, sinceJournalId: await previousCycleJournal(db, businessDate), chunks: 0, summary: emptySummary(businessDate) };
  const chunkStart = await maxJournalId(db);
  const meta: RunMeta = { batchRunId: runId, userId, now: deps.clock.now(), businessDate };
  const s = cp.summary;

  switch (cp.phase) {
    case 'distribute': {
      const receipts = await db
        .selectFrom('receipt')
        .select(['id', 'received_date'])
        .where('status', '=', 'undistributed')
        .where('received_date', '<=', businessDate)
        .where(sql<boolean>`(received_date, id) > (${cp.cursorDate}::date, ${cp.cursorId})`)
        .orderBy('received_date')
        .orderBy('id')
        .limit(chunkSize)
        .execute();
      // The whole chunk in a few statements (distribute-batch.ts), or receipt by receipt for the reference run.
      const outcomes = oneByOne ? [] : await distributeReceipts(deps, meta, receipts.map((r) => r.id));
      for (const [i, r] of receipts.entries()) {
        const outcome = oneByOne ? await distributeReceipt(deps, meta, r.id) : outcomes[i]!;
        if (outcome.status === 'distributed') s.receiptsDistributed++;
        else if (outcome.status === 'no_order') s.receiptsWaitingForOrder++;
        cp.cursorDate = r.received_date;
        cp.cursorId = r.id;
      }
      if (receipts.length < chunkSize) advance(cp, 'release_holds');
      break;
    }
    case 'release_holds': {
      // A joint-return offset may be held at most six months (303.72(h)(5)); then it is distributed.
      const holds = (await expiredOffsetHolds(db, businessDate)).slice(0, chunkSize);
      for (const holdId of holds) {
        await releaseOffsetHold(deps, meta, holdId, 0);
        s.holdsReleased++;
      }
      if (holds.length < chunkSize) advance(cp, 'accrue');
      break;
    }
    case 'accrue': {
      const month = monthOf(businessDate);
      const behind = await db.selectFrom('case_account').select('case_id').where('support_month', '<', month).where('case_id', '>', cp.cursorId).orderBy('case_id').limit(chunkSize).execute();
      const accounts = await loadCaseAccounts(db, behind.map((b) => b.case_id), true);
      // Accounts holding prepaid money apply it month by month (bringAccountTo); the rest are charged together.
      const holding = accounts.filter((a) => a.state.heldFutureCents > 0);
      await accrueMany(db, accounts.filter((a) => a.state.heldFutureCents <= 0), month, meta.batchRunId, meta.now);
      for (const account of holding) {
        await bringAccountTo(db, meta, account, month);
        await saveCaseAccount(db, account, meta.now);
      }
      s.accountsCharged += accounts.length;
      if (behind.length) cp.cursorId = behind[behind.length - 1]!.case_id;
      if (behind.length < chunkSize) advance(cp, 'disburse');
      break;
    }
    case 'disburse': {
      const page = await (oneByOne ? disburseDueOneByOne : disburseDue)(deps, meta, cp.sinceJournalId, { afterCaseId: cp.cursorId, caseLimit: chunkSize, writeFile: false });
      const d = s.disbursements!;
      d.count += page.count;
      d.totalCents += page.totalCents;
      d.eftCount += page.eftCount;
      d.checkCount += page.checkCount;
      d.internalCount += page.internalCount;
      d.late += page.late;
      if (page.lastCaseId === null) advance(cp, 'ppd');
      else cp.cursorId = page.lastCaseId;
      break;
    }
    case 'ppd': {
      const ids = await unfiledDirectDeposits(db, runId);
      if (ids.length) s.disbursements!.ppdFileId = await writePpdFile(deps, meta, ids);
      advance(cp, 'verify');
      break;
    }
    case 'verify': {
      // The totals in full, and every case and receipt the run (or anything since the last cycle) touched.
      const problems = await conservationProblems(db, cp.sinceJournalId);
      if (problems.length) throw new ConservationError(problems);
      cp.lastJournalId = await maxJournalId(db);
      advance(cp, 'done');
      cp.summary.status = 'completed';
      await db
        .updateTable('batch_run')
        .set({ status: 'completed', finished_at: deps.clock.now(), summary: JSON.stringify(cp.summary), checkpoint: JSON.stringify(cp) })
        .where('id', '=', runId)
        .execute();
      return { checkpoint: cp, finished: true };
    }
    case 'done':
      return { checkpoint: cp, finished: true };
  }
  // Each chunk is refused if what it wrote does not balance.
  if ((await maxJournalId(db)) > chunkStart) {
    const problems = await conservationProblems(db, chunkStart, { totals: false });
    if (problems.length) throw new ConservationError(problems);
  }
  cp.chunks++;
  await db.updateTable('batch_run').set({ status: 'running', checkpoint: JSON.stringify(cp) }).where('id', '=', runId).execute();
  return { checkpoint: cp, finished: false };
}

function advance(cp: Checkpoint, phase: Phase): void {
  cp.phase = phase;
  cp.cursorDate = '0001-01-01';
  cp.cursorId = 0;
}

/** The last journal of the latest completed cycle before this date (0 when none). */
async function previousCycleJournal(db: Db, businessDate: string): Promise<number> {
  const previous = await db
    .selectFrom('batch_run')
    .select('checkpoint')
    .where('kind', '=', 'daily_financial')
    .where('status', '=', 'completed')
    .where('business_date', '<', businessDate)
    .orderBy('business_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return Number((previous?.checkpoint as { lastJournalId?: number } | undefined)?.lastJournalId ?? 0);
}

/** Counts of undistributed money by age and reason, for the undistributed collections report. */
export async function undistributedAging(deps: Pick<Deps, 'db'>, asOf: string, receiptScope: RawBuilder<boolean> | null = null) {
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
    from held where amount > 0 and ${receiptScope ?? sql<boolean>`true`} group by 1, 2 order by 1, 2`.execute(deps.db);
  return rows.rows;
}
