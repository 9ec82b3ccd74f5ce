/**
 * CSENet 2000 transaction layouts: the header and each data block, one table per record type.
 *
 * Source: shared/reference/file-formats.md section 5 (5.1 header, 5.2 data blocks), taken from the Kansas
 * writer SWEXIE01 (SI_EAB_FORMAT_CSENET_OUT_TRANS, generated 1999) and the OCSE IGD Appendix C excerpt for the
 * structure. Where the reference gives only a group ("3-81 payment address (25+25+18+2+5+4)") the group
 * is split into those lengths in that order; such rows say `[KS 1999, split]`. Where the reference marks a
 * position unverified the row says `[unverified]`. To correct a position, change the row here: the codec
 * reads nothing else, and `defineLayout` refuses a table whose fields do not tile the block exactly.
 *
 * Dates a sender may leave empty are optional dates (all spaces). Money is a 12-character signed
 * decimal with its point, `+99999999.99` (sign, 8 digits, point, 2 decimals), as Kansas writes and reads
 * it and other States' parsers expect (file-formats.md, corrections table): read as integer cents. A
 * plain 12-digit amount would be read by a partner as `+00001234.56` shifted, $1,234.56 as $12.34.
 */
import { defineLayout, type FieldSpec } from '../fixed-width.ts';

const SOURCE = 'file-formats.md 5 (Kansas SWEXIE01 1999; OCSE IGD Appendix C excerpt)';

export const CSENET_VERSION = '003';
/** Header + every block at its maximum count; the Kansas record is 8,482 with the new line. */
export const CSENET_MAX_LENGTH = 8481;

export const FUNCTION_CODES = ['LO1', 'LO2', 'CSI', 'ENF', 'MSC', 'PAT', 'EST', 'COL'] as const;
export type FunctionCode = (typeof FUNCTION_CODES)[number];
/** R request, P provide, A acknowledge, U update, C cancel; M reminder is [unverified]. */
export const ACTION_CODES = ['R', 'P', 'A', 'U', 'C', 'M'] as const;
export type ActionCode = (typeof ACTION_CODES)[number];

/** Consecutive fields from a list of [name, length, kind, extra], starting at `start`. */
type Row = [name: string, length: number, kind: FieldSpec['kind'], extra?: Partial<FieldSpec>];
function rows(start: number, list: readonly Row[], prefix = ''): FieldSpec[] {
  const out: FieldSpec[] = [];
  let at = start;
  for (const [name, length, kind, extra] of list) {
    out.push({ name: prefix + name, start: at, length, kind, ...(kind !== 'alpha' && kind !== 'blank' && kind !== 'constant' ? { required: false } : {}), ...extra });
    at += length;
  }
  return out;
}

/** Address, 79 characters: line 1 (25), line 2 (25), city (18), state (2), ZIP (5), ZIP+4 (4). */
const address = (prefix: string, note = '[KS 1999, split]'): Row[] => [
  [`${prefix}line1`, 25, 'alpha', { note }],
  [`${prefix}line2`, 25, 'alpha', { note }],
  [`${prefix}city`, 18, 'alpha', { note }],
  [`${prefix}state`, 2, 'alpha', { note }],
  [`${prefix}zip5`, 5, 'digits', { note }],
  [`${prefix}zip4`, 4, 'digits', { note }],
];
/** Name, 56 characters: last (21), first (16), middle (16), suffix (3): the Case contact (82-137, given so), NCP and participant names. */
const name = (prefix: string): Row[] => [
  [`${prefix}last`, 21, 'alpha', { note: '[KS 1999, split]' }],
  [`${prefix}first`, 16, 'alpha', { note: '[KS 1999, split]' }],
  [`${prefix}middle`, 16, 'alpha', { note: '[KS 1999, split]' }],
  [`${prefix}suffix`, 3, 'alpha', { note: '[KS 1999, split]' }],
];
/**
 * An NCP locate alias, 56 characters in ANOTHER order: first (16), middle (16), last (21), suffix (3);
 * alias 1 at 235-250, 251-266, 267-287, 288-290 [KS SWEXIE01; file-formats.md 5.2 "16/16/21/3"].
 */
