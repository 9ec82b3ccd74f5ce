/**
 * The CSENet codec: the layouts tile their blocks, a known transaction encodes to the golden line (and
 * back), any transaction round-trips, and a malformed one is refused with the block, field and positions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { decodeTransaction, encodeTransaction, type CsenetTransaction } from '../../src/formats/csenet/csenet.ts';
import { CASE_BLOCK, COLLECTION_BLOCK, CSENET_HEADER, CSENET_MAX_LENGTH, INFORMATION_BLOCK, NCP_IDENTIFICATION_BLOCK, NCP_LOCATE_BLOCK, ORDER_BLOCK, PARTICIPANT_BLOCK } from '../../src/formats/csenet/layouts.ts';
import { receivePlan, transactionProblems } from '../../src/interstate/rules.ts';
import { sampleReferral } from './fixtures/referral.ts';

const GOLDEN = new URL('./fixtures/enf-request.txt', import.meta.url);

test('every layout tiles its block, and the blocks add up to the CSENet maximum', () => {
  assert.equal(CSENET_HEADER.length, 127);
  assert.deepEqual([CASE_BLOCK, NCP_IDENTIFICATION_BLOCK, NCP_LOCATE_BLOCK, PARTICIPANT_BLOCK, ORDER_BLOCK, COLLECTION_BLOCK, INFORMATION_BLOCK].map((l) => l.length), [351, 181, 1421, 341, 254, 70, 416]);
  assert.equal(127 + 351 + 181 + 1421 + 9 * 341 + 9 * 254 + 9 * 70 + 416, CSENET_MAX_LENGTH, 'Kansas: 8,482 with the new line');
  // Groups the reference gives as ranges close where it says.
  const at = (layout: typeof CASE_BLOCK, name: string) => layout.fields.find((f) => f.name === name)!;
  assert.equal(at(CASE_BLOCK, 'payment_zip4').start + 3, 81);
  assert.equal(at(CASE_BLOCK, 'contact_suffix').start + 2, 137);
  assert.equal(at(CASE_BLOCK, 'nondisclosure_finding').start, 351);
  assert.equal(at(NCP_LOCATE_BLOCK, 'employer1_wage_amount_cents').start + 11, 662);
  assert.equal(at(NCP_LOCATE_BLOCK, 'professional_licenses').start, 1372);
  assert.equal(at(ORDER_BLOCK, 'medical_arrears_amount_cents').start + 11, 209);
  assert.equal(at(PARTICIPANT_BLOCK, 'dependent_paternity_status').start, 341);
  assert.equal(at(CSENET_HEADER, 'overdue_ind').start, 127);
});

test('golden: the ENF R referral encodes to the stored line, field by field where the reference places them', () => {
  const line = encodeTransaction(sampleReferral());
  assert.ok(line.ok, JSON.stringify(!line.ok && line.details));
  const text = line.value;
  assert.equal(text, readFileSync(GOLDEN, 'utf8').replace(/\n$/, ''));
  assert.equal(text.length, 127 + 351 + 181 + 3 * 341 + 254);
  const pos = (from: number, to: number) => text.slice(from - 1, to);
  assert.equal(pos(1, 7), '4200300');
  assert.equal(pos(8, 14), '2400000');
  assert.equal(pos(15, 17), '003');
  assert.equal(pos(18, 29), '000000000417');
  assert.equal(pos(34, 34), 'R');
  assert.equal(pos(35, 37), 'ENF');
  assert.equal(pos(38, 45), '20261102');
  assert.equal(pos(46, 60), 'CS00000012     ');
  assert.equal(pos(76, 80), 'ESREG');
  assert.equal(pos(90, 96), '1103100', 'case, NCP id, no locate, 3 participants, 1 order, no collections, no information');
  assert.equal(pos(128, 128), 'N', 'the Case block starts after the header');
  assert.equal(pos(128 + 351 + 56, 128 + 351 + 64), '318224410', 'NCP SSN at 57-65 of its block');
  const order = 128 + 351 + 181 + 3 * 341;
  assert.equal(text.slice(order - 1 + 36, order - 1 + 48), '+00000400.00', 'frequency amount at 37-48 of the Order block, a signed decimal with its point');
});

test('golden: the stored line decodes to the same transaction', () => {
  const decoded = decodeTransaction(readFileSync(GOLDEN, 'utf8'));
  assert.ok(decoded.ok, JSON.stringify(!decoded.ok && decoded.details));
  const t = decoded.value;
  assert.deepEqual([t.header.functionCode, t.header.action, t.header.reasonCode, t.header.serial, t.header.caseId], ['ENF', 'R', 'ESREG', '000000000417', 'CS00000012']);
  assert.equal(t.participants.length, 3);
  assert.deepEqual(t.participants.map((p) => p.relationship), ['C', 'N', 'D']);
  assert.equal(t.orders[0]!.frequency_amount_cents, 40000);
  assert.equal(t.ncpIdentification!.ssn, '318224410');
  assert.deepEqual(transactionProblems(t), []);
  assert.deepEqual(receivePlan(t), { kind: 'open_responding_case', clockEvent: 'intergovernmental_case_received' });
});

const upper = (max: number) => fc.stringMatching(new RegExp(`^[A-Z][A-Z ]{0,${max - 1}}$`)).map((s) => s.trimEnd()).filter((s) => s.length > 0);
const date = fc.integer({ min: 0, max: 20_000 }).map((d) => new Date(Date.UTC(1990, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));

test('property: any COL P transaction round-trips through the codec', () => {
  const collection = fc.record({ collection_date: date, posting_date: date, amount_cents: fc.integer({ min: 1, max: 9_999_999_999 }), payment_source: fc.constantFrom('W', 'F', 'R'), payment_method: fc.constantFrom('E', 'C') });
  fc.assert(
    fc.property(digits(12), digits(2), digits(3), date, upper(15), upper(15), fc.array(collection, { minLength: 1, maxLength: 9 }), fc.option(upper(80), { nil: undefined }), (serial, state, county, day, caseId, otherCaseId, collections, note) => {
      const t: CsenetTransaction = {
        header: { localFips: { state, county, sub: '00' }, otherFips: { state: '42', county: '000', sub: '00' }, serial, action: 'P', functionCode: 'COL', transactionDate: day, caseId, otherCaseId, reasonCode: 'CPCOL' },
        participants: [],
        orders: [],
        collections,
        ...(note ? { information: { text_line1: note } } : {}),
      };
      const line = encodeTransaction(t);
      assert.ok(line.ok);
      const back = decodeTransaction(line.value);
      assert.ok(back.ok, JSON.stringify(!back.ok && back.details));
      assert.equal(back.value.header.serial, serial);
      assert.equal(back.value.header.caseId, caseId);
      assert.equal(back.value.header.otherCaseId, otherCaseId);
      assert.deepEqual(back.value.collections.map((c) => [c.collection_date, c.posting_date, c.amount_cents, c.payment_source, c.payment_method]), collections.map((c) => [c.collection_date, c.posting_date, c.amount_cents, c.payment_source, c.payment_method]));
      assert.equal(back.value.information?.text_line1, note);
      assert.equal(encodeTransaction(back.value).ok && (encodeTransaction(back.value) as { value: string }).value, line.value, 'encode(decode(x)) = x');
      assert.deepEqual(transactionProblems(back.value), []);
    }),
    { numRuns: 200 },
  );
});

test('a malformed transaction is refused with the block, field and positions named', () => {
  const good = (encodeTransaction(sampleReferral()) as { value: string }).value;
  const at = (text: string) => {
    const r = decodeTransaction(text, 7);
    assert.ok(!r.ok);
    return r.details!.map((d) => [d.line, d.path, d.message]);
  };
  const replace = (text: string, pos: number, s: string) => text.slice(0, pos - 1) + s + text.slice(pos - 1 + s.length);

  const badFunction = at(replace(good, 35, 'XYZ'));
  assert.equal(badFunction[0]![1], 'header/functional_type_code');
  assert.match(String(badFunction[0]![2]), /positions 35-37.*must be one of/);
  assert.equal(badFunction[0]![0], 7);

  const badDate = at(replace(good, 128 + 351 + 181 + 56, '19901399'));
  assert.deepEqual(badDate.map((d) => d[1]), ['participant[1]/date_of_birth']);
  assert.match(String(badDate[0]![2]), /Participant block, date_of_birth \(positions 57-64\): must be a real date/);

  const short = at(good.slice(0, -10));
  assert.equal(short[0]![1], 'header');
  assert.match(String(short[0]![2]), /announces 6 data blocks .* but the transaction is/);

  const ssnLeak = at(replace(good, 128 + 351 + 57, 'ABCDEFGH'));
  assert.equal(ssnLeak[0]![1], 'ncp_identification/ssn');
  assert.doesNotMatch(String(ssnLeak[0]![2]), /ABCDEFGH/, 'a sensitive field is never echoed');

  const nonAscii = at(replace(good, 46, 'É'));
  assert.equal(nonAscii[0]![1], 'header/case_id');

  assert.equal(at(replace(good, 15, '002'))[0]![1], 'header/csenet_version');
  assert.equal(at('42')[0]![1], 'header');
});

test('a well-formed transaction that cannot be used is refused with the field named', () => {
  const t = sampleReferral();
  const problems = (x: CsenetTransaction) => transactionProblems(x).map((p) => p.path);
  assert.deepEqual(problems({ ...t, case: undefined }), ['case']);
  assert.deepEqual(problems({ ...t, orders: [] }), ['order']);
  assert.deepEqual(problems({ ...t, participants: t.participants.slice(0, 2) }), ['participant']);
  assert.deepEqual(problems({ ...t, header: { ...t.header, reasonCode: 'ZZZZZ' } }), ['header/action_reason_code']);
  assert.deepEqual(problems({ ...t, header: { ...t.header, functionCode: 'COL', action: 'R' } }), ['header/action_code', 'header/action_reason_code']);
  assert.deepEqual(problems({ header: { ...t.header, functionCode: 'COL', action: 'P', reasonCode: 'CPCOL', otherCaseId: 'CS1' }, participants: [], orders: [], collections: [] }), ['collection']);
  assert.deepEqual(problems({ header: { ...t.header, functionCode: 'ENF', action: 'A', reasonCode: '' }, participants: [], orders: [], collections: [] }), [], 'an acknowledgment needs no reason or blocks');
  const encodeMany = encodeTransaction({ ...t, participants: Array.from({ length: 10 }, () => t.participants[2]!) });
  assert.ok(!encodeMany.ok);
  assert.equal(encodeMany.details![0]!.path, 'participant');
});

test('what receiving each transaction does', () => {
  const h = sampleReferral().header;
  const plan = (functionCode: CsenetTransaction['header']['functionCode'], action: CsenetTransaction['header']['action'], reasonCode = '') => receivePlan({ header: { ...h, functionCode, action, reasonCode }, participants: [], orders: [], collections: [] }).kind;
  assert.equal(plan('CSI', 'R'), 'answer_status');
  assert.equal(plan('EST', 'R'), 'open_responding_case');
  assert.equal(plan('PAT', 'R'), 'open_responding_case');
  assert.equal(plan('ENF', 'U'), 'new_information');
  assert.equal(plan('MSC', 'R', 'GSC02'), 'close_instruction');
  assert.equal(plan('COL', 'P'), 'receipt_collection');
  assert.equal(plan('ENF', 'A'), 'record_answer');
  assert.equal(plan('LO1', 'R'), 'answer_locate');
});

// Conformance to the layout as partners read it (file-formats.md 5.2 and its corrections table), built
// here from the positions, not from layouts.ts: NCP locate aliases are first 16, middle 16, last 21,
// suffix 3 (alias 1 at 235-290), and money is `+99999999.99`.
test('chart conformance: an NCP locate alias and a collection amount laid out by position are read; the writer puts them there', () => {
  const block = (length: number, fields: [number, string][]) => {
    const chars = Array<string>(length).fill(' ');
    for (const [start, text] of fields) for (let i = 0; i < text.length; i++) chars[start - 1 + i] = text[i]!;
    return chars.join('');
  };
  const base = sampleReferral();
  const t: CsenetTransaction = { ...base, header: { ...base.header, functionCode: 'COL', action: 'P', reasonCode: 'CITAX' }, ncpLocate: undefined, participants: [], orders: [], collections: [{ collection_date: '2026-10-30', amount_cents: 123456, payment_source: 'F', payment_method: 'E' }] };
  const header = encodeTransaction(t);
  assert.ok(header.ok, JSON.stringify(header));
  // Replace the collection block with one laid out by hand from the positions.
  const handCollection = block(70, [[1, '20261030'], [17, '+00001234.56'], [29, 'F'], [30, 'E']]);
  const line = header.value.slice(0, header.value.length - 70) + handCollection;
  const read = decodeTransaction(line);
  assert.ok(read.ok, JSON.stringify(read));
  assert.equal(read.value.collections[0]!.amount_cents, 123456, '$1,234.56, not $12.34');
  assert.equal(header.value.slice(-70).slice(16, 28), '+00001234.56');
  // A plain 12-digit amount (the old form) is not what partners write: refused, naming the field.
  const old = decodeTransaction(header.value.slice(0, header.value.length - 70) + block(70, [[1, '20261030'], [17, '000000123456'], [29, 'F'], [30, 'E']]));
  assert.ok(!old.ok && /amount_cents \(positions 17-28\)/.test(JSON.stringify(old.details)), JSON.stringify(old));

  const withAlias: CsenetTransaction = { ...base, header: { ...base.header, functionCode: 'LO1', action: 'R', reasonCode: 'LSALL' }, ncpLocate: { alias1_first: 'DANNY', alias1_middle: 'J', alias1_last: 'REYES-SOTO', alias1_suffix: 'JR' }, participants: [], orders: [], collections: [] };
  const enc = encodeTransaction(withAlias);
  assert.ok(enc.ok, JSON.stringify(enc));
  const locateStart = 127 + (withAlias.case ? 351 : 0) + (withAlias.ncpIdentification ? 181 : 0);
  const loc = enc.value.slice(locateStart, locateStart + 1421);
  assert.equal(loc.slice(234, 250).trimEnd(), 'DANNY', 'alias 1 first name at 235-250');
  assert.equal(loc.slice(250, 266).trimEnd(), 'J', 'alias 1 middle name at 251-266');
  assert.equal(loc.slice(266, 287).trimEnd(), 'REYES-SOTO', 'alias 1 last name at 267-287');
  assert.equal(loc.slice(287, 290), 'JR ', 'alias 1 suffix at 288-290');
  const handLocate = block(1421, [[235, 'ANA'], [251, 'M'], [267, 'GARCIA'], [291, 'BETH'], [323, 'LOPEZ']]);
  const back = decodeTransaction(enc.value.slice(0, locateStart) + handLocate + enc.value.slice(locateStart + 1421));
  assert.ok(back.ok, JSON.stringify(back));
  assert.deepEqual([back.value.ncpLocate!.alias1_first, back.value.ncpLocate!.alias1_middle, back.value.ncpLocate!.alias1_last, back.value.ncpLocate!.alias2_first, back.value.ncpLocate!.alias2_last], ['ANA', 'M', 'GARCIA', 'BETH', 'LOPEZ']);
});
