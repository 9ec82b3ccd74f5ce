import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Failure } from '../../src/kernel/result.ts';
import { buildCcdFile, ccdIdempotencyKey, parseCcdFile, type CcdFileInput } from '../../src/formats/nacha/ccd.ts';
import { ccdFile } from './nacha-arbitraries.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');
const TWO_BATCHES = fixture('ccd-two-batches.ach');
const PAD = '9'.repeat(94);

/** The input that should build ccd-two-batches.ach byte for byte. */
const TWO_BATCHES_INPUT: CcdFileInput = {
  immediate_destination: '101000019',
  immediate_destination_name: 'SAMPLE BANK',
  immediate_origin: '091000019',
  immediate_origin_name: 'SAMPLE PAYROLL SVC',
  file_creation_date: '2025-01-16',
  file_creation_time: '1405',
  file_id_modifier: 'B',
  batches: [
    {
      company_name: 'ACME WIDGETS LLC',
      company_id: '1987654321',
      entry_description: 'CHILD SUPP',
      descriptive_date: 'JAN 25',
      effective_entry_date: '2025-01-17',
      originating_dfi_id: '04400003',
      payments: [
        // Given out of order: the builder writes entries in trace order.
        {
          receiving_dfi_routing: '101000022',
          dfi_account_number: '5550001234',
          receiving_company_name: 'OPENCSE SDU',
          trace_sequence: 2,
          ded: { application_id: 'CS', case_id: '000456', pay_date: '2025-01-15', amount_cents: 12345, ncp_ssn: '987654321', medical_support: false, employment_terminated: false },
        },
        {
          receiving_dfi_routing: '101000022',
          dfi_account_number: '5550001234',
          receiving_company_name: 'OPENCSE SDU',
          trace_sequence: 1,
          ded: { application_id: 'CS', case_id: 'CS-000123', pay_date: '2025-01-15', amount_cents: 45000, ncp_ssn: '123456789', medical_support: true, ncp_name: 'JOHNSONMIC', fips_code: '2017300', employment_terminated: false },
        },
      ],
    },
    {
      company_name: 'SAMPLE EMPLOYER',
      company_id: '1234567890',
      company_discretionary_data: 'PAYROLL 2025-02',
      entry_description: 'CHILD SUPP',
      effective_entry_date: '2025-01-20',
      originating_dfi_id: '09100001',
      batch_number: 2,
      payments: [
        {
          receiving_dfi_routing: '101000022',
          dfi_account_number: '5550001234',
          receiving_company_name: 'OPENCSE SDU',
          identification_number: 'EMP 4471',
          trace_sequence: 17,
          ded: { application_id: 'CS', case_id: '0012345678', pay_date: '2025-01-17', amount_cents: 0, ncp_ssn: '123456789', medical_support: false, ncp_name: 'SAMPLE,JAN', employment_terminated: true },
        },
        {
          receiving_dfi_routing: '101000022',
          dfi_account_number: '5550009876',
          receiving_company_name: 'OPENCSE SDU',
          identification_number: 'EMP 4472',
          account_type: 'savings',
          trace_sequence: 18,
          ded: { application_id: 'CS', case_id: '0099', pay_date: '2025-01-17', amount_cents: 7525, ncp_ssn: '222334444', medical_support: false, ncp_name: 'LI,WEI', fips_code: '20000', employment_terminated: false },
        },
      ],
    },
  ],
};

function rejected(text: string): Failure {
  const r = parseCcdFile(text);
  assert.equal(r.ok, false, 'the file should be rejected');
  if (r.ok) throw new Error('unreachable');
  assert.equal(r.code, 'IMPORT_REJECTED');
  assert.ok(r.details && r.details.length > 0);
  assert.ok(!('value' in r), 'a rejected file returns no payments');
  return r;
}

function hasProblem(f: Failure, line: number, path: string, message?: RegExp): void {
  const found = f.details!.find((d) => d.line === line && d.path === path && (!message || message.test(d.message)));
  assert.ok(found, `expected a problem on line ${line} at ${path}${message ? ` matching ${message}` : ''}; got ${JSON.stringify(f.details, null, 1)}`);
}

