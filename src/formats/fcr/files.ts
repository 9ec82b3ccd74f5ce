/**
 * FCR files as a whole: the input file the state sends (FA header, FC case and FP person records, FZ
 * trailer; 640 bytes each) and the response file the FCR sends back (920 bytes each): case and person
 * acknowledgments (FD / FS, the input record echoed in 1-640 with the FCR's answer after it) and NDNH
 * proactive-match / FCR locate responses (the NDNH_RESPONSE table).
 *
 * Layouts are data (layouts.ts and the two acknowledgment tables here). Unverified choices, each one
 * constant to correct: the trailer's record count counts the case and person records only (not the header
 * and trailer); the record IDs of NDNH proactive-match and FCR locate responses (`NDNH_RESPONSE_IDS`,
 * `LOCATE_RESPONSE_IDS`) are not in the reference (Kansas names the field, not its values).
 *
 * Readers reject the whole file, naming the record number and the field, when any record is bad.
 */
import { fail, ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { decode, defineLayout, encode, type FieldSpec, type FieldValue, type RecordLayout, type RecordValues } from '../fixed-width.ts';
import { FCR_CASE, FCR_HEADER, FCR_PERSON, FCR_RECORD_LENGTH, FCR_RESPONSE_LENGTH, FCR_TRAILER, NDNH_RESPONSE } from './layouts.ts';

/** The echo of an input record in an acknowledgment: same positions, the acknowledgment's record ID. */
function echo(layout: RecordLayout, recordId: string): FieldSpec[] {
  return layout.fields.map((f): FieldSpec => {
    if (f.name === 'record_identifier') return { ...f, kind: 'constant', value: recordId };
    // The FCR echoes what it received; reserved fields are read as text, not policed.
    if (f.kind === 'blank') return { name: f.name, start: f.start, length: f.length, kind: 'alpha' };
    return f;
  });
}

const ackCodes = ['AAAAA', 'REJCT', 'HOLDS'];
const errorCodes = (start: number): FieldSpec[] => Array.from({ length: 5 }, (_, i): FieldSpec => ({ name: `error_code_${i + 1}`, start: start + 5 * i, length: 5, kind: 'alpha' }));

/** FD: Case acknowledgment/error record, 920 bytes [KS 2005 SWEXER06]. */
export const FCR_CASE_ACK = defineLayout({
  key: 'fcr_case_ack',
  title: 'FCR case acknowledgment (FD)',
  length: FCR_RESPONSE_LENGTH,
  source: 'file-formats.md 3.2 (Kansas SWEXER06 2005)',
  fields: [
    ...echo(FCR_CASE, 'FD'),
    { name: 'batch_number', start: 641, length: 6, kind: 'alpha' },
    { name: 'acknowledgment_code', start: 647, length: 5, kind: 'alpha', required: true, allowed: ackCodes },
    ...errorCodes(652),
    { name: 'filler_677', start: 677, length: 244, kind: 'alpha' },
  ],
});

/** FS: Person/locate request acknowledgment/error record, 920 bytes [KS 2005 SWEXER06]. */
export const FCR_PERSON_ACK = defineLayout({
  key: 'fcr_person_ack',
  title: 'FCR person acknowledgment (FS)',
  length: FCR_RESPONSE_LENGTH,
  source: 'file-formats.md 3.2 (Kansas SWEXER06 2005)',
  fields: [
    ...echo(FCR_PERSON, 'FS'),
    { name: 'ssn_validity_code', start: 641, length: 1, kind: 'alpha', allowed: ['C', 'V', ''], note: 'C corrected/found, V verified, blank not found' },
    { name: 'corrected_ssn', start: 642, length: 9, kind: 'digits', required: false, sensitive: true },
    { name: 'multiple_ssn_1', start: 651, length: 9, kind: 'digits', required: false, sensitive: true },
    { name: 'multiple_ssn_2', start: 660, length: 9, kind: 'digits', required: false, sensitive: true },
    { name: 'multiple_ssn_3', start: 669, length: 9, kind: 'digits', required: false, sensitive: true },
    { name: 'ssa_dob_used', start: 678, length: 1, kind: 'alpha' },
    { name: 'batch_number', start: 679, length: 6, kind: 'alpha' },
    { name: 'date_of_death', start: 685, length: 8, kind: 'date_ccyymmdd', required: false },
    { name: 'ssa_last_residence_zip', start: 693, length: 5, kind: 'alpha' },
    { name: 'ssa_lump_sum_zip', start: 698, length: 5, kind: 'alpha' },
    { name: 'primary_ssn', start: 703, length: 9, kind: 'digits', required: false, sensitive: true },
    { name: 'primary_first_name', start: 712, length: 16, kind: 'alpha' },
    { name: 'primary_middle_name', start: 728, length: 16, kind: 'alpha' },
    { name: 'primary_last_name', start: 744, length: 30, kind: 'alpha' },
    { name: 'acknowledgment_code', start: 774, length: 5, kind: 'alpha', required: true, allowed: ackCodes },
    ...errorCodes(779),
    { name: 'ssa_last_residence_city', start: 804, length: 15, kind: 'alpha' },
    { name: 'ssa_last_residence_state', start: 819, length: 2, kind: 'alpha' },
    { name: 'ssa_lump_sum_city', start: 821, length: 15, kind: 'alpha' },
    { name: 'ssa_lump_sum_state', start: 836, length: 2, kind: 'alpha' },
    { name: 'filler_838', start: 838, length: 15, kind: 'alpha' },
    { name: 'additional_ssn_1_validity', start: 853, length: 1, kind: 'alpha' },
    { name: 'additional_ssn_2_validity', start: 854, length: 1, kind: 'alpha' },
    { name: 'filler_855', start: 855, length: 66, kind: 'alpha' },
  ],
});

/** [unverified] record IDs of NDNH proactive matches and FCR locate responses (both NDNH_RESPONSE). */
export const NDNH_RESPONSE_IDS: readonly string[] = ['FN'];
export const LOCATE_RESPONSE_IDS: readonly string[] = ['FK'];

/** Locate response codes (375-376) that carry no address: a negative answer may come without an SSN [file-formats.md 3.3]. */
export const LOCATE_NO_INFORMATION_CODES: readonly string[] = ['06', '10', '30', '39', '47'];

/** [unverified] whether the FZ count includes the header and trailer; here it does not. */
export const TRAILER_COUNTS_HEADER_AND_TRAILER = false;

export const FCR_VERSION_CONTROL = '01.00';

// ---------------------------------------------------------------------------------------------------
// Input file (state -> FCR)

export interface FcrInputHeader {
  state_code: string;
  date_stamp: string;
  batch_number: number;
}

export type FcrInputRecord = { type: 'case'; values: RecordValues } | { type: 'person'; values: RecordValues };

export interface FcrInputFile {
  header: FcrInputHeader & { version_control: string };
  records: FcrInputRecord[];
  record_count: number;
}

const layoutOf = (r: FcrInputRecord) => (r.type === 'case' ? FCR_CASE : FCR_PERSON);
const trailerCount = (details: number) => details + (TRAILER_COUNTS_HEADER_AND_TRAILER ? 2 : 0);

/** Writes the input file: header, the records in the order given, trailer; LF after each record. */
export function buildFcrInputFile(header: FcrInputHeader, records: readonly FcrInputRecord[]): Result<string> {
  const errors: ErrorDetail[] = [];
  const lines: string[] = [];
  const put = (values: RecordValues, layout: RecordLayout, line: number) => {
    const r = encode(values, layout, { line, path: `records/${line}` });
    if (r.ok) lines.push(r.value);
    else errors.push(...(r.details ?? [{ line, message: r.message }]));
  };
  put({ state_code: header.state_code, version_control: FCR_VERSION_CONTROL, date_stamp: header.date_stamp, batch_number: String(header.batch_number) }, FCR_HEADER, 1);
  records.forEach((r, i) => put(r.values, layoutOf(r), i + 2));
  put({ record_count: trailerCount(records.length) }, FCR_TRAILER, records.length + 2);
  if (errors.length) return fail('VALIDATION_FAILED', `the FCR input file could not be written: ${errors.length} problem(s)`, errors);
  return ok(lines.map((l) => `${l}\n`).join(''));
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

const rejected = (errors: ErrorDetail[]) => fail('IMPORT_REJECTED', `the file was rejected: ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing was written`, errors.slice(0, 500));

/** Reads an input file back (round trips and checks of what was sent). */
export function parseFcrInputFile(text: string): Result<FcrInputFile> {
  const lines = splitLines(text);
  const errors: ErrorDetail[] = [];
  if (lines.length < 2) return rejected([{ path: 'file', message: 'an FCR input file needs at least a header and a trailer' }]);
  const read = (line: string, layout: RecordLayout, n: number) => {
    const r = decode(line, layout, { line: n, path: `record ${n}` });
    if (!r.ok) errors.push(...(r.details ?? []));
    return r.ok ? r.value : null;
  };
  const h = lines[0]!.startsWith('FA') ? read(lines[0]!, FCR_HEADER, 1) : (errors.push({ line: 1, path: 'record 1/record_identifier', message: 'record 1: the first record must be the FA header' }), null);
  const t = lines[lines.length - 1]!.startsWith('FZ') ? read(lines[lines.length - 1]!, FCR_TRAILER, lines.length) : (errors.push({ line: lines.length, path: `record ${lines.length}/record_identifier`, message: `record ${lines.length}: the last record must be the FZ trailer` }), null);
  const records: FcrInputRecord[] = [];
  lines.slice(1, -1).forEach((line, i) => {
    const n = i + 2;
    const id = line.slice(0, 2);
    if (id !== 'FC' && id !== 'FP') {
      errors.push({ line: n, path: `record ${n}/record_identifier`, message: `record ${n}: record_identifier (positions 1-2) must be FC or FP, found '${id}'` });
      return;
    }
    const v = read(line, id === 'FC' ? FCR_CASE : FCR_PERSON, n);
    if (v) records.push({ type: id === 'FC' ? 'case' : 'person', values: v });
  });
  if (t && Number(t.record_count) !== trailerCount(lines.length - 2)) errors.push({ line: lines.length, path: `record ${lines.length}/record_count`, message: `record ${lines.length}: record_count is ${t.record_count} but the file has ${lines.length - 2} case and person records` });
  if (errors.length || !h) return rejected(errors);
  return ok({ header: { state_code: String(h.state_code ?? ''), version_control: String(h.version_control), date_stamp: String(h.date_stamp), batch_number: Number(h.batch_number) }, records, record_count: Number(t!.record_count) });
}

// ---------------------------------------------------------------------------------------------------
// Response file (FCR -> state)

export type FcrResponseKind = 'case_ack' | 'person_ack' | 'ndnh_match' | 'locate_response';

export interface FcrResponseRecord {
  record_number: number;
  kind: FcrResponseKind;
  values: Record<string, FieldValue>;
}

export function responseLayout(kind: FcrResponseKind): RecordLayout {
  return kind === 'case_ack' ? FCR_CASE_ACK : kind === 'person_ack' ? FCR_PERSON_ACK : NDNH_RESPONSE;
}

export function responseKindOf(recordId: string): FcrResponseKind | null {
  if (recordId === 'FD') return 'case_ack';
  if (recordId === 'FS') return 'person_ack';
  if (NDNH_RESPONSE_IDS.includes(recordId)) return 'ndnh_match';
  if (LOCATE_RESPONSE_IDS.includes(recordId)) return 'locate_response';
  return null;
}

/** Reads a response file; any bad record rejects the whole file with record numbers and field names. */
export function parseFcrResponseFile(text: string): Result<FcrResponseRecord[]> {
  const lines = splitLines(text);
  if (lines.length === 0) return rejected([{ path: 'file', message: 'the file is empty' }]);
  const errors: ErrorDetail[] = [];
  const out: FcrResponseRecord[] = [];
  lines.forEach((line, i) => {
    const n = i + 1;
    const id = line.slice(0, 2);
    const kind = responseKindOf(id);
    if (!kind) {
      errors.push({ line: n, path: `record ${n}/record_identifier`, message: `record ${n}: record_identifier (positions 1-2) must be FD, FS, ${[...NDNH_RESPONSE_IDS, ...LOCATE_RESPONSE_IDS].join(' or ')}, found '${id.replace(/[^\x20-\x7e]/g, '?')}'` });
      return;
    }
    const r = decode(line, responseLayout(kind), { line: n, path: `record ${n}` });
    if (!r.ok) {
      errors.push(...(r.details ?? []).map((d) => ({ ...d, message: `record ${n}: ${d.message}` })));
      return;
    }
    if (kind === 'ndnh_match' || kind === 'locate_response') {
      const informative = !LOCATE_NO_INFORMATION_CODES.includes(String(r.value.locate_response_code)) && r.value.response_agency !== 'H01';
      if (informative && !r.value.ssn) errors.push({ line: n, path: `record ${n}/ssn`, message: `record ${n}: ${NDNH_RESPONSE.title}, ssn (positions 314-322): is required on a match that returns information` });
      if (kind === 'ndnh_match' && !['H97', 'H98', 'H99', 'H01'].includes(String(r.value.response_agency))) errors.push({ line: n, path: `record ${n}/response_agency`, message: `record ${n}: ${NDNH_RESPONSE.title}, response_agency (positions 61-63): must be H01, H97, H98 or H99, found '${r.value.response_agency}'` });
    }
    out.push({ record_number: n, kind, values: r.value });
  });
  return errors.length ? rejected(errors) : ok(out);
}

/** Writes a response file (tests and training data; the FCR writes the real ones). */
export function buildFcrResponseFile(records: ReadonlyArray<{ kind: FcrResponseKind; values: RecordValues }>): Result<string> {
  const errors: ErrorDetail[] = [];
  const lines: string[] = [];
  records.forEach((r, i) => {
    const e = encode(r.values, responseLayout(r.kind), { line: i + 1, path: `records/${i}` });
    if (e.ok) lines.push(e.value);
    else errors.push(...(e.details ?? []));
  });
  if (errors.length) return fail('VALIDATION_FAILED', 'the response file could not be written', errors);
  return ok(lines.map((l) => `${l}\n`).join(''));
}

export { FCR_RECORD_LENGTH, FCR_RESPONSE_LENGTH };
