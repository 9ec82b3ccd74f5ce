/**
 * FIDM files (layouts.ts): the match file an institution returns (A / B... / T per institution, one
 * or more institutions in a file) and the inquiry file the State sends out (D / I... / T). Pure; readers
 * never throw and reject a malformed file whole, naming the line, record and field (never an SSN or an
 * account number).
 *
 * `fidmRecordsKey` is the file's identity for idempotency: the SHA-256 of its records, not of its bytes,
 * so the same file re-sent with CRLF instead of LF, with or without a final line break, or with trailing
 * blanks stripped, is the same file.
 */
import { createHash } from 'node:crypto';
import { fail, ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { decode, encode, numberOf, textOf, type RecordLayout, type RecordValues } from '../fixed-width.ts';
import { fileText, splitRecords } from '../nacha/ach.ts';
import { FIDM_A, FIDM_B, FIDM_INQUIRY_D, FIDM_INQUIRY_I, FIDM_INQUIRY_T, FIDM_MATCH_RECORD_LENGTH, FIDM_T, type FidmAccountType } from './layouts.ts';

const rejected = (what: string, details: ErrorDetail[]) => fail('IMPORT_REJECTED', `The ${what} was rejected: ${details.length} problem${details.length === 1 ? '' : 's'}; nothing was applied.`, details.slice(0, 500));

/**
 * The SHA-256 of the file's records, each without its trailing blanks, joined by LF: line endings, a
 * final line break and blanks a transfer may strip from a record's end do not count (a blank field reads
 * the same either way); any other change in a record does.
 */
export function fidmRecordsKey(input: string | Uint8Array): string {
  return createHash('sha256').update(splitRecords(fileText(input)).map((r) => r.trimEnd()).join('\n')).digest('hex');
}

/**
 * Account balance, 351-357 [OCSE]: whole dollars with a trailing sign. Read as six digits and a sign
 * character (`+`, `-` or a space), or seven digits whose last carries a COBOL overpunch sign. Cents.
 */
export function readFidmBalance(text: string): number | null {
  const withSign = /^(\d{6})([+\- ])$/.exec(text);
  if (withSign) return (withSign[2] === '-' ? -1 : 1) * Number(withSign[1]) * 100;
  const last = text.slice(-1);
  const pos = '{ABCDEFGHI'.indexOf(last);
  const neg = '}JKLMNOPQR'.indexOf(last);
  const digits = pos >= 0 ? text.slice(0, -1) + pos : neg >= 0 ? text.slice(0, -1) + neg : text;
  if (!/^\d{7}$/.test(digits)) return null;
  return (neg >= 0 ? -1 : 1) * Number(digits) * 100;
}

/** Whole dollars, six digits and a trailing sign; null when it does not fit. */
export function writeFidmBalance(cents: number): string | null {
  if (!Number.isSafeInteger(cents) || cents % 100 !== 0) return null;
  const dollars = Math.abs(cents / 100);
  if (dollars > 999_999) return null;
  return String(dollars).padStart(6, '0') + (cents < 0 ? '-' : '+');
}

export interface FidmMatch {
  line: number;
  institution_fein: string;
  institution_name: string;
  ssn: string;
  matched_name: string;
  account_number: string;
  account_type: FidmAccountType;
  /** Whole dollars, in cents; negative for an overdrawn account. */
  balance_cents: number;
  balance_indicator: string;
  fips_pass_back: string;
}

export interface FidmMatchFile {
  payment_year: number;
  matches: FidmMatch[];
}

/** A match file record may be 372 to 750 long (its length is [unverified]); shorter ones are padded, a longer one's excess must be blank. */
function fitRecord(text: string): string | null {
  if (text.length === FIDM_MATCH_RECORD_LENGTH) return text;
  if (text.length < 372 || text.length > 750) return null;
  if (text.length < FIDM_MATCH_RECORD_LENGTH) return text.padEnd(FIDM_MATCH_RECORD_LENGTH, ' ');
  return text.slice(FIDM_MATCH_RECORD_LENGTH).trim() === '' ? text.slice(0, FIDM_MATCH_RECORD_LENGTH) : null;
}

/** Reads a match file: one or more institutions, each an A record, its B records and a T record counting them. */
export function parseFidmMatchFile(input: string | Uint8Array): Result<FidmMatchFile> {
  const lines = splitRecords(fileText(input));
  if (lines.length === 0) return rejected('FIDM match file', [{ path: 'file', message: 'the file is empty' }]);
  const errors: ErrorDetail[] = [];
  const at = (line: number, path: string, message: string) => errors.push({ line, path, message: `line ${line}: ${message}` });
  const matches: FidmMatch[] = [];
  let institution: { fein: string; name: string; line: number; count: number } | null = null;
  let year = 0;
  const read = (text: string, line: number, layout: RecordLayout): RecordValues | null => {
    const r = decode(text, layout, { line, path: `line ${line}/${layout.key}` });
    if (r.ok) return r.value;
    for (const d of r.details ?? []) errors.push({ ...d, message: `line ${line}: ${d.message}` });
    return null;
  };
  lines.forEach((raw, i) => {
    const line = i + 1;
    const text = fitRecord(raw);
    if (text === null) return at(line, 'record', `a match file record is ${FIDM_MATCH_RECORD_LENGTH} characters long (372-750 read when the excess is blank); this one is ${raw.length}`);
    const type = text[0];
    if (type === 'A') {
      if (institution) at(line, 'record', `an institution record (A) before the total record (T) of the institution on line ${institution.line}`);
      const v = read(text, line, FIDM_A);
      if (!v) return;
      year ||= numberOf(v, 'payment_year');
      institution = { fein: textOf(v, 'institution_tin'), name: textOf(v, 'institution_name'), line, count: 0 };
    } else if (type === 'B') {
      if (!institution) return at(line, 'record', 'a matched account record (B) outside an institution: it must follow an A record');
      const v = read(text, line, FIDM_B);
      if (!v) return;
      institution.count++;
      const balance = readFidmBalance(textOf(v, 'account_balance').padEnd(7, ' '));
      if (balance === null) return at(line, 'fidm_b/account_balance', 'FIDM matched account record (B), account_balance (positions 351-357): must be whole dollars with a trailing sign, e.g. 003250+');
      matches.push({
        line,
        institution_fein: institution.fein,
        institution_name: institution.name,
        ssn: textOf(v, 'matched_ssn'),
        matched_name: textOf(v, 'matched_name'),
        account_number: textOf(v, 'account_number').trim(),
        account_type: textOf(v, 'account_type') as FidmAccountType,
        balance_cents: balance,
        balance_indicator: textOf(v, 'balance_indicator'),
        fips_pass_back: textOf(v, 'fips_pass_back').trim(),
      });
    } else if (type === 'T') {
      if (!institution) return at(line, 'record', 'a total record (T) without an institution record (A) before it');
      const v = read(text, line, FIDM_T);
      if (v && numberOf(v, 'b_record_count') !== institution.count) at(line, 'fidm_t/b_record_count', `FIDM total record (T), b_record_count (positions 2-9): says ${numberOf(v, 'b_record_count')} but the institution on line ${institution.line} has ${institution.count} B records`);
      institution = null;
    } else {
      at(line, 'record_type', `record type '${(type ?? '').replace(/[^\x20-\x7e]/g, '?')}' (position 1) is not A, B or T`);
    }
  });
  if (institution) at((institution as { line: number }).line, 'record', `the institution on line ${(institution as { line: number }).line} has no total record (T)`);
  return errors.length ? rejected('FIDM match file', errors) : ok({ payment_year: year, matches });
}

export interface FidmMatchInput {
  ssn: string;
  matched_name: string;
  account_number: string;
  account_type: FidmAccountType;
  balance_cents: number;
  balance_indicator?: string;
  fips_pass_back?: string;
}

export interface FidmInstitutionInput {
  fein: string;
  name: string;
  matches: readonly FidmMatchInput[];
}

function encodeAll(rows: ReadonlyArray<[RecordValues, RecordLayout, string]>): Result<string> {
  const out: string[] = [];
  const errors: ErrorDetail[] = [];
  for (const [values, layout, path] of rows) {
    const r = encode(values, layout, { path });
    if (r.ok) out.push(r.value);
    else errors.push(...(r.details ?? []));
  }
  if (errors.length) return fail('VALIDATION_FAILED', 'the FIDM file could not be written', errors);
  return ok(out.map((l) => `${l}\n`).join(''));
}

/** Writes a match file as an institution would (tests and the demo). */
export function buildFidmMatchFile(paymentYear: number, institutions: readonly FidmInstitutionInput[]): Result<string> {
  const rows: Array<[RecordValues, RecordLayout, string]> = [];
  const errors: ErrorDetail[] = [];
  institutions.forEach((inst, i) => {
    rows.push([{ record_type: 'A', payment_year: paymentYear, institution_tin: inst.fein, institution_name: inst.name }, FIDM_A, `institutions/${i}/A`]);
    inst.matches.forEach((m, j) => {
      const balance = writeFidmBalance(m.balance_cents);
      if (balance === null) errors.push({ path: `institutions/${i}/matches/${j}/balance_cents`, message: 'the balance is whole dollars, at most 999,999' });
      rows.push([{ record_type: 'B', payment_year: paymentYear, matched_ssn: m.ssn, account_number: m.account_number, account_type: m.account_type, matched_name: m.matched_name, fips_pass_back: m.fips_pass_back, account_balance: balance ?? '', balance_indicator: m.balance_indicator }, FIDM_B, `institutions/${i}/matches/${j}`]);
    });
    rows.push([{ record_type: 'T', b_record_count: inst.matches.length }, FIDM_T, `institutions/${i}/T`]);
  });
  if (errors.length) return fail('VALIDATION_FAILED', 'the FIDM file could not be written', errors);
  return encodeAll(rows);
}

export interface FidmInquiry {
  ssn: string;
  last_name: string;
  first_name: string;
  fips_pass_back?: string;
}

/** Writes the inquiry file (D, one I per obligor, T). */
export function buildFidmInquiryFile(input: { year: number; month: number; state_fips: string; inquiries: readonly FidmInquiry[] }): Result<string> {
  return encodeAll([
    [{ record_type: 'D', year: input.year, month: input.month, state_fips: input.state_fips }, FIDM_INQUIRY_D, 'D'],
    ...input.inquiries.map((q, i): [RecordValues, RecordLayout, string] => [{ record_type: 'I', ssn: q.ssn, last_name: q.last_name, first_name: q.first_name, fips_pass_back: q.fips_pass_back }, FIDM_INQUIRY_I, `inquiries/${i}`]),
    [{ record_type: 'T', inquiry_count: input.inquiries.length }, FIDM_INQUIRY_T, 'T'],
  ]);
}

/** Reads an inquiry file back (what an institution does with it; tests and conformance). */
export function parseFidmInquiryFile(input: string | Uint8Array): Result<{ year: number; month: number; state_fips: string; inquiries: Array<FidmInquiry & { line: number }> }> {
  const lines = splitRecords(fileText(input));
  const errors: ErrorDetail[] = [];
  if (lines.length < 2) return rejected('FIDM inquiry file', [{ path: 'file', message: 'an inquiry file has a D record, I records and a T record' }]);
  const read = (text: string, line: number, layout: RecordLayout) => {
    const r = decode(text, layout, { line, path: `line ${line}/${layout.key}` });
    if (!r.ok) errors.push(...(r.details ?? []).map((d) => ({ ...d, message: `line ${line}: ${d.message}` })));
    return r.ok ? r.value : null;
  };
  const d = read(lines[0]!, 1, FIDM_INQUIRY_D);
  const inquiries: Array<FidmInquiry & { line: number }> = [];
  lines.slice(1, -1).forEach((text, i) => {
    const v = read(text, i + 2, FIDM_INQUIRY_I);
    if (v) inquiries.push({ line: i + 2, ssn: textOf(v, 'ssn'), last_name: textOf(v, 'last_name'), first_name: textOf(v, 'first_name'), fips_pass_back: textOf(v, 'fips_pass_back').trim() });
  });
  const t = read(lines[lines.length - 1]!, lines.length, FIDM_INQUIRY_T);
  if (t && numberOf(t, 'inquiry_count') !== lines.length - 2) errors.push({ line: lines.length, path: 'fidm_inquiry_t/inquiry_count', message: `line ${lines.length}: FIDM inquiry total record (T), inquiry_count (positions 2-10): says ${numberOf(t, 'inquiry_count')} but the file has ${lines.length - 2} I records` });
  if (errors.length || !d) return rejected('FIDM inquiry file', errors);
  return ok({ year: numberOf(d, 'year'), month: numberOf(d, 'month'), state_fips: textOf(d, 'state_fips'), inquiries });
}