const aliasName = (prefix: string): Row[] => [
  [`${prefix}first`, 16, 'alpha', { note: '[KS 1999] alias: first 16' }],
  [`${prefix}middle`, 16, 'alpha', { note: '[KS 1999] alias: middle 16' }],
  [`${prefix}last`, 21, 'alpha', { note: '[KS 1999] alias: last 21' }],
  [`${prefix}suffix`, 3, 'alpha', { note: '[KS 1999] alias: suffix 3' }],
];
/** Money: `+99999999.99`. */
const AMOUNT = 'signed_decimal' as const;
/** Employer, 172 characters: EIN 9, name 40, address 79, phone 10, effective / end dates, confirmed, wage quarter / year / amount. */
const employer = (prefix: string): Row[] => [
  [`${prefix}ein`, 9, 'digits', { sensitive: true }],
  [`${prefix}name`, 40, 'alpha'],
  ...address(`${prefix}`),
  [`${prefix}phone`, 10, 'digits'],
  [`${prefix}effective_date`, 8, 'date_ccyymmdd'],
  [`${prefix}end_date`, 8, 'date_ccyymmdd'],
  [`${prefix}confirmed`, 1, 'alpha', { allowed: ['Y', 'N'] }],
  [`${prefix}wage_quarter`, 1, 'numeric'],
  [`${prefix}wage_year`, 4, 'numeric'],
  [`${prefix}wage_amount_cents`, 12, AMOUNT],
];

// ---- header (127) ----------------------------------------------------------------------------------

const headerFields = rows(1, [
  ['local_fips_state', 2, 'digits', { required: true, note: '[KS 1999] sender' }],
  ['local_fips_county', 3, 'digits', { required: true }],
  ['local_fips_sub', 2, 'digits', { required: true }],
  ['other_fips_state', 2, 'digits', { required: true, note: '[KS 1999] receiver' }],
  ['other_fips_county', 3, 'digits', { required: true }],
  ['other_fips_sub', 2, 'digits', { required: true }],
  ['csenet_version', 3, 'digits', { required: true, note: "[KS 1999] '003'" }],
  ['transaction_serial', 12, 'digits', { required: true }],
  ['error_reason_code', 2, 'alpha', { note: '[unverified] may be a Kansas or network field' }],
  ['transaction_type', 2, 'alpha', { note: '[unverified] may be a Kansas or network field' }],
  ['action_code', 1, 'alpha', { required: true, allowed: ACTION_CODES, note: '[KS 1999]; M reminder [unverified]' }],
  ['functional_type_code', 3, 'alpha', { required: true, allowed: FUNCTION_CODES }],
  ['transaction_date', 8, 'date_ccyymmdd', { required: true }],
  ['case_id', 15, 'alpha', { note: "sender's case id" }],
  ['other_case_id', 15, 'alpha', { note: "receiver's case id, when known" }],
  ['action_reason_code', 5, 'alpha'],
  ['action_resolution_date', 8, 'date_ccyymmdd'],
  ['attachments_ind', 1, 'alpha', { allowed: ['Y', 'N'] }],
  ['case_data_ind', 1, 'numeric', { required: true, allowed: ['0', '1'] }],
  ['ncp_identification_ind', 1, 'numeric', { required: true, allowed: ['0', '1'] }],
  ['ncp_locate_ind', 1, 'numeric', { required: true, allowed: ['0', '1'] }],
  ['participant_count', 1, 'numeric', { required: true }],
  ['order_count', 1, 'numeric', { required: true }],
  ['collection_count', 1, 'numeric', { required: true }],
  ['information_ind', 1, 'numeric', { required: true, allowed: ['0', '1'] }],
  ['sent_date', 8, 'date_ccyymmdd', { note: '[unverified] positions 97-127' }],
  ['sent_time', 6, 'digits', { note: '[unverified] HHMMSS' }],
  ['due_date', 8, 'date_ccyymmdd', { note: '[unverified]' }],
  ['response_date', 8, 'date_ccyymmdd', { note: '[unverified]' }],
  ['overdue_ind', 1, 'alpha', { note: '[unverified]', allowed: ['Y', 'N'] }],
]);
export const CSENET_HEADER = defineLayout({ key: 'header', title: 'CSENet header', length: 127, fields: headerFields, source: SOURCE });

