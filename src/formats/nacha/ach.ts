/**
 * What CCD and PPD files share: routing numbers, transaction codes, the file header, and a reader and
 * writer for the 1 / 5 / 6 / 7 / 8 / 9 record structure with its controls (counts, entry hash, totals,
 * blocking). The CCD+ (ccd.ts) and PPD (ppd.ts) modules add their own entry rules on top.
 */
import type { Cents } from '../../kernel/money.ts';
import { fail, ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { decode, encode, isPrintableAscii, isValidHhmm, isoToYymmdd, numberOf, textOf, type FieldValue, type RecordLayout, type RecordValues } from '../fixed-width.ts';
import { ACH_BLOCKING_FACTOR, ACH_PADDING_RECORD, ACH_RECORD_LENGTH, ADDENDA_05, BATCH_CONTROL, BATCH_HEADER, FILE_CONTROL, FILE_HEADER } from './layouts.ts';

// ---------------------------------------------------------------------------------------------------
// Routing numbers and transaction codes

/** ABA check digit of the first 8 digits of a routing number: weights 3, 7, 1 repeated, modulo 10. */
export function abaCheckDigit(first8: string): number {
  if (!/^\d{8}$/.test(first8)) throw new RangeError('a routing number prefix is 8 digits');
  const weights = [3, 7, 1, 3, 7, 1, 3, 7];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(first8[i]) * weights[i]!;
  return (10 - (sum % 10)) % 10;
}

/** 9 digits whose check digit is right (3-7-1), and not all zeros. */
export function isValidRoutingNumber(routing: string): boolean {
  return /^\d{9}$/.test(routing) && routing !== '000000000' && abaCheckDigit(routing.slice(0, 8)) === Number(routing[8]);
}

export type EntryDirection = 'credit' | 'debit';
export type AccountType = 'checking' | 'savings';
/** live = moves money; prenote = zero-dollar test of the account; zero_dollar = remittance data only. */
export type EntryPurpose = 'live' | 'prenote' | 'zero_dollar';

export interface TransactionCodeInfo {
  readonly direction: EntryDirection;
  readonly account: AccountType;
  readonly purpose: EntryPurpose;
}

/** Demand-deposit codes only; GL and loan account codes are not used by this system. */
export const TRANSACTION_CODES: Readonly<Record<string, TransactionCodeInfo>> = Object.freeze({
  '22': { direction: 'credit', account: 'checking', purpose: 'live' },
  '23': { direction: 'credit', account: 'checking', purpose: 'prenote' },
  '24': { direction: 'credit', account: 'checking', purpose: 'zero_dollar' },
  '27': { direction: 'debit', account: 'checking', purpose: 'live' },
  '28': { direction: 'debit', account: 'checking', purpose: 'prenote' },
  '29': { direction: 'debit', account: 'checking', purpose: 'zero_dollar' },
  '32': { direction: 'credit', account: 'savings', purpose: 'live' },
  '33': { direction: 'credit', account: 'savings', purpose: 'prenote' },
  '34': { direction: 'credit', account: 'savings', purpose: 'zero_dollar' },
  '37': { direction: 'debit', account: 'savings', purpose: 'live' },
  '38': { direction: 'debit', account: 'savings', purpose: 'prenote' },
  '39': { direction: 'debit', account: 'savings', purpose: 'zero_dollar' },
});

export function transactionCode(direction: EntryDirection, account: AccountType, purpose: EntryPurpose): string {
  const code = Object.entries(TRANSACTION_CODES).find(([, i]) => i.direction === direction && i.account === account && i.purpose === purpose);
  return code![0];
}

const HASH_MODULUS = 10_000_000_000;

/** Entry hash: the sum of the 8-digit RDFI identifications, keeping the rightmost 10 digits. */
export function entryHash(rdfiPrefixes: readonly string[]): number {
  let sum = 0;
  for (const p of rdfiPrefixes) sum = (sum + Number(p)) % HASH_MODULUS;
  return sum;
}

export type LineEnding = 'LF' | 'CRLF';

export interface AchWriteOptions {
  /** Default LF. Every record, the last included, ends with it. */
  line_ending?: LineEnding;
}

// ---------------------------------------------------------------------------------------------------
// File header

export interface AchFileHeader {
  /** 9-digit routing number (positions 5-13; position 4 is a space). */
  immediate_destination: string;
  immediate_destination_name: string;
  /** As written, without padding: "1234567890", or a routing number when the field held " 091000019". */
  immediate_origin: string;
  immediate_origin_name: string;
  /** ISO date. */
  file_creation_date: string;
  /** HHMM, when given. */
  file_creation_time?: string;
  file_id_modifier: string;
  reference_code: string;
}

export interface AchFileHeaderInput {
  /** 9-digit routing number of the ODFI or ACH operator the file goes to. */
  immediate_destination: string;
  immediate_destination_name: string;
  /** 10 characters ("1" + EIN is common), or a 9-digit routing number (written with a leading space). */
  immediate_origin: string;
  immediate_origin_name: string;
  /** ISO date; the caller passes the injected clock's date. */
  file_creation_date: string;
  /** HHMM. */
  file_creation_time?: string;
  /** A-Z or 0-9; tells apart files made on the same day. Default "A". */
  file_id_modifier?: string;
  reference_code?: string;
}

export interface AchBatchHeaderInput {
  /** Up to 16 characters. */
  company_name: string;
  /** 10 characters, often "1" + EIN. */
  company_id: string;
  company_discretionary_data?: string;
  /** Up to 10 characters, shown on the receiver's statement. */
  entry_description: string;
  /** Up to 6 characters, free text ("JAN 25"). */
  descriptive_date?: string;
  /** ISO date the entries settle (the requested settlement date). */
  effective_entry_date: string;
  /** The ODFI's 8-digit routing prefix; also the first 8 digits of every trace number. */
  originating_dfi_id: string;
  /** Default: the batch's position in the file, from 1. */
  batch_number?: number;
}

export class Problems {
  readonly list: ErrorDetail[] = [];
  constructor(private readonly cap = 500) {}
  add(detail: ErrorDetail): void {
    if (this.list.length < this.cap) this.list.push(detail);
    else this.overflow += 1;
  }
  addAll(details: readonly ErrorDetail[] | undefined): void {
    for (const d of details ?? []) this.add(d);
  }
  overflow = 0;
  get count(): number {
    return this.list.length + this.overflow;
  }
  details(): ErrorDetail[] {
    const out = [...this.list].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    if (this.overflow > 0) out.push({ message: `${this.overflow} more problems were not listed` });
    return out;
  }
}

function isText(value: unknown): value is string {
  return typeof value === 'string';
}

/** Checks an input text value: printable ASCII, not too long, present when required. */
export function checkText(problems: Problems, path: string, value: unknown, max: number, required: boolean): value is string {
  if (value === undefined || value === '') {
    if (required) problems.add({ path, message: `${path} is required` });
    return false;
  }
  if (!isText(value)) {
    problems.add({ path, message: `${path} must be text` });
    return false;
  }
  if (required && value.trim() === '') {
    problems.add({ path, message: `${path} is required` });
    return false;
  }
  if (!isPrintableAscii(value)) {
    problems.add({ path, message: `${path} may hold only printable ASCII (0x20-0x7E)` });
    return false;
  }
  if (value.length > max) {
    problems.add({ path, message: `${path} is ${value.length} characters long; at most ${max} fit` });
    return false;
  }
  return true;
}

export function checkRouting(problems: Problems, path: string, value: unknown): value is string {
  if (!isText(value) || !/^\d{9}$/.test(value)) {
    problems.add({ path, message: `${path} must be a 9-digit routing number` });
    return false;
  }
  if (!isValidRoutingNumber(value)) {
    problems.add({ path, message: `${path} fails the ABA check digit (3-7-1)` });
    return false;
  }
  return true;
}

export function checkIsoDateFits(problems: Problems, path: string, value: unknown): value is string {
  if (!isText(value) || !isoToYymmdd(value)) {
    problems.add({ path, message: `${path} must be an ISO date between 1980-01-01 and 2079-12-31` });
    return false;
  }
  return true;
}

/** Turns builder input into file header values, or records the problems. */
export function fileHeaderValues(input: AchFileHeaderInput, problems: Problems): RecordValues {
  checkRouting(problems, '/immediate_destination', input.immediate_destination);
  let origin = input.immediate_origin;
  if (isText(origin) && /^\d{9}$/.test(origin)) origin = ` ${origin}`;
  if (checkText(problems, '/immediate_origin', origin, 10, true) && origin.length !== 10) {
    problems.add({ path: '/immediate_origin', message: '/immediate_origin must be 10 characters, or a 9-digit routing number' });
  }
  checkText(problems, '/immediate_destination_name', input.immediate_destination_name, 23, false);
  checkText(problems, '/immediate_origin_name', input.immediate_origin_name, 23, false);
  checkIsoDateFits(problems, '/file_creation_date', input.file_creation_date);
  if (input.file_creation_time !== undefined && (!isText(input.file_creation_time) || !isValidHhmm(input.file_creation_time))) {
    problems.add({ path: '/file_creation_time', message: '/file_creation_time must be HHMM (0000-2359)' });
  }
  const modifier = input.file_id_modifier ?? 'A';
  if (!isText(modifier) || !/^[A-Z0-9]$/.test(modifier)) problems.add({ path: '/file_id_modifier', message: '/file_id_modifier must be one character A-Z or 0-9' });
  checkText(problems, '/reference_code', input.reference_code, 8, false);
  return {
    immediate_destination: ` ${input.immediate_destination}`,
    immediate_origin: origin,
    file_creation_date: input.file_creation_date,
    file_creation_time: input.file_creation_time,
    file_id_modifier: modifier,
    immediate_destination_name: input.immediate_destination_name,
    immediate_origin_name: input.immediate_origin_name,
    reference_code: input.reference_code,
  };
}

/** Turns builder input into batch header values (service class and SEC code supplied by the caller). */
export function batchHeaderValues(input: AchBatchHeaderInput, path: string, problems: Problems, sec: string, serviceClass: string, defaultBatchNumber: number): RecordValues {
  checkText(problems, `${path}/company_name`, input.company_name, 16, true);
  checkText(problems, `${path}/company_id`, input.company_id, 10, true);
  checkText(problems, `${path}/company_discretionary_data`, input.company_discretionary_data, 20, false);
  checkText(problems, `${path}/entry_description`, input.entry_description, 10, true);
  checkText(problems, `${path}/descriptive_date`, input.descriptive_date, 6, false);
  checkIsoDateFits(problems, `${path}/effective_entry_date`, input.effective_entry_date);
  if (!isText(input.originating_dfi_id) || !/^\d{8}$/.test(input.originating_dfi_id)) {
    problems.add({ path: `${path}/originating_dfi_id`, message: `${path}/originating_dfi_id must be the 8-digit routing prefix of the ODFI` });
  }
  const batchNumber = input.batch_number ?? defaultBatchNumber;
  if (!Number.isSafeInteger(batchNumber) || batchNumber < 1 || batchNumber > 9_999_999) {
    problems.add({ path: `${path}/batch_number`, message: `${path}/batch_number must be 1 to 9999999` });
  }
  return {
    service_class_code: serviceClass,
    company_name: input.company_name,
    company_discretionary_data: input.company_discretionary_data,
    company_identification: input.company_id,
    standard_entry_class_code: sec,
    company_entry_description: input.entry_description,
    company_descriptive_date: input.descriptive_date,
    effective_entry_date: input.effective_entry_date,
    originator_status_code: '1',
    originating_dfi_identification: input.originating_dfi_id,
    batch_number: batchNumber,
  };
}

export function checkTraceSequences(problems: Problems, path: string, items: readonly { trace_sequence: unknown }[]): void {
  const seen = new Map<number, number>();
  items.forEach((item, i) => {
    const seq = item.trace_sequence;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1 || seq > 9_999_999) {
      problems.add({ path: `${path}/${i}/trace_sequence`, message: `${path}/${i}/trace_sequence must be 1 to 9999999` });
      return;
    }
    const before = seen.get(seq);
    if (before !== undefined) problems.add({ path: `${path}/${i}/trace_sequence`, message: `${path}/${i}/trace_sequence ${seq} is also used by item ${before}; trace numbers must be unique` });
    else seen.set(seq, i);
  });
}

