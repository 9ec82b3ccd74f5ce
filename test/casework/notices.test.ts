// Notices from templates as PDFs: the program, case number, date, recipient and merged body are printed;
// SSNs appear only masked; the record re-renders to the same bytes; some notices meet timeframe clocks.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { uniqueIntake } from '../helpers/casework.ts';
import { enterSupportOrder } from '../../src/financial/orders.ts';
import { receiveReceipt } from '../../src/financial/receipts.ts';
import { runDailyCycle } from '../../src/financial/batch.ts';
import { NOTICE_TEMPLATES, containsFullSsn, merge, templateFields } from '../../src/casework/notice-templates.ts';
import { rerenderNotice } from '../../src/casework/notices.ts';

let sys: TestSystem;
const tokens: Record<string, string> = {};
let caseA: string;

async function setDate(date: string) {
  sys.clock.set(date);
  for (const u of Object.keys(tokens)) tokens[u] = await sys.login(u);
}
async function api(user: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return sys.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[user]}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

/** Every string drawn in the PDF (pdf-lib writes standard-font text as <hex> Tj), joined by spaces. */
async function drawnText(bytes: Uint8Array): Promise<string> {
  const { PDFDocument, PDFRawStream, decodePDFRawStream } = await import('pdf-lib');
  const doc = await PDFDocument.load(bytes);
  const out: string[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    const content = Buffer.from(decodePDFRawStream(obj).decode()).toString('latin1');
    for (const m of content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) out.push(Buffer.from(m[1]!, 'hex').toString('latin1'));
  }
  return out.join(' ');
}

async function generate(caseNumber: string, body: Record<string, unknown>) {
  const res = await api('worker', 'POST', `/api/cases/${caseNumber}/notices`, body);
  assert.equal(res.statusCode, 201, res.body);
  const notice = res.json();
  const pdf = await api('worker', 'GET', `/api/notices/${notice.noticeId}/pdf`);
  assert.equal(pdf.statusCode, 200, pdf.body);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  const bytes = new Uint8Array(pdf.rawPayload);
  assert.equal(Buffer.from(bytes.slice(0, 5)).toString('latin1'), '%PDF-');
  assert.equal(createHash('sha256').update(bytes).digest('hex'), notice.sha256, 'the PDF served is the document that was sent');
  const again = await rerenderNotice(sys.deps.db, notice.noticeId);
  assert.equal(again.matches, true, 'the record re-renders to the same bytes');
  const text = await drawnText(bytes);
  for (const ssn of ['318-22-4410', '318224410', '212-45-6781', '212456781']) assert.ok(!text.includes(ssn), `no full SSN (${ssn}) on ${notice.template}`);
  return { notice, text };
}

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('south', 'caseworker', { office: 'SOUTH' });
  await sys.addUser('adm', 'administrator');
  for (const u of ['worker', 'south', 'adm']) tokens[u] = await sys.login(u);
  const res = await api('worker', 'POST', '/api/intakes', sampleIntake({ externalId: 'N-A' }));
  assert.equal(res.statusCode, 201, res.body);
  caseA = res.json().caseNumber;
});
after(() => sys.close());

test('templates: every merge field is named, merging fails loudly on a missing field, and a full SSN is recognised', () => {
  for (const t of NOTICE_TEMPLATES) assert.ok(templateFields(t).includes('caseNumber') || t.code === 'closure_notice_agency', t.code);
  assert.throws(() => merge('case {{caseNumber}}', {}), /caseNumber/);
  assert.equal(containsFullSsn('SSN 318-22-4410'), true);
  assert.equal(containsFullSsn('SSN 318224410'), true);
  assert.equal(containsFullSsn('SSN ***-**-4410, case CS00000012, dated 2026-11-02, $1,200.00'), false);
});

test('case opening letter: program, office, date, case number, recipient and address, body', async () => {
  const { notice, text } = await generate(caseA, { template: 'case_opening_letter' });
  assert.deepEqual([notice.template, notice.templateVersion, notice.recipient.role, notice.recipient.name, notice.noticeDate], ['case_opening_letter', 1, 'custodial_party', 'Maria Lopez', '2026-11-02']);
  for (const s of ['State Child Support Program', 'NORTH County Domestic Relations', 'Date: November 2, 2026', `Case number: ${caseA}`, 'Maria Lopez', '12 Oak Ave', 'Erie, PA 16501', 'Your child support case is open']) assert.ok(text.includes(s), s);
  assert.ok(text.includes('Sofia Reyes'), 'children named');
  assert.ok(text.includes('Daniel Reyes'), 'the other parent named');
  assert.ok(text.includes('$35.00'), 'the annual fee in force');
  assert.match(text, /case_opening_letter v1 - 45 CFR 303.2\(a\)\(2\), 303.2\(b\) - page 1 of 1/);
});

