/**
 * A responding State forwards what it collects to the initiating State within 2 business days of SDU
 * receipt (45 CFR 303.7(d)(6)(v); 302.32(b)(1)) with the date of collection, its own case id and locator
 * code (federal-rules.md 1.8). The daily financial cycle disburses a responding case's collections to the
 * payee `other_state`; this step advises the initiating State of each such disbursement with a CSENet COL P
 * transaction (one Collection block per receipt it pays, with that receipt's date of collection) and
 * records the 303.7(d)(6)(v) clock as met on the disbursement date. This module owns
 * interstate_collection_forward.
 */
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { orAbort, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { meetClock, recordClockEvent } from '../casework/timeframes.ts';
import type { RecordValues } from '../formats/fixed-width.ts';
import { interstateCaseById } from './cases.ts';
import { queueTransaction } from './exchange.ts';
import { PAYMENT_SOURCE_CODE } from './rules.ts';
import { colProvideReasonCode } from '../formats/csenet/layouts.ts';

export interface ForwardSummary {
  forwarded: number;
  totalCents: number;
  late: number;
  advices: Array<{ disbursementId: number; caseNumber: string; amountCents: number; serial: string; collectionDates: string[]; onTime: boolean }>;
}

/** Collection blocks for one disbursement: per receipt it pays, or one block when that cannot be traced. */
export async function collectionBlocks(db: Deps['db'], d: { id: number; case_id: number; journal_id: number; amount_cents: number; earliest_receipt_date: string; issued_date: string }): Promise<Array<{ date: string; amountCents: number; source: string }>> {
  const previous = await sql<{ j: number | null }>`select max(journal_id) as j from disbursement where case_id = ${d.case_id} and payee = 'other_state' and id < ${d.id}`.execute(db);
  const since = Number(previous.rows[0]?.j ?? 0);
  const parts = await sql<{ received_date: string; source: string; amount: number }>`
    select r.received_date::text as received_date, r.source, sum(a.amount_cents)::bigint as amount
    from distribution_allocation a join receipt r on r.id = a.receipt_id
    where a.case_id = ${d.case_id} and a.payee = 'other_state' and a.journal_id > ${since} and a.journal_id < ${d.journal_id}
      and not exists (select 1 from ledger_journal x where x.reverses_journal_id = a.journal_id)
    group by r.id, r.received_date, r.source order by r.received_date, r.id`.execute(db);
  const total = parts.rows.reduce((n, p) => n + Number(p.amount), 0);
  if (total === d.amount_cents && parts.rows.length > 0 && parts.rows.length <= 9) {
    return parts.rows.map((p) => ({ date: p.received_date, amountCents: Number(p.amount), source: p.source }));
  }
  return [{ date: d.earliest_receipt_date, amountCents: d.amount_cents, source: 'other' }];
}

/**
 * Advises initiating States of every collection disbursed to them and not yet advised (idempotent: one
 * advice per disbursement). Run after the daily cycle; the advices go with the next CSENet send.
 */
export async function forwardCollections(deps: Deps, ctx: RequestContext): Promise<Result<ForwardSummary>> {
  return inTransaction(deps.db, async (db) => {
    orAbort(requirePermission(ctx.actor, 'case.write'));
    const pending = await db
      .selectFrom('disbursement as d')
      .innerJoin('iv_d_case as c', 'c.id', 'd.case_id')
      .select(['d.id', 'd.case_id', 'd.journal_id', 'd.amount_cents', 'd.earliest_receipt_date', 'd.issued_date', 'd.due_date', 'c.case_number'])
      .where('d.payee', '=', 'other_state')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('interstate_collection_forward as f').select('f.id').whereRef('f.disbursement_id', '=', 'd.id'))))
      .orderBy('d.id')
      .execute();
    const summary: ForwardSummary = { forwarded: 0, totalCents: 0, late: 0, advices: [] };
    for (const d of pending) {
      const ic = await interstateCaseById(db, d.case_id!);
      if (!ic || ic.role !== 'responding') continue;
      const parts = await collectionBlocks(db, { ...d, case_id: d.case_id! });
      const blocks: RecordValues[] = parts.map((p) => ({
        collection_date: p.date,
        posting_date: d.issued_date,
        amount_cents: p.amountCents,
        payment_source: PAYMENT_SOURCE_CODE[p.source] ?? 'R',
        payment_method: 'E',
      }));
      const queued = await queueTransaction({ db, keys: deps.keys }, ctx, {
        functionCode: 'COL',
        action: 'P',
        reasonCode: colProvideReasonCode(parts.map((p) => p.source)),
        otherFips: ic.otherFips,
        caseId: ic.caseId,
        localCaseId: ic.caseNumber,
        otherCaseId: ic.otherCaseId ?? '',
        blocks: { collections: blocks },
      });
      await db
        .insertInto('interstate_collection_forward')
        .values({ disbursement_id: d.id, case_id: ic.caseId, transaction_id: queued.transactionId, amount_cents: d.amount_cents, collection_date: d.earliest_receipt_date, created_at: ctx.clock.now() })
        .execute();
      // 303.7(d)(6)(v): started on the SDU receipt date, met on the day the money went to the other State.
      if (ic.caseStatus === 'open') {
        const started = orAbort(await recordClockEvent({ ...deps, db }, ctx, ic.caseNumber, { event: 'responding_collection_received', date: d.earliest_receipt_date, note: `collection for FIPS ${ic.otherFips.state} case ${ic.otherCaseId ?? '?'}` }));
        for (const s of started.started) orAbort(await meetClock({ ...deps, db }, ctx, ic.caseNumber, s.clockId, { date: d.issued_date, note: `forwarded: disbursement ${d.id}, COL P serial ${queued.serial}` }));
      }
      const onTime = d.issued_date <= d.due_date;
      if (!onTime) summary.late++;
      summary.forwarded++;
      summary.totalCents += d.amount_cents;
      summary.advices.push({ disbursementId: d.id, caseNumber: ic.caseNumber, amountCents: d.amount_cents, serial: queued.serial, collectionDates: parts.map((p) => p.date), onTime });
      await recordAudit(db, ctx, { action: 'create', entityType: 'interstate_collection_forward', entityId: d.id, caseIds: [ic.caseId], detail: { amountCents: d.amount_cents, serial: queued.serial } });
    }
    return summary;
  });
}
