/**
 * PPD credit files for disbursement by direct deposit: one batch of consumer credits (service class 220)
 * from the State Disbursement Unit to custodial parents' accounts.
 *
 * `buildPpdFile` gives the exact file text: file header, batch header, entries (22 checking or 32
 * savings; 23/33 for a prenote), batch control, file control, padded to a multiple of 10 records with
 * 9s. `parsePpdFile` reads such a file back with the same checks as the CCD+ reader (tests use it, and a
 * returns or reconciliation step can).
 */
import type { Cents } from '../../kernel/money.ts';
import { fail, ok, type Result } from '../../kernel/result.ts';
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
  type AchBatchSummary,
  type AchEntryOut,
  type AchFileHeader,
  type AchFileHeaderInput,
  type AchWriteOptions,
} from './ach.ts';
import { ENTRY_DETAIL_PPD } from './layouts.ts';

export const PPD_SEC = 'PPD';
/** Individual Name is 22 characters; longer payee names are cut (banks post by account, not by name). */
export const PPD_NAME_LENGTH = 22;

export interface PpdCredit {
  /** The payee's name; cut to 22 characters. */
  name: string;
  /** 9 digits; the ABA check digit (3-7-1) is validated. */
  routing_number: string;
  /** Up to 17 letters, digits or hyphens. */
  account_number: string;
  /** checking -> transaction code 22, savings -> 32 (23/33 for a prenote). */
  account_type: AccountType;
  /** Above zero; zero for a prenote. */
  amount_cents: Cents;
  /** Individual Identification Number, up to 15 characters (e.g. the case number or a disbursement id). */
  individual_id: string;
  /** 1-9999999; the trace number is the ODFI prefix + this, zero-filled to 7 digits. Unique per file. */
  trace_sequence: number;
  /** A zero-dollar prenote that tests the account before the first live credit. */
  prenote?: boolean;
  discretionary_data?: string;
}

export interface PpdFileInput extends AchFileHeaderInput, AchBatchHeaderInput {
  credits: readonly PpdCredit[];
}

/** Writes a PPD credit file. Entries are written in trace-sequence order. */
export function buildPpdFile(input: PpdFileInput, options: AchWriteOptions = {}): Result<string> {
  const problems = new Problems();
  const header = fileHeaderValues(input, problems);
  const batchHeader = batchHeaderValues(input, '', problems, PPD_SEC, '220', 1);
  const credits = Array.isArray(input.credits) ? input.credits : [];
  if (credits.length === 0) problems.add({ path: '/credits', message: '/credits must hold at least one credit' });
  checkTraceSequences(problems, '/credits', credits);
  const entries = credits.map((c, i) => ({ seq: c.trace_sequence, out: ppdEntry(c, `/credits/${i}`, input.originating_dfi_id, problems) }));
  if (problems.count) return fail('VALIDATION_FAILED', `the PPD file could not be built (${problems.count} problem${problems.count === 1 ? '' : 's'})`, problems.details());
  entries.sort((x, y) => x.seq - y.seq);
  return writeAchFile(header, [{ header: batchHeader, entries: entries.map((e) => e.out) }], ENTRY_DETAIL_PPD, options);
}

