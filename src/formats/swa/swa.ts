/**
 * State workforce agency (SWA) match file: quarterly wages (QW) and unemployment insurance claims (UI)
 * that the state's workforce agency sends the IV-D agency. There is no federal layout for this exchange
 * (each state agrees one with its workforce agency); this one is OpenCSE's own, kept as data like the
 * federal tables so a state can change a row. Fixed width, 300 bytes, one record per line, no header or
 * trailer; conventions as the federal files (alpha left-justified, numbers zero-filled, CCYYMMDD dates,
 * money in cents with no decimal point).
 *
 *   QW: the employer (FEIN, name, address) paid the person `wages_cents` in quarter `reporting_quarter`.
 *   UI: the person has a UI claim filed on `claim_date` paying `weekly_benefit_cents`; the "employer"
 *       fields name the agency that pays the benefit (it is who gets the income withholding order), and
 *       the claimant's address is the address on the claim.
 */
import { fail, ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { decode, defineLayout, encode, textOf, type RecordValues } from '../fixed-width.ts';

export const SWA_RECORD_LENGTH = 300;

export const SWA_MATCH = defineLayout({
  key: 'swa',
  title: 'State workforce agency match record (QW/UI)',
  length: SWA_RECORD_LENGTH,
  source: 'OpenCSE layout (docs/locate.md); no federal standard',
  fields: [
    { name: 'record_type', start: 1, length: 2, kind: 'alpha', required: true, allowed: ['QW', 'UI'] },
    { name: 'ssn', start: 3, length: 9, kind: 'digits', sensitive: true },
    { name: 'first_name', start: 12, length: 16, kind: 'alpha', required: true },
    { name: 'last_name', start: 28, length: 30, kind: 'alpha', required: true },
    { name: 'employer_fein', start: 58, length: 9, kind: 'digits', required: false },
    { name: 'employer_name', start: 67, length: 45, kind: 'alpha', required: true },
    { name: 'employer_address', start: 112, length: 40, kind: 'alpha' },
    { name: 'employer_city', start: 152, length: 25, kind: 'alpha' },
    { name: 'employer_state', start: 177, length: 2, kind: 'alpha' },
    { name: 'employer_zip', start: 179, length: 5, kind: 'digits', required: false },
    { name: 'employer_zip4', start: 184, length: 4, kind: 'digits', required: false },
    { name: 'reporting_quarter', start: 188, length: 5, kind: 'alpha', note: 'QW: CCYYQ, e.g. 20263' },
    { name: 'wages_cents', start: 193, length: 11, kind: 'numeric', required: false },
    { name: 'claim_date', start: 204, length: 8, kind: 'date_ccyymmdd', required: false },
    { name: 'weekly_benefit_cents', start: 212, length: 9, kind: 'numeric', required: false },
    { name: 'claimant_address', start: 221, length: 40, kind: 'alpha', sensitive: true },
    { name: 'claimant_city', start: 261, length: 25, kind: 'alpha' },
    { name: 'claimant_state', start: 286, length: 2, kind: 'alpha' },
    { name: 'claimant_zip', start: 288, length: 5, kind: 'digits', required: false },
    { name: 'filler_293', start: 293, length: 8, kind: 'blank' },
  ],
});

export interface SwaAddress {
  line1: string;
  city: string;
  state: string;
  zip: string;
}

export type SwaRecord =
  | { line: number; type: 'QW'; ssn: string; first_name: string; last_name: string; employer: { fein: string | null; name: string } & SwaAddress; quarter: string; wages_cents: number }
  | { line: number; type: 'UI'; ssn: string; first_name: string; last_name: string; employer: { fein: string | null; name: string } & SwaAddress; claim_date: string; weekly_benefit_cents: number; claimant_address: SwaAddress | null };

/** A record without its line number (what a writer is given). */
export type SwaRecordInput = SwaRecord extends unknown ? (SwaRecord extends infer T ? (T extends SwaRecord ? Omit<T, 'line'> : never) : never) : never;

/** The last day of a quarter given as CCYYQ ("20263" -> "2026-09-30"); null when not a quarter. */
export function quarterEnd(quarter: string): string | null {
  const m = /^(\d{4})([1-4])$/.exec(quarter);
  if (!m) return null;
  return `${m[1]}-${['03-31', '06-30', '09-30', '12-31'][Number(m[2]) - 1]}`;
}

export function swaValues(r: SwaRecordInput): RecordValues {
  const base: Record<string, string | number | undefined> = {
    record_type: r.type,
    ssn: r.ssn,
    first_name: r.first_name,
    last_name: r.last_name,
    employer_fein: r.employer.fein ?? undefined,
    employer_name: r.employer.name,
    employer_address: r.employer.line1,
    employer_city: r.employer.city,
    employer_state: r.employer.state,
    employer_zip: r.employer.zip.slice(0, 5) || undefined,
    employer_zip4: r.employer.zip.slice(5) || undefined,
  };
  if (r.type === 'QW') return { ...base, reporting_quarter: r.quarter, wages_cents: r.wages_cents };
  return {
    ...base,
    claim_date: r.claim_date,
    weekly_benefit_cents: r.weekly_benefit_cents,
    ...(r.claimant_address ? { claimant_address: r.claimant_address.line1, claimant_city: r.claimant_address.city, claimant_state: r.claimant_address.state, claimant_zip: r.claimant_address.zip || undefined } : {}),
  };
}

export function buildSwaFile(records: ReadonlyArray<SwaRecordInput>): Result<string> {
  const errors: ErrorDetail[] = [];
  const out: string[] = [];
  records.forEach((r, i) => {
    const e = encode(swaValues(r), SWA_MATCH, { line: i + 1, path: `records/${i}` });
    if (e.ok) out.push(e.value);
    else errors.push(...(e.details ?? []));
  });
  if (errors.length) return fail('VALIDATION_FAILED', 'the SWA file could not be written', errors);
  return ok(out.map((l) => `${l}\n`).join(''));
}

/** Reads the file; any bad record rejects it whole, naming the record (line) number and the field. */
export function parseSwaFile(text: string): Result<SwaRecord[]> {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const errors: ErrorDetail[] = [];
  const out: SwaRecord[] = [];
  if (lines.length === 0) errors.push({ path: 'file', message: 'the file is empty' });
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const d = decode(line, SWA_MATCH, { line: n, path: `record ${n}` });
    if (!d.ok) {
      errors.push(...(d.details ?? []).map((e) => ({ ...e, message: `record ${n}: ${e.message}` })));
      return;
    }
    const v = d.value;
    const problem = (field: string, message: string) => {
      const f = SWA_MATCH.fields.find((x) => x.name === field)!;
      errors.push({ line: n, path: `record ${n}/${field}`, message: `record ${n}: ${SWA_MATCH.title}, ${field} (positions ${f.start}-${f.start + f.length - 1}): ${message}` });
    };
    const employer = { fein: textOf(v, 'employer_fein') || null, name: textOf(v, 'employer_name'), line1: textOf(v, 'employer_address'), city: textOf(v, 'employer_city'), state: textOf(v, 'employer_state'), zip: textOf(v, 'employer_zip') + textOf(v, 'employer_zip4') };
    const who = { ssn: textOf(v, 'ssn'), first_name: textOf(v, 'first_name'), last_name: textOf(v, 'last_name') };
    if (v.record_type === 'QW') {
      const q = textOf(v, 'reporting_quarter');
      if (!quarterEnd(q)) problem('reporting_quarter', `must be a quarter CCYYQ (Q 1-4) on a QW record, found '${q}'`);
      if (v.wages_cents === undefined) problem('wages_cents', 'is required on a QW record');
      if (!employer.fein) problem('employer_fein', 'is required on a QW record');
      if (quarterEnd(q) && v.wages_cents !== undefined && employer.fein) out.push({ line: n, type: 'QW', ...who, employer, quarter: q, wages_cents: Number(v.wages_cents) });
    } else {
      if (!v.claim_date) problem('claim_date', 'is required on a UI record');
      if (v.weekly_benefit_cents === undefined) problem('weekly_benefit_cents', 'is required on a UI record');
      const line1 = textOf(v, 'claimant_address');
      const claimant = line1 ? { line1, city: textOf(v, 'claimant_city'), state: textOf(v, 'claimant_state'), zip: textOf(v, 'claimant_zip') } : null;
      if (v.claim_date && v.weekly_benefit_cents !== undefined) out.push({ line: n, type: 'UI', ...who, employer, claim_date: String(v.claim_date), weekly_benefit_cents: Number(v.weekly_benefit_cents), claimant_address: claimant });
    }
  });
  return errors.length ? fail('IMPORT_REJECTED', `the file was rejected: ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing was written`, errors.slice(0, 500)) : ok(out);
}
