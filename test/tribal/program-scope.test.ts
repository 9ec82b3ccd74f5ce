// Tribal mode, files and reports per IV-D program (issue 9). Two Tribal programs hold the same family
// (same SSNs). Checks: each program's reader gets that program's OCSE-34 and collections base, and the two
// programs' OCSE-34 plus the money no program has yet add up to the install's, line by line and column by
// column; an employer ACH file and a new-hire file imported without a program match nobody when the SSN is
// on file in both programs, and imported for one program match that program's person; the e-IWO export of
// one program sends that program's orders only; a user without a program is refused, not shown everything.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createConsortium, type Consortium } from './consortium.ts';
import { buildCcdFile } from '../../src/formats/nacha/ccd.ts';
import { buildNewHireFile, type NewHireReport } from '../../src/formats/newhire/newhire.ts';
import { importAchPayments } from '../../src/financial/ach.ts';
import { importNewHiresWithWithholding, exportEiwoFile } from '../../src/enforcement/withholding.ts';
import { computeOcse34For, ocse34Report, performanceMeasures } from '../../src/reporting/service.ts';
import { canSeeCase, canSeePerson, programScope } from '../../src/security/access.ts';
import { systemActor, type Actor, type RequestContext } from '../../src/security/context.ts';
import type { Ocse34Report } from '../../src/reporting/ocse34.ts';
import { FailureError } from '../../src/kernel/result.ts';
import { listPendingIntakes, receiveIntake } from '../../src/cases/intake.ts';
import type { IntakeInput } from '../../src/cases/schemas.ts';
import { checkForMatches } from '../../src/participants/service.ts';
import { receiveReceipt } from '../../src/financial/receipts.ts';
import { runTimeframeBatch } from '../../src/casework/timeframes.ts';
import { fraudReport } from '../../src/fraud/service.ts';

let k: Consortium;
const SHARED_SSN = '318224410';

function ctxFor(programId: number | null, purpose = 'test'): RequestContext {
  const actor: Actor = { ...systemActor('administrator'), ...(programId !== null ? { programId } : {}) };
  return { actor, purpose, requestId: null, clientIp: null, clock: k.sys.clock };
}

function achFile(caseId: string, ssn: string, amounts: number[], modifier: string, employmentTerminated = false) {
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
          trace_sequence: i + 1 + modifier.charCodeAt(0) * 10,
          ded: { application_id: 'CS', case_id: caseId, pay_date: '2026-10-30', amount_cents: amount, ncp_ssn: ssn, medical_support: false, employment_terminated: employmentTerminated },
        })),
      },
    ],
  });
  if (!built.ok) throw new Error(JSON.stringify(built));
  return built.value;
}

const hire = (fein: string, name: string): Omit<NewHireReport, 'line'> => ({
  employee_ssn: SHARED_SSN,
  employee_first_name: 'DANIEL',
  employee_middle_name: '',
  employee_last_name: 'REYES',
  employee_address: { line1: '9 RIVER RD', line2: '', line3: '', city: 'ERIE', state: 'PA', zip: '16502' },
  employee_birth_date: '1988-07-02',
  hire_date: '2026-10-26',
  state_of_hire: 'PA',
  employer_fein: fein,
  employer_state_ein: '',
  employer_name: name,
  employer_address: { line1: '400 BAYFRONT PKWY', line2: '', line3: '', city: 'ERIE', state: 'PA', zip: '16507' },
});

function w4File(reports: Omit<NewHireReport, 'line'>[]): string {
  const built = buildNewHireFile(reports);
  if (!built.ok) throw new Error(JSON.stringify(built));
  return built.value;
}

