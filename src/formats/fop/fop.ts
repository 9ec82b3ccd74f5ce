/**
 * Federal Offset Program files: the case submission file the State sends OCSE (case records then one
 * control record) and the collection/adjustment file OCSE sends back. Pure codecs over the layout tables
 * in layouts.ts; readers never throw and name the line, record and field of every problem.
 */
import { fail, ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { decode, encode, numberOf, textOf, type RecordValues } from '../fixed-width.ts';
import { fileText, splitRecords } from '../nacha/ach.ts';
import { FOP_CASE_SUBMISSION, FOP_COLLECTION, FOP_COLLECTION_CONTROL, FOP_EXCLUSIONS, FOP_SUBMISSION_CONTROL, type FopExclusion, type FopTransactionType } from './layouts.ts';

export interface FopCaseRecord {
  submitting_state: string;
  local_code: string;
  ssn: string;
  case_id: string;
  last_name: string;
  first_name: string;
  amount_owed_dollars: number;
  transaction_type: FopTransactionType;
  case_type: 'A' | 'N';
  process_year: number;
  address_line_1?: string;
  address_line_2?: string;
  city?: string;
  state?: string;
  zip?: string;
  /** ISO date the pre-offset notice was issued. */
  notice_date?: string | null;
  exclusions: readonly FopExclusion[];
}

export interface FopControl {
  submitting_state: string;
  tanf_count: number;
  non_tanf_count: number;
  tanf_amount_dollars: number;
  non_tanf_amount_dollars: number;
}

const rejected = (details: ErrorDetail[]) => fail('IMPORT_REJECTED', `The file was rejected: ${details.length} problem${details.length === 1 ? '' : 's'}; nothing was applied.`, details.slice(0, 500));

export function exclusionText(codes: readonly FopExclusion[]): string {
  return [...new Set(codes)].sort().join(',');
}

export function parseExclusions(text: string): FopExclusion[] | null {
  if (text.trim() === '') return [];
  const parts = text.trim().split(',');
  return parts.every((p) => (FOP_EXCLUSIONS as readonly string[]).includes(p)) ? (parts as FopExclusion[]) : null;
}

function caseValues(r: FopCaseRecord): RecordValues {
  return {
    submitting_state: r.submitting_state,
    local_code: r.local_code,
    ssn: r.ssn,
    case_id: r.case_id,
    last_name: r.last_name,
    first_name: r.first_name,
    amount_owed_dollars: r.amount_owed_dollars,
    transaction_type: r.transaction_type,
    case_type: r.case_type,
    transfer_state: '',
    transfer_local_code: '',
    process_year: r.process_year,
    address_line_1: r.address_line_1 ?? '',
    address_line_2: r.address_line_2 ?? '',
    city: r.city ?? '',
    state: r.state ?? '',
    zip: r.zip ?? '',
    notice_date: r.notice_date ?? undefined,
    offset_exclusion: exclusionText(r.exclusions),
  };
}

/** The control record is computed from the case records: counts and whole-dollar totals per case type. */
export function controlFor(state: string, records: readonly FopCaseRecord[]): FopControl {
  const of = (t: 'A' | 'N') => records.filter((r) => r.case_type === t);
  return {
    submitting_state: state,
    tanf_count: of('A').length,
    non_tanf_count: of('N').length,
    tanf_amount_dollars: of('A').reduce((s, r) => s + r.amount_owed_dollars, 0),
    non_tanf_amount_dollars: of('N').reduce((s, r) => s + r.amount_owed_dollars, 0),
  };
}

/** Writes the submission file: every case record, then the control record; LF after each. */
export function buildSubmissionFile(state: string, records: readonly FopCaseRecord[]): Result<string> {
  const out: string[] = [];
  const errors: ErrorDetail[] = [];
  records.forEach((r, i) => {
    const e = encode(caseValues(r), FOP_CASE_SUBMISSION, { line: i + 1, path: `record ${i + 1}/fop_case` });
    if (e.ok) out.push(e.value);
    else errors.push(...(e.details ?? []));
  });
  const c = encode({ ...controlFor(state, records), record_id: 'CTL' }, FOP_SUBMISSION_CONTROL, { line: records.length + 1 });
  if (c.ok) out.push(c.value);
  else errors.push(...(c.details ?? []));
  if (errors.length) return fail('VALIDATION_FAILED', 'the submission could not be written', errors);
  return ok(out.map((l) => `${l}\n`).join(''));
}

/** Reads a submission file back (round trip and reading what was sent); the control must match. */
export function parseSubmissionFile(input: string | Uint8Array): Result<{ records: FopCaseRecord[]; control: FopControl }> {
  const lines = splitRecords(fileText(input));
  const errors: ErrorDetail[] = [];
  if (lines.length === 0) return rejected([{ path: 'file', message: 'the file is empty' }]);
  const records: FopCaseRecord[] = [];
  let control: FopControl | null = null;
  lines.forEach((text, i) => {
    const line = i + 1;
    const isControl = text.slice(2, 5) === 'CTL';
    if (isControl && line !== lines.length) errors.push({ line, path: `line ${line}`, message: `line ${line}: the control record must be the last record` });
    const r = decode(text, isControl ? FOP_SUBMISSION_CONTROL : FOP_CASE_SUBMISSION, { line, path: `line ${line}/${isControl ? 'fop_control' : 'fop_case'}` });
    if (!r.ok) return void errors.push(...(r.details ?? []).map((d) => ({ ...d, message: `line ${line}: ${d.message}` })));
    const v = r.value;
    if (isControl) {
      control = { submitting_state: textOf(v, 'submitting_state'), tanf_count: numberOf(v, 'tanf_count'), non_tanf_count: numberOf(v, 'non_tanf_count'), tanf_amount_dollars: numberOf(v, 'tanf_amount_dollars'), non_tanf_amount_dollars: numberOf(v, 'non_tanf_amount_dollars') };
      return;
    }
    const exclusions = parseExclusions(textOf(v, 'offset_exclusion'));
    if (!exclusions) errors.push({ line, path: `line ${line}/fop_case/offset_exclusion`, message: `line ${line}: FOP case submission record, offset_exclusion (positions 188-227): unknown exclusion code` });
    records.push({
      submitting_state: textOf(v, 'submitting_state'),
      local_code: textOf(v, 'local_code'),
      ssn: textOf(v, 'ssn'),
      case_id: textOf(v, 'case_id'),
      last_name: textOf(v, 'last_name'),
      first_name: textOf(v, 'first_name'),
      amount_owed_dollars: numberOf(v, 'amount_owed_dollars'),
      transaction_type: textOf(v, 'transaction_type') as FopTransactionType,
      case_type: textOf(v, 'case_type') as 'A' | 'N',
      process_year: numberOf(v, 'process_year'),
      address_line_1: textOf(v, 'address_line_1'),
      address_line_2: textOf(v, 'address_line_2'),
      city: textOf(v, 'city'),
      state: textOf(v, 'state'),
      zip: textOf(v, 'zip'),
      notice_date: v.notice_date === undefined ? null : textOf(v, 'notice_date'),
      exclusions: exclusions ?? [],
    });
  });
  if (!errors.length && !control) errors.push({ path: 'file', message: 'the file has no control record (CTL in positions 3-5)' });
  if (!errors.length && control) {
    const want = controlFor((control as FopControl).submitting_state, records);
    for (const k of ['tanf_count', 'non_tanf_count', 'tanf_amount_dollars', 'non_tanf_amount_dollars'] as const) {
      if (want[k] !== (control as FopControl)[k]) errors.push({ line: lines.length, path: `line ${lines.length}/fop_control/${k}`, message: `line ${lines.length}: FOP submission control record, ${k}: says ${(control as FopControl)[k]} but the records add up to ${want[k]}` });
    }
  }
  return errors.length ? rejected(errors) : ok({ records, control: control! });
}

export interface FopCollection {
  line: number;
  /** The record exactly as received (its hash is the idempotency key). */
  raw: string;
  submitting_state: string;
  local_code: string;
  ssn: string;
  case_id: string;
  last_name: string;
  first_name: string;
  arrearage_cents: number;
  /** Cents collected (0 on an adjustment record). */
  collection_cents: number;
  /**
   * Cents of an adjustment, NEGATIVE: the chart's adjustment amount (a signed positive number) is money the
   * Treasury takes back from an earlier offset (injured spouse claim, amended return). 0 on a collection.
   */
  adjustment_cents: number;
  adjustment_year: number | null;
  offset_tax_year: number;
  joint_return: boolean;
  case_type: 'A' | 'N';
  names_on_return: string;
  offset_type: string;
  injured_spouse: boolean;
}

/** COBOL overpunch: the last digit's zone carries the sign ({ A-I positive 0-9, } J-R negative 0-9). */
const OVERPUNCH_POSITIVE = '{ABCDEFGHI';
const OVERPUNCH_NEGATIVE = '}JKLMNOPQR';

/**
 * An S9(n)V99 amount as OCSE writes it: n+2 digits, the last of which may carry the sign as an overpunch
 * (what a signed COBOL field looks like once converted from EBCDIC). Cents, signed; null when malformed.
 */
export function readSignedAmount(text: string): number | null {
  const last = text.slice(-1);
  let sign = 1;
  let digits = text;
  const pos = OVERPUNCH_POSITIVE.indexOf(last);
  const neg = OVERPUNCH_NEGATIVE.indexOf(last);
  if (pos >= 0) digits = text.slice(0, -1) + String(pos);
  else if (neg >= 0) {
    digits = text.slice(0, -1) + String(neg);
    sign = -1;
  }
  if (!/^\d+$/.test(digits)) return null;
  return sign * Number(digits);
}

/** Writes a signed positive amount as the chart gives it: zero-filled digits, no sign. */
function amount11(cents: number): string {
  return String(cents).padStart(11, '0');
}

function collectionValues(c: Omit<FopCollection, 'line' | 'raw'>): RecordValues {
  return {
    submitting_state: c.submitting_state,
    local_code: c.local_code,
    ssn: c.ssn,
    case_id: c.case_id,
    last_name: c.last_name,
    first_name: c.first_name,
    arrearage_cents: amount11(c.arrearage_cents),
    collection_cents: amount11(c.collection_cents),
    // An adjustment takes back an earlier collection (held as negative cents); the chart writes it positive.
    adjustment_cents: amount11(-c.adjustment_cents),
    adjustment_year: c.adjustment_year ?? undefined,
    offset_tax_year: c.offset_tax_year,
    joint_return: c.joint_return ? 'Y' : 'N',
    case_type: c.case_type,
    transfer_state: '',
    transfer_local_code: '',
    names_on_return: c.names_on_return,
    street: '',
    city_state: '',
    zip5: undefined,
    zip4: undefined,
    offset_type: c.offset_type,
    injured_spouse: c.injured_spouse ? 'Y' : 'N',
  };
}

/** Writes a collection file (OCSE's side; used for tests and the demo). */
export function buildCollectionFile(state: string, records: ReadonlyArray<Omit<FopCollection, 'line' | 'raw'>>): Result<string> {
  const out: string[] = [];
  const errors: ErrorDetail[] = [];
  records.forEach((r, i) => {
    const line = i + 1;
    const amount = (field: string, cents: number) => {
      if (!Number.isSafeInteger(cents) || cents < 0 || cents > 99_999_999_999) errors.push({ line, path: `${line}/${field}`, message: `${field}: must be 0 to 999999999.99 (11 digits, signed positive)` });
    };
    amount('arrearage_cents', r.arrearage_cents);
    amount('collection_cents', r.collection_cents);
    amount('adjustment_cents', -r.adjustment_cents);
    if (r.collection_cents > 0 && r.adjustment_cents !== 0) errors.push({ line, path: `${line}/adjustment_cents`, message: 'a record carries a collection or an adjustment, not both (the chart zero-fills the other)' });
    const e = encode(collectionValues(r), FOP_COLLECTION, { line: i + 1 });
    if (e.ok) out.push(e.value);
    else errors.push(...(e.details ?? []));
  });
  const c = encode({ submitting_state: state, record_id: 'CTL', record_count: records.length }, FOP_COLLECTION_CONTROL);
  if (c.ok) out.push(c.value);
  else errors.push(...(c.details ?? []));
  if (errors.length) return fail('VALIDATION_FAILED', 'the collection file could not be written', errors);
  return ok(out.map((l) => `${l}\n`).join(''));
}

/**
 * Reads a collection/adjustment file: every record must decode; a record must carry a collection or
 * an adjustment; an optional last control record must count the records. Any problem rejects the file.
 */
export function parseCollectionFile(input: string | Uint8Array): Result<FopCollection[]> {
  const lines = splitRecords(fileText(input));
  const errors: ErrorDetail[] = [];
  if (lines.length === 0) return rejected([{ path: 'file', message: 'the file is empty' }]);
  const out: FopCollection[] = [];
  lines.forEach((text, i) => {
    const line = i + 1;
    if (text.slice(2, 5) === 'CTL') {
      if (line !== lines.length) return void errors.push({ line, path: `line ${line}`, message: `line ${line}: the control record must be the last record` });
      const r = decode(text, FOP_COLLECTION_CONTROL, { line, path: `line ${line}/fop_collection_control` });
      if (!r.ok) return void errors.push(...(r.details ?? []).map((d) => ({ ...d, message: `line ${line}: ${d.message}` })));
      if (numberOf(r.value, 'record_count') !== lines.length - 1) errors.push({ line, path: `line ${line}/fop_collection_control/record_count`, message: `line ${line}: FOP collection control record, record_count (positions 6-14): says ${numberOf(r.value, 'record_count')} but the file has ${lines.length - 1} records` });
      return;
    }
    const r = decode(text, FOP_COLLECTION, { line, path: `line ${line}/fop_collection` });
    if (!r.ok) return void errors.push(...(r.details ?? []).map((d) => ({ ...d, message: `line ${line}: ${d.message}` })));
    const v = r.value;
    const amountAt = (field: string, positions: string): number => {
      const cents = readSignedAmount(textOf(v, field));
      if (cents === null) errors.push({ line, path: `line ${line}/fop_collection/${field}`, message: `line ${line}: FOP collection/adjustment record, ${field} (positions ${positions}): must be 11 digits (S9(9)V99)` });
      else if (cents < 0) errors.push({ line, path: `line ${line}/fop_collection/${field}`, message: `line ${line}: FOP collection/adjustment record, ${field} (positions ${positions}): is negative; the chart gives a signed positive amount` });
      return cents === null || cents < 0 ? 0 : cents;
    };
    const c: FopCollection = {
      line,
      raw: text,
      submitting_state: textOf(v, 'submitting_state'),
      local_code: textOf(v, 'local_code'),
      ssn: textOf(v, 'ssn'),
      case_id: textOf(v, 'case_id').trim(),
      last_name: textOf(v, 'last_name'),
      first_name: textOf(v, 'first_name'),
      arrearage_cents: amountAt('arrearage_cents', '65-75'),
      collection_cents: amountAt('collection_cents', '76-86'),
      adjustment_cents: 0 - amountAt('adjustment_cents', '87-97') || 0,
      adjustment_year: v.adjustment_year === undefined ? null : numberOf(v, 'adjustment_year'),
      offset_tax_year: numberOf(v, 'offset_tax_year'),
      joint_return: ['Y', 'J'].includes(textOf(v, 'joint_return')),
      case_type: textOf(v, 'case_type') as 'A' | 'N',
      names_on_return: textOf(v, 'names_on_return'),
      offset_type: textOf(v, 'offset_type'),
      injured_spouse: textOf(v, 'injured_spouse') === 'Y',
    };
    if (c.collection_cents === 0 && c.adjustment_cents === 0) errors.push({ line, path: `line ${line}/fop_collection/collection_cents`, message: `line ${line}: FOP collection/adjustment record, collection_cents (positions 76-86): neither a collection nor an adjustment amount` });
    if (c.collection_cents > 0 && c.adjustment_cents !== 0) errors.push({ line, path: `line ${line}/fop_collection/adjustment_cents`, message: `line ${line}: FOP collection/adjustment record, adjustment_cents (positions 87-97): must be zeros when the record carries a collection (positions 76-86)` });
    if (c.adjustment_cents !== 0 && c.adjustment_year === null) errors.push({ line, path: `line ${line}/fop_collection/adjustment_year`, message: `line ${line}: FOP collection/adjustment record, adjustment_year (positions 98-101): required with an adjustment` });
    out.push(c);
  });
  return errors.length ? rejected(errors) : ok(out);
}
