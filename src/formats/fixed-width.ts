/**
 * A small generic engine for fixed-width records (NACHA, and later FCR, FOP and e-IWO).
 *
 * A layout is data: one table per record type, with 1-based inclusive positions, so a position that
 * turns out to be wrong in a reference is corrected in one table row and nowhere else. `defineLayout`
 * refuses a table whose fields do not tile the record exactly (a gap, an overlap or a wrong total is a
 * bug in the table, so it throws when the module loads).
 *
 * Conventions (common to the federal and banking files):
 * - alpha: left-justified, space-filled; decoded with trailing spaces removed (leading spaces kept).
 * - numeric: right-justified, zero-filled; decoded as a safe integer.
 * - digits: like numeric but decoded as the full-width digit string (routing and trace numbers, where
 *   leading zeros are part of the identifier).
 * - constant: the field must hold exactly `value`.
 * - blank: a reserved field that must be all spaces.
 * - date_yymmdd / date_ccyymmdd: decoded to an ISO date (YYYY-MM-DD); YY uses the window in `yymmddYear`.
 * - time_hhmm: decoded as the 4-character "HHMM" string.
 * - signed_decimal: an edited amount with its sign and a decimal point, e.g. `+00123456.78` in 12
 *   (sign, length-4 digits, point, 2 decimals), as CSENet partners write and read money; decoded as
 *   signed integer cents. Written zero-filled with '+' or '-'; read with spaces allowed before the sign.
 * Only printable ASCII (0x20-0x7E) may appear anywhere in a record.
 */
import { isIsoDate } from '../kernel/calendar.ts';
import { fail, ok, type ErrorDetail, type Result } from '../kernel/result.ts';

export type FieldKind = 'alpha' | 'numeric' | 'digits' | 'constant' | 'blank' | 'date_yymmdd' | 'date_ccyymmdd' | 'time_hhmm' | 'signed_decimal';

export interface FieldSpec {
  readonly name: string;
  /** 1-based position of the first character. */
  readonly start: number;
  readonly length: number;
  readonly kind: FieldKind;
  /**
   * For alpha: must not be blank. For numeric, digits, dates and times: may not be blank (the default;
   * set `required: false` to let an all-spaces field decode as undefined).
   */
  readonly required?: boolean;
  /** The fixed contents of a `constant` field. */
  readonly value?: string;
  /** The only values allowed (compared after trailing spaces are removed). */
  readonly allowed?: readonly string[];
  /** Never echo this field's contents in an error (SSNs, account numbers, remittance text). */
  readonly sensitive?: boolean;
  /** Where the position comes from and how sure it is ([OCSE], [KS 2000], [unverified], ...). */
  readonly note?: string;
}

export interface RecordLayout {
  /** Short key used in error paths: "entry_detail". */
  readonly key: string;
  /** Human title used in error messages: "Entry Detail (record type 6)". */
  readonly title: string;
  readonly length: number;
  readonly fields: readonly FieldSpec[];
  readonly source?: string;
}

export type FieldValue = string | number | undefined;
export type RecordValues = Readonly<Record<string, FieldValue>>;

export interface CodecOptions {
  /** The line (record) number in the file, carried into every error. */
  line?: number;
  /** Prefix for error paths; defaults to the layout key. */
  path?: string;
}

/** Two-digit years: 80-99 are 19YY, 00-79 are 20YY (NACHA dates are YYMMDD). */
export const YYMMDD_PIVOT = 80;

export function yymmddYear(yy: number): number {
  return yy >= YYMMDD_PIVOT ? 1900 + yy : 2000 + yy;
}

/** "250110" -> "2025-01-10"; null when it is not a real calendar date. */
export function yymmddToIso(text: string): string | null {
  if (!/^\d{6}$/.test(text)) return null;
  const iso = `${yymmddYear(Number(text.slice(0, 2)))}-${text.slice(2, 4)}-${text.slice(4, 6)}`;
  return isIsoDate(iso) ? iso : null;
}

/** "2025-01-10" -> "250110"; null when the date is not ISO or falls outside the two-digit-year window. */
export function isoToYymmdd(iso: string): string | null {
  if (!isIsoDate(iso)) return null;
  const year = Number(iso.slice(0, 4));
  const low = 1900 + YYMMDD_PIVOT;
  if (year < low || year > low + 99) return null;
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
}