// ---------------------------------------------------------------------------------------------------
// Writer

export interface AchEntryOut {
  entry: RecordValues;
  addenda?: RecordValues;
}

export interface AchBatchOut {
  header: RecordValues;
  entries: readonly AchEntryOut[];
}

/**
 * Writes a whole file: header, batches with computed controls, file control, and 9-filled padding to
 * a multiple of 10 records. Entries must already be in trace-number order.
 */
export function writeAchFile(header: RecordValues, batches: readonly AchBatchOut[], entryLayout: RecordLayout, options: AchWriteOptions = {}): Result<string> {
  const problems = new Problems();
  if (options.line_ending !== undefined && options.line_ending !== 'LF' && options.line_ending !== 'CRLF') {
    return fail('VALIDATION_FAILED', "line_ending must be 'LF' or 'CRLF'", [{ path: 'options/line_ending', message: "line_ending must be 'LF' or 'CRLF'" }]);
  }
  const records: string[] = [];
  const put = (values: RecordValues, layout: RecordLayout, path: string) => {
    const r = encode(values, layout, { path });
    if (r.ok) records.push(r.value);
    else problems.addAll(r.details);
  };
  put(header, FILE_HEADER, '/file_header');
  let fileCount = 0;
  let fileHash = 0;
  let fileDebit = 0;
  let fileCredit = 0;
  batches.forEach((batch, b) => {
    put(batch.header, BATCH_HEADER, `/batches/${b}/batch_header`);
    let count = 0;
    let debit = 0;
    let credit = 0;
    const prefixes: string[] = [];
    batch.entries.forEach((e, i) => {
      put(e.entry, entryLayout, `/batches/${b}/entries/${i}`);
      count += 1;
      prefixes.push(textOf(e.entry, 'receiving_dfi_identification'));
      const info = TRANSACTION_CODES[textOf(e.entry, 'transaction_code')];
      const amount = numberOf(e.entry, 'amount');
      if (info?.direction === 'debit') debit += amount;
      else credit += amount;
      if (e.addenda) {
        put(e.addenda, ADDENDA_05, `/batches/${b}/entries/${i}/addenda`);
        count += 1;
      }
    });
    const hash = entryHash(prefixes);
    put(
      {
        service_class_code: batch.header.service_class_code,
        entry_addenda_count: count,
        entry_hash: hash,
        total_debit_amount: debit,
        total_credit_amount: credit,
        company_identification: batch.header.company_identification,
        originating_dfi_identification: batch.header.originating_dfi_identification,
        batch_number: batch.header.batch_number,
      },
      BATCH_CONTROL,
      `/batches/${b}/batch_control`,
    );
    fileCount += count;
    fileHash = (fileHash + hash) % HASH_MODULUS;
    fileDebit += debit;
    fileCredit += credit;
  });
  const withControl = records.length + 1;
  const blocks = Math.ceil(withControl / ACH_BLOCKING_FACTOR);
  put(
    {
      batch_count: batches.length,
      block_count: blocks,
      entry_addenda_count: fileCount,
      entry_hash: fileHash,
      total_debit_amount: fileDebit,
      total_credit_amount: fileCredit,
    },
    FILE_CONTROL,
    '/file_control',
  );
  if (problems.count) return fail('VALIDATION_FAILED', `the ACH file could not be written (${problems.count} problem${problems.count > 1 ? 's' : ''})`, problems.details());
  while (records.length % ACH_BLOCKING_FACTOR !== 0) records.push(ACH_PADDING_RECORD);
  const eol = options.line_ending === 'CRLF' ? '\r\n' : '\n';
  return ok(records.map((r) => r + eol).join(''));
}