const lines = (text: string) => text.split('\n').slice(0, -1);
const join = (ls: string[]) => ls.map((l) => l + '\n').join('');
const withLine = (text: string, n: number, change: (l: string) => string) => {
  const ls = lines(text);
  ls[n - 1] = change(ls[n - 1]!);
  return join(ls);
};
const put = (l: string, start: number, value: string) => l.slice(0, start - 1) + value + l.slice(start - 1 + value.length);

test('reads the reference sample file', () => {
  const r = parseCcdFile(fixture('ccd-reference-sample.ach'));
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.payments.length, 1);
  const p = r.value.payments[0]!;
  assert.equal(p.idempotency_key, 'ach-ccd:1234567890:2025-01-08:A:091000010000001');
  assert.equal(p.amount_cents, 45000);
  assert.equal(p.kind, 'payment');
  assert.deepEqual(p.employer, { name: 'SAMPLE EMPLOYER', company_id: '1234567890', discretionary_data: '', entry_description: 'CHILD SUPP', originating_dfi_id: '09100001' });
  assert.equal(p.effective_entry_date, '2025-01-10');
  assert.equal(p.ded.case_id, '0012345678');
  assert.equal(p.ded.pay_date, '2025-01-10');
  assert.equal(r.value.total_credit_cents, 45000);
});

test('reads the two-batch golden file into payments with their employer, dates and DED fields', () => {
  const r = parseCcdFile(TWO_BATCHES);
  assert.ok(r.ok, JSON.stringify(r));
  const f = r.value;
  assert.deepEqual(f.header, {
    immediate_destination: '101000019',
    immediate_destination_name: 'SAMPLE BANK',
    immediate_origin: '091000019',
    immediate_origin_name: 'SAMPLE PAYROLL SVC',
    file_creation_date: '2025-01-16',
    file_creation_time: '1405',
    file_id_modifier: 'B',
    reference_code: '',
  });
  assert.equal(f.record_count, 20);
  assert.equal(f.total_credit_cents, 64870);
  assert.equal(f.total_debit_cents, 0);
  assert.deepEqual(
    f.batches.map((b) => [b.line, b.batch_number, b.company_name, b.company_id, b.effective_entry_date, b.entry_count, b.total_credit_cents]),
    [
      [2, 1, 'ACME WIDGETS LLC', '1987654321', '2025-01-17', 2, 57345],
      [8, 2, 'SAMPLE EMPLOYER', '1234567890', '2025-01-20', 2, 7525],
    ],
  );
  assert.deepEqual(
    f.payments.map((p) => [p.line, p.addenda_line, p.kind, p.transaction_code, p.account_type, p.amount_cents, p.trace_number, p.employer.name, p.effective_entry_date]),
    [
      [3, 4, 'payment', '22', 'checking', 45000, '044000030000001', 'ACME WIDGETS LLC', '2025-01-17'],
      [5, 6, 'payment', '22', 'checking', 12345, '044000030000002', 'ACME WIDGETS LLC', '2025-01-17'],
      [9, 10, 'zero_dollar_remittance', '24', 'checking', 0, '091000010000017', 'SAMPLE EMPLOYER', '2025-01-20'],
      [11, 12, 'payment', '32', 'savings', 7525, '091000010000018', 'SAMPLE EMPLOYER', '2025-01-20'],
    ],
  );
  assert.deepEqual(
    f.payments.map((p) => p.idempotency_key),
    ['ach-ccd:091000019:2025-01-16:B:044000030000001', 'ach-ccd:091000019:2025-01-16:B:044000030000002', 'ach-ccd:091000019:2025-01-16:B:091000010000017', 'ach-ccd:091000019:2025-01-16:B:091000010000018'],
  );
  assert.deepEqual(f.payments[0]!.ded, TWO_BATCHES_INPUT.batches[0]!.payments[1]!.ded);
  assert.deepEqual(f.payments[2]!.ded, TWO_BATCHES_INPUT.batches[1]!.payments[0]!.ded);
  assert.equal(f.payments[2]!.ded.employment_terminated, true);
  assert.equal(f.payments[3]!.identification_number, 'EMP 4472');
  assert.equal(f.payments[3]!.receiving_dfi_routing, '101000022');
  assert.equal(f.payments[3]!.dfi_account_number, '5550009876');
  assert.equal(f.payments[3]!.employer.discretionary_data, 'PAYROLL 2025-02');
});

