/**
 * e-IWO files: the state's DTL file to employers (FHI / BHI / DTL… / BTI / FTI, one batch per employer
 * EIN) and the employer's acknowledgment file back (FHA / BHA / ACK… / BTA / FTA).
 *
 * Pure and byte-exact: every record goes through the layout tables in layouts.ts and the generic
 * fixed-width engine. Readers never throw on bad input: they return a Result whose details name the
 * line, the record type and the field (sensitive fields such as SSNs are never echoed).
 */
import { isIsoDate } from '../../kernel/calendar.ts';
import type { Cents } from '../../kernel/money.ts';
import { fail, ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { decode, encode, textOf, type FieldValue, type RecordLayout, type RecordValues } from '../fixed-width.ts';
import { Problems, fileText, splitRecords } from '../nacha/ach.ts';
import {
  ACK_HEADER,
  ACK_TRAILER,
  DISPOSITION_REASONS,
  EIWO_ACK,
  EIWO_DTL,
  EIWO_HEADER,
  EIWO_TRAILER,
  ACK_RULES,
  DTL_RULES,
  fieldRuleProblems,
  MAX_CHILDREN,
  type AckActionCode,
  type DispositionReason,
  type DocumentActionCode,
} from './layouts.ts';

/** W weekly, B biweekly, S semimonthly, M monthly. The full code list is [unverified]; these four are the form's. */
export type EiwoFrequency = 'W' | 'B' | 'S' | 'M';
export const EIWO_FREQUENCIES: readonly EiwoFrequency[] = ['W', 'B', 'S', 'M'];

export interface AmountPer {
  amount_cents: Cents;
  frequency: EiwoFrequency;
}

export interface EiwoAddress {
  line1?: string;
  line2?: string;
  city?: string;
  state?: string;
  zip?: string;
  zip4?: string;
}

export interface EiwoPersonName {
  last: string;
  first: string;
  middle?: string;
  suffix?: string;
}

/** One income withholding order as the DTL record carries it. Amounts are cents. */
export interface EiwoDetail {
  action: DocumentActionCode;
  document_date: string;
  issuing_state_name: string;
  issuing_jurisdiction_name?: string;
  case_id: string;
  employer: { name: string; address: EiwoAddress; ein: string };
  employee: EiwoPersonName & { ssn: string; birth_date?: string };
  obligee?: EiwoPersonName;
  issuing_tribunal_name?: string;
  current_child_support?: AmountPer;
  past_due_child_support?: AmountPer;
  current_medical_support?: AmountPer;
  past_due_medical_support?: AmountPer;
  current_spousal_support?: AmountPer;
  past_due_spousal_support?: AmountPer;
  other_obligation?: AmountPer & { description: string };
  total_withhold: AmountPer;
  arrears_over_12_weeks: boolean;
  withhold_per: { weekly: Cents; biweekly: Cents; semimonthly: Cents; monthly: Cents };
  employment_state_name?: string;
  begin_within_days?: number;
  withholding_start_date?: string;
  send_payment_within_days?: number;
  ccpa_percent?: number;
  payee?: { name: string; address: EiwoAddress; remittance_fips?: string };
  official?: { name: string; title: string };
  send_employee_copy?: boolean;
  document_tracking_number: string;
  order_identifier: string;
  children?: readonly (EiwoPersonName & { birth_date?: string })[];
  lump_sum_amount_cents?: Cents;
  remittance_identifier?: string;
}

export interface EiwoBatchInput {
  employer_ein: string;
  primary_ein?: string;
  details: readonly EiwoDetail[];
}

export interface EiwoFileInput {
  /** 5-digit state FIPS code, e.g. "20000". */
  state_fips: string;
  creation_date: string;
  /** HHMMSS. */
  creation_time: string;
  batches: readonly EiwoBatchInput[];
  /** Default: FIPS + YYMMDD + HHMMSS + a 5-digit sequence (file = 1, batches 2, 3, ...), as Kansas does. */
  control_numbers?: { file: string; batches: readonly string[] };
}

export function isValidHhmmss(text: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  return !!m && Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3]) < 60;
}

/** "00000000" and blanks mean "no date"; anything else must be a real CCYYMMDD date. */
export function optionalDate(raw: FieldValue): string | null | 'invalid' {
  if (raw === undefined || raw === '' || raw === '00000000') return null;
  const s = String(raw);
  const iso = /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : '';
  return isIsoDate(iso) ? iso : 'invalid';
}

const compactDate = (iso: string | undefined): string | undefined => (iso === undefined ? undefined : isIsoDate(iso) ? iso.replaceAll('-', '') : `invalid:${iso}`);

