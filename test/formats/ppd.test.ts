import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { abaCheckDigit, isValidRoutingNumber } from '../../src/formats/nacha/ach.ts';
import { buildPpdFile, parsePpdFile, type PpdFileInput } from '../../src/formats/nacha/ppd.ts';
import { ppdFile, routing } from './nacha-arbitraries.ts';

const GOLDEN = readFileSync(new URL('./fixtures/ppd-disbursements.ach', import.meta.url), 'latin1');

/** The disbursement run that should produce ppd-disbursements.ach byte for byte. */
const INPUT: PpdFileInput = {
  immediate_destination: '101000019',
  immediate_destination_name: 'SAMPLE BANK',
  immediate_origin: '044000037',
  immediate_origin_name: 'OPENCSE SDU',
  file_creation_date: '2025-01-20',
  file_creation_time: '0800',
  file_id_modifier: 'A',
  reference_code: 'DISB0120',
  company_name: 'OPENCSE SDU',
  company_id: '1470000001',
  entry_description: 'CHILD SUPP',
  effective_entry_date: '2025-01-21',
  originating_dfi_id: '04400003',
  credits: [
    { name: 'LI WEI', routing_number: '101000022', account_number: '555', account_type: 'checking', amount_cents: 0, individual_id: 'CS7', trace_sequence: 3, prenote: true },
    { name: 'JANE SAMPLE', routing_number: '123000026', account_number: '12345678901234567', account_type: 'checking', amount_cents: 45000, individual_id: 'CS0012345678', trace_sequence: 1 },
    // A long name is cut to the 22 characters of Individual Name.
    { name: 'MARIA GONZALEZ-RODRIGUEZ-SMITH', routing_number: '011000044', account_number: '000987-65', account_type: 'savings', amount_cents: 12345, individual_id: 'CS0099', trace_sequence: 2 },
  ],
};

test('the ABA 3-7-1 check digit', () => {
  for (const good of ['101000019', '101000022', '091000019', '044000037', '123000026', '011000044']) assert.ok(isValidRoutingNumber(good), good);
  for (const bad of ['101000018', '10100001', '1010000199', '10100001X', '000000000', '']) assert.ok(!isValidRoutingNumber(bad), bad);
  assert.equal(abaCheckDigit('09100001'), 9);
  // Any single wrong digit is caught (3, 7 and 1 are all prime to 10).
  fc.assert(
    fc.property(routing, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (r, i, delta) => {
      const changed = r.slice(0, i) + String((Number(r[i]) + delta) % 10) + r.slice(i + 1);
      assert.ok(!isValidRoutingNumber(changed) || changed === '000000000');
    }),
  );
});

test('builds the golden PPD file byte for byte: header, batch (PPD, 220), entries, controls, padding', () => {
  const r = buildPpdFile(INPUT);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value, GOLDEN);
  const ls = r.value.split('\n');
  assert.equal(ls.pop(), '');
  assert.equal(ls.length, 10);
  assert.equal(ls[1]!.slice(1, 4), '220');
  assert.equal(ls[1]!.slice(50, 53), 'PPD');
  assert.deepEqual(ls.slice(2, 5).map((l) => l.slice(1, 3)), ['22', '32', '23']);
  for (const l of ls) assert.ok(!/\s$/.test(l) || l.length === 94);
});

test('CRLF line endings on request; LF by default; nothing beyond column 94', () => {
  const crlf = buildPpdFile(INPUT, { line_ending: 'CRLF' });
  assert.ok(crlf.ok);
  assert.equal(crlf.value, GOLDEN.replaceAll('\n', '\r\n'));
  for (const l of crlf.value.split('\r\n').slice(0, -1)) assert.equal(l.length, 94);
  const lf = buildPpdFile(INPUT, { line_ending: 'LF' });
  assert.ok(lf.ok);
  assert.ok(!lf.value.includes('\r'));
});

test('reads the golden file back', () => {
  const r = parsePpdFile(GOLDEN);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(
    r.value.entries.map((e) => [e.trace_number, e.transaction_code, e.account_type, e.prenote, e.amount_cents, e.routing_number, e.account_number, e.individual_id, e.name]),
    [
      ['044000030000001', '22', 'checking', false, 45000, '123000026', '12345678901234567', 'CS0012345678', 'JANE SAMPLE'],
      ['044000030000002', '32', 'savings', false, 12345, '011000044', '000987-65', 'CS0099', 'MARIA GONZALEZ-RODRIGU'],
      ['044000030000003', '23', 'checking', true, 0, '101000022', '555', 'CS7', 'LI WEI'],
    ],
  );
  assert.equal(r.value.total_credit_cents, 57345);
  assert.equal(r.value.header.reference_code, 'DISB0120');
});