test('the builder writes the two-batch golden file byte for byte (LF), and CRLF on request', () => {
  const built = buildCcdFile(TWO_BATCHES_INPUT);
  assert.ok(built.ok, JSON.stringify(built));
  assert.equal(built.value, TWO_BATCHES);
  const crlf = buildCcdFile(TWO_BATCHES_INPUT, { line_ending: 'CRLF' });
  assert.ok(crlf.ok);
  assert.equal(crlf.value, TWO_BATCHES.replaceAll('\n', '\r\n'));
  const again = parseCcdFile(crlf.value);
  assert.ok(again.ok);
  assert.deepEqual(again.value, (parseCcdFile(TWO_BATCHES) as { value: unknown }).value);
});

test('bytes are read as well as text, and a file without line breaks is read record by record', () => {
  const bytes = parseCcdFile(Buffer.from(TWO_BATCHES, 'latin1'));
  assert.ok(bytes.ok);
  const unbroken = parseCcdFile(TWO_BATCHES.replaceAll('\n', ''));
  assert.ok(unbroken.ok);
  assert.equal(unbroken.value.payments.length, 4);
});

test('the idempotency key is stable: the same file read twice gives the same keys, all distinct', () => {
  const a = parseCcdFile(TWO_BATCHES);
  const b = parseCcdFile(TWO_BATCHES);
  assert.ok(a.ok && b.ok);
  const keys = a.value.payments.map((p) => p.idempotency_key);
  assert.deepEqual(keys, b.value.payments.map((p) => p.idempotency_key));
  assert.equal(new Set(keys).size, keys.length);
  assert.equal(ccdIdempotencyKey(a.value.header, '044000030000001'), keys[0]);
  // A second file sent the same day (modifier C) with the same trace numbers is a different file.
  const other = parseCcdFile(withLine(TWO_BATCHES, 1, (l) => put(l, 34, 'C')));
  assert.ok(other.ok);
  assert.notEqual(other.value.payments[0]!.idempotency_key, keys[0]);
});

test('rejects a line of the wrong length, naming the line and the record type', () => {
  const f = rejected(withLine(TWO_BATCHES, 3, (l) => l.slice(0, 93)));
  hasProblem(f, 3, 'entry_detail', /Entry Detail \(record type 6, CCD\): the record is 93 characters long; it must be exactly 94/);
  const g = rejected(withLine(TWO_BATCHES, 1, (l) => l + ' '));
  hasProblem(g, 1, 'file_header', /95 characters/);
});

test('rejects records out of order', () => {
  // The addenda before its entry.
  const ls = lines(TWO_BATCHES);
  [ls[2], ls[3]] = [ls[3]!, ls[2]!];
  const f = rejected(join(ls));
  hasProblem(f, 3, 'addenda', /does not follow an entry detail/);
  hasProblem(f, 4, 'entry_detail/addenda_record_indicator', /no addenda record \(type 7\) follows/);

  // A batch control missing: the next batch header comes first.
  const m = lines(TWO_BATCHES);
  m.splice(6, 1);
  m.push(PAD);
  hasProblem(rejected(join(m)), 2, 'batch_control', /has no batch control \(type 8\) before the next batch header on line 7/);

  // The file header not first.
  const h = lines(TWO_BATCHES);
  [h[0], h[1]] = [h[1]!, h[0]!];
  const fh = rejected(join(h));
  hasProblem(fh, 1, 'file_header', /the first record must be the file header/);

  // A record after the file control that is not padding; an unknown record type.
  hasProblem(rejected(withLine(TWO_BATCHES, 16, () => '1'.repeat(94))), 16, 'padding', /only padding records/);
  hasProblem(rejected(withLine(TWO_BATCHES, 5, (l) => put(l, 1, '3'))), 5, 'record_type', /record type '3' \(position 1\) is not an ACH record type/);
});