function address(prefix: string, a: EiwoAddress | undefined): RecordValues {
  return {
    [`${prefix}_address_1`]: a?.line1,
    [`${prefix}_address_2`]: a?.line2,
    [`${prefix}_city`]: a?.city,
    [`${prefix}_state`]: a?.state,
    [`${prefix}_zip`]: a?.zip,
    [`${prefix}_zip4`]: a?.zip4,
  };
}

function amountPer(name: string, a: AmountPer | undefined): RecordValues {
  return { [`${name}_amount`]: a?.amount_cents ?? 0, [`${name}_frequency`]: a?.frequency };
}

/** The typed order as layout values (no checks here beyond what `encode` does). */
export function dtlValues(d: EiwoDetail): RecordValues {
  const v: Record<string, FieldValue> = {
    document_action_code: d.action,
    document_date: d.document_date,
    issuing_state_name: d.issuing_state_name,
    issuing_jurisdiction_name: d.issuing_jurisdiction_name,
    case_id: d.case_id,
    employer_name: d.employer.name,
    ...address('employer', d.employer.address),
    employer_ein: d.employer.ein,
    employee_last_name: d.employee.last,
    employee_first_name: d.employee.first,
    employee_middle_name: d.employee.middle,
    employee_suffix: d.employee.suffix,
    employee_ssn: d.employee.ssn,
    employee_birth_date: compactDate(d.employee.birth_date),
    obligee_last_name: d.obligee?.last,
    obligee_first_name: d.obligee?.first,
    obligee_middle_name: d.obligee?.middle,
    obligee_suffix: d.obligee?.suffix,
    issuing_tribunal_name: d.issuing_tribunal_name,
    ...amountPer('current_child_support', d.current_child_support),
    ...amountPer('past_due_child_support', d.past_due_child_support),
    ...amountPer('current_medical_support', d.current_medical_support),
    ...amountPer('past_due_medical_support', d.past_due_medical_support),
    ...amountPer('current_spousal_support', d.current_spousal_support),
    ...amountPer('past_due_spousal_support', d.past_due_spousal_support),
    ...amountPer('other_obligation', d.other_obligation),
    other_obligation_description: d.other_obligation?.description,
    ...amountPer('total_withhold', d.total_withhold),
    arrears_over_12_weeks: d.arrears_over_12_weeks ? 'Y' : 'N',
    withhold_per_weekly: d.withhold_per.weekly,
    withhold_per_biweekly: d.withhold_per.biweekly,
    withhold_per_semimonthly: d.withhold_per.semimonthly,
    withhold_per_monthly: d.withhold_per.monthly,
    employment_state_name: d.employment_state_name,
    begin_within_days: d.begin_within_days,
    withholding_start_date: compactDate(d.withholding_start_date),
    send_payment_within_days: d.send_payment_within_days,
    ccpa_percent: d.ccpa_percent,
    payee_name: d.payee?.name,
    ...address('payee', d.payee?.address),
    payee_remittance_fips: d.payee?.remittance_fips,
    official_name: d.official?.name,
    official_title: d.official?.title,
    send_employee_copy: d.send_employee_copy === undefined ? undefined : d.send_employee_copy ? 'Y' : 'N',
    document_tracking_number: d.document_tracking_number,
    order_identifier: d.order_identifier,
    lump_sum_amount: d.lump_sum_amount_cents,
    remittance_identifier: d.remittance_identifier,
  };
  (d.children ?? []).forEach((c, i) => {
    const n = i + 1;
    v[`child_${n}_last_name`] = c.last;
    v[`child_${n}_first_name`] = c.first;
    v[`child_${n}_middle_name`] = c.middle;
    v[`child_${n}_suffix`] = c.suffix;
    v[`child_${n}_birth_date`] = compactDate(c.birth_date);
  });
  return v;
}

/** Checks the typed order beyond field widths: the rules the form itself states. */
function checkDetail(d: EiwoDetail, path: string, problems: Problems): void {
  const add = (field: string, message: string) => problems.add({ path: `${path}/${field}`, message });
  if ((d.children?.length ?? 0) > MAX_CHILDREN) add('children', `at most ${MAX_CHILDREN} children fit on an e-IWO`);
  if (!/^[A-Za-z0-9]/.test(d.employer.name)) add('employer_name', 'must start with a letter or digit');
  if (/^\s/.test(d.issuing_state_name)) add('issuing_state_name', 'must not start with a space');
  if (/^\s/.test(d.case_id) || /[\\*]/.test(d.case_id)) add('case_id', 'must not start with a space or hold \\ or *');
  for (const [name, a] of Object.entries({
    current_child_support: d.current_child_support,
    past_due_child_support: d.past_due_child_support,
    current_medical_support: d.current_medical_support,
    past_due_medical_support: d.past_due_medical_support,
    current_spousal_support: d.current_spousal_support,
    past_due_spousal_support: d.past_due_spousal_support,
    other_obligation: d.other_obligation,
    total_withhold: d.total_withhold,
  })) {
    if (a && !EIWO_FREQUENCIES.includes(a.frequency)) add(`${name}_frequency`, `must be one of ${EIWO_FREQUENCIES.join(', ')}`);
  }
}