// ---------------------------------------------------------------------------------------------------
// Reader

export interface ReadRecord {
  line: number;
  /** Undefined when the record could not be decoded (its problems are already listed). */
  values?: Record<string, FieldValue>;
}

export interface ReadEntry extends ReadRecord {
  addenda: ReadRecord[];
}

export interface ReadBatch {
  header: ReadRecord;
  entries: ReadEntry[];
  control?: ReadRecord;
}

export interface ReadFile {
  header?: ReadRecord;
  batches: ReadBatch[];
  control?: ReadRecord;
  record_count: number;
}

export interface ReadProfile {
  /** The only Standard Entry Class code accepted in a batch header. */
  sec: string;
  entryLayout: RecordLayout;
}

/**
 * Splits a file into records. LF and CRLF both end a record and a final line break is optional. A file
 * with no line breaks at all whose length is a multiple of 94 is read as back-to-back records (banks
 * send both); its "line" numbers are then record numbers.
 */
export function splitRecords(text: string): string[] {
  if (text === '') return [];
  if (!/[\r\n]/.test(text) && text.length > ACH_RECORD_LENGTH && text.length % ACH_RECORD_LENGTH === 0) {
    const out: string[] = [];
    for (let i = 0; i < text.length; i += ACH_RECORD_LENGTH) out.push(text.slice(i, i + ACH_RECORD_LENGTH));
    return out;
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Bytes are read as Latin-1 so that one byte is one character and any non-ASCII byte is caught. */
export function fileText(input: string | Uint8Array): string {
  return typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
}

/**
 * Reads the record structure and checks everything that does not depend on the SEC code's own rules:
 * record length and fields, record order, one file header and control, blocking and padding, batch
 * numbers, routing check digits, transaction codes against amounts and the service class, trace
 * numbers, addenda sequence numbers, counts, entry hashes and totals. Every problem goes to `problems`.
 */
export function readAchFile(text: string, profile: ReadProfile, problems: Problems): ReadFile {
  const lines = splitRecords(text);
  const file: ReadFile = { batches: [], record_count: lines.length };
  const at = (line: number, path: string, message: string) => problems.add({ line, path, message });
  if (lines.length === 0) {
    problems.add({ path: 'file', message: 'the file is empty' });
    return file;
  }
  const read = (raw: string, lineNo: number, layout: RecordLayout): ReadRecord => {
    const r = decode(raw, layout, { line: lineNo });
    if (r.ok) return { line: lineNo, values: r.value };
    problems.addAll(r.details);
    return { line: lineNo };
  };

  type State = 'start' | 'between' | 'batch' | 'done';
  let state: State = 'start';
  let batch: ReadBatch | undefined;
  let entry: ReadEntry | undefined;
  const closeBatch = () => {
    batch = undefined;
    entry = undefined;
  };
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const type = raw[0] ?? '';
    if (state === 'done') {
      if (raw !== ACH_PADDING_RECORD) at(lineNo, 'padding', `after the file control only padding records (94 '9's) may follow; found a record of type '${type}' and length ${raw.length}`);
      return;
    }
    if (state === 'start' && type !== '1') {
      at(lineNo, 'file_header', `the first record must be the file header (type 1); found type '${type}'`);
      state = 'between';
    }
    switch (type) {
      case '1':
        if (file.header) at(lineNo, 'file_header', `a second file header; the file header is on line ${file.header.line}`);
        else file.header = read(raw, lineNo, FILE_HEADER);
        if (batch) {
          at(batch.header.line, 'batch_control', `the batch that starts on line ${batch.header.line} has no batch control (type 8)`);
          closeBatch();
        }
        state = 'between';
        return;
      case '5':
        if (batch) at(batch.header.line, 'batch_control', `the batch that starts on line ${batch.header.line} has no batch control (type 8) before the next batch header on line ${lineNo}`);
        batch = { header: read(raw, lineNo, BATCH_HEADER), entries: [] };
        entry = undefined;
        file.batches.push(batch);
        state = 'batch';
        return;
      case '6':
        if (!batch) {
          at(lineNo, 'entry_detail', 'an entry detail (type 6) outside a batch: it must follow a batch header (type 5)');
          return;
        }
        entry = { ...read(raw, lineNo, profile.entryLayout), addenda: [] };
        batch.entries.push(entry);
        return;
      case '7':
        if (!entry) {
          at(lineNo, 'addenda', 'an addenda (type 7) that does not follow an entry detail (type 6)');
          return;
        }
        entry.addenda.push(read(raw, lineNo, ADDENDA_05));
        return;
      case '8':
        if (!batch) {
          at(lineNo, 'batch_control', 'a batch control (type 8) without a batch header (type 5) before it');
          return;
        }
        batch.control = read(raw, lineNo, BATCH_CONTROL);
        closeBatch();
        state = 'between';
        return;
      case '9':
        if (raw === ACH_PADDING_RECORD) {
          at(lineNo, 'file_control', `a padding record (94 '9's) before the file control (type 9)`);
          return;
        }
        if (batch) {
          at(batch.header.line, 'batch_control', `the batch that starts on line ${batch.header.line} has no batch control (type 8) before the file control on line ${lineNo}`);
          closeBatch();
        }
        file.control = read(raw, lineNo, FILE_CONTROL);
        state = 'done';
        return;
      default:
        at(lineNo, 'record_type', `record type '${type}' (position 1) is not an ACH record type (1, 5, 6, 7, 8 or 9)`);
    }
  });
  if (batch) at((batch as ReadBatch).header.line, 'batch_control', `the batch that starts on line ${(batch as ReadBatch).header.line} has no batch control (type 8)`);
  if (!file.control) at(lines.length, 'file_control', 'the file has no file control record (type 9)');
  if (lines.length % ACH_BLOCKING_FACTOR !== 0) {
    at(lines.length, 'padding', `the file has ${lines.length} records; it must be blocked in 10s, padded with records of 94 '9's to ${Math.ceil(lines.length / ACH_BLOCKING_FACTOR) * ACH_BLOCKING_FACTOR}`);
  }
  checkFile(file, profile, lines.length, problems);
  return file;
}

