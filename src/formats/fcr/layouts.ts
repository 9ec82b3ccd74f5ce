/**
 * Federal Case Registry (FCR) input records (state to FCR, 640 bytes), the NDNH proactive-match /
 * locate response (FCR to state, 920 bytes), and the NDNH W-4 records (new hires), one table per record.
 *
 * Source: shared/reference/file-formats.md section 3. FCR positions are Kansas's (SWEXEW01 2000,
 * SWEXEW09 2009); NDNH response positions are Kansas SWEXIC03 (2001) for the W-4-relevant part only —
 * the rest of that record is kept as named `unmapped_*` text so that nothing is assumed about it. The
 * FCR header and trailer differ between the two Kansas versions: FCR_HEADER/FCR_TRAILER follow 2009 and
 * the 2000 variant is kept beside them, so the choice is one constant. To correct a position, change
 * the row here.
 */
import { defineLayout, type FieldSpec, type RecordLayout } from '../fixed-width.ts';

export const FCR_RECORD_LENGTH = 640;
export const FCR_RESPONSE_LENGTH = 920;

const SOURCE = 'file-formats.md 3 (Kansas SWEXEW01 2000 / SWEXEW09 2009 / SWEXIC03 2001; OCSE W-4 excerpt)';

const fcr = (key: string, title: string, fields: FieldSpec[]): RecordLayout => defineLayout({ key, title, length: FCR_RECORD_LENGTH, fields, source: SOURCE });

/** FC: Input Case Record (Add / Change / Delete) [KS 2000 & 2009, identical]. */
export const FCR_CASE = fcr('fcr_case', 'FCR input case record (FC)', [
  { name: 'record_identifier', start: 1, length: 2, kind: 'constant', value: 'FC' },
  { name: 'action_type_code', start: 3, length: 1, kind: 'alpha', required: true, allowed: ['A', 'C', 'D'] },
  { name: 'case_id', start: 4, length: 15, kind: 'alpha', required: true },
  { name: 'case_type', start: 19, length: 1, kind: 'alpha', required: true, allowed: ['F', 'N'] },
  { name: 'order_indicator', start: 20, length: 1, kind: 'alpha', required: true, allowed: ['Y', 'N'] },
  { name: 'fips_county_code', start: 21, length: 3, kind: 'digits', required: false },
  { name: 'filler_24', start: 24, length: 2, kind: 'blank' },
  { name: 'user_field', start: 26, length: 15, kind: 'alpha' },
  { name: 'previous_case_id', start: 41, length: 15, kind: 'alpha' },
  { name: 'filler_56', start: 56, length: 585, kind: 'blank' },
]);

const names = (prefix: string, start: number): FieldSpec[] => [
  { name: `${prefix}_first_name`, start, length: 16, kind: 'alpha' },
  { name: `${prefix}_middle_name`, start: start + 16, length: 16, kind: 'alpha' },
  { name: `${prefix}_last_name`, start: start + 32, length: 30, kind: 'alpha' },
];

