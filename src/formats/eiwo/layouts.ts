/**
 * e-IWO record layouts (OMB 0970-0154), one table per record type.
 *
 * Source: shared/reference/file-formats.md section 1 (1.2 header, 1.3 trailer, 1.4 DTL, 1.5 ACK). Rows
 * marked [OCSE] come from the official Chart D-3 excerpt; the rest from the Kansas writer/reader
 * (SWEXLW07 2021, SWEXLR07 2016). Where the reference marks a position unverified or in conflict, the row
 * says so in `note`; to correct a position, change the row here: the codec reads nothing else.
 *
 * Dates that a sender may leave empty are `digits` (not dates): Kansas writes "00000000" for "none" (see
 * the ACK sample in 1.7), which the typed reader in eiwo.ts turns into "no date".
 */
import { defineLayout, type FieldSpec, type RecordLayout } from '../fixed-width.ts';

/** DTL files (state to employer): every record, headers and trailers included, is this long [KS 2021]. */
export const EIWO_DTL_RECORD_LENGTH = 2406;
/** ACK files (employer to state) [KS 2016]. */
export const EIWO_ACK_RECORD_LENGTH = 573;

const SOURCE = 'file-formats.md 1 (OCSE Chart D-3 excerpt; Kansas SWEXLW07 2021 / SWEXLR07 2016)';

export const DOCUMENT_ACTION_CODES = ['ORG', 'AMD', 'TRM', 'LUM'] as const;
export type DocumentActionCode = (typeof DOCUMENT_ACTION_CODES)[number];
/** ACKs also carry EMP: an acknowledgment the employer starts itself (termination, lump sum) [KS]. */
export const ACK_ACTION_CODES = [...DOCUMENT_ACTION_CODES, 'EMP'] as const;
export type AckActionCode = (typeof ACK_ACTION_CODES)[number];

/** Header document codes (1.1): FH/BH + I (IWO), A (acknowledgment), K, S, R. */
export const HEADER_CODES = ['FHI', 'BHI', 'FHA', 'BHA', 'FHK', 'BHK', 'FHS', 'BHS', 'FHR', 'BHR'] as const;
export const TRAILER_CODES = ['FTI', 'BTI', 'FTA', 'BTA', 'FTK', 'BTK', 'FTS', 'BTS', 'FTR', 'BTR'] as const;

const headerFields = (length: number): FieldSpec[] => [
  { name: 'document_code', start: 1, length: 3, kind: 'alpha', required: true, allowed: HEADER_CODES, note: '[OCSE]' },
  { name: 'control_number', start: 4, length: 22, kind: 'alpha', required: true, note: '[OCSE]' },
  { name: 'state_fips_code', start: 26, length: 5, kind: 'digits', note: '[KS 2021]' },
  { name: 'ein', start: 31, length: 9, kind: 'digits', required: false, note: '[KS 2021] blank on FHI' },
  { name: 'primary_ein', start: 40, length: 9, kind: 'digits', required: false, note: '[KS 2021]' },
  { name: 'creation_date', start: 49, length: 8, kind: 'date_ccyymmdd', note: '[KS 2021]' },
  // HHMMSS: the engine has no seconds kind; eiwo.ts checks the clock value.
  { name: 'creation_time', start: 57, length: 6, kind: 'digits', note: '[KS 2021]' },
  { name: 'error_field_name', start: 63, length: 18, kind: 'alpha', note: '[KS 2021] portal-filled' },
  { name: 'filler', start: 81, length: length - 80, kind: 'blank' },
];

const trailerFields = (length: number): FieldSpec[] => [
  { name: 'document_code', start: 1, length: 3, kind: 'alpha', required: true, allowed: TRAILER_CODES, note: '[KS 2016/2021]' },
  { name: 'control_number', start: 4, length: 22, kind: 'alpha', required: true },
  { name: 'batch_count', start: 26, length: 5, kind: 'numeric' },
  { name: 'record_count', start: 31, length: 5, kind: 'numeric' },
  { name: 'employer_sent_count', start: 36, length: 5, kind: 'numeric' },
  { name: 'state_sent_count', start: 41, length: 5, kind: 'numeric' },
  { name: 'error_field_name', start: 46, length: 18, kind: 'alpha' },
  { name: 'filler', start: 64, length: length - 63, kind: 'blank' },
];