before(async () => {
  k = await createConsortium();
  const { A, B, call } = k;
  for (const side of [A, B]) {
    const order = await call(side.tokens.caseworker, 'POST', `/api/cases/${side.caseNumber}/orders`, {
      orderNumber: `PS-${side.code}-1`, orderKind: 'judicial', enteredDate: '2026-10-30', effectiveDate: '2026-10-01',
      obligations: [{ kind: 'current_support', amount: '300.00', frequency: 'monthly', startDate: '2026-10-01' }],
    });
    assert.equal(order.statusCode, 201, order.body);
  }
  // Different amounts per program so a mix-up shows in the figures.
  const paidA = await call(A.tokens.financial_worker, 'POST', '/api/receipts', { idempotencyKey: 'PS-A-1', source: 'check', amount: '250.00', receivedDate: '2026-11-02', caseNumber: A.caseNumber });
  assert.equal(paidA.statusCode, 201, paidA.body);
  const paidB = await call(B.tokens.financial_worker, 'POST', '/api/receipts', { idempotencyKey: 'PS-B-1', source: 'cash', amount: '120.00', receivedDate: '2026-11-02', caseNumber: B.caseNumber });
  assert.equal(paidB.statusCode, 201, paidB.body);
  // B's SDU window took a money order from nobody known: B's undistributed (received for B).
  const held = await call(B.tokens.financial_worker, 'POST', '/api/receipts', { idempotencyKey: 'PS-B-UNID', source: 'money_order', amount: '777.00', receivedDate: '2026-11-02', remitterName: 'unknown' });
  assert.equal(held.statusCode, 201, held.body);
});
after(() => k.sys.close());

test('an ACH file imported for the whole install does not pick one of two persons sharing an SSN: the payment is unidentified with the reason', async () => {
  const { sys, A, B } = k;
  const r = await importAchPayments(sys.deps, ctxFor(null), 'ach-install.txt', achFile('UNKNOWN1', SHARED_SSN, [4_500], 'X'));
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.posted, 1);
  assert.equal(r.value.unidentified, 1);
  assert.equal(r.value.ambiguous, 1);
  assert.equal(r.value.programCode, null);
  const receipt = await sys.deps.db.selectFrom('receipt').selectAll().where('amount_cents', '=', 4_500).executeTakeFirstOrThrow();
  assert.equal(receipt.status, 'unidentified');
  assert.equal(receipt.obligor_person_id, null);
  assert.equal(receipt.receiving_program_id, null);
  assert.match(receipt.unidentified_reason ?? '', /on file in 2 IV-D programs/);
  // Neither program's financial worker sees the install's unidentified money as theirs.
  for (const side of [A, B]) {
    const rows = (await k.call(side.tokens.financial_worker, 'GET', '/api/financial/undistributed')).json();
    assert.ok(!rows.some((x: { totalCents: number }) => x.totalCents === 4_500), `${side.code}: ${JSON.stringify(rows)}`);
  }
});

test('an ACH file imported for one program (--program, or the importing user over HTTP) matches that program\'s obligor', async () => {
  const { sys, A, B } = k;
  const r = await importAchPayments(sys.deps, ctxFor(A.programId), 'ach-a.txt', achFile('UNKNOWN1', SHARED_SSN, [6_000], 'A'));
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual([r.value.posted, r.value.unidentified, r.value.ambiguous, r.value.programCode], [1, 0, 0, 'TRIBEA']);
  const receipt = await sys.deps.db.selectFrom('receipt').selectAll().where('amount_cents', '=', 6_000).executeTakeFirstOrThrow();
  assert.equal(receipt.obligor_person_id, A.ncpPersonId);
  // B's financial worker imports over HTTP: B's obligor.
  const res = await sys.app.inject({ method: 'POST', url: '/api/payments/ach?fileName=ach-b.txt', headers: { authorization: `Bearer ${B.tokens.financial_worker}`, 'content-type': 'text/plain' }, payload: achFile('UNKNOWN1', SHARED_SSN, [7_000], 'B') });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().programCode, 'TRIBEB');
  const rb = await sys.deps.db.selectFrom('receipt').selectAll().where('amount_cents', '=', 7_000).executeTakeFirstOrThrow();
  assert.equal(rb.obligor_person_id, B.ncpPersonId);
  assert.equal(rb.receiving_program_id, B.programId);
  // A case number of the other program does not pull the payment across: A's file naming B's case.
  const cross = await importAchPayments(sys.deps, ctxFor(A.programId), 'ach-a2.txt', achFile(B.caseNumber, '401223333', [1_100], 'C'));
  assert.ok(cross.ok);
  const rc = await sys.deps.db.selectFrom('receipt').selectAll().where('amount_cents', '=', 1_100).executeTakeFirstOrThrow();
  assert.equal(rc.case_id, null);
  assert.equal(rc.status, 'unidentified');
  assert.equal(rc.receiving_program_id, A.programId);
});

