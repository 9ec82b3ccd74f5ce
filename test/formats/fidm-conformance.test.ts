/**
 * FIDM conformance, independently of the writer: match records laid out here from the positions OCSE's
 * FIDM specification gives (A: TIN 7-15, name 50-89; B: SSN 15-23, name 162-201, FIPS pass-back 322-326,
 * balance 351-357 in whole dollars with a trailing sign) are read, and the writer puts those fields
 * there. Positions the chart could not be read for are the layout's [unverified] rows (docs/enforcement.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFidmInquiryFile, buildFidmMatchFile, fidmRecordsKey, parseFidmInquiryFile, parseFidmMatchFile, readFidmBalance } from '../../src/formats/fidm/fidm.ts';
import { FIDM_LAYOUTS } from '../../src/formats/fidm/layouts.ts';
import { checkLayout } from '../../src/formats/fixed-width.ts';

function chartRecord(length: number, fields: [number, string][]): string {
  const chars = Array<string>(length).fill(' ');
  for (const [start, text] of fields) for (let i = 0; i < text.length; i++) chars[start - 1 + i] = text[i]!;
  return chars.join('');
}
const A = chartRecord(500, [[1, 'A'], [7, '231234567'], [50, 'KEYSTONE SAVINGS BANK']]);
const B = (ssn: string, balance: string) => chartRecord(500, [[1, 'B'], [15, ssn], [24, '000123456789'], [44, 'SV'], [162, 'REYES DANIEL'], [322, '42000'], [351, balance]]);
const T = (n: number) => chartRecord(500, [[1, 'T'], [2, String(n).padStart(8, '0')]]);

test('every FIDM table tiles its record', () => {
  for (const l of FIDM_LAYOUTS) assert.deepEqual(checkLayout(l), [], l.key);
});

test('chart conformance: a match file laid out from the chart positions is read (whole dollars, trailing sign)', () => {
  const r = parseFidmMatchFile([A, B('318224410', '003250+'), B('318224412', '000012-'), T(2)].join('\n'));
  assert.ok(r.ok, JSON.stringify(r));
  const [first, second] = r.value.matches;
  assert.equal(first!.institution_fein, '231234567');
  assert.equal(first!.institution_name, 'KEYSTONE SAVINGS BANK');
  assert.equal(first!.ssn, '318224410');
  assert.equal(first!.matched_name, 'REYES DANIEL');
  assert.equal(first!.fips_pass_back, '42000');
  assert.equal(first!.balance_cents, 325000, '$3,250 in whole dollars');
  assert.equal(second!.balance_cents, -1200, 'an overdrawn account');
  assert.equal(readFidmBalance('000325E'), 325_500, 'a COBOL overpunch sign is read too');
  // A record of another length (the length is [unverified]) is read when only blanks differ.
  const short = parseFidmMatchFile([A.slice(0, 420), B('318224410', '003250+').slice(0, 420), T(1).slice(0, 420)].join('\n'));
  assert.ok(short.ok, JSON.stringify(short));
});

test('chart conformance: the writer puts each known field at its chart position', () => {
  const built = buildFidmMatchFile(2026, [{ fein: '231234567', name: 'KEYSTONE SAVINGS BANK', matches: [{ ssn: '318224410', matched_name: 'REYES DANIEL', account_number: '000123456789', account_type: 'CK', balance_cents: 325000, fips_pass_back: '42000' }] }]);
  assert.ok(built.ok, JSON.stringify(built));
  const [a, b, t] = built.value.split('\n');
  assert.equal(a!.slice(6, 15), '231234567');
  assert.equal(a!.slice(49, 89).trimEnd(), 'KEYSTONE SAVINGS BANK');
  assert.equal(b![0], 'B');
  assert.equal(b!.slice(14, 23), '318224410');
  assert.equal(b!.slice(161, 201).trimEnd(), 'REYES DANIEL');
  assert.equal(b!.slice(321, 326), '42000');
  assert.equal(b!.slice(350, 357), '003250+');
  assert.equal(t![0], 'T');
  assert.equal(buildFidmMatchFile(2026, [{ fein: '231234567', name: 'X', matches: [{ ssn: '318224410', matched_name: 'R', account_number: '1', account_type: 'CK', balance_cents: 325075 }] }]).ok, false, 'the balance is whole dollars');
});

test('a count that does not match, or a B outside an institution, rejects the file naming the line', () => {
  const r = parseFidmMatchFile([A, B('318224410', '003250+'), T(3)].join('\n'));
  assert.ok(!r.ok && /b_record_count \(positions 2-9\): says 3 but the institution on line 1 has 1 B records/.test(JSON.stringify(r)));
  const s = parseFidmMatchFile([B('318224410', '003250+')].join('\n'));
  assert.ok(!s.ok && /outside an institution/.test(JSON.stringify(s)));
  assert.ok(!JSON.stringify(s).includes('318224410'), 'no SSN in an error');
});

test('the records key does not depend on line endings or a final line break', () => {
  const lf = [A, B('318224410', '003250+'), T(1)].map((l) => `${l}\n`).join('');
  assert.equal(fidmRecordsKey(lf), fidmRecordsKey(lf.replaceAll('\n', '\r\n')));
  assert.equal(fidmRecordsKey(lf), fidmRecordsKey(lf.slice(0, -1)));
  assert.equal(fidmRecordsKey(lf), fidmRecordsKey(lf.trimEnd()), 'trailing blanks of the last record stripped');
  assert.notEqual(fidmRecordsKey(lf), fidmRecordsKey(lf.replace('003250+', '003251+')));
});

test('the inquiry file: 99-character D, I and T records, read back', () => {
  const built = buildFidmInquiryFile({ year: 2026, month: 11, state_fips: '42000', inquiries: [{ ssn: '318224410', last_name: 'REYES', first_name: 'DANIEL', fips_pass_back: '42000' }] });
  assert.ok(built.ok, JSON.stringify(built));
  const lines = built.value.split('\n').slice(0, -1);
  assert.deepEqual(lines.map((l) => [l[0], l.length]), [['D', 99], ['I', 99], ['T', 99]]);
  const back = parseFidmInquiryFile(built.value);
  assert.ok(back.ok, JSON.stringify(back));
  assert.equal(back.value.inquiries[0]!.ssn, '318224410');
  assert.equal(back.value.month, 11);
});