/**
 * Every problem that keeps one order from making a valid DTL record: the form's rules, the chart's
 * required fields (DTL_RULES) and each field's width and kind. Empty when the record can be written.
 * The export holds an order with problems (with the reasons) and writes the others.
 */
export function dtlProblems(d: EiwoDetail, path = 'dtl'): ErrorDetail[] {
  const problems = new Problems();
  checkDetail(d, path, problems);
  const values = dtlValues(d);
  for (const p of fieldRuleProblems(values, EIWO_DTL, DTL_RULES)) problems.add({ path: `${path}/${p.field}`, message: p.message });
  const r = encode(values, EIWO_DTL, { path });
  if (!r.ok) problems.addAll(r.details);
  return problems.details();
}

const pad5 = (n: number) => String(n).padStart(5, '0');

function encodeInto(values: RecordValues, layout: RecordLayout, path: string, problems: Problems, out: string[]): void {
  const r = encode(values, layout, { path });
  if (r.ok) out.push(r.value);
  else problems.addAll(r.details);
}

/** Writes a DTL file: FHI, then per employer BHI / DTL… / BTI, then FTI; every record ends with LF. */
export function buildEiwoFile(input: EiwoFileInput): Result<string> {
  const problems = new Problems();
  if (!/^\d{5}$/.test(input.state_fips)) problems.add({ path: 'state_fips', message: 'must be 5 digits' });
  if (!isValidHhmmss(input.creation_time)) problems.add({ path: 'creation_time', message: 'must be a time HHMMSS' });
  if (!isIsoDate(input.creation_date)) problems.add({ path: 'creation_date', message: 'must be an ISO date' });
  if (input.batches.length === 0) problems.add({ path: 'batches', message: 'a file needs at least one batch' });
  if (problems.count) return fail('VALIDATION_FAILED', 'The e-IWO file could not be written.', problems.details());
  const stamp = input.creation_date.slice(2).replaceAll('-', '') + input.creation_time;
  const control = (seq: number) => `${input.state_fips}${stamp}${pad5(seq)}`;
  const fileControl = input.control_numbers?.file ?? control(1);
  const common = { state_fips_code: input.state_fips, creation_date: input.creation_date, creation_time: input.creation_time };
  const out: string[] = [];
  encodeInto({ document_code: 'FHI', control_number: fileControl, ...common }, EIWO_HEADER, 'file_header', problems, out);
  let records = 0;
  input.batches.forEach((b, i) => {
    const path = `batches/${i}`;
    const batchControl = input.control_numbers?.batches[i] ?? control(i + 2);
    encodeInto({ document_code: 'BHI', control_number: batchControl, ein: b.employer_ein, primary_ein: b.primary_ein, ...common }, EIWO_HEADER, `${path}/header`, problems, out);
    if (b.details.length === 0) problems.add({ path, message: 'a batch needs at least one detail record' });
    b.details.forEach((d, j) => {
      const dpath = `${path}/details/${j}`;
      if (d.employer.ein !== b.employer_ein) problems.add({ path: `${dpath}/employer_ein`, message: "must equal the batch's employer EIN" });
      const bad = dtlProblems(d, dpath);
      if (bad.length) problems.addAll(bad);
      else encodeInto(dtlValues(d), EIWO_DTL, dpath, problems, out);
    });
    records += b.details.length;
    encodeInto({ document_code: 'BTI', control_number: batchControl, batch_count: 0, record_count: b.details.length, employer_sent_count: 0, state_sent_count: 0 }, EIWO_TRAILER, `${path}/trailer`, problems, out);
  });
  encodeInto({ document_code: 'FTI', control_number: fileControl, batch_count: input.batches.length, record_count: records, employer_sent_count: 0, state_sent_count: 0 }, EIWO_TRAILER, 'file_trailer', problems, out);
  if (problems.count) return fail('VALIDATION_FAILED', 'The e-IWO file could not be written.', problems.details());
  return ok(out.map((r) => `${r}\n`).join(''));
}

// ---------------------------------------------------------------------------------------------------
// Reading: the structure shared by DTL and ACK files