/** FP: Input Person / Locate Request record [KS 2009; KS 2000 same positions]. */
export const FCR_PERSON = fcr('fcr_person', 'FCR input person record (FP)', [
  { name: 'record_identifier', start: 1, length: 2, kind: 'constant', value: 'FP' },
  { name: 'action_type_code', start: 3, length: 1, kind: 'alpha', required: true, allowed: ['A', 'C', 'D', 'L'], note: "'L' is [unverified]" },
  { name: 'case_id', start: 4, length: 15, kind: 'alpha', required: true },
  { name: 'reserved_19', start: 19, length: 2, kind: 'blank', note: 'reserved for FCR' },
  { name: 'user_field', start: 21, length: 15, kind: 'alpha' },
  { name: 'fips_county_code', start: 36, length: 3, kind: 'digits', required: false },
  { name: 'filler_39', start: 39, length: 2, kind: 'blank' },
  { name: 'locate_request_type', start: 41, length: 2, kind: 'alpha' },
  { name: 'bundle_fpls_results', start: 43, length: 1, kind: 'alpha', note: 'discontinued by FCR Release 05-01' },
  { name: 'participant_type', start: 44, length: 2, kind: 'alpha', required: true, allowed: ['CP', 'NP', 'PF', 'CH'] },
  { name: 'family_violence', start: 46, length: 2, kind: 'alpha', allowed: ['FV', ''] },
  { name: 'member_id', start: 48, length: 15, kind: 'alpha', required: true },
  { name: 'sex', start: 63, length: 1, kind: 'alpha', allowed: ['M', 'F', ''] },
  { name: 'birth_date', start: 64, length: 8, kind: 'date_ccyymmdd', required: false, sensitive: true },
  { name: 'ssn', start: 72, length: 9, kind: 'digits', required: false, sensitive: true },
  { name: 'previous_ssn', start: 81, length: 9, kind: 'digits', required: false, sensitive: true },
  ...names('person', 90),
  { name: 'city_of_birth', start: 152, length: 16, kind: 'alpha' },
  { name: 'state_country_of_birth', start: 168, length: 4, kind: 'alpha' },
  { name: 'father_first_name', start: 172, length: 16, kind: 'alpha' },
  { name: 'father_middle_initial', start: 188, length: 1, kind: 'alpha' },
  { name: 'father_last_name', start: 189, length: 16, kind: 'alpha' },
  { name: 'mother_first_name', start: 205, length: 16, kind: 'alpha' },
  { name: 'mother_middle_initial', start: 221, length: 1, kind: 'alpha' },
  { name: 'mother_maiden_name', start: 222, length: 16, kind: 'alpha' },
  { name: 'irs_u_ssn', start: 238, length: 9, kind: 'digits', required: false, sensitive: true },
  { name: 'additional_ssn_1', start: 247, length: 9, kind: 'digits', required: false, sensitive: true },
  { name: 'additional_ssn_2', start: 256, length: 9, kind: 'digits', required: false, sensitive: true },
  ...names('additional_1', 265),
  ...names('additional_2', 327),
  ...names('additional_3', 389),
  ...names('additional_4', 451),
  { name: 'new_member_id', start: 513, length: 15, kind: 'alpha' },
  { name: 'irs_1099_request', start: 528, length: 1, kind: 'alpha' },
  // 8 × 3: `ALL` or source codes; the code list is [unverified].
  ...Array.from({ length: 8 }, (_, i): FieldSpec => ({ name: `locate_source_${i + 1}`, start: 529 + 3 * i, length: 3, kind: 'alpha' })),
  { name: 'filler_553', start: 553, length: 88, kind: 'blank' },
]);

/** FR (Kansas 2000) or FQ (Kansas 2009 also tests for it): which ID is current is [unverified]. */
export const FCR_QUERY_IDS = ['FR', 'FQ'] as const;
export const FCR_QUERY = fcr('fcr_query', 'FCR query record (FR/FQ)', [
  { name: 'record_identifier', start: 1, length: 2, kind: 'alpha', required: true, allowed: FCR_QUERY_IDS },
  { name: 'action_type_code', start: 3, length: 1, kind: 'alpha', required: true },
  { name: 'case_id', start: 4, length: 15, kind: 'alpha', required: true },
  { name: 'user_field', start: 19, length: 15, kind: 'alpha' },
  { name: 'fips_county_code', start: 34, length: 3, kind: 'digits', required: false },
  { name: 'filler_37', start: 37, length: 2, kind: 'blank' },
  { name: 'member_id', start: 39, length: 15, kind: 'alpha', required: true },
  { name: 'ssn', start: 54, length: 9, kind: 'digits', required: false, sensitive: true },
  { name: 'filler_63', start: 63, length: 578, kind: 'blank' },
]);