/** FHI/BHI (and FHA/BHA…) padded to the DTL record length [KS 2021]. */
export const EIWO_HEADER = defineLayout({ key: 'header', title: 'e-IWO header (FHI/BHI)', length: EIWO_DTL_RECORD_LENGTH, fields: headerFields(EIWO_DTL_RECORD_LENGTH), source: SOURCE });
export const EIWO_TRAILER = defineLayout({ key: 'trailer', title: 'e-IWO trailer (BTI/FTI)', length: EIWO_DTL_RECORD_LENGTH, fields: trailerFields(EIWO_DTL_RECORD_LENGTH), source: SOURCE });
/** FHA/BHA padded to the ACK record length [KS 2016]. */
export const ACK_HEADER = defineLayout({ key: 'header', title: 'e-IWO acknowledgment header (FHA/BHA)', length: EIWO_ACK_RECORD_LENGTH, fields: headerFields(EIWO_ACK_RECORD_LENGTH), source: SOURCE });
export const ACK_TRAILER = defineLayout({ key: 'trailer', title: 'e-IWO acknowledgment trailer (BTA/FTA)', length: EIWO_ACK_RECORD_LENGTH, fields: trailerFields(EIWO_ACK_RECORD_LENGTH), source: SOURCE });

/** One support line on the order: amount (11 digits, 2 implied decimals) then a 1-character frequency. */
const amountFreq = (name: string, start: number, note?: string): FieldSpec[] => [
  { name: `${name}_amount`, start, length: 11, kind: 'numeric', required: false, ...(note ? { note } : {}) },
  // Frequency code list is [unverified] (Kansas only writes M); not restricted here, see eiwo.ts.
  { name: `${name}_frequency`, start: start + 11, length: 1, kind: 'alpha', note: 'code list [unverified]' },
];

const contactBlock = (prefix: string, start: number): FieldSpec[] => [
  { name: `${prefix}_address_1`, start, length: 25, kind: 'alpha' },
  { name: `${prefix}_address_2`, start: start + 25, length: 25, kind: 'alpha' },
  { name: `${prefix}_city`, start: start + 50, length: 22, kind: 'alpha' },
  { name: `${prefix}_state`, start: start + 72, length: 2, kind: 'alpha' },
  { name: `${prefix}_zip`, start: start + 74, length: 5, kind: 'digits', required: false },
  { name: `${prefix}_zip4`, start: start + 79, length: 4, kind: 'digits', required: false },
];

export const CHILD_GROUP_START = 1816;
export const CHILD_GROUP_LENGTH = 62;
export const MAX_CHILDREN = 6;

const childGroup = (n: number): FieldSpec[] => {
  const s = CHILD_GROUP_START + CHILD_GROUP_LENGTH * (n - 1);
  return [
    { name: `child_${n}_last_name`, start: s, length: 20, kind: 'alpha' },
    { name: `child_${n}_first_name`, start: s + 20, length: 15, kind: 'alpha' },
    { name: `child_${n}_middle_name`, start: s + 35, length: 15, kind: 'alpha' },
    { name: `child_${n}_suffix`, start: s + 50, length: 4, kind: 'alpha' },
    { name: `child_${n}_birth_date`, start: s + 54, length: 8, kind: 'digits', required: false, sensitive: true },
  ];
};

