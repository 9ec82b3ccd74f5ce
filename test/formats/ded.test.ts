import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildDed, dedName, DED_ELEMENTS, parseDed, type DedRemittance } from '../../src/formats/nacha/ded.ts';
import { dedRemittance } from './nacha-arbitraries.ts';

const SAMPLE: DedRemittance = {
  application_id: 'CS',
  case_id: '0012345678',
  pay_date: '2025-01-10',
  amount_cents: 45000,
  ncp_ssn: '123456789',
  medical_support: false,
  ncp_name: 'SAMPLE,JAN',
  fips_code: '20000',
  employment_terminated: false,
};

test('reads the reference samples (a payment, and a $0 termination notice with FIPS omitted)', () => {
  const a = parseDed('DED*CS*0012345678*250110*45000*123456789*N*SAMPLE,JAN*20000*\\'.padEnd(80));
  assert.ok(a.ok);
  assert.deepEqual(a.value, SAMPLE);

  const b = parseDed('DED*CS*0012345678*250110*0*123456789*N*SAMPLE,JAN**Y\\');
  assert.ok(b.ok);
  const { fips_code: _omitted, ...rest } = SAMPLE;
  assert.deepEqual(b.value, { ...rest, amount_cents: 0, employment_terminated: true });
});

test('only the mandatory elements, and trailing optional elements dropped', () => {
  const r = parseDed('DED*CS*A1*991231*1*000000001*Y\\');
  assert.ok(r.ok);
  assert.deepEqual(r.value, { application_id: 'CS', case_id: 'A1', pay_date: '1999-12-31', amount_cents: 1, ncp_ssn: '000000001', medical_support: true, employment_terminated: false });
});

test('builds the X12 form: omitted middle elements keep their *, trailing ones are dropped', () => {
  assert.deepEqual(buildDed(SAMPLE), { ok: true, value: 'DED*CS*0012345678*250110*45000*123456789*N*SAMPLE,JAN*20000\\' });
  const { fips_code: _f, ...noFips } = SAMPLE;
  assert.deepEqual(buildDed({ ...noFips, amount_cents: 0, employment_terminated: true }), { ok: true, value: 'DED*CS*0012345678*250110*0*123456789*N*SAMPLE,JAN**Y\\' });
  const { ncp_name: _n, ...bare } = noFips;
  assert.deepEqual(buildDed({ ...bare, medical_support: true }), { ok: true, value: 'DED*CS*0012345678*250110*45000*123456789*Y\\' });
});

test('the noncustodial parent name: 7 letters of the last name, a comma when shorter, 3 of the first', () => {
  assert.equal(dedName('Sample', 'Janet'), 'SAMPLE,JAN');
  assert.equal(dedName('Johnson', 'Michael'), 'JOHNSONMIC');
  assert.equal(dedName('Richardson', 'Al'), 'RICHARDAL');
  assert.equal(dedName("O'Brien-Smith", 'Jo Ann'), 'OBRIENSJOA');
  assert.equal(dedName('Li', 'Wei'), 'LI,WEI');
  assert.equal(dedName('Li', ''), 'LI');
  assert.equal(dedName('', 'Wei'), undefined);
  for (const n of ['SAMPLE,JAN', 'JOHNSONMIC', 'LI,WEI']) assert.ok(n.length <= DED_ELEMENTS.find((e) => e.name === 'ncp_name')!.max);
});

test('rejects a bad segment with the element named, and never echoes the SSN', () => {
  const cases: [string, string, RegExp][] = [
    ['DED*CS*0012345678*251310*45000*123456789*N\\', 'ded/pay_date', /pay date \(DED03\): must be a real date YYMMDD, found '251310'/],
    ['DED*CS*0012345678*250230*45000*123456789*N\\', 'ded/pay_date', /pay date/],
    ['DED*CS*0012345678*20250110*45000*123456789*N\\', 'ded/pay_date', /must be 6 characters long, found 8/],
    ['DED*CS*0012345678*250110*450.00*123456789*N\\', 'ded/payment_amount', /digits only/],
    ['DED*CS*0012345678*250110*12345678901*123456789*N\\', 'ded/payment_amount', /1 to 10 characters/],
    ['DED*CS*0012345678*250110*45000*12345678X*N\\', 'ded/ncp_ssn', /must be 9 digits/],
    ['DED*CS*0012345678*250110*45000*123456789*X\\', 'ded/medical_support_indicator', /must be one of Y, N/],
    ['DED*XX*0012345678*250110*45000*123456789*N\\', 'ded/application_identifier', /must be one of CS/],
    ['DED*CS*123456789012345678901*250110*45000*123456789*N\\', 'ded/case_identifier', /1 to 20 characters/],
    ['DED*CS**250110*45000*123456789*N\\', 'ded/case_identifier', /mandatory but missing/],
    ['DED*CS*0012345678*250110*45000*123456789\\', 'ded/medical_support_indicator', /mandatory but missing/],
    ['DED*CS*0012345678*250110*45000*123456789*N*SAMPLE,JANE\\', 'ded/ncp_name', /1 to 10 characters/],
    ['DED*CS*0012345678*250110*45000*123456789*N**2000\\', 'ded/fips_code', /5 to 7 characters/],
    ['DED*CS*0012345678*250110*45000*123456789*N***X\\', 'ded/employment_termination_indicator', /must be 'Y' or omitted/],
    ['DED*CS*0012345678*250110*45000*123456789*N', 'ded', /must end with the segment terminator/],
    ['DED*CS*0012345678*250110*45000*123456789*N\\ X', 'ded', /only spaces may follow/],
    ['DED*CS*0012345678*250110*45000*123456789*N*A*20000*Y*EXTRA\\', 'ded', /at most 9 follow 'DED'/],
    ['XYZ*CS*0012345678*250110*45000*123456789*N\\', 'ded', /must start with 'DED\*'/],
    ['ded*CS*0012345678*250110*45000*123456789*N\\', 'ded', /must start with 'DED\*'/],
  ];
  for (const [text, path, message] of cases) {
    const r = parseDed(text);
    assert.equal(r.ok, false, text);
    if (r.ok) continue;
    assert.equal(r.code, 'IMPORT_REJECTED');
    const d = r.details!.find((x) => x.path === path);
    assert.ok(d, `${text}: ${JSON.stringify(r.details)}`);
    assert.match(d.message, message, text);
    for (const x of r.details!) assert.ok(!x.message.includes('123456789'), `SSN echoed: ${x.message}`);
  }
});