export interface ReadEiwoBatch {
  header: Record<string, FieldValue>;
  records: Record<string, FieldValue>[];
  /** Line numbers of `records`, 1-based. */
  lines: number[];
}

export interface ReadEiwoFile {
  header: Record<string, FieldValue>;
  batches: ReadEiwoBatch[];
}

interface Profile {
  letter: 'I' | 'A';
  header: RecordLayout;
  trailer: RecordLayout;
  detail: RecordLayout;
  detailCode: 'DTL' | 'ACK';
}

const DTL_PROFILE: Profile = { letter: 'I', header: EIWO_HEADER, trailer: EIWO_TRAILER, detail: EIWO_DTL, detailCode: 'DTL' };
const ACK_PROFILE: Profile = { letter: 'A', header: ACK_HEADER, trailer: ACK_TRAILER, detail: EIWO_ACK, detailCode: 'ACK' };

function readStructure(input: string | Uint8Array, p: Profile, problems: Problems): ReadEiwoFile | null {
  const lines = splitRecords(fileText(input));
  const at = (line: number, path: string, message: string) => problems.add({ line, path, message });
  if (lines.length === 0) {
    problems.add({ path: 'file', message: 'the file is empty' });
    return null;
  }
  const [FH, BH, BT, FT] = ['FH', 'BH', 'BT', 'FT'].map((x) => x + p.letter);
  let fileHeader: Record<string, FieldValue> | null = null;
  let fileTrailerSeen = false;
  let batch: (ReadEiwoBatch & { control: string; line: number }) | null = null;
  const batches: ReadEiwoBatch[] = [];
  let totalRecords = 0;
  lines.forEach((text, i) => {
    const line = i + 1;
    const code = text.slice(0, 3);
    const layout = code === p.detailCode ? p.detail : code === FH || code === BH ? p.header : code === BT || code === FT ? p.trailer : null;
    if (!layout) {
      at(line, 'record', `line ${line}: unknown record type '${code.replace(/[^\x20-\x7e]/g, '?')}'; expected ${FH}, ${BH}, ${p.detailCode}, ${BT} or ${FT}`);
      return;
    }
    const r = decode(text, layout, { line, path: `line ${line}/${layout.key}` });
    if (!r.ok) {
      problems.addAll(r.details);
      return;
    }
    const v = r.value;
    if (fileTrailerSeen) at(line, 'record', `line ${line}: a record after the file trailer ${FT}`);
    if ((layout === p.header) && !isValidHhmmss(textOf(v, 'creation_time'))) at(line, `line ${line}/header/creation_time`, `${layout.title}, creation_time (positions 57-62): must be a time HHMMSS`);
    if (code === FH) {
      if (line !== 1) at(line, 'record', `line ${line}: the file header ${FH} must be the first record`);
      fileHeader = v;
    } else if (line === 1) {
      at(line, 'record', `line 1: the file must start with a file header ${FH}`);
    }
    if (code === BH) {
      if (batch) at(line, 'record', `line ${line}: batch header ${BH} before the batch trailer of the batch at line ${batch.line}`);
      batch = { header: v, records: [], lines: [], control: textOf(v, 'control_number'), line };
      if (!textOf(v, 'ein')) at(line, `line ${line}/header/ein`, `${layout.title}, ein (positions 31-39): a batch header needs the employer EIN`);
    } else if (code === p.detailCode) {
      if (!batch) at(line, 'record', `line ${line}: ${p.detailCode} record outside a batch`);
      else {
        if (textOf(v, 'employer_ein') !== textOf(batch.header, 'ein')) at(line, `line ${line}/${layout.key}/employer_ein`, `${layout.title}, employer_ein (positions ${layout === EIWO_DTL ? '243-251' : '22-30'}): differs from the batch header's EIN`);
        batch.records.push(v);
        batch.lines.push(line);
      }
    } else if (code === BT) {
      if (!batch) at(line, 'record', `line ${line}: batch trailer ${BT} without a batch header`);
      else {
        if (textOf(v, 'control_number') !== batch.control) at(line, `line ${line}/trailer/control_number`, `${layout.title}, control_number (positions 4-25): does not match the batch header at line ${batch.line}`);
        if (v.record_count !== batch.records.length) at(line, `line ${line}/trailer/record_count`, `${layout.title}, record_count (positions 31-35): says ${v.record_count} but the batch has ${batch.records.length}`);
        totalRecords += batch.records.length;
        batches.push({ header: batch.header, records: batch.records, lines: batch.lines });
        batch = null;
      }
    } else if (code === FT) {
      if (batch) at(line, 'record', `line ${line}: file trailer ${FT} before the batch trailer of the batch at line ${batch.line}`);
      fileTrailerSeen = true;
      if (fileHeader && textOf(v, 'control_number') !== textOf(fileHeader, 'control_number')) at(line, `line ${line}/trailer/control_number`, `${layout.title}, control_number (positions 4-25): does not match the file header`);
      if (v.batch_count !== batches.length) at(line, `line ${line}/trailer/batch_count`, `${layout.title}, batch_count (positions 26-30): says ${v.batch_count} but the file has ${batches.length}`);
      if (v.record_count !== totalRecords) at(line, `line ${line}/trailer/record_count`, `${layout.title}, record_count (positions 31-35): says ${v.record_count} but the file has ${totalRecords}`);
    }
  });
  if (batch) at(lines.length, 'record', `the batch at line ${(batch as { line: number }).line} has no batch trailer ${BT}`);
  if (!fileTrailerSeen) problems.add({ path: 'file', message: `the file has no file trailer ${FT}` });
  if (problems.count || !fileHeader) return null;
  return { header: fileHeader, batches };
}

