/**
 * End to end through the API: a new-hire line matches an obligor with an order, an income withholding
 * order is started and sent in an e-IWO file, the employer accepts it and pays by CCD+ with the DED
 * addenda taken from the e-IWO record, and the daily cycle distributes the payment to the family.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { buildNewHireFile } from '../../src/formats/newhire/newhire.ts';
import { buildAckFile, parseEiwoFile, type EiwoDetail } from '../../src/formats/eiwo/eiwo.ts';
import { buildCcdFile } from '../../src/formats/nacha/ccd.ts';
import { runDailyCycle } from '../../src/financial/batch.ts';
import { conservationProblems } from '../../src/financial/ledger.ts';

let sys: TestSystem;
let worker: string;
let fin: string;
let caseNumber: string;
let cpPersonId: number;
let dtl: EiwoDetail;

const call = (token: string, method: 'GET' | 'POST', url: string, payload?: string, contentType?: string) =>
  sys.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(contentType ? { 'content-type': contentType } : {}) }, ...(payload !== undefined ? { payload } : {}) });

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('fin', 'financial_worker');
  await sys.addUser('e2e.admin', 'administrator');
  worker = await sys.login('worker');
  fin = await sys.login('fin');
  const intake = await call(worker, 'POST', '/api/intakes', JSON.stringify(sampleIntake()), 'application/json');
  assert.equal(intake.statusCode, 201, intake.body);
  caseNumber = intake.json().caseNumber;
  const summary = (await call(worker, 'GET', `/api/cases/${caseNumber}`)).json();
  cpPersonId = summary.members.find((m: { role: string }) => m.role === 'custodial_party').personId;
  const order = await call(
    worker,
    'POST',
    `/api/cases/${caseNumber}/orders`,
    JSON.stringify({ orderNumber: 'DR-2026-0077', orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-11-01', obligations: [{ kind: 'current_support', amount: '300.00', frequency: 'monthly', startDate: '2026-11-01' }] }),
    'application/json',
  );
  assert.equal(order.statusCode, 201, order.body);
});
after(() => sys.close());

/** Sessions time out with the clock: moving the business date means signing in again. */
async function moveTo(date: string) {
  sys.clock.set(date);
  worker = await sys.login('worker');
  fin = await sys.login('fin');
}

test('1. a new-hire line on the obligor starts income withholding, due in two business days', async () => {
  const file = buildNewHireFile([
    {
      employee_ssn: '318224410', employee_first_name: 'DANIEL', employee_middle_name: '', employee_last_name: 'REYES',
      employee_address: { line1: '9 RIVER RD', line2: '', line3: '', city: 'ERIE', state: 'PA', zip: '16502' },
      employee_birth_date: '1988-07-02', hire_date: '2026-10-26', state_of_hire: 'PA',
      employer_fein: '251112222', employer_state_ein: '', employer_name: 'LAKESHORE FOODS INC',
      employer_address: { line1: '400 BAYFRONT PKWY', line2: '', line3: '', city: 'ERIE', state: 'PA', zip: '16507' },
    },
  ]);
  assert.ok(file.ok);
  const res = await call(worker, 'POST', '/api/locate/new-hires?fileName=pa-newhires-20261102.txt', file.value, 'text/plain');
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().matched, 1);
  assert.equal(res.json().withholdingStarted, 1);
  const actions = await call(worker, 'GET', `/api/cases/${caseNumber}/enforcement-actions`);
  assert.equal(actions.statusCode, 200, actions.body);
  assert.deepEqual(actions.json().map((a: Record<string, unknown>) => [a.kind, a.status, a.startDate, a.dueDate, a.noticeSentDate]), [['income_withholding', 'pending', '2026-11-02', '2026-11-04', null]]);
});