test('an ACH employment-ended notice without a program leaves both persons\' employments alone', async () => {
  const { sys } = k;
  const { A, B } = k;
  const open = async () => (await sys.deps.db.selectFrom('person_employment').select('person_id').where('person_id', 'in', [A.ncpPersonId, B.ncpPersonId]).where('end_date', 'is', null).execute()).length;
  const openBefore = await open();
  assert.ok(openBefore >= 2, 'both programs know the obligor\'s employer');
  const r = await importAchPayments(sys.deps, ctxFor(null), 'ach-end.txt', achFile('UNKNOWN1', SHARED_SSN, [0], 'E', true));
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.employmentEnded, 0);
  assert.equal(r.value.employmentEndAmbiguous, 1);
  assert.equal(await open(), openBefore);
});

const sameShape = (r: Ocse34Report) => r.lines.map((l) => l.line);

/** The parts' OCSE-34 figures add up to the whole's, every line and every column; every check holds. */
function sumsUp(parts: Ocse34Report[], whole: Ocse34Report, label: string) {
  for (const r of [...parts, whole]) {
    assert.deepEqual(sameShape(r), sameShape(whole));
    for (const c of r.checks) assert.ok(c.ok, `${label} ${c.name}: ${c.detail}`);
  }
  for (const [i, line] of whole.lines.entries()) {
    const ls = parts.map((p) => p.lines[i]!);
    assert.equal(ls.reduce((s, l) => s + l.amountCents, 0), line.amountCents, `${label} line ${line.line}`);
    if (line.columns) for (const col of Object.keys(line.columns) as Array<keyof typeof line.columns>) assert.equal(ls.reduce((s, l) => s + l.columns![col], 0), line.columns[col], `${label} line ${line.line} column ${col}`);
  }
}

