/**
 * New-hire (W4) and FCR / NDNH layouts: tables against the reference, the golden W4 file, the CSV form,
 * round trips, rejection with line and field named, and fuzzing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { checkLayout, decode, encode, type RecordLayout } from '../../src/formats/fixed-width.ts';
import { FCR_CASE, FCR_LAYOUTS, FCR_PERSON, FCR_QUERY, FCR_HEADER_2000, FCR_HEADER_2009, FCR_TRAILER_2000, NDNH_RESPONSE } from '../../src/formats/fcr/layouts.ts';
import { NEW_HIRE_W4, buildNewHireFile, parseNewHireCsv, parseNewHireFile } from '../../src/formats/newhire/newhire.ts';
import { recordArb, withoutUndefined } from './layout-arbitraries.ts';

const W4_FILE = readFileSync(new URL('./fixtures/newhire-w4.txt', import.meta.url), 'latin1');
const pos = (layout: RecordLayout, name: string) => {
  const f = layout.fields.find((x) => x.name === name)!;
  return `${f.start}-${f.start + f.length - 1}`;
};

test('the new-hire, FCR and NDNH tables tile their records', () => {
  for (const layout of [NEW_HIRE_W4, ...FCR_LAYOUTS]) assert.deepEqual(checkLayout(layout), [], layout.key);
  assert.equal(NEW_HIRE_W4.length, 801);
  assert.equal(FCR_PERSON.length, 640);
  assert.equal(NDNH_RESPONSE.length, 920);
});

test('positions are the reference positions (section 3, spot checks)', () => {
  assert.equal(pos(NEW_HIRE_W4, 'employee_ssn'), '3-11');
  assert.equal(pos(NEW_HIRE_W4, 'employee_last_name'), '44-73');
  assert.equal(pos(NEW_HIRE_W4, 'employee_address_3'), '154-193');
  assert.equal(pos(NEW_HIRE_W4, 'employee_city'), '194-218');
  assert.equal(pos(NEW_HIRE_W4, 'employee_foreign_postal_code'), '257-271');
  assert.equal(pos(NEW_HIRE_W4, 'hire_date'), '280-287');
  assert.equal(pos(NEW_HIRE_W4, 'employer_fein'), '290-298');
  assert.equal(pos(NEW_HIRE_W4, 'employer_state_ein'), '299-310');
  assert.equal(pos(FCR_CASE, 'previous_case_id'), '41-55');
  assert.equal(pos(FCR_PERSON, 'participant_type'), '44-45');
  assert.equal(pos(FCR_PERSON, 'member_id'), '48-62');
  assert.equal(pos(FCR_PERSON, 'ssn'), '72-80');
  assert.equal(pos(FCR_PERSON, 'person_last_name'), '122-151');
  assert.equal(pos(FCR_PERSON, 'mother_maiden_name'), '222-237');
  assert.equal(pos(FCR_PERSON, 'additional_4_last_name'), '483-512');
  assert.equal(pos(FCR_PERSON, 'locate_source_8'), '550-552');
  assert.equal(pos(FCR_QUERY, 'ssn'), '54-62');
  assert.equal(pos(FCR_HEADER_2009, 'batch_number'), '18-23');
  assert.equal(pos(FCR_HEADER_2000, 'batch_number'), '34-39');
  assert.equal(pos(FCR_TRAILER_2000, 'record_count'), '19-26');
  assert.equal(pos(NDNH_RESPONSE, 'response_agency'), '61-63');
  assert.equal(pos(NDNH_RESPONSE, 'returned_last_name'), '284-313');
  assert.equal(pos(NDNH_RESPONSE, 'locate_response_code'), '375-376');
  assert.equal(pos(NDNH_RESPONSE, 'employer_name'), '387-431');
  assert.equal(pos(NDNH_RESPONSE, 'address_line_4'), '553-592');
  assert.equal(pos(NDNH_RESPONSE, 'zip3'), '634-636');
  assert.equal(pos(NDNH_RESPONSE, 'hire_date'), '712-719');
  assert.equal(pos(NDNH_RESPONSE, 'state_of_hire'), '752-753');
});

test('the reference FP sample (bytes 1-151) decodes field by field', () => {
  const sample = 'FPAKS0012345                       173     NP  0000012345     F19850214123456789         JANE            Q               SAMPLE                        ';
  assert.equal(sample.length, 151);
  const r = decode(sample.padEnd(640, ' '), FCR_PERSON);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.action_type_code, 'A');
  assert.equal(r.value.case_id, 'KS0012345');
  assert.equal(r.value.fips_county_code, '173');
  assert.equal(r.value.participant_type, 'NP');
  assert.equal(r.value.member_id, '0000012345');
  assert.equal(r.value.sex, 'F');
  assert.equal(r.value.birth_date, '1985-02-14');
  assert.equal(r.value.ssn, '123456789');
  assert.equal(r.value.person_first_name, 'JANE');
  assert.equal(r.value.person_last_name, 'SAMPLE');
  const back = encode(r.value, FCR_PERSON);
  assert.ok(back.ok);
  assert.equal(back.value, sample.padEnd(640, ' '));
});

test('the golden W4 file: reference sample bytes 1-310 and a second hire read as typed reports', () => {
  const r = parseNewHireFile(W4_FILE);
  assert.ok(r.ok, JSON.stringify(r));
  const [a, b] = r.value;
  assert.equal(a!.line, 1);
  assert.equal(a!.employee_ssn, '123456789');
  assert.equal(a!.employee_first_name, 'JANE');
  assert.equal(a!.employee_middle_name, 'Q');
  assert.equal(a!.employee_last_name, 'SAMPLE');
  assert.deepEqual(a!.employee_address, { line1: '200 ELM ST', line2: '', line3: '', city: 'TOPEKA', state: 'KS', zip: '66603' });
  assert.equal(a!.employee_birth_date, '1985-02-14');
  assert.equal(a!.hire_date, '2025-01-06');
  assert.equal(a!.state_of_hire, 'KS');
  assert.equal(a!.employer_fein, '123456789');
  assert.equal(a!.employer_name, 'SAMPLE EMPLOYER INC');
  assert.equal(b!.employee_last_name, 'OTHER-PERSON');
  assert.equal(b!.employee_birth_date, null);
  assert.equal(b!.employer_state_ein, 'KS0000123456');
  assert.deepEqual(b!.employer_address, { line1: 'PO BOX 1', line2: 'SUITE 200', line3: '', city: 'OLATHE', state: 'KS', zip: '660610001' });
  const rebuilt = buildNewHireFile(r.value.map(({ line: _l, ...x }) => x));
  assert.ok(rebuilt.ok);
  assert.equal(rebuilt.value, W4_FILE);
});

test('a W4 file with any bad line is rejected whole, naming lines and fields, never echoing the SSN', () => {
  const lines = W4_FILE.split('\n');
  const bad = lines.slice();
  bad[1] = bad[1]!.slice(0, 279) + '20251332' + bad[1]!.slice(287);
  bad[0] = bad[0]!.slice(0, 2) + '12345678Z' + bad[0]!.slice(11);
  const r = parseNewHireFile(bad.join('\n'));
  assert.ok(!r.ok);
  assert.equal(r.code, 'IMPORT_REJECTED');
  assert.ok(r.details!.some((d) => d.line === 1 && d.message.includes('employee_ssn (positions 3-11)')));
  assert.ok(r.details!.some((d) => d.line === 2 && d.message.includes('hire_date (positions 280-287)') && d.message.includes('20251332')));
  assert.ok(!JSON.stringify(r).includes('12345678Z'));
  const invalidSsn = lines.slice();
  invalidSsn[0] = invalidSsn[0]!.slice(0, 2) + '000123456' + invalidSsn[0]!.slice(11);
  const r2 = parseNewHireFile(invalidSsn.join('\n'));
  assert.ok(!r2.ok);
  assert.ok(r2.details!.some((d) => d.line === 1 && d.message.includes('employee_ssn: is not a valid SSN')));
});

const CSV = [
  'employee_ssn,employee_first_name,employee_last_name,employee_birth_date,hire_date,state_of_hire,employer_fein,employer_name,employer_address_1,employer_city,employer_state,employer_zip',
  '123-45-6789,JANE,SAMPLE,1985-02-14,2025-01-06,KS,12-3456789,SAMPLE EMPLOYER INC,100 MAIN ST,WICHITA,KS,67202',
  '222334444,MARK,OTHER-PERSON,,2025-01-08,ks,987654321,"ACME WIDGETS, LLC",PO BOX 1,OLATHE,KS,66061-0001',
].join('\n');

test('the CSV form reads the same reports; a bad line rejects the file with its line number', () => {
  const r = parseNewHireCsv(CSV);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value[0]!.employee_ssn, '123456789');
  assert.equal(r.value[0]!.employer_fein, '123456789');
  assert.equal(r.value[1]!.employer_name, 'ACME WIDGETS, LLC');
  assert.equal(r.value[1]!.employer_address.zip, '660610001');
  assert.equal(r.value[1]!.state_of_hire, 'KS');
  assert.equal(r.value[1]!.line, 3);
  const bad = parseNewHireCsv(CSV.replace('2025-01-08', '01/08/2025').replace('123-45-6789', ''));
  assert.ok(!bad.ok);
  assert.deepEqual(bad.details!.map((d) => d.line), [2, 3]);
  const unknown = parseNewHireCsv(CSV.replace('state_of_hire', 'shoe_size'));
  assert.ok(!unknown.ok);
});

test('property: the W4, FCR and NDNH layouts round-trip any values that fit', () => {
  for (const layout of [NEW_HIRE_W4, ...FCR_LAYOUTS]) {
    fc.assert(
      fc.property(recordArb(layout), (values) => {
        const e = encode(values, layout);
        assert.ok(e.ok, JSON.stringify(e));
        const d = decode(e.value, layout);
        assert.ok(d.ok, JSON.stringify(d));
        assert.deepEqual(withoutUndefined(d.value), withoutUndefined(values));
      }),
      { numRuns: 50 },
    );
  }
});

test('fuzz: the new-hire readers always return a Result', () => {
  const check = (s: string) => {
    for (const r of [parseNewHireFile(s), parseNewHireCsv(s)]) {
      assert.equal(typeof r.ok, 'boolean');
      if (!r.ok) assert.ok(r.details && r.details.length > 0);
    }
  };
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(W4_FILE.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (edits) => {
      const chars = [...W4_FILE];
      for (const [at, code] of edits) chars[at] = String.fromCharCode(code);
      check(chars.join(''));
    }),
    { numRuns: 200 },
  );
  fc.assert(fc.property(fc.string({ maxLength: 2000 }), check), { numRuns: 200 });
  fc.assert(fc.property(fc.array(fc.constantFrom(...CSV.split('\n'), '"', ',,', ''), { maxLength: 6 }).map((l) => l.join('\n')), check), { numRuns: 200 });
});
