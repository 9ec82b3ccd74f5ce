/**
 * CCD+ child support payment files: what employers send the State Disbursement Unit. Each entry is a
 * credit to the SDU with exactly one type-05 addenda carrying the DED segment (ded.ts).
 *
 * `parseCcdFile` rejects a file whose structure or ACH records are wrong whole (every problem listed with
 * its line number and field); in a sound file, an entry whose DED remittance cannot be taken is returned
 * apart (`held`) with its reasons, and the other entries are returned to post. `buildCcdFile` writes such files
 * (tests and demo data use it to make realistic employer payment files).
 *
 * Idempotency: each entry's key is made from the file's identity as NACHA defines it (immediate origin,
 * file creation date, file ID modifier) and the entry's trace number, which NACHA requires to be unique
 * within a file. Reading the same file again gives the same keys, so a receipting module that saves the
 * keys under a unique constraint posts each entry once.
 */
import type { Cents } from '../../kernel/money.ts';
import { fail, ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { numberOf, textOf, type RecordValues } from '../fixed-width.ts';
import {
  batchHeaderValues,
  batchSummaryFrom,
  checkRouting,
  checkText,
  checkTraceSequences,
  fileHeaderFrom,
  fileHeaderValues,
  fileText,
  Problems,
  readAchFile,
  TRANSACTION_CODES,
  transactionCode,
  writeAchFile,
  type AccountType,
  type AchBatchHeaderInput,
  type AchBatchOut,
  type AchBatchSummary,
  type AchEntryOut,
  type AchFileHeader,
  type AchFileHeaderInput,
  type AchWriteOptions,
  type EntryPurpose,
} from './ach.ts';
import { buildDed, parseDed, type DedRemittance } from './ded.ts';
import { ENTRY_DETAIL_CCD } from './layouts.ts';

export const CCD_SEC = 'CCD';

/**
 * payment: a live credit (22/32) to post as a receipt.
 * zero_dollar_remittance: remittance data without money (24/34), e.g. an employment termination notice.
 * prenote: a zero-dollar test entry (23/33) an employer sends before its first payment.
 */
export type CcdEntryKind = 'payment' | 'zero_dollar_remittance' | 'prenote';

const KIND: Record<EntryPurpose, CcdEntryKind> = { live: 'payment', zero_dollar: 'zero_dollar_remittance', prenote: 'prenote' };

export interface CcdEmployer {
  /** Batch header Company Name. */
  name: string;
  /** Batch header Company Identification (often "1" + EIN). */
  company_id: string;
  discretionary_data: string;
  entry_description: string;
  /** The ODFI's 8-digit routing prefix. */
  originating_dfi_id: string;
}

export interface CcdPayment {
  /** `ach-ccd:<immediate origin>:<file creation date>:<file ID modifier>:<trace number>`; see ccdIdempotencyKey. */
  idempotency_key: string;
  kind: CcdEntryKind;
  /** Line of the entry detail record; the addenda is on `addenda_line`. */
  line: number;
  addenda_line: number;
  /** 15 digits: the ODFI's routing prefix (8) and a sequence number (7). */
  trace_number: string;
  transaction_code: string;
  account_type: AccountType;
  /** The entry amount; equal to the DED payment amount (except for prenotes, which are zero). */
  amount_cents: Cents;
  /** Batch header effective entry date (ISO): when the money settles. */
  effective_entry_date: string;
  /** Julian settlement day filled in by the ACH operator, or blank. */
  settlement_date: string;
  batch_number: number;
  employer: CcdEmployer;
  /** The SDU's routing number (9 digits) and account, as the employer addressed the credit. */
  receiving_dfi_routing: string;
  dfi_account_number: string;
  identification_number: string;
  receiving_company_name: string;
  discretionary_data: string;
  ded: DedRemittance;
}

export interface CcdFile {
  header: AchFileHeader;
  batches: AchBatchSummary[];
  /** Every entry that can be taken, in file order, whatever its kind; receipting posts kind 'payment'. */
  payments: CcdPayment[];
  /** Sound entries whose remittance cannot be taken: held for a worker, never dropped. */
  held: CcdHeldEntry[];
  total_credit_cents: Cents;
  total_debit_cents: Cents;
  /** Records in the file, padding included. */
  record_count: number;
}

/**
 * The idempotency key of one CCD entry. NACHA identifies a file by its immediate origin, creation date
 * and file ID modifier (the modifier tells apart files sent on the same day), and requires trace numbers
 * to be unique within a file; together they name one entry. The same file read twice gives the same
 * keys; two real files from one originator on one day differ in the modifier.
 */
export function ccdIdempotencyKey(header: Pick<AchFileHeader, 'immediate_origin' | 'file_creation_date' | 'file_id_modifier'>, traceNumber: string): string {
  return `ach-ccd:${header.immediate_origin}:${header.file_creation_date}:${header.file_id_modifier}:${traceNumber}`;
}

/**
 * An entry whose ACH records are sound but whose remittance the program cannot take (a DED segment that
 * does not read, a DED amount that differs from the entry, no addenda at all). The employer's money has
 * moved, so the file is not refused for it: the entry is held for a worker with its reasons.
 */
export interface CcdHeldEntry {
  idempotency_key: string;
  kind: CcdEntryKind;
  line: number;
  /** The addenda's line, when there is one. */
  addenda_line: number | null;
  trace_number: string;
  transaction_code: string;
  amount_cents: Cents;
  effective_entry_date: string;
  batch_number: number;
  employer: CcdEmployer;
  /** Every reason, with its line and field (SSNs never echoed). */
  reasons: ErrorDetail[];
}

/**
 * Reads a whole CCD+ file. A problem with the file's structure or an ACH record (lengths, fields, order,
 * controls, blocking, trace numbers) rejects the file whole (IMPORT_REJECTED) with every problem listed.
 * A sound entry whose remittance cannot be taken is returned in `held` (with its reasons), and the rest
 * in `payments`: NACHA DED problems never refuse a whole employer file (DESIGN rule 6).
 */
export function parseCcdFile(input: string | Uint8Array): Result<CcdFile> {
  const problems = new Problems();
  const file = readAchFile(fileText(input), { sec: CCD_SEC, entryLayout: ENTRY_DETAIL_CCD }, problems);

  const dedByEntry = new Map<number, DedRemittance>();
  const holdReasons = new Map<number, ErrorDetail[]>();
  const hold = (entryLine: number, detail: ErrorDetail) => {
    const list = holdReasons.get(entryLine) ?? [];
    list.push(detail);
    holdReasons.set(entryLine, list);
  };
  for (const batch of file.batches) {
    for (const e of batch.entries) {
      const v = e.values;
      if (!v) continue;
      const code = textOf(v, 'transaction_code');
      const info = TRANSACTION_CODES[code];
      if (info?.direction === 'debit') {
        problems.add({ line: e.line, path: 'entry_detail/transaction_code', message: `Entry Detail (record type 6, CCD), transaction_code (positions 2-3): ${code} is a debit; a child support payment to the SDU is a credit (22, 23, 24, 32, 33 or 34)` });
      }
      if (textOf(v, 'addenda_record_indicator') !== '1' || e.addenda.length === 0) {
        hold(e.line, { line: e.line, path: 'entry_detail/addenda_record_indicator', message: 'Entry Detail (record type 6, CCD), addenda_record_indicator (position 79): must be 1; a child support CCD+ entry carries one addenda with the DED segment' });
        continue;
      }
      const addenda = e.addenda[0];
      if (!addenda?.values) continue;
      const ded = parseDed(textOf(addenda.values, 'payment_related_information'), { path: 'addenda/payment_related_information/ded' });
      if (!ded.ok) {
        for (const d of ded.details ?? []) hold(e.line, { ...d, line: addenda.line, message: `Addenda (record type 7, type 05), payment_related_information (positions 4-83): ${d.message}` });
        continue;
      }
      const amount = numberOf(v, 'amount');
      if (info && info.purpose !== 'prenote' && ded.value.amount_cents !== amount) {
        hold(e.line, {
          line: addenda.line,
          path: 'addenda/payment_related_information/ded/payment_amount',
          message: `Addenda (record type 7, type 05), payment_related_information (positions 4-83): the DED payment amount (${ded.value.amount_cents} cents) differs from the entry amount on line ${e.line} (${amount} cents)`,
        });
        continue;
      }
      dedByEntry.set(e.line, ded.value);
    }
  }

  if (problems.count > 0 || !file.header?.values) {
    // The held entries' reasons are listed too, so that a rejected file shows everything wrong with it.
    for (const reasons of holdReasons.values()) problems.addAll(reasons);
    const details = problems.details();
    return fail('IMPORT_REJECTED', `the CCD+ file was rejected (${problems.count} problem${problems.count === 1 ? '' : 's'}); nothing was imported`, details);
  }

  const header = fileHeaderFrom(file.header.values);
  const batches = file.batches.map(batchSummaryFrom);
  const payments: CcdPayment[] = [];
  const held: CcdHeldEntry[] = [];
  file.batches.forEach((batch, b) => {
    const summary = batches[b]!;
    const employer: CcdEmployer = {
      name: summary.company_name,
      company_id: summary.company_id,
      discretionary_data: summary.company_discretionary_data,
      entry_description: summary.entry_description,
      originating_dfi_id: summary.originating_dfi_id,
    };
    for (const e of batch.entries) {
      const v = e.values!;
      const code = textOf(v, 'transaction_code');
      const info = TRANSACTION_CODES[code]!;
      const trace = textOf(v, 'trace_number');
      const reasons = holdReasons.get(e.line);
      if (reasons) {
        held.push({
          idempotency_key: ccdIdempotencyKey(header, trace),
          kind: KIND[info.purpose],
          line: e.line,
          addenda_line: e.addenda[0]?.line ?? null,
          trace_number: trace,
          transaction_code: code,
          amount_cents: numberOf(v, 'amount'),
          effective_entry_date: summary.effective_entry_date,
          batch_number: summary.batch_number,
          employer,
          reasons,
        });
        continue;
      }
      payments.push({
        idempotency_key: ccdIdempotencyKey(header, trace),
        kind: KIND[info.purpose],
        line: e.line,
        addenda_line: e.addenda[0]!.line,
        trace_number: trace,
        transaction_code: code,
        account_type: info.account,
        amount_cents: numberOf(v, 'amount'),
        effective_entry_date: summary.effective_entry_date,
        settlement_date: summary.settlement_date,
        batch_number: summary.batch_number,
        employer,
        receiving_dfi_routing: textOf(v, 'receiving_dfi_identification') + textOf(v, 'check_digit'),
        dfi_account_number: textOf(v, 'dfi_account_number'),
        identification_number: textOf(v, 'identification_number'),
        receiving_company_name: textOf(v, 'receiving_company_name'),
        discretionary_data: textOf(v, 'discretionary_data'),
        ded: dedByEntry.get(e.line)!,
      });
    }
  });
  return ok({
    header,
    batches,
    payments,
    held,
    total_credit_cents: batches.reduce((s, x) => s + x.total_credit_cents, 0),
    total_debit_cents: batches.reduce((s, x) => s + x.total_debit_cents, 0),
    record_count: file.record_count,
  });
}

// ---------------------------------------------------------------------------------------------------
// Builder

export interface CcdPaymentInput {
  /** The SDU's 9-digit routing number (check digit validated). */
  receiving_dfi_routing: string;
  /** The SDU's account, up to 17 characters. */
  dfi_account_number: string;
  /** The SDU's name, up to 22 characters. */
  receiving_company_name: string;
  /** Up to 15 characters. */
  identification_number?: string;
  /** Default checking. */
  account_type?: AccountType;
  /** Default: live when the DED amount is above zero, zero_dollar otherwise. */
  purpose?: EntryPurpose;
  /** 1-9999999; the trace number is the batch's ODFI prefix + this, zero-filled to 7 digits. */
  trace_sequence: number;
  discretionary_data?: string;
  /** The entry amount is the DED payment amount (a prenote carries zero). */
  ded: DedRemittance;
}

export interface CcdBatchInput extends AchBatchHeaderInput {
  payments: readonly CcdPaymentInput[];
}

export interface CcdFileInput extends AchFileHeaderInput {
  batches: readonly CcdBatchInput[];
}

/** Writes a CCD+ file (credits only, service class 220, one DED addenda per entry). */
export function buildCcdFile(input: CcdFileInput, options: AchWriteOptions = {}): Result<string> {
  const problems = new Problems();
  const header = fileHeaderValues(input, problems);
  if (!Array.isArray(input.batches) || input.batches.length === 0) problems.add({ path: '/batches', message: '/batches must hold at least one batch' });
  const batches: AchBatchOut[] = (input.batches ?? []).map((batch, b) => {
    const path = `/batches/${b}`;
    const bh = batchHeaderValues(batch, path, problems, CCD_SEC, '220', b + 1);
    if (!Array.isArray(batch.payments) || batch.payments.length === 0) problems.add({ path: `${path}/payments`, message: `${path}/payments must hold at least one payment` });
    const payments = batch.payments ?? [];
    checkTraceSequences(problems, `${path}/payments`, payments);
    const entries = payments.map((p, i) => ({ seq: p.trace_sequence, out: ccdEntry(p, `${path}/payments/${i}`, batch.originating_dfi_id, problems) }));
    entries.sort((x, y) => x.seq - y.seq);
    return { header: bh, entries: entries.map((e) => e.out) };
  });
  if (problems.count) return fail('VALIDATION_FAILED', `the CCD+ file could not be built (${problems.count} problem${problems.count === 1 ? '' : 's'})`, problems.details());
  return writeAchFile(header, batches, ENTRY_DETAIL_CCD, options);
}

function ccdEntry(p: CcdPaymentInput, path: string, odfi: string, problems: Problems): AchEntryOut {
  checkRouting(problems, `${path}/receiving_dfi_routing`, p.receiving_dfi_routing);
  if (checkText(problems, `${path}/dfi_account_number`, p.dfi_account_number, 17, true) && !/^[0-9A-Za-z-]+$/.test(p.dfi_account_number)) {
    problems.add({ path: `${path}/dfi_account_number`, message: `${path}/dfi_account_number may hold only letters, digits and hyphens` });
  }
  checkText(problems, `${path}/receiving_company_name`, p.receiving_company_name, 22, true);
  checkText(problems, `${path}/identification_number`, p.identification_number, 15, false);
  checkText(problems, `${path}/discretionary_data`, p.discretionary_data, 2, false);
  const ded = buildDed(p.ded, { path: `${path}/ded` });
  if (!ded.ok) problems.addAll(ded.details);
  const amount = p.ded?.amount_cents ?? 0;
  const purpose: EntryPurpose = p.purpose ?? (amount > 0 ? 'live' : 'zero_dollar');
  if (purpose === 'live' && !(amount > 0)) problems.add({ path: `${path}/ded/amount_cents`, message: `${path}/ded/amount_cents must be above zero for a live credit` });
  if (purpose === 'zero_dollar' && amount !== 0) problems.add({ path: `${path}/ded/amount_cents`, message: `${path}/ded/amount_cents must be zero for a zero-dollar remittance` });
  const code = transactionCode('credit', p.account_type === 'savings' ? 'savings' : 'checking', purpose);
  const routing = typeof p.receiving_dfi_routing === 'string' ? p.receiving_dfi_routing : '';
  const seq = String(p.trace_sequence).padStart(7, '0');
  const entry: RecordValues = {
    transaction_code: code,
    receiving_dfi_identification: routing.slice(0, 8),
    check_digit: routing.slice(8, 9),
    dfi_account_number: p.dfi_account_number,
    amount: purpose === 'prenote' ? 0 : amount,
    identification_number: p.identification_number,
    receiving_company_name: p.receiving_company_name,
    discretionary_data: p.discretionary_data,
    addenda_record_indicator: '1',
    trace_number: `${odfi}${seq}`,
  };
  const addenda: RecordValues = {
    payment_related_information: ded.ok ? ded.value : '',
    addenda_sequence_number: 1,
    entry_detail_sequence_number: seq,
  };
  return { entry, addenda };
}