// ---- data blocks -----------------------------------------------------------------------------------

export const CASE_BLOCK = defineLayout({
  key: 'case',
  title: 'CSENet Case block',
  length: 351,
  source: SOURCE,
  fields: rows(1, [
    ['case_type', 1, 'alpha', { note: '[KS 1999] code table [unverified]' }],
    ['case_status', 1, 'alpha', { note: '[KS 1999] code table [unverified]' }],
    ...address('payment_'),
    ...name('contact_'),
    ...address('contact_'),
    ['contact_phone', 10, 'digits'],
    ['contact_phone_extension', 6, 'alpha'],
    ['responding_docket', 17, 'alpha'],
    ['fax', 10, 'digits'],
    ['internet_address', 35, 'alpha'],
    ['initiating_docket', 17, 'alpha'],
    ['send_payments_bank_account', 20, 'alpha', { sensitive: true }],
    ['send_payments_routing_code', 10, 'digits'],
    ['state_with_cej', 2, 'alpha'],
    ['payment_fips_state', 2, 'digits'],
    ['payment_fips_county', 3, 'digits'],
    ['payment_fips_sub', 2, 'digits'],
    ['nondisclosure_finding', 1, 'alpha', { allowed: ['Y', 'N'] }],
  ]),
});

export const NCP_IDENTIFICATION_BLOCK = defineLayout({
  key: 'ncp_identification',
  title: 'CSENet NCP Identification block',
  length: 181,
  source: SOURCE,
  fields: rows(1, [
    ...name('name_'),
    ['ssn', 9, 'digits', { sensitive: true }],
    ['date_of_birth', 8, 'date_ccyymmdd'],
    ['race', 1, 'alpha'],
    ['gender', 1, 'alpha', { allowed: ['M', 'F', 'U'] }],
    ['place_of_birth', 15, 'alpha'],
    ['height_feet', 1, 'numeric'],
    ['height_inches', 2, 'numeric'],
    ['weight', 3, 'numeric'],
    ['hair_color', 2, 'alpha'],
    ['eye_color', 2, 'alpha'],
    ['distinguishing_marks', 20, 'alpha'],
    ['alias_ssn1', 9, 'digits', { sensitive: true }],
    ['alias_ssn2', 9, 'digits', { sensitive: true }],
    ['possibly_dangerous', 1, 'alpha', { allowed: ['Y', 'N'] }],
    ['maiden_name', 21, 'alpha'],
    ['mothers_maiden_or_fathers_name', 21, 'alpha'],
  ]),
});

const locateFields = rows(1, [
  ...address('residential_'),
  ...address('mailing_'),
  ['residential_effective_date', 8, 'date_ccyymmdd', { note: '[KS 1999, split] 159-192 order of dates and flags' }],
  ['residential_end_date', 8, 'date_ccyymmdd', { note: '[KS 1999, split]' }],
  ['residential_confirmed', 1, 'alpha', { allowed: ['Y', 'N'], note: '[KS 1999, split]' }],
  ['mailing_effective_date', 8, 'date_ccyymmdd', { note: '[KS 1999, split]' }],
  ['mailing_end_date', 8, 'date_ccyymmdd', { note: '[KS 1999, split]' }],
  ['mailing_confirmed', 1, 'alpha', { allowed: ['Y', 'N'], note: '[KS 1999, split]' }],
  ['home_phone', 10, 'digits'],
  ['work_phone', 10, 'digits'],
  ['drivers_license_state', 2, 'alpha'],
  ['drivers_license_number', 20, 'alpha', { sensitive: true }],
  ...aliasName('alias1_'),
  ...aliasName('alias2_'),
  ...aliasName('alias3_'),
  // The reference gives no order for the spouse's name; the block's other names (NCP, participants) are
  // last/first/middle/suffix, so it is read so [unverified].
  ...name('spouse_'),
  ['occupation', 32, 'alpha'],
  ...employer('employer1_'),
  ['insurance_carrier', 36, 'alpha'],
  ['insurance_policy', 20, 'alpha', { sensitive: true }],
  ['last_addresses', 174, 'alpha', { note: '[unverified] 719-892 last residential and mailing addresses with dates, kept whole' }],
  ['last_employer', 135, 'alpha', { note: '[unverified] 893-1027 last employer with dates, kept whole' }],
  ...employer('employer2_'),
  ...employer('employer3_'),
  ['professional_licenses', 50, 'alpha'],
]);
export const NCP_LOCATE_BLOCK = defineLayout({ key: 'ncp_locate', title: 'CSENet NCP Locate block', length: 1421, source: SOURCE, fields: locateFields });

