/**
 * Federal Offset Program (FOP) records, 245 bytes each, one table per record type.
 *
 * Source: shared/reference/file-formats.md section 4 and its corrections table. Submission positions 1-29
 * are [OCSE] (the reject chart echoes them); the rest is Kansas SWEXLE88 (2007). The collection/adjustment
 * record is OCSE's chart (Chart F-1 2019 / F-4 2022, output record specifications, OMB 0970-0161) for
 * positions 1-97, read from the published chart: the certified arrearage, collection and adjustment
 * amounts are 11 numeric positions each, "a signed positive numeric amount with two decimal places
 * assumed", with no sign byte. Positions 98-245 are Kansas SWEXFE99 (2021) with 225 [OCSE release 05-01];
 * the stored chart could not be read past 97. The control record of the collection file is assumed.
 */
import { defineLayout, type FieldSpec, type RecordLayout } from '../fixed-width.ts';

export const FOP_RECORD_LENGTH = 245;
const SOURCE = 'file-formats.md 4 (OCSE 1-29; Kansas SWEXLE88 2007, SWEXFE99 2021)';
const fop = (key: string, title: string, fields: FieldSpec[]): RecordLayout => defineLayout({ key, title, length: FOP_RECORD_LENGTH, fields, source: SOURCE });

/** Transaction types of the case submission (OCSE releases 02-02, 05-01, 07-01). `S` is [unverified]. */
export const FOP_TRANSACTION_TYPES = {
  A: 'Add new case',
  B: 'Change obligor name',
  C: 'Change case ID',
  D: 'Delete case',
  L: 'Change submitting-state local code',
  M: 'Modify (increase or decrease) amount',
  R: 'Replace exclusion indicators',
  T: 'Transfer for administrative review',
  /**
   * Listed in OCSE Chart E-1 (2016) with B, C, D, L, M, R, S and Z as a transaction whose key fields must
   * match the Case Master File, and used with the local code. Its meaning is [inferred]: release 04-01
   * ("a more efficient method for submitting case updates") -- one transaction carrying several changes.
   */
  U: 'Update case (several fields in one transaction) [meaning inferred]',
  Z: 'Change obligor address',
  S: 'State payment [unverified]',
} as const;
export type FopTransactionType = keyof typeof FOP_TRANSACTION_TYPES;

/** Offset exclusion codes, comma-separated in positions 188-227. INS and DCK letters are [unverified]. */
export const FOP_EXCLUSIONS = ['ADM', 'FIN', 'SAL', 'RET', 'PAS', 'TAX', 'VEN', 'INS', 'DCK'] as const;
export type FopExclusion = (typeof FOP_EXCLUSIONS)[number];

/** Case Submission and Update record (state to OCSE). */
export const FOP_CASE_SUBMISSION = fop('fop_case', 'FOP case submission record', [
  { name: 'submitting_state', start: 1, length: 2, kind: 'alpha', required: true, note: '[OCSE]' },
  { name: 'local_code', start: 3, length: 3, kind: 'alpha', note: '[OCSE]' },
  { name: 'ssn', start: 6, length: 9, kind: 'digits', sensitive: true, note: '[OCSE]' },
  { name: 'case_id', start: 15, length: 15, kind: 'alpha', required: true, note: '[OCSE]' },
  { name: 'last_name', start: 30, length: 20, kind: 'alpha', required: true, note: '[KS 2007]' },
  { name: 'first_name', start: 50, length: 15, kind: 'alpha', note: '[KS 2007]' },
  { name: 'amount_owed_dollars', start: 65, length: 8, kind: 'numeric', note: '[KS 2007] whole dollars, unsigned' },
  { name: 'transaction_type', start: 73, length: 1, kind: 'alpha', required: true, allowed: Object.keys(FOP_TRANSACTION_TYPES), note: '[OCSE releases]' },
  { name: 'case_type', start: 74, length: 1, kind: 'alpha', required: true, allowed: ['A', 'N'], note: 'A TANF, N non-TANF' },
  { name: 'transfer_state', start: 75, length: 2, kind: 'alpha', note: 'for T' },
  { name: 'transfer_local_code', start: 77, length: 3, kind: 'alpha', note: 'for T' },
  { name: 'process_year', start: 80, length: 4, kind: 'numeric', note: 'CCYY' },
  { name: 'address_line_1', start: 84, length: 30, kind: 'alpha' },
  { name: 'address_line_2', start: 114, length: 30, kind: 'alpha' },
  { name: 'city', start: 144, length: 25, kind: 'alpha' },
  { name: 'state', start: 169, length: 2, kind: 'alpha' },
  { name: 'zip', start: 171, length: 9, kind: 'alpha', note: 'ZIP (9), digits; blank when unknown' },
  { name: 'notice_date', start: 180, length: 8, kind: 'date_ccyymmdd', required: false, note: 'date the pre-offset notice was issued' },
  { name: 'offset_exclusion', start: 188, length: 40, kind: 'alpha', note: 'comma-separated codes, e.g. ADM,PAS' },
  { name: 'filler', start: 228, length: 18, kind: 'blank' },
]);