test('rejects a wrong entry hash in a batch control and in the file control', () => {
  const f = rejected(withLine(TWO_BATCHES, 7, (l) => put(l, 11, '0020200005')));
  hasProblem(f, 7, 'batch_control/entry_hash', /Batch Control \(record type 8\), entry_hash \(positions 11-20\): says 0020200005 but the RDFI routing prefixes add up to 0020200004/);
  const g = rejected(withLine(TWO_BATCHES, 14, (l) => put(l, 22, '0040400009')));
  hasProblem(g, 14, 'file_control/entry_hash', /positions 22-31/);
});

test('rejects control totals and counts that do not match the entries', () => {
  const f = rejected(withLine(TWO_BATCHES, 7, (l) => put(l, 33, '000000057346')));
  hasProblem(f, 7, 'batch_control/total_credit_amount', /says 57346 cents but the credit entries add up to 57345/);
  const g = rejected(withLine(TWO_BATCHES, 14, (l) => put(l, 44, '000000064871')));
  hasProblem(g, 14, 'file_control/total_credit_amount', /positions 44-55/);
  const h = rejected(withLine(TWO_BATCHES, 14, (l) => put(l, 32, '000000000001')));
  hasProblem(h, 14, 'file_control/total_debit_amount');
  hasProblem(rejected(withLine(TWO_BATCHES, 7, (l) => put(l, 5, '000005'))), 7, 'batch_control/entry_addenda_count', /says 5 but the batch has 4/);
  hasProblem(rejected(withLine(TWO_BATCHES, 14, (l) => put(l, 2, '000003'))), 14, 'file_control/batch_count', /says 3 but the file has 2 batches/);
  hasProblem(rejected(withLine(TWO_BATCHES, 14, (l) => put(l, 8, '000003'))), 14, 'file_control/block_count', /makes? 2 blocks/);
  hasProblem(rejected(withLine(TWO_BATCHES, 14, (l) => put(l, 14, '00000009'))), 14, 'file_control/entry_addenda_count');
  hasProblem(rejected(withLine(TWO_BATCHES, 13, (l) => put(l, 45, '1234567899'))), 13, 'batch_control/company_identification', /must match the batch header/);
  hasProblem(rejected(withLine(TWO_BATCHES, 13, (l) => put(l, 88, '0000003'))), 13, 'batch_control/batch_number');
});

test('rejects a non-numeric amount, naming the field and its positions', () => {
  const f = rejected(withLine(TWO_BATCHES, 3, (l) => put(l, 34, '4A')));
  hasProblem(f, 3, 'entry_detail/amount', /Entry Detail \(record type 6, CCD\), amount \(positions 30-39\): must be digits \(right-justified, zero-filled\), found '00004A5000'/);
  const g = rejected(withLine(TWO_BATCHES, 3, (l) => put(l, 30, '      4500')));
  hasProblem(g, 3, 'entry_detail/amount');
});

test('rejects an entry whose addenda is missing', () => {
  const ls = lines(TWO_BATCHES);
  ls.splice(3, 1);
  ls.push(PAD);
  const f = rejected(join(ls));
  hasProblem(f, 3, 'entry_detail/addenda_record_indicator', /is 1 but no addenda record \(type 7\) follows the entry/);
  // And the counts no longer match (the controls still say 4 and 8).
  hasProblem(f, 6, 'batch_control/entry_addenda_count');

  // An entry that says it has no addenda: a CCD+ child support entry must carry one.
  const noAddenda = lines(TWO_BATCHES);
  noAddenda.splice(3, 1);
  noAddenda.push(PAD);
  noAddenda[2] = put(noAddenda[2]!, 79, '0');
  const g = rejected(join(noAddenda));
  hasProblem(g, 3, 'entry_detail/addenda_record_indicator', /must be 1; a child support CCD\+ entry carries one addenda/);
});