test('income withholding notice to the obligor: employer, amounts, masked SSN, contest period; needs an order and an employer', async () => {
  assert.equal((await api('worker', 'POST', `/api/cases/${caseA}/notices`, { template: 'iwo_notice_obligor' })).statusCode, 409, 'no order yet');
  const r = await enterSupportOrder(sys.deps, sys.ctx(), caseA, {
    orderNumber: 'ORD-N', orderKind: 'judicial', enteredDate: '2026-11-02', effectiveDate: '2026-11-01',
    obligations: [
      { kind: 'current_support', amountCents: 40_000, frequency: 'monthly', startDate: '2026-11-01' },
      { kind: 'arrears_judgment', amountCents: 120_000, frequency: 'one_time', startDate: '2026-11-01', judgmentBucket: 'NA' },
    ],
  });
  assert.ok(r.ok, JSON.stringify(r));
  const { notice, text } = await generate(caseA, { template: 'iwo_notice_obligor' });
  assert.deepEqual([notice.recipient.role, notice.recipient.name], ['noncustodial_parent', 'Daniel Reyes']);
  for (const s of ['Notice of income withholding', 'Keystone Logistics LLC', 'SSN ***-**-4410', '$400.00', '$1,200.00', '$80.00', '$480.00', 'within 15 days']) assert.ok(text.includes(s), s);
});

test('annual statement: what was distributed in the year, to whom, and the balances', async () => {
  const ctx = sys.ctx('financial_worker');
  await receiveReceipt(sys.deps, ctx, { idempotencyKey: 'N-PAY-1', source: 'check', amountCents: 50_000, receivedDate: '2026-11-02', caseNumber: caseA });
  const cycle = await runDailyCycle(sys.deps, '2026-11-02');
  assert.equal(cycle.status, 'completed', JSON.stringify(cycle.problems));
  const { notice, text } = await generate(caseA, { template: 'annual_statement', year: 2026 });
  assert.equal(notice.title, 'Annual statement of support collected in 2026');
  for (const s of ['Payments distributed in 2026', 'Support distributed in 2026 $500.00', 'of which current support $400.00', 'of which past-due support $100.00', 'Paid to the family $500.00', 'Kept to repay assistance $0.00', 'Past-due support owed $1,100.00']) assert.ok(text.includes(s), `${s} in: ${text}`);
  const obligor = await generate(caseA, { template: 'annual_statement', year: 2026, recipientRole: 'noncustodial_parent' });
  assert.equal(obligor.notice.recipient.name, 'Daniel Reyes');
  assert.equal((await api('worker', 'POST', `/api/cases/${caseA}/notices`, { template: 'annual_statement', recipientRole: 'initiating_agency' })).statusCode, 400);
});

test('closure notices come only from the closure process; unknown templates are refused', async () => {
  assert.equal((await api('worker', 'POST', `/api/cases/${caseA}/notices`, { template: 'closure_notice' })).statusCode, 400);
  assert.equal((await api('worker', 'POST', `/api/cases/${caseA}/notices`, { template: 'nope' })).statusCode, 400);
});

test('a review rights notice meets the 36-month review-notice clock and starts the next one', async () => {
  await api('adm', 'POST', '/api/casework/timeframes/run', { asOf: '2026-11-02' });
  await setDate('2026-11-10');
  const { text } = await generate(caseA, { template: 'review_rights_notice' });
  assert.ok(text.includes('Your right to ask for a review of your support order'));
  const clocks = (await api('worker', 'GET', `/api/cases/${caseA}/timeframes`)).json().clocks.filter((c: { kind: string }) => c.kind === 'review_notice');
  assert.deepEqual(clocks.map((c: { startDate: string; dueDate: string; metDate: string | null }) => [c.startDate, c.dueDate, c.metDate]), [
    ['2026-11-02', '2029-11-02', '2026-11-10'],
    ['2026-11-10', '2029-11-10', null],
  ]);
});

test('a case opening letter meets the 5-working-day information clock of a IV-A referral', async () => {
  await setDate('2026-11-10');
  const res = await api('worker', 'POST', '/api/intakes', uniqueIntake(501, { kind: 'iv_a_referral', caseType: 'current_assistance', receivedDate: '2026-11-06' }));
  assert.equal(res.statusCode, 201, res.body);
  const caseNumber = res.json().caseNumber;
  await api('adm', 'POST', '/api/casework/timeframes/run', { asOf: '2026-11-10' });
  let info = (await api('worker', 'GET', `/api/cases/${caseNumber}/timeframes`)).json().clocks.find((c: { kind: string }) => c.kind === 'referral_information');
  assert.deepEqual([info.startDate, info.dueDate, info.metDate], ['2026-11-06', '2026-11-16', null]);
  await setDate('2026-11-12');
  await generate(caseNumber, { template: 'case_opening_letter' });
  info = (await api('worker', 'GET', `/api/cases/${caseNumber}/timeframes`)).json().clocks.find((c: { kind: string }) => c.kind === 'referral_information');
  assert.deepEqual([info.metDate, info.status], ['2026-11-12', 'met_on_time']);
});

test('notices are listed per case and readable only by those who may see the case', async () => {
  const list = (await api('worker', 'GET', `/api/cases/${caseA}/notices`)).json();
  assert.deepEqual(list.map((n: { template: string }) => n.template), ['case_opening_letter', 'iwo_notice_obligor', 'annual_statement', 'annual_statement', 'review_rights_notice']);
  assert.equal((await api('south', 'GET', `/api/notices/${list[0].noticeId}/pdf`)).statusCode, 404);
  assert.equal((await api('south', 'GET', `/api/cases/${caseA}/notices`)).statusCode, 404);
  const templates = (await api('worker', 'GET', '/api/casework/notice-templates')).json();
  assert.ok(templates.find((t: { code: string }) => t.code === 'iwo_notice_obligor').fields.includes('obligorSsnMasked'));
});