function detailFrom(v: Record<string, FieldValue>, line: number, problems: Problems): EiwoDetail {
  const t = (n: string) => textOf(v, n);
  const opt = (n: string) => (t(n) === '' ? undefined : t(n));
  const date = (n: string) => {
    const d = optionalDate(v[n]);
    if (d === 'invalid') problems.add({ line, path: `line ${line}/dtl/${n}`, message: `e-IWO detail (DTL), ${n}: must be a real date CCYYMMDD or 00000000` });
    return d === null || d === 'invalid' ? undefined : d;
  };
  const amt = (n: string): AmountPer | undefined => {
    const cents = Number(v[`${n}_amount`] ?? 0);
    const freq = t(`${n}_frequency`);
    if (!cents && !freq) return undefined;
    if (!EIWO_FREQUENCIES.includes(freq as EiwoFrequency)) problems.add({ line, path: `line ${line}/dtl/${n}_frequency`, message: `e-IWO detail (DTL), ${n}_frequency: must be one of ${EIWO_FREQUENCIES.join(', ')}` });
    return { amount_cents: cents, frequency: freq as EiwoFrequency };
  };
  const addr = (prefix: string): EiwoAddress => ({ line1: t(`${prefix}_address_1`), line2: t(`${prefix}_address_2`), city: t(`${prefix}_city`), state: t(`${prefix}_state`), zip: opt(`${prefix}_zip`), zip4: opt(`${prefix}_zip4`) });
  const children: (EiwoPersonName & { birth_date?: string })[] = [];
  for (let n = 1; n <= MAX_CHILDREN; n++) {
    if (!t(`child_${n}_last_name`) && !t(`child_${n}_first_name`)) continue;
    children.push({ last: t(`child_${n}_last_name`), first: t(`child_${n}_first_name`), middle: t(`child_${n}_middle_name`), suffix: t(`child_${n}_suffix`), birth_date: date(`child_${n}_birth_date`) });
  }
  const other = amt('other_obligation');
  return {
    action: t('document_action_code') as DocumentActionCode,
    document_date: t('document_date'),
    issuing_state_name: t('issuing_state_name'),
    issuing_jurisdiction_name: t('issuing_jurisdiction_name'),
    case_id: t('case_id'),
    employer: { name: t('employer_name'), address: addr('employer'), ein: t('employer_ein') },
    employee: { last: t('employee_last_name'), first: t('employee_first_name'), middle: t('employee_middle_name'), suffix: t('employee_suffix'), ssn: t('employee_ssn'), birth_date: date('employee_birth_date') },
    obligee: { last: t('obligee_last_name'), first: t('obligee_first_name'), middle: t('obligee_middle_name'), suffix: t('obligee_suffix') },
    issuing_tribunal_name: t('issuing_tribunal_name'),
    current_child_support: amt('current_child_support'),
    past_due_child_support: amt('past_due_child_support'),
    current_medical_support: amt('current_medical_support'),
    past_due_medical_support: amt('past_due_medical_support'),
    current_spousal_support: amt('current_spousal_support'),
    past_due_spousal_support: amt('past_due_spousal_support'),
    other_obligation: other ? { ...other, description: t('other_obligation_description') } : undefined,
    total_withhold: amt('total_withhold') ?? { amount_cents: 0, frequency: 'M' },
    arrears_over_12_weeks: t('arrears_over_12_weeks') === 'Y',
    withhold_per: { weekly: Number(v.withhold_per_weekly ?? 0), biweekly: Number(v.withhold_per_biweekly ?? 0), semimonthly: Number(v.withhold_per_semimonthly ?? 0), monthly: Number(v.withhold_per_monthly ?? 0) },
    employment_state_name: t('employment_state_name'),
    begin_within_days: v.begin_within_days as number | undefined,
    withholding_start_date: date('withholding_start_date'),
    send_payment_within_days: v.send_payment_within_days as number | undefined,
    ccpa_percent: v.ccpa_percent as number | undefined,
    payee: { name: t('payee_name'), address: addr('payee'), remittance_fips: opt('payee_remittance_fips') },
    official: { name: t('official_name'), title: t('official_title') },
    send_employee_copy: t('send_employee_copy') === '' ? undefined : t('send_employee_copy') === 'Y',
    document_tracking_number: t('document_tracking_number'),
    order_identifier: t('order_identifier'),
    children,
    lump_sum_amount_cents: v.lump_sum_amount as number | undefined,
    remittance_identifier: t('remittance_identifier'),
  };
}

