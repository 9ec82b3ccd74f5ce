import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { buildCcdFile } from '../../src/formats/nacha/ccd.ts';
import { parsePpdFile } from '../../src/formats/nacha/ppd.ts';
import { runDailyCycle } from '../../src/financial/batch.ts';
import { conservationProblems } from '../../src/financial/ledger.ts';

let sys: TestSystem;
let fin: string;
let worker: string;
let caseNumber: string;
let cpPersonId: number;

const call = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown, contentType?: string) =>
  sys.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(contentType ? { 'content-type': contentType } : {}) }, ...(payload !== undefined ? { payload: payload as string } : {}) });

function employerFile(caseId: string, ssn: string, amounts: number[], modifier = 'A') {
  const built = buildCcdFile({
    immediate_destination: '031000040',
    immediate_destination_name: 'COMMONWEALTH BANK',
    immediate_origin: '1231234567',
    immediate_origin_name: 'KEYSTONE LOGISTICS',
    file_creation_date: '2026-11-02',
    file_creation_time: '0815',
    file_id_modifier: modifier,
    batches: [
      {
        company_name: 'KEYSTONE LOGIST',
        company_id: '1231234567',
        entry_description: 'CHILD SUPP',
        effective_entry_date: '2026-11-02',
        originating_dfi_id: '03100004',
        payments: amounts.map((amount, i) => ({
          receiving_dfi_routing: '031000040',
          dfi_account_number: '5550001234',
          receiving_company_name: 'STATE SDU',
          trace_sequence: i + 1,
          ded: { application_id: 'CS', case_id: caseId, pay_date: '2026-10-30', amount_cents: amount, ncp_ssn: ssn, medical_support: false, employment_terminated: false },
        })),
      },
    ],
  });
  if (!built.ok) throw new Error(JSON.stringify(built));
  return built.value;
}

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('fin', 'financial_worker');
  worker = await sys.login('worker');
  fin = await sys.login('fin');
  const intake = await sys.app.inject({ method: 'POST', url: '/api/intakes', headers: { authorization: `Bearer ${worker}` }, payload: sampleIntake() });
  caseNumber = intake.json().caseNumber;
  const summary = (await sys.app.inject({ method: 'GET', url: `/api/cases/${caseNumber}`, headers: { authorization: `Bearer ${worker}` } })).json();
  cpPersonId = summary.members.find((m: { role: string }) => m.role === 'custodial_party').personId;
  const order = await sys.app.inject({
    method: 'POST',
    url: `/api/cases/${caseNumber}/orders`,
    headers: { authorization: `Bearer ${worker}` },
    payload: { orderNumber: 'ACH-1', orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-11-01', obligations: [{ kind: 'current_support', amount: '300.00', frequency: 'monthly', startDate: '2026-11-01' }] },
  });
  assert.equal(order.statusCode, 201, order.body);
});
after(() => sys.close());

test('an employer CCD+ file posts one receipt per DED payment, identified by case number and SSN', async () => {
  const file = employerFile(caseNumber, '318224410', [15000, 12500]);
  const res = await call(fin, 'POST', '/api/payments/ach?fileName=keystone-20261102.ach', file, 'text/plain');
  assert.equal(res.statusCode, 201, res.body);
  assert.deepEqual(res.json(), { fileName: 'keystone-20261102.ach', payments: 2, posted: 2, duplicates: 0, unidentified: 0, ambiguous: 0, totalCents: 27500, employmentEnded: 0, employmentEndAmbiguous: 0, prenotes: 0, programCode: 'STATE', heldCount: 0, heldCents: 0, held: [] });
  const receipts = await sys.deps.db.selectFrom('receipt').select(['source', 'withholding_date', 'employer_id', 'idempotency_key']).execute();
  assert.equal(receipts.length, 2);
  assert.ok(receipts.every((r) => r.source === 'ach_employer' && r.withholding_date === '2026-10-30' && r.employer_id !== null));
  assert.match(receipts[0]!.idempotency_key, /^ach-ccd:1231234567:2026-11-02:A:031000040000001$/);
});

test('the same ACH file imported twice posts nothing new', async () => {
  const file = employerFile(caseNumber, '318224410', [15000, 12500]);
  const res = await call(fin, 'POST', '/api/payments/ach?fileName=again.ach', file, 'text/plain');
  assert.equal(res.statusCode, 201);
  assert.equal(res.json().posted, 0);
  assert.equal(res.json().duplicates, 2);
  assert.equal((await sys.deps.db.selectFrom('receipt').select('id').execute()).length, 2);
});

test('a malformed ACH file is rejected with the record line and field, and nothing is written', async () => {
  const lines = employerFile(caseNumber, '318224410', [5000], 'B').split('\n');
  lines[2] = lines[2]!.slice(0, 29) + '00000X5000' + lines[2]!.slice(39);
  const res = await call(fin, 'POST', '/api/payments/ach?fileName=bad.ach', lines.join('\n'), 'text/plain');
  assert.equal(res.statusCode, 422);
  const detail = res.json().error.details[0];
  assert.equal(detail.line, 3);
  assert.match(detail.path, /amount/);
  assert.equal((await sys.deps.db.selectFrom('receipt').select('id').execute()).length, 2);
});

