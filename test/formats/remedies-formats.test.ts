/** Golden files (written from the reference positions by make-remedies-fixtures.mjs) and round trips. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { buildCollectionFile, buildSubmissionFile, parseCollectionFile, parseSubmissionFile, type FopCaseRecord } from '../../src/formats/fop/fop.ts';
import { buildCreditFile, buildLicenseList, parseCreditFile, parseLicenseList } from '../../src/formats/remedies/remedies.ts';
import { buildFidmMatchFile, parseFidmMatchFile } from '../../src/formats/fidm/fidm.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');

const SUBMISSION: FopCaseRecord[] = [
  { submitting_state: 'PA', local_code: '001', ssn: '123456789', case_id: 'PA0012345', last_name: 'SAMPLE', first_name: 'JANE', amount_owed_dollars: 4500, transaction_type: 'A', case_type: 'N', process_year: 2026, address_line_1: '12 MAIN ST', city: 'HARRISBURG', state: 'PA', zip: '171010000', notice_date: '2026-11-02', exclusions: [] },
  { submitting_state: 'PA', local_code: '001', ssn: '223456789', case_id: 'PA0067890', last_name: 'EXAMPLE', first_name: 'JOHN', amount_owed_dollars: 812, transaction_type: 'M', case_type: 'A', process_year: 2026, address_line_1: '5 ELM AVE', city: 'ERIE', state: 'PA', zip: '16502', notice_date: '2026-01-05', exclusions: ['PAS'] },
  { submitting_state: 'PA', local_code: '001', ssn: '323456789', case_id: 'PA0099999', last_name: 'DELETED', first_name: 'ALEX', amount_owed_dollars: 0, transaction_type: 'D', case_type: 'N', process_year: 2026, notice_date: '2025-03-10', exclusions: ['PAS', 'ADM'] },
];

test('FOP submission: golden file byte for byte (A, M, D and the control record)', () => {
  const built = buildSubmissionFile('PA', SUBMISSION);
  assert.ok(built.ok, JSON.stringify(built));
  assert.equal(built.value, fixture('fop-submission.txt'));
  const lines = built.value.split('\n');
  assert.ok(lines.slice(0, 4).every((l) => l.length === 245));
  // The reference sample, bytes 1-83, with the state changed to PA.
  assert.equal(lines[0]!.slice(0, 83), 'PA001123456789PA0012345      SAMPLE              JANE           00004500AN     2026');
});

test('FOP submission: round trip and control totals checked', () => {
  const parsed = parseSubmissionFile(fixture('fop-submission.txt'));
  assert.ok(parsed.ok, JSON.stringify(parsed));
  assert.deepEqual(parsed.value.control, { submitting_state: 'PA', tanf_count: 1, non_tanf_count: 2, tanf_amount_dollars: 812, non_tanf_amount_dollars: 4500 });
  assert.deepEqual(parsed.value.records.map((r) => [r.transaction_type, r.case_type, r.amount_owed_dollars, r.notice_date, r.exclusions.join(',')]), [['A', 'N', 4500, '2026-11-02', ''], ['M', 'A', 812, '2026-01-05', 'PAS'], ['D', 'N', 0, '2025-03-10', 'ADM,PAS']]);
  const bad = fixture('fop-submission.txt').replace('PACTL000000001000000002', 'PACTL000000001000000003');
  const r = parseSubmissionFile(bad);
  assert.equal(r.ok, false);
  assert.match(JSON.stringify(r), /line 4: FOP submission control record, non_tanf_count: says 3 but the records add up to 2/);
});

test('property: any submission round-trips through the file', () => {
  const name = fc.stringMatching(/^[A-Z][A-Z ]{0,12}[A-Z]$/);
  const rec = fc.record({
    ssn: fc.stringMatching(/^[1-8]\d{8}$/),
    case_id: fc.stringMatching(/^PA\d{7}$/),
    last_name: name,
    first_name: name,
    amount_owed_dollars: fc.nat(99_999_999),
    transaction_type: fc.constantFrom('A' as const, 'M' as const, 'D' as const, 'R' as const),
    case_type: fc.constantFrom('A' as const, 'N' as const),
    notice_date: fc.option(fc.constantFrom('2026-01-02', '2025-12-31'), { nil: null }),
    exclusions: fc.subarray(['ADM', 'PAS', 'TAX', 'FIN'] as const),
  });
  fc.assert(
    fc.property(fc.array(rec, { minLength: 1, maxLength: 5 }), (rows) => {
      const full: FopCaseRecord[] = rows.map((r) => ({ ...r, submitting_state: 'PA', local_code: '001', process_year: 2026, address_line_1: '', address_line_2: '', city: '', state: '', zip: '', exclusions: [...r.exclusions].sort() }));
      const built = buildSubmissionFile('PA', full);
      assert.ok(built.ok);
      const back = parseSubmissionFile(built.value);
      assert.ok(back.ok, JSON.stringify(back));
      assert.deepEqual(back.value.records, full);
    }),
    { numRuns: 50 },
  );
});

test('FOP collection file: golden bytes, signs and the injured-spouse adjustment', () => {
  const parsed = parseCollectionFile(fixture('fop-collections.txt'));
  assert.ok(parsed.ok, JSON.stringify(parsed));
  assert.deepEqual(parsed.value.map((c) => [c.case_id, c.collection_cents, c.adjustment_cents, c.adjustment_year, c.offset_tax_year, c.joint_return, c.injured_spouse, c.offset_type]), [
    ['PA0012345', 120000, 0, null, 2025, true, false, 'TAX'],
    ['PA0067890', 50000, 0, null, 2025, false, false, 'TAX'],
    ['PA0012345', 0, -40000, 2026, 2025, true, true, 'TAX'],
  ]);
  const rebuilt = buildCollectionFile('PA', parsed.value.map(({ line: _l, raw: _r, ...c }) => c));
  assert.ok(rebuilt.ok);
  assert.equal(rebuilt.value, fixture('fop-collections.txt'));
});

test('FOP collection file: a malformed file is rejected whole with the record and the field named', () => {
  const lines = fixture('fop-collections.txt').split('\n');
  lines[1] = lines[1]!.slice(0, 106) + 'X' + lines[1]!.slice(107);
  const r = parseCollectionFile(lines.join('\n'));
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.code === 'IMPORT_REJECTED');
  assert.match(JSON.stringify(r), /line 2: FOP collection\/adjustment record, case_type \(position 107\): must be one of A, N/);
  const short = parseCollectionFile(fixture('fop-collections.txt').replace('PA0067890', 'PA006789'));
  assert.equal(short.ok, false);
  assert.match(JSON.stringify(short), /line 2/);
  // The SSN is never echoed in an error.
  const badSsn = parseCollectionFile(fixture('fop-collections.txt').replace('223456789', '22345678X'));
  assert.equal(badSsn.ok, false);
  assert.doesNotMatch(JSON.stringify(badSsn), /22345678X/);
  const count = parseCollectionFile(fixture('fop-collections.txt').replace('PACTL000000003', 'PACTL000000004'));
  assert.match(JSON.stringify(count), /record_count \(positions 6-14\): says 4 but the file has 3 records/);
});

test('FIDM (OCSE layout), license list and credit file (assumed layouts): golden bytes and round trips', () => {
  const fidm = parseFidmMatchFile(fixture('fidm-matches.txt'));
  assert.ok(fidm.ok, JSON.stringify(fidm));
  assert.deepEqual(fidm.value.matches[0], { line: 2, institution_fein: '231234567', institution_name: 'KEYSTONE SAVINGS BANK', ssn: '123456789', matched_name: 'SAMPLE JANE', account_number: '000123456789', account_type: 'CK', balance_cents: 325000, balance_indicator: '0', fips_pass_back: '42000' });
  const m = fidm.value.matches[0]!;
  const rebuilt = buildFidmMatchFile(2026, [{ fein: m.institution_fein, name: m.institution_name, matches: [{ ssn: m.ssn, matched_name: m.matched_name, account_number: m.account_number, account_type: m.account_type, balance_cents: m.balance_cents, balance_indicator: m.balance_indicator, fips_pass_back: m.fips_pass_back }] }]);
  assert.equal((rebuilt as { value: string }).value, fixture('fidm-matches.txt'));

  const lic = parseLicenseList(fixture('license-list.txt'));
  assert.ok(lic.ok, JSON.stringify(lic));
  assert.deepEqual(lic.value.map((l) => [l.action, l.case_number, l.arrears_cents, l.birth_date]), [['A', 'PA0012345', 450000, '1988-07-02'], ['D', 'PA0067890', 0, undefined]]);
  assert.equal((buildLicenseList(lic.value) as { value: string }).value, fixture('license-list.txt'));

  const credit = parseCreditFile(fixture('credit-report.txt'));
  assert.ok(credit.ok, JSON.stringify(credit));
  assert.equal(credit.value[0]!.amount_past_due_dollars, 4500);
  assert.equal((buildCreditFile(credit.value) as { value: string }).value, fixture('credit-report.txt'));
  const bad = parseCreditFile(fixture('credit-report.txt').replace('0250120261201', '0250120261301'));
  assert.match(JSON.stringify(bad), /line 1: .*activity_date/);
});
