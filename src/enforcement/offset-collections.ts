/**
 * Federal offset collections and adjustments from OCSE (`cse enforcement offset-collections FILE`).
 * Each record is keyed by its own SHA-256 and saved under a unique constraint, so a record applied once
 * is never applied again, whichever file brings it. Collections become federal_tax_offset receipts
 * through the financial receipt path (joint returns are held there, 45 CFR 303.72(h)(5)); a negative
 * adjustment (injured spouse, amended return) releases the spouse's share from a joint-return hold when
 * the money is still held, and otherwise reverses the original receipt through the reversal path and
 * receipts again what remains. A malformed file is rejected whole, naming the record and the field.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { allocateByWeights } from '../kernel/money.ts';
import type { Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { blindIndex } from '../security/pii.ts';
import { receiveReceipt } from '../financial/receipts.ts';
import { distributeReceipt, releaseOffsetHold, reverseReceipt, type RunMeta } from '../financial/distribute.ts';
import { parseCollectionFile, type FopCollection } from '../formats/fop/fop.ts';

export interface OffsetCollectionSummary {
  records: number;
  /** Records seen before (by their own hash): nothing applied. */
  duplicates: number;
  collections: number;
  collectedCents: number;
  holdsReleased: number;
  reversals: number;
  adjustedCents: number;
  research: number;
}

export const OFFSET_ADJUSTMENT_REASON = 'OFFSET_ADJUSTMENT';

async function receiptFor(deps: Deps, ctx: RequestContext, meta: RunMeta, key: string, c: FopCollection, amountCents: number, jointReturn: boolean, note: string): Promise<number> {
  const posted = await receiveReceipt(deps, ctx, { idempotencyKey: key, source: 'federal_tax_offset', amountCents, receivedDate: ctx.clock.today(), caseNumber: c.case_id, obligorSsn: c.ssn, jointReturn, reference: `FOP ${c.offset_type} ${c.offset_tax_year}${note}`.slice(0, 60), remitterName: 'U.S. TREASURY OFFSET', sameKeyMeans: 'amount' });
  if (!posted.duplicate && posted.status === 'undistributed') await distributeReceipt(deps, meta, posted.receiptId);
  return posted.receiptId;
}

/** A negative adjustment: from the hold if the money is still held, otherwise by reversal and re-receipt. */
async function applyAdjustment(deps: Deps, ctx: RequestContext, meta: RunMeta, key: string, c: FopCollection, obligorId: number | null): Promise<{ outcome: 'hold_released' | 'reversed' | 'research'; receiptId: number | null; originalId: number | null }> {
  const db = deps.db;
  const amount = -c.adjustment_cents;
  const originals = await db
    .selectFrom('federal_offset_collection as f')
    .innerJoin('receipt as r', 'r.id', 'f.receipt_id')
    .select(['f.id', 'f.receipt_id', 'r.amount_cents', 'r.status', 'r.joint_return'])
    .where('f.fop_case_id', '=', c.case_id)
    .where('f.tax_year', '=', c.offset_tax_year)
    .where('f.outcome', '=', 'collected')
    // Only money that was distributed can be taken back this way; an unidentified receipt is research.
    .where('r.status', '=', 'distributed')
    .where('r.amount_cents', '>=', amount)
    .$if(obligorId !== null, (q) => q.where('f.obligor_person_id', '=', obligorId!))
    .orderBy('f.id', 'desc')
    .execute();
  const original = obligorId === null ? undefined : originals[0];
  if (!original) return { outcome: 'research', receiptId: null, originalId: null };
  const holds = await db
    .selectFrom('distribution_allocation as d')
    .select(['d.id', 'd.amount_cents'])
    .where('d.receipt_id', '=', original.receipt_id!)
    .where('d.hold_reason', '=', 'joint_return_offset')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('distribution_allocation as x').select('x.id').whereRef('x.released_allocation_id', '=', 'd.id'))))
    .orderBy('d.id')
    .execute();
  const heldCents = holds.reduce((s, h) => s + h.amount_cents, 0);
  if (holds.length && heldCents >= amount) {
    // The injured spouse's share is refunded from the hold; the rest is distributed now.
    const shares = allocateByWeights(amount, holds.map((h) => h.amount_cents));
    for (const [i, h] of holds.entries()) await releaseOffsetHold(deps, meta, h.id, shares[i]!);
    return { outcome: 'hold_released', receiptId: original.receipt_id, originalId: original.id };
  }
  await reverseReceipt(deps, meta, original.receipt_id!, OFFSET_ADJUSTMENT_REASON);
  const rest = original.amount_cents - amount;
  const receiptId = rest > 0 ? await receiptFor(deps, ctx, meta, `${key}:rest`, c, rest, false, ' ADJ') : null;
  return { outcome: 'reversed', receiptId, originalId: original.id };
}

