/**
 * e-IWO codec: the layout tables against the reference column by column, golden files built and read
 * byte for byte, round trips, malformed files rejected with record and field named, and a fuzz test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { checkLayout, decode, encode, type RecordLayout } from '../../src/formats/fixed-width.ts';
import { ACK_HEADER, ACK_TRAILER, EIWO_ACK, EIWO_DTL, EIWO_HEADER, EIWO_LAYOUTS, EIWO_TRAILER } from '../../src/formats/eiwo/layouts.ts';
import { buildAckFile, buildEiwoFile, parseAckFile, parseEiwoFile, type EiwoAck, type EiwoDetail, type EiwoFileInput } from '../../src/formats/eiwo/eiwo.ts';
import { recordArb, withoutUndefined } from './layout-arbitraries.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');
const ONE_ORDER = fixture('eiwo-one-order.txt');
const ACKS = fixture('eiwo-acks.txt');

function slices(line: string, layout: RecordLayout): Record<string, string> {
  return Object.fromEntries(layout.fields.map((f) => [f.name, line.slice(f.start - 1, f.start - 1 + f.length).trimEnd()]));
}
const pos = (layout: RecordLayout, name: string) => {
  const f = layout.fields.find((x) => x.name === name)!;
  return `${f.start}-${f.start + f.length - 1}`;
};

export const SAMPLE_DETAIL: EiwoDetail = {
  action: 'ORG',
  document_date: '2025-01-10',
  issuing_state_name: 'KANSAS',
  issuing_jurisdiction_name: 'SEDGWICK COUNTY',
  case_id: 'KS0012345',
  employer: { name: 'SAMPLE EMPLOYER INC', address: { line1: '100 MAIN ST', city: 'WICHITA', state: 'KS', zip: '67202' }, ein: '123456789' },
  employee: { last: 'SAMPLE', first: 'JOHN', middle: 'Q', ssn: '987654321', birth_date: '1985-02-14' },
  obligee: { last: 'DOE', first: 'JANE' },
  issuing_tribunal_name: 'SEDGWICK COUNTY DISTRICT COURT',
  current_child_support: { amount_cents: 50000, frequency: 'M' },
  past_due_child_support: { amount_cents: 10000, frequency: 'M' },
  total_withhold: { amount_cents: 60000, frequency: 'M' },
  arrears_over_12_weeks: false,
  withhold_per: { weekly: 13846, biweekly: 27692, semimonthly: 30000, monthly: 60000 },
  employment_state_name: 'KANSAS',
  begin_within_days: 14,
  send_payment_within_days: 7,
  ccpa_percent: 50,
  payee: { name: 'KANSAS PAYMENT CENTER', address: { line1: 'PO BOX 758599', city: 'TOPEKA', state: 'KS', zip: '66675', zip4: '8599' }, remittance_fips: '2000003' },
  official: { name: 'PAT OFFICIAL', title: 'IV-D DIRECTOR' },
  send_employee_copy: true,
  document_tracking_number: 'KS-20250110-000001',
  order_identifier: '2024CV000123',
  children: [
    { last: 'SAMPLE', first: 'AVA', birth_date: '2015-06-01' },
    { last: 'SAMPLE', first: 'LEO', middle: 'J', birth_date: '2018-03-12' },
  ],
  remittance_identifier: 'KS0012345',
};

const SAMPLE_FILE: EiwoFileInput = {
  state_fips: '20000',
  creation_date: '2025-01-10',
  creation_time: '093000',
  batches: [{ employer_ein: '123456789', details: [SAMPLE_DETAIL] }],
};

// The penalty text and the two contacts are in the golden file but not in SAMPLE_DETAIL's typed fields.
const goldenDetailValues = () => {
  const lines = ONE_ORDER.split('\n');
  return decode(lines[2]!, EIWO_DTL);
};

test('every e-IWO table tiles its record exactly', () => {
  for (const layout of EIWO_LAYOUTS) assert.deepEqual(checkLayout(layout), [], layout.key);
  assert.equal(EIWO_DTL.length, 2406);
  assert.equal(EIWO_ACK.length, 573);
  assert.equal(EIWO_HEADER.length, 2406);
  assert.equal(ACK_TRAILER.length, 573);
});

test('positions are the reference positions (sections 1.2-1.5, spot checks)', () => {
  assert.equal(pos(EIWO_HEADER, 'control_number'), '4-25');
  assert.equal(pos(EIWO_HEADER, 'creation_date'), '49-56');
  assert.equal(pos(EIWO_HEADER, 'error_field_name'), '63-80');
  assert.equal(pos(EIWO_TRAILER, 'state_sent_count'), '41-45');
  assert.equal(pos(EIWO_TRAILER, 'error_field_name'), '46-63');
  assert.equal(pos(EIWO_DTL, 'case_id'), '88-102');
  assert.equal(pos(EIWO_DTL, 'employer_ein'), '243-251');
  assert.equal(pos(EIWO_DTL, 'employee_ssn'), '306-314');
  assert.equal(pos(EIWO_DTL, 'obligee_last_name'), '323-379');
  assert.equal(pos(EIWO_DTL, 'current_child_support_amount'), '449-459');
  assert.equal(pos(EIWO_DTL, 'current_child_support_frequency'), '460-460');
  assert.equal(pos(EIWO_DTL, 'other_obligation_description'), '533-567');
  assert.equal(pos(EIWO_DTL, 'total_withhold_frequency'), '579-579');
  assert.equal(pos(EIWO_DTL, 'withhold_per_monthly'), '614-624');
  assert.equal(pos(EIWO_DTL, 'ccpa_percent'), '672-673');
  assert.equal(pos(EIWO_DTL, 'payee_zip4'), '810-813');
  assert.equal(pos(EIWO_DTL, 'payee_remittance_fips'), '814-820');
  assert.equal(pos(EIWO_DTL, 'send_employee_copy'), '942-942');
  assert.equal(pos(EIWO_DTL, 'employee_contact_email'), '1500-1547');
  assert.equal(pos(EIWO_DTL, 'document_tracking_number'), '1548-1577');
  assert.equal(pos(EIWO_DTL, 'order_identifier'), '1578-1607');
  assert.equal(pos(EIWO_DTL, 'employer_contact_email'), '1768-1815');
  assert.equal(pos(EIWO_DTL, 'child_1_last_name'), '1816-1835');
  assert.equal(pos(EIWO_DTL, 'child_1_birth_date'), '1870-1877');
  assert.equal(pos(EIWO_DTL, 'child_6_birth_date'), '2180-2187');
  assert.equal(pos(EIWO_DTL, 'lump_sum_amount'), '2188-2198');
  assert.equal(pos(EIWO_DTL, 'remittance_identifier'), '2208-2227');
  assert.equal(pos(EIWO_DTL, 'start_instructions'), '2253-2260');
  assert.equal(pos(EIWO_ACK, 'employee_ssn'), '85-93');
  assert.equal(pos(EIWO_ACK, 'disposition_status_code'), '154-155');
  assert.equal(pos(EIWO_ACK, 'disposition_reason_code'), '156-158');
  assert.equal(pos(EIWO_ACK, 'termination_date'), '160-167');
  assert.equal(pos(EIWO_ACK, 'final_payment_amount'), '259-269');
  assert.equal(pos(EIWO_ACK, 'lump_sum_payment_amount'), '418-428');
  assert.equal(pos(EIWO_ACK, 'ncp_phone_number'), '467-473');
  assert.equal(pos(EIWO_ACK, 'corrected_ein'), '539-547');
  assert.equal(pos(EIWO_ACK, 'multiple_iwo_state_code'), '548-549');
});

test('the golden DTL file, sliced by the tables, holds the reference sample field by field', () => {
  const lines = ONE_ORDER.split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, 5);
  for (const l of lines) assert.equal(l.length, 2406);
  const fh = slices(lines[0]!, EIWO_HEADER);
  assert.deepEqual([fh.document_code, fh.control_number, fh.state_fips_code, fh.ein, fh.primary_ein, fh.creation_date, fh.creation_time], ['FHI', '2000025011009300000001', '20000', '', '', '20250110', '093000']);
  const bh = slices(lines[1]!, EIWO_HEADER);
  assert.deepEqual([bh.document_code, bh.control_number, bh.ein], ['BHI', '2000025011009300000002', '123456789']);
  const d = slices(lines[2]!, EIWO_DTL);
  assert.equal(d.document_code, 'DTL');
  assert.equal(d.filler_4, '');
  assert.equal(d.document_action_code, 'ORG');
  assert.equal(d.document_date, '20250110');
  assert.equal(d.issuing_state_name, 'KANSAS');
  assert.equal(d.issuing_jurisdiction_name, 'SEDGWICK COUNTY');
  assert.equal(d.case_id, 'KS0012345');
  assert.equal(d.employer_name, 'SAMPLE EMPLOYER INC');
  assert.equal(d.employer_address_1, '100 MAIN ST');
  assert.equal(d.employer_city, 'WICHITA');
  assert.equal(d.employer_state, 'KS');
  assert.equal(d.employer_zip, '67202');
  assert.equal(d.employer_ein, '123456789');
  assert.equal(d.employee_last_name, 'SAMPLE');
  assert.equal(d.employee_ssn, '987654321');
  assert.equal(d.current_child_support_amount, '00000050000');
  assert.equal(d.current_child_support_frequency, 'M');
  assert.equal(d.total_withhold_amount, '00000060000');
  assert.equal(d.withhold_per_weekly, '00000013846');
  assert.equal(d.payee_remittance_fips, '2000003');
  assert.equal(d.document_tracking_number, 'KS-20250110-000001');
  assert.equal(d.order_identifier, '2024CV000123');
  assert.equal(d.child_2_first_name, 'LEO');
  assert.equal(d.child_2_birth_date, '20180312');
  const bt = slices(lines[3]!, EIWO_TRAILER);
  assert.deepEqual([bt.document_code, bt.control_number, bt.batch_count, bt.record_count], ['BTI', '2000025011009300000002', '00000', '00001']);
  const ft = slices(lines[4]!, EIWO_TRAILER);
  assert.deepEqual([ft.document_code, ft.batch_count, ft.record_count], ['FTI', '00001', '00001']);
});

test('the builder writes the golden DTL file byte for byte (contacts and penalty text added as values)', () => {
  const built = buildEiwoFile(SAMPLE_FILE);
  assert.ok(built.ok, JSON.stringify(built));
  const golden = ONE_ORDER.split('\n');
  const mine = built.value.split('\n');
  assert.equal(mine.length, golden.length);
  for (const i of [0, 1, 3, 4]) assert.equal(mine[i], golden[i], `record ${i + 1}`);
  // The DTL differs only in the free-text fields the typed input does not carry.
  const g = goldenDetailValues();
  assert.ok(g.ok);
  const re = encode(g.value, EIWO_DTL);
  assert.ok(re.ok);
  assert.equal(re.value, golden[2]);
  const differing = EIWO_DTL.fields.filter((f) => mine[2]!.slice(f.start - 1, f.start - 1 + f.length) !== golden[2]!.slice(f.start - 1, f.start - 1 + f.length)).map((f) => f.name);
  assert.deepEqual(differing, ['penalty_liability_text', 'employee_contact_name', 'employee_contact_phone', 'employer_contact_name', 'employer_contact_phone', 'employer_contact_email']);
});

test('the reader gives back the typed order from the golden file', () => {
  const r = parseEiwoFile(ONE_ORDER);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.control_number, '2000025011009300000001');
  assert.equal(r.value.batches.length, 1);
  const d = r.value.batches[0]!.details[0]!;
  assert.equal(d.employee.ssn, '987654321');
  assert.deepEqual(d.current_child_support, { amount_cents: 50000, frequency: 'M' });
  assert.deepEqual(d.withhold_per, SAMPLE_DETAIL.withhold_per);
  assert.deepEqual(d.children?.map((c) => [c.first, c.birth_date]), [['AVA', '2015-06-01'], ['LEO', '2018-03-12']]);
  assert.equal(d.employee.birth_date, '1985-02-14');
  assert.equal(d.current_medical_support, undefined);
  // Writing the parsed orders again gives the builder's bytes.
  const built = buildEiwoFile(SAMPLE_FILE);
  assert.ok(built.ok);
  const again = parseEiwoFile(built.value);
  assert.ok(again.ok);
  const rebuilt = buildEiwoFile({ ...SAMPLE_FILE, batches: again.value.batches.map((b) => ({ employer_ein: b.employer_ein, details: b.details })) });
  assert.ok(rebuilt.ok);
  assert.equal(rebuilt.value, built.value);
});

const EXPECTED_ACKS: EiwoAck[] = [
  { action: 'ORG', case_id: 'KS0012345', employer_ein: '123456789', employee: { last: 'SAMPLE', first: 'JANE', middle: '', suffix: '', ssn: '123456789' }, document_tracking_number: 'KS-20250110-000001', order_identifier: '2024CV000123', status: 'A' },
  {
    action: 'ORG', case_id: 'KS0099999', employer_ein: '123456789', employee: { last: 'ROE', first: 'RICHARD', middle: '', suffix: '', ssn: '111223333' },
    document_tracking_number: 'KS-20250110-000002', order_identifier: '2023CV000777', status: 'R', reason: 'N', termination_date: '2024-12-31',
    ncp_last_known_address: { line1: '12 OAK AVE', line2: '', city: 'WICHITA', state: 'KS', zip: '67203', zip4: undefined },
    ncp_phone: '3165550123', final_payment: { date: '2024-12-31', amount_cents: 25000 },
    new_employer: { name: 'OTHER WORKS LLC', address: { line1: '9 ELM ST', line2: '', city: 'TOPEKA', state: 'KS', zip: '66603', zip4: undefined } },
  },
  { action: 'EMP', case_id: 'KS0012345', employer_ein: '123456789', employee: { last: 'SAMPLE', first: 'JANE', middle: '', suffix: '', ssn: '123456789' }, document_tracking_number: 'KS-20250110-000001', order_identifier: '2024CV000123', status: 'L', lump_sum: { date: '2025-01-17', amount_cents: 150000, type: 'BONUS' } },
];

test('the golden acknowledgment file: reference ACK sample, a rejection with termination, a lump sum', () => {
  const lines = ACKS.split('\n');
  lines.pop();
  for (const l of lines) assert.equal(l.length, 573);
  const a = slices(lines[3]!, EIWO_ACK);
  assert.deepEqual([a.document_action_code, a.case_id, a.disposition_status_code, a.disposition_reason_code, a.termination_date, a.final_payment_amount, a.ncp_phone_area_code], ['ORG', 'KS0099999', 'R', 'N', '20241231', '00000025000', '316']);
  const h = slices(lines[1]!, ACK_HEADER);
  assert.deepEqual([h.document_code, h.ein, h.creation_time], ['BHA', '123456789', '081500']);
  const r = parseAckFile(ACKS);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.value.batches[0]!.acks.map(({ line: _line, ...x }) => x), EXPECTED_ACKS);
  assert.deepEqual(r.value.batches[0]!.acks.map((x) => x.line), [3, 4, 5]);
  const built = buildAckFile({ state_fips: '20000', creation_date: '2025-01-20', creation_time: '081500', batches: [{ employer_ein: '123456789', acks: EXPECTED_ACKS }] });
  assert.ok(built.ok, JSON.stringify(built));
  // The accepted ACK (reference sample) writes 00000000 for "no termination date", as Kansas does.
  assert.equal(built.value, ACKS);
});

test('a malformed file is rejected naming the line, the record and the field, never echoing an SSN', () => {
  const lines = ONE_ORDER.split('\n');
  const badEin = lines.slice();
  badEin[2] = badEin[2]!.slice(0, 242) + '12345678X' + badEin[2]!.slice(251);
  const r1 = parseEiwoFile(badEin.join('\n'));
  assert.ok(!r1.ok);
  assert.equal(r1.code, 'IMPORT_REJECTED');
  assert.ok(r1.details!.some((d) => d.line === 3 && d.message.includes('e-IWO detail (DTL), employer_ein (positions 243-251)') && d.message.includes("'12345678X'")), JSON.stringify(r1.details));

  const badSsn = lines.slice();
  badSsn[2] = badSsn[2]!.slice(0, 305) + '98765432A' + badSsn[2]!.slice(314);
  const r2 = parseEiwoFile(badSsn.join('\n'));
  assert.ok(!r2.ok);
  const msg = JSON.stringify(r2);
  assert.ok(msg.includes('employee_ssn (positions 306-314)'));
  assert.ok(!msg.includes('98765432A'));

  const badCount = lines.slice();
  badCount[3] = badCount[3]!.slice(0, 30) + '00002' + badCount[3]!.slice(35);
  const r3 = parseEiwoFile(badCount.join('\n'));
  assert.ok(!r3.ok);
  assert.ok(r3.details!.some((d) => d.line === 4 && d.message.includes('record_count (positions 31-35)')));

  const short = lines.slice();
  short[2] = short[2]!.slice(0, 2000);
  const r4 = parseEiwoFile(short.join('\n'));
  assert.ok(!r4.ok);
  assert.ok(r4.details!.some((d) => d.line === 3 && d.message.includes('exactly 2406')));

  const noTrailer = lines.slice(0, 4).join('\n');
  const r5 = parseEiwoFile(noTrailer);
  assert.ok(!r5.ok);
  assert.ok(r5.details!.some((d) => d.message.includes('no file trailer FTI')));

  const ackLines = ACKS.split('\n');
  const badReason = ackLines.slice();
  badReason[3] = badReason[3]!.slice(0, 155) + 'Q  ' + badReason[3]!.slice(158);
  const r6 = parseAckFile(badReason.join('\n'));
  assert.ok(!r6.ok);
  assert.ok(r6.details!.some((d) => d.line === 4 && d.message.includes('disposition_reason_code') && d.message.includes('unknown reason code')), JSON.stringify(r6.details));
  const rejectNoReason = ackLines.slice();
  rejectNoReason[3] = rejectNoReason[3]!.slice(0, 155) + '   ' + rejectNoReason[3]!.slice(158);
  const r7 = parseAckFile(rejectNoReason.join('\n'));
  assert.ok(!r7.ok);
  assert.ok(r7.details!.some((d) => d.line === 4 && d.message.includes('a rejection needs a reason code')));
});

test('the builder refuses bad input with the field path and never truncates', () => {
  const long = buildEiwoFile({ ...SAMPLE_FILE, batches: [{ employer_ein: '123456789', details: [{ ...SAMPLE_DETAIL, case_id: 'X'.repeat(16) }] }] });
  assert.ok(!long.ok);
  assert.ok(long.details!.some((d) => d.path === 'batches/0/details/0/case_id'));
  const wrongEin = buildEiwoFile({ ...SAMPLE_FILE, batches: [{ employer_ein: '999999999', details: [SAMPLE_DETAIL] }] });
  assert.ok(!wrongEin.ok);
  const tooManyKids = buildEiwoFile({ ...SAMPLE_FILE, batches: [{ employer_ein: '123456789', details: [{ ...SAMPLE_DETAIL, children: Array(7).fill({ last: 'A', first: 'B' }) }] }] });
  assert.ok(!tooManyKids.ok);
});

test('property: every e-IWO layout round-trips any values that fit it', () => {
  for (const layout of EIWO_LAYOUTS) {
    fc.assert(
      fc.property(recordArb(layout), (values) => {
        const e = encode(values, layout);
        assert.ok(e.ok, JSON.stringify(e));
        assert.equal(e.value.length, layout.length);
        const d = decode(e.value, layout);
        assert.ok(d.ok, JSON.stringify(d));
        assert.deepEqual(withoutUndefined(d.value), withoutUndefined(values));
      }),
      { numRuns: 60 },
    );
  }
});

const upper = (max: number, min = 1) => fc.stringMatching(new RegExp(`^[A-Z][A-Z0-9 ]{${min - 1},${max - 1}}$`)).map((s) => s.trimEnd());
const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
const isoDate = fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const cents = fc.integer({ min: 0, max: 99_999_999 });
const freq = fc.constantFrom('W' as const, 'B' as const, 'S' as const, 'M' as const);

const detailArb = (ein: string): fc.Arbitrary<EiwoDetail> =>
  fc.record({
    action: fc.constantFrom('ORG' as const, 'AMD' as const, 'TRM' as const, 'LUM' as const),
    document_date: isoDate,
    case_id: upper(15),
    last: upper(20),
    first: upper(15),
    ssn: digits(9),
    birth: fc.option(isoDate, { nil: undefined }),
    current: fc.option(fc.record({ amount_cents: fc.integer({ min: 1, max: 99_999_999 }), frequency: freq }), { nil: undefined }),
    total: fc.record({ amount_cents: cents, frequency: freq }),
    arrears: fc.boolean(),
    per: fc.record({ weekly: cents, biweekly: cents, semimonthly: cents, monthly: cents }),
    tracking: upper(30),
    order: upper(30),
    kids: fc.array(fc.record({ last: upper(20), first: upper(15), birth_date: fc.option(isoDate, { nil: undefined }) }), { maxLength: 6 }),
    lump: fc.option(cents, { nil: undefined }),
  }).map((x) => ({
    action: x.action,
    document_date: x.document_date,
    issuing_state_name: 'KANSAS',
    case_id: x.case_id,
    employer: { name: 'EMPLOYER', address: { line1: '1 MAIN ST', city: 'WICHITA', state: 'KS', zip: '67202' }, ein },
    employee: { last: x.last, first: x.first, ssn: x.ssn, ...(x.birth ? { birth_date: x.birth } : {}) },
    payee: { name: 'KANSAS PAYMENT CENTER', address: { line1: 'PO BOX 758599', city: 'TOPEKA', state: 'KS', zip: '66675' } },
    ...(x.current ? { current_child_support: { ...x.current } } : {}),
    total_withhold: { ...x.total },
    arrears_over_12_weeks: x.arrears,
    withhold_per: { ...x.per },
    document_tracking_number: x.tracking,
    order_identifier: x.order,
    children: x.kids.map((k) => ({ last: k.last, first: k.first, ...(k.birth_date ? { birth_date: k.birth_date } : {}) })),
    ...(x.lump !== undefined ? { lump_sum_amount_cents: x.lump } : {}),
  }));

test('property: build then parse gives back every typed order, in batches per employer', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(digits(9), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 3 }).chain((batches) =>
      fc.tuple(...batches.map(([ein, n]) => fc.array(detailArb(ein), { minLength: n, maxLength: n }).map((details) => ({ employer_ein: ein, details })))),
    ), (batches) => {
      const built = buildEiwoFile({ state_fips: '20000', creation_date: '2025-03-04', creation_time: '235959', batches });
      assert.ok(built.ok, JSON.stringify(built));
      const parsed = parseEiwoFile(built.value);
      assert.ok(parsed.ok, JSON.stringify(parsed));
      assert.equal(parsed.value.batches.length, batches.length);
      parsed.value.batches.forEach((b, i) => {
        b.details.forEach((d, j) => {
          const want = batches[i]!.details[j]!;
          assert.equal(d.case_id, want.case_id);
          assert.equal(d.employee.ssn, want.employee.ssn);
          assert.equal(d.employee.birth_date, want.employee.birth_date);
          assert.deepEqual(d.current_child_support, want.current_child_support);
          assert.deepEqual(d.total_withhold, want.total_withhold);
          assert.deepEqual(d.withhold_per, want.withhold_per);
          assert.equal(d.arrears_over_12_weeks, want.arrears_over_12_weeks);
          assert.deepEqual(d.children?.map((c) => [c.last, c.first, c.birth_date]), want.children?.map((c) => [c.last, c.first, c.birth_date]));
          assert.equal(d.lump_sum_amount_cents, want.lump_sum_amount_cents);
        });
      });
      // Writing the parsed orders again gives the same bytes.
      const again = buildEiwoFile({ state_fips: '20000', creation_date: '2025-03-04', creation_time: '235959', batches: parsed.value.batches.map((b) => ({ employer_ein: b.employer_ein, details: b.details })) });
      assert.ok(again.ok);
      assert.equal(again.value, built.value);
    }),
    { numRuns: 40 },
  );
});

test('fuzz: the readers always return a Result, whatever the bytes', () => {
  const mutate = (text: string) =>
    fc.array(fc.tuple(fc.nat(text.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((edits) => {
      const chars = [...text];
      for (const [at, code] of edits) chars[at] = String.fromCharCode(code);
      return chars.join('');
    });
  const check = (s: string) => {
    for (const r of [parseEiwoFile(s), parseAckFile(s), parseEiwoFile(Buffer.from(s, 'latin1'))]) {
      assert.equal(typeof r.ok, 'boolean');
      if (!r.ok) assert.ok(r.details && r.details.length > 0 && r.code === 'IMPORT_REJECTED');
    }
  };
  fc.assert(fc.property(mutate(ONE_ORDER), check), { numRuns: 150 });
  fc.assert(fc.property(mutate(ACKS), check), { numRuns: 150 });
  fc.assert(fc.property(fc.string({ maxLength: 3000 }), check), { numRuns: 150 });
  fc.assert(fc.property(fc.array(fc.constantFrom(...ONE_ORDER.split('\n'), ...ACKS.split('\n')), { maxLength: 8 }).map((ls) => ls.join('\n')), check), { numRuns: 150 });
});