/** FA header, Kansas 2009 positions [unverified which version is current]. */
export const FCR_HEADER_2009 = fcr('fcr_header', 'FCR transmission header (FA)', [
  { name: 'record_identifier', start: 1, length: 2, kind: 'constant', value: 'FA' },
  { name: 'state_code', start: 3, length: 2, kind: 'digits' },
  { name: 'version_control', start: 5, length: 5, kind: 'alpha', required: true },
  { name: 'date_stamp', start: 10, length: 8, kind: 'date_ccyymmdd' },
  { name: 'batch_number', start: 18, length: 6, kind: 'digits' },
  { name: 'filler_24', start: 24, length: 617, kind: 'blank' },
]);

/** FA header, Kansas 2000 positions. */
export const FCR_HEADER_2000 = fcr('fcr_header', 'FCR transmission header (FA)', [
  { name: 'record_identifier', start: 1, length: 2, kind: 'constant', value: 'FA' },
  { name: 'filler_3', start: 3, length: 16, kind: 'blank' },
  { name: 'state_code', start: 19, length: 2, kind: 'digits' },
  { name: 'version_control', start: 21, length: 5, kind: 'alpha', required: true },
  { name: 'date_stamp', start: 26, length: 8, kind: 'date_ccyymmdd' },
  { name: 'batch_number', start: 34, length: 6, kind: 'digits' },
  { name: 'filler_40', start: 40, length: 601, kind: 'blank' },
]);

export const FCR_TRAILER_2009 = fcr('fcr_trailer', 'FCR trailer (FZ)', [
  { name: 'record_identifier', start: 1, length: 2, kind: 'constant', value: 'FZ' },
  { name: 'record_count', start: 3, length: 8, kind: 'numeric' },
  { name: 'filler_11', start: 11, length: 630, kind: 'blank' },
]);

export const FCR_TRAILER_2000 = fcr('fcr_trailer', 'FCR trailer (FZ)', [
  { name: 'record_identifier', start: 1, length: 2, kind: 'constant', value: 'FZ' },
  { name: 'filler_3', start: 3, length: 16, kind: 'blank' },
  { name: 'record_count', start: 19, length: 8, kind: 'numeric' },
  { name: 'filler_27', start: 27, length: 614, kind: 'blank' },
]);

/** The header/trailer version in use: one place to switch when the current OCSE chart is seen. */
export const FCR_HEADER = FCR_HEADER_2009;
export const FCR_TRAILER = FCR_TRAILER_2009;