export function isValidHhmm(text: string): boolean {
  const m = /^(\d{2})(\d{2})$/.exec(text);
  return !!m && Number(m[1]) < 24 && Number(m[2]) < 60;
}

/** Index of the first character outside printable ASCII (0x20-0x7E), or -1. */
export function firstUnprintable(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return i;
  }
  return -1;
}

export function isPrintableAscii(text: string): boolean {
  return firstUnprintable(text) === -1;
}

function describeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

function where(layout: RecordLayout, field: FieldSpec): string {
  const end = field.start + field.length - 1;
  const pos = field.length === 1 ? `position ${field.start}` : `positions ${field.start}-${end}`;
  return `${layout.title}, ${field.name} (${pos})`;
}

function show(field: FieldSpec, raw: string): string {
  return field.sensitive ? '' : `, found '${raw}'`;
}

/** Problems with a table itself: fields must tile 1..length exactly, once each, in order. */
export function checkLayout(layout: RecordLayout): string[] {
  const problems: string[] = [];
  let next = 1;
  const names = new Set<string>();
  for (const f of layout.fields) {
    if (names.has(f.name)) problems.push(`${layout.key}: field ${f.name} appears twice`);
    names.add(f.name);
    if (!Number.isInteger(f.start) || !Number.isInteger(f.length) || f.length < 1) {
      problems.push(`${layout.key}.${f.name}: start and length must be positive integers`);
      continue;
    }
    if (f.start !== next) problems.push(`${layout.key}.${f.name}: starts at ${f.start} but the previous field ends at ${next - 1}`);
    next = f.start + f.length;
    if (f.kind === 'constant' && (f.value === undefined || f.value.length !== f.length)) {
      problems.push(`${layout.key}.${f.name}: a constant needs a value of exactly ${f.length} characters`);
    }
    if (f.kind === 'numeric' && f.length > 15) problems.push(`${layout.key}.${f.name}: numeric fields longer than 15 digits must be 'digits'`);
    if (f.kind === 'date_yymmdd' && f.length !== 6) problems.push(`${layout.key}.${f.name}: a YYMMDD date is 6 long`);
    if (f.kind === 'date_ccyymmdd' && f.length !== 8) problems.push(`${layout.key}.${f.name}: a CCYYMMDD date is 8 long`);
    if (f.kind === 'time_hhmm' && f.length !== 4) problems.push(`${layout.key}.${f.name}: an HHMM time is 4 long`);
    if (f.kind === 'signed_decimal' && (f.length < 5 || f.length > 18)) problems.push(`${layout.key}.${f.name}: a signed decimal is 5 to 18 long`);
    if (f.allowed?.some((v) => v.length > f.length)) problems.push(`${layout.key}.${f.name}: an allowed value is longer than the field`);
  }
  if (next - 1 !== layout.length) problems.push(`${layout.key}: fields end at ${next - 1} but the record is ${layout.length} long`);
  return problems;
}

/** Freezes a table after checking it; a broken table is a programming error, so this throws. */
export function defineLayout(layout: RecordLayout): RecordLayout {
  const problems = checkLayout(layout);
  if (problems.length) throw new Error(`bad record layout: ${problems.join('; ')}`);
  return Object.freeze({ ...layout, fields: Object.freeze(layout.fields.map((f) => Object.freeze({ ...f }))) });
}

function isRequired(field: FieldSpec): boolean {
  if (field.required !== undefined) return field.required;
  return field.kind !== 'alpha';
}

/**
 * Writes one record. Every field is checked; a value that does not fit, is of the wrong kind or holds a
 * character outside printable ASCII is refused (never truncated).
 */
