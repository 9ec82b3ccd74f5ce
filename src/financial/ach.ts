/**
 * Employer payments by ACH: a CCD+ file with one DED addenda per payment is read whole (a structural
 * error rejects the file, naming record and field), and each payment becomes a receipt under its ACH
 * idempotency key, so the same file imported twice posts nothing new. An entry whose DED remittance
 * cannot be taken (the employer's money has moved all the same) is received as an unidentified receipt
 * held with its reason for a worker's research, and reported in the summary; the rest of the file posts. Zero-dollar entries whose DED
 * says employment ended close the obligor's employment at that employer.
 */
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { fail, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { programScope, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { blindIndex, normalizeSsn } from '../security/pii.ts';
import { parseCcdFile } from '../formats/nacha/ccd.ts';
import { advisedCollectionFor, settleAdvice } from '../interstate/advised-collections.ts';
import { receiveReceipt } from './receipts.ts';

export interface AchImportSummary {
  fileName: string;
  payments: number;
  posted: number;
  duplicates: number;
  unidentified: number;
  /** Of the unidentified: payments whose obligor SSN is on file in several IV-D programs (no program given). */
  ambiguous: number;
  totalCents: number;
  employmentEnded: number;
  /** Employment-ended notices not applied: the SSN is on file in several IV-D programs (no program given). */
  employmentEndAmbiguous: number;
  prenotes: number;
  /** The IV-D program the file was imported for (tribal mode), or null for the whole install. */
  programCode: string | null;
  /** Entries held for a worker: their remittance could not be read (see `held`). */
  heldCount: number;
  heldCents: number;
  held: AchHeldEntry[];
}

/** One entry held for a worker, as reported: no SSN in it. */
export interface AchHeldEntry {
  line: number;
  traceNumber: string;
  amountCents: number;
  /** The unidentified receipt that holds the money (null for a zero-dollar or prenote entry, or a repeat). */
  receiptId: number | null;
  duplicate: boolean;
  reason: string;
}

/** The worker-facing reason of a held entry: its first problems, short enough for the receipt row. */
export function heldReason(reasons: readonly { message: string }[]): string {
  const text = `ACH entry held: ${reasons.map((r) => r.message).join('; ')}`;
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

/** The employer's FEIN from a CCD company ID ("1" + EIN, or the EIN alone). */
export function feinOf(companyId: string): string | null {
  const digits = companyId.trim();
  if (/^\d{9}$/.test(digits)) return digits;
  if (/^[0-9]\d{9}$/.test(digits)) return digits.slice(1);
  return null;
}

/**
 * Imports one employer payment file for the actor's IV-D program (tribal mode: the importing user's
 * program, or the command line's --program); the system without a program imports for the whole install,
 * where an SSN on file in several programs matches nobody (the payment waits as unidentified).
 */
export async function importAchPayments(deps: Deps, ctx: RequestContext, fileName: string, content: string): Promise<Result<AchImportSummary>> {
  const allowed = requirePermission(ctx.actor, 'finance.write');
  if (!allowed.ok) return allowed;
  const scope = await programScope(deps.db, ctx.actor);
  if (!scope.ok) return scope;
  const programId = scope.value;
  const programCode = programId === null ? null : (await deps.db.selectFrom('iv_d_program').select('code').where('id', '=', programId).executeTakeFirstOrThrow()).code;
  const parsed = parseCcdFile(content);
  if (!parsed.ok) return fail('IMPORT_REJECTED', `${fileName} was rejected: ${parsed.message}; nothing was written`, parsed.details);
  const today = ctx.clock.today();
  return inTransaction(deps.db, async (db) => {
    const summary: AchImportSummary = { fileName, payments: 0, posted: 0, duplicates: 0, unidentified: 0, ambiguous: 0, totalCents: 0, employmentEnded: 0, employmentEndAmbiguous: 0, prenotes: 0, programCode, heldCount: 0, heldCents: 0, held: [] };
    const endEmploymentFor = async (ssn: string, employerId: number, endDate: string) => {
      const ended = await endEmployment(deps, db, ssn, employerId, endDate, programId);
      if (ended === 'ambiguous') summary.employmentEndAmbiguous++;
      else summary.employmentEnded += ended;
    };
    const personIds = new Set<number>();
    for (const p of parsed.value.payments) {
      const fein = feinOf(p.employer.company_id);
      const employer = fein ? await db.selectFrom('employer').select('id').where('fein', '=', fein).orderBy('id').executeTakeFirst() : undefined;
      if (p.kind === 'prenote') {
        summary.prenotes++;
        continue;
      }
      if (p.kind === 'zero_dollar_remittance') {
        if (p.ded.employment_terminated && employer) await endEmploymentFor(p.ded.ncp_ssn, employer.id, p.ded.pay_date);
        continue;
      }
      summary.payments++;
      // The SDU receives the money on the settlement (effective entry) date; never later than today.
      const receivedDate = p.effective_entry_date <= today ? p.effective_entry_date : today;
      // Another State's payment of a collection it advised (COL P): receipted as that forwarded collection.
      const advised = await advisedCollectionFor(db, p.ded.case_id, p.amount_cents, programId);
      const posted = await receiveReceipt({ ...deps, db }, ctx, {
        idempotencyKey: p.idempotency_key,
        source: advised ? advised.source : 'ach_employer',
        amountCents: p.amount_cents,
        receivedDate: advised ? advised.collectionDate : receivedDate,
        withholdingDate: !advised && p.ded.pay_date <= today ? p.ded.pay_date : null,
        caseNumber: p.ded.case_id,
        obligorSsn: p.ded.ncp_ssn,
        employerId: employer?.id ?? null,
        reference: p.trace_number,
        remitterName: p.employer.name,
        sameKeyMeans: 'amount',
      });
      if (advised && !posted.duplicate) await settleAdvice(db, advised.id, posted.receiptId, today);
      if (posted.duplicate) summary.duplicates++;
      else {
        summary.posted++;
        summary.totalCents += p.amount_cents;
        if (posted.status === 'unidentified') summary.unidentified++;
        if (posted.unidentifiedReason) summary.ambiguous++;
      }
      if (posted.obligorPersonId) personIds.add(posted.obligorPersonId);
      if (p.ded.employment_terminated && employer) await endEmploymentFor(p.ded.ncp_ssn, employer.id, p.ded.pay_date);
    }
    for (const h of parsed.value.held) {
      const reason = heldReason(h.reasons);
      const report: AchHeldEntry = { line: h.line, traceNumber: h.trace_number, amountCents: h.amount_cents, receiptId: null, duplicate: false, reason };
      if (h.kind === 'payment') {
        const fein = feinOf(h.employer.company_id);
        const employer = fein ? await db.selectFrom('employer').select('id').where('fein', '=', fein).orderBy('id').executeTakeFirst() : undefined;
        const posted = await receiveReceipt({ ...deps, db }, ctx, {
          idempotencyKey: h.idempotency_key,
          source: 'ach_employer',
          amountCents: h.amount_cents,
          receivedDate: h.effective_entry_date <= today ? h.effective_entry_date : today,
          employerId: employer?.id ?? null,
          reference: h.trace_number,
          remitterName: h.employer.name,
          holdReason: reason,
          sameKeyMeans: 'amount',
        });
        report.receiptId = posted.receiptId;
        report.duplicate = posted.duplicate;
        if (!posted.duplicate) {
          summary.heldCount++;
          summary.heldCents += h.amount_cents;
        }
      }
      summary.held.push(report);
    }
    await recordAudit(db, ctx, { action: 'import', entityType: 'ach_file', entityId: fileName.slice(0, 100), personIds: [...personIds], detail: { ...summary, held: summary.held.map((h) => ({ line: h.line, receiptId: h.receiptId })) } });
    return summary;
  });
}

/**
 * Ends the obligor's open employment at the employer. With a program, only that program's person; without
 * one, only when the SSN is on file in one program ('ambiguous' otherwise: nothing is changed).
 */
async function endEmployment(deps: Deps, db: Deps['db'], ssn: string, employerId: number, endDate: string, programId: number | null): Promise<number | 'ambiguous'> {
  const persons = await db
    .selectFrom('person')
    .select(['id', 'program_id'])
    .where('ssn_index', '=', blindIndex(deps.keys, normalizeSsn(ssn)))
    .$if(programId !== null, (q) => q.where('program_id', '=', programId!))
    .orderBy('id')
    .execute();
  if (new Set(persons.map((p) => p.program_id)).size > 1) return 'ambiguous';
  const person = persons[0];
  if (!person) return 0;
  const ended = await db
    .updateTable('person_employment')
    .set({ end_date: endDate })
    .where('person_id', '=', person.id)
    .where('employer_id', '=', employerId)
    .where('end_date', 'is', null)
    .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', endDate)]))
    .executeTakeFirst();
  return Number(ended.numUpdatedRows);
}
