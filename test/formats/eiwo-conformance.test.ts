/**
 * e-IWO conformance to the published charts, independently of the writer: records are laid out here
 * from the chart's own positions (OMB 0970-0154 Chart D-1/D-2 headers and trailers, Chart D-3 rows
 * 1-184 as read, the rest from the reference's Kansas rows), then read; and what the writer makes is
 * checked position by position against the chart's rules (required fields, first character rules).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEiwoFile, dtlProblems, parseEiwoFile, type EiwoDetail } from '../../src/formats/eiwo/eiwo.ts';

const SAMPLE_DETAIL: EiwoDetail = {
  action: 'ORG',
  document_date: '2025-01-10',
  issuing_state_name: 'KANSAS',
  case_id: 'KS0012345',
  employer: { name: 'SAMPLE EMPLOYER INC', address: { line1: '100 MAIN ST', city: 'WICHITA', state: 'KS', zip: '67202' }, ein: '123456789' },
  employee: { last: 'SAMPLE', first: 'JOHN', ssn: '987654321' },
  total_withhold: { amount_cents: 60000, frequency: 'M' },
  arrears_over_12_weeks: false,
  withhold_per: { weekly: 13846, biweekly: 27692, semimonthly: 30000, monthly: 60000 },
  payee: { name: 'KANSAS PAYMENT CENTER', address: { line1: 'PO BOX 758599', city: 'TOPEKA', state: 'KS', zip: '66675' } },
  document_tracking_number: 'KS-20250110-000001',
  order_identifier: '2024CV000123',
};

/** A record of `length` spaces with each [start, text] written at its 1-based chart position. */
function chartRecord(length: number, fields: [number, string][]): string {
  const chars = Array<string>(length).fill(' ');
  for (const [start, text] of fields) for (let i = 0; i < text.length; i++) chars[start - 1 + i] = text[i]!;
  return chars.join('');
}
const amount11 = (cents: number) => String(cents).padStart(11, '0');

// Chart D-3 positions, typed in from the chart (not from layouts.ts).
const CHART_DTL: [number, string][] = [
  [1, 'DTL'], [7, 'ORG'], [10, '20261102'], [18, 'PENNSYLVANIA'], [88, 'PA000123'],
  [103, 'LAKESHORE FOODS INC'], [160, '400 BAYFRONT PKWY'], [210, 'ERIE'], [232, 'PA'], [234, '16507'],
  [243, '251112222'], [252, 'REYES'], [272, 'DANIEL'], [306, '318224410'], [315, '19880702'],
  [449, amount11(30000)], [460, 'M'], [568, amount11(30000)], [579, 'M'], [580, 'N'],
  [581, amount11(6923)], [592, amount11(13846)], [603, amount11(15000)], [614, amount11(30000)],
  [660, '14'], [670, '07'], [672, '50'], [674, 'STATE DISBURSEMENT UNIT'], [731, 'PO BOX 69110'], [781, 'HARRISBURG'], [803, 'PA'], [805, '17106'],
  [1548, 'IWO-PA000123-1'], [1578, 'DR-2026-0042'],
];
const header = (code: string, control: string, ein = '') => chartRecord(2406, [[1, code], [4, control], [26, '42000'], [31, ein], [49, '20261102'], [57, '093000']]);
const trailer = (code: string, control: string, batches: number, records: number) => chartRecord(2406, [[1, code], [4, control], [26, String(batches).padStart(5, '0')], [31, String(records).padStart(5, '0')], [36, '00000'], [41, '00000']]);
const file = (dtl: string) => [header('FHI', '42000261102093000001'), header('BHI', '42000261102093000002', '251112222'), dtl, trailer('BTI', '42000261102093000002', 0, 1), trailer('FTI', '42000261102093000001', 1, 1)].map((l) => `${l}\n`).join('');

test('chart conformance: a DTL file laid out from Chart D-1/D-2/D-3 positions is read', () => {
  const r = parseEiwoFile(file(chartRecord(2406, CHART_DTL)));
  assert.ok(r.ok, JSON.stringify(r));
  const d = r.value.batches[0]!.details[0]!;
  assert.equal(d.case_id, 'PA000123');
  assert.equal(d.employer.address.line1, '400 BAYFRONT PKWY');
  assert.equal(d.employee.ssn, '318224410');
  assert.deepEqual(d.total_withhold, { amount_cents: 30000, frequency: 'M' });
  assert.equal(d.withhold_per.biweekly, 13846);
});

test('chart conformance: a DTL without Employer Address Line 1, or one starting with a space, is not read', () => {
  const noAddress = CHART_DTL.filter(([pos]) => pos !== 160);
  const r = parseEiwoFile(file(chartRecord(2406, noAddress)));
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.details!.some((x) => x.line === 3 && /employer_address_1 \(positions 160-184\): is required/.test(x.message)), JSON.stringify(r));
  const leadingSpace = CHART_DTL.map(([pos, text]): [number, string] => (pos === 160 ? [161, text] : [pos, text]));
  const s = parseEiwoFile(file(chartRecord(2406, leadingSpace)));
  assert.ok(!s.ok && s.details!.some((x) => /employer_address_1 .*must start with a letter or a digit/.test(x.message)), JSON.stringify(s));
  const caseStar = CHART_DTL.map(([pos, text]): [number, string] => (pos === 88 ? [88, 'PA*123'] : [pos, text]));
  assert.equal(parseEiwoFile(file(chartRecord(2406, caseStar))).ok, false);
});

test('chart conformance: what the writer makes holds every required field at its chart position', () => {
  const built = buildEiwoFile({ state_fips: '20000', creation_date: '2025-01-10', creation_time: '093000', batches: [{ employer_ein: '123456789', details: [SAMPLE_DETAIL] }] });
  assert.ok(built.ok, JSON.stringify(built));
  const lines = built.value.split('\n').slice(0, -1);
  assert.ok(lines.every((l) => l.length === 2406 && /^[\x20-\x7e]*$/.test(l)));
  const dtl = lines[2]!;
  const at = (start: number, end: number) => dtl.slice(start - 1, end);
  assert.equal(at(1, 3), 'DTL');
  assert.ok(['ORG', 'AMD', 'TRM', 'LUM'].includes(at(7, 9)));
  assert.match(at(10, 17), /^\d{8}$/);
  assert.match(at(18, 52), /^\S/, 'issuing state: first character not a space');
  assert.match(at(88, 102), /^[^ \\*][^\\*]*$/, 'case ID: no leading space, no \\ or *');
  assert.match(at(103, 159), /^[A-Za-z0-9]/, 'employer name: first character a letter or digit');
  assert.match(at(160, 184), /^[A-Za-z0-9]/, 'employer address line 1: first character a letter or digit');
  assert.match(at(243, 251), /^\d{9}$/);
  assert.match(at(306, 314), /^\d{9}$/);
  assert.match(at(568, 578), /^\d{11}$/);
});

test('the writer refuses a record without Employer Address Line 1 and names the chart field', () => {
  const bad = { ...SAMPLE_DETAIL, employer: { ...SAMPLE_DETAIL.employer, address: { ...SAMPLE_DETAIL.employer.address, line1: '' } } };
  const problems = dtlProblems(bad);
  assert.ok(problems.some((p) => /employer_address_1 \(positions 160-184\): is required \[OCSE D-3 2020\]/.test(p.message)), JSON.stringify(problems));
  const built = buildEiwoFile({ state_fips: '20000', creation_date: '2025-01-10', creation_time: '093000', batches: [{ employer_ein: '123456789', details: [bad] }] });
  assert.equal(built.ok, false);
});