export const PARTICIPANT_BLOCK = defineLayout({
  key: 'participant',
  title: 'CSENet Participant block',
  length: 341,
  source: SOURCE,
  fields: rows(1, [
    ...name('name_'),
    ['date_of_birth', 8, 'date_ccyymmdd'],
    ['ssn', 9, 'digits', { sensitive: true }],
    ['gender', 1, 'alpha', { allowed: ['M', 'F', 'U'] }],
    ['race', 1, 'alpha'],
    ['relationship', 1, 'alpha', { note: '[KS 1999] code table [unverified]; OpenCSE writes C custodial party, N noncustodial parent, A alleged father, D dependent child' }],
    ['status', 1, 'alpha'],
    ['dependent_relation_to_cp', 1, 'alpha'],
    ...address('address_'),
    ['employer_name', 40, 'alpha'],
    ...address('employer_'),
    ['employer_ein', 9, 'digits', { sensitive: true }],
    ['address_confirmed', 1, 'alpha', { allowed: ['Y', 'N'], note: '[unverified] 286-303 order of flags and dates' }],
    ['address_confirmed_date', 8, 'date_ccyymmdd', { note: '[unverified]' }],
    ['employer_confirmed', 1, 'alpha', { allowed: ['Y', 'N'], note: '[unverified]' }],
    ['employer_confirmed_date', 8, 'date_ccyymmdd', { note: '[unverified]' }],
    ['work_phone', 10, 'digits'],
    ['place_of_birth', 25, 'alpha'],
    ['child_state_of_residence', 2, 'alpha'],
    ['dependent_paternity_status', 1, 'alpha', { note: '[OCSE] values added in release 08-02' }],
  ]),
});

const arrears = (prefix: string): Row[] => [
  [`${prefix}from_date`, 8, 'date_ccyymmdd', { note: '[KS 1999, split]' }],
  [`${prefix}thru_date`, 8, 'date_ccyymmdd', { note: '[KS 1999, split]' }],
  [`${prefix}amount_cents`, 12, AMOUNT, { note: '[KS 1999, split]' }],
];
export const ORDER_BLOCK = defineLayout({
  key: 'order',
  title: 'CSENet Order block',
  length: 254,
  source: SOURCE,
  fields: rows(1, [
    ['order_fips_state', 2, 'digits'],
    ['order_fips_county', 3, 'digits'],
    ['order_fips_sub', 2, 'digits'],
    ['order_id', 17, 'alpha'],
    ['filing_date', 8, 'date_ccyymmdd'],
    ['order_type', 1, 'alpha', { note: 'code table [unverified]; OpenCSE writes J judicial, A administrative' }],
    ['debt_type', 2, 'alpha', { note: 'code table [unverified]; OpenCSE writes CS child support' }],
    ['frequency', 1, 'alpha', { note: 'code table [unverified]; OpenCSE writes W, B, S, M' }],
    ['frequency_amount_cents', 12, AMOUNT],
    ['effective_date', 8, 'date_ccyymmdd'],
    ['end_date', 8, 'date_ccyymmdd'],
    ['cancel_date', 8, 'date_ccyymmdd'],
    ['arrears_frequency', 1, 'alpha', { note: '[KS 1999, split] 73-97' }],
    ['arrears_frequency_amount_cents', 12, AMOUNT, { note: '[KS 1999, split]' }],
    ['total_arrears_cents', 12, AMOUNT, { note: '[KS 1999, split]' }],
    ...arrears('afdc_arrears_'),
    ...arrears('non_afdc_arrears_'),
    ...arrears('foster_care_arrears_'),
    ...arrears('medical_arrears_'),
    ['medical_ordered', 1, 'alpha', { allowed: ['Y', 'N'] }],
    ['tribunal_case_number', 17, 'alpha'],
    ['date_of_last_payment', 8, 'date_ccyymmdd'],
    ['controlling_order', 1, 'alpha', { allowed: ['Y', 'N'] }],
    ['new_order', 1, 'alpha', { allowed: ['Y', 'N'] }],
    ['docket', 17, 'alpha'],
  ]),
});

