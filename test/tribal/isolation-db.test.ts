// Tribal mode: one install serving two Tribal IV-D programs. For every staff role, a user of program A
// cannot list, search, read, update or report on program B's cases, persons, payments, notices or
// worklist items; a parent of program A cannot reach B's case through the portal. Both programs hold the
// same family, so every "not found" below is a real record of the other program.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createConsortium, STAFF_ROLES, type Consortium } from './consortium.ts';
import { createUser } from '../../src/security/users.ts';
import { TEST_PASSWORD } from '../helpers/system.ts';

let k: Consortium;
let itemA: number;
let itemB: number;
let parentA: string;

const ok2xx = (status: number) => status >= 200 && status < 300;

before(async () => {
  k = await createConsortium();
  const { sys, A, B, call } = k;
  for (const side of [A, B]) {
    const order = await call(side.tokens.caseworker, 'POST', `/api/cases/${side.caseNumber}/orders`, {
      orderNumber: `TC-${side.code}-1`, orderKind: 'judicial', enteredDate: '2026-10-30', effectiveDate: '2026-10-01',
      obligations: [{ kind: 'current_support', amount: '300.00', frequency: 'monthly', startDate: '2026-10-01' }],
    });
    assert.equal(order.statusCode, 201, order.body);
    const paid = await call(side.tokens.financial_worker, 'POST', '/api/receipts', { idempotencyKey: `SDU-${side.code}-1`, source: 'check', amount: '250.00', receivedDate: '2026-11-02', caseNumber: side.caseNumber, reference: `chk-${side.code}` });
    assert.equal(paid.statusCode, 201, paid.body);
    const notice = await call(side.tokens.caseworker, 'POST', `/api/cases/${side.caseNumber}/notices`, { template: 'case_opening_letter' });
    assert.equal(notice.statusCode, 201, notice.body);
  }
  // Program B holds an unidentified receipt (no case, no obligor) in its undistributed money.
  const held = await call(B.tokens.financial_worker, 'POST', '/api/receipts', { idempotencyKey: 'SDU-B-UNID', source: 'money_order', amount: '777.00', receivedDate: '2026-11-02', remitterName: 'unknown' });
  assert.equal(held.statusCode, 201, held.body);
  const item = async (side: typeof A) =>
    (await sys.deps.db.insertInto('worklist_item').values({ kind: 'closure_notice_ended', case_id: side.caseId, intake_id: null, timeframe_id: null, closure_id: null, office_id: side.officeId, title: `review ${side.code}`, regulation: null, due_date: '2026-11-10', alert_level: 'due_soon', assigned_user_id: null, escalated_to_user_id: null, escalated_date: null, created_date: '2026-11-02', done_date: null, done_by: null, done_note: null, dedupe_key: `tribal-test-${side.code}` }).returning('id').executeTakeFirstOrThrow()).id;
  itemA = await item(A);
  itemB = await item(B);
  const p = await createUser(sys.deps.db, { username: 'a.parent', displayName: 'A parent', role: 'parent', password: TEST_PASSWORD, personId: A.cpPersonId });
  assert.ok(p.ok);
  parentA = await sys.login('a.parent');
});
after(() => k.sys.close());

test('the same family applying to two programs is two person records; the SSN is unique within a program only', async () => {
  const { A, B, sys } = k;
  assert.notEqual(A.cpPersonId, B.cpPersonId);
  assert.notEqual(A.ncpPersonId, B.ncpPersonId);
  const rows = await sys.deps.db.selectFrom('person').select(['id', 'program_id', 'ssn_index']).where('id', 'in', [A.cpPersonId, B.cpPersonId]).orderBy('id').execute();
  assert.equal(rows[0]!.ssn_index, rows[1]!.ssn_index, 'same SSN');
  assert.deepEqual(rows.map((r) => r.program_id), [A.programId, B.programId]);
});