test("each program's reader gets the program's OCSE-34; the programs and the unattributed money add up to the install's line by line", async () => {
  const { sys, A, B, call } = k;
  const [year, quarter] = [2027, 1] as const;
  const a = await call(A.tokens.administrator, 'GET', `/api/reports/ocse34?year=${year}&quarter=${quarter}`);
  const b = await call(B.tokens.auditor, 'GET', `/api/reports/ocse34?year=${year}&quarter=${quarter}`);
  assert.equal(a.statusCode, 200, a.body);
  assert.equal(b.statusCode, 200, b.body);
  const ra = a.json() as Ocse34Report & { scope: { programCode: string } };
  const rb = b.json() as Ocse34Report & { scope: { programCode: string } };
  assert.equal(ra.scope.programCode, 'TRIBEA');
  assert.equal(rb.scope.programCode, 'TRIBEB');
  const whole = await ocse34Report(sys.deps, ctxFor(null), year, quarter);
  assert.ok(whole.ok);
  const rest = await computeOcse34For(sys.deps.db, year, quarter, 'unattributed');
  const amount = (r: Ocse34Report, line: string) => r.lines.find((l) => l.line === line)!.amountCents;

  // Only each program's own collections: A 250.00 check + 60.00 ACH + 11.00 ACH received for A; B 120.00
  // cash + 777.00 money order + 70.00 ACH; the 45.00 ACH with the shared SSN belongs to no program.
  assert.equal(amount(ra, '2'), 25_000 + 6_000 + 1_100);
  assert.equal(amount(rb, '2'), 12_000 + 77_700 + 7_000);
  assert.equal(amount(rest, '2'), 4_500);
  assert.equal(amount(ra, '9-unidentified'), 1_100);
  assert.equal(amount(rb, '9-unidentified'), 77_700);
  assert.equal(amount(rest, '9-unidentified'), 4_500);
  assert.equal(amount(whole.value, '2'), 25_000 + 6_000 + 1_100 + 12_000 + 77_700 + 7_000 + 4_500);
  assert.ok(whole.value.notes.some((n) => /Not attributed to any program: line 1 0, line 2 4500/.test(n)), whole.value.notes.join('\n'));
  assert.ok(ra.notes.some((n) => /Tribal mode: a collection belongs to the program/.test(n)));

  // Line by line and column by column, this quarter and the next (where everything is balance forward).
  for (const q of [1, 2] as const) {
    const parts = [A, B].map((side) => computeOcse34For(sys.deps.db, year, q, { programId: side.programId }));
    const [pa, pb, pu, pw] = await Promise.all([...parts, computeOcse34For(sys.deps.db, year, q, 'unattributed'), computeOcse34For(sys.deps.db, year, q)]);
    if (q === 1) assert.deepEqual([pa, pb].map((r) => r!.lines), [ra.lines, rb.lines], 'the HTTP reports are the program figures');
    sumsUp([pa!, pb!, pu!], pw!, `Q${q}`);
  }
  assert.equal(amount(await computeOcse34For(sys.deps.db, year, 2, { programId: B.programId }), '1'), amount(rb, '9'), 'B carries its own balance forward');
  // Something was distributed in each program, and not the same amount: the split is real.
  assert.ok(amount(ra, '8') > 0 && amount(rb, '8') > 0 && amount(ra, '8') !== amount(rb, '8'), `${amount(ra, '8')} ${amount(rb, '8')}`);
});

test("each program's performance report carries the program's collections base; the system's is the install's", async () => {
  const { sys, A, B, call } = k;
  const bases = [];
  for (const side of [A, B]) {
    const res = await call(side.tokens.administrator, 'GET', '/api/reports/performance?year=2027');
    assert.equal(res.statusCode, 200, res.body);
    const base = res.json().collectionsBase;
    assert.ok(base, 'a program reader gets the collections base');
    let total = 0;
    for (const q of [1, 2, 3, 4] as const) total += (await computeOcse34For(sys.deps.db, 2027, q, { programId: side.programId })).lines.find((l) => l.line === '8')!.amountCents;
    assert.equal(base.assistanceCents + base.otherCents, total);
    bases.push(base);
  }
  const whole = await performanceMeasures(sys.deps, ctxFor(null), 2027);
  assert.ok(whole.ok);
  const wb = whole.value.collectionsBase!;
  assert.equal(wb.assistanceCents + wb.otherCents, bases.reduce((s, b) => s + b.assistanceCents + b.otherCents, 0), 'nothing unattributed was distributed');
});

test('a new-hire file without a program reports a hire whose SSN is in two programs as ambiguous; with a program it matches that program\'s person', async () => {
  const { sys, A, B } = k;
  const none = await importNewHiresWithWithholding(sys.deps, ctxFor(null), 'nh-install.txt', w4File([hire('251112222', 'LAKESHORE FOODS INC')]));
  assert.ok(none.ok, JSON.stringify(none));
  assert.deepEqual([none.value.matched, none.value.unmatched, none.value.ambiguous, none.value.withholdingStarted], [0, 0, 1, 0]);
  assert.deepEqual(none.value.ambiguousLines, [1]);
  const row = await sys.deps.db.selectFrom('new_hire_report').selectAll().where('import_batch_id', '=', none.value.batchId).executeTakeFirstOrThrow();
  assert.equal(row.match_status, 'ambiguous');
  assert.equal(row.person_id, null);

  for (const side of [A, B]) {
    const r = await importNewHiresWithWithholding(sys.deps, ctxFor(side.programId), `nh-${side.code}.txt`, w4File([hire(side.code === 'A' ? '251113333' : '251114444', `EMPLOYER ${side.code} INC`)]));
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.matched, 1);
    assert.equal(r.value.ambiguous, 0);
    assert.equal(r.value.matches[0]!.personId, side.ncpPersonId);
    assert.equal(r.value.withholdingStarted, 1, 'income withholding starts on the program\'s own case');
  }
});