/** NDNH proactive-match / locate response, 920 bytes [KS 2001 SWEXIC03]; only the W-4 part is mapped. */
export const NDNH_RESPONSE = defineLayout({
  key: 'ndnh_response',
  title: 'NDNH locate response',
  length: FCR_RESPONSE_LENGTH,
  source: SOURCE,
  fields: [
    { name: 'record_identifier', start: 1, length: 2, kind: 'alpha', required: true },
    { name: 'match_type', start: 3, length: 1, kind: 'alpha' },
    { name: 'unmapped_4', start: 4, length: 15, kind: 'alpha' },
    { name: 'state_code', start: 19, length: 2, kind: 'alpha' },
    { name: 'unmapped_21', start: 21, length: 40, kind: 'alpha' },
    { name: 'response_agency', start: 61, length: 3, kind: 'alpha', note: 'H01 no NDNH SSN, H97 UI, H98 QW, H99 W-4' },
    { name: 'name_sent_matched', start: 64, length: 1, kind: 'alpha' },
    { name: 'submitted_names', start: 65, length: 186, kind: 'alpha', sensitive: true },
    { name: 'name_returned', start: 251, length: 1, kind: 'alpha' },
    { name: 'returned_first_name', start: 252, length: 16, kind: 'alpha' },
    { name: 'returned_middle_name', start: 268, length: 16, kind: 'alpha' },
    { name: 'returned_last_name', start: 284, length: 30, kind: 'alpha' },
    { name: 'ssn', start: 314, length: 9, kind: 'digits', required: false, sensitive: true },
    { name: 'unmapped_323', start: 323, length: 5, kind: 'alpha' },
    { name: 'member_id', start: 328, length: 10, kind: 'alpha', note: '10 wide here although the FP member ID is 15 [KS 2001]' },
    { name: 'user_field', start: 338, length: 15, kind: 'alpha' },
    { name: 'unmapped_353', start: 353, length: 3, kind: 'alpha' },
    { name: 'fips_county_code', start: 356, length: 3, kind: 'alpha' },
    { name: 'unmapped_359', start: 359, length: 5, kind: 'alpha' },
    { name: 'locate_request_type', start: 364, length: 2, kind: 'alpha' },
    { name: 'unmapped_366', start: 366, length: 9, kind: 'alpha' },
    { name: 'locate_response_code', start: 375, length: 2, kind: 'alpha', note: 'blank address returned, 06, 10, 30, 39, 46, 47' },
    { name: 'unmapped_377', start: 377, length: 10, kind: 'alpha' },
    { name: 'employer_name', start: 387, length: 45, kind: 'alpha' },
    { name: 'unmapped_432', start: 432, length: 1, kind: 'alpha' },
    { name: 'address_line_1', start: 433, length: 40, kind: 'alpha', sensitive: true },
    { name: 'address_line_2', start: 473, length: 40, kind: 'alpha', sensitive: true },
    { name: 'address_line_3', start: 513, length: 40, kind: 'alpha', sensitive: true },
    { name: 'address_line_4', start: 553, length: 40, kind: 'alpha', sensitive: true },
    { name: 'city', start: 593, length: 30, kind: 'alpha' },
    { name: 'state', start: 623, length: 2, kind: 'alpha' },
    { name: 'zip5', start: 625, length: 5, kind: 'alpha' },
    { name: 'zip4', start: 630, length: 4, kind: 'alpha' },
    { name: 'zip3', start: 634, length: 3, kind: 'alpha' },
    { name: 'unmapped_637', start: 637, length: 3, kind: 'alpha' },
    { name: 'foreign_country_code', start: 640, length: 2, kind: 'alpha', note: '640-666 code + name: split 2/25 [inferred]' },
    { name: 'foreign_country_name', start: 642, length: 25, kind: 'alpha' },
    { name: 'unmapped_667', start: 667, length: 34, kind: 'alpha' },
    { name: 'reporting_state', start: 701, length: 2, kind: 'alpha' },
    { name: 'address_type', start: 703, length: 1, kind: 'alpha', note: '1 employer, 2 employee, 3 employer optional' },
    { name: 'birth_date', start: 704, length: 8, kind: 'digits', required: false, sensitive: true },
    { name: 'hire_date', start: 712, length: 8, kind: 'digits', required: false },
    { name: 'fein', start: 720, length: 9, kind: 'digits', required: false },
    { name: 'ssn_match_indicator', start: 729, length: 1, kind: 'alpha', note: 'C corrected, M multiple, V verified, X multiple corrected' },
    { name: 'reporting_federal_agency', start: 730, length: 9, kind: 'alpha' },
    { name: 'dod_status', start: 739, length: 1, kind: 'alpha' },
    { name: 'state_ein', start: 740, length: 12, kind: 'alpha' },
    { name: 'state_of_hire', start: 752, length: 2, kind: 'alpha' },
    { name: 'unmapped_754', start: 754, length: 167, kind: 'alpha' },
  ],
});

export const FCR_LAYOUTS: readonly RecordLayout[] = [FCR_CASE, FCR_PERSON, FCR_QUERY, FCR_HEADER_2009, FCR_HEADER_2000, FCR_TRAILER_2009, FCR_TRAILER_2000, NDNH_RESPONSE];