export interface ParsedEiwoFile {
  control_number: string;
  state_fips: string;
  creation_date: string;
  creation_time: string;
  batches: { employer_ein: string; control_number: string; details: EiwoDetail[]; records: Record<string, FieldValue>[] }[];
}

/** Reads a DTL file; any problem rejects the whole file, with line, record and field named. */
export function parseEiwoFile(input: string | Uint8Array): Result<ParsedEiwoFile> {
  const problems = new Problems();
  const file = readStructure(input, DTL_PROFILE, problems);
  if (!file) return fail('IMPORT_REJECTED', `The e-IWO file was rejected: ${problems.count} problem${problems.count === 1 ? '' : 's'}.`, problems.details());
  const batches = file.batches.map((b) => ({
    employer_ein: textOf(b.header, 'ein'),
    control_number: textOf(b.header, 'control_number'),
    details: b.records.map((r, i) => {
      const line = b.lines[i]!;
      for (const p of fieldRuleProblems(r, EIWO_DTL, DTL_RULES)) problems.add({ line, path: `line ${line}/dtl/${p.field}`, message: p.message });
      return detailFrom(r, line, problems);
    }),
    records: b.records,
  }));
  if (problems.count) return fail('IMPORT_REJECTED', `The e-IWO file was rejected: ${problems.count} problem${problems.count === 1 ? '' : 's'}.`, problems.details());
  return ok({ control_number: textOf(file.header, 'control_number'), state_fips: textOf(file.header, 'state_fips_code'), creation_date: textOf(file.header, 'creation_date'), creation_time: textOf(file.header, 'creation_time'), batches });
}

// ---------------------------------------------------------------------------------------------------
// Acknowledgments

export type DispositionStatus = 'A' | 'R' | 'L' | 'S' | 'T';

export interface EiwoAck {
  action: AckActionCode;
  case_id: string;
  employer_ein: string;
  employee: EiwoPersonName & { ssn: string };
  document_tracking_number: string;
  order_identifier: string;
  status: DispositionStatus;
  reason?: DispositionReason;
  termination_date?: string;
  ncp_last_known_address?: EiwoAddress;
  ncp_phone?: string;
  final_payment?: { date?: string; amount_cents: Cents };
  new_employer?: { name: string; address: EiwoAddress };
  lump_sum?: { date?: string; amount_cents: Cents; type?: string };
  corrected_ein?: string;
  multiple_iwo_state_code?: string;
}

/** The rules between fields of an acknowledgment (1.5, 1.6); one message per broken rule. */
export function ackRuleProblems(a: EiwoAck): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const employerStarted = a.action === 'EMP';
  if (employerStarted && !['L', 'S', 'T'].includes(a.status)) out.push({ field: 'disposition_status_code', message: 'an employer-started (EMP) acknowledgment has status L, S or T' });
  if (!employerStarted && !['A', 'R'].includes(a.status)) out.push({ field: 'disposition_status_code', message: 'an acknowledgment of an order has status A or R' });
  if (a.reason !== undefined) {
    const info = DISPOSITION_REASONS[a.reason];
    if (!info) out.push({ field: 'disposition_reason_code', message: `unknown reason code; expected one of ${Object.keys(DISPOSITION_REASONS).join(', ')}` });
    else if (!employerStarted && !(info.statuses as readonly string[]).includes(a.status)) out.push({ field: 'disposition_reason_code', message: `reason ${a.reason} does not go with status ${a.status}` });
    if (a.reason === 'Z' && a.action !== 'TRM') out.push({ field: 'disposition_reason_code', message: 'reason Z is accepted only on a termination (TRM)' });
    if (a.reason === 'W' && !a.corrected_ein) out.push({ field: 'corrected_ein', message: 'reason W (wrong FEIN) needs the corrected EIN' });
    if (a.reason === 'M' && !a.multiple_iwo_state_code) out.push({ field: 'multiple_iwo_state_code', message: 'reason M (another state) needs the state code' });
  } else if (a.status === 'R') out.push({ field: 'disposition_reason_code', message: 'a rejection needs a reason code' });
  if (a.status === 'T' && !a.termination_date) out.push({ field: 'termination_date', message: 'a termination needs the termination date' });
  if (a.status === 'L' && !a.lump_sum?.amount_cents) out.push({ field: 'lump_sum_payment_amount', message: 'a lump-sum notice needs the amount' });
  return out;
}