test("the e-IWO export for one program sends that program's pending orders only", async () => {
  const { sys, A, B } = k;
  const pending = async () => sys.deps.db.selectFrom('income_withholding_order').select(['id', 'case_id', 'status']).where('status', '=', 'pending').orderBy('id').execute();
  const before = await pending();
  assert.deepEqual(new Set(before.map((w) => w.case_id)), new Set([A.caseId, B.caseId]), JSON.stringify(before));
  const r = await exportEiwoFile(sys.deps, ctxFor(A.programId, 'income withholding'), '2026-11-02');
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.orders + r.value.held.length, before.filter((w) => w.case_id === A.caseId).length);
  assert.ok(r.value.orders >= 1, JSON.stringify(r.value.held));
  const after = await pending();
  assert.ok(after.every((w) => w.case_id === B.caseId), 'A sent; B still pending');
  assert.ok(after.length >= 1);
  // B's user over HTTP exports B's.
  const res = await k.call(B.tokens.caseworker, 'POST', '/api/enforcement/eiwo-files', { date: '2026-11-02' });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal((await pending()).length, after.length - res.json().orders);
});

test('a user without a program on a consortium install is refused, not shown every program (fail closed)', async () => {
  const { sys, A } = k;
  const noProgram: Actor = { userId: 9_999, username: 'orphan', role: 'administrator', officeId: null, personId: null, employerId: null };
  assert.equal(await canSeeCase(sys.deps.db, noProgram, A.caseId), false);
  assert.equal(await canSeePerson(sys.deps.db, noProgram, A.cpPersonId), false);
  const scope = await programScope(sys.deps.db, noProgram);
  assert.ok(!scope.ok && scope.code === 'FORBIDDEN');
  const ctx: RequestContext = { actor: noProgram, purpose: 'test', requestId: null, clientIp: null, clock: sys.clock };
  const report = await ocse34Report(sys.deps, ctx, 2027, 1);
  assert.ok(!report.ok && report.code === 'FORBIDDEN');
  const ach = await importAchPayments(sys.deps, { ...ctx, actor: { ...noProgram, role: 'financial_worker' } }, 'x.txt', achFile('UNKNOWN1', SHARED_SSN, [100], 'Z'));
  assert.ok(!ach.ok && ach.code === 'FORBIDDEN');
  // The same user with a program sees that program's case; the system (no user) sees every program.
  assert.equal(await canSeeCase(sys.deps.db, { ...noProgram, programId: A.programId }, A.caseId), true);
  assert.equal(await canSeeCase(sys.deps.db, systemActor('administrator'), A.caseId), true);
});