function ppdEntry(c: PpdCredit, path: string, odfi: string, problems: Problems): AchEntryOut {
  const name = typeof c.name === 'string' ? c.name.trim().slice(0, PPD_NAME_LENGTH) : c.name;
  checkText(problems, `${path}/name`, name, PPD_NAME_LENGTH, true);
  checkRouting(problems, `${path}/routing_number`, c.routing_number);
  if (checkText(problems, `${path}/account_number`, c.account_number, 17, true) && !/^[0-9A-Za-z-]+$/.test(c.account_number)) {
    problems.add({ path: `${path}/account_number`, message: `${path}/account_number may hold only letters, digits and hyphens` });
  }
  if (c.account_type !== 'checking' && c.account_type !== 'savings') problems.add({ path: `${path}/account_type`, message: `${path}/account_type must be 'checking' or 'savings'` });
  const prenote = c.prenote === true;
  if (!Number.isSafeInteger(c.amount_cents) || c.amount_cents < 0) {
    problems.add({ path: `${path}/amount_cents`, message: `${path}/amount_cents must be whole cents` });
  } else if (prenote && c.amount_cents !== 0) {
    problems.add({ path: `${path}/amount_cents`, message: `${path}/amount_cents must be zero for a prenote` });
  } else if (!prenote && c.amount_cents === 0) {
    problems.add({ path: `${path}/amount_cents`, message: `${path}/amount_cents must be above zero (send a prenote to test an account)` });
  } else if (c.amount_cents > 99_999_999_99) {
    problems.add({ path: `${path}/amount_cents`, message: `${path}/amount_cents is above the entry maximum of 9999999999 cents` });
  }
  checkText(problems, `${path}/individual_id`, c.individual_id, 15, false);
  checkText(problems, `${path}/discretionary_data`, c.discretionary_data, 2, false);
  const routing = typeof c.routing_number === 'string' ? c.routing_number : '';
  const seq = String(c.trace_sequence).padStart(7, '0');
  const entry: RecordValues = {
    transaction_code: transactionCode('credit', c.account_type === 'savings' ? 'savings' : 'checking', prenote ? 'prenote' : 'live'),
    receiving_dfi_identification: routing.slice(0, 8),
    check_digit: routing.slice(8, 9),
    dfi_account_number: c.account_number,
    amount: c.amount_cents,
    individual_identification_number: c.individual_id,
    individual_name: name,
    discretionary_data: c.discretionary_data,
    addenda_record_indicator: '0',
    trace_number: `${odfi}${seq}`,
  };
  return { entry };
}

export interface PpdEntry {
  line: number;
  trace_number: string;
  transaction_code: string;
  account_type: AccountType;
  prenote: boolean;
  amount_cents: Cents;
  routing_number: string;
  account_number: string;
  individual_id: string;
  name: string;
  discretionary_data: string;
  effective_entry_date: string;
  batch_number: number;
}

export interface PpdFile {
  header: AchFileHeader;
  batches: AchBatchSummary[];
  entries: PpdEntry[];
  total_credit_cents: Cents;
  total_debit_cents: Cents;
  record_count: number;
}

/** Reads a PPD file whole (structure, controls, hashes, padding); any problem rejects it. */
export function parsePpdFile(input: string | Uint8Array): Result<PpdFile> {
  const problems = new Problems();
  const file = readAchFile(fileText(input), { sec: PPD_SEC, entryLayout: ENTRY_DETAIL_PPD }, problems);
  if (problems.count > 0 || !file.header?.values) {
    return fail('IMPORT_REJECTED', `the PPD file was rejected (${problems.count} problem${problems.count === 1 ? '' : 's'})`, problems.details());
  }
  const batches = file.batches.map(batchSummaryFrom);
  const entries: PpdEntry[] = [];
  file.batches.forEach((batch, b) => {
    for (const e of batch.entries) {
      const v = e.values!;
      const code = textOf(v, 'transaction_code');
      const info = TRANSACTION_CODES[code]!;
      entries.push({
        line: e.line,
        trace_number: textOf(v, 'trace_number'),
        transaction_code: code,
        account_type: info.account,
        prenote: info.purpose === 'prenote',
        amount_cents: numberOf(v, 'amount'),
        routing_number: textOf(v, 'receiving_dfi_identification') + textOf(v, 'check_digit'),
        account_number: textOf(v, 'dfi_account_number'),
        individual_id: textOf(v, 'individual_identification_number'),
        name: textOf(v, 'individual_name'),
        discretionary_data: textOf(v, 'discretionary_data'),
        effective_entry_date: batches[b]!.effective_entry_date,
        batch_number: batches[b]!.batch_number,
      });
    }
  });
  return ok({
    header: fileHeaderFrom(file.header.values),
    batches,
    entries,
    total_credit_cents: batches.reduce((s, x) => s + x.total_credit_cents, 0),
    total_debit_cents: batches.reduce((s, x) => s + x.total_debit_cents, 0),
    record_count: file.record_count,
  });
}