export function ackValues(a: EiwoAck): RecordValues {
  const date = (d: string | undefined) => (d === undefined ? '00000000' : compactDate(d));
  const addr = (prefix: string, x: EiwoAddress | undefined): RecordValues => ({
    [`${prefix}_address_1`]: x?.line1,
    [`${prefix}_address_2`]: x?.line2,
    [`${prefix}_city`]: x?.city,
    [`${prefix}_state`]: x?.state,
    [`${prefix}_zip`]: x?.zip,
    [`${prefix}_zip4`]: x?.zip4,
  });
  return {
    document_action_code: a.action,
    case_id: a.case_id,
    employer_ein: a.employer_ein,
    employee_last_name: a.employee.last,
    employee_first_name: a.employee.first,
    employee_middle_name: a.employee.middle,
    employee_suffix: a.employee.suffix,
    employee_ssn: a.employee.ssn,
    document_tracking_number: a.document_tracking_number,
    order_identifier: a.order_identifier,
    disposition_status_code: a.status,
    disposition_reason_code: a.reason,
    termination_date: date(a.termination_date),
    ...addr('ncp', a.ncp_last_known_address),
    final_payment_date: a.final_payment ? date(a.final_payment.date) : undefined,
    final_payment_amount: a.final_payment?.amount_cents,
    new_employer_name: a.new_employer?.name,
    ...addr('new_employer', a.new_employer?.address),
    lump_sum_payment_date: a.lump_sum ? date(a.lump_sum.date) : undefined,
    lump_sum_payment_amount: a.lump_sum?.amount_cents,
    lump_sum_payment_type: a.lump_sum?.type,
    ncp_phone_area_code: a.ncp_phone?.slice(0, 3),
    ncp_phone_number: a.ncp_phone?.slice(3),
    corrected_ein: a.corrected_ein,
    multiple_iwo_state_code: a.multiple_iwo_state_code,
  };
}

function ackFrom(v: Record<string, FieldValue>, line: number, problems: Problems): EiwoAck {
  const t = (n: string) => textOf(v, n);
  const date = (n: string) => {
    const d = optionalDate(v[n]);
    if (d === 'invalid') problems.add({ line, path: `line ${line}/ack/${n}`, message: `e-IWO acknowledgment (ACK), ${n}: must be a real date CCYYMMDD or 00000000` });
    return d === null || d === 'invalid' ? undefined : d;
  };
  const addr = (prefix: string): EiwoAddress => ({ line1: t(`${prefix}_address_1`), line2: t(`${prefix}_address_2`), city: t(`${prefix}_city`), state: t(`${prefix}_state`), zip: v[`${prefix}_zip`] as string | undefined, zip4: v[`${prefix}_zip4`] as string | undefined });
  const reason = t('disposition_reason_code').trim();
  const ncpAddress = addr('ncp');
  const newEmployerName = t('new_employer_name');
  const phone = (v.ncp_phone_area_code as string | undefined) && (v.ncp_phone_number as string | undefined) ? `${v.ncp_phone_area_code}${v.ncp_phone_number}` : undefined;
  const ack: EiwoAck = {
    action: t('document_action_code') as AckActionCode,
    case_id: t('case_id'),
    employer_ein: t('employer_ein'),
    employee: { last: t('employee_last_name'), first: t('employee_first_name'), middle: t('employee_middle_name'), suffix: t('employee_suffix'), ssn: t('employee_ssn') },
    document_tracking_number: t('document_tracking_number'),
    order_identifier: t('order_identifier'),
    status: t('disposition_status_code') as DispositionStatus,
  };
  if (reason) ack.reason = reason as DispositionReason;
  const term = date('termination_date');
  if (term) ack.termination_date = term;
  if (Object.values(ncpAddress).some((x) => x)) ack.ncp_last_known_address = ncpAddress;
  if (phone) ack.ncp_phone = phone;
  const finalDate = date('final_payment_date');
  if (finalDate || v.final_payment_amount) ack.final_payment = { ...(finalDate ? { date: finalDate } : {}), amount_cents: Number(v.final_payment_amount ?? 0) };
  if (newEmployerName) ack.new_employer = { name: newEmployerName, address: addr('new_employer') };
  const lumpDate = date('lump_sum_payment_date');
  if (lumpDate || v.lump_sum_payment_amount) ack.lump_sum = { ...(lumpDate ? { date: lumpDate } : {}), amount_cents: Number(v.lump_sum_payment_amount ?? 0), ...(t('lump_sum_payment_type') ? { type: t('lump_sum_payment_type') } : {}) };
  if (v.corrected_ein) ack.corrected_ein = String(v.corrected_ein);
  if (t('multiple_iwo_state_code')) ack.multiple_iwo_state_code = t('multiple_iwo_state_code');
  for (const p of ackRuleProblems(ack)) problems.add({ line, path: `line ${line}/ack/${p.field}`, message: `e-IWO acknowledgment (ACK), ${p.field}: ${p.message}` });
  return ack;
}

