/**
 * Receipting at the State Disbursement Unit: a receipt is saved under its idempotency key before
 * anything else, then posted to the ledger as money received and not yet distributed. A receipt that
 * names no case or obligor on file is held as unidentified for research. This module owns receipt.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { ReceiptSource } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { fail, FailureError, ok, type Result } from '../kernel/result.ts';
import { formatDollars, parseCents, type Cents } from '../kernel/money.ts';
import { recordAudit } from '../security/audit.ts';
import type { RequestContext } from '../security/context.ts';
import { programScope } from '../security/access.ts';
import { blindIndex, normalizeSsn } from '../security/pii.ts';
import { postJournal } from './ledger.ts';
import { caseObligorId } from '../cases/members.ts';

export interface ReceiptInput {
  /** From the edge (SDU batch and line, ACH trace, offset record). Generated when the source has none. */
  idempotencyKey?: string | undefined;
  source: ReceiptSource;
  amountCents: Cents;
  receivedDate: string;
  withholdingDate?: string | null | undefined;
  caseNumber?: string | null | undefined;
  obligorPersonId?: number | null | undefined;
  /** The obligor's SSN as the payer gave it (ACH DED addenda, offset files). */
  obligorSsn?: string | null | undefined;
  employerId?: number | null | undefined;
  jointReturn?: boolean | undefined;
  reference?: string | null | undefined;
  remitterName?: string | null | undefined;
  importBatchId?: number | null | undefined;
  /**
   * The payer's remittance could not be read (an ACH entry whose DED segment is wrong): the money is
   * received but held as unidentified with this reason for a worker, whatever the other fields say.
   */
  holdReason?: string | undefined;
  /**
   * What a repeat of the idempotency key must match to be the same payment: everything the caller typed
   * ('entered': amount, source, received date), or only the amount where the key is the payment's own
   * identity in a file (an ACH trace number) and the source and date are derived from state at import time.
   */
  sameKeyMeans?: 'entered' | 'amount' | undefined;
}

export interface PostedReceipt {
  receiptId: number;
  status: 'unidentified' | 'undistributed' | 'distributed' | 'reversed';
  /** True when the idempotency key was seen before: nothing new was posted. */
  duplicate: boolean;
  caseId: number | null;
  obligorPersonId: number | null;
  /** For a new unidentified receipt: why nobody was matched, when more than "nobody on file". */
  unidentifiedReason: string | null;
}

/** Parses a decimal amount ("125.50") into cents or fails with the field named. */
export function amountFrom(text: string, path = '/amount'): Result<Cents> {
  const cents = parseCents(text);
  if (cents === null || cents <= 0) return fail('VALIDATION_FAILED', undefined, [{ path, message: 'must be a positive amount with at most two decimals, e.g. "125.50"' }]);
  return ok(cents);
}

interface Identified {
  caseId: number | null;
  obligorPersonId: number | null;
  /** Why no one was matched when the reason is not simply "nobody on file". */
  unidentifiedReason: string | null;
}

/**
 * Finds the case and obligor a receipt belongs to: by case number, person id, or SSN. With a program
 * (the importing user's, or the file's --program) only that program's cases and persons match. Without
 * one, an SSN on file in several IV-D programs matches none of them: the receipt is unidentified, with the
 * reason, rather than posted to whichever person happened to be found first.
 */
async function identify(deps: Pick<Deps, 'db' | 'keys'>, input: ReceiptInput, programId: number | null = null): Promise<Identified> {
  const { db } = deps;
  if (input.caseNumber) {
    const c = await db
      .selectFrom('iv_d_case as c')
      .innerJoin('office as o', 'o.id', 'c.office_id')
      .select('c.id')
      .where('c.case_number', '=', input.caseNumber.toUpperCase())
      .$if(programId !== null, (q) => q.where('o.program_id', '=', programId!))
      .executeTakeFirst();
    if (c) {
      const account = await db.selectFrom('case_account').select('obligor_person_id').where('case_id', '=', c.id).executeTakeFirst();
      const obligor = account?.obligor_person_id ?? (await caseObligorId(db, c.id));
      if (obligor !== null) return { caseId: c.id, obligorPersonId: obligor, unidentifiedReason: null };
    }
  }
  if (input.obligorPersonId) {
    const p = await db.selectFrom('person').select('id').where('id', '=', input.obligorPersonId).$if(programId !== null, (q) => q.where('program_id', '=', programId!)).executeTakeFirst();
    if (p) return { caseId: null, obligorPersonId: p.id, unidentifiedReason: null };
  }
  if (input.obligorSsn) {
    // Tribal mode: the same SSN may be on file in several programs (one person record in each).
    const found = await db
      .selectFrom('person')
      .select(['id', 'program_id'])
      .where('ssn_index', '=', blindIndex(deps.keys, normalizeSsn(input.obligorSsn)))
      .$if(programId !== null, (q) => q.where('program_id', '=', programId!))
      .orderBy('id')
      .execute();
    const programs = new Set(found.map((p) => p.program_id));
    if (programs.size > 1) {
      return { caseId: null, obligorPersonId: null, unidentifiedReason: `the obligor SSN is on file in ${programs.size} IV-D programs and no program was given; import the file for one program or identify the payment by research` };
    }
    if (found[0]) return { caseId: null, obligorPersonId: found[0].id, unidentifiedReason: null };
  }
  return { caseId: null, obligorPersonId: null, unidentifiedReason: null };
}