/** DTL, 2,406 bytes. Rows up to Employer Address Line 1 (1-184) are [OCSE]; the rest [KS 2021]. */
export const EIWO_DTL = defineLayout({
  key: 'dtl',
  title: 'e-IWO detail (DTL)',
  length: EIWO_DTL_RECORD_LENGTH,
  source: SOURCE,
  fields: [
    { name: 'document_code', start: 1, length: 3, kind: 'constant', value: 'DTL', note: '[OCSE]' },
    { name: 'filler_4', start: 4, length: 3, kind: 'blank', note: '[OCSE] future use' },
    { name: 'document_action_code', start: 7, length: 3, kind: 'alpha', required: true, allowed: DOCUMENT_ACTION_CODES, note: '[OCSE] 1a-1d' },
    { name: 'document_date', start: 10, length: 8, kind: 'date_ccyymmdd', note: '[OCSE] 1e' },
    { name: 'issuing_state_name', start: 18, length: 35, kind: 'alpha', required: true, note: '[OCSE] 1g' },
    { name: 'issuing_jurisdiction_name', start: 53, length: 35, kind: 'alpha', note: '[OCSE] 1i' },
    { name: 'case_id', start: 88, length: 15, kind: 'alpha', required: true, note: '[OCSE] 1l' },
    { name: 'employer_name', start: 103, length: 57, kind: 'alpha', required: true, note: '[OCSE] 2a' },
    { name: 'employer_address_1', start: 160, length: 25, kind: 'alpha', note: '[OCSE] 2b' },
    { name: 'employer_address_2', start: 185, length: 25, kind: 'alpha' },
    { name: 'employer_city', start: 210, length: 22, kind: 'alpha' },
    { name: 'employer_state', start: 232, length: 2, kind: 'alpha' },
    { name: 'employer_zip', start: 234, length: 5, kind: 'digits', required: false },
    { name: 'employer_zip4', start: 239, length: 4, kind: 'digits', required: false },
    { name: 'employer_ein', start: 243, length: 9, kind: 'digits', note: '[KS 2021], also SWEXLR06 2015' },
    { name: 'employee_last_name', start: 252, length: 20, kind: 'alpha', required: true },
    { name: 'employee_first_name', start: 272, length: 15, kind: 'alpha', required: true },
    { name: 'employee_middle_name', start: 287, length: 15, kind: 'alpha' },
    { name: 'employee_suffix', start: 302, length: 4, kind: 'alpha' },
    { name: 'employee_ssn', start: 306, length: 9, kind: 'digits', sensitive: true },
    { name: 'employee_birth_date', start: 315, length: 8, kind: 'digits', required: false, sensitive: true },
    { name: 'obligee_last_name', start: 323, length: 57, kind: 'alpha', note: '57 wide in Kansas' },
    { name: 'obligee_first_name', start: 380, length: 15, kind: 'alpha' },
    { name: 'obligee_middle_name', start: 395, length: 15, kind: 'alpha' },
    { name: 'obligee_suffix', start: 410, length: 4, kind: 'alpha' },
    { name: 'issuing_tribunal_name', start: 414, length: 35, kind: 'alpha' },
    ...amountFreq('current_child_support', 449),
    ...amountFreq('past_due_child_support', 461),
    ...amountFreq('current_medical_support', 473),
    ...amountFreq('past_due_medical_support', 485),
    ...amountFreq('current_spousal_support', 497),
    ...amountFreq('past_due_spousal_support', 509),
    ...amountFreq('other_obligation', 521),
    { name: 'other_obligation_description', start: 533, length: 35, kind: 'alpha' },
    ...amountFreq('total_withhold', 568),
    { name: 'arrears_over_12_weeks', start: 580, length: 1, kind: 'alpha', allowed: ['Y', 'N'] },
    { name: 'withhold_per_weekly', start: 581, length: 11, kind: 'numeric', required: false },
    { name: 'withhold_per_biweekly', start: 592, length: 11, kind: 'numeric', required: false },
    { name: 'withhold_per_semimonthly', start: 603, length: 11, kind: 'numeric', required: false },
    { name: 'withhold_per_monthly', start: 614, length: 11, kind: 'numeric', required: false },
    { name: 'employment_state_name', start: 625, length: 35, kind: 'alpha' },
    { name: 'begin_within_days', start: 660, length: 2, kind: 'numeric', required: false },
    { name: 'withholding_start_date', start: 662, length: 8, kind: 'digits', required: false },
    { name: 'send_payment_within_days', start: 670, length: 2, kind: 'numeric', required: false },
    { name: 'ccpa_percent', start: 672, length: 2, kind: 'numeric', required: false },
    { name: 'payee_name', start: 674, length: 57, kind: 'alpha' },
    ...contactBlock('payee', 731),
    { name: 'payee_remittance_fips', start: 814, length: 7, kind: 'digits', required: false },
    { name: 'official_name', start: 821, length: 70, kind: 'alpha' },
    { name: 'official_title', start: 891, length: 50, kind: 'alpha' },
    { name: 'filler_941', start: 941, length: 1, kind: 'blank' },
    { name: 'send_employee_copy', start: 942, length: 1, kind: 'alpha', allowed: ['Y', 'N'] },
    { name: 'penalty_liability_text', start: 943, length: 160, kind: 'alpha' },
    { name: 'anti_discrimination_text', start: 1103, length: 160, kind: 'alpha' },
    { name: 'payee_withholding_limits_text', start: 1263, length: 160, kind: 'alpha' },
    { name: 'employee_contact_name', start: 1423, length: 57, kind: 'alpha' },
    { name: 'employee_contact_phone', start: 1480, length: 10, kind: 'digits', required: false },
    { name: 'employee_contact_fax', start: 1490, length: 10, kind: 'digits', required: false },
    { name: 'employee_contact_email', start: 1500, length: 48, kind: 'alpha' },
    { name: 'document_tracking_number', start: 1548, length: 30, kind: 'alpha', required: true, note: '[KS 2021], also SWEXLR06 2015' },
    { name: 'order_identifier', start: 1578, length: 30, kind: 'alpha', required: true, note: '[KS 2021], also SWEXLR06 2015' },
    { name: 'employer_contact_name', start: 1608, length: 57, kind: 'alpha' },
    ...contactBlock('employer_contact', 1665),
    { name: 'employer_contact_phone', start: 1748, length: 10, kind: 'digits', required: false },
    { name: 'employer_contact_fax', start: 1758, length: 10, kind: 'digits', required: false },
    { name: 'employer_contact_email', start: 1768, length: 48, kind: 'alpha' },
    ...childGroup(1),
    ...childGroup(2),
    ...childGroup(3),
    ...childGroup(4),
    ...childGroup(5),
    ...childGroup(6),
    { name: 'lump_sum_amount', start: 2188, length: 11, kind: 'numeric', required: false, note: 'form field 14' },
    { name: 'filler_2199', start: 2199, length: 9, kind: 'blank' },
    { name: 'remittance_identifier', start: 2208, length: 20, kind: 'alpha' },
    { name: 'document_image_text', start: 2228, length: 25, kind: 'alpha' },
    // Conflict: SWEXLR06 (2015) reads error field names at 2253-2317 here; SWEXLW07 (2021) writes this.
    { name: 'start_instructions', start: 2253, length: 8, kind: 'alpha', note: '[KS 2021] conflicts with SWEXLR06 error fields' },
    { name: 'filler_2261', start: 2261, length: 146, kind: 'alpha', note: 'filler; not required blank because of the 2253+ conflict' },
  ],
});