export const COLLECTION_BLOCK = defineLayout({
  key: 'collection',
  title: 'CSENet Collection block',
  length: 70,
  source: SOURCE,
  fields: rows(1, [
    ['collection_date', 8, 'date_ccyymmdd', { required: true, note: '45 CFR 302.51(a): the responding SDU receipt date' }],
    ['posting_date', 8, 'date_ccyymmdd'],
    ['amount_cents', 12, AMOUNT, { required: true }],
    ['payment_source', 1, 'alpha', { note: 'code table [unverified]; OpenCSE writes W withholding, F federal offset, S state offset, U unemployment, R regular' }],
    ['payment_method', 1, 'alpha', { note: 'code table [unverified]; OpenCSE writes E electronic, C check' }],
    ['rdfi_id', 20, 'alpha'],
    ['rdfi_account', 20, 'alpha', { sensitive: true }],
  ]),
});

/**
 * The action reason code of a COL P (collection provided) transaction, by the kind of collection
 * forwarded. Data, so that a correction from the Interface Guidance Document's Appendix B ("Valid
 * Transactions") is one row here.
 *
 * - `CITAX`: federal income tax offset; seen in Kansas code (file-formats.md 5.3), meaning inferred [KS].
 * - `CPCOL`: any other collection (withholding, regular payment, state offset). [unverified]: no reason
 *   code for a non-tax collection is in the reference, and none could be confirmed in the public sources
 *   searched (OCSE release notes, Kansas code as indexed, state pages); `CPCOL` is OpenCSE's placeholder
 *   until Appendix B is at hand.
 */
export interface ColReasonRow {
  readonly code: string;
  /** `federal_tax_offset` when every collection in the transaction is one; `other` otherwise. */
  readonly collection: 'federal_tax_offset' | 'other';
  readonly meaning: string;
  readonly note: string;
}

export const COL_PROVIDE_REASON_CODES: readonly ColReasonRow[] = Object.freeze([
  { code: 'CITAX', collection: 'federal_tax_offset', meaning: 'federal income tax offset collection', note: '[KS] seen in Kansas code; meaning inferred' },
  { code: 'CPCOL', collection: 'other', meaning: 'non-tax collection forwarded to the initiating agency', note: '[unverified] OpenCSE placeholder; not confirmed in IGD Appendix B' },
]);

/** The COL P reason code for a transaction whose collections came from these receipt sources. */
export function colProvideReasonCode(receiptSources: readonly string[]): string {
  const kind = receiptSources.length > 0 && receiptSources.every((s) => s === 'federal_tax_offset') ? 'federal_tax_offset' : 'other';
  return COL_PROVIDE_REASON_CODES.find((r) => r.collection === kind)!.code;
}

export const INFORMATION_BLOCK = defineLayout({
  key: 'information',
  title: 'CSENet Information block',
  length: 416,
  source: SOURCE,
  fields: rows(1, [
    ['status_change_code', 1, 'alpha'],
    ['new_case_id', 15, 'alpha'],
    ['text_line1', 80, 'alpha'],
    ['text_line2', 80, 'alpha'],
    ['text_line3', 80, 'alpha'],
    ['text_line4', 80, 'alpha'],
    ['text_line5', 80, 'alpha'],
  ]),
});

