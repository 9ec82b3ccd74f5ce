/**
 * State new-hire reports: the employer W-4 detail record (OCSE-recommended 801-byte layout, record ID
 * `W4`) and a CSV with the same fields. Both readers return the same typed `NewHireReport` per line and
 * reject the whole file, with line numbers, when any line is bad.
 *
 * Source: shared/reference/file-formats.md 3.4. Positions 1-271 are Alaska CSSD's "New Hire Data
 * Elements"; 272-310 are [inferred] from Nevada's layout (+2); 311-801 (the employer's name and address)
 * are [unverified]: this table lays them out with the NDNH response's widths (45 for the name, 40 per
 * address line) and keeps the rest as an optional second (payroll) address. Correct the rows here.
 */
import { isIsoDate } from '../../kernel/calendar.ts';
import { fail, ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { CsvError, parseCsv } from '../csv.ts';
import { decode, defineLayout, encode, textOf, type FieldSpec, type RecordValues } from '../fixed-width.ts';
import { fileText, splitRecords } from '../nacha/ach.ts';

export const NEW_HIRE_RECORD_LENGTH = 801;

const address = (prefix: string, start: number, note?: string): FieldSpec[] => [
  { name: `${prefix}_address_1`, start, length: 40, kind: 'alpha', ...(note ? { note } : {}) },
  { name: `${prefix}_address_2`, start: start + 40, length: 40, kind: 'alpha' },
  { name: `${prefix}_address_3`, start: start + 80, length: 40, kind: 'alpha' },
];

export const NEW_HIRE_W4 = defineLayout({
  key: 'w4',
  title: 'New-hire report (W4)',
  length: NEW_HIRE_RECORD_LENGTH,
  source: 'file-formats.md 3.4 (Alaska CSSD New Hire Data Elements; Nevada ESD +2; 311-801 unverified)',
  fields: [
    { name: 'record_identifier', start: 1, length: 2, kind: 'constant', value: 'W4' },
    { name: 'employee_ssn', start: 3, length: 9, kind: 'digits', sensitive: true },
    { name: 'employee_first_name', start: 12, length: 16, kind: 'alpha', required: true },
    { name: 'employee_middle_name', start: 28, length: 16, kind: 'alpha' },
    { name: 'employee_last_name', start: 44, length: 30, kind: 'alpha', required: true },
    ...address('employee', 74).map((f) => ({ ...f, sensitive: true })),
    { name: 'employee_city', start: 194, length: 25, kind: 'alpha' },
    { name: 'employee_state', start: 219, length: 2, kind: 'alpha' },
    { name: 'employee_zip', start: 221, length: 5, kind: 'digits', required: false },
    { name: 'employee_zip4', start: 226, length: 4, kind: 'digits', required: false },
    { name: 'employee_foreign_country_code', start: 230, length: 2, kind: 'alpha' },
    { name: 'employee_foreign_country_name', start: 232, length: 25, kind: 'alpha' },
    { name: 'employee_foreign_postal_code', start: 257, length: 15, kind: 'alpha' },
    { name: 'employee_birth_date', start: 272, length: 8, kind: 'date_ccyymmdd', required: false, sensitive: true, note: '[inferred]' },
    { name: 'hire_date', start: 280, length: 8, kind: 'date_ccyymmdd', note: '[inferred]' },
    { name: 'state_of_hire', start: 288, length: 2, kind: 'alpha', note: '[inferred]' },
    { name: 'employer_fein', start: 290, length: 9, kind: 'digits', note: '[inferred]' },
    { name: 'employer_state_ein', start: 299, length: 12, kind: 'alpha', note: '[inferred]' },
    { name: 'employer_name', start: 311, length: 45, kind: 'alpha', required: true, note: '[unverified]' },
    ...address('employer', 356, '[unverified]'),
    { name: 'employer_city', start: 476, length: 25, kind: 'alpha', note: '[unverified]' },
    { name: 'employer_state', start: 501, length: 2, kind: 'alpha', note: '[unverified]' },
    { name: 'employer_zip', start: 503, length: 5, kind: 'digits', required: false, note: '[unverified]' },
    { name: 'employer_zip4', start: 508, length: 4, kind: 'digits', required: false, note: '[unverified]' },
    { name: 'employer_foreign_country_code', start: 512, length: 2, kind: 'alpha', note: '[unverified]' },
    { name: 'employer_foreign_country_name', start: 514, length: 25, kind: 'alpha', note: '[unverified]' },
    { name: 'employer_foreign_postal_code', start: 539, length: 15, kind: 'alpha', note: '[unverified]' },
    // Optional second (payroll) address and whatever else the state adds: kept, not interpreted.
    { name: 'employer_optional_address', start: 554, length: 248, kind: 'alpha', note: '[unverified]' },
  ],
});

export interface NewHireAddress {
  line1: string;
  line2: string;
  line3: string;
  city: string;
  state: string;
  zip: string;
}

/** One reported hire (42 USC 653a(b)(1)(A) minimum plus DOB and state of hire). */
export interface NewHireReport {
  line: number;
  employee_ssn: string;
  employee_first_name: string;
  employee_middle_name: string;
  employee_last_name: string;
  employee_address: NewHireAddress;
  employee_birth_date: string | null;
  hire_date: string;
  state_of_hire: string;
  employer_fein: string;
  employer_state_ein: string;
  employer_name: string;
  employer_address: NewHireAddress;
}

export function newHireValues(r: Omit<NewHireReport, 'line'>): RecordValues {
  return {
    employee_ssn: r.employee_ssn,
    employee_first_name: r.employee_first_name,
    employee_middle_name: r.employee_middle_name,
    employee_last_name: r.employee_last_name,
    employee_address_1: r.employee_address.line1,
    employee_address_2: r.employee_address.line2,
    employee_address_3: r.employee_address.line3,
    employee_city: r.employee_address.city,
    employee_state: r.employee_address.state,
    employee_zip: r.employee_address.zip.slice(0, 5) || undefined,
    employee_zip4: r.employee_address.zip.slice(5) || undefined,
    employee_birth_date: r.employee_birth_date ?? undefined,
    hire_date: r.hire_date,
    state_of_hire: r.state_of_hire,
    employer_fein: r.employer_fein,
    employer_state_ein: r.employer_state_ein,
    employer_name: r.employer_name,
    employer_address_1: r.employer_address.line1,
    employer_address_2: r.employer_address.line2,
    employer_address_3: r.employer_address.line3,
    employer_city: r.employer_address.city,
    employer_state: r.employer_address.state,
    employer_zip: r.employer_address.zip.slice(0, 5) || undefined,
    employer_zip4: r.employer_address.zip.slice(5) || undefined,
  };
}

/** Writes a fixed-width new-hire file (one W4 record per report, LF after each). */
export function buildNewHireFile(reports: readonly Omit<NewHireReport, 'line'>[]): Result<string> {
  const errors: ErrorDetail[] = [];
  const out: string[] = [];
  reports.forEach((r, i) => {
    const e = encode(newHireValues(r), NEW_HIRE_W4, { line: i + 1, path: `reports/${i}` });
    if (e.ok) out.push(`${e.value}\n`);
    else errors.push(...(e.details ?? []));
  });
  if (errors.length) return fail('VALIDATION_FAILED', 'The new-hire file could not be written.', errors);
  return ok(out.join(''));
}

const rejected = (errors: ErrorDetail[]) => fail('IMPORT_REJECTED', `The new-hire file was rejected: ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing was imported.`, errors);

/** Rules beyond the field kinds, shared by both readers. */
function checkReport(r: NewHireReport, path: string, errors: ErrorDetail[]): void {
  const add = (field: string, message: string) => errors.push({ line: r.line, path: `${path}/${field}`, message: `line ${r.line}: ${field}: ${message}` });
  if (!/^\d{9}$/.test(r.employee_ssn) || /^(000|666|9)/.test(r.employee_ssn) || r.employee_ssn.slice(3, 5) === '00' || r.employee_ssn.slice(5) === '0000') add('employee_ssn', 'is not a valid SSN');
  if (!/^\d{9}$/.test(r.employer_fein)) add('employer_fein', 'must be 9 digits');
  if (!r.employer_name.trim()) add('employer_name', 'is required');
  if (r.employee_birth_date && r.employee_birth_date > r.hire_date) add('employee_birth_date', 'is after the date of hire');
}

function reportFrom(v: RecordValues, line: number): NewHireReport {
  const t = (n: string) => textOf(v, n);
  const addr = (p: string): NewHireAddress => ({ line1: t(`${p}_address_1`), line2: t(`${p}_address_2`), line3: t(`${p}_address_3`), city: t(`${p}_city`), state: t(`${p}_state`), zip: t(`${p}_zip`) + t(`${p}_zip4`) });
  return {
    line,
    employee_ssn: t('employee_ssn'),
    employee_first_name: t('employee_first_name'),
    employee_middle_name: t('employee_middle_name'),
    employee_last_name: t('employee_last_name'),
    employee_address: addr('employee'),
    employee_birth_date: t('employee_birth_date') || null,
    hire_date: t('hire_date'),
    state_of_hire: t('state_of_hire'),
    employer_fein: t('employer_fein'),
    employer_state_ein: t('employer_state_ein'),
    employer_name: t('employer_name'),
    employer_address: addr('employer'),
  };
}

/** Reads a fixed-width new-hire file: only W4 records; any bad line rejects the file. */
export function parseNewHireFile(input: string | Uint8Array): Result<NewHireReport[]> {
  const lines = splitRecords(fileText(input));
  const errors: ErrorDetail[] = [];
  if (lines.length === 0) return rejected([{ path: 'file', message: 'the file is empty' }]);
  const out: NewHireReport[] = [];
  lines.forEach((text, i) => {
    const line = i + 1;
    const r = decode(text, NEW_HIRE_W4, { line, path: `line ${line}/w4` });
    if (!r.ok) {
      errors.push(...(r.details ?? []).map((d) => ({ ...d, message: `line ${line}: ${d.message}` })));
      return;
    }
    const report = reportFrom(r.value, line);
    checkReport(report, `line ${line}/w4`, errors);
    out.push(report);
  });
  return errors.length ? rejected(errors.slice(0, 500)) : ok(out);
}

/** CSV columns, in any order (a header row names them); unknown columns are refused. */
export const NEW_HIRE_CSV_COLUMNS = [
  'employee_ssn', 'employee_first_name', 'employee_middle_name', 'employee_last_name',
  'employee_address_1', 'employee_address_2', 'employee_address_3', 'employee_city', 'employee_state', 'employee_zip',
  'employee_birth_date', 'hire_date', 'state_of_hire',
  'employer_fein', 'employer_state_ein', 'employer_name',
  'employer_address_1', 'employer_address_2', 'employer_address_3', 'employer_city', 'employer_state', 'employer_zip',
] as const;
const REQUIRED_CSV = ['employee_ssn', 'employee_first_name', 'employee_last_name', 'hire_date', 'employer_fein', 'employer_name'];

/** Reads the CSV form: SSN and FEIN may carry dashes, dates are ISO (YYYY-MM-DD). */
export function parseNewHireCsv(text: string): Result<NewHireReport[]> {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) return rejected([{ line: e.line, path: `line ${e.line}`, message: `line ${e.line}: ${e.message}` }]);
    throw e;
  }
  if (records.length < 2) return rejected([{ path: 'file', message: 'the file needs a header row and at least one hire' }]);
  const header = records[0]!.fields.map((h) => h.trim().toLowerCase());
  const errors: ErrorDetail[] = [];
  for (const h of header) if (!(NEW_HIRE_CSV_COLUMNS as readonly string[]).includes(h)) errors.push({ line: 1, path: 'line 1', message: `line 1: unknown column '${h.slice(0, 40)}'` });
  for (const h of REQUIRED_CSV) if (!header.includes(h)) errors.push({ line: 1, path: 'line 1', message: `line 1: missing column ${h}` });
  if (errors.length) return rejected(errors);
  const out: NewHireReport[] = [];
  for (const rec of records.slice(1)) {
    const line = rec.line;
    const get = (c: string) => {
      const i = header.indexOf(c);
      return i < 0 ? '' : (rec.fields[i] ?? '').trim();
    };
    if (rec.fields.length !== header.length) {
      errors.push({ line, path: `line ${line}`, message: `line ${line}: has ${rec.fields.length} fields; the header has ${header.length}` });
      continue;
    }
    const lineErrors = errors.length;
    for (const c of REQUIRED_CSV) if (!get(c)) errors.push({ line, path: `line ${line}/${c}`, message: `line ${line}: ${c} is required` });
    for (const c of ['hire_date', 'employee_birth_date']) if (get(c) && !isIsoDate(get(c))) errors.push({ line, path: `line ${line}/${c}`, message: `line ${line}: ${c} must be a date YYYY-MM-DD` });
    for (const c of ['employee_zip', 'employer_zip']) if (get(c) && !/^\d{5}(-?\d{4})?$/.test(get(c))) errors.push({ line, path: `line ${line}/${c}`, message: `line ${line}: ${c} must be a ZIP or ZIP+4` });
    const addr = (p: string): NewHireAddress => ({ line1: get(`${p}_address_1`), line2: get(`${p}_address_2`), line3: get(`${p}_address_3`), city: get(`${p}_city`), state: get(`${p}_state`).toUpperCase(), zip: get(`${p}_zip`).replace('-', '') });
    const report: NewHireReport = {
      line,
      employee_ssn: get('employee_ssn').replaceAll('-', ''),
      employee_first_name: get('employee_first_name'),
      employee_middle_name: get('employee_middle_name'),
      employee_last_name: get('employee_last_name'),
      employee_address: addr('employee'),
      employee_birth_date: get('employee_birth_date') || null,
      hire_date: get('hire_date'),
      state_of_hire: get('state_of_hire').toUpperCase(),
      employer_fein: get('employer_fein').replaceAll('-', ''),
      employer_state_ein: get('employer_state_ein'),
      employer_name: get('employer_name'),
      employer_address: addr('employer'),
    };
    if (errors.length === lineErrors) checkReport(report, `line ${line}`, errors);
    out.push(report);
  }
  return errors.length ? rejected(errors.slice(0, 500)) : ok(out);
}