test('the daily cycle pays the family by direct deposit in a byte-exact PPD file', async () => {
  const bank = await call(fin, 'POST', `/api/persons/${cpPersonId}/bank-account`, JSON.stringify({ routingNumber: '031000040', accountNumber: '000123456789', accountType: 'checking' }), 'application/json');
  assert.equal(bank.statusCode, 201, bank.body);
  assert.equal(bank.json().accountLast4, '6789');
  const badRouting = await call(fin, 'POST', `/api/persons/${cpPersonId}/bank-account`, JSON.stringify({ routingNumber: '031000041', accountNumber: '000123456789', accountType: 'checking' }), 'application/json');
  assert.equal(badRouting.statusCode, 400);

  const summary = await runDailyCycle(sys.deps, '2026-11-02');
  assert.equal(summary.status, 'completed', JSON.stringify(summary.problems));
  assert.equal(summary.receiptsDistributed, 2);
  assert.equal(summary.disbursements!.eftCount, 1);
  const fileId = summary.disbursements!.ppdFileId!;
  const download = await call(fin, 'GET', `/api/financial/disbursement-files/${fileId}`);
  assert.equal(download.statusCode, 200);
  const text = download.body;
  const records = text.split('\n').filter((l) => l.length > 0);
  assert.ok(records.every((l) => l.length === 94), 'every record is 94 characters');
  assert.equal(records.length % 10, 0, 'blocked in tens');
  const parsed = parsePpdFile(text);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  if (!parsed.ok) return;
  assert.equal(parsed.value.entries.length, 1);
  const entry = parsed.value.entries[0]!;
  assert.equal(entry.amount_cents, 27500);
  assert.equal(entry.account_number, '000123456789');
  assert.equal(entry.routing_number, '031000040');
  assert.equal(entry.individual_id, caseNumber);
  assert.equal(entry.name, 'MARIA LOPEZ');
  assert.equal(entry.transaction_code, '22');
  assert.equal(records[0]!.slice(0, 3), '101');
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
});

test('the day\'s bank files go to the outbox folder, once (a second write leaves them alone)', async () => {
  const { mkdtempSync, readFileSync, readdirSync, statSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { writeOutbox } = await import('../../src/financial/outbox.ts');
  const dir = join(mkdtempSync(join(tmpdir(), 'cse-outbox-')), 'outbox');
  const first = await writeOutbox(sys.deps.db, dir, '2026-11-02');
  assert.equal(first.length, 1);
  assert.equal(first[0]!.status, 'written');
  assert.match(first[0]!.name, /^ppd-2026-11-02-/);
  const files = readdirSync(dir);
  assert.deepEqual(files, [first[0]!.name]);
  assert.ok(parsePpdFile(readFileSync(join(dir, files[0]!), 'latin1')).ok);
  assert.equal(statSync(join(dir, files[0]!)).mode & 0o077, 0, 'readable by the owner only');
  const again = await writeOutbox(sys.deps.db, dir, '2026-11-02');
  assert.equal(again[0]!.status, 'unchanged');
  assert.deepEqual(await writeOutbox(sys.deps.db, dir, '2026-11-03'), []);
});

test('one entry the program cannot take does not refuse the employer file: the rest posts, that one is held with its reason', async () => {
  // Entry 1: medical support indicator W (not applicable), which the DED allows. Entry 2: an SSN that is not 9 digits.
  const text = employerFile(caseNumber, '318224410', [4000, 6000], 'C')
    .split('\n')
    .map((l, i) => (i === 3 ? l.replace('*318224410*N', '*318224410*W') : i === 5 ? l.replace('*318224410*N', '*31822441X*N') : l))
    .join('\n');
  const before = (await sys.deps.db.selectFrom('receipt').select('id').execute()).length;
  const res = await call(fin, 'POST', '/api/payments/ach?fileName=keystone-held.ach', text, 'text/plain');
  assert.equal(res.statusCode, 201, res.body);
  const r = res.json();
  assert.equal(r.posted, 1);
  assert.equal(r.totalCents, 4000);
  assert.equal(r.heldCount, 1);
  assert.equal(r.heldCents, 6000);
  assert.equal(r.held[0].line, 5);
  assert.equal(r.held[0].traceNumber, '031000040000002');
  assert.match(r.held[0].reason, /ACH entry held: .*noncustodial parent SSN \(DED05\): must be 9 digits/);
  assert.ok(!r.held[0].reason.includes('31822441'), 'no SSN in the reason');
  const held = await sys.deps.db.selectFrom('receipt').selectAll().where('id', '=', r.held[0].receiptId).executeTakeFirstOrThrow();
  assert.equal(held.status, 'unidentified');
  assert.equal(held.amount_cents, 6000);
  assert.equal(held.case_id, null);
  assert.match(held.unidentified_reason!, /DED05/);
  // Imported again (the employer re-sends it): nothing is posted or held twice.
  const again = await call(fin, 'POST', '/api/payments/ach?fileName=keystone-held-again.ach', text, 'text/plain');
  assert.equal(again.json().posted, 0);
  assert.equal(again.json().heldCount, 0);
  assert.equal(again.json().held[0].duplicate, true);
  assert.equal((await sys.deps.db.selectFrom('receipt').select('id').execute()).length, before + 2);
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
});