export interface ParsedAckFile {
  control_number: string;
  creation_date: string;
  batches: { employer_ein: string; control_number: string; acks: (EiwoAck & { line: number })[] }[];
}

/** Reads an employer acknowledgment file; any problem rejects the whole file. */
export function parseAckFile(input: string | Uint8Array): Result<ParsedAckFile> {
  const problems = new Problems();
  const file = readStructure(input, ACK_PROFILE, problems);
  const reject = () => fail('IMPORT_REJECTED', `The acknowledgment file was rejected: ${problems.count} problem${problems.count === 1 ? '' : 's'}.`, problems.details());
  if (!file) return reject();
  const batches = file.batches.map((b) => ({
    employer_ein: textOf(b.header, 'ein'),
    control_number: textOf(b.header, 'control_number'),
    acks: b.records.map((r, i) => ({ ...ackFrom(r, b.lines[i]!, problems), line: b.lines[i]! })),
  }));
  if (problems.count) return reject();
  return ok({ control_number: textOf(file.header, 'control_number'), creation_date: textOf(file.header, 'creation_date'), batches });
}

export interface AckFileInput {
  state_fips: string;
  creation_date: string;
  creation_time: string;
  batches: readonly { employer_ein: string; acks: readonly EiwoAck[] }[];
}

/** Writes an acknowledgment file as an employer would (used for tests and the employer simulator). */
export function buildAckFile(input: AckFileInput): Result<string> {
  const problems = new Problems();
  if (!isValidHhmmss(input.creation_time)) problems.add({ path: 'creation_time', message: 'must be a time HHMMSS' });
  if (problems.count) return fail('VALIDATION_FAILED', 'The acknowledgment file could not be written.', problems.details());
  const stamp = input.creation_date.slice(2).replaceAll('-', '') + input.creation_time;
  const control = (seq: number) => `${input.state_fips}${stamp}${pad5(seq)}`;
  const common = { state_fips_code: input.state_fips, creation_date: input.creation_date, creation_time: input.creation_time };
  const out: string[] = [];
  encodeInto({ document_code: 'FHA', control_number: control(1), ...common }, ACK_HEADER, 'file_header', problems, out);
  let records = 0;
  input.batches.forEach((b, i) => {
    encodeInto({ document_code: 'BHA', control_number: control(i + 2), ein: b.employer_ein, ...common }, ACK_HEADER, `batches/${i}/header`, problems, out);
    b.acks.forEach((a, j) => {
      for (const p of ackRuleProblems(a)) problems.add({ path: `batches/${i}/acks/${j}/${p.field}`, message: p.message });
      for (const p of fieldRuleProblems(ackValues(a), EIWO_ACK, ACK_RULES)) problems.add({ path: `batches/${i}/acks/${j}/${p.field}`, message: p.message });
      encodeInto(ackValues(a), EIWO_ACK, `batches/${i}/acks/${j}`, problems, out);
    });
    records += b.acks.length;
    encodeInto({ document_code: 'BTA', control_number: control(i + 2), batch_count: 0, record_count: b.acks.length, employer_sent_count: 0, state_sent_count: 0 }, ACK_TRAILER, `batches/${i}/trailer`, problems, out);
  });
  encodeInto({ document_code: 'FTA', control_number: control(1), batch_count: input.batches.length, record_count: records, employer_sent_count: 0, state_sent_count: 0 }, ACK_TRAILER, 'file_trailer', problems, out);
  if (problems.count) return fail('VALIDATION_FAILED', 'The acknowledgment file could not be written.', problems.details());
  return ok(out.map((r) => `${r}\n`).join(''));
}

export type { ErrorDetail };
