/**
 * Two OpenCSE programs on loopback, each with its own database: State A (Pennsylvania, FIPS 42) initiates
 * a case and refers it to State B (Maryland, FIPS 24) over CSENet; B opens the responding case, registers
 * the order, starts the 45 CFR 303.7 clocks and acknowledges; A asks B's status (CSI) and queries B through
 * QUICK; B receipts a collection from the obligor, disburses it to A's SDU and advises A (COL P); A
 * receipts the forwarded collection and distributes it to the family. Money is conserved on both sides.
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

test('5. B receipts a collection and forwards it to A (disbursement to A’s SDU + COL P); A receipts and distributes it to the family; both conserve', async () => {
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
  const receiptsA = await A.deps.db.selectFrom('receipt').selectAll().execute();
  assert.deepEqual(receiptsA.map((x) => [x.source, x.amount_cents, x.received_date, x.status]), [['interstate', 25_000, TODAY, 'undistributed']]);
  const cycleA = await runDailyCycle(A.deps, TODAY);
  assert.equal(cycleA.status, 'completed');
  const dA = await A.deps.db.selectFrom('disbursement').selectAll().execute();
  assert.deepEqual(dA.map((d) => [d.payee, d.amount_cents]), [['family', 25_000]]);

  // Conservation on both sides, and across them: what B sent is what A received and paid the family.
  assert.deepEqual(await conservationProblems(A.deps.db), []);
  assert.deepEqual(await conservationProblems(B.deps.db), []);
  const sum = (rows: Array<{ amount_cents: number }>) => rows.reduce((n, x) => n + x.amount_cents, 0);
  assert.equal(sum(dB), sum(receiptsA));
  assert.equal(sum(dA), sum(receiptsA));

  // A sees the payment and the forwarding in B through QUICK; B's balance went down by the collection.
  const q = ok(await askQuick(A.deps, A.ctx(), { fipsState: '24', caseId: caseB }));
  assert.deepEqual(q.payments.map((p) => [p.date, p.amountCents]), [[TODAY, 25_000]]);
  assert.deepEqual(q.disbursements.map((d) => [d.payee, d.amountCents]), [['other_state', 25_000]]);
  assert.deepEqual([q.finance!.currentSupportPaidCents, q.finance!.totalOwedCents], [25_000, 15_000]);
  // Sending again sends nothing new and receipts nothing twice.
  const resend = ok(await sendQueued(B.deps, B.ctx()));
  assert.equal(resend.sent, 0);
  assert.equal((await A.deps.db.selectFrom('receipt').select('id').execute()).length, 1);
});
