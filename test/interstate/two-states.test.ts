/**
 * Two OpenCSE programs on loopback, each with its own database: State A (Pennsylvania, FIPS 42) initiates
 * a case and refers it to State B (Maryland, FIPS 24) over CSENet; B opens the responding case, registers
 * the order, starts the 45 CFR 303.7 clocks and acknowledges; A asks B's status (CSI) and queries B through
 * QUICK; B receipts a collection from the obligor, disburses it to A's SDU and advises A (COL P); A
 * receipts the forwarded collection and distributes it to the family. Money is conserved on both sides.
 * B then pays A's SDU with a NACHA CCD+ file carrying the DED addenda, which A's ACH import reads.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { submitIntake } from '../../src/cases/intake.ts';
import { enterSupportOrder } from '../../src/financial/orders.ts';
import { receiveReceipt } from '../../src/financial/receipts.ts';
import { runDailyCycle } from '../../src/financial/batch.ts';
import { conservationProblems } from '../../src/financial/ledger.ts';
import { inTransaction } from '../../src/db/tx.ts';
import { addBusinessDays } from '../../src/kernel/calendar.ts';
import { newPartnerKey, saveLocalSettings, savePartner } from '../../src/interstate/partners.ts';
import { listTransactions, requestOnCase, sendQueued, transactionRecord } from '../../src/interstate/exchange.ts';
import { forwardCollections } from '../../src/interstate/forward.ts';
import { askQuick } from '../../src/interstate/quick.ts';
import { decodeTransaction } from '../../src/formats/csenet/csenet.ts';
import { writeForwardFile } from '../../src/interstate/forward-file.ts';
import { awaitingAdvices } from '../../src/interstate/advised-collections.ts';
import { partnerView } from '../../src/interstate/partners.ts';
import { abaCheckDigit } from '../../src/formats/nacha/ach.ts';
import { buildCcdFile, parseCcdFile, type CcdFile } from '../../src/formats/nacha/ccd.ts';
import { importAchPayments } from '../../src/financial/ach.ts';

const TODAY = '2026-11-02';
let A: TestSystem;
let B: TestSystem;
let urlA: string;
let urlB: string;
const keyA = newPartnerKey(); // A presents it to B
const keyB = newPartnerKey(); // B presents it to A
let caseA: string;
let caseB: string;

async function listen(sys: TestSystem): Promise<string> {
  await sys.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(sys.app.server.address() as AddressInfo).port}`;
}

const ok = <T>(r: { ok: true; value: T } | { ok: false; message: string; details?: unknown }): T => {
  if (!r.ok) assert.fail(`${r.message} ${JSON.stringify(r.details ?? [])}`);
  return r.value;
};

before(async () => {
  [A, B] = await Promise.all([createTestSystem({ today: TODAY, offices: ['ALLE', 'PHIL'] }), createTestSystem({ today: TODAY, offices: ['BALT', 'MONT'] })]);
  [urlA, urlB] = await Promise.all([listen(A), listen(B)]);
  ok(await saveLocalSettings(A.deps, A.ctx(), { fips: '4200000', name: 'Pennsylvania', sduName: 'PA SCDU', sduLine1: 'PO BOX 69110', sduCity: 'Harrisburg', sduState: 'PA', sduZip: '17106' }));
  ok(await saveLocalSettings(B.deps, B.ctx(), { fips: '2400000', name: 'Maryland', sduName: 'MD CSA', sduLine1: 'PO BOX 17396', sduCity: 'Baltimore', sduState: 'MD', sduZip: '21297', registryOfficeCode: 'BALT' }));
  ok(await savePartner(A.deps, A.ctx(), { fipsState: '24', name: 'Maryland', baseUrl: urlB, inboundKey: keyB, outboundKey: keyA }));
  ok(await savePartner(B.deps, B.ctx(), { fipsState: '42', name: 'Pennsylvania', baseUrl: urlA, inboundKey: keyA, outboundKey: keyB }));
  // A worker in Allegheny County opens the initiating case: the noncustodial parent lives in Maryland.
  await A.addUser('alle.worker', 'caseworker', { office: 'ALLE' });
  const intake = sampleIntake({ officeCode: 'ALLE', interstate: { role: 'initiating', otherJurisdictionFips: '24' } });
  (intake.members[1]!.person as Record<string, unknown>).address = { line1: '40 Harbor St', city: 'Baltimore', stateCode: 'MD', zip: '21201' };
  const opened = ok(await submitIntake(A.deps, A.ctx('caseworker', 'ALLE'), intake));
  caseA = opened.caseNumber!;
  ok(await enterSupportOrder(A.deps, A.ctx(), caseA, { orderNumber: 'FD-2026-0412', orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-11-01', obligations: [{ kind: 'current_support', amountCents: 40_000, frequency: 'monthly', startDate: '2026-11-01' }] }));
});
after(async () => {
  await Promise.all([A?.close(), B?.close()]);
});

test('1. A refers the case to B (ENF R); B opens the responding case, registers the order, starts the 303.7 clocks and acknowledges', async () => {
  // The worker sends the referral through the API; a worker of another office cannot see the case.
  const token = await A.login('alle.worker');
  const record = await A.app.inject({ method: 'GET', url: `/api/interstate/cases/${caseA}`, headers: { authorization: `Bearer ${token}` } });
  assert.equal(record.statusCode, 200, record.body);
  assert.deepEqual(record.json(), { caseNumber: caseA, role: 'initiating', otherFips: '2400000', otherFipsState: '24', otherFipsCounty: '000', otherFipsOffice: '00', otherCaseId: null, legalBasis: 'UIFSA', origin: 'worker' });
  const res = await A.app.inject({ method: 'POST', url: `/api/interstate/cases/${caseA}/transactions`, headers: { authorization: `Bearer ${token}` }, payload: { functionCode: 'ENF' } });
  assert.equal(res.statusCode, 201, res.body);
  const sent = res.json();
  assert.equal(sent.reasonCode, 'ESREG');
  assert.equal(sent.otherFips, '2400000');
  await A.addUser('phil.worker', 'caseworker', { office: 'PHIL' });
  const other = await A.app.inject({ method: 'POST', url: `/api/interstate/cases/${caseA}/transactions`, headers: { authorization: `Bearer ${await A.login('phil.worker')}` }, payload: { functionCode: 'CSI' } });
  assert.equal(other.statusCode, 404);
  const delivered = ok(await sendQueued(A.deps, A.ctx()));
  assert.deepEqual([delivered.sent, delivered.failed], [1, 0]);

  const inbound = ok(await listTransactions(B.deps.db, B.ctx(), {}));
  const enf = inbound.find((t) => t.direction === 'inbound' && t.functionCode === 'ENF')!;
  assert.equal(enf.status, 'processed');
  caseB = enf.caseNumber!;
  const c = await B.deps.db.selectFrom('iv_d_case').selectAll().where('case_number', '=', caseB).executeTakeFirstOrThrow();
  assert.equal(c.interstate_role, 'responding');
  assert.equal(c.other_jurisdiction_fips, '4200000');
  assert.equal(c.other_jurisdiction_case_id, caseA);
  assert.equal(c.office_id, B.offices.BALT);
  const ic = await B.deps.db.selectFrom('interstate_case').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
  assert.deepEqual([ic.role, ic.other_fips_state, ic.other_case_id, ic.legal_basis, ic.origin], ['responding', '42', caseA, 'UIFSA', 'csenet']);
  const order = await B.deps.db.selectFrom('obligation').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
  assert.deepEqual([order.kind, order.amount_cents, order.frequency], ['current_support', 40_000, 'monthly']);
  const clocks = await B.deps.db.selectFrom('case_timeframe').selectAll().where('case_id', '=', c.id).execute();
  const registry = clocks.find((k) => k.kind === 'ic_central_registry')!;
  assert.equal(registry.due_date, addBusinessDays(TODAY, 10), '303.7(b)(2): 10 working days');
  assert.equal(registry.met_date, TODAY, 'met by opening the responding case');
  const locate = clocks.find((k) => k.kind === 'ic_responding_locate');
  assert.ok(locate === undefined || locate.met_date === null, '303.7(d)(2) locate clock runs unless the NCP is already located');
  // The acknowledgment goes back with B's next send and tells A B's case id.
  const back = ok(await sendQueued(B.deps, B.ctx()));
  assert.equal(back.sent, 1);
  const icA = await A.deps.db.selectFrom('interstate_case as i').innerJoin('iv_d_case as c', 'c.id', 'i.case_id').select(['i.other_case_id', 'i.role']).where('c.case_number', '=', caseA).executeTakeFirstOrThrow();
  assert.deepEqual([icA.role, icA.other_case_id], ['initiating', caseB]);
});

test('2. A asks for case status (CSI R); B answers within the 303.7(b)(4) clock (CSI P FSINF)', async () => {
  ok(await requestOnCase(A.deps, A.ctx(), caseA, { functionCode: 'CSI' }));
  ok(await sendQueued(A.deps, A.ctx()));
  const c = await B.deps.db.selectFrom('iv_d_case').select('id').where('case_number', '=', caseB).executeTakeFirstOrThrow();
  const clock = await B.deps.db.selectFrom('case_timeframe').selectAll().where('case_id', '=', c.id).where('kind', '=', 'ic_status_inquiry').executeTakeFirstOrThrow();
  assert.deepEqual([clock.start_date, clock.due_date, clock.met_date], [TODAY, addBusinessDays(TODAY, 5), TODAY]);
  ok(await sendQueued(B.deps, B.ctx()));
  const atA = ok(await listTransactions(A.deps.db, A.ctx(), { caseNumber: caseA }));
  const answer = atA.find((t) => t.direction === 'inbound' && t.functionCode === 'CSI')!;
  assert.deepEqual([answer.action, answer.reasonCode, answer.status], ['P', 'FSINF', 'processed']);
});

test('2b. A asks B to locate the NCP (LO1 R); B provides the address it has (LO1 P LSADR)', async () => {
  ok(await requestOnCase(A.deps, A.ctx(), caseA, { functionCode: 'LO1' }));
  ok(await sendQueued(A.deps, A.ctx()));
  ok(await sendQueued(B.deps, B.ctx()));
  const answer = await A.deps.db.selectFrom('csenet_transaction').selectAll().where('direction', '=', 'inbound').where('function_code', '=', 'LO1').executeTakeFirstOrThrow();
  assert.deepEqual([answer.action_code, answer.reason_code, answer.status], ['P', 'LSADR', 'processed']);
  assert.ok(!answer.record.includes('HARBOR'), 'kept encrypted');
  const decoded = decodeTransaction(ok(await transactionRecord(A.deps, A.ctx(), answer.id)));
  assert.ok(decoded.ok);
  assert.deepEqual([decoded.value.ncpLocate!.residential_line1, decoded.value.ncpLocate!.residential_city, decoded.value.ncpLocate!.residential_state], ['40 HARBOR ST', 'BALTIMORE', 'MD']);
});

test('3. the same batch posted twice changes nothing; a malformed transaction is refused with the field named; a wrong key is refused', async () => {
  const enfId = (await A.deps.db.selectFrom('csenet_transaction').select('id').where('direction', '=', 'outbound').where('function_code', '=', 'ENF').executeTakeFirstOrThrow()).id;
  const enf = ok(await transactionRecord(A.deps, A.ctx(), enfId));
  const post = (body: unknown, key = keyA) => fetch(`${urlB}/api/interstate/csenet/batch`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csenet-fips': '42', 'x-csenet-key': key }, body: JSON.stringify(body) });
  const again = await post({ transactions: [enf] });
  assert.equal(again.status, 200);
  assert.deepEqual(await again.json().then((b: { accepted: number; duplicates: number }) => [b.accepted, b.duplicates]), [0, 1]);
  assert.equal((await B.deps.db.selectFrom('iv_d_case').select('id').execute()).length, 1, 'still one case in B');

  const bad = enf.slice(0, 33) + 'X' + enf.slice(34); // action code
  const refused = await post({ transactions: [enf, bad] });
  assert.equal(refused.status, 422);
  const error = (await refused.json()).error;
  assert.equal(error.code, 'IMPORT_REJECTED');
  assert.deepEqual(error.details.map((d: { line: number; path: string }) => [d.line, d.path]), [[2, 'header/action_code']]);
  assert.match(error.details[0].message, /action_code \(position 34\)/);

  assert.equal((await post({ transactions: [enf] }, newPartnerKey())).status, 401);
});

test('4. A queries B through QUICK and sees B’s order and balance; the read is audited in B with its purpose', async () => {
  const q = ok(await askQuick(A.deps, { ...A.ctx('caseworker', 'ALLE'), purpose: 'check the responding order' }, { fipsState: '24', caseId: caseB }));
  assert.equal(q.caseId, caseB);
  assert.equal(q.yourCaseId, caseA);
  assert.equal(q.role, 'responding');
  assert.equal(q.orders.length, 1);
  assert.deepEqual(q.orders[0]!.obligations.map((o) => [o.kind, o.amountCents, o.frequency]), [['current_support', 40_000, 'monthly']]);
  assert.deepEqual([q.finance!.supportMonth, q.finance!.currentSupportDueCents, q.finance!.totalOwedCents], ['2026-11', 40_000, 40_000]);
  assert.ok(q.participants.every((p) => p.ssn === null || /^\*\*\*-\*\*-\d{4}$/.test(p.ssn)), 'SSNs masked');
  // By A's own case id too; and nothing about a case that is not intergovernmental with A.
  assert.equal(ok(await askQuick(A.deps, A.ctx(), { fipsState: '24', caseId: caseA })).caseId, caseB);
  const none = await askQuick(A.deps, A.ctx(), { fipsState: '24', caseId: 'CS99999999' });
  assert.equal(none.ok ? 'ok' : none.code, 'NOT_FOUND');
  const audit = await B.deps.db.selectFrom('audit_event').selectAll().where('entity_type', '=', 'quick_case').orderBy('id').execute();
  assert.equal(audit.length, 2);
  assert.equal(audit[0]!.actor_username, 'quick:42');
  assert.equal(audit[0]!.purpose, 'QUICK from 42: check the responding order');
  assert.ok((audit[0]!.person_ids as number[]).length >= 3, 'the members read are in the audit event');
  const asked = await A.deps.db.selectFrom('audit_event').selectAll().where('entity_type', '=', 'quick_query').execute();
  assert.equal(asked.length, 3);
});

test('5. B receipts a collection and forwards it to A (disbursement to A’s SDU + COL P); A keeps the advice awaiting the money and pays nothing yet; both conserve', async () => {
  const r = await inTransaction(B.deps.db, (db) => receiveReceipt({ ...B.deps, db }, B.ctx(), { idempotencyKey: 'md-sdu:20261102:0001', source: 'check', amountCents: 25_000, receivedDate: TODAY, caseNumber: caseB }));
  ok(r);
  const cycleB = await runDailyCycle(B.deps, TODAY);
  assert.equal(cycleB.status, 'completed');
  assert.deepEqual(cycleB.problems, []);
  const dB = await B.deps.db.selectFrom('disbursement').selectAll().execute();
  assert.deepEqual(dB.map((d) => [d.payee, d.amount_cents, d.method, d.due_date]), [['other_state', 25_000, 'eft', addBusinessDays(TODAY, 2)]]);
  const alloc = await B.deps.db.selectFrom('distribution_allocation').selectAll().execute();
  assert.deepEqual(alloc.map((a) => [a.target, a.payee, a.amount_cents]), [['current_support', 'other_state', 25_000]]);
  assert.match(alloc[0]!.explanation, /303\.7\(d\)\(6\)\(v\)/);

  const fwd = ok(await forwardCollections(B.deps, B.ctx()));
  assert.deepEqual([fwd.forwarded, fwd.totalCents, fwd.late], [1, 25_000, 0]);
  assert.deepEqual(fwd.advices[0]!.collectionDates, [TODAY]);
  assert.equal(ok(await forwardCollections(B.deps, B.ctx())).forwarded, 0, 'one advice per disbursement');
  const c = await B.deps.db.selectFrom('iv_d_case').select('id').where('case_number', '=', caseB).executeTakeFirstOrThrow();
  const clock = await B.deps.db.selectFrom('case_timeframe').selectAll().where('case_id', '=', c.id).where('kind', '=', 'ic_collection_forward').executeTakeFirstOrThrow();
  assert.deepEqual([clock.start_date, clock.due_date, clock.met_date], [TODAY, addBusinessDays(TODAY, 2), TODAY]);

  ok(await sendQueued(B.deps, B.ctx()));
  // The advice is not money: A keeps it awaiting B's payment and pays the family nothing yet.
  assert.deepEqual(await A.deps.db.selectFrom('receipt').selectAll().execute(), []);
  assert.deepEqual((await awaitingAdvices(A.deps.db, TODAY)).map((a) => [a.caseNumber, a.amountCents, a.collectionDate, a.ageDays]), [[caseA, 25_000, TODAY, 0]]);
  const cycleA = await runDailyCycle(A.deps, TODAY);
  assert.equal(cycleA.status, 'completed');
  assert.deepEqual(await A.deps.db.selectFrom('disbursement').selectAll().execute(), []);
  assert.deepEqual(await conservationProblems(A.deps.db), []);
  assert.deepEqual(await conservationProblems(B.deps.db), []);

  // A sees the payment and the forwarding in B through QUICK; B's balance went down by the collection.
  const q = ok(await askQuick(A.deps, A.ctx(), { fipsState: '24', caseId: caseB }));
  assert.deepEqual(q.payments.map((p) => [p.date, p.amountCents]), [[TODAY, 25_000]]);
  assert.deepEqual(q.disbursements.map((d) => [d.payee, d.amountCents]), [['other_state', 25_000]]);
  assert.deepEqual([q.finance!.currentSupportPaidCents, q.finance!.totalOwedCents], [25_000, 15_000]);
  // Sending again sends nothing new and advises nothing twice.
  const resend = ok(await sendQueued(B.deps, B.ctx()));
  assert.equal(resend.sent, 0);
  assert.equal((await awaitingAdvices(A.deps.db, TODAY)).length, 1);
  assert.equal((await A.deps.db.selectFrom('receipt').select('id').execute()).length, 0);
});

/** The builder input that a parsed CCD+ file came from (to check that the file reads back byte for byte). */
function rebuild(f: CcdFile): string {
  const built = buildCcdFile(
    {
      immediate_destination: f.header.immediate_destination,
      immediate_destination_name: f.header.immediate_destination_name,
      immediate_origin: f.header.immediate_origin,
      immediate_origin_name: f.header.immediate_origin_name,
      file_creation_date: f.header.file_creation_date,
      ...(f.header.file_creation_time ? { file_creation_time: f.header.file_creation_time } : {}),
      file_id_modifier: f.header.file_id_modifier,
      reference_code: f.header.reference_code,
      batches: f.batches.map((b) => ({
        company_name: b.company_name,
        company_id: b.company_id,
        company_discretionary_data: b.company_discretionary_data,
        entry_description: b.entry_description,
        descriptive_date: b.descriptive_date,
        effective_entry_date: b.effective_entry_date,
        originating_dfi_id: b.originating_dfi_id,
        batch_number: b.batch_number,
        payments: f.payments.filter((p) => p.batch_number === b.batch_number).map((p) => ({
          receiving_dfi_routing: p.receiving_dfi_routing,
          dfi_account_number: p.dfi_account_number,
          receiving_company_name: p.receiving_company_name,
          identification_number: p.identification_number,
          account_type: p.account_type,
          trace_sequence: Number(p.trace_number.slice(8)),
          discretionary_data: p.discretionary_data,
          ded: p.ded,
        })),
      })),
    },
  );
  if (!built.ok) assert.fail(`${built.message} ${JSON.stringify(built.details)}`);
  return built.value;
}

