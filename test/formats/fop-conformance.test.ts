/**
 * Federal Offset conformance to OCSE's charts, independently of the writer: a collection/adjustment
 * record laid out here from Chart F-1 (2019; positions 1-97 read from the chart: three 11-digit signed
 * positive amounts, two decimals assumed, no sign byte) is read, and what the writer makes carries each
 * amount at the chart's positions. The submission's transaction types include U (Chart E-1 2016).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCollectionFile, buildSubmissionFile, parseCollectionFile, parseSubmissionFile, readSignedAmount } from '../../src/formats/fop/fop.ts';
import { FOP_TRANSACTION_TYPES } from '../../src/formats/fop/layouts.ts';

function chartRecord(fields: [number, string][]): string {
  const chars = Array<string>(245).fill(' ');
  for (const [start, text] of fields) for (let i = 0; i < text.length; i++) chars[start - 1 + i] = text[i]!;
  return chars.join('');
}
const base: [number, string][] = [[1, 'PA'], [3, '001'], [6, '123456789'], [15, 'PA0012345'], [30, 'SAMPLE'], [50, 'JANE'], [102, '2025'], [106, 'N'], [107, 'N'], [217, 'TAX']];

test('chart conformance: collection and adjustment records built from Chart F-1 are read (11-digit amounts, no sign byte)', () => {
  const collection = chartRecord([...base, [65, '00000450000'], [76, '00000123456'], [87, '00000000000']]);
  const adjustment = chartRecord([...base, [65, '00000450000'], [76, '00000000000'], [87, '00000040000'], [98, '2026']]);
  const r = parseCollectionFile(`${collection}\n${adjustment}\n`);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value[0]!.collection_cents, 123456, '$1,234.56 as 00000123456');
  assert.equal(r.value[0]!.arrearage_cents, 450000);
  assert.equal(r.value[0]!.adjustment_cents, 0);
  assert.equal(r.value[1]!.collection_cents, 0);
  assert.equal(r.value[1]!.adjustment_cents, -40000, 'an adjustment takes money back');
  // A COBOL signed field converted from EBCDIC may carry the sign in the last digit (overpunch): read too.
  const overpunch = chartRecord([...base, [65, '0000045000{'], [76, '0000012345F'], [87, '00000000000']]);
  const o = parseCollectionFile(`${overpunch}\n`);
  assert.ok(o.ok, JSON.stringify(o));
  assert.equal(o.value[0]!.collection_cents, 123456);
  assert.equal(o.value[0]!.arrearage_cents, 450000);
});

test('chart conformance: the old sign-byte form and a negative amount are refused with the field named', () => {
  const signByte = chartRecord([...base, [65, '00000450000'], [76, '+0000123456'], [87, '00000000000']]);
  const r = parseCollectionFile(`${signByte}\n`);
  assert.ok(!r.ok && /collection_cents \(positions 76-86\): must be 11 digits/.test(JSON.stringify(r)), JSON.stringify(r));
  const negative = chartRecord([...base, [65, '00000450000'], [76, '0000012345O'], [87, '00000000000']]);
  const n = parseCollectionFile(`${negative}\n`);
  assert.ok(!n.ok && /is negative; the chart gives a signed positive amount/.test(JSON.stringify(n)));
  assert.equal(readSignedAmount('0000012345}'), -123450);
});

test('chart conformance: the writer puts each amount in 11 digits at 65-75, 76-86 and 87-97', () => {
  const built = buildCollectionFile('PA', [
    { submitting_state: 'PA', local_code: '001', ssn: '123456789', case_id: 'PA0012345', last_name: 'SAMPLE', first_name: 'JANE', arrearage_cents: 450000, collection_cents: 123456, adjustment_cents: 0, adjustment_year: null, offset_tax_year: 2025, joint_return: false, case_type: 'N', names_on_return: 'JANE SAMPLE', offset_type: 'TAX', injured_spouse: false },
    { submitting_state: 'PA', local_code: '001', ssn: '123456789', case_id: 'PA0012345', last_name: 'SAMPLE', first_name: 'JANE', arrearage_cents: 450000, collection_cents: 0, adjustment_cents: -40000, adjustment_year: 2026, offset_tax_year: 2025, joint_return: true, case_type: 'N', names_on_return: 'JANE SAMPLE', offset_type: 'TAX', injured_spouse: true },
  ]);
  assert.ok(built.ok, JSON.stringify(built));
  const [a, b] = built.value.split('\n');
  assert.equal(a!.slice(64, 75), '00000450000');
  assert.equal(a!.slice(75, 86), '00000123456');
  assert.equal(a!.slice(86, 97), '00000000000');
  assert.equal(b!.slice(75, 86), '00000000000');
  assert.equal(b!.slice(86, 97), '00000040000');
  assert.equal(b!.slice(97, 101), '2026');
});

test('the case submission knows transaction type U and reads it back', () => {
  assert.ok('U' in FOP_TRANSACTION_TYPES);
  const rec = { submitting_state: 'PA', local_code: '001', ssn: '123456789', case_id: 'PA0012345', last_name: 'SAMPLE', first_name: 'JANE', amount_owed_dollars: 4500, transaction_type: 'U' as const, case_type: 'N' as const, process_year: 2026, address_line_1: '12 MAIN ST', address_line_2: '', city: 'HARRISBURG', state: 'PA', zip: '17101', notice_date: null, exclusions: [] };
  const built = buildSubmissionFile('PA', [rec]);
  assert.ok(built.ok, JSON.stringify(built));
  assert.equal(built.value[72], 'U', 'position 73');
  const back = parseSubmissionFile(built.value);
  assert.ok(back.ok, JSON.stringify(back));
  assert.equal(back.value.records[0]!.transaction_type, 'U');
});
