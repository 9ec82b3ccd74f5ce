/**
 * The interstate forwarding money file. The daily cycle disburses a responding case's collections to
 * the payee `other_state` (method eft); forward.ts advises the initiating State with a CSENet COL P; this
 * step moves the money: a NACHA CCD+ credit file, one entry per forwarded disbursement, each with the
 * child support DED addenda (file-formats.md 2), paying the initiating State's SDU at the routing and
 * account held on its partner record.
 *
 * Shape (a choice, see docs/interstate.md): one file per business date from our SDU to its bank (the
 * ODFI), with one batch per partner State (batch number = position), entries in disbursement order with
 * trace numbers unique across the file. A later run on the same date (disbursements issued after the
 * first file) writes a second file with the next File ID Modifier; `A` is left to the PPD file the daily
 * cycle writes, so the two never share origin, date and modifier.
 *
 * DED elements: DED01 from X12 element 1511 (II interstate income withholding, IT interstate state tax
 * offset, IO all others; IF, interstate FIDM, once receipts record a FIDM source), DED02 the other State's case id (interstate_case), DED03 the
 * date of collection (the responding SDU's receipt date, which the initiating State distributes by,
 * 45 CFR 302.51(a) and 303.7(d)(6)(v)), DED04 the amount, DED05 the obligor's SSN, DED06 N (no employer
 * medical coverage is being reported), DED07 the obligor's name, DED08 the receiving SDU's FIPS code.
 *
 * Idempotent: a disbursement in a file points at it (disbursement.disbursement_file_id), and only
 * disbursements without one are taken, so a second run writes nothing new. Disbursements that cannot be
 * paid yet (no bank on the partner record, no case id of theirs, no SSN) are listed and left for a later
 * run. The file is stored with the PPD files (disbursement_file, kind ccd_interstate) and can be fetched
 * through the financial module's file download route.
 */