test('6. B pays A’s SDU with a NACHA CCD+ file (DED addenda): it reads back byte for byte, totals the forwarded disbursements, a repeat writes nothing; A’s ACH import receipts it as the advised collection and pays the family', async () => {
  // Without A's SDU bank on B's partner record nothing is written; the disbursement is listed and waits.
  const waiting = ok(await writeForwardFile(B.deps, B.ctx(), TODAY));
  assert.equal(waiting.fileId, null);
  assert.equal(waiting.skipped.length, 1);
  assert.match(waiting.skipped[0]!.reason, /no SDU routing and account/);

  const routing = `04300009${abaCheckDigit('04300009')}`;
  ok(await savePartner(B.deps, B.ctx(), { fipsState: '42', name: 'Pennsylvania', sduName: 'PA SCDU', sduFips: '4200000', sduRoutingNumber: routing, sduAccountNumber: '7700012345', sduAccountType: 'checking' }));
  const view = (await partnerView(B.deps.db, '42'))!;
  assert.deepEqual([view.sduRoutingNumber, view.sduAccountLast4, view.sduAccountType], [routing, '2345', 'checking']);
  assert.ok(!JSON.stringify(view).includes('7700012345'), 'the account number is never shown whole');
  const bad = await savePartner(B.deps, B.ctx(), { fipsState: '42', name: 'Pennsylvania', sduRoutingNumber: '043000090', sduAccountNumber: '1' });
  assert.equal(bad.ok, false, 'a routing number failing the check digit, or a short account, is refused');

  const f = ok(await writeForwardFile(B.deps, B.ctx(), TODAY));
  const forwarded = await B.deps.db.selectFrom('disbursement').selectAll().where('payee', '=', 'other_state').execute();
  const forwardedCents = forwarded.reduce((n, d) => n + d.amount_cents, 0);
  assert.deepEqual([f.entryCount, f.totalCents, f.fileIdModifier, f.skipped], [1, forwardedCents, 'B', []]);
  assert.deepEqual(f.batches.map((b) => [b.batchNumber, b.fipsState, b.entries, b.totalCents]), [[1, '42', 1, forwardedCents]]);
  assert.ok(forwarded.every((d) => d.disbursement_file_id === f.fileId), 'each forwarded disbursement points at the file');
  const stored = await B.deps.db.selectFrom('disbursement_file').selectAll().where('id', '=', f.fileId!).executeTakeFirstOrThrow();
  assert.deepEqual([stored.kind, stored.file_name, stored.entry_count, stored.total_cents, stored.effective_date], ['ccd_interstate', `ccd-interstate-${TODAY}-B.ach`, 1, forwardedCents, addBusinessDays(TODAY, 1)]);

  // The project's NACHA parser reads it whole; built again from what was read, it is the same bytes.
  const parsed = parseCcdFile(stored.content);
  if (!parsed.ok) assert.fail(`${parsed.message} ${JSON.stringify(parsed.details)}`);
  assert.equal(rebuild(parsed.value), stored.content, 'byte for byte');
  assert.equal(stored.content.split('\n').filter(Boolean).length % 10, 0, 'blocked by 10');
  assert.equal(parsed.value.total_credit_cents, forwardedCents);
  assert.equal(parsed.value.total_debit_cents, 0);
  const [p] = parsed.value.payments;
  const ncpA = await A.deps.db.selectFrom('case_member as m').innerJoin('iv_d_case as c', 'c.id', 'm.case_id').innerJoin('person as x', 'x.id', 'm.person_id')
    .select(['x.ssn_last4', 'x.last_name']).where('c.case_number', '=', caseA).where('m.role', '=', 'noncustodial_parent').executeTakeFirstOrThrow();
  assert.equal(p!.kind, 'payment');
  assert.equal(p!.receiving_dfi_routing, routing);
  assert.equal(p!.dfi_account_number, '7700012345');
  assert.equal(p!.receiving_company_name, 'PA SCDU');
  assert.equal(p!.identification_number, caseB, 'our case number in the entry');
  assert.deepEqual(
    [p!.ded.application_id, p!.ded.case_id, p!.ded.pay_date, p!.ded.amount_cents, p!.ded.ncp_ssn.slice(-4), p!.ded.fips_code, p!.ded.medical_support, p!.ded.employment_terminated],
    ['IO', caseA, TODAY, forwardedCents, ncpA.ssn_last4, '4200000', false, false],
    'DED: interstate (all others), their case id, date of collection, amount, obligor SSN, receiving FIPS',
  );
  assert.ok(p!.ded.ncp_name?.startsWith(ncpA.last_name.toUpperCase().slice(0, 7)));
  assert.equal(parsed.value.batches[0]!.company_discretionary_data.trim(), 'IV-D FWD FIPS 42');

  // A second run writes nothing new.
  const again = ok(await writeForwardFile(B.deps, B.ctx(), TODAY));
  assert.deepEqual([again.fileId, again.entryCount, again.skipped], [null, 0, []]);
  assert.equal((await B.deps.db.selectFrom('disbursement_file').select('id').where('kind', '=', 'ccd_interstate').execute()).length, 1);
  assert.deepEqual(await conservationProblems(B.deps.db), []);

  // A's ACH import receipts B's payment as the forwarded collection B advised (source interstate, dated on
  // B's date of collection) and settles the advice; A's cycle pays the family. Importing the file again
  // receipts nothing.
  const imported = ok(await importAchPayments(A.deps, A.ctx(), stored.file_name, stored.content));
  assert.deepEqual([imported.posted, imported.unidentified, imported.totalCents], [1, 0, forwardedCents]);
  const receiptsA = await A.deps.db.selectFrom('receipt as r').leftJoin('iv_d_case as c', 'c.id', 'r.case_id').select(['r.source', 'r.amount_cents', 'r.received_date', 'r.status', 'c.case_number']).execute();
  assert.deepEqual(receiptsA.map((x) => [x.source, x.amount_cents, x.received_date, x.status, x.case_number]), [['interstate', 25_000, TODAY, 'undistributed', caseA]]);
  assert.deepEqual(await awaitingAdvices(A.deps.db, TODAY), [], 'the advice is settled');
  const cycleA = await runDailyCycle(A.deps, addBusinessDays(TODAY, 1));
  assert.equal(cycleA.status, 'completed');
  const dA = await A.deps.db.selectFrom('disbursement').selectAll().execute();
  assert.deepEqual(dA.map((d) => [d.payee, d.amount_cents]), [['family', 25_000]]);
  const again2 = ok(await importAchPayments(A.deps, A.ctx(), `${stored.file_name}.again`, stored.content));
  assert.deepEqual([again2.posted, again2.duplicates], [0, 1]);
  assert.equal((await A.deps.db.selectFrom('receipt').select('id').execute()).length, 1);

  // Conservation on both sides, and across them: what B sent is what A received and paid the family.
  assert.deepEqual(await conservationProblems(A.deps.db), []);
  const sum = (rows: Array<{ amount_cents: number }>) => rows.reduce((n, x) => n + x.amount_cents, 0);
  assert.equal(forwardedCents, sum(receiptsA));
  assert.equal(sum(dA), sum(receiptsA));
});
