/**
 * Financial Institution Data Match (FIDM) record layouts, one table per record type: the match file a
 * financial institution returns (A institution, B matched account, T total), the layout OCSE's
 * Multistate FIDM specification uses and that States' own in-state FIDM programs are "patterned after"
 * (e.g. California FTB, Pennsylvania's addendum uses it as is); and the inquiry file the State sends
 * out (D date, I inquiry, T total).
 *
 * How sure each row is (docs/enforcement.md "FIDM"):
 * - [OCSE]: OCSE "Supplement to Financial Data Match Specifications Handbook" (TCC-02-06a) and the
 *   Pennsylvania FIDM addendum, as given in shared/reference/file-formats.md (corrections, 2026-12):
 *   A: institution TIN 7-15, name 50-89, data match indicator 371; B: matched SSN 15-23, matched name
 *   162-201, FIPS pass-back 322-326, account balance 351-357 in whole dollars with a trailing sign,
 *   balance indicator 361. The inquiry record length (99) is the handbook's own text.
 * - [unverified]: every other position, the record length of the match file (500 here; every known
 *   position fits), the account number and type positions and codes, and the inquiry fields. The stored
 *   copies of the charts could not be read past their first pages; these rows are OpenCSE's until the
 *   chart is at hand, and each is one row to correct.
 */
import { defineLayout, type FieldSpec, type RecordLayout } from '../fixed-width.ts';

/** [unverified] Every known position (up to 371) fits; the reader also takes records 372-750 long, see fidm.ts. */
export const FIDM_MATCH_RECORD_LENGTH = 500;
/** [OCSE handbook text] "All records will have a length of 99 characters". */
export const FIDM_INQUIRY_RECORD_LENGTH = 99;

const SOURCE = 'OCSE FIDM Specifications Handbook / MSFIDM supplement (TCC-02-06a), as in file-formats.md corrections; other rows [unverified]';
const match = (key: string, title: string, fields: FieldSpec[]): RecordLayout => defineLayout({ key, title, length: FIDM_MATCH_RECORD_LENGTH, fields, source: SOURCE });
const inquiry = (key: string, title: string, fields: FieldSpec[]): RecordLayout => defineLayout({ key, title, length: FIDM_INQUIRY_RECORD_LENGTH, fields, source: SOURCE });

/** [unverified] OpenCSE's account type codes until the handbook's code list is read. */
export const FIDM_ACCOUNT_TYPES = { CK: 'checking', SV: 'savings', MM: 'money market', CD: 'certificate of deposit', OT: 'other' } as const;
export type FidmAccountType = keyof typeof FIDM_ACCOUNT_TYPES;

/** A: the financial institution (one per institution, before its B records). */
export const FIDM_A = match('fidm_a', 'FIDM institution record (A)', [
  { name: 'record_type', start: 1, length: 1, kind: 'constant', value: 'A', note: '[OCSE]' },
  { name: 'payment_year', start: 2, length: 4, kind: 'numeric', required: false, note: '[unverified] CCYY, as the 1099 A record the handbook follows' },
  { name: 'filler_6', start: 6, length: 1, kind: 'alpha', note: '[unverified]' },
  { name: 'institution_tin', start: 7, length: 9, kind: 'digits', note: '[OCSE] 7-15' },
  { name: 'filler_16', start: 16, length: 34, kind: 'alpha', note: '[unverified]' },
  { name: 'institution_name', start: 50, length: 40, kind: 'alpha', required: true, note: '[OCSE] 50-89' },
  { name: 'filler_90', start: 90, length: 281, kind: 'alpha', note: '[unverified] address and contact fields, kept whole' },
  { name: 'data_match_indicator', start: 371, length: 1, kind: 'alpha', note: '[OCSE] 371; values [unverified]' },
  { name: 'filler_372', start: 372, length: 129, kind: 'alpha', note: '[unverified]' },
]);

