/**
 * Two IV-D programs and two offices, each holding a family whose names, SSNs, address and employer are
 * canaries: strings that must appear in no response to a user outside that scope.
 *
 * - Program STATE (A): office NORTH (the home family, no canaries) and office SOUTH (the "Vornholtz" family).
 * - Program TRIBEB (B): office BOFF (the "Quillfeatherby" family).
 *
 * Each family has a case with an order, a receipt, notices, an income withholding order from a new hire
 * (with its e-IWO file), worklist items, a locate result, a pending intake, and written files (Federal
 * Offset, license list, PPD) that carry its persons.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createTestSystem, sampleIntake, TEST_PASSWORD, type TestSystem } from '../helpers/system.ts';
import { addProgram, tribalPolicyDefaults } from '../../src/tribal/policy.ts';
import { createUser } from '../../src/security/users.ts';
import { buildNewHireFile } from '../../src/formats/newhire/newhire.ts';
import { importNewHires } from '../../src/locate/newhire.ts';
import { exportEiwoFile, startIncomeWithholding } from '../../src/enforcement/withholding.ts';
import { systemActor, type RequestContext } from '../../src/security/context.ts';
import { encryptText } from '../../src/security/pii.ts';
import type { Role } from '../../src/db/schema.ts';

export const STAFF_ROLES = ['caseworker', 'supervisor', 'financial_worker', 'administrator', 'auditor'] as const satisfies readonly Role[];

export interface Family {
  key: 'home' | 'south' | 'tribe';
  officeCode: string;
  programId: number;
  caseNumber: string;
  caseId: number;
  cpPersonId: number;
  ncpPersonId: number;
  /** Strings that only this family's data contains. */
  markers: string[];
  ids: Record<string, number>;
}

export interface ScopeWorld {
  sys: TestSystem;
  home: Family;
  south: Family;
  tribe: Family;
  /** Tokens of program A's users: office NORTH for office roles; plus a parent (home CP) and an employer. */
  tokens: Record<(typeof STAFF_ROLES)[number] | 'parent' | 'employer', string>;
  /** A user of program B (for the user-administration checks). */
  tribeAdminUserId: number;
  call(token: string | null, method: string, url: string, payload?: unknown, headers?: Record<string, string>): Promise<{ statusCode: number; body: string; headers: Record<string, unknown>; json(): any }>;
}

const FAMILIES = {
  home: { cpFirst: 'Maria', cpLast: 'Lopez', cpSsn: '212-45-6781', ncpFirst: 'Daniel', ncpLast: 'Reyes', ncpSsn: '318-22-4410', childFirst: 'Sofia', street: '12 Oak Ave', employer: 'Keystone Logistics LLC', fein: '231234567' },
  south: { cpFirst: 'Agatha', cpLast: 'Vornholtz', cpSsn: '461-83-7391', ncpFirst: 'Barnabas', ncpLast: 'Vornholtzer', ncpSsn: '462-84-5273', childFirst: 'Wilhelmina', street: '77 Vornholtz Lane', employer: 'Vornholtz Widgets Corp', fein: '264445555' },
  tribe: { cpFirst: 'Ottoline', cpLast: 'Quillfeatherby', cpSsn: '523-61-9184', ncpFirst: 'Peregrine', ncpLast: 'Quillfeatherbyson', ncpSsn: '524-62-6039', childFirst: 'Tamsin', street: '5 Quillfeatherby Road', employer: 'Quillfeatherby Canoe Works', fein: '275556666' },
} as const;

function markersOf(f: (typeof FAMILIES)[keyof typeof FAMILIES], caseNumber: string): string[] {
  const digits = (s: string) => s.replace(/-/g, '');
  return [f.cpLast, f.ncpLast, f.childFirst, f.street, f.employer, digits(f.cpSsn), digits(f.ncpSsn), f.cpSsn, f.ncpSsn, `***-**-${f.cpSsn.slice(-4)}`, `***-**-${f.ncpSsn.slice(-4)}`, caseNumber, f.fein, f.cpLast.toUpperCase(), f.ncpLast.toUpperCase()];
}

