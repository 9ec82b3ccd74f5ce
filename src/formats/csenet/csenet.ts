/**
 * CSENet transactions: one line per transaction, the 127-character header followed by the data blocks
 * the header's indicators announce, in the fixed order Case, NCP Identification, NCP Locate,
 * Participant (0-9), Order (0-9), Collection (0-9), Information (file-formats.md 5.1). The layouts are data
 * (layouts.ts); this module only strings blocks together and checks the counts against the length.
 *
 * A transaction is refused whole with every problem named: the block (and its number), the field and
 * its positions. Nothing of a refused transaction is used.
 */
import { decode, encode, type RecordLayout, type RecordValues } from '../fixed-width.ts';
import { fail, ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import {
  CASE_BLOCK,
  COLLECTION_BLOCK,
  CSENET_HEADER,
  CSENET_MAX_LENGTH,
  CSENET_VERSION,
  INFORMATION_BLOCK,
  NCP_IDENTIFICATION_BLOCK,
  NCP_LOCATE_BLOCK,
  ORDER_BLOCK,
  PARTICIPANT_BLOCK,
  type ActionCode,
  type FunctionCode,
} from './layouts.ts';

/** FIPS code: state (2), county (3), sub/office (2); "4200000" is the State as a whole. */
export interface Fips {
  state: string;
  county: string;
  sub: string;
}

export function parseFips(text: string): Fips | null {
  const m = /^(\d{2})(\d{3})?(\d{2})?$/.exec(text);
  if (!m) return null;
  return { state: m[1]!, county: m[2] ?? '000', sub: m[3] ?? '00' };
}

export const fipsText = (f: Fips): string => f.state + f.county + f.sub;

export interface CsenetHeader {
  localFips: Fips;
  otherFips: Fips;
  serial: string;
  action: ActionCode;
  functionCode: FunctionCode;
  transactionDate: string;
  caseId: string;
  otherCaseId: string;
  reasonCode: string;
  resolutionDate?: string | undefined;
  attachments?: 'Y' | 'N' | undefined;
  errorReasonCode?: string | undefined;
  transactionType?: string | undefined;
  sentDate?: string | undefined;
  sentTime?: string | undefined;
  dueDate?: string | undefined;
  responseDate?: string | undefined;
  overdue?: 'Y' | 'N' | undefined;
}

/** Blocks are records of the layout's field names (see layouts.ts); absent blocks are left out. */
export interface CsenetTransaction {
  header: CsenetHeader;
  case?: RecordValues | undefined;
  ncpIdentification?: RecordValues | undefined;
  ncpLocate?: RecordValues | undefined;
  participants: RecordValues[];
  orders: RecordValues[];
  collections: RecordValues[];
  information?: RecordValues | undefined;
}

const MAX_REPEAT = 9;

function headerValues(t: CsenetTransaction): RecordValues {
  const h = t.header;
  return {
    local_fips_state: h.localFips.state,
    local_fips_county: h.localFips.county,
    local_fips_sub: h.localFips.sub,
    other_fips_state: h.otherFips.state,
    other_fips_county: h.otherFips.county,
    other_fips_sub: h.otherFips.sub,
    csenet_version: CSENET_VERSION,
    transaction_serial: h.serial,
    error_reason_code: h.errorReasonCode ?? '',
    transaction_type: h.transactionType ?? '',
    action_code: h.action,
    functional_type_code: h.functionCode,
    transaction_date: h.transactionDate,
    case_id: h.caseId,
    other_case_id: h.otherCaseId,
    action_reason_code: h.reasonCode,
    action_resolution_date: h.resolutionDate,
    attachments_ind: h.attachments ?? 'N',
    case_data_ind: t.case ? 1 : 0,
    ncp_identification_ind: t.ncpIdentification ? 1 : 0,
    ncp_locate_ind: t.ncpLocate ? 1 : 0,
    participant_count: t.participants.length,
    order_count: t.orders.length,
    collection_count: t.collections.length,
    information_ind: t.information ? 1 : 0,
    sent_date: h.sentDate,
    sent_time: h.sentTime,
    due_date: h.dueDate,
    response_date: h.responseDate,
    overdue_ind: h.overdue ?? '',
  };
}

/** The blocks present, in transaction order, with the path each is named by in errors. */
function blocksOf(t: CsenetTransaction): Array<{ layout: RecordLayout; path: string; values: RecordValues }> {
  const out: Array<{ layout: RecordLayout; path: string; values: RecordValues }> = [];
  if (t.case) out.push({ layout: CASE_BLOCK, path: 'case', values: t.case });
  if (t.ncpIdentification) out.push({ layout: NCP_IDENTIFICATION_BLOCK, path: 'ncp_identification', values: t.ncpIdentification });
  if (t.ncpLocate) out.push({ layout: NCP_LOCATE_BLOCK, path: 'ncp_locate', values: t.ncpLocate });
  t.participants.forEach((v, i) => out.push({ layout: PARTICIPANT_BLOCK, path: `participant[${i + 1}]`, values: v }));
  t.orders.forEach((v, i) => out.push({ layout: ORDER_BLOCK, path: `order[${i + 1}]`, values: v }));
  t.collections.forEach((v, i) => out.push({ layout: COLLECTION_BLOCK, path: `collection[${i + 1}]`, values: v }));
  if (t.information) out.push({ layout: INFORMATION_BLOCK, path: 'information', values: t.information });
  return out;
}

/** Writes one transaction line (without the new line). */
export function encodeTransaction(t: CsenetTransaction): Result<string> {
  const errors: ErrorDetail[] = [];
  for (const [name, list] of [['participant', t.participants], ['order', t.orders], ['collection', t.collections]] as const) {
    if (list.length > MAX_REPEAT) errors.push({ path: name, message: `at most ${MAX_REPEAT} ${name} blocks fit in one transaction (${list.length} given)` });
  }
  if (errors.length) return fail('VALIDATION_FAILED', 'CSENet transaction could not be written', errors);
  const parts: string[] = [];
  const header = encode(headerValues(t), CSENET_HEADER, { path: 'header' });
  if (!header.ok) errors.push(...(header.details ?? []));
  else parts.push(header.value);
  for (const b of blocksOf(t)) {
    const r = encode(b.values, b.layout, { path: b.path });
    if (!r.ok) errors.push(...(r.details ?? []));
    else parts.push(r.value);
  }
  if (errors.length) return fail('VALIDATION_FAILED', `CSENet transaction could not be written: ${errors.length} problem${errors.length > 1 ? 's' : ''}`, errors);
  return ok(parts.join(''));
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : String(v));
const opt = (v: unknown): string | undefined => (v === undefined || v === '' ? undefined : String(v));

/**
 * Reads one transaction line. The header is read first; its indicators say which blocks follow, and the
 * line must be exactly as long as the header and those blocks. `line` numbers the transaction in a batch.
 */
export function decodeTransaction(text: string, line?: number): Result<CsenetTransaction> {
  const at = (path: string, message: string): ErrorDetail => (line === undefined ? { path, message } : { path, message, line });
  const record = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (record.length < CSENET_HEADER.length) {
    return fail('IMPORT_REJECTED', 'CSENet transaction is shorter than its header', [at('header', `the transaction is ${record.length} characters long; the header alone is ${CSENET_HEADER.length}`)]);
  }
  if (record.length > CSENET_MAX_LENGTH) {
    return fail('IMPORT_REJECTED', 'CSENet transaction is too long', [at('transaction', `the transaction is ${record.length} characters long; at most ${CSENET_MAX_LENGTH}`)]);
  }
  const h = decode(record.slice(0, CSENET_HEADER.length), CSENET_HEADER, line === undefined ? { path: 'header' } : { path: 'header', line });
  if (!h.ok) return fail('IMPORT_REJECTED', `CSENet header: ${h.message}`, h.details);
  const v = h.value;
  const errors: ErrorDetail[] = [];
  if (v.csenet_version !== CSENET_VERSION) errors.push(at('header/csenet_version', `CSENet header, csenet_version (positions 15-17): must be '${CSENET_VERSION}', found '${str(v.csenet_version)}'`));
  for (const [field, pos] of [['participant_count', 93], ['order_count', 94], ['collection_count', 95]] as const) {
    if (Number(v[field]) > MAX_REPEAT) errors.push(at(`header/${field}`, `CSENet header, ${field} (position ${pos}): at most ${MAX_REPEAT}`));
  }
  const plan: Array<{ layout: RecordLayout; path: string }> = [];
  if (v.case_data_ind === 1) plan.push({ layout: CASE_BLOCK, path: 'case' });
  if (v.ncp_identification_ind === 1) plan.push({ layout: NCP_IDENTIFICATION_BLOCK, path: 'ncp_identification' });
  if (v.ncp_locate_ind === 1) plan.push({ layout: NCP_LOCATE_BLOCK, path: 'ncp_locate' });
  for (let i = 1; i <= Number(v.participant_count); i++) plan.push({ layout: PARTICIPANT_BLOCK, path: `participant[${i}]` });
  for (let i = 1; i <= Number(v.order_count); i++) plan.push({ layout: ORDER_BLOCK, path: `order[${i}]` });
  for (let i = 1; i <= Number(v.collection_count); i++) plan.push({ layout: COLLECTION_BLOCK, path: `collection[${i}]` });
  if (v.information_ind === 1) plan.push({ layout: INFORMATION_BLOCK, path: 'information' });
  const expected = CSENET_HEADER.length + plan.reduce((n, p) => n + p.layout.length, 0);
  if (record.length !== expected) {
    errors.push(at('header', `the header announces ${plan.length} data block${plan.length === 1 ? '' : 's'} (${plan.map((p) => p.path).join(', ') || 'none'}), ${expected} characters in all, but the transaction is ${record.length} long`));
  }
  if (errors.length) return fail('IMPORT_REJECTED', `CSENet transaction: ${errors.length} problem${errors.length > 1 ? 's' : ''}`, errors);

  const t: CsenetTransaction = {
    header: {
      localFips: { state: str(v.local_fips_state), county: str(v.local_fips_county), sub: str(v.local_fips_sub) },
      otherFips: { state: str(v.other_fips_state), county: str(v.other_fips_county), sub: str(v.other_fips_sub) },
      serial: str(v.transaction_serial),
      action: str(v.action_code) as ActionCode,
      functionCode: str(v.functional_type_code) as FunctionCode,
      transactionDate: str(v.transaction_date),
      caseId: str(v.case_id).trim(),
      otherCaseId: str(v.other_case_id).trim(),
      reasonCode: str(v.action_reason_code).trim(),
      resolutionDate: opt(v.action_resolution_date),
      attachments: opt(v.attachments_ind) as 'Y' | 'N' | undefined,
      errorReasonCode: opt(v.error_reason_code),
      transactionType: opt(v.transaction_type),
      sentDate: opt(v.sent_date),
      sentTime: opt(v.sent_time),
      dueDate: opt(v.due_date),
      responseDate: opt(v.response_date),
      overdue: opt(v.overdue_ind) as 'Y' | 'N' | undefined,
    },
    participants: [],
    orders: [],
    collections: [],
  };
  let offset = CSENET_HEADER.length;
  for (const p of plan) {
    const r = decode(record.slice(offset, offset + p.layout.length), p.layout, line === undefined ? { path: p.path } : { path: p.path, line });
    offset += p.layout.length;
    if (!r.ok) {
      errors.push(...(r.details ?? []));
      continue;
    }
    if (p.layout === CASE_BLOCK) t.case = r.value;
    else if (p.layout === NCP_IDENTIFICATION_BLOCK) t.ncpIdentification = r.value;
    else if (p.layout === NCP_LOCATE_BLOCK) t.ncpLocate = r.value;
    else if (p.layout === PARTICIPANT_BLOCK) t.participants.push(r.value);
    else if (p.layout === ORDER_BLOCK) t.orders.push(r.value);
    else if (p.layout === COLLECTION_BLOCK) t.collections.push(r.value);
    else t.information = r.value;
  }
  if (errors.length) return fail('IMPORT_REJECTED', `CSENet transaction: ${errors.length} problem${errors.length > 1 ? 's' : ''}`, errors);
  return ok(t);
}
