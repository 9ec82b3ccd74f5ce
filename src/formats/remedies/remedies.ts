/**
 * Codecs of the license suspension list and the credit bureau file (layouts in
 * layouts.ts, all assumptions). Readers never throw and reject a file whole with line and field named.
 */
import { fail, ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { decode, encode, numberOf, textOf, type RecordLayout, type RecordValues } from '../fixed-width.ts';
import { fileText, splitRecords } from '../nacha/ach.ts';
import { CREDIT_BASE, LICENSE_LIST } from './layouts.ts';

const rejected = (details: ErrorDetail[]) => fail('IMPORT_REJECTED', `The file was rejected: ${details.length} problem${details.length === 1 ? '' : 's'}; nothing was applied.`, details.slice(0, 500));

function build(layout: RecordLayout, rows: readonly RecordValues[]): Result<string> {
  const out: string[] = [];
  const errors: ErrorDetail[] = [];
  rows.forEach((r, i) => {
    const e = encode(r, layout, { line: i + 1, path: `record ${i + 1}/${layout.key}` });
    if (e.ok) out.push(e.value);
    else errors.push(...(e.details ?? []));
  });
  if (errors.length) return fail('VALIDATION_FAILED', `the ${layout.title} file could not be written`, errors);
  return ok(out.map((l) => `${l}\n`).join(''));
}

function read(layout: RecordLayout, input: string | Uint8Array): Result<Array<{ line: number; values: RecordValues }>> {
  const lines = splitRecords(fileText(input));
  if (lines.length === 0) return rejected([{ path: 'file', message: 'the file is empty' }]);
  const errors: ErrorDetail[] = [];
  const out: Array<{ line: number; values: RecordValues }> = [];
  lines.forEach((text, i) => {
    const line = i + 1;
    const r = decode(text, layout, { line, path: `line ${line}/${layout.key}` });
    if (!r.ok) errors.push(...(r.details ?? []).map((d) => ({ ...d, message: `line ${line}: ${d.message}` })));
    else out.push({ line, values: r.value });
  });
  return errors.length ? rejected(errors) : ok(out);
}

export interface LicenseListRecord {
  action: 'A' | 'D';
  ssn: string;
  last_name: string;
  first_name: string;
  middle_name: string;
  birth_date?: string | undefined;
  case_number: string;
  arrears_cents: number;
  list_date: string;
}

export function buildLicenseList(rows: readonly LicenseListRecord[]): Result<string> {
  return build(LICENSE_LIST, rows as unknown as RecordValues[]);
}

export function parseLicenseList(input: string | Uint8Array): Result<LicenseListRecord[]> {
  const r = read(LICENSE_LIST, input);
  if (!r.ok) return r;
  return ok(r.value.map(({ values: v }) => ({ action: textOf(v, 'action') as 'A' | 'D', ssn: textOf(v, 'ssn'), last_name: textOf(v, 'last_name'), first_name: textOf(v, 'first_name'), middle_name: textOf(v, 'middle_name'), birth_date: v.birth_date === undefined ? undefined : textOf(v, 'birth_date'), case_number: textOf(v, 'case_number'), arrears_cents: numberOf(v, 'arrears_cents'), list_date: textOf(v, 'list_date') })));
}

export interface CreditRecord {
  activity_date: string;
  furnisher_id: string;
  account_number: string;
  date_opened: string;
  current_balance_dollars: number;
  amount_past_due_dollars: number;
  account_status: '93' | 'DA';
  surname: string;
  first_name: string;
  middle_name: string;
  ssn: string;
  birth_date?: string | undefined;
  address: string;
  city: string;
  state: string;
  zip: string;
}

const CREDIT_CONSTANTS = { record_descriptor: '0250', processing_indicator: '1', portfolio_type: 'O', account_type: '50', ecoa_code: '1' };

export function buildCreditFile(rows: readonly CreditRecord[]): Result<string> {
  return build(CREDIT_BASE, rows.map((r) => ({ ...CREDIT_CONSTANTS, ...r })));
}

export function parseCreditFile(input: string | Uint8Array): Result<CreditRecord[]> {
  const r = read(CREDIT_BASE, input);
  if (!r.ok) return r;
  return ok(r.value.map(({ values: v }) => ({
    activity_date: textOf(v, 'activity_date'),
    furnisher_id: textOf(v, 'furnisher_id'),
    account_number: textOf(v, 'account_number'),
    date_opened: textOf(v, 'date_opened'),
    current_balance_dollars: numberOf(v, 'current_balance_dollars'),
    amount_past_due_dollars: numberOf(v, 'amount_past_due_dollars'),
    account_status: textOf(v, 'account_status') as '93' | 'DA',
    surname: textOf(v, 'surname'),
    first_name: textOf(v, 'first_name'),
    middle_name: textOf(v, 'middle_name'),
    ssn: textOf(v, 'ssn'),
    birth_date: v.birth_date === undefined ? undefined : textOf(v, 'birth_date'),
    address: textOf(v, 'address'),
    city: textOf(v, 'city'),
    state: textOf(v, 'state'),
    zip: textOf(v, 'zip'),
  })));
}