test('rejects two addenda for one entry and an addenda of another type', () => {
  const ls = lines(TWO_BATCHES);
  ls.splice(4, 0, ls[3]!);
  ls.pop();
  hasProblem(rejected(join(ls)), 5, 'addenda', /only one addenda record \(type 7\) may follow a CCD entry/);
  hasProblem(rejected(withLine(TWO_BATCHES, 4, (l) => put(l, 2, '02'))), 4, 'addenda/addenda_type_code', /must be '05'/);
  hasProblem(rejected(withLine(TWO_BATCHES, 4, (l) => put(l, 84, '0002'))), 4, 'addenda/addenda_sequence_number');
  hasProblem(rejected(withLine(TWO_BATCHES, 4, (l) => put(l, 88, '0000009'))), 4, 'addenda/entry_detail_sequence_number', /last 7 digits of the entry's trace number \(0000001\)/);
});

/** A sound file with one entry whose remittance cannot be taken: the rest is returned, that entry held. */
function heldOne(text: string, entryLine: number, path: string, message?: RegExp) {
  const r = parseCcdFile(text);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.held.length, 1, JSON.stringify(r.value.held));
  const h = r.value.held[0]!;
  assert.equal(h.line, entryLine);
  const found = h.reasons.find((d) => d.path === path && (!message || message.test(d.message)));
  assert.ok(found, `expected a reason at ${path}; got ${JSON.stringify(h.reasons)}`);
  assert.equal(r.value.payments.length, 3, 'the other entries are still returned');
  assert.ok(!r.value.payments.some((p) => p.line === entryLine));
  return h;
}

test('holds (does not reject the file for) a DED with a bad date, a bad SSN, or an amount that differs from the entry', () => {
  const f = heldOne(withLine(TWO_BATCHES, 4, (l) => l.replace('*250115*', '*251315*')), 3, 'addenda/payment_related_information/ded/pay_date', /Addenda \(record type 7, type 05\), payment_related_information \(positions 4-83\): DED segment, pay date \(DED03\): must be a real date YYMMDD/);
  assert.equal(f.amount_cents, 45000);
  assert.equal(f.trace_number, '044000030000001');
  assert.equal(f.kind, 'payment');
  heldOne(withLine(TWO_BATCHES, 4, (l) => l.replace('*45000*', '*45001*')), 3, 'addenda/payment_related_information/ded/payment_amount', /DED payment amount \(45001 cents\) differs from the entry amount on line 3 \(45000 cents\)/);
  // The SSN in the segment never appears in a message.
  const h = heldOne(withLine(TWO_BATCHES, 4, (l) => l.replace('*123456789*', '*12345678X*')), 3, 'addenda/payment_related_information/ded/ncp_ssn');
  for (const d of h.reasons) assert.ok(!d.message.includes('12345678'), d.message);
});

test('a DED medical support indicator W (not applicable) is read, not refused', () => {
  const r = parseCcdFile(withLine(TWO_BATCHES, 4, (l) => l.replace('*123456789*Y*', '*123456789*W*')));
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.held.length, 0);
  const p = r.value.payments.find((x) => x.line === 3)!;
  assert.equal(p.ded.medical_support, false);
  assert.equal(p.ded.medical_support_indicator, 'W');
});

test('rejects a file not padded to a multiple of 10 records', () => {
  const ls = lines(TWO_BATCHES);
  ls.pop();
  const f = rejected(join(ls));
  hasProblem(f, 19, 'padding', /the file has 19 records; it must be blocked in 10s, padded with records of 94 '9's to 20/);
  // The reference sample without its padding.
  const sample = lines(fixture('ccd-reference-sample.ach')).slice(0, 6);
  hasProblem(rejected(join(sample)), 6, 'padding', /6 records/);
  // Padding that is not all 9s.
  hasProblem(rejected(withLine(TWO_BATCHES, 20, (l) => put(l, 50, '8'))), 20, 'padding');
});

