/**
 * NACHA ACH record layouts (94-character records), one table per record type.
 *
 * Source: shared/reference/file-formats.md section 2.2, itself from moov-io/ach (`batchHeader.go` and
 * friends, commit c6bd2372); every position was checked against the reference's sample file by counting
 * columns (see test/formats/nacha-layouts.test.ts). The reference notes two slips in moov's markdown that
 * the Go code gets right and these tables follow: the batch number is 7 digits (88-94) and the batch
 * control entry hash is 10 digits (11-20). To correct a position, change the row here; the codec and the
 * builders read nothing else.
 */
import { defineLayout, type FieldSpec, type RecordLayout } from '../fixed-width.ts';

export const ACH_RECORD_LENGTH = 94;
export const ACH_BLOCKING_FACTOR = 10;
/** The filler record that pads the last block. */
export const ACH_PADDING_RECORD = '9'.repeat(ACH_RECORD_LENGTH);

const SOURCE = 'file-formats.md 2.2 (moov-io/ach c6bd2372)';

const layout = (key: string, title: string, fields: FieldSpec[]): RecordLayout =>
  defineLayout({ key, title, length: ACH_RECORD_LENGTH, fields, source: SOURCE });

const FILE_ID_MODIFIERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];

export const SERVICE_CLASS_CODES = ['200', '220', '225'] as const;

/** Record type 1. */
export const FILE_HEADER = layout('file_header', 'File Header (record type 1)', [
  { name: 'record_type', start: 1, length: 1, kind: 'constant', value: '1' },
  { name: 'priority_code', start: 2, length: 2, kind: 'constant', value: '01' },
  // " " + 9-digit routing number (ODFI or ACH operator); checked by the ACH reader.
  { name: 'immediate_destination', start: 4, length: 10, kind: 'alpha', required: true },
  // 10 characters: often "1" + EIN, or " " + a routing number.
  { name: 'immediate_origin', start: 14, length: 10, kind: 'alpha', required: true },
  { name: 'file_creation_date', start: 24, length: 6, kind: 'date_yymmdd' },
  { name: 'file_creation_time', start: 30, length: 4, kind: 'time_hhmm', required: false },
  { name: 'file_id_modifier', start: 34, length: 1, kind: 'alpha', required: true, allowed: FILE_ID_MODIFIERS },
  { name: 'record_size', start: 35, length: 3, kind: 'constant', value: '094' },
  { name: 'blocking_factor', start: 38, length: 2, kind: 'constant', value: '10' },
  { name: 'format_code', start: 40, length: 1, kind: 'constant', value: '1' },
  { name: 'immediate_destination_name', start: 41, length: 23, kind: 'alpha' },
  { name: 'immediate_origin_name', start: 64, length: 23, kind: 'alpha' },
  { name: 'reference_code', start: 87, length: 8, kind: 'alpha' },
]);

/** Record type 5 (non-IAT). */
export const BATCH_HEADER = layout('batch_header', 'Batch Header (record type 5)', [
  { name: 'record_type', start: 1, length: 1, kind: 'constant', value: '5' },
  { name: 'service_class_code', start: 2, length: 3, kind: 'digits', allowed: SERVICE_CLASS_CODES },
  { name: 'company_name', start: 5, length: 16, kind: 'alpha', required: true },
  { name: 'company_discretionary_data', start: 21, length: 20, kind: 'alpha' },
  { name: 'company_identification', start: 41, length: 10, kind: 'alpha', required: true },
  { name: 'standard_entry_class_code', start: 51, length: 3, kind: 'alpha', required: true },
  { name: 'company_entry_description', start: 54, length: 10, kind: 'alpha', required: true },
  { name: 'company_descriptive_date', start: 64, length: 6, kind: 'alpha' },
  { name: 'effective_entry_date', start: 70, length: 6, kind: 'date_yymmdd' },
  // Julian settlement day: blank from the originator; the ACH operator fills it.
  { name: 'settlement_date', start: 76, length: 3, kind: 'alpha' },
  // The reference gives `1`; `2` (the ODFI is a federal government entity) is the other NACHA value.
  { name: 'originator_status_code', start: 79, length: 1, kind: 'alpha', required: true, allowed: ['1', '2'] },
  { name: 'originating_dfi_identification', start: 80, length: 8, kind: 'digits' },
  { name: 'batch_number', start: 88, length: 7, kind: 'numeric' },
]);