export function encode(record: RecordValues, layout: RecordLayout, options: CodecOptions = {}): Result<string> {
  const errors: ErrorDetail[] = [];
  const parts: string[] = [];
  for (const field of layout.fields) {
    const problem = (message: string) => {
      const d: ErrorDetail = { path: `${options.path ?? layout.key}/${field.name}`, message: `${where(layout, field)}: ${message}` };
      if (options.line !== undefined) d.line = options.line;
      errors.push(d);
      parts.push(' '.repeat(field.length));
    };
    const raw = record[field.name];
    const blank = raw === undefined || raw === '';
    switch (field.kind) {
      case 'constant': {
        if (!blank && String(raw) !== field.value) {
          problem(`must be '${field.value}'`);
          continue;
        }
        parts.push(field.value!);
        continue;
      }
      case 'blank': {
        if (!blank && String(raw).trim() !== '') {
          problem('is reserved and must be blank');
          continue;
        }
        parts.push(' '.repeat(field.length));
        continue;
      }
      default:
        break;
    }
    if (blank) {
      if (isRequired(field)) {
        problem('is required');
        continue;
      }
      parts.push(' '.repeat(field.length));
      continue;
    }
    let text: string;
    switch (field.kind) {
      case 'alpha': {
        if (typeof raw !== 'string') {
          problem('must be text');
          continue;
        }
        if (field.required && raw.trim() === '') {
          problem('is required');
          continue;
        }
        text = raw;
        if (text.length > field.length) {
          problem(`is ${text.length} characters long; at most ${field.length} fit`);
          continue;
        }
        text = text.padEnd(field.length, ' ');
        break;
      }
      case 'numeric':
      case 'digits': {
        let digits: string;
        if (typeof raw === 'number') {
          if (!Number.isSafeInteger(raw) || raw < 0) {
            problem('must be a whole number, zero or more');
            continue;
          }
          digits = String(raw);
        } else if (/^\d+$/.test(raw)) {
          digits = raw;
        } else {
          problem('must be digits only');
          continue;
        }
        if (digits.length > field.length) {
          problem(`has ${digits.length} digits; at most ${field.length} fit`);
          continue;
        }
        text = digits.padStart(field.length, '0');
        break;
      }
      case 'date_yymmdd': {
        const yymmdd = typeof raw === 'string' ? isoToYymmdd(raw) : null;
        if (!yymmdd) {
          problem(`must be an ISO date between ${1900 + YYMMDD_PIVOT}-01-01 and ${1999 + YYMMDD_PIVOT}-12-31`);
          continue;
        }
        text = yymmdd;
        break;
      }
      case 'date_ccyymmdd': {
        if (typeof raw !== 'string' || !isIsoDate(raw)) {
          problem('must be an ISO date');
          continue;
        }
        text = raw.replaceAll('-', '');
        break;
      }
      case 'time_hhmm': {
        if (typeof raw !== 'string' || !isValidHhmm(raw)) {
          problem('must be a time HHMM (0000-2359)');
          continue;
        }
        text = raw;
        break;
      }
      case 'signed_decimal': {
        const edited = typeof raw === 'number' ? editSignedDecimal(raw, field.length) : null;
        if (edited === null) {
          problem(`must be whole cents that fit ${field.length - 4} digits before the point`);
          continue;
        }
        text = edited;
        break;
      }
    }
    const bad = firstUnprintable(text);
    if (bad >= 0) {
      problem(`holds character ${describeChar(text[bad]!)}; only printable ASCII (0x20-0x7E) is allowed`);
      continue;
    }
    if (field.allowed && !field.allowed.includes(text.trimEnd())) {
      problem(`must be one of ${field.allowed.join(', ')}`);
      continue;
    }
    parts.push(text);
  }
  if (errors.length) return fail('VALIDATION_FAILED', `${layout.title}: ${errors.length} field${errors.length > 1 ? 's' : ''} could not be written`, errors);
  const out = parts.join('');
  if (out.length !== layout.length) throw new Error(`encode produced ${out.length} characters for ${layout.key}`);
  return ok(out);
}

/**
 * Reads one record. The line must be exactly `layout.length` characters; each field is checked against
 * its kind, and every problem is reported with the record type, the field name and its positions.
 */