function checkFile(file: ReadFile, profile: ReadProfile, lineCount: number, problems: Problems): void {
  const at = (line: number, path: string, message: string) => problems.add({ line, path, message });
  const h = file.header?.values;
  if (h && file.header) {
    const dest = textOf(h, 'immediate_destination');
    const where = 'File Header (record type 1), immediate_destination (positions 4-13)';
    if (!/^ \d{9}$/.test(dest)) at(file.header.line, 'file_header/immediate_destination', `${where}: must be a space followed by a 9-digit routing number, found '${dest}'`);
    else if (!isValidRoutingNumber(dest.slice(1))) at(file.header.line, 'file_header/immediate_destination', `${where}: routing number ${dest.slice(1)} fails the ABA check digit (3-7-1)`);
  }

  const traces = new Map<string, number>();
  let previousBatchNumber = 0;
  let fileCount = 0;
  let fileHash = 0;
  let fileDebit = 0;
  let fileCredit = 0;
  let fileComplete = true;
  if (file.batches.length === 0 && file.header) at(file.header.line, 'batch_header', 'the file holds no batches; at least one batch header (type 5) must follow the file header');
  for (const batch of file.batches) {
    const bh = batch.header.values;
    const bl = batch.header.line;
    if (batch.entries.length === 0) at(bl, 'batch_header', `the batch that starts on line ${bl} holds no entry detail records (type 6)`);
    const serviceClass = bh ? textOf(bh, 'service_class_code') : undefined;
    const odfi = bh ? textOf(bh, 'originating_dfi_identification') : undefined;
    if (bh) {
      const sec = textOf(bh, 'standard_entry_class_code');
      if (sec !== profile.sec) at(bl, 'batch_header/standard_entry_class_code', `Batch Header (record type 5), standard_entry_class_code (positions 51-53): must be '${profile.sec}', found '${sec}'`);
      const n = numberOf(bh, 'batch_number');
      if (n <= previousBatchNumber) at(bl, 'batch_header/batch_number', `Batch Header (record type 5), batch_number (positions 88-94): batch numbers must ascend through the file; ${n} follows ${previousBatchNumber}`);
      previousBatchNumber = n;
    }
    let count = 0;
    let debit = 0;
    let credit = 0;
    let complete = true;
    let previousTrace = '';
    const prefixes: string[] = [];
    for (const e of batch.entries) {
      count += 1 + e.addenda.length;
      const v = e.values;
      if (!v) {
        complete = false;
        continue;
      }
      const where = (field: string, pos: string) => `Entry Detail (record type 6), ${field} (${pos})`;
      const code = textOf(v, 'transaction_code');
      const info = TRANSACTION_CODES[code];
      const amount = numberOf(v, 'amount');
      const rdfi = textOf(v, 'receiving_dfi_identification');
      prefixes.push(rdfi);
      if (!info) {
        at(e.line, 'entry_detail/transaction_code', `${where('transaction_code', 'positions 2-3')}: '${code}' is not a checking or savings credit or debit code`);
        complete = false;
      } else {
        if (info.direction === 'debit') debit += amount;
        else credit += amount;
        if (info.purpose === 'live' && amount === 0) at(e.line, 'entry_detail/amount', `${where('amount', 'positions 30-39')}: transaction code ${code} moves money, so the amount may not be zero`);
        if (info.purpose !== 'live' && amount !== 0) at(e.line, 'entry_detail/amount', `${where('amount', 'positions 30-39')}: transaction code ${code} is a ${info.purpose === 'prenote' ? 'prenote' : 'zero-dollar entry'}, so the amount must be zero`);
        if (serviceClass === '220' && info.direction === 'debit') at(e.line, 'entry_detail/transaction_code', `${where('transaction_code', 'positions 2-3')}: a debit (${code}) in a credits-only batch (service class 220)`);
        if (serviceClass === '225' && info.direction === 'credit') at(e.line, 'entry_detail/transaction_code', `${where('transaction_code', 'positions 2-3')}: a credit (${code}) in a debits-only batch (service class 225)`);
      }
      const routing = rdfi + textOf(v, 'check_digit');
      if (!isValidRoutingNumber(routing)) at(e.line, 'entry_detail/check_digit', `${where('check_digit', 'position 12')}: routing number ${routing} fails the ABA check digit (3-7-1)`);
      const trace = textOf(v, 'trace_number');
      if (odfi !== undefined && trace.slice(0, 8) !== odfi) at(e.line, 'entry_detail/trace_number', `${where('trace_number', 'positions 80-94')}: must start with the batch's originating DFI ${odfi}, found ${trace.slice(0, 8)}`);
      if (previousTrace && trace <= previousTrace) at(e.line, 'entry_detail/trace_number', `${where('trace_number', 'positions 80-94')}: trace numbers must ascend within a batch; ${trace} follows ${previousTrace}`);
      previousTrace = trace;
      const first = traces.get(trace);
      if (first !== undefined) at(e.line, 'entry_detail/trace_number', `${where('trace_number', 'positions 80-94')}: trace number ${trace} is also used on line ${first}`);
      else traces.set(trace, e.line);
      const indicator = textOf(v, 'addenda_record_indicator');
      if (indicator === '1' && e.addenda.length === 0) at(e.line, 'entry_detail/addenda_record_indicator', `${where('addenda_record_indicator', 'position 79')}: is 1 but no addenda record (type 7) follows the entry`);
      if (indicator === '0' && e.addenda.length > 0) at(e.addenda[0]!.line, 'addenda', `an addenda record follows an entry (line ${e.line}) whose addenda record indicator is 0`);
      e.addenda.forEach((a, k) => {
        if (k > 0) {
          at(a.line, 'addenda', `only one addenda record (type 7) may follow a ${profile.sec} entry; this is number ${k + 1} for the entry on line ${e.line}`);
          return;
        }
        if (!a.values) return;
        const seq = numberOf(a.values, 'addenda_sequence_number');
        if (seq !== 1) at(a.line, 'addenda/addenda_sequence_number', `Addenda (record type 7, type 05), addenda_sequence_number (positions 84-87): must be 0001, found ${String(seq).padStart(4, '0')}`);
        const entrySeq = textOf(a.values, 'entry_detail_sequence_number');
        if (entrySeq !== trace.slice(8)) at(a.line, 'addenda/entry_detail_sequence_number', `Addenda (record type 7, type 05), entry_detail_sequence_number (positions 88-94): must be the last 7 digits of the entry's trace number (${trace.slice(8)}), found ${entrySeq}`);
      });
    }
    const hash = entryHash(prefixes);
    fileCount += count;
    fileHash = (fileHash + hash) % HASH_MODULUS;
    fileDebit += debit;
    fileCredit += credit;
    if (!complete) fileComplete = false;
    const c = batch.control?.values;
    if (!batch.control) continue;
    const cl = batch.control.line;
    if (!c) continue;
    const ctl = (field: string, pos: string, message: string) => at(cl, `batch_control/${field}`, `Batch Control (record type 8), ${field} (positions ${pos}): ${message}`);
    const n = numberOf(c, 'entry_addenda_count');
    if (n !== count) ctl('entry_addenda_count', '5-10', `says ${n} but the batch has ${count} entry and addenda records`);
    if (bh) {
      if (textOf(c, 'service_class_code') !== serviceClass) ctl('service_class_code', '2-4', `must match the batch header (${serviceClass}), found ${textOf(c, 'service_class_code')}`);
      if (textOf(c, 'company_identification') !== textOf(bh, 'company_identification')) ctl('company_identification', '45-54', `must match the batch header ('${textOf(bh, 'company_identification')}'), found '${textOf(c, 'company_identification')}'`);
      if (textOf(c, 'originating_dfi_identification') !== odfi) ctl('originating_dfi_identification', '80-87', `must match the batch header (${odfi}), found ${textOf(c, 'originating_dfi_identification')}`);
      if (numberOf(c, 'batch_number') !== numberOf(bh, 'batch_number')) ctl('batch_number', '88-94', `must match the batch header (${numberOf(bh, 'batch_number')}), found ${numberOf(c, 'batch_number')}`);
    }
    if (complete) {
      if (numberOf(c, 'entry_hash') !== hash) ctl('entry_hash', '11-20', `says ${textPad(numberOf(c, 'entry_hash'), 10)} but the RDFI routing prefixes add up to ${textPad(hash, 10)}`);
      if (numberOf(c, 'total_debit_amount') !== debit) ctl('total_debit_amount', '21-32', `says ${numberOf(c, 'total_debit_amount')} cents but the debit entries add up to ${debit}`);
      if (numberOf(c, 'total_credit_amount') !== credit) ctl('total_credit_amount', '33-44', `says ${numberOf(c, 'total_credit_amount')} cents but the credit entries add up to ${credit}`);
    }
  }

  const fc = file.control?.values;
  if (!file.control || !fc) return;
  const fl = file.control.line;
  const ctl = (field: string, pos: string, message: string) => at(fl, `file_control/${field}`, `File Control (record type 9), ${field} (positions ${pos}): ${message}`);
  if (numberOf(fc, 'batch_count') !== file.batches.length) ctl('batch_count', '2-7', `says ${numberOf(fc, 'batch_count')} but the file has ${file.batches.length} batches`);
  const blocks = Math.ceil(lineCount / ACH_BLOCKING_FACTOR);
  if (numberOf(fc, 'block_count') !== blocks) ctl('block_count', '8-13', `says ${numberOf(fc, 'block_count')} but the file's ${lineCount} records make ${blocks} block${blocks === 1 ? '' : 's'} of 10`);
  if (numberOf(fc, 'entry_addenda_count') !== fileCount) ctl('entry_addenda_count', '14-21', `says ${numberOf(fc, 'entry_addenda_count')} but the file has ${fileCount} entry and addenda records`);
  if (fileComplete) {
    if (numberOf(fc, 'entry_hash') !== fileHash) ctl('entry_hash', '22-31', `says ${textPad(numberOf(fc, 'entry_hash'), 10)} but the RDFI routing prefixes add up to ${textPad(fileHash, 10)}`);
    if (numberOf(fc, 'total_debit_amount') !== fileDebit) ctl('total_debit_amount', '32-43', `says ${numberOf(fc, 'total_debit_amount')} cents but the debit entries add up to ${fileDebit}`);
    if (numberOf(fc, 'total_credit_amount') !== fileCredit) ctl('total_credit_amount', '44-55', `says ${numberOf(fc, 'total_credit_amount')} cents but the credit entries add up to ${fileCredit}`);
  }
}

