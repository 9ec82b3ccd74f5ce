/**
 * Demo data: a small believable state with offices, users of every role and a few hundred cases of
 * every type, received over the past three years through the ordinary intake path. Deterministic for
 * a given seed.
 */
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import { addDays } from '../kernel/calendar.ts';
import { fixedClock } from '../kernel/clock.ts';
import { systemActor, type RequestContext } from '../security/context.ts';
import { createUser } from '../security/users.ts';
import { ssnProblem } from '../security/pii.ts';
import { receiveIntake } from '../cases/intake.ts';
import type { IntakeInput } from '../cases/schemas.ts';
import type { Role } from '../db/schema.ts';
import { seedDemoFinancials, type FinancialSeedSummary } from './financial.ts';
import { runTimeframeBatch } from '../casework/timeframes.ts';
import { addProgramGuideline, programGuidelines } from '../establishment/guideline-policy.ts';
import { programIdByCode } from '../tribal/policy.ts';
import { orAbort } from '../kernel/result.ts';

export const DEMO_PASSWORD = 'demo-password-2026';

export function rng(seed: number) {
  let a = seed >>> 0 || 1;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

export const FEMALE_NAMES = ['Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen', 'Lisa', 'Nancy', 'Betty', 'Sandra', 'Margaret', 'Ashley', 'Kimberly', 'Emily', 'Donna', 'Michelle', 'Carol', 'Amanda', 'Melissa', 'Deborah', 'Stephanie', 'Rebecca', 'Sharon', 'Laura', 'Cynthia', 'Amy', 'Kathleen', 'Angela', 'Shirley', 'Brenda', 'Emma', 'Anna', 'Pamela', 'Nicole', 'Samantha', 'Katherine', 'Christine', 'Rachel', 'Carolyn', 'Janet', 'Maria', 'Olivia', 'Heather', 'Helen', 'Catherine', 'Diane', 'Julie', 'Victoria', 'Joyce', 'Lauren', 'Kelly', 'Christina', 'Ruth', 'Joan', 'Virginia', 'Judith', 'Rosa', 'Guadalupe', 'Keisha', 'Tamika', 'Mei', 'Aaliyah', 'Sofia', 'Isabella', 'Ximena', 'Valeria'];
export const MALE_NAMES = ['James', 'Robert', 'John', 'Michael', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Christopher', 'Charles', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Donald', 'Steven', 'Andrew', 'Paul', 'Joshua', 'Kenneth', 'Kevin', 'Brian', 'Timothy', 'Ronald', 'George', 'Jason', 'Edward', 'Jeffrey', 'Ryan', 'Jacob', 'Nicholas', 'Gary', 'Eric', 'Jonathan', 'Stephen', 'Larry', 'Justin', 'Scott', 'Brandon', 'Benjamin', 'Samuel', 'Gregory', 'Alexander', 'Patrick', 'Frank', 'Raymond', 'Jack', 'Dennis', 'Jerry', 'Tyler', 'Aaron', 'Jose', 'Adam', 'Nathan', 'Henry', 'Zachary', 'Douglas', 'Peter', 'Kyle', 'Noah', 'Ethan', 'Jeremy', 'Walter', 'Christian', 'Keith', 'Roger', 'Terry', 'Austin', 'Sean', 'Luis', 'Carlos', 'Jamal', 'DeShawn', 'Wei', 'Mateo', 'Santiago'];
export const LAST_NAMES = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', "O'Brien", 'Ortiz', 'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson', 'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes', 'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez'];
export const STREETS = ['Main St', 'Oak Ave', 'Maple Dr', 'Cedar Ln', 'Elm St', 'Pine Rd', 'Washington Ave', 'Lake St', 'Hill Rd', 'Park Ave', 'Church St', 'Walnut St', 'Spring St', 'Ridge Rd', 'Sunset Blvd', 'River Rd', 'Chestnut St', 'Mill St', 'Highland Ave', 'Franklin St'];
/** The demo's employers, each with a street address (an e-IWO needs one; the addresses are fictional). */
export const EMPLOYERS = [
  { name: 'Keystone Logistics LLC', fein: '231234567', line1: '1200 Industrial Pkwy', city: 'Harrisburg', stateCode: 'PA', zip: '17109' },
  { name: 'Allegheny Health System', fein: '251987654', line1: '320 E North Ave', city: 'Pittsburgh', stateCode: 'PA', zip: '15212' },
  { name: 'Susquehanna Foods Inc', fein: '232468013', line1: '45 Front St', city: 'Lancaster', stateCode: 'PA', zip: '17602' },
  { name: 'Riverfront Construction Co', fein: '208765432', line1: '900 River Rd', city: 'Erie', stateCode: 'PA', zip: '16504' },
  { name: 'Commonwealth Retail Group', fein: '233579135', line1: '1500 Market St', city: 'Philadelphia', stateCode: 'PA', zip: '19104' },
  { name: 'Blue Ridge Manufacturing', fein: '541122334', line1: '77 Mill St', city: 'Lancaster', stateCode: 'PA', zip: '17603' },
  { name: 'Lehigh Valley Transit Authority', fein: '236001122', line1: '1060 Lehigh St', city: 'Harrisburg', stateCode: 'PA', zip: '17104' },
  { name: 'Penn Valley School District', fein: '236998877', line1: '18 School Ln', city: 'Pittsburgh', stateCode: 'PA', zip: '15221' },
  { name: 'Quick Mart Stores Inc', fein: '251212121', line1: '2 Commerce Dr', city: 'Erie', stateCode: 'PA', zip: '16509' },
  { name: 'Harbor Hospitality Partners', fein: '462345678', line1: '600 Penn Ave', city: 'Philadelphia', stateCode: 'PA', zip: '19121' },
];

export const DEMO_OFFICES = [
  { code: 'ALLE', name: 'Allegheny County Domestic Relations', countyFips: '42003', city: 'Pittsburgh', zips: ['15201', '15212', '15221'] },
  { code: 'PHIL', name: 'Philadelphia County Domestic Relations', countyFips: '42101', city: 'Philadelphia', zips: ['19104', '19121', '19143'] },
  { code: 'DAUP', name: 'Dauphin County Domestic Relations', countyFips: '42043', city: 'Harrisburg', zips: ['17101', '17104', '17109'] },
  { code: 'ERIE', name: 'Erie County Domestic Relations', countyFips: '42049', city: 'Erie', zips: ['16501', '16504', '16509'] },
  { code: 'LANC', name: 'Lancaster County Domestic Relations', countyFips: '42071', city: 'Lancaster', zips: ['17601', '17602', '17603'] },
];

/** Distinct SSNs in issuable ranges, derived from a counter so they never repeat within a seed. */
export function ssnFor(n: number, seed: number): string {
  for (let k = 0; ; k++) {
    const x = (n * 7919 + seed * 104729 + k * 15485863) % 899_999_999;
    const ssn = String(100_000_001 + x).padStart(9, '0');
    if (!ssnProblem(ssn)) return ssn;
  }
}

function isoYearsAgo(today: string, r: Rng, minYears: number, maxYears: number): string {
  return addDays(today, -r.int(Math.round(minYears * 365), Math.round(maxYears * 365)));
}

/** The other States the demo's intergovernmental cases are with, each with its SDU's bank (fictional accounts). */
const DEMO_PARTNERS: ReadonlyArray<[fips: string, name: string, routing: string]> = [
  ['34', 'New Jersey', '031000040'], ['36', 'New York', '101000019'], ['39', 'Ohio', '091000019'],
  ['10', 'Delaware', '031000040'], ['24', 'Maryland', '101000019'], ['54', 'West Virginia', '091000019'],
];

/**
 * The intergovernmental side of the demo: this program's FIPS code (when not set yet), the partner States
 * with their SDUs' banks (so collections forwarded to them go into the forwarding CCD+ file), and the
 * interstate record of every intergovernmental case. Returns the responding cases' numbers (two of them
 * get an order and payments, so forwarding has work).
 */
async function seedDemoInterstate(deps: Deps): Promise<string[]> {
  const { localSettings, saveLocalSettings, savePartner } = await import('../interstate/partners.ts');
  const { ensureInterstateCase } = await import('../interstate/cases.ts');
  const ctx: RequestContext = { actor: systemActor('administrator'), purpose: 'demo data: intergovernmental', requestId: null, clientIp: null, clock: deps.clock };
  if (!(await localSettings(deps.db))) {
    const local = await saveLocalSettings(deps, ctx, { fips: '4200000', name: 'Pennsylvania', sduName: 'PA STATE COLLECTION AND DISBURSEMENT UNIT' });
    if (!local.ok) throw new Error(`demo local settings: ${local.message}`);
  }
  for (const [fips, name, routing] of DEMO_PARTNERS) {
    const saved = await savePartner(deps, ctx, { fipsState: fips, name, sduName: `${name.toUpperCase()} SDU`.slice(0, 22), sduFips: `${fips}00000`, sduRoutingNumber: routing, sduAccountNumber: `55500${fips}0001`, sduAccountType: 'checking' });
    if (!saved.ok) throw new Error(`demo partner ${fips}: ${saved.message}`);
  }
  const cases = await deps.db.selectFrom('iv_d_case').select(['id', 'case_number', 'interstate_role']).where('interstate_role', '<>', 'none').where('status', '=', 'open').orderBy('id').execute();
  for (const c of cases) await deps.db.transaction().execute((trx) => ensureInterstateCase(trx as never, ctx, c.id));
  return cases.filter((c) => c.interstate_role === 'responding').map((c) => c.case_number);
}

export interface SeedSummary {
  offices: number;
  cases: number;
  pending: number;
  users: string[];
  financial: FinancialSeedSummary | null;
}

/** The demo offices and staff users (admin, auditor, finance, a supervisor and two caseworkers per office). */
export async function seedStaff(deps: Deps): Promise<{ offices: Array<{ id: number; code: string; city: string; zips: string[] }>; users: string[]; addUser: (username: string, displayName: string, role: Role, extra?: { officeId?: number; personId?: number; employerId?: number; installAdmin?: boolean }) => Promise<void> }> {
  const offices: Array<{ id: number; code: string; city: string; zips: string[] }> = [];
  for (const o of DEMO_OFFICES) {
    const row = await deps.db.insertInto('office').values({ code: o.code, name: o.name, county_fips: o.countyFips }).returning('id').executeTakeFirstOrThrow();
    offices.push({ id: row.id, code: o.code, city: o.city, zips: o.zips });
  }
  const users: string[] = [];
  const addUser = async (username: string, displayName: string, role: Role, extra: { officeId?: number; personId?: number; employerId?: number; installAdmin?: boolean } = {}) => {
    const result = await createUser(deps.db, { username, displayName, role, password: DEMO_PASSWORD, ...extra });
    if (!result.ok) throw new Error(`demo user ${username}: ${result.message}`);
    users.push(username);
  };
  // The demo's administrator runs the whole install (a State with one program).
  await addUser('admin', 'Avery Administrator', 'administrator', { installAdmin: true });
  await addUser('auditor', 'Alex Auditor', 'auditor');
  await addUser('finance', 'Frances Financial', 'financial_worker');
  for (const o of offices) {
    const code = o.code.toLowerCase();
    await addUser(`${code}.super`, `${o.city} Supervisor`, 'supervisor', { officeId: o.id });
    await addUser(`${code}.worker1`, `${o.city} Caseworker One`, 'caseworker', { officeId: o.id });
    await addUser(`${code}.worker2`, `${o.city} Caseworker Two`, 'caseworker', { officeId: o.id });
  }
  return { offices, users, addUser };
}

export async function seedDemo(deps: Deps, options: { cases: number; seed: number; financial?: boolean; financialMonths?: number; timeframes?: boolean; log?: (m: string) => void }): Promise<SeedSummary> {
  const r = rng(options.seed);
  const today = deps.clock.today();
  const { offices, users, addUser } = await seedStaff(deps);
  // The demo state is Pennsylvania: its program's policy names the one PA guideline version on file,
  // for the support periods it covers (the 2022 schedule is not loaded; docs/guideline.md).
  const stateProgram = await programIdByCode(deps.db, 'STATE');
  if (stateProgram !== null && (await programGuidelines(deps.db, stateProgram)).length === 0) {
    orAbort(await addProgramGuideline(deps.db, { programId: stateProgram, effectiveFrom: '2017-02-25', effectiveTo: '2021-12-31', versionId: 'PA-2017', source: 'demo: Pennsylvania, Pa.R.C.P. 1910.16-3 (2017 schedule)' }));
  }

  let personCounter = 0;
  const person = (sex: 'F' | 'M', dob: string, lastName: string, office: (typeof offices)[number], withSsn = true) => {
    personCounter++;
    return {
      firstName: r.pick(sex === 'F' ? FEMALE_NAMES : MALE_NAMES),
      lastName,
      dateOfBirth: dob,
      sex,
      ...(withSsn ? { ssn: ssnFor(personCounter, options.seed) } : {}),
      address: { line1: `${r.int(10, 9999)} ${r.pick(STREETS)}`, city: office.city, stateCode: 'PA', zip: r.pick(office.zips) },
    };
  };

  let firstCp: { caseNumber: string } | null = null;
  let opened = 0;
  let pending = 0;
  for (let i = 0; i < options.cases; i++) {
    const office = offices[i % offices.length]!;
    const roll = r.next();
    const caseType = roll < 0.22 ? 'current_assistance' : roll < 0.52 ? 'former_assistance' : roll < 0.92 ? 'never_assistance' : roll < 0.97 ? 'iv_e_foster_care' : 'medicaid_only';
    const kind =
      caseType === 'current_assistance' ? 'iv_a_referral' : caseType === 'iv_e_foster_care' ? 'iv_e_referral' : caseType === 'medicaid_only' ? 'medicaid_referral' : 'application';
    const interstateRoll = r.next();
    const interstate = interstateRoll < 0.05 ? 'initiating' : interstateRoll < 0.09 ? 'responding' : null;
    const received = isoYearsAgo(today, r, 0.05, 3);
    const cpLast = r.pick(LAST_NAMES);
    const ncpLast = r.chance(0.4) ? cpLast : r.pick(LAST_NAMES);
    const childCount = r.chance(0.55) ? 1 : r.chance(0.7) ? 2 : 3;
    const members: IntakeInput['members'] = [];
    if (caseType !== 'iv_e_foster_care') members.push({ role: 'custodial_party', person: person('F', isoYearsAgo(today, r, 20, 45), cpLast, office) });
    const paternityCase = r.chance(0.15);
    const ncp = person('M', isoYearsAgo(today, r, 20, 50), ncpLast, office, !r.chance(0.1));
    if (r.chance(0.6)) Object.assign(ncp, { employer: { ...r.pick(EMPLOYERS), startDate: isoYearsAgo(today, r, 0.2, 6) } });
    members.push({ role: paternityCase ? 'alleged_father' : 'noncustodial_parent', person: ncp });
    for (let c = 0; c < childCount; c++) {
      members.push({ role: 'child', person: person(r.chance(0.5) ? 'F' : 'M', isoYearsAgo(today, r, 0.3, 17), ncpLast, office), bornOutOfWedlock: paternityCase || r.chance(0.4) });
    }
    const input: IntakeInput = {
      kind: interstate === 'responding' ? 'interstate_referral' : kind,
      sourceSystem: kind === 'application' ? 'demo-applications' : 'demo-referrals',
      externalId: `DEMO-${options.seed}-${i + 1}`,
      receivedDate: received,
      caseType,
      officeCode: office.code,
      members,
      confirmNewPersons: members.map((_, idx) => idx),
      ...(interstate ? { interstate: { role: interstate, otherJurisdictionFips: r.pick(['34', '36', '39', '10', '24', '54']), otherJurisdictionCaseId: `OS${r.int(100000, 999999)}` } } : {}),
    };
    // Each case is opened a few days after it was received, as a worker would.
    const openedOn = addDays(received, r.int(0, 24));
    const ctx: RequestContext = { actor: systemActor('administrator'), purpose: 'demo data', requestId: null, clientIp: null, clock: fixedClock(openedOn > today ? today : openedOn) };
    const outcome = await deps.db.transaction().execute((trx) => receiveIntake({ ...deps, db: trx as never }, ctx, input, {}));
    if (outcome.status === 'opened') opened++;
    // The demo parent is the custodial party of the first case with a noncustodial parent named (it gets an order below).
    if (!firstCp && outcome.caseNumber && caseType !== 'iv_e_foster_care' && !paternityCase && outcome.status === 'opened') firstCp = { caseNumber: outcome.caseNumber };
    if ((i + 1) % 100 === 0) options.log?.(`  ${i + 1} cases`);
  }

  // A few referrals whose parent may already be on file wait for a worker's decision.
  const existing = await deps.db.selectFrom('person').select(['first_name', 'last_name', 'date_of_birth']).where('sex', '=', 'M').orderBy('id').limit(3).execute();
  for (const [k, p] of existing.entries()) {
    const office = offices[k % offices.length]!;
    const ctx: RequestContext = { actor: systemActor('administrator'), purpose: 'demo data', requestId: null, clientIp: null, clock: deps.clock };
    const outcome = await deps.db.transaction().execute((trx) =>
      receiveIntake({ ...deps, db: trx as never }, ctx, {
        kind: 'iv_a_referral',
        sourceSystem: 'demo-referrals',
        externalId: `DEMO-${options.seed}-DUP-${k + 1}`,
        receivedDate: addDays(today, -r.int(1, 12)),
        caseType: 'current_assistance',
        officeCode: office.code,
        members: [
          { role: 'custodial_party', person: person('F', isoYearsAgo(today, r, 20, 40), r.pick(LAST_NAMES), office) },
          { role: 'noncustodial_parent', person: { firstName: p.first_name, lastName: p.last_name, dateOfBirth: p.date_of_birth, sex: 'M' } },
          { role: 'child', person: person('M', isoYearsAgo(today, r, 0.5, 10), p.last_name, office), bornOutOfWedlock: true },
        ],
      }, {}),
    );
    if (outcome.status === 'pending_review') pending++;
  }

  const responding = await seedDemoInterstate(deps);
  const include = [...(firstCp ? [firstCp.caseNumber] : []), ...responding.slice(0, 2)];
  const financial = options.financial === false ? null : await seedDemoFinancials(deps, r, { include, ...(options.financialMonths ? { months: options.financialMonths } : {}), log: options.log });

  if (firstCp) {
    const cp = await deps.db
      .selectFrom('case_member as m')
      .innerJoin('iv_d_case as c', 'c.id', 'm.case_id')
      .select('m.person_id')
      .where('c.case_number', '=', firstCp.caseNumber)
      .where('m.role', '=', 'custodial_party')
      .executeTakeFirstOrThrow();
    await addUser('parent', 'Demo Parent', 'parent', { personId: cp.person_id });
  }
  // The demo employer is the one that sent the most withholding payments, so its portal has a history.
  const busiest = await deps.db
    .selectFrom('receipt')
    .select((eb) => ['employer_id', eb.fn.countAll<number>().as('n')])
    .where('employer_id', 'is not', null)
    .groupBy('employer_id')
    .orderBy('n', 'desc')
    .orderBy('employer_id')
    .limit(1)
    .executeTakeFirst();
  const employer = busiest?.employer_id ? { id: busiest.employer_id } : await deps.db.selectFrom('employer').select('id').orderBy('id').limit(1).executeTakeFirst();
  if (employer) await addUser('employer', 'Demo Employer Payroll', 'employer', { employerId: employer.id });

  // Last night's timeframe sweep, as the nightly batch would have run it: the clocks of every case and the
  // worklist items and alerts they make, so the first sign-in finds a real worklist.
  if (options.timeframes !== false) {
    // Most noncustodial parents were located: their address was verified a few days to two months after the
    // case opened (the locate clock is met by a verified address); the rest are still being looked for.
    await sql`update person_address a set verification = 'verified',
        verified_date = least(c.opened_date + (a.id % 58 + 3)::int, ${today}::date)
      from case_member m join iv_d_case c on c.id = m.case_id
      where a.person_id = m.person_id and m.role in ('noncustodial_parent', 'alleged_father') and m.end_date is null
        and a.effective_to is null and a.verification = 'unverified' and a.id % 7 <> 0 and c.opened_date is not null`.execute(deps.db);
    const ctx: RequestContext = { actor: systemActor('administrator'), purpose: 'demo data: timeframe sweep', requestId: null, clientIp: null, clock: deps.clock };
    const sweep = await runTimeframeBatch(deps, ctx, today);
    if (!sweep.ok) throw new Error(`demo timeframe sweep: ${sweep.message}`);
    options.log?.(`  timeframes: ${JSON.stringify(sweep.value)}`);
  }
  return { offices: offices.length, cases: opened, pending, users, financial };
}