test('rejects other breaches of the CCD+ rules, each with its line and field', () => {
  const cases: [string, number, string, RegExp?][] = [
    [withLine(TWO_BATCHES, 2, (l) => put(l, 51, 'PPD')), 2, 'batch_header/standard_entry_class_code', /must be 'CCD', found 'PPD'/],
    [withLine(TWO_BATCHES, 3, (l) => put(l, 12, '3')), 3, 'entry_detail/check_digit', /fails the ABA check digit/],
    [withLine(TWO_BATCHES, 3, (l) => put(l, 2, '27')), 3, 'entry_detail/transaction_code', /is a debit/],
    [withLine(TWO_BATCHES, 3, (l) => put(l, 2, '42')), 3, 'entry_detail/transaction_code', /not a checking or savings/],
    [withLine(TWO_BATCHES, 9, (l) => put(l, 2, '22')), 9, 'entry_detail/amount', /may not be zero/],
    [withLine(TWO_BATCHES, 5, (l) => put(l, 80, '044000030000001')), 5, 'entry_detail/trace_number', /also used on line 3/],
    [withLine(TWO_BATCHES, 5, (l) => put(l, 80, '091000010000002')), 5, 'entry_detail/trace_number', /must start with the batch's originating DFI 04400003/],
    [withLine(TWO_BATCHES, 8, (l) => put(l, 88, '0000001')), 8, 'batch_header/batch_number', /must ascend/],
    [withLine(TWO_BATCHES, 2, (l) => put(l, 70, '250230')), 2, 'batch_header/effective_entry_date', /positions 70-75\): must be a real date YYMMDD, found '250230'/],
    [withLine(TWO_BATCHES, 1, (l) => put(l, 34, 'b')), 1, 'file_header/file_id_modifier', /must be one of/],
    [withLine(TWO_BATCHES, 1, (l) => put(l, 4, '1010000190')), 1, 'file_header/immediate_destination', /a space followed by a 9-digit routing number/],
    [withLine(TWO_BATCHES, 1, (l) => put(l, 35, '095')), 1, 'file_header/record_size', /must be '094'/],
    [withLine(TWO_BATCHES, 1, (l) => put(l, 38, '20')), 1, 'file_header/blocking_factor', /must be '10'/],
    [withLine(TWO_BATCHES, 3, (l) => put(l, 55, 'OPEN\u0001SDU')), 3, 'entry_detail/receiving_company_name', /holds character 0x01 at position 59/],
    [withLine(TWO_BATCHES, 3, (l) => put(l, 55, 'OPENCSÉ')), 3, 'entry_detail/receiving_company_name', /0xC9/],
    [withLine(TWO_BATCHES, 7, (l) => put(l, 74, 'X')), 7, 'batch_control/reserved', /is reserved and must be blank/],
    [withLine(TWO_BATCHES, 14, () => PAD), 14, 'file_control', /a padding record .* before the file control/],
  ];
  for (const [text, line, path, message] of cases) hasProblem(rejected(text), line, path, message);
  assert.equal(rejected('').details![0]!.message, 'the file is empty');

  // A batch with no entries, and a file with no batches (controls made to agree, so only that is wrong).
  const ls = lines(TWO_BATCHES);
  const emptyBatch = [ls[0]!, ls[1]!, put(put(put(ls[6]!, 5, '000000'), 11, '0000000000'), 33, '000000000000'), ...ls.slice(7, 13), put(put(put(put(ls[13]!, 8, '000001'), 14, '00000004'), 22, '0020200004'), 44, '000000007525')];
  while (emptyBatch.length % 10) emptyBatch.push(PAD);
  const e = rejected(join(emptyBatch));
  assert.deepEqual(e.details, [{ line: 2, path: 'batch_header', message: 'the batch that starts on line 2 holds no entry detail records (type 6)' }]);
  const noBatches = [ls[0]!, put(put(put(put(put(ls[13]!, 2, '000000'), 8, '000001'), 14, '00000000'), 22, '0000000000'), 44, '000000000000'), ...Array(8).fill(PAD)];
  const n = rejected(join(noBatches));
  assert.deepEqual(n.details?.map((d) => d.line), [1]);
  assert.match(n.details![0]!.message, /holds no batches/);
});