function textPad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function fileHeaderFrom(values: RecordValues): AchFileHeader {
  const header: AchFileHeader = {
    immediate_destination: textOf(values, 'immediate_destination').trim(),
    immediate_destination_name: textOf(values, 'immediate_destination_name'),
    immediate_origin: textOf(values, 'immediate_origin').trim(),
    immediate_origin_name: textOf(values, 'immediate_origin_name'),
    file_creation_date: textOf(values, 'file_creation_date'),
    file_id_modifier: textOf(values, 'file_id_modifier'),
    reference_code: textOf(values, 'reference_code'),
  };
  const time = values.file_creation_time;
  if (typeof time === 'string') header.file_creation_time = time;
  return header;
}

export interface AchBatchSummary {
  line: number;
  batch_number: number;
  service_class_code: string;
  company_name: string;
  company_id: string;
  company_discretionary_data: string;
  entry_description: string;
  descriptive_date: string;
  effective_entry_date: string;
  /** Julian day filled in by the ACH operator, when present. */
  settlement_date: string;
  originating_dfi_id: string;
  entry_count: number;
  total_debit_cents: Cents;
  total_credit_cents: Cents;
}

export function batchSummaryFrom(batch: ReadBatch): AchBatchSummary {
  const h = batch.header.values!;
  const c = batch.control?.values ?? {};
  return {
    line: batch.header.line,
    batch_number: numberOf(h, 'batch_number'),
    service_class_code: textOf(h, 'service_class_code'),
    company_name: textOf(h, 'company_name'),
    company_id: textOf(h, 'company_identification'),
    company_discretionary_data: textOf(h, 'company_discretionary_data'),
    entry_description: textOf(h, 'company_entry_description'),
    descriptive_date: textOf(h, 'company_descriptive_date'),
    effective_entry_date: textOf(h, 'effective_entry_date'),
    settlement_date: textOf(h, 'settlement_date'),
    originating_dfi_id: textOf(h, 'originating_dfi_identification'),
    entry_count: batch.entries.length,
    total_debit_cents: numberOf(c, 'total_debit_amount'),
    total_credit_cents: numberOf(c, 'total_credit_amount'),
  };
}