test('builder refuses what the convention cannot carry', () => {
  const bad: [Partial<DedRemittance>, string][] = [
    [{ case_id: 'A*B' }, 'ded/case_identifier'],
    [{ case_id: 'A\\B' }, 'ded/case_identifier'],
    [{ case_id: ' 12' }, 'ded/case_identifier'],
    [{ case_id: '' }, 'ded/case_identifier'],
    [{ pay_date: '2025-02-29' }, 'ded/pay_date'],
    [{ amount_cents: -1 }, 'ded/payment_amount'],
    [{ amount_cents: 12.5 }, 'ded/payment_amount'],
    [{ amount_cents: 10_000_000_000 }, 'ded/payment_amount'],
    [{ ncp_ssn: '12345678' }, 'ded/ncp_ssn'],
    [{ ncp_name: 'SAMPLE,JANE' }, 'ded/ncp_name'],
    [{ fips_code: '2000' }, 'ded/fips_code'],
    [{ application_id: 'XX' }, 'ded/application_identifier'],
  ];
  for (const [change, path] of bad) {
    const r = buildDed({ ...SAMPLE, ...change });
    assert.equal(r.ok, false, JSON.stringify(change));
    if (!r.ok) assert.ok(r.details!.some((d) => d.path === path), `${JSON.stringify(change)}: ${JSON.stringify(r.details)}`);
  }
});

test('build then parse gives back the same remittance, within 80 characters (property)', () => {
  fc.assert(
    fc.property(dedRemittance, (ded) => {
      const built = buildDed(ded);
      assert.ok(built.ok, JSON.stringify(built));
      assert.ok(built.value.length <= 80);
      const parsed = parseDed(built.value.padEnd(80));
      assert.ok(parsed.ok, JSON.stringify(parsed));
      assert.deepEqual(parsed.value, ded);
      // The reference's style (a trailing '*' before the terminator) reads the same.
      const withStar = parseDed(built.value.slice(0, -1) + '*\\');
      assert.ok(withStar.ok);
      assert.deepEqual(withStar.value, ded);
    }),
    { numRuns: 300 },
  );
});

// Conformance to the chart (the X12 DED segment as the Child Support Application Banking Convention uses
// it): segments written here from the chart's own rules, not by buildDed, are read; and what buildDed
// writes matches the chart's pattern, for each medical support code the chart lists (Y, N, W).
const CHART_MEDICAL_CODES = ['Y', 'N', 'W'];
const CHART_PATTERN = /^DED\*(CS|DP|FD|IF|II|IO|IT|RF|RI|RO|RT)\*[^*\\]{1,20}\*\d{6}\*\d{1,10}\*\d{9}\*[YNW](\*[^*\\]{0,10}(\*[^*\\]{0,7}(\*[YN]?)?)?)?\\$/;

test('chart conformance: a DED built to the chart with each medical support code is read; the writer matches the chart', () => {
  for (const code of CHART_MEDICAL_CODES) {
    const segment = ['DED', 'CS', 'ABC123', '261030', '15000', '123456789', code, 'SAMPLE,JAN', '42101', 'Y'].join('*') + '\\';
    const r = parseDed(segment.padEnd(80));
    assert.ok(r.ok, `${code}: ${JSON.stringify(r)}`);
    assert.equal(r.value.medical_support, code === 'Y');
    assert.equal(r.value.medical_support_indicator, code === 'W' ? 'W' : undefined);
    assert.equal(r.value.employment_terminated, true);
    const written = buildDed(r.value);
    assert.ok(written.ok);
    assert.match(written.value, CHART_PATTERN);
    assert.equal(written.value, segment, 'what is read writes back the same');
  }
  const { ncp_name: _n, fips_code: _f, ...bare } = SAMPLE;
  const bareW = buildDed({ ...bare, medical_support_indicator: 'W' });
  assert.deepEqual(bareW, { ok: true, value: 'DED*CS*0012345678*250110*45000*123456789*W\\' });
});