export function decode(line: string, layout: RecordLayout, options: CodecOptions = {}): Result<Record<string, FieldValue>> {
  const errors: ErrorDetail[] = [];
  const at = (path: string, message: string) => {
    const d: ErrorDetail = { path, message };
    if (options.line !== undefined) d.line = options.line;
    errors.push(d);
  };
  const prefix = options.path ?? layout.key;
  if (line.length !== layout.length) {
    at(prefix, `${layout.title}: the record is ${line.length} characters long; it must be exactly ${layout.length}`);
    return fail('IMPORT_REJECTED', errors[0]!.message, errors);
  }
  const out: Record<string, FieldValue> = {};
  for (const field of layout.fields) {
    const raw = line.slice(field.start - 1, field.start - 1 + field.length);
    const problem = (message: string) => at(`${prefix}/${field.name}`, `${where(layout, field)}: ${message}`);
    const bad = firstUnprintable(raw);
    if (bad >= 0) {
      problem(`holds character ${describeChar(raw[bad]!)} at position ${field.start + bad}; only printable ASCII (0x20-0x7E) is allowed`);
      continue;
    }
    const blank = raw.trim() === '';
    if (field.kind === 'constant') {
      if (raw !== field.value) problem(`must be '${field.value}'${show(field, raw)}`);
      continue;
    }
    if (field.kind === 'blank') {
      if (!blank) problem(`is reserved and must be blank${show(field, raw)}`);
      continue;
    }
    if (blank) {
      if (isRequired(field)) {
        problem('is required but blank');
        continue;
      }
      out[field.name] = field.kind === 'alpha' ? '' : undefined;
      continue;
    }
    let value: FieldValue;
    switch (field.kind) {
      case 'alpha':
        value = raw.trimEnd();
        break;
      case 'numeric':
      case 'digits':
        if (!/^\d+$/.test(raw)) {
          problem(`must be digits (right-justified, zero-filled)${show(field, raw)}`);
          continue;
        }
        value = field.kind === 'numeric' ? Number(raw) : raw;
        break;
      case 'date_yymmdd': {
        const iso = yymmddToIso(raw);
        if (!iso) {
          problem(`must be a real date YYMMDD${show(field, raw)}`);
          continue;
        }
        value = iso;
        break;
      }
      case 'date_ccyymmdd': {
        const iso = /^\d{8}$/.test(raw) ? `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}` : '';
        if (!isIsoDate(iso)) {
          problem(`must be a real date CCYYMMDD${show(field, raw)}`);
          continue;
        }
        value = iso;
        break;
      }
      case 'time_hhmm':
        if (!isValidHhmm(raw)) {
          problem(`must be a time HHMM (0000-2359)${show(field, raw)}`);
          continue;
        }
        value = raw;
        break;
      case 'signed_decimal': {
        const cents = readSignedDecimal(raw);
        if (cents === null) {
          problem(`must be a signed amount with a decimal point, e.g. +${'0'.repeat(field.length - 7)}123.45${show(field, raw)}`);
          continue;
        }
        value = cents;
        break;
      }
    }
    if (field.allowed && !field.allowed.includes(String(field.kind === 'numeric' ? raw : value))) {
      problem(`must be one of ${field.allowed.join(', ')}${show(field, raw)}`);
      continue;
    }
    out[field.name] = value;
  }
  if (errors.length) return fail('IMPORT_REJECTED', `${layout.title}: ${errors.length} problem${errors.length > 1 ? 's' : ''}`, errors);
  return ok(out);
}

/** Integer cents as an edited signed decimal of `length` characters: `+00001234.56`; null when it does not fit. */
export function editSignedDecimal(cents: number, length: number): string | null {
  if (!Number.isSafeInteger(cents)) return null;
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100)).padStart(length - 4, '0');
  if (whole.length > length - 4) return null;
  return `${cents < 0 ? '-' : '+'}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** An edited signed decimal (`+00001234.56`, `-12.30`, spaces before the sign allowed) as cents; null otherwise. */
export function readSignedDecimal(text: string): number | null {
  const m = /^ *([+-]?)(\d+)\.(\d{2})$/.exec(text);
  if (!m) return null;
  const cents = Number(m[2]) * 100 + Number(m[3]);
  if (!Number.isSafeInteger(cents)) return null;
  return m[1] === '-' ? -cents : cents;
}

/** Typed reads of decoded values (the decoder guarantees the kind; these narrow it for TypeScript). */
export function textOf(values: RecordValues, name: string): string {
  const v = values[name];
  return typeof v === 'string' ? v : v === undefined ? '' : String(v);
}

export function numberOf(values: RecordValues, name: string): number {
  const v = values[name];
  return typeof v === 'number' ? v : Number(v ?? 0);
}
