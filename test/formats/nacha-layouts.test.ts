/**
 * The layout tables against the reference, column by column. The reference sample file
 * (shared/reference/file-formats.md 2.3, padded to 10 records) is sliced with each table and every field
 * is compared with what the reference's tables say it holds; a table that is off by one column fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkLayout, type RecordLayout } from '../../src/formats/fixed-width.ts';
import { ACH_LAYOUTS, ACH_PADDING_RECORD, ADDENDA_05, BATCH_CONTROL, BATCH_HEADER, ENTRY_DETAIL_CCD, ENTRY_DETAIL_PPD, FILE_CONTROL, FILE_HEADER } from '../../src/formats/nacha/layouts.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');

function slices(line: string, layout: RecordLayout): Record<string, string> {
  return Object.fromEntries(layout.fields.map((f) => [f.name, line.slice(f.start - 1, f.start - 1 + f.length)]));
}

test('every NACHA table covers positions 1-94 once, in order, with no gap', () => {
  for (const layout of ACH_LAYOUTS) assert.deepEqual(checkLayout(layout), [], layout.key);
  for (const layout of ACH_LAYOUTS) assert.equal(layout.fields.reduce((n, f) => n + f.length, 0), 94, layout.key);
});

test('positions in the tables are the reference positions (spot checks from section 2.2)', () => {
  const pos = (layout: RecordLayout, name: string) => {
    const f = layout.fields.find((x) => x.name === name)!;
    return `${f.start}-${f.start + f.length - 1}`;
  };
  assert.equal(pos(FILE_HEADER, 'immediate_destination'), '4-13');
  assert.equal(pos(FILE_HEADER, 'file_id_modifier'), '34-34');
  assert.equal(pos(FILE_HEADER, 'reference_code'), '87-94');
  assert.equal(pos(BATCH_HEADER, 'company_identification'), '41-50');
  assert.equal(pos(BATCH_HEADER, 'standard_entry_class_code'), '51-53');
  assert.equal(pos(BATCH_HEADER, 'effective_entry_date'), '70-75');
  assert.equal(pos(BATCH_HEADER, 'settlement_date'), '76-78');
  assert.equal(pos(BATCH_HEADER, 'batch_number'), '88-94');
  assert.equal(pos(ENTRY_DETAIL_CCD, 'amount'), '30-39');
  assert.equal(pos(ENTRY_DETAIL_CCD, 'trace_number'), '80-94');
  assert.equal(pos(ENTRY_DETAIL_PPD, 'individual_name'), '55-76');
  assert.equal(pos(ADDENDA_05, 'payment_related_information'), '4-83');
  assert.equal(pos(ADDENDA_05, 'entry_detail_sequence_number'), '88-94');
  assert.equal(pos(BATCH_CONTROL, 'entry_hash'), '11-20');
  assert.equal(pos(BATCH_CONTROL, 'reserved'), '74-79');
  assert.equal(pos(FILE_CONTROL, 'entry_hash'), '22-31');
  assert.equal(pos(FILE_CONTROL, 'reserved'), '56-94');
});

test('the reference sample file, sliced by the tables, holds what the reference says field by field', () => {
  const lines = fixture('ccd-reference-sample.ach').split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, 10);
  for (const l of lines) assert.equal(l.length, 94);

  assert.deepEqual(slices(lines[0]!, FILE_HEADER), {
    record_type: '1',
    priority_code: '01',
    immediate_destination: ' 101000019',
    immediate_origin: '1234567890',
    file_creation_date: '250108',
    file_creation_time: '0930',
    file_id_modifier: 'A',
    record_size: '094',
    blocking_factor: '10',
    format_code: '1',
    immediate_destination_name: 'SAMPLE BANK'.padEnd(23),
    immediate_origin_name: 'SAMPLE EMPLOYER INC'.padEnd(23),
    reference_code: ' '.repeat(8),
  });
  assert.deepEqual(slices(lines[1]!, BATCH_HEADER), {
    record_type: '5',
    service_class_code: '220',
    company_name: 'SAMPLE EMPLOYER ',
    company_discretionary_data: ' '.repeat(20),
    company_identification: '1234567890',
    standard_entry_class_code: 'CCD',
    company_entry_description: 'CHILD SUPP',
    company_descriptive_date: ' '.repeat(6),
    effective_entry_date: '250110',
    settlement_date: '   ',
    originator_status_code: '1',
    originating_dfi_identification: '09100001',
    batch_number: '0000001',
  });
  assert.deepEqual(slices(lines[2]!, ENTRY_DETAIL_CCD), {
    record_type: '6',
    transaction_code: '22',
    receiving_dfi_identification: '10100002',
    check_digit: '2',
    dfi_account_number: '987654321'.padEnd(17),
    amount: '0000045000',
    identification_number: '0012345678'.padEnd(15),
    receiving_company_name: 'KS PAYMENT CENTER'.padEnd(22),
    discretionary_data: '  ',
    addenda_record_indicator: '1',
    trace_number: '091000010000001',
  });
  assert.deepEqual(slices(lines[3]!, ADDENDA_05), {
    record_type: '7',
    addenda_type_code: '05',
    payment_related_information: 'DED*CS*0012345678*250110*45000*123456789*N*SAMPLE,JAN*20000*\\'.padEnd(80),
    addenda_sequence_number: '0001',
    entry_detail_sequence_number: '0000001',
  });
  assert.deepEqual(slices(lines[4]!, BATCH_CONTROL), {
    record_type: '8',
    service_class_code: '220',
    entry_addenda_count: '000002',
    entry_hash: '0010100002',
    total_debit_amount: '000000000000',
    total_credit_amount: '000000045000',
    company_identification: '1234567890',
    message_authentication_code: ' '.repeat(19),
    reserved: ' '.repeat(6),
    originating_dfi_identification: '09100001',
    batch_number: '0000001',
  });
  assert.deepEqual(slices(lines[5]!, FILE_CONTROL), {
    record_type: '9',
    batch_count: '000001',
    block_count: '000001',
    entry_addenda_count: '00000002',
    entry_hash: '0010100002',
    total_debit_amount: '000000000000',
    total_credit_amount: '000000045000',
    reserved: ' '.repeat(39),
  });
  for (const l of lines.slice(6)) assert.equal(l, ACH_PADDING_RECORD);
});

test('the hand-written fixtures have the record types in the right columns', () => {
  for (const name of ['ccd-two-batches.ach', 'ppd-disbursements.ach']) {
    const lines = fixture(name).split('\n');
    assert.equal(lines.pop(), '', name);
    assert.equal(lines.length % 10, 0, name);
    for (const l of lines) {
      assert.equal(l.length, 94, `${name}: ${l}`);
      assert.ok(/^[\x20-\x7e]+$/.test(l), name);
    }
    // Column 1 of every record, in order: the structure the reader expects.
    const types = lines.map((l) => l[0]).join('');
    assert.match(types, /^1(5(67?)+8)+9+$/, name);
  }
});