test('refuses bad credits with the input path named', () => {
  const cases: [Partial<PpdFileInput['credits'][number]>, string][] = [
    [{ routing_number: '123000027' }, '/credits/1/routing_number'],
    [{ routing_number: '12300002' }, '/credits/1/routing_number'],
    [{ account_number: '123456789012345678' }, '/credits/1/account_number'],
    [{ account_number: '1234 5678' }, '/credits/1/account_number'],
    [{ account_type: 'loan' as 'checking' }, '/credits/1/account_type'],
    [{ amount_cents: 0 }, '/credits/1/amount_cents'],
    [{ amount_cents: -5 }, '/credits/1/amount_cents'],
    [{ amount_cents: 10.5 }, '/credits/1/amount_cents'],
    [{ amount_cents: 10_000_000_000 }, '/credits/1/amount_cents'],
    [{ individual_id: 'CASE-0000000000012' }, '/credits/1/individual_id'],
    [{ name: '   ' }, '/credits/1/name'],
    [{ name: 'JOSÉ' }, '/credits/1/name'],
    [{ trace_sequence: 3 }, '/credits/1/trace_sequence'],
    [{ trace_sequence: 0 }, '/credits/1/trace_sequence'],
    [{ trace_sequence: 10_000_000 }, '/credits/1/trace_sequence'],
    [{ prenote: true }, '/credits/1/amount_cents'],
  ];
  for (const [change, path] of cases) {
    const credits = INPUT.credits.map((c, i) => (i === 1 ? { ...c, ...change } : c));
    const r = buildPpdFile({ ...INPUT, credits });
    assert.equal(r.ok, false, JSON.stringify(change));
    if (!r.ok) {
      assert.equal(r.code, 'VALIDATION_FAILED');
      assert.ok(r.details!.some((d) => d.path === path), `${JSON.stringify(change)}: ${JSON.stringify(r.details)}`);
    }
  }
  const header: [Partial<PpdFileInput>, string][] = [
    [{ immediate_destination: '101000018' }, '/immediate_destination'],
    [{ immediate_origin: '12345' }, '/immediate_origin'],
    [{ file_creation_date: '2025-13-01' }, '/file_creation_date'],
    [{ file_creation_time: '2500' }, '/file_creation_time'],
    [{ file_id_modifier: 'a' }, '/file_id_modifier'],
    [{ company_name: 'OPENCSE STATE DISBURSEMENT UNIT' }, '/company_name'],
    [{ effective_entry_date: '2025-02-29' }, '/effective_entry_date'],
    [{ originating_dfi_id: '0440000' }, '/originating_dfi_id'],
    [{ credits: [] }, '/credits'],
  ];
  for (const [change, path] of header) {
    const r = buildPpdFile({ ...INPUT, ...change });
    assert.equal(r.ok, false, JSON.stringify(change));
    if (!r.ok) assert.ok(r.details!.some((d) => d.path === path), `${JSON.stringify(change)}: ${JSON.stringify(r.details)}`);
  }
});

test('any valid disbursement run builds a well-formed file that reads back the same (property)', () => {
  fc.assert(
    fc.property(ppdFile, fc.constantFrom('LF' as const, 'CRLF' as const), (input, eol) => {
      const built = buildPpdFile(input, { line_ending: eol });
      assert.ok(built.ok, JSON.stringify(built));
      const records = built.value.split(eol === 'LF' ? '\n' : '\r\n');
      assert.equal(records.pop(), '');
      assert.equal(records.length % 10, 0);
      for (const r of records) assert.equal(r.length, 94);
      const parsed = parsePpdFile(built.value);
      assert.ok(parsed.ok, JSON.stringify(parsed));
      const expected = [...input.credits]
        .sort((a, b) => a.trace_sequence - b.trace_sequence)
        .map((c) => ({
          trace_number: input.originating_dfi_id + String(c.trace_sequence).padStart(7, '0'),
          transaction_code: c.account_type === 'checking' ? (c.prenote ? '23' : '22') : c.prenote ? '33' : '32',
          amount_cents: c.amount_cents,
          routing_number: c.routing_number,
          account_number: c.account_number,
          individual_id: c.individual_id,
          name: c.name.trim().slice(0, 22).trimEnd(),
        }));
      assert.deepEqual(
        parsed.value.entries.map((e) => ({
          trace_number: e.trace_number,
          transaction_code: e.transaction_code,
          amount_cents: e.amount_cents,
          routing_number: e.routing_number,
          account_number: e.account_number,
          individual_id: e.individual_id,
          name: e.name,
        })),
        expected,
      );
      assert.equal(parsed.value.total_credit_cents, input.credits.reduce((s, c) => s + c.amount_cents, 0));
      assert.equal(parsed.value.total_debit_cents, 0);
    }),
    { numRuns: 150 },
  );
});