export async function importOffsetCollections(deps0: Deps, ctx: RequestContext, fileName: string, text: string): Promise<Result<OffsetCollectionSummary>> {
  const allowed = requirePermission(ctx.actor, 'finance.write');
  if (!allowed.ok) return allowed;
  const parsed = parseCollectionFile(text);
  if (!parsed.ok) return parsed;
  return inTransaction(deps0.db, async (db: Db) => {
    const deps = { ...deps0, db };
    const meta: RunMeta = { batchRunId: null, userId: ctx.actor.userId, now: ctx.clock.now(), businessDate: ctx.clock.today() };
    const s: OffsetCollectionSummary = { records: parsed.value.length, duplicates: 0, collections: 0, collectedCents: 0, holdsReleased: 0, reversals: 0, adjustedCents: 0, research: 0 };
    const persons = new Set<number>();
    for (const c of parsed.value) {
      const key = `fop:${createHash('sha256').update(c.raw).digest('hex')}`;
      const seen = await db.selectFrom('federal_offset_collection').select('id').where('record_key', '=', key).executeTakeFirst();
      if (seen) {
        s.duplicates++;
        continue;
      }
      const person = await db.selectFrom('person').select('id').where('ssn_index', '=', blindIndex(deps.keys, c.ssn)).executeTakeFirst();
      const obligorId = person?.id ?? null;
      if (obligorId) persons.add(obligorId);
      let receiptId: number | null = null;
      let outcome: 'collected' | 'hold_released' | 'reversed' | 'research' = 'collected';
      let originalId: number | null = null;
      if (c.collection_cents > 0) {
        receiptId = await receiptFor(deps, ctx, meta, key, c, c.collection_cents, c.joint_return, '');
        s.collections++;
        s.collectedCents += c.collection_cents;
      }
      // The chart's adjustment is always money taken back (the reader gives it as negative cents).
      if (c.adjustment_cents < 0) {
        const r = await applyAdjustment(deps, ctx, meta, key, c, obligorId);
        outcome = r.outcome;
        originalId = r.originalId;
        receiptId = r.receiptId ?? receiptId;
        if (r.outcome === 'hold_released') s.holdsReleased++;
        else if (r.outcome === 'reversed') s.reversals++;
        else s.research++;
        if (r.outcome !== 'research') s.adjustedCents += c.adjustment_cents;
      }
      await db.insertInto('federal_offset_collection').values({
        record_key: key, file_name: fileName.slice(0, 200), line: c.line, obligor_person_id: obligorId, fop_case_id: c.case_id, tax_year: c.offset_tax_year,
        collection_cents: c.collection_cents, adjustment_cents: c.adjustment_cents, joint_return: c.joint_return, injured_spouse: c.injured_spouse, offset_type: c.offset_type,
        receipt_id: receiptId, outcome, original_id: originalId, business_date: meta.businessDate,
      }).execute();
    }
    await recordAudit(db, ctx, { action: 'import', entityType: 'federal_offset_collection', personIds: [...persons], detail: { fileName, ...s } });
    return s;
  });
}