for (const role of STAFF_ROLES) {
  test(`${role} of program A: sees A's records and none of B's (search, case, person, statement, notices, worklist)`, async () => {
    const { A, B, call } = k;
    const t = A.tokens[role];
    // Control: A's own records are there.
    assert.equal((await call(t, 'GET', `/api/cases/${A.caseNumber}`)).statusCode, 200);
    const search = await call(t, 'GET', '/api/cases?lastName=Lopez');
    assert.equal(search.statusCode, 200, search.body);
    const found = search.json().items.map((i: { caseNumber: string }) => i.caseNumber);
    assert.ok(found.includes(A.caseNumber), 'own case found');
    assert.ok(!found.includes(B.caseNumber), 'B case not listed');
    const bySsn = await call(t, 'GET', '/api/cases?ssnLast4=6781');
    assert.ok(!bySsn.json().items.some((i: { caseNumber: string }) => i.caseNumber === B.caseNumber));
    const byNumber = await call(t, 'GET', `/api/cases?caseNumber=${B.caseNumber}`);
    assert.equal(byNumber.json().total, 0);

    assert.equal((await call(t, 'GET', `/api/cases/${B.caseNumber}`)).statusCode, 404);
    assert.equal((await call(t, 'GET', `/api/persons/${A.cpPersonId}`)).statusCode, 200);
    assert.equal((await call(t, 'GET', `/api/persons/${B.cpPersonId}`)).statusCode, 404);
    assert.equal((await call(t, 'GET', `/api/persons/${B.ncpPersonId}`)).statusCode, 404);
    assert.equal((await call(t, 'GET', `/api/cases/${A.caseNumber}/statement`)).statusCode, 200);
    assert.equal((await call(t, 'GET', `/api/cases/${B.caseNumber}/statement`)).statusCode, 404);
    assert.equal((await call(t, 'GET', `/api/cases/${B.caseNumber}/notices`)).statusCode, 404);
    assert.equal((await call(t, 'GET', `/api/cases/${B.caseNumber}/timeframes`)).statusCode, 404);

    const list = await call(t, 'GET', `/api/worklist?scope=${role === 'caseworker' || role === 'supervisor' ? 'office' : 'all'}`);
    if (list.statusCode === 200) {
      const ids = list.json().items.map((i: { itemId?: number; id?: number }) => i.itemId ?? i.id);
      assert.ok(!ids.includes(itemB), 'B worklist item not listed');
      if (role !== 'financial_worker') assert.ok(ids.includes(itemA), 'A worklist item listed');
    }
    assert.equal((await call(t, 'GET', `/api/worklist/${itemB}/history`)).statusCode, 404);
  });

  test(`${role} of program A: cannot update B's case, person, payments or worklist, nor take intake for B's office`, async () => {
    const { A, B, call } = k;
    const t = A.tokens[role];
    const refused = async (method: 'POST', url: string, payload: unknown) => {
      const res = await call(t, method, url, payload);
      assert.ok(!ok2xx(res.statusCode), `${url}: ${res.statusCode} ${res.body}`);
      assert.ok([400, 403, 404].includes(res.statusCode), `${url}: ${res.statusCode}`);
      return res.statusCode;
    };
    await refused('POST', `/api/persons/${B.cpPersonId}/addresses`, { line1: '1 Elsewhere Rd', city: 'Erie', stateCode: 'PA', zip: '16501', source: 'test' });
    await refused('POST', `/api/persons/${B.cpPersonId}/bank-account`, { routingNumber: '011000015', accountNumber: '99887766', accountType: 'checking' });
    await refused('POST', '/api/receipts', { idempotencyKey: `X-${role}`, source: 'check', amount: '10.00', receivedDate: '2026-11-02', caseNumber: B.caseNumber });
    await refused('POST', `/api/cases/${B.caseNumber}/notices`, { template: 'case_opening_letter' });
    await refused('POST', `/api/cases/${B.caseNumber}/orders`, { orderNumber: 'X', orderKind: 'judicial', enteredDate: '2026-11-01', effectiveDate: '2026-11-01', obligations: [{ kind: 'current_support', amount: '1.00', frequency: 'monthly', startDate: '2026-11-01' }] });
    await refused('POST', `/api/worklist/${itemB}/done`, { note: 'not mine' });
    const intake = await call(t, 'POST', '/api/intakes', { ...(await import('../helpers/system.ts')).sampleIntake({ officeCode: B.officeCode, externalId: `cross-${role}` }) });
    assert.ok(!ok2xx(intake.statusCode), `intake into B's office: ${intake.statusCode} ${intake.body}`);
    const receipt = await k.sys.deps.db.selectFrom('receipt').select('id').where('idempotency_key', '=', 'SDU-B-1').executeTakeFirstOrThrow();
    await refused('POST', `/api/receipts/${receipt.id}/reverse`, { reasonCode: 'POSTING_ERROR' });
  });

  test(`${role} of program A: reports and the fraud report carry nothing of B`, async () => {
    const { A, B, call } = k;
    const t = A.tokens[role];
    const byOffice = await call(t, 'GET', `/api/reports/ocse157?year=2027&officeCode=${B.officeCode}`);
    assert.ok(!ok2xx(byOffice.statusCode), `B office report: ${byOffice.statusCode}`);
    const line = await call(t, 'GET', '/api/reports/ocse157/lines/1?year=2027');
    if (line.statusCode === 200) {
      const text = line.body;
      assert.ok(!text.includes(B.caseNumber), 'B case not in the drill-down');
      assert.ok(text.includes(A.caseNumber), 'A case in the drill-down');
    } else assert.equal(line.statusCode, 403);
    const tf = await call(t, 'GET', '/api/reports/timeframes?from=2026-10-01&to=2026-12-31');
    assert.ok(tf.statusCode === 200 || tf.statusCode === 403);
    if (role === 'administrator' || role === 'auditor') {
      // The OCSE-34 is now computed per program (issue 9): A's reader gets A's, without B's unidentified 777.00.
      const ocse34 = await call(t, 'GET', '/api/reports/ocse34?year=2027&quarter=1');
      assert.equal(ocse34.statusCode, 200, ocse34.body);
      assert.equal(ocse34.json().scope.programCode, 'TRIBEA');
      assert.equal(ocse34.json().lines.find((l: { line: string }) => l.line === '9-unidentified').amountCents, 0, 'B unidentified money not in A OCSE-34');
    }
    const fraud = await call(t, 'GET', '/api/fraud/report?from=2026-01-01&to=2026-12-31');
    if (fraud.statusCode === 200) assert.ok(!fraud.body.includes(B.caseNumber));
    else assert.equal(fraud.statusCode, 403);
    const undistributed = await call(t, 'GET', '/api/financial/undistributed');
    if (undistributed.statusCode === 200) assert.ok(!undistributed.json().some((r: { totalCents: number }) => r.totalCents === 77700), 'B unidentified money not in A aging');
  });
}

