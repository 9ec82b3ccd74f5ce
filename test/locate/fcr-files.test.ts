/**
 * FCR input and response files, the SWA QW/UI layout and the pure locate rules: golden files checked
 * position by position against the layout tables, round trips per record type, rejection naming the
 * record number and the field, and property tests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { checkLayout, decode, encode } from '../../src/formats/fixed-width.ts';
import { buildFcrInputFile, buildFcrResponseFile, FCR_CASE_ACK, FCR_PERSON_ACK, parseFcrInputFile, parseFcrResponseFile } from '../../src/formats/fcr/files.ts';
import { NDNH_RESPONSE } from '../../src/formats/fcr/layouts.ts';
import { buildSwaFile, parseSwaFile, quarterEnd, SWA_MATCH } from '../../src/formats/swa/swa.ts';
import { fcrAction, fcrText, locateConfidence, recordHash } from '../../src/locate/rules.ts';
import { recordArb, withoutUndefined } from '../formats/layout-arbitraries.ts';
import { CASE_RECORD, CHANGE_RECORD, DELETE_CASE, ndnhW4, PERSON_RECORD, QW, responseFile, UI } from './fixtures.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');
const slice = (line: string, from: number, to: number) => line.slice(from - 1, to);

test('the acknowledgment and SWA tables tile their records', () => {
  for (const l of [FCR_CASE_ACK, FCR_PERSON_ACK, SWA_MATCH]) assert.deepEqual(checkLayout(l), [], l.key);
  assert.equal(FCR_CASE_ACK.length, 920);
  assert.equal(FCR_PERSON_ACK.length, 920);
  assert.equal(SWA_MATCH.length, 300);
});

test('golden FCR input file: header, case add, person add, person change, case delete, trailer — byte for byte', () => {
  const built = buildFcrInputFile({ state_code: '42', date_stamp: '2026-11-23', batch_number: 7 }, [CASE_RECORD, PERSON_RECORD, CHANGE_RECORD, DELETE_CASE]);
  assert.ok(built.ok, JSON.stringify(built));
  assert.equal(built.value, fixture('fcr-input.txt'));
  const lines = built.value.split('\n').slice(0, -1);
  assert.equal(lines.length, 6);
  assert.ok(lines.every((l) => l.length === 640));
  // FA header [KS 2009]: state 3-4, version 5-9, date 10-17, batch 18-23.
  assert.equal(slice(lines[0]!, 1, 23), 'FA4201.0020261123000007');
  // FC: action 3, case ID 4-18, type 19, order 20, FIPS county 21-23.
  assert.equal(slice(lines[1]!, 1, 23), 'FCA2026-000001    FY049');
  assert.equal(slice(lines[1]!, 24, 640).trim(), '');
  // FP: participant type 44-45, member ID 48-62, sex 63, DOB 64-71, SSN 72-80, names 90/106/122.
  const p = lines[2]!;
  assert.equal(slice(p, 1, 3), 'FPA');
  assert.equal(slice(p, 36, 38), '049');
  assert.equal(slice(p, 41, 42), 'CS');
  assert.equal(slice(p, 44, 45), 'NP');
  assert.equal(slice(p, 48, 62), '0000000002     ');
  assert.equal(slice(p, 63, 71), 'M19880702');
  assert.equal(slice(p, 72, 80), '318224410');
  assert.equal(slice(p, 81, 89), '         ');
  assert.equal(slice(p, 90, 105), 'DANIEL          ');
  assert.equal(slice(p, 122, 151).trimEnd(), 'REYES');
  // A change carries the SSN last sent as the Previous SSN (81-89).
  assert.equal(slice(lines[3]!, 3, 3), 'C');
  assert.equal(slice(lines[3]!, 72, 89), '318224411318224410');
  assert.equal(slice(lines[4]!, 1, 3), 'FCD');
  // FZ trailer [KS 2009]: record count 3-10 counts the case and person records.
  assert.equal(slice(lines[5]!, 1, 10), 'FZ00000004');
});

test('the FCR input file reads back to what was written (round trip)', () => {
  const text = fixture('fcr-input.txt');
  const r = parseFcrInputFile(text);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.value.header, { state_code: '42', version_control: '01.00', date_stamp: '2026-11-23', batch_number: 7 });
  assert.equal(r.value.record_count, 4);
  assert.deepEqual(r.value.records.map((x) => [x.type, x.values.action_type_code]), [['case', 'A'], ['person', 'A'], ['person', 'C'], ['case', 'D']]);
  const again = buildFcrInputFile({ state_code: '42', date_stamp: '2026-11-23', batch_number: 7 }, r.value.records);
  assert.ok(again.ok);
  assert.equal(again.value, text);
});

test('an input file with a wrong trailer count or a bad record is rejected naming the record and field', () => {
  const lines = fixture('fcr-input.txt').split('\n');
  const badCount = [...lines.slice(0, 5), lines[5]!.replace('FZ00000004', 'FZ00000009'), ''].join('\n');
  const r = parseFcrInputFile(badCount);
  assert.ok(!r.ok);
  assert.ok(r.details!.some((d) => d.line === 6 && d.path === 'record 6/record_count'), JSON.stringify(r.details));
  const badSex = [lines[0], lines[1], lines[2]!.slice(0, 62) + 'X' + lines[2]!.slice(63), ...lines.slice(3)].join('\n');
  const s = parseFcrInputFile(badSex);
  assert.ok(!s.ok);
  assert.ok(s.details!.some((d) => d.line === 3 && d.message.includes('sex (position 63)')), JSON.stringify(s.details));
});

test('golden FCR response file: FD/FS acknowledgments and NDNH W4, QW, UI and FCR locate responses', () => {
  const built = responseFile();
  assert.ok(built.ok, JSON.stringify(built));
  assert.equal(built.value, fixture('fcr-response.txt'));
  const lines = built.value.split('\n').slice(0, -1);
  assert.ok(lines.every((l) => l.length === 920));
  assert.equal(slice(lines[0]!, 1, 18), 'FDA2026-000001    ');
  assert.equal(slice(lines[0]!, 641, 651), '000007AAAAA');
  assert.equal(slice(lines[1]!, 641, 641), 'V');
  assert.equal(slice(lines[1]!, 774, 778), 'AAAAA');
  assert.equal(slice(lines[2]!, 774, 783), 'REJCTPE001');
  assert.equal(slice(lines[3]!, 61, 63), 'H99');
  assert.equal(slice(lines[3]!, 314, 322), '318224410');
  assert.equal(slice(lines[3]!, 328, 337), '0000000002');
  assert.equal(slice(lines[3]!, 387, 405), 'LAKESHORE FOODS INC');
  assert.equal(slice(lines[3]!, 433, 442), '9 RIVER RD');
  assert.equal(slice(lines[3]!, 593, 596), 'ERIE');
  assert.equal(slice(lines[3]!, 623, 629), 'PA16502');
  assert.equal(slice(lines[3]!, 703, 728), '21988070220261026251112222');
  assert.equal(slice(lines[3]!, 729, 729), 'V');
  assert.equal(slice(lines[4]!, 61, 63), 'H98');
  assert.equal(slice(lines[5]!, 61, 63), 'H97');
  assert.equal(slice(lines[6]!, 1, 2), 'FK');
});

test('each response record type reads back to what was written', () => {
  const r = parseFcrResponseFile(fixture('fcr-response.txt'));
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.value.map((x) => x.kind), ['case_ack', 'person_ack', 'person_ack', 'ndnh_match', 'ndnh_match', 'ndnh_match', 'locate_response']);
  assert.equal(r.value[1]!.values.ssn_validity_code, 'V');
  assert.equal(r.value[2]!.values.error_code_1, 'PE001');
  assert.equal(r.value[3]!.values.hire_date, '20261026');
  const again = buildFcrResponseFile(r.value.map((x) => ({ kind: x.kind, values: x.values })));
  assert.ok(again.ok);
  assert.equal(again.value, fixture('fcr-response.txt'));
});

test('a malformed response file is rejected whole, naming the record number and the field', () => {
  const lines = fixture('fcr-response.txt').split('\n').slice(0, -1);
  const bad = [...lines];
  bad[1] = bad[1]!.slice(0, 773) + 'OOPS!' + bad[1]!.slice(778);
  bad[3] = bad[3]!.slice(0, 60) + 'H55' + bad[3]!.slice(63);
  bad[4] = bad[4]!.slice(0, 900);
  bad.push('ZZ' + ' '.repeat(918));
  const r = parseFcrResponseFile(bad.join('\n') + '\n');
  assert.ok(!r.ok);
  assert.equal(r.code, 'IMPORT_REJECTED');
  const byLine = (n: number) => r.details!.filter((d) => d.line === n).map((d) => d.message).join(' | ');
  assert.match(byLine(2), /record 2: .*acknowledgment_code \(positions 774-778\)/);
  assert.match(byLine(4), /record 4: .*response_agency \(positions 61-63\)/);
  assert.match(byLine(5), /record 5: .*920/);
  assert.match(byLine(8), /record 8: record_identifier \(positions 1-2\)/);
  assert.equal(byLine(1), '');
});

test('a negative answer (no NDNH record, or no information) may come without an SSN; a match with information may not', () => {
  const built = buildFcrResponseFile([
    { kind: 'ndnh_match', values: ndnhW4({ response_agency: 'H01', ssn: '', employer_name: '', address_line_1: '' }) },
    { kind: 'locate_response', values: ndnhW4({ record_identifier: 'FK', response_agency: 'A01', locate_response_code: '10', ssn: '' }) },
  ]);
  assert.ok(built.ok, JSON.stringify(built));
  assert.ok(parseFcrResponseFile(built.value).ok);
  const withInfo = buildFcrResponseFile([{ kind: 'ndnh_match', values: ndnhW4({ ssn: '' }) }]);
  assert.ok(withInfo.ok);
  const r = parseFcrResponseFile(withInfo.value);
  assert.ok(!r.ok);
  assert.deepEqual(r.details!.map((d) => d.path), ['record 1/ssn']);
});

test('property: acknowledgment and NDNH response records round-trip through their tables', () => {
  for (const layout of [FCR_CASE_ACK, FCR_PERSON_ACK, NDNH_RESPONSE, SWA_MATCH]) {
    fc.assert(
      fc.property(recordArb(layout), (values) => {
        const e = encode(values, layout);
        assert.ok(e.ok, JSON.stringify(e));
        const d = decode(e.value, layout);
        assert.ok(d.ok, JSON.stringify(d));
        assert.deepEqual(withoutUndefined(d.value), withoutUndefined(values));
      }),
      { numRuns: 60 },
    );
  }
});

test('golden SWA file: a QW and a UI record, position by position, and back', () => {
  const built = buildSwaFile([QW, UI]);
  assert.ok(built.ok, JSON.stringify(built));
  assert.equal(built.value, fixture('swa-match.txt'));
  const [q, u] = built.value.split('\n');
  assert.equal(q!.length, 300);
  assert.equal(slice(q!, 1, 11), 'QW318224410');
  assert.equal(slice(q!, 58, 66), '259990001');
  assert.equal(slice(q!, 179, 187), '165071234');
  assert.equal(slice(q!, 188, 203), '2026300001250075');
  assert.equal(slice(u!, 204, 220), '20261102000041200');
  assert.equal(slice(u!, 221, 230), '77 LAKE ST');
  const r = parseSwaFile(built.value);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.value.map(({ line: _l, ...x }) => x), [QW, UI]);
  assert.equal(quarterEnd('20263'), '2026-09-30');
  assert.equal(quarterEnd('20265'), null);
});

test('a malformed SWA file is rejected naming the record and the field', () => {
  const [q, u] = fixture('swa-match.txt').split('\n');
  const r = parseSwaFile([q!.slice(0, 187) + '2026X' + q!.slice(192), u!.slice(0, 203) + ' '.repeat(8) + u!.slice(211), ''].join('\n'));
  assert.ok(!r.ok);
  assert.deepEqual(r.details!.map((d) => d.path), ['record 1/reporting_quarter', 'record 2/claim_date']);
  assert.match(r.details![0]!.message, /record 1: .*reporting_quarter \(positions 188-192\)/);
});

test('confidence: base level by source, one lower per doubt', () => {
  assert.equal(locateConfidence({ source: 'ndnh_w4', ssnMatchIndicator: 'V', receivedDate: '2026-11-23', reportedDate: '2026-11-01' }), 'high');
  assert.equal(locateConfidence({ source: 'ndnh_w4', ssnMatchIndicator: 'C', receivedDate: '2026-11-23' }), 'medium');
  assert.equal(locateConfidence({ source: 'ndnh_w4', ssnMatchIndicator: 'M', nameDiffers: true, receivedDate: '2026-11-23' }), 'low');
  assert.equal(locateConfidence({ source: 'state_qw', reportedDate: '2026-09-30', receivedDate: '2026-11-23' }), 'medium');
  assert.equal(locateConfidence({ source: 'state_qw', reportedDate: '2025-12-31', receivedDate: '2026-11-23' }), 'low');
  assert.equal(locateConfidence({ source: 'fcr', nameDiffers: true, ssnMatchIndicator: 'X', receivedDate: '2026-11-23' }), 'low');
});

test('FCR action: add new or re-added, change on different values, delete when no longer wanted, else nothing', () => {
  const h = recordHash(PERSON_RECORD.values);
  assert.equal(recordHash({ ...PERSON_RECORD.values, action_type_code: 'C' }), h, 'the action code is not part of what changed');
  assert.equal(fcrAction(null, true, h), 'A');
  assert.equal(fcrAction({ status: 'deleted', sentHash: h }, true, h), 'A');
  assert.equal(fcrAction({ status: 'registered', sentHash: h }, true, h), null);
  assert.equal(fcrAction({ status: 'registered', sentHash: h }, true, recordHash({ ...PERSON_RECORD.values, person_last_name: 'REYES-DIAZ' })), 'C');
  assert.equal(fcrAction({ status: 'registered', sentHash: h }, false, h), 'D');
  assert.equal(fcrAction({ status: 'deleted', sentHash: h }, false, h), null);
  assert.equal(fcrAction(null, false, h), null);
  assert.equal(fcrText('José  Núñez-O\'Neil', 16), 'JOSE NUNEZ-O NEI');
});