test('every problem in a broken file is listed, not only the first', () => {
  let text = withLine(TWO_BATCHES, 3, (l) => put(l, 34, '4A'));
  text = withLine(text, 10, (l) => l.replace('*250117*', '*250199*'));
  text = withLine(text, 13, (l) => put(l, 11, '0000000000'));
  const f = rejected(text);
  hasProblem(f, 3, 'entry_detail/amount');
  hasProblem(f, 10, 'addenda/payment_related_information/ded/pay_date');
  hasProblem(f, 13, 'batch_control/entry_hash');
  const sorted = [...f.details!].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  assert.deepEqual(f.details, sorted, 'problems are listed in line order');
});

test('build then parse gives back the same payments (property)', () => {
  fc.assert(
    fc.property(ccdFile, fc.constantFrom('LF' as const, 'CRLF' as const), (input, eol) => {
      const built = buildCcdFile(input, { line_ending: eol });
      assert.ok(built.ok, JSON.stringify(built));
      const text = built.value;
      const records = text.split(eol === 'LF' ? '\n' : '\r\n');
      assert.equal(records.pop(), '');
      assert.equal(records.length % 10, 0);
      for (const r of records) assert.equal(r.length, 94);
      const parsed = parseCcdFile(text);
      assert.ok(parsed.ok, JSON.stringify(parsed));
      const origin = input.immediate_origin;
      const expected = input.batches.flatMap((b) =>
        [...b.payments]
          .sort((x, y) => x.trace_sequence - y.trace_sequence)
          .map((p) => {
            const trace = b.originating_dfi_id + String(p.trace_sequence).padStart(7, '0');
            return {
              idempotency_key: `ach-ccd:${origin}:${input.file_creation_date}:${input.file_id_modifier}:${trace}`,
              trace,
              amount_cents: p.ded.amount_cents,
              account_type: p.account_type ?? 'checking',
              employer: [b.company_name, b.company_id],
              effective_entry_date: b.effective_entry_date,
              sdu: [p.receiving_dfi_routing, p.dfi_account_number, p.receiving_company_name, p.identification_number ?? ''],
              ded: p.ded,
            };
          }),
      );
      const actual = parsed.value.payments.map((p) => ({
        idempotency_key: p.idempotency_key,
        trace: p.trace_number,
        amount_cents: p.amount_cents,
        account_type: p.account_type,
        employer: [p.employer.name, p.employer.company_id],
        effective_entry_date: p.effective_entry_date,
        sdu: [p.receiving_dfi_routing, p.dfi_account_number, p.receiving_company_name, p.identification_number],
        ded: p.ded,
      }));
      assert.deepEqual(actual, expected);
      const total = input.batches.flatMap((b) => b.payments).reduce((s, p) => s + p.ded.amount_cents, 0);
      assert.equal(parsed.value.total_credit_cents, total);
    }),
    { numRuns: 150 },
  );
});

test('the builder refuses bad input with the input path named', () => {
  const bad = structuredClone(TWO_BATCHES_INPUT) as CcdFileInput & { batches: { payments: { receiving_dfi_routing: string; trace_sequence: number; ded: { pay_date: string } }[] }[] };
  bad.batches[0]!.payments[0]!.receiving_dfi_routing = '101000023';
  bad.batches[0]!.payments[1]!.trace_sequence = 2;
  bad.batches[1]!.payments[1]!.ded.pay_date = '2025-02-30';
  const r = buildCcdFile(bad);
  assert.equal(r.ok, false);
  if (r.ok) return;
  const paths = r.details!.map((d) => d.path);
  assert.ok(paths.includes('/batches/0/payments/0/receiving_dfi_routing'), JSON.stringify(paths));
  assert.ok(paths.includes('/batches/0/payments/1/trace_sequence'), JSON.stringify(paths));
  assert.ok(paths.includes('/batches/1/payments/1/ded/pay_date'), JSON.stringify(paths));
  assert.equal(buildCcdFile({ ...TWO_BATCHES_INPUT, batches: [] }).ok, false);
  assert.equal(buildCcdFile({ ...TWO_BATCHES_INPUT, immediate_destination: '12345' }).ok, false);
});