/** Record type 6 for CCD (corporate credit or debit; CCD+ carries one type-05 addenda). */
export const ENTRY_DETAIL_CCD = layout('entry_detail', 'Entry Detail (record type 6, CCD)', [
  { name: 'record_type', start: 1, length: 1, kind: 'constant', value: '6' },
  { name: 'transaction_code', start: 2, length: 2, kind: 'digits' },
  { name: 'receiving_dfi_identification', start: 4, length: 8, kind: 'digits' },
  { name: 'check_digit', start: 12, length: 1, kind: 'digits' },
  { name: 'dfi_account_number', start: 13, length: 17, kind: 'alpha', required: true, sensitive: true },
  { name: 'amount', start: 30, length: 10, kind: 'numeric' },
  { name: 'identification_number', start: 40, length: 15, kind: 'alpha' },
  { name: 'receiving_company_name', start: 55, length: 22, kind: 'alpha', required: true },
  { name: 'discretionary_data', start: 77, length: 2, kind: 'alpha' },
  { name: 'addenda_record_indicator', start: 79, length: 1, kind: 'digits', allowed: ['0', '1'] },
  // ODFI routing (8) + sequence (7).
  { name: 'trace_number', start: 80, length: 15, kind: 'digits' },
]);

/** Record type 6 for PPD (consumer credit or debit): same positions, consumer names for 40-78. */
export const ENTRY_DETAIL_PPD = layout('entry_detail', 'Entry Detail (record type 6, PPD)', [
  { name: 'record_type', start: 1, length: 1, kind: 'constant', value: '6' },
  { name: 'transaction_code', start: 2, length: 2, kind: 'digits' },
  { name: 'receiving_dfi_identification', start: 4, length: 8, kind: 'digits' },
  { name: 'check_digit', start: 12, length: 1, kind: 'digits' },
  { name: 'dfi_account_number', start: 13, length: 17, kind: 'alpha', required: true, sensitive: true },
  { name: 'amount', start: 30, length: 10, kind: 'numeric' },
  { name: 'individual_identification_number', start: 40, length: 15, kind: 'alpha' },
  { name: 'individual_name', start: 55, length: 22, kind: 'alpha', required: true },
  { name: 'discretionary_data', start: 77, length: 2, kind: 'alpha' },
  { name: 'addenda_record_indicator', start: 79, length: 1, kind: 'digits', allowed: ['0', '1'] },
  { name: 'trace_number', start: 80, length: 15, kind: 'digits' },
]);

/** Record type 7, addenda type 05 (CCD and PPD allow one per entry). */
export const ADDENDA_05 = layout('addenda', 'Addenda (record type 7, type 05)', [
  { name: 'record_type', start: 1, length: 1, kind: 'constant', value: '7' },
  { name: 'addenda_type_code', start: 2, length: 2, kind: 'constant', value: '05' },
  // Holds the DED segment, with an SSN in it: never echoed in errors.
  { name: 'payment_related_information', start: 4, length: 80, kind: 'alpha', sensitive: true },
  { name: 'addenda_sequence_number', start: 84, length: 4, kind: 'numeric' },
  // The last 7 digits of the entry's trace number.
  { name: 'entry_detail_sequence_number', start: 88, length: 7, kind: 'digits' },
]);

/** Record type 8. */
export const BATCH_CONTROL = layout('batch_control', 'Batch Control (record type 8)', [
  { name: 'record_type', start: 1, length: 1, kind: 'constant', value: '8' },
  { name: 'service_class_code', start: 2, length: 3, kind: 'digits', allowed: SERVICE_CLASS_CODES },
  { name: 'entry_addenda_count', start: 5, length: 6, kind: 'numeric' },
  { name: 'entry_hash', start: 11, length: 10, kind: 'numeric' },
  { name: 'total_debit_amount', start: 21, length: 12, kind: 'numeric' },
  { name: 'total_credit_amount', start: 33, length: 12, kind: 'numeric' },
  { name: 'company_identification', start: 45, length: 10, kind: 'alpha', required: true },
  { name: 'message_authentication_code', start: 55, length: 19, kind: 'alpha' },
  { name: 'reserved', start: 74, length: 6, kind: 'blank' },
  { name: 'originating_dfi_identification', start: 80, length: 8, kind: 'digits' },
  { name: 'batch_number', start: 88, length: 7, kind: 'numeric' },
]);

/** Record type 9. */
export const FILE_CONTROL = layout('file_control', 'File Control (record type 9)', [
  { name: 'record_type', start: 1, length: 1, kind: 'constant', value: '9' },
  { name: 'batch_count', start: 2, length: 6, kind: 'numeric' },
  { name: 'block_count', start: 8, length: 6, kind: 'numeric' },
  { name: 'entry_addenda_count', start: 14, length: 8, kind: 'numeric' },
  { name: 'entry_hash', start: 22, length: 10, kind: 'numeric' },
  { name: 'total_debit_amount', start: 32, length: 12, kind: 'numeric' },
  { name: 'total_credit_amount', start: 44, length: 12, kind: 'numeric' },
  { name: 'reserved', start: 56, length: 39, kind: 'blank' },
]);

export const ACH_LAYOUTS: readonly RecordLayout[] = [FILE_HEADER, BATCH_HEADER, ENTRY_DETAIL_CCD, ENTRY_DETAIL_PPD, ADDENDA_05, BATCH_CONTROL, FILE_CONTROL];