/** Submission control record [KS]: counts and whole-dollar totals of the TANF and non-TANF records. */
export const FOP_SUBMISSION_CONTROL = fop('fop_control', 'FOP submission control record', [
  { name: 'submitting_state', start: 1, length: 2, kind: 'alpha', required: true },
  { name: 'record_id', start: 3, length: 3, kind: 'constant', value: 'CTL' },
  { name: 'tanf_count', start: 6, length: 9, kind: 'numeric' },
  { name: 'non_tanf_count', start: 15, length: 9, kind: 'numeric' },
  { name: 'tanf_amount_dollars', start: 24, length: 11, kind: 'numeric' },
  { name: 'non_tanf_amount_dollars', start: 35, length: 11, kind: 'numeric' },
  { name: 'filler', start: 46, length: 200, kind: 'blank' },
]);

/** Collection and Adjustment record (OCSE to state). */
export const FOP_COLLECTION = fop('fop_collection', 'FOP collection/adjustment record', [
  { name: 'submitting_state', start: 1, length: 2, kind: 'alpha', required: true },
  { name: 'local_code', start: 3, length: 3, kind: 'alpha' },
  { name: 'ssn', start: 6, length: 9, kind: 'digits', sensitive: true },
  { name: 'case_id', start: 15, length: 15, kind: 'alpha', required: true },
  { name: 'last_name', start: 30, length: 20, kind: 'alpha' },
  { name: 'first_name', start: 50, length: 15, kind: 'alpha' },
  // Signed positive S9(9)V99 [OCSE F-1 2019]: digits; a COBOL sign in the last position's zone
  // (overpunch) is read too, see fop.ts. No separate sign byte.
  { name: 'arrearage_cents', start: 65, length: 11, kind: 'alpha', required: true, note: '[OCSE F-1] S9(9)V99, signed positive' },
  { name: 'collection_cents', start: 76, length: 11, kind: 'alpha', required: true, note: '[OCSE F-1] S9(9)V99, signed positive; zeros when an adjustment' },
  { name: 'adjustment_cents', start: 87, length: 11, kind: 'alpha', required: true, note: '[OCSE F-1] S9(9)V99, signed positive; zeros when a collection' },
  { name: 'adjustment_year', start: 98, length: 4, kind: 'numeric', required: false },
  { name: 'offset_tax_year', start: 102, length: 4, kind: 'numeric' },
  { name: 'joint_return', start: 106, length: 1, kind: 'alpha', allowed: ['Y', 'N', 'J', ''], note: 'ASSUMPTION: Y or J = joint return' },
  { name: 'case_type', start: 107, length: 1, kind: 'alpha', required: true, allowed: ['A', 'N'] },
  { name: 'transfer_state', start: 108, length: 2, kind: 'alpha' },
  { name: 'transfer_local_code', start: 110, length: 3, kind: 'alpha' },
  { name: 'names_on_return', start: 113, length: 35, kind: 'alpha' },
  { name: 'street', start: 148, length: 35, kind: 'alpha' },
  { name: 'city_state', start: 183, length: 25, kind: 'alpha' },
  { name: 'zip5', start: 208, length: 5, kind: 'digits', required: false },
  { name: 'zip4', start: 213, length: 4, kind: 'digits', required: false },
  { name: 'offset_type', start: 217, length: 3, kind: 'alpha', required: true, note: 'e.g. TAX, ADM [values unverified]' },
  { name: 'filler_220', start: 220, length: 5, kind: 'blank' },
  { name: 'injured_spouse', start: 225, length: 1, kind: 'alpha', allowed: ['Y', 'N', ''], note: '[OCSE 05-01]' },
  { name: 'filler_226', start: 226, length: 20, kind: 'blank' },
]);

/** ASSUMPTION: a control record closing the collection file, in the style of the reject control. */
export const FOP_COLLECTION_CONTROL = fop('fop_collection_control', 'FOP collection control record (assumed)', [
  { name: 'submitting_state', start: 1, length: 2, kind: 'alpha', required: true },
  { name: 'record_id', start: 3, length: 3, kind: 'constant', value: 'CTL' },
  { name: 'record_count', start: 6, length: 9, kind: 'numeric' },
  { name: 'filler', start: 15, length: 231, kind: 'blank' },
]);