export async function buildScopeWorld(): Promise<ScopeWorld> {
  const sys = await createTestSystem({ today: '2026-11-02', offices: ['NORTH', 'SOUTH'] });
  const db = sys.deps.db;
  const call: ScopeWorld['call'] = (token, method, url, payload, headers = {}) =>
    sys.app.inject({ method: method as 'GET', url, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) }) as never;
  const stateProgram = (await db.selectFrom('iv_d_program').select('id').executeTakeFirstOrThrow()).id;

  // Program A's users (made while the install has one program), then program B.
  const tokens = {} as ScopeWorld['tokens'];
  for (const role of STAFF_ROLES) {
    await sys.addUser(`a.${role}`, role, role === 'caseworker' || role === 'supervisor' ? { office: 'NORTH' } : {});
    tokens[role] = await sys.login(`a.${role}`);
  }
  await sys.addUser('a.south.worker', 'caseworker', { office: 'SOUTH' });
  const southWorker = await sys.login('a.south.worker');
  const tribeProgram = await addProgram(db, { code: 'TRIBEB', name: 'Tribe B Child Support', kind: 'tribal' }, tribalPolicyDefaults('2000-01-01', { servicePopulation: 'members of Tribe B', jurisdiction: 'Tribe B lands', guidelineReference: 'Tribe B Code 9' }));
  const boff = await db.insertInto('office').values({ code: 'BOFF', name: 'Tribe B office', county_fips: null, program_id: tribeProgram }).returning('id').executeTakeFirstOrThrow();
  const tribeUser = async (username: string, role: Role, officeId: number | null) => {
    const r = await createUser(db, { username, displayName: username, role, password: TEST_PASSWORD, officeId, programId: tribeProgram });
    assert.ok(r.ok, JSON.stringify(r));
    return r.value.id;
  };
  const tribeAdminUserId = await tribeUser('b.administrator', 'administrator', null);
  await tribeUser('b.caseworker', 'caseworker', boff.id);
  await tribeUser('b.finance', 'financial_worker', null);
  const tribeWorker = await sys.login('b.caseworker');
  const tribeAdmin = await sys.login('b.administrator');
  const tribeFinance = await sys.login('b.finance');

  const makeFamily = async (key: Family['key'], officeCode: string, programId: number, worker: string, finance: string, admin: string): Promise<Family> => {
    const f = FAMILIES[key];
    const intake = await call(worker, 'POST', '/api/intakes', sampleIntake({ officeCode, externalId: `scope-${key}` }, { cpFirst: f.cpFirst, cpLast: f.cpLast, cpSsn: f.cpSsn, ncpFirst: f.ncpFirst, ncpLast: f.ncpLast, ncpSsn: f.ncpSsn, childFirst: f.childFirst }));
    assert.equal(intake.statusCode, 201, intake.body);
    const caseNumber = intake.json().caseNumber as string;
    const c = await db.selectFrom('iv_d_case').select('id').where('case_number', '=', caseNumber).executeTakeFirstOrThrow();
    const members = await db.selectFrom('case_member').select(['person_id', 'role']).where('case_id', '=', c.id).execute();
    const cp = members.find((m) => m.role === 'custodial_party')!.person_id;
    const ncp = members.find((m) => m.role === 'noncustodial_parent')!.person_id;
    const ids: Record<string, number> = {};
    // The custodial parent's address and the NCP's employer carry the family's canary strings.
    const addr = await call(worker, 'POST', `/api/persons/${cp}/addresses`, { line1: f.street, city: 'Erie', stateCode: 'PA', zip: '16501' });
    assert.equal(addr.statusCode, 201, addr.body);
    const order = await call(worker, 'POST', `/api/cases/${caseNumber}/orders`, {
      orderNumber: `DR-${key}-1`, orderKind: 'judicial', enteredDate: '2026-10-01', effectiveDate: '2026-10-01',
      obligations: [{ kind: 'current_support', amount: '412.37', frequency: 'monthly', startDate: '2026-10-01' }],
    });
    assert.equal(order.statusCode, 201, order.body);
    const receipt = await call(finance, 'POST', '/api/receipts', { idempotencyKey: `SDU-${key}-1`, source: 'check', amount: '150.00', receivedDate: '2026-11-02', caseNumber, reference: `chk-${key}` });
    assert.equal(receipt.statusCode, 201, receipt.body);
    ids.receipt = receipt.json().receiptId;
    const alloc = await db.selectFrom('distribution_allocation').select('id').where('receipt_id', '=', ids.receipt!).executeTakeFirst();
    if (alloc) ids.allocation = alloc.id;
    const notice = await call(worker, 'POST', `/api/cases/${caseNumber}/notices`, { template: 'case_opening_letter' });
    assert.equal(notice.statusCode, 201, notice.body);
    ids.notice = notice.json().noticeId ?? notice.json().id;
    // A pending intake: the same NCP again (SSN on file) waits for a duplicate decision.
    const pending = await call(worker, 'POST', '/api/intakes', sampleIntake({ officeCode, externalId: `scope-${key}-again` }, { cpFirst: 'Pat', cpLast: `${f.cpLast}`, cpSsn: f.cpSsn, ncpFirst: f.ncpFirst, ncpLast: f.ncpLast, ncpSsn: f.ncpSsn, childFirst: f.childFirst }));
    assert.equal(pending.statusCode, 202, pending.body);
    ids.intake = pending.json().intakeId;
    // A new hire of the NCP: an employer, a locate result, an income withholding order, then an e-IWO file.
    const ctx: RequestContext = { actor: { ...systemActor('administrator'), programId }, purpose: 'test', requestId: null, clientIp: null, clock: sys.clock };
    const file = buildNewHireFile([{ employee_ssn: f.ncpSsn.replace(/-/g, ''), employee_first_name: f.ncpFirst.toUpperCase(), employee_middle_name: '', employee_last_name: f.ncpLast.toUpperCase(), employee_address: { line1: f.street.toUpperCase(), line2: '', line3: '', city: 'ERIE', state: 'PA', zip: '16502' }, employee_birth_date: '1988-07-02', hire_date: '2026-10-26', state_of_hire: 'PA', employer_fein: f.fein, employer_state_ein: '', employer_name: f.employer.toUpperCase(), employer_address: { line1: '400 BAYFRONT PKWY', line2: '', line3: '', city: 'ERIE', state: 'PA', zip: '16507' } }]);
    assert.ok(file.ok);
    const hired = await importNewHires(sys.deps, ctx, `nh-${key}.txt`, file.value, (d, x, m) => startIncomeWithholding(d, x, m).then(() => undefined));
    assert.ok(hired.ok, JSON.stringify(hired));
    const iwo = await db.selectFrom('income_withholding_order').select(['id', 'enforcement_action_id']).where('case_id', '=', c.id).executeTakeFirstOrThrow();
    ids.iwo = iwo.id;
    ids.action = iwo.enforcement_action_id;
    const located = await db.selectFrom('locate_result').select('id').where('person_id', '=', ncp).executeTakeFirst();
    if (located) ids.locateResult = located.id;
    const eiwo = await exportEiwoFile(sys.deps, ctx, '2026-11-02');
    assert.ok(eiwo.ok, JSON.stringify(eiwo));
    ids.eiwoFile = (await db.selectFrom('income_withholding_order').select('eiwo_file_id').where('id', '=', iwo.id).executeTakeFirstOrThrow()).eiwo_file_id!;
    // Worklist items from the timeframe batch.
    const run = await call(admin, 'POST', '/api/casework/timeframes/run', { asOf: '2026-11-02' });
    assert.equal(run.statusCode, 200, run.body);
    const item = await db.selectFrom('worklist_item').select('id').where('case_id', '=', c.id).executeTakeFirst();
    if (item) ids.worklistItem = item.id;
    // Written files carrying the family's persons (contents are what the writers would put there).
    const digest = (s: string) => createHash('sha256').update(s).digest('hex');
    const offsetContent = `${f.ncpSsn.replace(/-/g, '')}${f.ncpLast.toUpperCase()}`;
    const offset = await db.insertInto('federal_offset_file').values({ week_start: key === 'home' ? '2026-10-05' : key === 'south' ? '2026-10-12' : '2026-10-19', file_date: '2026-10-20', record_count: 1, content: offsetContent, file_sha256: digest(offsetContent), created_by: null }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('federal_offset_record').values({ file_id: offset.id, line: 1, obligor_person_id: ncp, case_type: 'N', transaction_type: 'A', amount_dollars: 900, exclusions: '' }).execute();
    ids.offsetFile = offset.id;
    const list = await db.insertInto('enforcement_list_file').values({ kind: 'license_suspension', list_date: key === 'home' ? '2026-10-05' : key === 'south' ? '2026-10-12' : '2026-10-19', record_count: 1, content: offsetContent, file_sha256: digest(offsetContent + 'L'), created_by: null }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('enforcement_list_entry').values({ file_id: list.id, enforcement_action_id: iwo.enforcement_action_id, entry: 'add', amount_cents: 90_000 }).execute();
    ids.listFile = list.id;
    const ppd = await db.insertInto('disbursement_file').values({ kind: 'ppd', file_name: `ppd-${key}.ach`, effective_date: '2026-11-03', entry_count: 1, total_cents: 15_000, content: `${f.cpLast.toUpperCase()} ${f.cpSsn}`, batch_run_id: null }).returning('id').executeTakeFirstOrThrow();
    const j = await db.insertInto('ledger_journal').values({ event: 'disbursement', business_date: '2026-11-02', receipt_id: null, reverses_journal_id: null, reason_code: null, memo: 'scope fixture', batch_run_id: null, created_by: null }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('disbursement').values({ case_id: c.id, payee: 'family', payee_person_id: cp, method: 'eft', amount_cents: 15_000, earliest_receipt_date: '2026-11-02', due_date: '2026-11-04', issued_date: '2026-11-02', journal_id: j.id, disbursement_file_id: ppd.id, check_number: null, bank_account_id: null, batch_run_id: null }).execute();
    ids.ppdFile = ppd.id;
    // A CSENet transaction about the case (its outcome names the family).
    const tx = await db.insertInto('csenet_transaction').values({ direction: 'outbound', serial: String(100_000_000_000 + c.id), local_fips: '4200000', other_fips: '2400000', function_code: 'ENF', action_code: 'R', reason_code: null, transaction_date: '2026-11-02', case_id: c.id, local_case_id: caseNumber, other_case_id: `OS-${f.ncpLast}`, record: encryptText(sys.deps.keys, `${f.ncpLast} ${f.ncpSsn}`), status: 'failed', last_error: `partner refused ${f.ncpLast}`, responds_to_id: null, outcome: JSON.stringify({ note: f.ncpLast }), created_at: new Date('2026-11-02T12:00:00Z'), sent_at: null, processed_at: null }).returning('id').executeTakeFirstOrThrow();
    ids.csenet = tx.id;
    return { key, officeCode, programId, caseNumber, caseId: c.id, cpPersonId: cp, ncpPersonId: ncp, markers: markersOf(f, caseNumber), ids };
  };

  const home = await makeFamily('home', 'NORTH', stateProgram, tokens.caseworker, tokens.financial_worker, tokens.administrator);
  const south = await makeFamily('south', 'SOUTH', stateProgram, southWorker, tokens.financial_worker, tokens.administrator);
  const tribe = await makeFamily('tribe', 'BOFF', tribeProgram, tribeWorker, tribeFinance, tribeAdmin);

  const parent = await createUser(db, { username: 'a.parent', displayName: 'A parent', role: 'parent', password: TEST_PASSWORD, personId: home.cpPersonId, programId: stateProgram });
  assert.ok(parent.ok);
  tokens.parent = await sys.login('a.parent');
  const employer = await db.insertInto('employer').values({ fein: '299990000', name: 'Neutral Employer Inc', line1: '1 Main St', line2: null, city: 'Erie', state_code: 'PA', zip: '16501', phone: null, created_at: new Date('2026-11-02T12:00:00Z') }).returning('id').executeTakeFirstOrThrow();
  const emp = await createUser(db, { username: 'a.employer', displayName: 'An employer', role: 'employer', password: TEST_PASSWORD, employerId: employer.id, programId: stateProgram });
  assert.ok(emp.ok);
  tokens.employer = await sys.login('a.employer');
  return { sys, home, south, tribe, tokens, tribeAdminUserId, call };
}
