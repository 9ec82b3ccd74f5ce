/**
 * FCR export delta and FCR/NDNH response import on a real database: what was sent is remembered so a
 * second run sends nothing; changes and closures go out as change and delete records; an NDNH W-4 match on
 * an obligor with an order records the employer and address in the participant's history, meets the 75-day
 * locate clock naming the source, starts income withholding within two business days and raises
 * verification items; the same file twice posts once; a malformed file writes nothing; the routes list and
 * verify results with office access and audit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { blindIndex, encryptText } from '../../src/security/pii.ts';
import { parseFcrInputFile, buildFcrResponseFile } from '../../src/formats/fcr/files.ts';
import { exportFcrFile } from '../../src/locate/fcr-export.ts';
import { importFcrResponses } from '../../src/locate/fcr-import.ts';
import { memberId } from '../../src/locate/rules.ts';
import { ndnhW4 } from './fixtures.ts';

let sys: TestSystem;
let caseId: number;
let caseNumber: string;
let otherCaseId: number;
let ncp: number;
let cp: number;
let worker: string;

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  await sys.addUser('south', 'caseworker', { office: 'SOUTH' });
  worker = await sys.login('worker');
  const auth = { authorization: `Bearer ${worker}` };
  const intake = await sys.app.inject({ method: 'POST', url: '/api/intakes', headers: auth, payload: sampleIntake() });
  assert.equal(intake.statusCode, 201, intake.body);
  caseNumber = intake.json().caseNumber;
  const order = await sys.app.inject({
    method: 'POST',
    url: `/api/cases/${caseNumber}/orders`,
    headers: auth,
    payload: { orderNumber: 'DR-2026-0042', orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-11-01', obligations: [{ kind: 'current_support', amount: '300.00', frequency: 'monthly', startDate: '2026-11-01' }] },
  });
  assert.equal(order.statusCode, 201, order.body);
  caseId = (await sys.deps.db.selectFrom('iv_d_case').select('id').where('case_number', '=', caseNumber).executeTakeFirstOrThrow()).id;
  const members = await sys.deps.db.selectFrom('case_member').select(['person_id', 'role']).where('case_id', '=', caseId).execute();
  ncp = members.find((m) => m.role === 'noncustodial_parent')!.person_id;
  cp = members.find((m) => m.role === 'custodial_party')!.person_id;
  const other = await sys.app.inject({ method: 'POST', url: '/api/intakes', headers: auth, payload: sampleIntake({}, { cpFirst: 'Ana', cpLast: 'Stone', cpSsn: '212-45-6799', ncpFirst: 'Lee', ncpLast: 'Stone', ncpSsn: '318-22-4499', childFirst: 'Kim' }) });
  assert.equal(other.statusCode, 201, other.body);
  otherCaseId = (await sys.deps.db.selectFrom('iv_d_case').select('id').where('case_number', '=', other.json().caseNumber).executeTakeFirstOrThrow()).id;
});
after(() => sys.close());

const count = async (table: 'locate_result' | 'import_batch' | 'income_withholding_order' | 'person_employment' | 'person_address' | 'worklist_item' | 'fcr_registration') =>
  Number((await sys.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

test('FCR export: the first run adds every open case and member; a second run sends nothing new', async () => {
  const r = await exportFcrFile(sys.deps, sys.ctx('administrator'), '2026-11-02');
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.value.summary.caseRecords, { add: 2, change: 0, delete: 0 });
  assert.deepEqual(r.value.summary.personRecords, { add: 6, change: 0, delete: 0 });
  assert.equal(r.value.summary.batchNumber, 1);
  const file = parseFcrInputFile(r.value.text!);
  assert.ok(file.ok, JSON.stringify(file));
  assert.equal(file.value.record_count, 8);
  assert.deepEqual(file.value.records.slice(0, 4).map((x) => [x.type, x.values.action_type_code, x.values.participant_type ?? '']), [['case', 'A', ''], ['person', 'A', 'CP'], ['person', 'A', 'NP'], ['person', 'A', 'CH']]);
  const np = file.value.records[2]!.values;
  assert.equal(np.case_id, caseNumber);
  assert.equal(np.member_id, memberId(ncp));
  assert.equal(np.ssn, '318224410');
  assert.equal(np.person_last_name, 'REYES');
  assert.equal(np.locate_request_type, 'CS');
  assert.equal(file.value.records[0]!.values.order_indicator, 'Y');
  assert.equal(file.value.records[4]!.values.order_indicator, 'N');
  const t = await sys.deps.db.selectFrom('fcr_transmission').selectAll().executeTakeFirstOrThrow();
  assert.equal(t.record_count, 8);
  assert.equal(await count('fcr_registration'), 8);

  const again = await exportFcrFile(sys.deps, sys.ctx('administrator'), '2026-11-03');
  assert.ok(again.ok);
  assert.equal(again.value.text, null);
  assert.equal(again.value.summary.recordCount, 0);
  assert.equal(Number((await sys.deps.db.selectFrom('fcr_transmission').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), 1);
});

test('FCR export: a changed person goes as a change record with the previous SSN; a closed case as a delete', async () => {
  const db = sys.deps.db;
  await db.updateTable('person').set({ ssn_ciphertext: encryptText(sys.deps.keys, '318224411'), ssn_index: blindIndex(sys.deps.keys, '318224411'), ssn_last4: '4411' }).where('id', '=', ncp).execute();
  await db.updateTable('iv_d_case').set({ status: 'closed', closed_date: '2026-11-02', closure_reason: 'test' }).where('id', '=', otherCaseId).execute();
  const r = await exportFcrFile(sys.deps, sys.ctx('administrator'), '2026-11-04');
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.value.summary.caseRecords, { add: 0, change: 0, delete: 1 });
  assert.deepEqual(r.value.summary.personRecords, { add: 0, change: 1, delete: 0 });
  const file = parseFcrInputFile(r.value.text!);
  assert.ok(file.ok);
  const change = file.value.records.find((x) => x.type === 'person')!.values;
  assert.equal(change.action_type_code, 'C');
  assert.equal(change.ssn, '318224411');
  assert.equal(change.previous_ssn, '318224410');
  assert.equal(file.value.records.find((x) => x.type === 'case')!.values.action_type_code, 'D');
  const reg = await db.selectFrom('fcr_registration').selectAll().where('case_id', '=', caseId).where('person_id', '=', ncp).executeTakeFirstOrThrow();
  assert.equal(reg.sent_version, 2);
  assert.equal(reg.last_action, 'C');
  const closed = await db.selectFrom('fcr_registration').select(['status']).where('case_id', '=', otherCaseId).execute();
  assert.ok(closed.length === 4 && closed.every((x) => x.status === 'deleted'), 'the case and its persons are deleted together');
  // Back to the SSN the rest of the tests use; that is one more change, then nothing.
  await db.updateTable('person').set({ ssn_ciphertext: encryptText(sys.deps.keys, '318224410'), ssn_index: blindIndex(sys.deps.keys, '318224410'), ssn_last4: '4410' }).where('id', '=', ncp).execute();
  const back = await exportFcrFile(sys.deps, sys.ctx('administrator'), '2026-11-05');
  assert.ok(back.ok);
  assert.equal(back.value.summary.recordCount, 1);
  const none = await exportFcrFile(sys.deps, sys.ctx('administrator'), '2026-11-06');
  assert.ok(none.ok && none.value.text === null);
});

test('only an administrator (the batch) runs the FCR transmission', async () => {
  const r = await exportFcrFile(sys.deps, sys.ctx('caseworker', 'NORTH'), '2026-11-06');
  assert.ok(!r.ok);
  assert.equal(r.code, 'FORBIDDEN');
});

function responses(extra: Array<{ kind: 'ndnh_match' | 'locate_response' | 'case_ack' | 'person_ack'; values: Record<string, string | number | undefined> }> = []) {
  const caseAck = { action_type_code: 'A', case_id: caseNumber, case_type: 'F', order_indicator: 'Y', batch_number: '000001', acknowledgment_code: 'AAAAA' };
  const personAck = { action_type_code: 'A', case_id: caseNumber, participant_type: 'NP', member_id: memberId(ncp), ssn: '318224410', ssn_validity_code: 'V', batch_number: '000001', acknowledgment_code: 'AAAAA' };
  const built = buildFcrResponseFile([{ kind: 'case_ack', values: caseAck }, { kind: 'person_ack', values: personAck }, { kind: 'ndnh_match', values: ndnhW4({ member_id: memberId(ncp) }) }, ...extra]);
  if (!built.ok) throw new Error(JSON.stringify(built));
  return built.value;
}

test('an NDNH W-4 match on an obligor with an order: history, locate clock met by NDNH-W4, withholding within two business days, verification items', async () => {
  const db = sys.deps.db;
  const r = await importFcrResponses(sys.deps, sys.ctx('administrator'), 'fcr-resp-1.txt', responses());
  assert.ok(r.ok, JSON.stringify(r));
  const s = r.value;
  assert.deepEqual([s.caseAcks, s.personAcks, s.ssnVerified, s.matches, s.employersRecorded, s.addressesRecorded, s.withholdingStarted, s.worklistItems], [1, 1, 1, 1, 1, 1, 1, 2]);
  assert.ok(s.locateTimeframesMet >= 1);

  const reg = await db.selectFrom('fcr_registration').selectAll().where('case_id', '=', caseId).where('person_id', '=', ncp).executeTakeFirstOrThrow();
  assert.deepEqual([reg.ack_code, reg.ssn_validity, reg.ssn_validity_date], ['AAAAA', 'V', '2026-11-02']);

  const emp = await db.selectFrom('person_employment as pe').innerJoin('employer as e', 'e.id', 'pe.employer_id').select(['pe.id', 'pe.source', 'pe.verification', 'e.name', 'e.fein']).where('pe.person_id', '=', ncp).where('pe.source', '=', 'ndnh_w4').executeTakeFirstOrThrow();
  assert.deepEqual([emp.source, emp.verification, emp.name, emp.fein], ['ndnh_w4', 'unverified', 'LAKESHORE FOODS INC', '251112222']);
  const addr = await db.selectFrom('person_address').selectAll().where('person_id', '=', ncp).where('effective_to', 'is', null).executeTakeFirstOrThrow();
  assert.deepEqual([addr.line1, addr.city, addr.zip, addr.source, addr.verification], ['9 RIVER RD', 'ERIE', '16502', 'ndnh_w4', 'unverified']);

  const iwo = await db.selectFrom('income_withholding_order as w').innerJoin('enforcement_action as a', 'a.id', 'w.enforcement_action_id').select(['w.status', 'w.issue_due_date', 'w.income_source_date', 'w.new_hire_report_id', 'w.person_employment_id', 'a.source', 'a.source_id', 'w.current_support_monthly_cents']).where('w.case_id', '=', caseId).executeTakeFirstOrThrow();
  assert.equal(iwo.status, 'pending');
  assert.equal(iwo.income_source_date, '2026-11-02');
  assert.equal(iwo.issue_due_date, '2026-11-04', 'Monday + 2 business days (45 CFR 303.100(e))');
  assert.equal(iwo.source, 'ndnh_w4');
  assert.equal(iwo.new_hire_report_id, null);
  assert.equal(iwo.person_employment_id, emp.id);
  assert.equal(iwo.current_support_monthly_cents, 30_000);
  const result = await db.selectFrom('locate_result').selectAll().where('id', '=', iwo.source_id!).executeTakeFirstOrThrow();
  assert.equal(result.item, 'employer');

  const clocks = await db.selectFrom('case_timeframe').selectAll().where('case_id', '=', caseId).where('kind', '=', 'locate').execute();
  assert.ok(clocks.length >= 1);
  assert.ok(clocks.every((c) => c.met_date === '2026-11-02' && /NDNH-W4/.test(c.met_note ?? '')), JSON.stringify(clocks));

  const items = await db.selectFrom('worklist_item').selectAll().where('kind', '=', 'locate_verification').execute();
  assert.equal(items.length, 2);
  assert.ok(items.every((i) => i.case_id === caseId && i.status === 'open' && i.due_date === '2026-11-12'));
  assert.ok(items.some((i) => /employer LAKESHORE FOODS INC reported by NDNH-W4/.test(i.title)));
  const audit = await db.selectFrom('audit_event').select(['detail', 'person_ids']).where('entity_type', '=', 'import_batch').where('action', '=', 'import').execute();
  assert.ok(audit.some((a) => JSON.stringify(a.detail).includes('fcr_response')));
  assert.ok(!JSON.stringify(audit).includes('318224410'), 'no SSN in the audit log');
});

test('the same file twice posts once; the same match in a later file is taken once', async () => {
  const before = [await count('locate_result'), await count('import_batch'), await count('income_withholding_order'), await count('person_employment'), await count('person_address'), await count('worklist_item')];
  const again = await importFcrResponses(sys.deps, sys.ctx('administrator'), 'fcr-resp-1-copy.txt', responses());
  assert.ok(!again.ok);
  assert.equal(again.code, 'ALREADY_PROCESSED');
  assert.deepEqual([await count('locate_result'), await count('import_batch'), await count('income_withholding_order'), await count('person_employment'), await count('person_address'), await count('worklist_item')], before);

  const later = await importFcrResponses(sys.deps, sys.ctx('administrator'), 'fcr-resp-2.txt', responses([{ kind: 'ndnh_match', values: ndnhW4({ response_agency: 'H01', ssn: '999001234', member_id: '', employer_name: '' }) }]));
  assert.ok(later.ok, JSON.stringify(later));
  assert.equal(later.value.duplicates, 2);
  assert.equal(later.value.noInformation, 1);
  assert.equal(later.value.withholdingStarted, 0);
  assert.deepEqual([await count('locate_result'), await count('import_batch'), await count('income_withholding_order'), await count('person_employment'), await count('person_address'), await count('worklist_item')], [before[0], before[1]! + 1, before[2], before[3], before[4], before[5]]);
});

test('a malformed response file is rejected whole naming record and field; nothing is written', async () => {
  const text = responses([{ kind: 'ndnh_match', values: ndnhW4({ ssn: '318224499', employer_name: 'OTHER CO', fein: '259876543' }) }]);
  const lines = text.split('\n');
  lines[3] = lines[3]!.slice(0, 60) + 'H42' + lines[3]!.slice(63);
  const before = [await count('locate_result'), await count('import_batch'), await count('person_employment'), await count('fcr_registration')];
  const r = await importFcrResponses(sys.deps, sys.ctx('administrator'), 'bad.txt', lines.join('\n'));
  assert.ok(!r.ok);
  assert.equal(r.code, 'IMPORT_REJECTED');
  assert.deepEqual(r.details!.map((d) => [d.line, d.path]), [[4, 'record 4/response_agency']]);
  assert.deepEqual([await count('locate_result'), await count('import_batch'), await count('person_employment'), await count('fcr_registration')], before);
});

test('routes: a caseworker of the office lists the results and verifies or rejects them; another office sees nothing', async () => {
  const auth = { authorization: `Bearer ${worker}` };
  const list = await sys.app.inject({ method: 'GET', url: `/api/persons/${ncp}/locate-results`, headers: auth });
  assert.equal(list.statusCode, 200, list.body);
  const results = list.json().results as Array<{ resultId: number; item: string; sourceLabel: string; confidence: string; verification: string; employer: { name: string } | null; address: { line1: string } | null; locateTimeframesMet: number[] }>;
  assert.equal(results.length, 2);
  assert.ok(results.every((x) => x.sourceLabel === 'NDNH-W4' && x.confidence === 'high' && x.verification === 'unverified'));
  const employer = results.find((x) => x.item === 'employer')!;
  const address = results.find((x) => x.item === 'address')!;
  assert.equal(employer.employer!.name, 'LAKESHORE FOODS INC');
  assert.equal(address.address!.line1, '9 RIVER RD');
  assert.ok(employer.locateTimeframesMet.length >= 1);

  const south = await sys.login('south');
  const hidden = await sys.app.inject({ method: 'GET', url: `/api/persons/${ncp}/locate-results`, headers: { authorization: `Bearer ${south}` } });
  assert.equal(hidden.statusCode, 404);
  const hiddenVerify = await sys.app.inject({ method: 'POST', url: `/api/locate-results/${employer.resultId}/verification`, headers: { authorization: `Bearer ${south}` }, payload: { outcome: 'verified', method: 'employer' } });
  assert.equal(hiddenVerify.statusCode, 404);

  const bad = await sys.app.inject({ method: 'POST', url: `/api/locate-results/${employer.resultId}/verification`, headers: auth, payload: { outcome: 'maybe', method: 'employer' } });
  assert.equal(bad.statusCode, 400);
  const ok = await sys.app.inject({ method: 'POST', url: `/api/locate-results/${employer.resultId}/verification`, headers: auth, payload: { outcome: 'verified', method: 'employer', note: 'payroll confirmed by phone' } });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(ok.json(), { resultId: employer.resultId, verification: 'verified', verifiedDate: '2026-11-02' });
  const twice = await sys.app.inject({ method: 'POST', url: `/api/locate-results/${employer.resultId}/verification`, headers: auth, payload: { outcome: 'failed', method: 'employer' } });
  assert.equal(twice.statusCode, 409);
  const rejected = await sys.app.inject({ method: 'POST', url: `/api/locate-results/${address.resultId}/verification`, headers: auth, payload: { outcome: 'failed', method: 'postal', note: 'returned by the post office' } });
  assert.equal(rejected.statusCode, 200, rejected.body);

  const db = sys.deps.db;
  const emp = await db.selectFrom('person_employment').select(['verification', 'verified_date']).where('person_id', '=', ncp).where('source', '=', 'ndnh_w4').executeTakeFirstOrThrow();
  assert.deepEqual(emp, { verification: 'verified', verified_date: '2026-11-02' });
  const addr = await db.selectFrom('person_address').select('verification').where('person_id', '=', ncp).where('source', '=', 'ndnh_w4').executeTakeFirstOrThrow();
  assert.equal(addr.verification, 'bad');
  const items = await db.selectFrom('worklist_item').select(['status', 'done_note']).where('kind', '=', 'locate_verification').execute();
  assert.ok(items.every((i) => i.status === 'done'), JSON.stringify(items));
  const audit = await db.selectFrom('audit_event').select(['action', 'actor_username']).where('entity_type', '=', 'locate_result').execute();
  assert.ok(audit.some((a) => a.action === 'read' && a.actor_username === 'worker'));
  assert.equal(audit.filter((a) => a.action === 'update').length, 2);
  // The custodial party has no locate results; the list is empty, not an error.
  const none = await sys.app.inject({ method: 'GET', url: `/api/persons/${cp}/locate-results`, headers: auth });
  assert.equal(none.statusCode, 200);
  assert.deepEqual(none.json().results, []);
});