test('2. the e-IWO file carries the order; the IWO form is a PDF', async () => {
  await moveTo('2026-11-03');
  const res = await call(worker, 'POST', '/api/enforcement/eiwo-files', JSON.stringify({ date: '2026-11-03' }), 'application/json');
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().orders, 1);
  // A caseworker may not take the file (it carries other families' SSNs); the administrator who sends it may.
  assert.equal((await call(worker, 'GET', `/api/enforcement/eiwo-files/${res.json().fileId}`)).statusCode, 403);
  const download = await call(await sys.login('e2e.admin'), 'GET', `/api/enforcement/eiwo-files/${res.json().fileId}`);
  assert.equal(download.statusCode, 200);
  const parsed = parseEiwoFile(download.body);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  dtl = parsed.value.batches[0]!.details[0]!;
  assert.equal(dtl.case_id, caseNumber);
  assert.equal(dtl.employer.ein, '251112222');
  assert.deepEqual(dtl.total_withhold, { amount_cents: 30_000, frequency: 'M' });
  assert.equal(dtl.withhold_per.biweekly, 13_846);

  const iwo = await sys.deps.db.selectFrom('income_withholding_order').select('id').executeTakeFirstOrThrow();
  const pdf = await call(worker, 'GET', `/api/enforcement/income-withholding/${iwo.id}/form.pdf`);
  assert.equal(pdf.statusCode, 200, pdf.body);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  const bytes = pdf.rawPayload;
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const { PDFDocument, PDFRawStream, decodePDFRawStream } = await import('pdf-lib');
  const doc = await PDFDocument.load(bytes);
  assert.equal(doc.getTitle(), 'Income Withholding for Support');
  const drawn: string[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    const content = Buffer.from(decodePDFRawStream(obj).decode()).toString('latin1');
    for (const m of content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) drawn.push(Buffer.from(m[1]!, 'hex').toString('latin1'));
  }
  for (const want of ['INCOME WITHHOLDING FOR SUPPORT', caseNumber, 'DR-2026-0077', 'LAKESHORE FOODS INC', '251112222', '$300.00 per month', '$138.46', '318224410', dtl.document_tracking_number]) {
    assert.ok(drawn.some((t) => t.includes(want)), `the form shows ${want}`);
  }
  // An auditor may not print the form.
  await sys.addUser('aud', 'auditor');
  const aud = await sys.login('aud');
  assert.equal((await call(aud, 'GET', `/api/enforcement/income-withholding/${iwo.id}/form.pdf`)).statusCode, 403);
});

test('3. the employer accepts; its CCD+ payment is posted, distributed and disbursed to the family', async () => {
  await moveTo('2026-11-06');
  const ack = buildAckFile({ state_fips: '42000', creation_date: '2026-11-06', creation_time: '080000', batches: [{ employer_ein: '251112222', acks: [{ action: 'ORG', case_id: dtl.case_id, employer_ein: '251112222', employee: { last: dtl.employee.last, first: dtl.employee.first, ssn: dtl.employee.ssn }, document_tracking_number: dtl.document_tracking_number, order_identifier: dtl.order_identifier, status: 'A' }] }] });
  assert.ok(ack.ok);
  const applied = await call(worker, 'POST', '/api/enforcement/eiwo-acks?fileName=ack-20261106.txt', ack.value, 'text/plain');
  assert.equal(applied.statusCode, 201, applied.body);
  assert.equal(applied.json().accepted, 1);

  await moveTo('2026-11-16');
  const ccd = buildCcdFile({
    immediate_destination: '031000040',
    immediate_destination_name: 'COMMONWEALTH BANK',
    immediate_origin: '1251112222',
    immediate_origin_name: 'LAKESHORE FOODS',
    file_creation_date: '2026-11-16',
    file_creation_time: '0700',
    file_id_modifier: 'A',
    batches: [
      {
        company_name: 'LAKESHORE FOODS',
        company_id: '1251112222',
        entry_description: 'CHILD SUPP',
        effective_entry_date: '2026-11-16',
        originating_dfi_id: '03100004',
        payments: [{ receiving_dfi_routing: '031000040', dfi_account_number: '5550001234', receiving_company_name: 'STATE SDU', trace_sequence: 1, ded: { application_id: 'CS', case_id: dtl.remittance_identifier!, pay_date: '2026-11-13', amount_cents: dtl.withhold_per.biweekly, ncp_ssn: dtl.employee.ssn, medical_support: false, employment_terminated: false } }],
      },
    ],
  });
  assert.ok(ccd.ok, JSON.stringify(ccd));
  const posted = await call(fin, 'POST', '/api/payments/ach?fileName=lakeshore-20261116.ach', ccd.value, 'text/plain');
  assert.equal(posted.statusCode, 201, posted.body);
  assert.equal(posted.json().posted, 1);
  assert.equal(posted.json().unidentified, 0);

  const cycle = await runDailyCycle(sys.deps, '2026-11-16');
  assert.equal(cycle.status, 'completed', JSON.stringify(cycle.problems));
  assert.equal(cycle.receiptsDistributed, 1);
  const paid = await sys.deps.db.selectFrom('disbursement').select(['payee', 'payee_person_id', 'amount_cents']).where('payee', '=', 'family').execute();
  assert.deepEqual(paid, [{ payee: 'family', payee_person_id: cpPersonId, amount_cents: 13_846 }]);
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
});