/** B: one matched account (Method Two match file). */
export const FIDM_B = match('fidm_b', 'FIDM matched account record (B)', [
  { name: 'record_type', start: 1, length: 1, kind: 'constant', value: 'B', note: '[OCSE]' },
  { name: 'payment_year', start: 2, length: 4, kind: 'numeric', required: false, note: '[unverified] CCYY' },
  { name: 'filler_6', start: 6, length: 9, kind: 'alpha', note: '[unverified]' },
  { name: 'matched_ssn', start: 15, length: 9, kind: 'digits', sensitive: true, note: '[OCSE] 15-23' },
  { name: 'account_number', start: 24, length: 20, kind: 'alpha', required: true, sensitive: true, note: '[unverified] 24-43, after the SSN as in the 1099 B record' },
  { name: 'account_type', start: 44, length: 2, kind: 'alpha', required: true, allowed: Object.keys(FIDM_ACCOUNT_TYPES), note: '[unverified] position and codes' },
  { name: 'filler_46', start: 46, length: 116, kind: 'alpha', note: '[unverified]' },
  { name: 'matched_name', start: 162, length: 40, kind: 'alpha', required: true, note: '[OCSE] 162-201' },
  { name: 'filler_202', start: 202, length: 120, kind: 'alpha', note: '[unverified]' },
  { name: 'fips_pass_back', start: 322, length: 5, kind: 'alpha', note: '[OCSE] 322-326: the FIPS code the State sent on the inquiry' },
  { name: 'filler_327', start: 327, length: 24, kind: 'alpha', note: '[unverified]' },
  { name: 'account_balance', start: 351, length: 7, kind: 'alpha', required: true, note: '[OCSE] 351-357 whole dollars, trailing sign; read in fidm.ts' },
  { name: 'filler_358', start: 358, length: 3, kind: 'alpha', note: '[unverified]' },
  { name: 'balance_indicator', start: 361, length: 1, kind: 'alpha', note: '[OCSE] 361; values [unverified]' },
  { name: 'filler_362', start: 362, length: 139, kind: 'alpha', note: '[unverified]' },
]);

/** T: totals of the match file. */
export const FIDM_T = match('fidm_t', 'FIDM total record (T)', [
  { name: 'record_type', start: 1, length: 1, kind: 'constant', value: 'T', note: '[OCSE]' },
  { name: 'b_record_count', start: 2, length: 8, kind: 'numeric', note: '[unverified] position' },
  { name: 'filler_10', start: 10, length: 491, kind: 'alpha', note: '[unverified]' },
]);

/** D: the inquiry file's date record. */
export const FIDM_INQUIRY_D = inquiry('fidm_inquiry_d', 'FIDM inquiry date record (D)', [
  { name: 'record_type', start: 1, length: 1, kind: 'constant', value: 'D', note: '[OCSE] "a record identifying the year and month the file was created"' },
  { name: 'year', start: 2, length: 4, kind: 'numeric', note: '[unverified] position' },
  { name: 'month', start: 6, length: 2, kind: 'numeric', note: '[unverified] position' },
  { name: 'state_fips', start: 8, length: 5, kind: 'digits', note: '[unverified] OpenCSE: the sending State' },
  { name: 'filler', start: 13, length: 87, kind: 'blank' },
]);

/** I: one person to match. */
export const FIDM_INQUIRY_I = inquiry('fidm_inquiry_i', 'FIDM inquiry record (I)', [
  { name: 'record_type', start: 1, length: 1, kind: 'constant', value: 'I', note: '[OCSE]' },
  { name: 'ssn', start: 2, length: 9, kind: 'digits', sensitive: true, note: '[unverified] position' },
  { name: 'last_name', start: 11, length: 20, kind: 'alpha', required: true, note: '[unverified]' },
  { name: 'first_name', start: 31, length: 15, kind: 'alpha', note: '[unverified]' },
  { name: 'fips_pass_back', start: 46, length: 5, kind: 'alpha', note: '[unverified] returned on the B record at 322-326' },
  { name: 'filler', start: 51, length: 49, kind: 'blank' },
]);

/** T: the number of inquiry records. */
export const FIDM_INQUIRY_T = inquiry('fidm_inquiry_t', 'FIDM inquiry total record (T)', [
  { name: 'record_type', start: 1, length: 1, kind: 'constant', value: 'T', note: '[OCSE]' },
  { name: 'inquiry_count', start: 2, length: 9, kind: 'numeric', note: '[unverified] position' },
  { name: 'filler', start: 11, length: 89, kind: 'blank' },
]);

export const FIDM_LAYOUTS: readonly RecordLayout[] = [FIDM_A, FIDM_B, FIDM_T, FIDM_INQUIRY_D, FIDM_INQUIRY_I, FIDM_INQUIRY_T];