test('a user without a program is refused by every service that reads actor.programId: intake, pending intakes, duplicate check, receipting, the timeframe batch and the fraud report', async () => {
  const { sys } = k;
  const noProgram: Actor = { userId: 9_999, username: 'orphan', role: 'administrator', officeId: null, personId: null, employerId: null };
  const ctx = (role: Actor['role']): RequestContext => ({ actor: { ...noProgram, role }, purpose: 'test', requestId: null, clientIp: null, clock: sys.clock });
  const NO_PROGRAM = /several IV-D programs and your user belongs to none/;
  const forbidden = (r: { ok: boolean; code?: string; message?: string }, what: string) => assert.ok(!r.ok && r.code === 'FORBIDDEN' && NO_PROGRAM.test(r.message ?? ''), `${what}: ${JSON.stringify(r)}`);
  const thrownForbidden = async (what: string, run: () => Promise<unknown>) => {
    await assert.rejects(run, (e: unknown) => e instanceof FailureError && e.failure.code === 'FORBIDDEN' && NO_PROGRAM.test(e.failure.message), what);
  };
  const { sampleIntake } = await import('../helpers/system.ts');
  await thrownForbidden('intake', () => receiveIntake(sys.deps, ctx('administrator'), { ...sampleIntake(), officeCode: 'NORTH' } as unknown as IntakeInput, {}));
  forbidden(await listPendingIntakes(sys.deps.db, ctx('administrator')), 'pending intakes');
  forbidden(await checkForMatches(sys.deps, ctx('administrator'), { firstName: 'Ana', lastName: 'Reyes', ssn: SHARED_SSN }), 'duplicate check');
  await thrownForbidden('receipt', () => receiveReceipt(sys.deps, ctx('financial_worker'), { source: 'check', amountCents: 100, receivedDate: sys.clock.today(), obligorSsn: SHARED_SSN }));
  forbidden(await runTimeframeBatch(sys.deps, ctx('administrator'), sys.clock.today()), 'timeframe batch');
  forbidden(await fraudReport(sys.deps, ctx('supervisor'), { from: '2026-10-01', to: '2026-10-31' }), 'fraud report');
});

test('on a single-program install a user without a program still sees that program (nothing changes for a State)', async () => {
  const { createTestSystem, sampleIntake } = await import('../helpers/system.ts');
  const one = await createTestSystem({ today: '2026-11-02' });
  try {
    await one.addUser('one.worker', 'caseworker', { office: 'NORTH' });
    const intake = await one.app.inject({ method: 'POST', url: '/api/intakes', headers: { authorization: `Bearer ${await one.login('one.worker')}` }, payload: sampleIntake() });
    assert.equal(intake.statusCode, 201, intake.body);
    const c = await one.deps.db.selectFrom('iv_d_case').select('id').where('case_number', '=', intake.json().caseNumber).executeTakeFirstOrThrow();
    const noProgram: Actor = { userId: 9_999, username: 'orphan', role: 'administrator', officeId: null, personId: null, employerId: null };
    assert.equal(await canSeeCase(one.deps.db, noProgram, c.id), true);
    const scope = await programScope(one.deps.db, noProgram);
    assert.ok(scope.ok && scope.value === null);
  } finally {
    await one.close();
  }
});

test("the nightly imports a program's inbox for that program (--program-inbox CODE=DIR)", async () => {
  const { sys, A } = k;
  const { mkdtempSync, writeFileSync, existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { runNightly } = await import('../../src/financial/nightly.ts');
  const dir = mkdtempSync(join(tmpdir(), 'cse-inbox-a-'));
  writeFileSync(join(dir, 'employer-a.ach'), achFile('UNKNOWN1', SHARED_SSN, [8_800], 'N'), 'latin1');
  const summary = await runNightly(sys.deps, '2026-11-02', { inboxes: [{ dir, programId: A.programId }] });
  assert.equal(summary.files.length, 1);
  assert.equal(summary.files[0]!.status, 'imported', JSON.stringify(summary.files));
  assert.equal(summary.files[0]!.summary!.programCode, 'TRIBEA');
  assert.ok(existsSync(join(dir, 'processed', 'employer-a.ach')));
  const receipt = await sys.deps.db.selectFrom('receipt').selectAll().where('amount_cents', '=', 8_800).executeTakeFirstOrThrow();
  assert.equal(receipt.obligor_person_id, A.ncpPersonId);
  assert.equal(receipt.receiving_program_id, A.programId);
});