/**
 * Saves and posts one receipt inside the caller's transaction. The same idempotency key posts once:
 * a repeat returns the first receipt with `duplicate` set and writes nothing.
 */
export async function receiveReceipt(deps: Deps, ctx: RequestContext, input: ReceiptInput, batchRunId: number | null = null): Promise<PostedReceipt> {
  const { db } = deps;
  if (input.receivedDate > ctx.clock.today()) {
    throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/receivedDate', message: 'cannot be in the future' }]));
  }
  const program = await programScope(db, ctx.actor);
  if (!program.ok) throw new FailureError(program);
  const who: Identified = input.holdReason ? { caseId: null, obligorPersonId: null, unidentifiedReason: input.holdReason } : await identify(deps, input, program.value);
  const key = input.idempotencyKey ?? `manual:${randomUUID()}`;
  const inserted = await db
    .insertInto('receipt')
    .values({
      idempotency_key: key,
      source: input.source,
      amount_cents: input.amountCents,
      received_date: input.receivedDate,
      withholding_date: input.withholdingDate ?? null,
      case_id: who.caseId,
      obligor_person_id: who.obligorPersonId,
      employer_id: input.employerId ?? null,
      joint_return: input.jointReturn ?? false,
      reference: input.reference ?? null,
      remitter_name: input.remitterName ?? null,
      status: who.obligorPersonId === null ? 'unidentified' : 'undistributed',
      import_batch_id: input.importBatchId ?? null,
      created_at: ctx.clock.now(),
      created_by: ctx.actor.userId,
      // The program the money was received for (tribal mode); see the view receipt_program.
      receiving_program_id: ctx.actor.programId ?? null,
      unidentified_reason: who.obligorPersonId === null ? who.unidentifiedReason : null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning(['id', 'status'])
    .executeTakeFirst();
  if (!inserted) {
    const existing = await db.selectFrom('receipt').select(['id', 'status', 'case_id', 'obligor_person_id', 'amount_cents', 'source', 'received_date']).where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    // The same key is the same payment sent again; a key reused for another payment is refused, never dropped.
    const differs = Number(existing.amount_cents) !== input.amountCents || ((input.sameKeyMeans ?? 'entered') === 'entered' && (existing.source !== input.source || existing.received_date !== input.receivedDate));
    if (differs) {
      throw new FailureError(fail('CONFLICT', `the idempotency key ${key} was already used for another receipt (${existing.source}, ${formatDollars(Number(existing.amount_cents))}, received ${existing.received_date}); nothing was posted`));
    }
    return { receiptId: existing.id, status: existing.status, duplicate: true, caseId: existing.case_id, obligorPersonId: existing.obligor_person_id, unidentifiedReason: null };
  }
  await postJournal(
    db,
    { event: 'collection_received', businessDate: input.receivedDate, postedAt: ctx.clock.now(), receiptId: inserted.id, memo: `${input.source} receipt`, batchRunId, createdBy: ctx.actor.userId },
    [
      { account: 'sdu_cash', caseId: who.caseId, personId: who.obligorPersonId, amountCents: input.amountCents },
      { account: 'undistributed', caseId: who.caseId, personId: who.obligorPersonId, amountCents: -input.amountCents },
    ],
  );
  return { receiptId: inserted.id, status: inserted.status, duplicate: false, caseId: who.caseId, obligorPersonId: who.obligorPersonId, unidentifiedReason: who.obligorPersonId === null ? who.unidentifiedReason : null };
}

/**
 * Research found who an unidentified receipt belongs to: it becomes an ordinary undistributed receipt
 * of that case (its ledger money moves from the unidentified pool to the case).
 */
export async function identifyReceipt(db: Db, ctx: RequestContext, receiptId: number, caseId: number, obligorPersonId: number): Promise<void> {
  const receipt = await db.selectFrom('receipt').selectAll().where('id', '=', receiptId).forUpdate().executeTakeFirst();
  if (!receipt) throw new FailureError(fail('NOT_FOUND', `no receipt ${receiptId}`));
  if (receipt.status !== 'unidentified') throw new FailureError(fail('ALREADY_PROCESSED', `receipt ${receiptId} is ${receipt.status}`));
  await db.updateTable('receipt').set({ status: 'undistributed', case_id: caseId, obligor_person_id: obligorPersonId }).where('id', '=', receiptId).execute();
  await postJournal(
    db,
    { event: 'identification', businessDate: ctx.clock.today(), postedAt: ctx.clock.now(), receiptId, memo: 'unidentified receipt identified by research', createdBy: ctx.actor.userId },
    [
      { account: 'undistributed', caseId: null, personId: null, amountCents: receipt.amount_cents },
      { account: 'undistributed', caseId, personId: obligorPersonId, amountCents: -receipt.amount_cents },
    ],
  );
  await recordAudit(db, ctx, { action: 'update', entityType: 'receipt', entityId: receiptId, caseIds: [caseId], personIds: [obligorPersonId], detail: { identified: true } });
}
