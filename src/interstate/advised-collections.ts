/**
 * Collections another State advises it has forwarded (CSENet COL P), and the money that settles them.
 *
 * An advice is not money: the responding State sends it when it disburses, and the money comes a day or two
 * later as a CCD+ payment to our SDU (src/interstate/forward-file.ts writes such files on the other side).
 * Receipting on the advice would let the daily cycle pay the family money the SDU does not hold, and the
 * payment would then be receipted a second time. So an advice is kept here, awaiting its money; the ACH
 * import asks `advisedCollectionFor` before it receipts an entry, and an entry whose DED case id is one of
 * our initiating cases with an advice of the same amount is receipted as that forwarded collection (source
 * interstate or federal tax offset, dated on the other SDU's date of collection, 45 CFR 302.51(a)) and
 * settles the advice.
 *
 * Money that comes before its advice is receipted as the ACH payment it is (on the same case), and the
 * advice that follows stays open: `awaitingAdvices` lists it with its age for a financial worker. Either
 * order receipts the money once.
 */
import type { Db } from '../db/database.ts';
import { daysBetween } from '../kernel/calendar.ts';

export interface AdvisedCollection {
  id: number;
  caseId: number;
  amountCents: number;
  collectionDate: string;
  source: 'interstate' | 'federal_tax_offset';
}

/** Keeps an advised collection (idempotent per transaction and block). */
export async function recordAdvice(db: Db, advice: { transactionId: number; blockIndex: number; caseId: number; amountCents: number; collectionDate: string; source: AdvisedCollection['source']; at: Date }): Promise<void> {
  await db
    .insertInto('interstate_collection_received')
    .values({ transaction_id: advice.transactionId, block_index: advice.blockIndex, receipt_id: null, case_id: advice.caseId, amount_cents: advice.amountCents, collection_date: advice.collectionDate, receipt_source: advice.source, settled_date: null, created_at: advice.at })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * The oldest advice awaiting money on an initiating case (by case number) for exactly this amount; with
 * `programId` (tribal mode), only on a case of that IV-D program.
 */
export async function advisedCollectionFor(db: Db, caseNumber: string, amountCents: number, programId: number | null = null): Promise<AdvisedCollection | null> {
  const row = await db
    .selectFrom('interstate_collection_received as k')
    .innerJoin('iv_d_case as c', 'c.id', 'k.case_id')
    .innerJoin('office as o', 'o.id', 'c.office_id')
    .$if(programId !== null, (q) => q.where('o.program_id', '=', programId!))
    .select(['k.id', 'k.case_id', 'k.amount_cents', 'k.collection_date', 'k.receipt_source'])
    .where('c.case_number', '=', caseNumber.trim())
    .where('c.interstate_role', '=', 'initiating')
    .where('k.receipt_id', 'is', null)
    .where('k.amount_cents', '=', amountCents)
    .orderBy('k.collection_date')
    .orderBy('k.id')
    .executeTakeFirst();
  if (!row || row.case_id === null || row.collection_date === null || row.receipt_source === null) return null;
  return { id: row.id, caseId: row.case_id, amountCents: row.amount_cents!, collectionDate: String(row.collection_date), source: row.receipt_source };
}

/** Marks an advice as settled by the receipt its money made. */
export async function settleAdvice(db: Db, adviceId: number, receiptId: number, date: string): Promise<void> {
  await db.updateTable('interstate_collection_received').set({ receipt_id: receiptId, settled_date: date }).where('id', '=', adviceId).where('receipt_id', 'is', null).execute();
}

/** Advices whose money has not arrived, oldest first, with their age in days on `asOf`. */
export async function awaitingAdvices(db: Db, asOf: string): Promise<Array<{ adviceId: number; caseNumber: string; amountCents: number; collectionDate: string; ageDays: number }>> {
  const rows = await db
    .selectFrom('interstate_collection_received as k')
    .innerJoin('iv_d_case as c', 'c.id', 'k.case_id')
    .select(['k.id', 'c.case_number', 'k.amount_cents', 'k.collection_date'])
    .where('k.receipt_id', 'is', null)
    .orderBy('k.collection_date')
    .orderBy('k.id')
    .execute();
  return rows.map((r) => ({ adviceId: r.id, caseNumber: r.case_number, amountCents: r.amount_cents!, collectionDate: String(r.collection_date), ageDays: daysBetween(String(r.collection_date), asOf) }));
}