import { localTimeHhmmss } from '../kernel/clock.ts';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { addBusinessDays, isIsoDate } from '../kernel/calendar.ts';
import { fail, orAbort, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { decryptText } from '../security/pii.ts';
import { sduBanking } from '../financial/sdu.ts';
import { buildCcdFile, parseCcdFile, type CcdBatchInput, type CcdPaymentInput } from '../formats/nacha/ccd.ts';
import { dedName } from '../formats/nacha/ded.ts';
import { interstateCaseById } from './cases.ts';
import { collectionBlocks } from './forward.ts';
import { partnerSduBank } from './partners.ts';
import { asciiField } from './rules.ts';

export const FORWARD_FILE_KIND = 'ccd_interstate';
/** File ID Modifiers this file uses in order; `A` is the PPD file's. */
export const FORWARD_FILE_MODIFIERS = 'BCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** DED01 for a forwarded collection, by the receipt sources it pays (X12 element 1511). */
export function dedApplicationIdFor(sources: readonly string[]): string {
  const only = (s: string) => sources.length > 0 && sources.every((x) => x === s);
  if (only('ach_employer')) return 'II';
  if (only('state_tax_offset')) return 'IT';
  return 'IO';
}

export interface ForwardFileSummary {
  businessDate: string;
  fileId: number | null;
  fileName: string | null;
  fileIdModifier: string | null;
  effectiveEntryDate: string | null;
  entryCount: number;
  totalCents: number;
  batches: Array<{ batchNumber: number; fipsState: string; partnerName: string; entries: number; totalCents: number }>;
  /** Forwarded disbursements not in the file, and why (each stays for a later run). */
  skipped: Array<{ disbursementId: number; caseNumber: string; reason: string }>;
}

/**
 * Writes the CCD+ file paying the other States' SDUs for every forwarded disbursement issued on or before
 * `businessDate` that is not in a file yet. Nothing to pay: no file, fileId null.
 */
export async function writeForwardFile(deps: Pick<Deps, 'db' | 'keys'>, ctx: RequestContext, businessDate: string): Promise<Result<ForwardFileSummary>> {
  if (!isIsoDate(businessDate)) return fail('VALIDATION_FAILED', undefined, [{ path: '/date', message: 'must be a date (YYYY-MM-DD)' }]);
  return inTransaction(deps.db, async (db) => {
    orAbort(requirePermission(ctx.actor, 'finance.write'));
    const pending = await db
      .selectFrom('disbursement as d')
      .innerJoin('iv_d_case as c', 'c.id', 'd.case_id')
      .select(['d.id', 'd.case_id', 'd.journal_id', 'd.amount_cents', 'd.earliest_receipt_date', 'd.issued_date', 'c.case_number'])
      .where('d.payee', '=', 'other_state')
      .where('d.disbursement_file_id', 'is', null)
      .where('d.issued_date', '<=', businessDate)
      .orderBy('d.id')
      .forUpdate()
      .execute();
    const summary: ForwardFileSummary = { businessDate, fileId: null, fileName: null, fileIdModifier: null, effectiveEntryDate: null, entryCount: 0, totalCents: 0, batches: [], skipped: [] };
    const skip = (d: { id: number; case_number: string }, reason: string) => summary.skipped.push({ disbursementId: d.id, caseNumber: d.case_number, reason });

    type Entry = { disbursementId: number; caseId: number; amountCents: number; payment: Omit<CcdPaymentInput, 'trace_sequence'> };
    const byPartner = new Map<string, { name: string; entries: Entry[] }>();
    const banks = new Map<string, Awaited<ReturnType<typeof partnerSduBank>>>();
    for (const d of pending) {
      const ic = await interstateCaseById(db, d.case_id!);
      if (!ic || ic.role !== 'responding') {
        skip(d, 'not a responding intergovernmental case');
        continue;
      }
      const fipsState = ic.otherFips.state;
      if (!banks.has(fipsState)) banks.set(fipsState, await partnerSduBank({ db, keys: deps.keys }, fipsState));
      const bank = banks.get(fipsState);
      if (!bank) {
        skip(d, `partner ${fipsState} has no SDU routing and account on file (cse interstate partner add --sdu-routing ... --sdu-account ...)`);
        continue;
      }
      if (!ic.otherCaseId) {
        skip(d, `their case id is not on file (DED case identifier is mandatory)`);
        continue;
      }
      const ncp = await db
        .selectFrom('case_member as m')
        .innerJoin('person as p', 'p.id', 'm.person_id')
        .select(['p.ssn_ciphertext', 'p.first_name', 'p.last_name'])
        .where('m.case_id', '=', ic.caseId)
        .where('m.role', '=', 'noncustodial_parent')
        .orderBy('m.end_date', (ob) => ob.desc().nullsFirst())
        .orderBy('m.id')
        .executeTakeFirst();
      if (!ncp?.ssn_ciphertext) {
        skip(d, "the obligor's SSN is not on file (DED SSN is mandatory)");
        continue;
      }
      const parts = await collectionBlocks(db, { ...d, case_id: d.case_id! });
      const name = dedName(ncp.last_name, ncp.first_name);
      const payment: Omit<CcdPaymentInput, 'trace_sequence'> = {
        receiving_dfi_routing: bank.routingNumber,
        dfi_account_number: bank.accountNumber,
        account_type: bank.accountType,
        receiving_company_name: asciiField(bank.sduName ?? bank.name, 22),
        identification_number: asciiField(ic.caseNumber, 15),
        ded: {
          application_id: dedApplicationIdFor(parts.map((p) => p.source)),
          case_id: ic.otherCaseId,
          pay_date: d.earliest_receipt_date,
          amount_cents: d.amount_cents,
          ncp_ssn: decryptText(deps.keys, ncp.ssn_ciphertext).replace(/\D/g, ''),
          medical_support: false,
          ...(name ? { ncp_name: name } : {}),
          fips_code: bank.sduFips ?? `${ic.otherFips.state}${ic.otherFips.county}${ic.otherFips.sub}`,
          employment_terminated: false,
        },
      };
      const group = byPartner.get(fipsState) ?? { name: bank.name, entries: [] };
      group.entries.push({ disbursementId: d.id, caseId: ic.caseId, amountCents: d.amount_cents, payment });
      byPartner.set(fipsState, group);
    }
    if (byPartner.size === 0) return summary;

    const sdu = sduBanking();
    const effective = addBusinessDays(businessDate, 1);
    const earlier = await db.selectFrom('disbursement_file').select('id').where('kind', '=', FORWARD_FILE_KIND).where('file_name', 'like', `ccd-interstate-${businessDate}-%`).execute();
    const modifier = FORWARD_FILE_MODIFIERS[earlier.length];
    if (!modifier) return orAbort(fail('CASE_STATE_INVALID', `${earlier.length} forwarding files were already written for ${businessDate}; no File ID Modifier is left`));
    let trace = 0;
    const batches: CcdBatchInput[] = [];
    const included: Entry[] = [];
    for (const [fipsState, group] of [...byPartner].sort(([a], [b]) => a.localeCompare(b))) {
      const batchNumber = batches.length + 1;
      batches.push({
        company_name: sdu.companyName.slice(0, 16),
        company_id: sdu.companyId,
        company_discretionary_data: `IV-D FWD FIPS ${fipsState}`,
        entry_description: 'CHILD SUPP',
        effective_entry_date: effective,
        originating_dfi_id: sdu.odfiRouting.slice(0, 8),
        batch_number: batchNumber,
        payments: group.entries.map((e) => ({ ...e.payment, trace_sequence: ++trace })),
      });
      const total = group.entries.reduce((n, e) => n + e.amountCents, 0);
      summary.batches.push({ batchNumber, fipsState, partnerName: group.name, entries: group.entries.length, totalCents: total });
      included.push(...group.entries);
    }
    const built = buildCcdFile({
      immediate_destination: sdu.odfiRouting,
      immediate_destination_name: sdu.odfiName,
      immediate_origin: sdu.companyId,
      immediate_origin_name: sdu.companyName,
      file_creation_date: businessDate,
      // In the program's time zone, as the file date (a business date) is.
      file_creation_time: localTimeHhmmss(ctx.clock.now()).slice(0, 4),
      file_id_modifier: modifier,
      batches,
    });
    // A build failure is a bug or bad partner data that validation let through: nothing is marked.
    if (!built.ok) return orAbort(fail('VALIDATION_FAILED', `the forwarding CCD+ file could not be built: ${built.message}`, built.details));
    const totalCents = included.reduce((n, e) => n + e.amountCents, 0);
    // Conservation, checked: the file read back pays exactly the disbursements it marks.
    const check = parseCcdFile(built.value);
    if (!check.ok || check.value.total_credit_cents !== totalCents || check.value.payments.length !== included.length) {
      throw new Error(`the forwarding file does not read back to its ${included.length} disbursements (${totalCents} cents)`);
    }
    const fileName = `ccd-interstate-${businessDate}-${modifier}.ach`;
    const file = await db
      .insertInto('disbursement_file')
      .values({ kind: FORWARD_FILE_KIND, file_name: fileName, effective_date: effective, entry_count: included.length, total_cents: totalCents, content: built.value, created_at: ctx.clock.now(), batch_run_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('disbursement').set({ disbursement_file_id: file.id }).where('id', 'in', included.map((e) => e.disbursementId)).execute();
    await recordAudit(db, ctx, {
      action: 'create',
      entityType: 'disbursement_file',
      entityId: file.id,
      caseIds: [...new Set(included.map((e) => e.caseId))],
      detail: { kind: FORWARD_FILE_KIND, fileName, entries: included.length, totalCents, partners: summary.batches.map((b) => b.fipsState) },
    });
    Object.assign(summary, { fileId: file.id, fileName, fileIdModifier: modifier, effectiveEntryDate: effective, entryCount: included.length, totalCents });
    return summary;
  });
}