// ---------------------------------------------------------------------------------------------------
// Fuzzing: any mutation of a valid file gives a Result, never an exception.

type Mutation = (text: string) => string;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, code]): Mutation => (t) => {
    const i = at % Math.max(t.length, 1);
    return t.slice(0, i) + String.fromCharCode(code) + t.slice(i + 1);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...'0123456789 9*\\A\n')).map(([at, ch]): Mutation => (t) => {
    const i = at % Math.max(t.length, 1);
    return t.slice(0, i) + ch + t.slice(i + 1);
  }),
  fc.nat().map((at): Mutation => (t) => {
    const i = at % Math.max(t.length, 1);
    return t.slice(0, i) + t.slice(i + 1);
  }),
  fc.tuple(fc.nat(), fc.string({ maxLength: 5 })).map(([at, s]): Mutation => (t) => {
    const i = at % Math.max(t.length, 1);
    return t.slice(0, i) + s + t.slice(i);
  }),
  fc.nat().map((at): Mutation => (t) => {
    const ls = t.split('\n');
    ls.splice(at % ls.length, 1);
    return ls.join('\n');
  }),
  fc.nat().map((at): Mutation => (t) => {
    const ls = t.split('\n');
    const i = at % ls.length;
    ls.splice(i, 0, ls[i]!);
    return ls.join('\n');
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (t) => {
    const ls = t.split('\n');
    const i = a % ls.length;
    const j = b % ls.length;
    [ls[i], ls[j]] = [ls[j]!, ls[i]!];
    return ls.join('\n');
  }),
  fc.nat().map((at): Mutation => (t) => t.slice(0, at % Math.max(t.length, 1))),
);

function checkResult(text: string): void {
  let r: ReturnType<typeof parseCcdFile>;
  try {
    r = parseCcdFile(text);
  } catch (err) {
    assert.fail(`parseCcdFile threw ${String(err)} for ${JSON.stringify(text)}`);
  }
  if (r.ok) {
    // An accepted file is internally consistent: the entries taken and held add up to the controls.
    const sum = [...r.value.payments, ...r.value.held].reduce((s, p) => s + p.amount_cents, 0);
    assert.equal(sum, r.value.total_credit_cents);
    const keys = [...r.value.payments, ...r.value.held].map((p) => p.idempotency_key);
    assert.equal(new Set(keys).size, keys.length);
    for (const h of r.value.held) assert.ok(h.reasons.length > 0);
    for (const p of r.value.payments) if (p.kind !== 'prenote') assert.equal(p.ded.amount_cents, p.amount_cents);
  } else {
    assert.equal(r.code, 'IMPORT_REJECTED');
    assert.ok(r.details && r.details.length > 0);
    for (const d of r.details) {
      assert.equal(typeof d.message, 'string');
      assert.ok(d.message.length > 0);
      if (d.line !== undefined) assert.ok(Number.isInteger(d.line) && d.line >= 1);
    }
  }
}

test('fuzz: random mutations of a valid file never throw; each gives ok or a failure with details', () => {
  fc.assert(
    fc.property(fc.constantFrom(TWO_BATCHES, fixture('ccd-reference-sample.ach')), fc.array(mutation, { minLength: 1, maxLength: 4 }), (base, ms) => {
      checkResult(ms.reduce((t, m) => m(t), base));
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) },
  );
});

test('fuzz: arbitrary text never throws', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (s) => checkResult(s)),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.array(fc.constantFrom('1', '5', '6', '7', '8', '9'), { maxLength: 30 }), (types) => {
      // Records of valid length whose structure is random.
      checkResult(types.map((t) => t.padEnd(94, t === '9' ? '9' : '0')).join('\n'));
    }),
    { numRuns: 300 },
  );
});