/** ACK, 573 bytes. Rows 1-6 [OCSE 2011/2020]; the rest [KS 2016 SWEXLR07]. */
export const EIWO_ACK = defineLayout({
  key: 'ack',
  title: 'e-IWO acknowledgment (ACK)',
  length: EIWO_ACK_RECORD_LENGTH,
  source: SOURCE,
  fields: [
    { name: 'document_code', start: 1, length: 3, kind: 'constant', value: 'ACK' },
    { name: 'document_action_code', start: 4, length: 3, kind: 'alpha', required: true, allowed: ACK_ACTION_CODES, note: 'whether 4-6 is still the action code after 2016 is [unverified]' },
    { name: 'case_id', start: 7, length: 15, kind: 'alpha', required: true },
    { name: 'employer_ein', start: 22, length: 9, kind: 'digits' },
    { name: 'employee_last_name', start: 31, length: 20, kind: 'alpha' },
    { name: 'employee_first_name', start: 51, length: 15, kind: 'alpha' },
    { name: 'employee_middle_name', start: 66, length: 15, kind: 'alpha' },
    { name: 'employee_suffix', start: 81, length: 4, kind: 'alpha' },
    { name: 'employee_ssn', start: 85, length: 9, kind: 'digits', sensitive: true },
    { name: 'document_tracking_number', start: 94, length: 30, kind: 'alpha' },
    { name: 'order_identifier', start: 124, length: 30, kind: 'alpha' },
    { name: 'disposition_status_code', start: 154, length: 2, kind: 'alpha', required: true, allowed: ['A', 'R', 'L', 'S', 'T'] },
    // Kansas left-trims it, so it may be right-justified; eiwo.ts trims before checking the code list.
    { name: 'disposition_reason_code', start: 156, length: 3, kind: 'alpha' },
    { name: 'filler_159', start: 159, length: 1, kind: 'blank' },
    { name: 'termination_date', start: 160, length: 8, kind: 'digits', required: false },
    { name: 'ncp_address_1', start: 168, length: 25, kind: 'alpha', sensitive: true },
    { name: 'ncp_address_2', start: 193, length: 25, kind: 'alpha', sensitive: true },
    { name: 'ncp_city', start: 218, length: 22, kind: 'alpha' },
    { name: 'ncp_state', start: 240, length: 2, kind: 'alpha' },
    { name: 'ncp_zip', start: 242, length: 5, kind: 'digits', required: false },
    { name: 'ncp_zip4', start: 247, length: 4, kind: 'digits', required: false },
    { name: 'final_payment_date', start: 251, length: 8, kind: 'digits', required: false },
    { name: 'final_payment_amount', start: 259, length: 11, kind: 'numeric', required: false },
    { name: 'new_employer_name', start: 270, length: 57, kind: 'alpha' },
    { name: 'new_employer_address_1', start: 327, length: 25, kind: 'alpha' },
    { name: 'new_employer_address_2', start: 352, length: 25, kind: 'alpha' },
    { name: 'new_employer_city', start: 377, length: 22, kind: 'alpha' },
    { name: 'new_employer_state', start: 399, length: 2, kind: 'alpha' },
    { name: 'new_employer_zip', start: 401, length: 5, kind: 'digits', required: false },
    { name: 'new_employer_zip4', start: 406, length: 4, kind: 'digits', required: false },
    { name: 'lump_sum_payment_date', start: 410, length: 8, kind: 'digits', required: false },
    { name: 'lump_sum_payment_amount', start: 418, length: 11, kind: 'numeric', required: false },
    { name: 'lump_sum_payment_type', start: 429, length: 35, kind: 'alpha' },
    { name: 'ncp_phone_area_code', start: 464, length: 3, kind: 'digits', required: false, sensitive: true },
    { name: 'ncp_phone_number', start: 467, length: 7, kind: 'digits', required: false, sensitive: true },
    { name: 'error_field_name_1', start: 474, length: 32, kind: 'alpha' },
    { name: 'error_field_name_2', start: 506, length: 32, kind: 'alpha' },
    { name: 'multiple_error_indicator', start: 538, length: 1, kind: 'alpha' },
    { name: 'corrected_ein', start: 539, length: 9, kind: 'digits', required: false, note: 'required with reason W' },
    { name: 'multiple_iwo_state_code', start: 548, length: 2, kind: 'alpha', note: 'required with reason M' },
    { name: 'filler_550', start: 550, length: 24, kind: 'blank' },
  ],
});