test("program B's own financial worker sees B's unidentified money; the timeframe report counts B's clocks only for B", async () => {
  const { A, B, call } = k;
  const rows = (await call(B.tokens.financial_worker, 'GET', '/api/financial/undistributed')).json();
  assert.ok(rows.some((r: { totalCents: number }) => r.totalCents === 77700), JSON.stringify(rows));
  const a = (await call(A.tokens.administrator, 'GET', '/api/reports/timeframes?from=2026-10-01&to=2026-12-31')).json();
  const b = (await call(B.tokens.administrator, 'GET', '/api/reports/timeframes?from=2026-10-01&to=2026-12-31')).json();
  assert.deepEqual(a.kinds, b.kinds, 'each program sees only its own one case');
});

test("a parent of program A sees A's case in the portal and cannot reach B's (the same family there)", async () => {
  const { A, B, call } = k;
  const cases = await call(parentA, 'GET', '/api/portal/cases');
  assert.equal(cases.statusCode, 200, cases.body);
  assert.ok(cases.body.includes(A.caseNumber));
  assert.ok(!cases.body.includes(B.caseNumber));
  assert.equal((await call(parentA, 'GET', `/api/portal/cases/${A.caseNumber}/payments`)).statusCode, 200);
  assert.equal((await call(parentA, 'GET', `/api/portal/cases/${B.caseNumber}/payments`)).statusCode, 404);
});

test("a Tribal program's policy refuses case types it does not take (45 CFR 309 plan as data)", async () => {
  const { A, call } = k;
  const { sampleIntake } = await import('../helpers/system.ts');
  const res = await call(A.tokens.caseworker, 'POST', '/api/intakes', sampleIntake({ officeCode: A.officeCode, externalId: 'foster-1', caseType: 'iv_e_foster_care', kind: 'iv_e_referral' }));
  assert.equal(res.statusCode, 400, res.body);
  assert.match(res.body, /does not take iv_e_foster_care/);
  const program = (await call(A.tokens.caseworker, 'GET', '/api/program')).json();
  assert.equal(program.code, 'TRIBEA');
  assert.equal(program.policy.cfrPart, '309');
  assert.equal(program.policy.chargeAnnualFee, false);
  assert.equal(program.policy.distributionRule, 'cfr_309_115');
});

test('the database refuses a case member from another program and a case moved to another program', async () => {
  const { A, B, sys } = k;
  await assert.rejects(sys.deps.db.insertInto('case_member').values({ case_id: A.caseId, person_id: B.ncpPersonId, role: 'alleged_father', start_date: '2026-11-02', end_date: null, born_out_of_wedlock: null, paternity_established: null }).execute(), /another IV-D program/);
  await assert.rejects(sys.deps.db.updateTable('iv_d_case').set({ office_id: B.officeId }).where('id', '=', A.caseId).execute(), /between IV-D programs/);
  // With several programs, an office or user that names no program is refused.
  await assert.rejects(sys.deps.db.insertInto('office').values({ code: 'NOPROG', name: 'x', county_fips: null }).execute(), /say which program/);
});

test('a Tribal program whose policy charges no annual fee takes none; the same family in a program that charges it pays the fee', async () => {
  const { A, B, call, sys } = k;
  // Program B's policy is changed to charge the fee, as a control; A keeps the Tribal default.
  await sys.deps.db.updateTable('program_policy').set({ charge_annual_fee: true }).where('program_id', '=', B.programId).execute();
  for (const side of [A, B]) {
    const res = await call(side.tokens.financial_worker, 'POST', '/api/receipts', { idempotencyKey: `SDU-${side.code}-FEE`, source: 'check', amount: '400.00', receivedDate: '2026-11-02', caseNumber: side.caseNumber });
    assert.equal(res.statusCode, 201, res.body);
  }
  const fee = async (caseId: number) =>
    (await sys.deps.db.selectFrom('distribution_allocation').select(['amount_cents', 'rule_code', 'policy_id']).where('case_id', '=', caseId).execute());
  const a = await fee(A.caseId);
  const b = await fee(B.caseId);
  assert.ok(a.every((r) => !/FEE/.test(r.rule_code)), JSON.stringify(a));
  assert.ok(a.every((r) => r.policy_id.endsWith('+TRIBEA')), 'the allocation names the program rules');
  assert.ok(b.some((r) => /FEE/.test(r.rule_code)), `control program charges the fee: ${JSON.stringify(b)}`);
});