/** Disposition reason codes (1.6). `Z` has no confirmed meaning and is accepted only on TRM. */
export const DISPOSITION_REASONS = Object.freeze({
  B: { statuses: ['A', 'R'], meaning: 'SSN matches an employee but the name differs' },
  S: { statuses: ['A', 'R'], meaning: 'Not currently working or in suspense (leave, between assignments)' },
  W: { statuses: ['A', 'R'], meaning: 'Wrong FEIN; the corrected EIN is given' },
  D: { statuses: ['R'], meaning: 'Duplicate IWO' },
  M: { statuses: ['R'], meaning: 'An IWO from another state is already in place' },
  N: { statuses: ['R'], meaning: 'No longer employed' },
  U: { statuses: ['R'], meaning: 'Not an employee / unknown' },
  O: { statuses: ['R'], meaning: 'Other' },
  X: { statuses: ['R'], meaning: 'Unable to process' },
  Z: { statuses: ['R'], meaning: 'Accepted on TRM only; meaning unverified' },
} as const satisfies Record<string, { statuses: readonly string[]; meaning: string }>);
export type DispositionReason = keyof typeof DISPOSITION_REASONS;

export const EIWO_LAYOUTS: readonly RecordLayout[] = [EIWO_HEADER, EIWO_TRAILER, ACK_HEADER, ACK_TRAILER, EIWO_DTL, EIWO_ACK];

/**
 * Field rules beyond widths and kinds, checked on every record before a file is written (and on every
 * record read). `source` says where each rule comes from:
 * - [OCSE D-3 2020]: read from the OMB 0970-0154 2020 Chart D-3 (rows 1-184; the stored copy could not be
 *   read past Employer Address Line 1, see docs/file-formats.md).
 * - [OCSE D-4 2011]: Chart D-4 as published in 2011 (the first rows only).
 * - [form]: the IWO form (OMB 0970-0154) needs it to be sent or paid (the employer's mailing address,
 *   the payee's remittance address); the chart rows for these were not read, so they are our decision.
 * - [KS]: the Kansas writer/reader always fills it.
 */
export type EiwoFieldRuleKind = 'required' | 'first_letter_or_digit' | 'no_leading_space' | 'no_backslash_or_asterisk';
export interface EiwoFieldRule {
  readonly field: string;
  readonly rules: readonly EiwoFieldRuleKind[];
  readonly source: string;
}

export const DTL_RULES: readonly EiwoFieldRule[] = Object.freeze([
  { field: 'document_action_code', rules: ['required'], source: '[OCSE D-3 2020]' },
  { field: 'document_date', rules: ['required'], source: '[OCSE D-3 2020]' },
  { field: 'issuing_state_name', rules: ['required', 'no_leading_space'], source: '[OCSE D-3 2020]' },
  { field: 'case_id', rules: ['required', 'no_leading_space', 'no_backslash_or_asterisk'], source: '[OCSE D-3 2020]' },
  { field: 'employer_name', rules: ['required', 'first_letter_or_digit'], source: '[OCSE D-3 2020]' },
  { field: 'employer_address_1', rules: ['required', 'first_letter_or_digit'], source: '[OCSE D-3 2020]' },
  { field: 'employer_city', rules: ['required'], source: '[form]' },
  { field: 'employer_state', rules: ['required'], source: '[form]' },
  { field: 'employer_zip', rules: ['required'], source: '[form]' },
  { field: 'employer_ein', rules: ['required'], source: '[KS]' },
  { field: 'employee_last_name', rules: ['required'], source: '[KS]' },
  { field: 'employee_first_name', rules: ['required'], source: '[KS]' },
  { field: 'employee_ssn', rules: ['required'], source: '[KS]' },
  { field: 'total_withhold_frequency', rules: ['required'], source: '[form]' },
  { field: 'payee_name', rules: ['required', 'first_letter_or_digit'], source: '[form]' },
  { field: 'payee_address_1', rules: ['required', 'first_letter_or_digit'], source: '[form]' },
  { field: 'payee_city', rules: ['required'], source: '[form]' },
  { field: 'payee_state', rules: ['required'], source: '[form]' },
  { field: 'payee_zip', rules: ['required'], source: '[form]' },
  { field: 'document_tracking_number', rules: ['required', 'no_leading_space'], source: '[KS]' },
  { field: 'order_identifier', rules: ['required', 'no_leading_space'], source: '[KS]' },
]);

export const ACK_RULES: readonly EiwoFieldRule[] = Object.freeze([
  { field: 'document_action_code', rules: ['required'], source: '[OCSE D-4 2011]' },
  { field: 'case_id', rules: ['required', 'no_leading_space', 'no_backslash_or_asterisk'], source: '[KS]' },
  { field: 'employer_ein', rules: ['required'], source: '[KS]' },
  { field: 'employee_last_name', rules: ['required'], source: '[KS]' },
  { field: 'employee_ssn', rules: ['required'], source: '[KS]' },
  { field: 'disposition_status_code', rules: ['required'], source: '[KS]' },
]);

const RULE_TEXT: Record<EiwoFieldRuleKind, string> = {
  required: 'is required',
  first_letter_or_digit: 'must start with a letter or a digit',
  no_leading_space: 'must not start with a space',
  no_backslash_or_asterisk: 'must not hold a backslash (\\) or an asterisk (*)',
};

/** Every broken rule of one record's values, as (field, message) pairs naming the positions. */
export function fieldRuleProblems(values: Readonly<Record<string, string | number | undefined>>, layout: RecordLayout, rules: readonly EiwoFieldRule[]): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const r of rules) {
    const spec = layout.fields.find((f) => f.name === r.field);
    if (!spec) throw new Error(`rule for unknown field ${r.field} of ${layout.key}`);
    const raw = values[r.field];
    const text = raw === undefined ? '' : String(raw);
    const where = `${layout.title}, ${r.field} (positions ${spec.start}-${spec.start + spec.length - 1})`;
    for (const kind of r.rules) {
      const broken =
        kind === 'required' ? text.trim() === '' : text === '' ? false : kind === 'first_letter_or_digit' ? !/^[A-Za-z0-9]/.test(text) : kind === 'no_leading_space' ? /^\s/.test(text) : /[\\*]/.test(text);
      if (broken) {
        out.push({ field: r.field, message: `${where}: ${RULE_TEXT[kind]} ${r.source}` });
        break;
      }
    }
  }
  return out;
}
